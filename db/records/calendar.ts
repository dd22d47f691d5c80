/** The working-day calendar (holidays and make-up working days) that deadlines count with. */
import { makeCalendar } from '../../shared/domain/workdays.js';
import type { WorkCalendar } from '../../shared/domain/workdays.js';
import { OperationContext } from '../context.js';

export function workCalendar(ctx: OperationContext): WorkCalendar {
  return makeCalendar(ctx.db.all(ctx.db.k.selectFrom('calendar_days').select(['date', 'kind'])));
}
