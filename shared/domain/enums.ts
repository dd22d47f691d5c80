/** Fixed vocabularies of the archive. Codes are stored; labels come from the i18n catalogs. */
export const CONFIDENTIALITY = ['normal', 'restricted', 'confidential', 'top_secret'] as const;
export type Confidentiality = (typeof CONFIDENTIALITY)[number];

/** Accepts the codes and the Chinese terms a clerk would type (普通/秘密/机密/绝密). */
const CONFIDENTIALITY_ALIASES: Record<string, Confidentiality> = {
  普通: 'normal',
  秘密: 'restricted',
  机密: 'confidential',
  绝密: 'top_secret',
  secret: 'restricted',
  'top-secret': 'top_secret',
  topsecret: 'top_secret',
};

export function parseConfidentiality(input: string): Confidentiality | null {
  const v = input.trim();
  const lower = v.toLowerCase();
  if ((CONFIDENTIALITY as readonly string[]).includes(lower)) return lower as Confidentiality;
  return CONFIDENTIALITY_ALIASES[v] ?? CONFIDENTIALITY_ALIASES[lower] ?? null;
}

export function confidentialityRank(level: Confidentiality): number {
  return CONFIDENTIALITY.indexOf(level);
}

export const RETENTION = ['permanent', '30y', '10y'] as const;
export type Retention = (typeof RETENTION)[number];

const RETENTION_ALIASES: Record<string, Retention> = { 永久: 'permanent', '30年': '30y', '10年': '10y', '30': '30y', '10': '10y' };

export function parseRetention(input: string): Retention | null {
  const v = input.trim().toLowerCase();
  if ((RETENTION as readonly string[]).includes(v)) return v as Retention;
  return RETENTION_ALIASES[v] ?? null;
}

export const FILE_STATUS = ['in_stock', 'on_loan'] as const;
export type FileStatus = (typeof FILE_STATUS)[number];

/** A new role: here, in ROLE_CAPABILITIES (permissions.ts), in the i18n `enums.role` and `roleHints`, and in README's table. */
export const ROLES = ['admin', 'clerk', 'approver', 'reader', 'auditor', 'department_head', 'general_manager', 'archive_manager'] as const;
export type Role = (typeof ROLES)[number];
