import { dateInZone, fromDbDate, type CalendarDate } from '../../lib/time/calendar.js';
import { keyOf } from '../import/values.js';
import { admissionDeadline } from '../watchers/admission-deadline.js';
import { employeeNotFound, requiredDocumentStates, type AdmissionDeps, type DocumentState } from './admission-record.js';

export interface AdmissionDetails {
  code: string;
  name: string;
  role: string | null;
  startDate: CalendarDate;
  /** eSocial S-2200: the day before the start date, or the 15th of the next month after an S-2190 */
  deadline: CalendarDate;
  /** the last business day on or before the deadline */
  sendBy: CalendarDate;
  /** when the S-2190 preliminary registration was sent, if it was */
  prelimSentOn: CalendarDate | null;
  /** every required document type with its state (types only, never numbers) */
  documents: DocumentState[];
}

export async function showAdmission(deps: AdmissionDeps, code: string): Promise<AdmissionDetails> {
  const employee = await deps.db.prisma.employee.findUnique({ where: { codeKey: keyOf(code) }, include: { documents: true } });
  if (!employee || !employee.active) throw employeeNotFound(deps.i18n, code);
  const startDate = fromDbDate(employee.startDate);
  const prelimSentOn = employee.prelimSentOn ? fromDbDate(employee.prelimSentOn) : null;
  const { deadline, sendBy } = admissionDeadline(startDate, dateInZone(deps.clock.now(), deps.config.timezone), deps.config.holidays, prelimSentOn !== null);
  return {
    code: employee.code,
    name: employee.name,
    role: employee.role,
    startDate,
    deadline,
    sendBy,
    prelimSentOn,
    documents: requiredDocumentStates(employee.documents, deps.config.requiredDocuments),
  };
}
