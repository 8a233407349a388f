// `/admissions prelim CODE`: the hire's S-2190 (Registro Preliminar de Trabalhador) was sent today,
// so the S-2200 is due later (admission-deadline.ts). Recorded once: a second call changes nothing
// and says when it was recorded. The hire's row is locked; the change is audited.
import { dateInZone, fromDbDate, toDbDate, type CalendarDate } from '../../lib/time/calendar.js';
import type { Actor } from '../actor.js';
import { recordAudit } from '../audit/record-audit.js';
import { admissionDeadline } from '../watchers/admission-deadline.js';
import { lockActiveEmployee, type AdmissionDeps } from './admission-record.js';

export interface PrelimResult {
  code: string;
  name: string;
  /** false when it had been recorded before (on `sentOn`) */
  recorded: boolean;
  sentOn: CalendarDate;
  /** the S-2200 deadline and send-by date now */
  deadline: CalendarDate;
  sendBy: CalendarDate;
}

export async function recordPrelim(deps: AdmissionDeps, actor: Actor, code: string): Promise<PrelimResult> {
  const { db, i18n, config } = deps;
  const now = deps.clock.now();
  const today = dateInZone(now, config.timezone);
  return db.prisma.$transaction(async (tx) => {
    const employee = await lockActiveEmployee(tx, i18n, code);
    const recorded = employee.prelim_sent_on === null;
    const sentOn = employee.prelim_sent_on ? fromDbDate(employee.prelim_sent_on) : today;
    if (recorded) {
      await tx.employee.update({ where: { id: employee.id }, data: { prelimSentOn: toDbDate(today), updatedAt: now } });
      await recordAudit(tx, { actor: actor.userId, action: 'admissions.prelim', target: employee.code, outcome: 'ok', details: { sentOn }, at: now });
    }
    const { deadline, sendBy } = admissionDeadline(fromDbDate(employee.start_date), today, config.holidays, true);
    return { code: employee.code, name: employee.name, recorded, sentOn, deadline, sendBy };
  });
}
