import type { enums as zhEnums } from '../zh-CN/enums.js';

/** Labels of fixed vocabularies (English). */
export const enums: typeof zhEnums = {
  confidentiality: { normal: 'Normal', restricted: 'Restricted', confidential: 'Confidential', top_secret: 'Top secret' },
  retention: { permanent: 'Permanent', '30y': '30 years', '10y': '10 years' },
  fileStatus: { in_stock: 'In stock', on_loan: 'On loan' },
  clientStatus: { prospect: 'Prospect', active: 'Active', terminated: 'Terminated' },
  terminationKind: { withdrawn: 'Withdrawn', deregistered: 'Deregistered' },
  contactRole: { daily: 'Daily contact', emergency: 'Emergency contact', other: 'Other contact' },
  locationKind: { room: 'Room', cabinet: 'Cabinet', shelf: 'Shelf', box: 'Box' },
  calendarDayKind: { holiday: 'Holiday', workday: 'Make-up working day' },
  spreadsheetColumn: { name: 'Client name', creditCode: 'Unified social credit code', category: 'Category', contactPerson: 'Contact person', contactPhone: 'Contact phone', shortName: 'Short name', legalRepresentative: 'Legal representative', address: 'Address', enterpriseNature: 'Enterprise nature', supervisingUnit: 'Supervising unit', accountManager: 'Account manager', creditStatus: 'Credit status', clientName: 'Client name', clientCreditCode: 'Client credit code', title: 'File title', confidentiality: 'Confidentiality', retention: 'Retention', itemTitle: 'Item title', docNo: 'Document no.', responsibleParty: 'Responsible party', date: 'Date', pageCount: 'Pages', remarks: 'Remarks', archiveNo: 'Archive no.', status: 'Status', clientStatus: 'Client status', createdAt: 'Registered at', updatedAt: 'Updated at', fileCount: 'Files', onLoanCount: 'On loan', borrower: 'Borrower', purpose: 'Purpose', lentAt: 'Lent at', lentBy: 'Lent by', dueDate: 'Due date', returnedAt: 'Returned at', returnedBy: 'Returned to', overdue: 'Overdue', fileTitle: 'File title', verifiedOn: 'Verified on', fileType: 'File type', location: 'Location', fileRemarks: 'File remarks' , department: 'Department', eventKind: 'Event', eventDate: 'Event date', deadline: 'Deadline', receivedDate: 'Received', onTime: 'On time', daysLate: 'Days late', handoverItems: 'Items handed over', missingItems: 'Missing items', handedOverBy: 'Handed over by', receivedBy: 'Received by' },
  role: { admin: 'Administrator', clerk: 'Archive clerk', approver: 'Approver', reader: 'Reader' },
};
