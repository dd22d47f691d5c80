/** The engine's implementation of the contract: one handler per operation. */
import type { OperationName } from '../../shared/contract.js';
import { listAudit, verifyAudit } from './audit.js';
import { createClient, getClient, listClients } from './clients.js';
import { clientRegisterHandlers } from './clientRegister.js';
import type { Handler, StagedHandler } from './context.js';
import { addVolume, createFile, getFile, updateFile } from './files.js';
import { fileContentsHandlers } from './fileContents.js';
import { handoversHandlers } from './handovers.js';
import { lendFile, listLoans, returnFile } from './loans.js';
import { locationHandlers } from './locations.js';
import { searchHandlers } from './search.js';
import { getSettings } from './settings.js';
import { listUsers } from './users.js';
import { transferHandlers } from './transfer.js';

/** Operations the archive host or session implements itself (they need keys or the header). */
export const SPECIAL_OPERATIONS = [
  'archive.status',
  'archive.create',
  'session.unlock',
  'session.lock',
  'session.changePassword',
  'users.create',
] as const;
type SpecialOperation = (typeof SPECIAL_OPERATIONS)[number];
type ServiceOperation = Exclude<OperationName, SpecialOperation>;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each staged handler is type-checked where `staged()` builds it
export const handlers: { [N in ServiceOperation]: Handler<N> | StagedHandler<N, any, any> } = {
  'settings.get': getSettings,
  'users.list': listUsers,
  'clients.list': listClients,
  'clients.get': getClient,
  'clients.create': createClient,
  'files.create': createFile,
  'files.get': getFile,
  'files.addVolume': addVolume,
  'files.update': updateFile,
  'loans.lend': lendFile,
  'loans.return': returnFile,
  'loans.list': listLoans,
  'audit.list': listAudit,
  'audit.verify': verifyAudit,
  ...clientRegisterHandlers,
  ...searchHandlers,
  ...locationHandlers,
  ...handoversHandlers,
  ...fileContentsHandlers,
  ...transferHandlers,
};

export function isServiceOperation(name: OperationName): name is ServiceOperation {
  return Object.prototype.hasOwnProperty.call(handlers, name);
}

export { ServiceContext, systemClock } from './context.js';
export type { Clock, Handler, StagedHandler } from './context.js';
