import { sql } from 'kysely';
import type { Migration } from './types.js';

/**
 * Files and their contents (DOMAIN: "What goes into a file", "Forms", "Changes and originals"):
 * - `file_types` (档案类型): configured by an administrator; archive-number pattern (null = the
 *   archive-wide pattern in settings), default confidentiality and retention, and the
 *   required-document checklist (JSON `[{kind, label}]`). Ships the client file (客户档案) and
 *   the certificates file (权证档案, kept in the safe).
 * - `files` gain their type, a parent (a volume shares its main file's number plus a suffix)
 *   and remarks. Existing files become client files.
 * - `file_items` (卷内文件): the contents list. Page ranges are not stored: they follow from
 *   the order (`seq`) and page counts of the current items. A sealed original (原件封存) is
 *   never changed: a correction inserts a new version (`supersedes_id`) and marks the old
 *   one superseded; `origin_id` names the first version, so the history of an item is one key.
 * Frozen.
 */
export const m0005_file_contents: Migration = {
  version: 5,
  name: 'file_contents',
  up({ schema, exec }) {
    exec(
      schema
        .createTable('file_types')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('code', 'text', (c) => c.notNull().unique().modifyEnd(sql`collate nocase`))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('archive_no_pattern', 'text')
        .addColumn('default_confidentiality', 'text', (c) =>
          c.notNull().check(sql`default_confidentiality in ('normal','restricted','confidential','top_secret')`),
        )
        .addColumn('default_retention', 'text', (c) => c.notNull())
        .addColumn('checklist', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull()),
    );
    const clientChecklist = JSON.stringify([
      { kind: 'business_licence', label: '营业执照' },
      { kind: 'tax_registration', label: '税务登记证' },
      { kind: 'organisation_code', label: '组织机构代码证' },
      { kind: 'bank_account_licence', label: '银行开户许可证' },
      { kind: 'vat_taxpayer', label: '一般纳税人资格证明' },
      { kind: 'invoicing_details', label: '开票资料' },
      { kind: 'legal_rep_id', label: '法定代表人身份证明或授权委托书' },
      { kind: 'contract', label: '合同' },
    ]);
    const now = sql`strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`;
    exec(sql`insert into file_types (id, code, name, archive_no_pattern, default_confidentiality, default_retention, checklist, description, sort_order, created_at, updated_at)
      values ('ft-client', 'client', '客户档案', null, 'normal', '30y', ${clientChecklist},
              '一户一档：客户资质、合同、往来记录。档号按系统设置的档号规则编制。', 1, ${now}, ${now})`);
    exec(sql`insert into file_types (id, code, name, archive_no_pattern, default_confidentiality, default_retention, checklist, description, sort_order, created_at, updated_at)
      values ('ft-certificates', 'certificates', '权证档案', 'QZ-{year}-{seq:4}', 'confidential', 'permanent', '[]',
              '权证原件存放于保险柜；作为客户档案的分卷时与主档同号（加卷号）。', 2, ${now}, ${now})`);

    exec(schema.alterTable('files').addColumn('file_type_id', 'text', (c) => c.references('file_types.id')));
    exec(schema.alterTable('files').addColumn('parent_file_id', 'text', (c) => c.references('files.id')));
    exec(schema.alterTable('files').addColumn('remarks', 'text', (c) => c.notNull().defaultTo('')));
    exec(sql`update files set file_type_id = 'ft-client'`);
    exec(schema.createIndex('files_parent').on('files').column('parent_file_id'));

    exec(
      schema
        .createTable('file_items')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('file_id', 'text', (c) => c.notNull().references('files.id'))
        .addColumn('origin_id', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('doc_no', 'text')
        .addColumn('responsible_party', 'text')
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('doc_date', 'text')
        .addColumn('page_count', 'integer', (c) => c.notNull().check(sql`page_count >= 0`))
        .addColumn('doc_kind', 'text')
        .addColumn('remarks', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('sealed_at', 'text')
        .addColumn('sealed_by', 'text', (c) => c.references('users.id'))
        .addColumn('supersedes_id', 'text', (c) => c.references('file_items.id'))
        .addColumn('superseded_by_id', 'text', (c) => c.references('file_items.id'))
        .addColumn('superseded_at', 'text')
        .addColumn('correction_reason', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('updated_at', 'text', (c) => c.notNull()),
    );
    exec(sql`create index file_items_current on file_items(file_id, seq) where superseded_by_id is null`);
    exec(schema.createIndex('file_items_origin').on('file_items').columns(['origin_id', 'version']));
    // A sealed original is never changed in place: only its supersession may be recorded.
    exec(sql`create trigger file_items_sealed_no_update before update on file_items
      when old.sealed_at is not null and (
        new.title is not old.title or new.doc_no is not old.doc_no or new.responsible_party is not old.responsible_party
        or new.doc_date is not old.doc_date or new.page_count is not old.page_count or new.doc_kind is not old.doc_kind
        or new.remarks is not old.remarks or new.file_id is not old.file_id or new.sealed_at is not old.sealed_at)
      begin select raise(abort, 'sealed item is read-only'); end`);
    exec(sql`create trigger file_items_sealed_no_delete before delete on file_items when old.sealed_at is not null
      begin select raise(abort, 'sealed item is read-only'); end`);
  },
};
