import { creditCodeProblem, errors } from './zh-CN/errors.js';
import { enums } from './zh-CN/enums.js';
import { commonUi } from './zh-CN/common.js';
import { sessionUi } from './zh-CN/session.js';
import { circulationUi } from './zh-CN/circulation.js';
import { clientsUi } from './zh-CN/clients.js';
import { filesUi } from './zh-CN/files.js';
import { locationsUi } from './zh-CN/locations.js';
import { searchUi } from './zh-CN/search.js';
import { handoversUi } from './zh-CN/handovers.js';
import { importUi } from './zh-CN/import.js';
import { settingsUi } from './zh-CN/settings.js';
import { auditUi } from './zh-CN/audit.js';
import { auditChainUi } from './zh-CN/auditChain.js';
import { keysUi } from './zh-CN/keys.js';
import { jobsUi } from './zh-CN/jobs.js';
import { printUi } from './zh-CN/print.js';
import { labelsUi } from './zh-CN/labels.js';
import { accessUi } from './zh-CN/access.js';
import { scanViewUi } from './zh-CN/scanView.js';
import { scanVerifyUi } from './zh-CN/scanVerify.js';

/** Simplified Chinese: the default language of Dossier. Each area's texts are in ./zh-CN/<area>.ts. */
export const zhCN = {
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

export type Catalog = typeof zhCN;
