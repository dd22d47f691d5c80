/**
 * The fields a spreadsheet column can fill, per import kind, in the order the import
 * screen offers them. The engine's column definitions (synonyms, value types) cover
 * exactly these keys; the catalogs label them under `enums.spreadsheetColumn`.
 */
export const IMPORT_FIELDS = {
  clients: [
    'name',
    'creditCode',
    'shortName',
    'category',
    'legalRepresentative',
    'enterpriseNature',
    'supervisingUnit',
    'address',
    'contactPerson',
    'contactPhone',
    'accountManager',
    'creditStatus',
  ],
  files: [
    'clientName',
    'clientCreditCode',
    'archiveNo',
    'title',
    'fileType',
    'confidentiality',
    'retention',
    'fileRemarks',
    'itemTitle',
    'docNo',
    'responsibleParty',
    'date',
    'pageCount',
    'remarks',
  ],
} as const satisfies Record<'clients' | 'files', readonly string[]>;

export type ImportField = (typeof IMPORT_FIELDS)[keyof typeof IMPORT_FIELDS][number];
