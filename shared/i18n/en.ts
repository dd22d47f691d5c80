import { creditCodeProblem, errors } from './en/errors.js';
import { enums } from './en/enums.js';
import { commonUi } from './en/common.js';
import { sessionUi } from './en/session.js';
import { circulationUi } from './en/circulation.js';
import { clientsUi } from './en/clients.js';
import { filesUi } from './en/files.js';
import { locationsUi } from './en/locations.js';
import { searchUi } from './en/search.js';
import { handoversUi } from './en/handovers.js';
import { importUi } from './en/import.js';
import { settingsUi } from './en/settings.js';
import { auditUi } from './en/audit.js';
import { auditChainUi } from './en/auditChain.js';
import { keysUi } from './en/keys.js';
import { jobsUi } from './en/jobs.js';
import { printUi } from './en/print.js';
import { labelsUi } from './en/labels.js';
import { accessUi } from './en/access.js';
import { scanViewUi } from './en/scanView.js';
import { scanVerifyUi } from './en/scanVerify.js';
import type { Catalog } from './zh-CN.js';

/**
 * English, on the language switch. Each area module is typed by its Chinese counterpart, and the
 * whole catalog by `Catalog`: a key missing in either language fails the type check.
 */
export const en: Catalog = {
  errors,
  creditCodeProblem,
  enums,
  ui: {
    ...commonUi,
    ...sessionUi,
    ...circulationUi,
    ...clientsUi,
    ...filesUi,
    ...locationsUi,
    ...searchUi,
    ...handoversUi,
    ...importUi,
    ...settingsUi,
    ...auditUi,
    ...auditChainUi,
    ...keysUi,
    ...jobsUi,
    ...printUi,
    ...labelsUi,
    ...accessUi,
    ...scanViewUi,
    ...scanVerifyUi,
  },
};
