/** The actions the audit log records, from the contract, and the groups the log's filter offers. */
import { contract } from './contract.js';
import type { AuditAction, OperationName } from './contract.js';

/** Written by the archive itself rather than by an operation's transaction. */
const ARCHIVE_ACTIONS = ['archive.create', 'session.unlock'] as const satisfies readonly AuditAction[];

/** Operations that only ever write the actions they declare (a save as create or update). */
const NEVER_WRITTEN: readonly string[] = ['locations.save', 'handovers.saveKind', 'items.addMany', 'labels.saveLayout'];

/** Every action an entry can carry: each writing operation, the actions operations declare, sign-ins. */
export const AUDIT_ACTIONS: readonly AuditAction[] = [
  ...new Set<AuditAction>([
    ...ARCHIVE_ACTIONS,
    ...(Object.keys(contract) as OperationName[]).flatMap((name): AuditAction[] => {
      const definition = contract[name];
      return [...(definition.write ? [name] : []), ...(definition.audits as readonly AuditAction[])];
    }),
  ]),
].filter((action) => !NEVER_WRITTEN.includes(action));

export const AUDIT_GROUPS = ['session', 'clients', 'files', 'loans', 'handovers', 'locations', 'config', 'transfer', 'other'] as const;
export type AuditGroup = (typeof AUDIT_GROUPS)[number];

const GROUP_OF_PREFIX: Record<string, AuditGroup> = {
  archive: 'session',
  session: 'session',
  users: 'session',
  grants: 'session',
  clients: 'clients',
  files: 'files',
  items: 'files',
  loans: 'loans',
  handovers: 'handovers',
  locations: 'locations',
  settings: 'config',
  classifications: 'config',
  fileTypes: 'config',
  calendar: 'config',
  import: 'transfer',
  export: 'transfer',
  people: 'session',
  departments: 'session',
  applications: 'loans',
  labels: 'transfer',
  print: 'transfer',
  recovery: 'session',
  authority: 'session',
};

/** An action's group: by its prefix; configuring handover kinds is configuration. */
export function auditGroupOf(action: string): AuditGroup {
  if (action === 'handovers.createKind' || action === 'handovers.updateKind' || action === 'handovers.saveKind') return 'config';
  return GROUP_OF_PREFIX[action.slice(0, action.indexOf('.'))] ?? 'other';
}

/** The groups with their actions, in the order the filter lists them (empty groups left out). */
export function auditActionGroups(actions: readonly string[] = AUDIT_ACTIONS): { group: AuditGroup; actions: string[] }[] {
  return AUDIT_GROUPS.map((group) => ({ group, actions: actions.filter((a) => auditGroupOf(a) === group) })).filter((g) => g.actions.length > 0);
}

/** What entries are about, for the target-type filter. */
export const AUDIT_TARGET_TYPES = [
  'client',
  'file',
  'item',
  'handover',
  'location',
  'user',
  'archive',
  'settings',
  'classificationScheme',
  'classificationValue',
  'fileType',
  'handoverEventKind',
  'calendarDay',
  'person',
  'department',
  'labelLayout',
] as const;
