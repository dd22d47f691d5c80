/**
 * The one API contract of Dossier: every operation has a name, an input schema, an output
 * schema and its access rule. Each area declares its operations in shared/ops/<prefix>.ts;
 * this file only assembles them. The engine (db/) implements them; Electron IPC, the
 * loopback HTTP server, the CLI and the tests all carry exactly these operations.
 */
import type { z } from 'zod';
import { applicationsOps } from './ops/applications.js';
import { archiveOps } from './ops/archive.js';
import { auditOps } from './ops/audit.js';
import { calendarOps } from './ops/calendar.js';
import { classificationsOps } from './ops/classifications.js';
import { clientsOps } from './ops/clients.js';
import { departmentsOps } from './ops/departments.js';
import { exportOps } from './ops/export.js';
import { fileTypesOps } from './ops/fileTypes.js';
import { filesOps } from './ops/files.js';
import { handoversOps } from './ops/handovers.js';
import { importOps } from './ops/import.js';
import { itemsOps } from './ops/items.js';
import { jobsOps } from './ops/jobs.js';
import { loansOps } from './ops/loans.js';
import { incidentsOps } from './ops/incidents.js';
import { holdsOps } from './ops/holds.js';
import { labelsOps } from './ops/labels.js';
import { locationsOps } from './ops/locations.js';
import { peopleOps } from './ops/people.js';
import { printOps } from './ops/print.js';
import { reportsOps } from './ops/reports.js';
import { searchOps } from './ops/search.js';
import { sessionOps } from './ops/session.js';
import { settingsOps } from './ops/settings.js';
import { usersOps } from './ops/users.js';
import { grantsOps } from './ops/grants.js';
import { scansOps } from './ops/scans.js';
import { ocrOps } from './ops/ocr.js';
import { pagesOps } from './ops/pages.js';

export const contract = {
  ...archiveOps,
  ...sessionOps,
  ...usersOps,
  ...grantsOps,
  ...settingsOps,
  ...clientsOps,
  ...classificationsOps,
  ...filesOps,
  ...fileTypesOps,
  ...itemsOps,
  ...loansOps,
  ...incidentsOps,
  ...holdsOps,
  ...peopleOps,
  ...departmentsOps,
  ...applicationsOps,
  ...reportsOps,
  ...locationsOps,
  ...labelsOps,
  ...handoversOps,
  ...calendarOps,
  ...searchOps,
  ...importOps,
  ...exportOps,
  ...printOps,
  ...auditOps,
  ...jobsOps,
  ...scansOps,
  ...ocrOps,
  ...pagesOps,
} as const;

export type Contract = typeof contract;
export type OperationName = keyof Contract;
export const OPERATION_NAMES = Object.keys(contract) as OperationName[];

export type OpInput<N extends OperationName> = z.input<Contract[N]['input']>;
export type OpParsedInput<N extends OperationName> = z.output<Contract[N]['input']>;
export type OpOutput<N extends OperationName> = z.output<Contract[N]['output']>;

type AccessOf<N extends OperationName> = Contract[N]['access'];
/** Operations the archive host runs while locked (no session). */
export type PublicOperation = { [N in OperationName]: AccessOf<N> extends 'public' ? N : never }[OperationName];
/** Session operations whose handlers get the key slots. */
export type KeyOperation = { [N in OperationName]: AccessOf<N> extends 'keys' ? N : never }[OperationName];
export type SessionOperation = Exclude<OperationName, PublicOperation | KeyOperation>;

/** Every action the audit log can record: an operation's name or one it declares in `audits`. */
export type AuditAction = OperationName | { [N in OperationName]: Contract[N]['audits'][number] }[OperationName];

export function isOperationName(name: unknown): name is OperationName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}

export type { OperationDefinition, PolicyTarget, Refusal } from './ops/kit.js';
export { Confidentiality, DateString, FileStatus, Id, Password, Retention, Role, Username } from './ops/kit.js';
export { AuditEntry } from './ops/audit.js';
export { ArchiveStatus } from './ops/archive.js';
export { Client, ClientDetail, ClientSummary } from './ops/clients.js';
export { FileDetail, FileRecord } from './ops/files.js';
export { Job } from './ops/jobs.js';
export { Loan, Reading } from './ops/loans.js';
export { Incident } from './ops/incidents.js';
export { Hold } from './ops/holds.js';
export { NewUser, Place, SessionUser } from './ops/session.js';
export { Settings } from './ops/settings.js';
export { Scan } from './ops/scans.js';
