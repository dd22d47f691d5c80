import type { scanVerifyUi as zh } from '../zh-CN/scanVerify.js';

/** English: Check scans (settings, administrators) and its line in the jobs tray. */
export const scanVerifyUi: typeof zh = {
  scanVerify: {
    title: 'Check scans',
    intro:
      'Re-reads every file in the scan store, checks the authentication tag of each chunk and the content fingerprint of the whole file, and finds missing, damaged and orphaned files. With many scans this takes minutes; it runs in the background, so you can keep working.',
    start: 'Start check',
    again: 'Check again',
    starting: 'Starting…',
    running: 'Checked {{done}} of {{total}} stored files',
    progressLabel: 'Check progress',
    cancelled: 'The check was cancelled; there is no result.',
    failed: 'The check could not finish:',
    checkedAt: 'Checked at {{time}}',
    empty: 'The archive holds no scans yet; there is nothing to check.',
    allIntact_one: 'Checked the {{count}} stored file ({{size}}): intact.',
    allIntact_other: 'Checked all {{count}} stored files ({{size}}): all intact.',
    problems_one: 'Checked {{count}} stored file: {{ok}} intact, {{missing}} missing, {{corrupt}} damaged, {{orphaned}} orphaned.',
    problems_other: 'Checked {{count}} stored files: {{ok}} intact, {{missing}} missing, {{corrupt}} damaged, {{orphaned}} orphaned.',
    tray_one: 'The {{count}} stored file is intact',
    tray_other: 'All {{count}} stored files are intact',
    trayProblems_one: 'Checked {{count}} stored file, found {{problems}} problem(s); see Settings → Scans',
    trayProblems_other: 'Checked {{count}} stored files, found {{problems}} problem(s); see Settings → Scans',
    missing: {
      title: 'Missing ({{count}})',
      meaning: 'The files of these scans are not in the store folder; they may have been deleted or moved. These scans cannot be viewed now.',
      todo: 'Restore the archive folder from the latest backup, then check again. Without a backup, scan the originals again, add them as new scans and remove the missing ones.',
    },
    corrupt: {
      title: 'Damaged ({{count}})',
      meaning: 'The files of these scans have been changed or damaged (the check does not match); their content cannot be trusted and Dossier will not show them.',
      todo: 'Restore the archive folder from the latest backup, then check again. Without a backup, scan the originals again, add them as new scans and remove the damaged ones. Also check the disk for faults.',
    },
    orphaned: {
      title: 'Orphaned ({{count}})',
      meaning: 'The store folder holds files that belong to no scan, usually left over by an interrupted import; no scan uses them and they cannot be read.',
      removed_one: 'The check removed {{count}} of them; nothing more to do.',
      removed_other: 'The check removed {{count}} of them; nothing more to do.',
      kept: 'These files were not removed: make sure no import is running, then check again.',
    },
    archiveNo: 'Archive no.',
    item: 'Item',
    scan: 'Scan',
    storedFile: 'Stored file',
    itemSeq: 'Item {{seq}}',
    wholeFile: 'Whole file',
    inbox: 'Inbox',
    hidden: 'A file above your clearance',
    openFile: 'Open file {{archiveNo}}',
  },
  scanSettings: { ocrTitle: 'Text recognition (OCR)' },
};
