import { randomUUID } from 'node:crypto';
import { validateArchiveNoPattern } from '../../shared/domain/archiveNo.js';
import { DossierError } from '../../shared/errors.js';
import { OTHER_DOC_KIND } from '../../shared/ops/fileTypes.js';
import { checklistOf, fileCountOf, toFileType } from '../records/fileTypes.js';
import type { ChecklistKind } from '../records/fileTypes.js';
import type { FileTypesRow } from '../schema.js';
import type { Handler } from './kit.js';
import { listFileTypes } from '../records/fileTypes.js';
import type { fileTypesOps } from '../../shared/ops/fileTypes.js';
import type { HandlersOf } from './kit.js';

/** A kind code from a label: the label's letters and digits. */
function kindFromLabel(label: string): string {
  return [...label]
    .filter((ch) => /[\p{L}\p{N}_.-]/u.test(ch))
    .join('')
    .slice(0, 50);
}

export const saveFileType: Handler<'fileTypes.save'> = (ctx, input) => {
  const { k } = ctx.db;
  const pattern = input.archiveNoPattern ? input.archiveNoPattern : null;
  if (pattern) {
    const problem = validateArchiveNoPattern(pattern);
    if (problem) throw new DossierError('file.badPattern', { pattern, detail: problem });
  }
  const checklist: ChecklistKind[] = input.checklist.map((entry, i) => ({
    kind: entry.kind ?? (kindFromLabel(entry.label) || `kind${i + 1}`),
    label: entry.label,
    labelEn: entry.labelEn ?? null,
  }));
  const seen = new Set<string>();
  for (const entry of checklist) {
    const key = entry.kind.toLowerCase();
    if (key === OTHER_DOC_KIND) throw new DossierError('fileType.badChecklist', { detail: `"${OTHER_DOC_KIND}" is reserved` });
    if (seen.has(key)) throw new DossierError('fileType.badChecklist', { detail: `"${entry.kind}" twice` });
    seen.add(key);
  }
  const holder = ctx.db.one(k.selectFrom('file_types').select(['id', 'name']).where('code', '=', input.code));
  if (holder && holder.id !== input.id) throw new DossierError('fileType.duplicateCode', { code: input.code, name: holder.name });
  const now = ctx.now().toISOString();
  const values = {
    code: input.code,
    name: input.name,
    nameEn: input.nameEn ?? null,
    archiveNoPattern: pattern,
    defaultConfidentiality: input.defaultConfidentiality,
    defaultRetention: input.defaultRetention,
    checklist: JSON.stringify(checklist),
    description: input.description,
    active: input.active ? 1 : 0,
    updatedAt: now,
  };
  let row: FileTypesRow;
  let before: FileTypesRow | undefined;
  if (input.id) {
    before = ctx.db.one(k.selectFrom('file_types').selectAll().where('id', '=', input.id));
    if (!before) throw new DossierError('fileType.notFound', { type: input.id });
    ctx.db.run(k.updateTable('file_types').set(values).where('id', '=', input.id));
    row = { ...before, ...values };
  } else {
    const order = ctx.db.one(k.selectFrom('file_types').select((eb) => eb.fn.max('sortOrder').as('n')))?.n ?? 0;
    row = { id: randomUUID(), ...values, sortOrder: order + 1, createdAt: now };
    ctx.db.run(k.insertInto('file_types').values(row));
  }
  ctx.audit({
    action: 'fileTypes.save',
    targetType: 'fileType',
    targetId: row.id,
    targetLabel: row.name,
    details: {
      created: !before,
      code: row.code,
      nameEn: row.nameEn,
      archiveNoPattern: row.archiveNoPattern,
      defaultConfidentiality: row.defaultConfidentiality,
      defaultRetention: row.defaultRetention,
      checklist: checklist.map((c) => c.label),
      active: input.active,
      ...(before
        ? {
            before: {
              code: before.code,
              name: before.name,
              nameEn: before.nameEn,
              archiveNoPattern: before.archiveNoPattern,
              checklist: checklistOf(before).map((c) => c.label),
              active: before.active === 1,
            },
          }
        : {}),
    },
  });
  return toFileType(ctx, row, fileCountOf(ctx, row.id));
};

/** The handlers of the `fileTypes.*` operations. */
export const fileTypesHandlers = {
  'fileTypes.list': listFileTypes,
  'fileTypes.save': saveFileType,
} satisfies HandlersOf<typeof fileTypesOps>;
