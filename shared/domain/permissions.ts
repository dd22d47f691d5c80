import type { Confidentiality, Role } from './enums.js';
import { confidentialityRank } from './enums.js';

/**
 * What each role may do. The engine checks these on every operation (the UI only
 * uses them to hide what would be refused anyway).
 */
export const CAPABILITIES = [
  'archive.read',
  'clients.write',
  'files.write',
  'loans.circulate',
  'audit.read',
  'users.manage',
  /** Administrator-only configuration (file types, classification lists, ...). */
  'settings.manage',
] as const;
export type Capability = (typeof CAPABILITIES)[number];

const ROLE_CAPABILITIES: Record<Role, readonly Capability[]> = {
  admin: CAPABILITIES,
  clerk: ['archive.read', 'clients.write', 'files.write', 'loans.circulate'],
  approver: ['archive.read', 'audit.read'],
  reader: ['archive.read'],
};

/** The user as policies see it (a session user, or a test's stand-in). */
export interface PolicyUser {
  id: string;
  role: Role;
  clearance: Confidentiality;
  department: string;
}

export function roleCan(role: Role, capability: Capability): boolean {
  return ROLE_CAPABILITIES[role].includes(capability);
}

/** Need-to-know: a user sees a file only up to their clearance. */
export function clearanceAllows(clearance: Confidentiality, level: Confidentiality): boolean {
  return confidentialityRank(level) <= confidentialityRank(clearance);
}
