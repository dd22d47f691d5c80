/** The engine's implementation of the contract's synchronous operations. */
import type { OperationName } from '../../shared/contract.js';
import { listAudit, verifyAudit } from './audit.js';
import { createClient, getClient, listClients } from './clients.js';
import type { Handler } from './context.js';
import { createFile, getFile } from './files.js';
import { lendFile, listLoans, returnFile } from './loans.js';
import { searchHandlers } from './search.js';
import { getSettings } from './settings.js';
import { listUsers } from './users.js';

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

export const handlers: { [N in ServiceOperation]: Handler<N> } = {
  'settings.get': getSettings,
  'users.list': listUsers,
  'clients.list': listClients,
  'clients.get': getClient,
  'clients.create': createClient,
  'files.create': createFile,
  'files.get': getFile,
  'loans.lend': lendFile,
  'loans.return': returnFile,
  'loans.list': listLoans,
  'audit.list': listAudit,
  'audit.verify': verifyAudit,
  ...searchHandlers,
};

export function isServiceOperation(name: OperationName): name is ServiceOperation {
  return Object.prototype.hasOwnProperty.call(handlers, name);
}

export { ServiceContext, systemClock } from './context.js';
export type { Clock, Handler } from './context.js';
