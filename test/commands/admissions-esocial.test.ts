// eSocial admission rules on a real database: documents derived from the optional employee columns
// at import, the S-2190 (prelim_sent column and /admissions prelim) moving the S-2200 deadline and
// calming the hire's alert, in English and Brazilian Portuguese.
import { expect, it } from 'vitest';
import { renderBlocksAsText } from '../../src/blocks/render-text.js';
import { runCommand } from '../../src/commands/run-command.js';
import { watchContext } from '../../src/domain/alerts/reconcile-alerts.js';
import { runWatchCycle } from '../../src/domain/alerts/run-watch-cycle.js';
import { missingDocumentsWatcher } from '../../src/domain/watchers/missing-documents-watcher.js';
import { FakeClock } from '../support/fake-clock.js';
import { seed } from '../support/seed.js';
import { makeTestDeps } from '../support/test-deps.js';
import { describeEachDatabase } from '../support/test-database.js';

const ANALYST = { userId: 'U0HR00001' };
const OUTSIDER = { userId: 'U0OUTSIDER' };
/** Thursday 2026-12-10, 10:00 in São Paulo. */
const THURSDAY = '2026-12-10T13:00:00Z';

describeEachDatabase('eSocial admission rules', (ctx) => {
  const deps = (locale: 'en' | 'pt-BR' = 'en') => makeTestDeps(ctx.db, { clock: new FakeClock(THURSDAY), env: { HR_TEAM: ANALYST.userId, BOT_LOCALE: locale } });
  const requiredOf = async (code: string) =>
    (await ctx.db.prisma.admissionDocument.findMany({ where: { employee: { codeKey: code.toLowerCase() }, required: true }, orderBy: { code: 'asc' } })).map((d) => d.code);
  const prelimOf = async (code: string) => (await ctx.db.prisma.employee.findUniqueOrThrow({ where: { codeKey: code.toLowerCase() } })).prelimSentOn?.toISOString().slice(0, 10) ?? null;
  const say = async (d: ReturnType<typeof deps>, text: string, actor = ANALYST) => renderBlocksAsText((await runCommand(d, { command: '/admissions', text, actor })).blocks);

  it('derives conditional documents from birth_date, sex, marital_status and dependents; never ctps or pis by default', async () => {
    await seed(ctx.db, 'employees', [
      { code: 'EMP-1', name: 'João', start_date: '14/12/2026', birth_date: '10/05/1990', sex: 'M', marital_status: 'casado', dependents: '2020-01-01|2000-01-01' },
      { code: 'EMP-2', name: 'Aprendiz', start_date: '2026-12-14', birth_date: '2010-06-01', sex: 'F' },
      { code: 'EMP-3', name: 'Sem dados', start_date: '2026-12-14', extra_documents: 'marriage_certificate' },
    ]);
    const base = ['aso', 'bank_account', 'cpf', 'proof_of_address', 'rg', 'voter_id'];
    expect(await requiredOf('EMP-1')).toEqual([...base, 'birth_certificate_children', 'children_vaccination_school', 'marriage_certificate', 'military_service'].sort());
    // A minor: no voter ID.
    expect(await requiredOf('EMP-2')).toEqual(base.filter((c) => c !== 'voter_id'));
    expect(await requiredOf('EMP-3')).toEqual([...base, 'marriage_certificate'].sort());
    // Only document types are stored: no birth date, sex or marital status column exists.
    const columns = await ctx.db.prisma.$queryRawUnsafe<{ column_name: string }[]>(`SELECT column_name FROM information_schema.columns WHERE table_name = 'employees'`);
    for (const personal of ['birth_date', 'sex', 'marital_status', 'dependents']) expect(columns.map((c) => c.column_name)).not.toContain(personal);
  });

  it('reads prelim_sent from the file: a date, "sim" (the import day, keeping a known date) and "não"', async () => {
    await seed(ctx.db, 'employees', [
      { code: 'EMP-4', name: 'Ana', start_date: '2026-12-14', prelim_sent: 'sim' },
      { code: 'EMP-5', name: 'Bia', start_date: '2026-12-14', prelim_sent: '05/12/2026' },
      { code: 'EMP-6', name: 'Caio', start_date: '2026-12-14' },
    ]);
    expect([await prelimOf('EMP-4'), await prelimOf('EMP-5'), await prelimOf('EMP-6')]).toEqual(['2026-11-20', '2026-12-05', null]);
    await seed(ctx.db, 'employees', [
      { code: 'EMP-5', name: 'Bia', start_date: '2026-12-14', prelim_sent: 'true' },
      { code: 'EMP-4', name: 'Ana', start_date: '2026-12-14', prelim_sent: 'não' },
      { code: 'EMP-6', name: 'Caio', start_date: '2026-12-14' },
    ]);
    expect([await prelimOf('EMP-4'), await prelimOf('EMP-5'), await prelimOf('EMP-6')]).toEqual([null, '2026-12-05', null]);
  });

  it('keeps tracking a hire with an S-2190 until its later S-2200 deadline has long passed', async () => {
    // Started Monday 2 November, 38 days before Thursday 10 December: past the 30-day window, but
    // with the S-2190 the S-2200 is due 15 December.
    await seed(ctx.db, 'employees', [
      { code: 'PRE', name: 'Com S-2190', start_date: '2026-11-02', prelim_sent: '2026-11-01' },
      { code: 'SEM', name: 'Sem S-2190', start_date: '2026-11-02' },
    ]);
    const d = deps();
    const findings = await missingDocumentsWatcher.findings(d.db, watchContext(d), { after: null, limit: 10 });
    expect(findings.map((f) => [f.subject, f.severity, f.details.kind === 'missing_documents' && f.details.deadline])).toEqual([['PRE', 'info', '2026-12-15']]);
    // `/admissions list` shows the hires the watcher tracks: PRE, not SEM.
    const list = await say(d, 'list');
    expect(list).toContain('PRE');
    expect(list).not.toContain('SEM');
  });

  it('/admissions prelim moves the S-2200 deadline to the 15th of the next month and calms the alert', async () => {
    // Starts Monday 14 December: deadline Sunday 13, send by Friday 11 → a warning on Thursday 10.
    await seed(ctx.db, 'employees', [{ code: 'EMP-7', name: 'Ana Souza', start_date: '2026-12-14', received_documents: 'cpf|rg' }]);
    const en = deps('en');
    await runWatchCycle(en);
    const alert = () => ctx.db.prisma.alert.findFirstOrThrow({ where: { subject: 'EMP-7' } });
    expect((await alert()).severity).toBe('warning');
    expect((await alert()).details).toMatchObject({ deadline: '2026-12-13', sendBy: '2026-12-11' });

    // Outside HR_TEAM: refused, nothing written.
    await say(en, 'prelim EMP-7', OUTSIDER);
    expect(await prelimOf('EMP-7')).toBeNull();

    const done = await say(en, 'prelim emp-7');
    expect(done).toContain('S-2190 recorded for Ana Souza (EMP-7). The S-2200 is now due Jan 15, 2027; send it by Jan 15, 2027.');
    expect(await prelimOf('EMP-7')).toBe('2026-12-10');
    expect(await alert()).toMatchObject({ severity: 'info', details: expect.objectContaining({ deadline: '2027-01-15', sendBy: '2027-01-15' }) });
    const audit = await ctx.db.prisma.auditEvent.findMany({ where: { action: 'admissions.prelim' }, orderBy: { id: 'asc' } });
    expect(audit.map((a) => [a.actor, a.outcome])).toEqual([[OUTSIDER.userId, 'refused'], [ANALYST.userId, 'ok']]);

    const pt = deps('pt-BR');
    expect(await say(pt, 'prelim EMP-7')).toContain('O S-2190 de Ana Souza (EMP-7) já estava registrado em 10/12/2026. O S-2200 vence em 15/01/2027; envie até 15/01/2027.');
    expect(await say(pt, 'show EMP-7')).toContain('S-2190 (registro preliminar)');
    expect(await say(en, 'show EMP-7')).toContain('sent Dec 10, 2026');
    expect(await say(pt, 'help')).toContain('/admissions prelim CÓDIGO');
    expect(await ctx.db.prisma.auditEvent.count({ where: { action: 'admissions.prelim', outcome: 'ok' } })).toBe(1);
  });
});
