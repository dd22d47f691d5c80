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
  /** The people register and departments (borrowers, requesters, department heads). */
  'people.manage',
  /** Records an access application (for oneself, or as a clerk for anyone). */
  'applications.create',
  /** Decides approval steps routed to the user (the step's approver must be them). */
  'approvals.decide',
  /** Attaches, assigns and removes scans (the inbox included). */
  'scans.write',
  /** Takes a decrypted scan out of the archive (audited). */
  'scans.export',
] as const;
export type Capability = (typeof CAPABILITIES)[number];

const ROLE_CAPABILITIES: Record<Role, readonly Capability[]> = {
  admin: CAPABILITIES,
  clerk: ['archive.read', 'clients.write', 'files.write', 'loans.circulate', 'people.manage', 'applications.create', 'scans.write'],
  approver: ['archive.read', 'audit.read', 'applications.create', 'approvals.decide'],
  reader: ['archive.read', 'applications.create'],
  /**
   * Reads, filters and exports the audit log and reads the records it names (within their
   * clearance, to check the log against them); never gains a capability that changes records.
   */
  auditor: ['archive.read', 'audit.read'],
  /** 部门负责人: approves their department's files (a department names its head). */
  department_head: ['archive.read', 'applications.create', 'approvals.decide'],
  /** 总经理: approves other departments' files. */
  general_manager: ['archive.read', 'audit.read', 'applications.create', 'approvals.decide'],
  /** 档案室负责人: approves 机密/绝密 access and copying; runs the records office. */
  archive_manager: ['archive.read', 'audit.read', 'loans.circulate', 'people.manage', 'applications.create', 'approvals.decide', 'scans.export'],
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

/**
 * Per-file grants widen what operations needing only these capabilities see (reads, exports,
 * prints, the audit log); an operation that changes records sees by clearance alone, so a
 * grant lets a user see a file, never change it.
 */
export function grantsWiden(capability: Capability): boolean {
  return capability === 'archive.read' || capability === 'audit.read';
}

/** Showing a file at these levels (page, print) is audited; so is exporting any file. */
export const VIEW_AUDITED_LEVELS: readonly Confidentiality[] = ['confidential', 'top_secret'];

export function viewIsAudited(level: Confidentiality): boolean {
  return VIEW_AUDITED_LEVELS.includes(level);
}

/** Need-to-know: a user sees a file only up to their clearance. */
export function clearanceAllows(clearance: Confidentiality, level: Confidentiality): boolean {
  return confidentialityRank(level) <= confidentialityRank(clearance);
}
