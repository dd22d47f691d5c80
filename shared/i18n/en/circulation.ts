import type { circulationUi as zhCirculationUi } from '../zh-CN/circulation.js';

/** English: the circulation desk, the lend dialog and the on-loan list. */
export const circulationUi: typeof zhCirculationUi = {
  circulation: {
    title: 'Circulation desk',
    scanLabel: 'Archive no.',
    scanPlaceholder: 'Scan or type an archive number',
    scanHint: 'Scan the barcode or type the archive number, then press Enter; Esc clears.',
    lookup: 'Look up',
    looking: 'Looking up…',
    inStockTitle: 'In stock, can be lent',
    onLoanTitle: 'On loan',
    lendTitle: 'Lend',
    borrowerPlaceholder: 'Department and name',
    purposePlaceholder: 'e.g. contract renewal check',
    dueDateHint: 'Empty = default {{days}} days',
    dueDateHintGeneric: 'Empty = default loan period',
    lend: 'Lend',
    returnFile: 'Return',
    returnHint: 'Check that the file is complete, then press Enter to return it.',
    lentOk: 'Lent: {{archiveNo}} “{{title}}” → {{borrower}}, due {{dueDate}}.',
    returnedOk: 'Returned: {{archiveNo}} “{{title}}”, borrower {{borrower}}.',
    returnedOverdue: 'Returned (overdue): {{archiveNo}} “{{title}}”, borrower {{borrower}}, was due {{dueDate}}.',
    readOnly: 'Your role can look files up but not lend or return them.',
    recent: 'This session',
    recentLent: 'Lent',
    recentReturned: 'Returned',
    idle: 'Waiting for a scan…',
  },
  lendDialog: {
    title: 'Lend file {{archiveNo}}',
    submit: 'Lend',
  },
  loans: {
    title: 'On loan',
    summary: '{{count}} files on loan, {{overdue}} overdue',
    onlyOverdue: 'Overdue only',
    returnedOk: 'Returned: {{archiveNo}}, borrower {{borrower}}.',
  },
};
