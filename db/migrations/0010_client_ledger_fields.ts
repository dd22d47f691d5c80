import { sql } from 'kysely';
import type { Migration } from './types.js';

/** The default classification labels of 0004 → the seeds' own words (offices' ledgers use them). */
const RELABEL: [valueId: string, before: string, after: string][] = [
  ['value-category-group_internal', '集团内部', '集团内部客户'],
  ['value-category-state_owned', '国有体系', '国资委系统客户'],
  ['value-category-strategic', '战略合作', '战略合作伙伴客户'],
  ['value-category-ready_mix', '搅拌站', '商混站'],
  ['value-category-intermediary', '中介', '中间商'],
  ['value-category-other', '其他', '其他客户'],
  ['value-grade-A', 'A级', 'A类客户'],
  ['value-grade-B', 'B级', 'B类客户'],
  ['value-grade-C', 'C级', 'C类客户'],
  ['value-grade-D', 'D级', 'D类客户'],
  ['value-volume-large', '大', '大客户'],
  ['value-volume-medium', '中', '中客户'],
  ['value-volume-small', '小', '小客户'],
  ['value-settlement-cash', '现金', '现款客户'],
  ['value-settlement-revolving', '循环', '周转客户'],
  ['value-settlement-monthly', '月结', '月结客户'],
  ['value-quality-premium', '优质', '优质客户'],
  ['value-quality-general', '一般', '一般客户'],
];
const RELABEL_EN: [valueId: string, before: string, after: string][] = [
  ['value-category-state_owned', 'State-owned system', 'SASAC-system client'],
  ['value-category-ready_mix', 'Ready-mix station', 'Ready-mix concrete plant'],
  ['value-settlement-cash', 'Cash', 'Cash on delivery'],
];
const SCHEMES: [schemeId: string, before: string, after: string][] = [
  ['scheme-volume', '规模', '销量'],
  ['scheme-quality', '质量', '客户质量'],
];

/**
 * Two client fields offices keep in their ledgers: remarks (备注) and the original
 * registration date (登记日期). The default classification labels become the seeds' words,
 * only where the administrator has not changed them (label still as 0004 wrote it); the
 * legacy category text of clients follows. Frozen.
 */
export const m0010_client_ledger_fields: Migration = {
  version: 10,
  name: 'client_ledger_fields',
  up({ schema, exec }) {
    exec(schema.alterTable('clients').addColumn('remarks', 'text'));
    exec(schema.alterTable('clients').addColumn('registered_on', 'text'));
    for (const [id, before, after] of RELABEL) {
      exec(sql`update clients set category = ${after}
               where category = ${before}
                 and id in (select client_id from client_classifications where value_id = ${id})
                 and exists (select 1 from classification_values where id = ${id} and label = ${before})`);
      exec(sql`update classification_values set label = ${after} where id = ${id} and label = ${before}`);
    }
    for (const [id, before, after] of RELABEL_EN) exec(sql`update classification_values set label_en = ${after} where id = ${id} and label_en = ${before}`);
    for (const [id, before, after] of SCHEMES) exec(sql`update classification_schemes set label = ${after} where id = ${id} and label = ${before}`);
  },
};
