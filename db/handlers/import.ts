import type { OpParsedInput } from '../../shared/contract.js';
import { DossierError } from '../../shared/errors.js';
import { MAX_IMPORT_BYTES, MAX_UPLOAD_IMPORT_BYTES } from '../../shared/ops/import.js';
import { uploadsFor } from '../streams/uploads.js';
import { OperationContext } from '../context.js';
import { MAX_EXPANDED_BYTES, MAX_IMPORT_ROWS, tasks } from '../workers/tasks.js';
import type { Workbook } from '../spreadsheet/index.js';
import { checkAnalysis, rememberedChoices, rememberedMapping, runAnalysis } from './importAnalysis.js';
import { staged } from './kit.js';
import type { Handler, JobControl } from './kit.js';
import type { importOps } from '../../shared/ops/import.js';
import type { HandlersOf } from './kit.js';

type ImportInputParsed = OpParsedInput<'import.run'>;

// ---------------------------------------------------------------------------------------
// Reading (the analysis and the write are in importAnalysis.ts)
/** The file's bytes: an upload of this session (checked by its size before it is decrypted), or inline base64. */
async function decode(ctx: OperationContext, input: ImportInputParsed): Promise<Buffer> {
  if (input.uploadId !== undefined) {
    const uploads = uploadsFor(ctx);
    if (!uploads) throw new DossierError('validation', { detail: 'unknown upload' });
    if (uploads.get(input.uploadId).size > MAX_UPLOAD_IMPORT_BYTES) throw new DossierError('import.tooLarge', { maxMb: MAX_UPLOAD_IMPORT_BYTES / 1024 / 1024 });
    return uploads.read(input.uploadId, MAX_UPLOAD_IMPORT_BYTES);
  }
  const bytes = Buffer.from(input.contentBase64 ?? '', 'base64');
  if (bytes.length > MAX_IMPORT_BYTES) throw new DossierError('import.tooLarge', { maxMb: MAX_IMPORT_BYTES / 1024 / 1024 });
  return bytes;
}

/** On the engine thread: the file's bytes (an upload is decrypted here, where its key is). */
async function loadBytes(ctx: OperationContext, input: ImportInputParsed, control: JobControl): Promise<Uint8Array> {
  control.progress('read', 0, null);
  return decode(ctx, input);
}

/** In the worker, before the transaction: the bytes become rows of cells (the engine thread never holds them). */
async function parseWorkbook(bytes: Uint8Array, input: ImportInputParsed, control: JobControl): Promise<Workbook> {
  const result = await tasks['spreadsheet.read']({ bytes, fileName: input.fileName, encoding: input.encoding });
  if (result.ok) {
    control.progress(
      'check',
      0,
      result.value.sheets.reduce((n, s) => n + s.rows.length, 0),
    );
    return result.value;
  }
  if (result.reason === 'unsupportedFormat') throw new DossierError('import.unsupportedFormat', { fileName: input.fileName.slice(0, 100) });
  if (result.reason === 'tooLarge') throw new DossierError('import.tooComplex', { maxMb: MAX_EXPANDED_BYTES / 1024 / 1024 });
  if (result.reason === 'tooManyRows') throw new DossierError('import.tooManyRows', { rows: Number(result.detail), max: MAX_IMPORT_ROWS });
  throw new DossierError('import.unreadable', { detail: result.detail.slice(0, 200) });
}

export const checkImport = staged<'import.check', Workbook, ReturnType<typeof checkAnalysis>, Uint8Array>({
  inWorker: true,
  prepare: loadBytes,
  prepareInWorker: parseWorkbook,
  run: (ctx, input, workbook) => {
    const report = checkAnalysis(ctx, input, workbook);
    // Dry runs are audited too: a check of a workbook against the archive is a look at what it holds.
    ctx.audit({
      action: 'import.check',
      targetType: input.kind === 'clients' ? 'client' : 'file',
      targetId: null,
      targetLabel: input.fileName.slice(0, 100),
      details: { kind: input.kind, rows: report.totalRows, badRows: report.badRows },
    });
    return report;
  },
});

export const runImport = staged<'import.run', Workbook, ReturnType<typeof runAnalysis>, Uint8Array>({
  inWorker: true,
  prepare: loadBytes,
  prepareInWorker: parseWorkbook,
  run: (ctx, input, workbook, control) => runAnalysis(ctx, input, workbook, control),
});

export const getImportMapping: Handler<'import.mapping'> = (ctx, input) => ({
  kind: input.kind,
  mapping: rememberedMapping(ctx, input.kind),
  valueChoices: rememberedChoices(ctx, input.kind),
});

/** The handlers of the `import.*` operations. */
export const importHandlers = {
  'import.check': checkImport,
  'import.run': runImport,
  'import.mapping': getImportMapping,
} satisfies HandlersOf<typeof importOps>;
