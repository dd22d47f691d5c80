import { en } from './en.js';
import { zhCN } from './zh-CN.js';
import type { Catalog } from './zh-CN.js';
import type { SerializedError } from '../errors.js';

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'zh-CN';
export const catalogs: Record<Language, Catalog> = { 'zh-CN': zhCN, en };
export type { Catalog };

function interpolate(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => (key in params ? String(params[key]) : `{{${key}}}`));
}

/** Error text without i18next, for the CLI and server logs. */
export function formatError(error: SerializedError, language: Language): string {
  const catalog = catalogs[language];
  const params = { ...error.params };
  if (error.code === 'client.badCreditCode' && typeof params.problem === 'string') {
    params.problem = catalog.creditCodeProblem[params.problem as keyof Catalog['creditCodeProblem']] ?? params.problem;
  }
  // A role and a level are named in the reader's words, never as codes.
  if (error.code === 'application.noApprover') {
    params.role = catalog.enums.role[params.role as keyof Catalog['enums']['role']] ?? params.role;
    params.level = catalog.enums.confidentiality[params.level as keyof Catalog['enums']['confidentiality']] ?? params.level;
  }
  // Who a pending application waits for: a role nobody holds is named by its title ('role:general_manager' → 总经理).
  if (typeof params.waitingFor === 'string') {
    params.waitingFor = params.waitingFor.replace(/role:(\w+)/g, (whole, role: string) => catalog.enums.role[role as keyof Catalog['enums']['role']] ?? whole);
  }
  const template = catalog.errors[error.code] ?? catalog.errors.internal;
  return interpolate(template, params);
}

export function pickLanguage(value: string | undefined): Language {
  if (!value) return DEFAULT_LANGUAGE;
  return value.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}
