/**
 * File types (档案类型): numbering patterns, defaults and the required-document checklist
 * each kind of file is checked against.
 */
import { z } from 'zod';
import { Confidentiality, Id, Retention, op, optionalText, required, trimmed } from './kit.js';

/** A document kind of a checklist: a stable code and the label a clerk reads. */
export const DocKindCode = z
  .string()
  .trim()
  .min(1)
  .max(50)
  .regex(/^[\p{L}\p{N}_.-]+$/u, 'letters, digits and _ . - only');

/** The kind of an item that is not on its file type's checklist. */
export const OTHER_DOC_KIND = 'other';

export const ChecklistEntry = z.object({ kind: DocKindCode, label: required(100), labelEn: optionalText(100) });

export const FileType = z.object({
  id: Id,
  code: z.string(),
  name: z.string(),
  /** Shown in English mode (null: the Chinese name). */
  nameEn: z.string().nullable(),
  /** null: the archive-wide pattern of the settings. */
  archiveNoPattern: z.string().nullable(),
  /** The pattern numbers are actually issued from. */
  effectivePattern: z.string(),
  defaultConfidentiality: Confidentiality,
  defaultRetention: Retention,
  /** `labelEn`: shown in English mode (null: the Chinese label). */
  checklist: z.array(z.object({ kind: z.string(), label: z.string(), labelEn: z.string().nullable() })),
  description: z.string(),
  active: z.boolean(),
  fileCount: z.number().int(),
});

export const fileTypesOps = {
  'fileTypes.list': op(z.object({ includeInactive: z.boolean().default(false) }).default({ includeInactive: false }), z.array(FileType)),
  'fileTypes.save': op(
    z.object({
      /** Absent: a new type. */
      id: Id.optional(),
      code: z
        .string()
        .trim()
        .min(1)
        .max(32)
        .regex(/^[\p{L}\p{N}_-]+$/u, 'letters, digits, _ and - only'),
      name: required(100),
      /** The English name (empty: English mode shows the Chinese name). */
      nameEn: optionalText(100),
      /** null or '': use the archive-wide pattern of the settings. */
      archiveNoPattern: trimmed(64).nullable().default(null),
      defaultConfidentiality: Confidentiality.default('normal'),
      defaultRetention: Retention.default('30y'),
      /** A missing kind takes the label as its code. */
      checklist: z
        .array(z.object({ kind: DocKindCode.optional(), label: required(100), labelEn: optionalText(100) }))
        .max(100)
        .default([]),
      description: trimmed(500).default(''),
      active: z.boolean().default(true),
    }),
    FileType,
    { capability: 'settings.manage', write: true },
  ),
} as const;

export type FileType = z.output<typeof FileType>;
