/** The engine's implementation of the contract: one handler module per operation prefix. */
import type { OperationName } from '../../shared/contract.js';
import { applicationsHandlers } from './applications.js';
import { archiveHandlers } from './archive.js';
import { auditHandlers } from './audit.js';
import { calendarHandlers } from './calendar.js';
import { classificationsHandlers } from './classifications.js';
import { clientsHandlers } from './clients.js';
import { departmentsHandlers } from './departments.js';
import { exportHandlers } from './export.js';
import { scansHandlers } from './scans.js';
import { ocrHandlers } from './ocr.js';
import { pagesHandlers } from './pages.js';
import { fileTypesHandlers } from './fileTypes.js';
import { filesHandlers } from './files.js';
import { handoversHandlers } from './handovers.js';
import { importHandlers } from './import.js';
import { itemsHandlers } from './items.js';
import { jobsHandlers } from './jobs.js';
import type { HandlerFor } from './kit.js';
import { loansHandlers } from './loans.js';
import { incidentsHandlers } from './incidents.js';
import { holdsHandlers } from './holds.js';
import { labelsHandlers } from './labels.js';
import { locationsHandlers } from './locations.js';
import { peopleHandlers } from './people.js';
import { printHandlers } from './print.js';
import { reportsHandlers } from './reports.js';
import { searchHandlers } from './search.js';
import { sessionHandlers } from './session.js';
import { settingsHandlers } from './settings.js';
import { usersHandlers } from './users.js';
import { grantsHandlers } from './grants.js';

export const handlers: { [N in OperationName]: HandlerFor<N> } = {
  ...archiveHandlers,
  ...sessionHandlers,
  ...usersHandlers,
  ...grantsHandlers,
  ...settingsHandlers,
  ...clientsHandlers,
  ...classificationsHandlers,
  ...filesHandlers,
  ...fileTypesHandlers,
  ...itemsHandlers,
  ...loansHandlers,
  ...incidentsHandlers,
  ...holdsHandlers,
  ...peopleHandlers,
  ...departmentsHandlers,
  ...applicationsHandlers,
  ...reportsHandlers,
  ...locationsHandlers,
  ...labelsHandlers,
  ...handoversHandlers,
  ...calendarHandlers,
  ...searchHandlers,
  ...importHandlers,
  ...exportHandlers,
  ...scansHandlers,
  ...ocrHandlers,
  ...pagesHandlers,
  ...printHandlers,
  ...auditHandlers,
  ...jobsHandlers,
};

export type { HostContext, KeyRing } from './kit.js';
