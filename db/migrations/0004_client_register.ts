import { sql } from 'kysely';
import type { Migration } from './types.js';

/** The default classification schemes (from the seeds); a company edits them under settings. */
const DEFAULT_SCHEMES: { code: string; label: string; labelEn: string; values: [code: string, label: string, labelEn: string][] }[] = [
  {
    code: 'category',
    label: '客户类别',
    labelEn: 'Category',
    values: [
      ['group_internal', '集团内部', 'Group-internal'],
      ['state_owned', '国有体系', 'State-owned system'],
      ['strategic', '战略合作', 'Strategic partner'],
      ['ready_mix', '搅拌站', 'Ready-mix station'],
      ['intermediary', '中介', 'Intermediary'],
      ['key_project', '重点工程', 'Key project'],
      ['other', '其他', 'Other'],
    ],
  },
  {
    code: 'grade',
    label: '等级',
    labelEn: 'Grade',
    values: [
      ['A', 'A级', 'Grade A'],
      ['B', 'B级', 'Grade B'],
      ['C', 'C级', 'Grade C'],
      ['D', 'D级', 'Grade D'],
    ],
  },
  {
    code: 'volume',
    label: '规模',
    labelEn: 'Volume',
    values: [
      ['large', '大', 'Large'],
      ['medium', '中', 'Medium'],
      ['small', '小', 'Small'],
    ],
  },
  {
    code: 'settlement',
    label: '结算方式',
    labelEn: 'Settlement',
    values: [
      ['cash', '现金', 'Cash'],
      ['revolving', '循环', 'Revolving'],
      ['monthly', '月结', 'Monthly'],
    ],
  },
  {
    code: 'quality',
    label: '质量',
    labelEn: 'Quality',
    values: [
      ['premium', '优质', 'Premium'],
      ['general', '一般', 'General'],
    ],
  },
  {
    code: 'risk',
    label: '风险等级',
    labelEn: 'Risk level',
    values: [
      ['high', '高', 'High'],
      ['medium', '中', 'Medium'],
      ['low', '低', 'Low'],
    ],
  },
  {
    code: 'type',
    label: '客户类型',
    labelEn: 'Client type',
    values: [
      ['target', '目标客户', 'Target'],
      ['general', '一般客户', 'General'],
      ['key', '重点客户', 'Key'],
      ['potential', '潜在客户', 'Potential'],
    ],
  },
];

/**
 * The client register: the remaining client fields of DOMAIN.md, lifecycle (termination:
 * 退租/注销), periodic re-verification, contact persons with their history, and
 * classification schemes as configuration (seeded with the seeds' lists). Existing
 * archives keep their data: the free-text category becomes a category value when it
 * matches one, and the contact person becomes the current daily contact. Frozen.
 */
export const m0004_client_register: Migration = {
  version: 4,
  name: 'client_register',
  up({ schema, exec }) {
    for (const column of [
      'short_name',
      'enterprise_nature',
      'supervising_unit',
      'address',
      'legal_representative',
      'credit_status',
      'account_manager',
      'termination_kind',
      'terminated_on',
      'termination_reason',
      'verified_on',
      'grade_evaluated_on',
    ]) {
      exec(schema.alterTable('clients').addColumn(column, 'text'));
    }
    exec(schema.createIndex('clients_account_manager').on('clients').column('account_manager'));
    exec(schema.createIndex('clients_status').on('clients').column('status'));

    exec(
      schema
        .createTable('client_contacts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id'))
        .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('daily','emergency','other')`))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('phone', 'text')
        .addColumn('position', 'text')
        .addColumn('remarks', 'text')
        .addColumn('valid_from', 'text', (c) => c.notNull())
        .addColumn('valid_to', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull()),
    );
    exec(schema.createIndex('client_contacts_client').on('client_contacts').columns(['client_id', 'valid_to']));

    exec(
      schema
        .createTable('classification_schemes')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('code', 'text', (c) => c.notNull().unique().modifyEnd(sql`collate nocase`))
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('label_en', 'text')
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0)),
    );
    exec(
      schema
        .createTable('classification_values')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('scheme_id', 'text', (c) => c.notNull().references('classification_schemes.id'))
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('label_en', 'text')
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0)),
    );
    exec(sql`create unique index classification_values_code on classification_values(scheme_id, code collate nocase)`);
    exec(
      schema
        .createTable('client_classifications')
        .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id'))
        .addColumn('scheme_id', 'text', (c) => c.notNull().references('classification_schemes.id'))
        .addColumn('value_id', 'text', (c) => c.notNull().references('classification_values.id'))
        .addPrimaryKeyConstraint('client_classifications_pk', ['client_id', 'scheme_id']),
    );
    exec(schema.createIndex('client_classifications_value').on('client_classifications').column('value_id'));

    for (const [s, scheme] of DEFAULT_SCHEMES.entries()) {
      const schemeId = `scheme-${scheme.code}`;
      exec(
        sql`insert into classification_schemes (id, code, label, label_en, active, sort_order)
            values (${schemeId}, ${scheme.code}, ${scheme.label}, ${scheme.labelEn}, 1, ${(s + 1) * 10})`,
      );
      for (const [v, [code, label, labelEn]] of scheme.values.entries()) {
        exec(
          sql`insert into classification_values (id, scheme_id, code, label, label_en, active, sort_order)
              values (${`value-${scheme.code}-${code}`}, ${schemeId}, ${code}, ${label}, ${labelEn}, 1, ${(v + 1) * 10})`,
        );
      }
    }

    // Existing data: a free-text category naming a default category becomes that value;
    // the contact person becomes the current daily contact since registration.
    exec(sql`insert into client_classifications (client_id, scheme_id, value_id)
      select c.id, v.scheme_id, v.id from clients c
      join classification_values v on v.scheme_id = 'scheme-category' and (v.label = trim(c.category) or v.code = trim(c.category))`);
    exec(sql`insert into client_contacts (id, client_id, role, name, phone, position, remarks, valid_from, valid_to, created_at)
      select 'migrated-' || c.id, c.id, 'daily', trim(c.contact_person), c.contact_phone, null, null, substr(c.created_at, 1, 10), null, c.created_at
      from clients c where trim(coalesce(c.contact_person, '')) <> ''`);
  },
};
