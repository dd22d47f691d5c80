import type { importUi as zhImportUi } from '../zh-CN/import.js';

/** English: the spreadsheet import wizard. */
export const importUi: typeof zhImportUi = {
  import: {
    title: 'Import',
    intro: 'Import clients or files from an Excel (.xlsx) or CSV spreadsheet. Check it first with a dry run, then import the good rows.',
    kind: 'What to import',
    kinds: { clients: 'Clients', files: 'Files with items' },
    kindHint: {
      clients: 'One client per row: the name is required; credit codes are checked.',
      files: 'One item per row; rows with the same client and file title make one file.',
    },
    file: 'Spreadsheet file',
    encoding: 'CSV encoding',
    encodings: { auto: 'Detect', utf8: 'UTF-8', gbk: 'GBK / GB18030' },
    dryRun: 'Dry run',
    tooLarge: 'the file is larger than {{mb}} MB',
    mapping: 'Column mapping',
    mappingHint: 'Pre-filled from the last import and common headers; change it if needed, then check again.',
    header: 'Column header',
    field: 'Imported as',
    fieldFor: 'Import "{{header}}" as',
    ignore: '(not imported)',
    reportTitle: 'Dry-run report',
    resultTitle: 'Import result',
    checked: '{{total}} rows: {{good}} good, {{bad}} with problems. Would create {{clients}} clients, {{files}} files, {{items}} items.',
    imported: 'Imported: {{clients}} clients, {{files}} files, {{items}} items; {{bad}} rows not imported.',
    readAs: 'read as {{encoding}}',
    stale: 'settings changed: check again',
    recheck: 'Check again',
    row: 'Row',
    column: 'Column',
    problem: 'Problem',
    run: 'Import {{count}} good rows',
    again: 'Import another file',
    archiveNos: 'New archive numbers: {{list}}',
  },
};
