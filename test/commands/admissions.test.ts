// /admissions end to end: the real Bolt app over signed HTTP, the fake Slack, a real database, the
// bot's locale English. Every change is checked in the database; every refusal changes nothing.
import { describe, expect, it } from 'vitest';
import { seed } from '../support/seed.js';
import { useSlackBot } from '../support/slack-bot.js';
import { describeEachDatabase } from '../support/test-database.js';
import { NOW, snapshot } from './orders-admissions.helpers.js';

const HR = 'C0HUMANRES';
const ANALYST = 'U0HR00001';
const OUTSIDER = 'U0OUTSIDER';

// NOW is Wednesday 2037-11-25 (see the helpers).
const EMPLOYEES = [
  // starts Monday: the S-2200 deadline is Sunday the 29th, so it must be sent by Friday the 27th
  { code: 'EMP-7', name: 'Ana Beatriz Souza', role: 'Analista financeira', start_date: '2037-11-30', received_documents: 'cpf|rg|ctps|pis|bank_account' },
  { code: 'EMP-8', name: 'João Pedro Lima', start_date: '2037-12-20', received_documents: 'cpf|rg', extra_documents: 'military_service' },
  { code: 'EMP-9', name: 'Marina Costa', start_date: '2037-11-10', received_documents: 'cpf|rg|ctps|pis|proof_of_address|voter_id|bank_account|aso' },
  { code: 'EMP-1', name: 'Old Timer', start_date: '2037-09-01' },
  { code: 'EMP-6', name: 'Not Coming', start_date: '2037-12-01', active: 'false' },
];

describeEachDatabase('/admissions over Slack', (ctx) => {
  const slack = useSlackBot(ctx, { env: { HR_CHANNEL: HR, HR_TEAM: ANALYST }, now: NOW });
  const admissions = (text: string, user = ANALYST) => slack.slash('/admissions', text, user);
  const documentsOf = async (code: string) => {
    const employee = await ctx.db.prisma.employee.findUniqueOrThrow({ where: { codeKey: code.toLowerCase() }, include: { documents: true } });
    return new Map(employee.documents.map((d) => [d.code, d]));
  };
  const alertOf = (code: string) => ctx.db.prisma.alert.findFirstOrThrow({ where: { subject: code }, orderBy: { id: 'desc' } });
  const expectRefusal = async (text: string, message: string, usage?: string) => {
    const before = await snapshot(ctx.db);
    const reply = await admissions(text);
    expect(reply.response_type).toBe('ephemeral');
    expect(reply.all).toContain(message);
    if (usage) expect(reply.all).toContain(usage);
    expect(await snapshot(ctx.db)).toBe(before);
  };
  /** one watch cycle with its messages sent: EMP-7 (starting in 5 days) gets a missing-documents alert */
  const postAlerts = async () => {
    expect(await slack.bot.runWatchCycle()).toBe(true);
    await slack.bot.outboxIdle();
  };
  const hrMessage = async (ts: string) => {
    await slack.bot.outboxIdle();
    return slack.fake.messages(HR).find((m) => m.ts === ts)!;
  };

  describe('list and show', () => {
    it('lists hires starting from 30 days ago on, soonest first, with how many documents are missing', async () => {
      await seed(ctx.db, 'employees', EMPLOYEES);
      const reply = await admissions('list', OUTSIDER); // reading is open to everyone
      const position = (text: string) => reply.all.indexOf(text);
      expect(position('EMP-9')).toBeGreaterThan(-1);
      expect(position('EMP-9')).toBeLessThan(position('EMP-7'));
      expect(position('EMP-7')).toBeLessThan(position('EMP-8'));
      expect(reply.all).not.toContain('EMP-1*');
      expect(reply.all).not.toContain('EMP-6');
      expect(reply.all).toContain('*EMP-7* Ana Beatriz Souza — starts Nov 30, 2037 · 3 documents missing');
      expect(reply.all).toContain('*EMP-8* João Pedro Lima — starts Dec 20, 2037 · 5 documents missing');
      expect(reply.all).toContain('*EMP-9* Marina Costa — starts Nov 10, 2037 · documents complete');
    });

    it('caps a long list with a "more" line counting every hire listed', async () => {
      const many = Array.from({ length: 63 }, (_, i) => ({ code: `NEW-${100 + i}`, name: `Pessoa ${i}`, start_date: '2037-12-01' }));
      await seed(ctx.db, 'employees', [...many, ...EMPLOYEES]);
      const reply = await admissions('list');
      // 63 new + EMP-7, EMP-8, EMP-9 = 66 tracked; EMP-1 started too long ago, EMP-6 is inactive.
      expect(reply.all).toContain('…and 6 more hires');
      expect(reply.blocks.length).toBeLessThanOrEqual(50);
    });

    it('says so when there is nobody to list', async () => {
      expect((await admissions('list')).all).toContain('No new hires starting from 30 days ago on.');
    });

    it("shows a hire's required document types, who received them, the start date and the eSocial deadline", async () => {
      await seed(ctx.db, 'employees', EMPLOYEES);
      const reply = await admissions('show emp-7', OUTSIDER);
      expect(reply.all).toContain('Ana Beatriz Souza (EMP-7)');
      expect(reply.all).toContain('*Start date*\nNov 30, 2037');
      expect(reply.all).toContain('*eSocial S-2200 deadline*\nNov 29, 2037 (send by Nov 27, 2037, the last working day)');
      expect(reply.all).toContain('*Documents* — 3 of 6 missing');
      expect(reply.all).toContain('CPF `cpf` — received by test · Nov 20, 2026'); // the seed's import actor
      expect(reply.all).toContain('ASO (pre-employment medical) `aso` — *missing*');
      expect(reply.all).toContain('voter ID `voter_id` — *missing*');
      expect(reply.all).not.toContain('military_service'); // not required from her
    });

    it('refuses an unknown or retired hire and a missing code', async () => {
      await seed(ctx.db, 'employees', EMPLOYEES);
      await expectRefusal('show EMP-404', 'There is no active hire with code `EMP-404`');
      await expectRefusal('show EMP-6', 'There is no active hire with code `EMP-6`');
      await expectRefusal('show', 'Missing CODE.', '/admissions show CODE');
    });

    it('explains every verb with `help`', async () => {
      const reply = await admissions('help');
      for (const usage of ['/admissions list', '/admissions show CODE', '/admissions received CODE DOC', '/admissions waive CODE DOC reason']) {
        expect(reply.all).toContain(usage);
      }
    });
  });

  describe('received', () => {
    it("records a document; the hire's alert shrinks in place, and the last one resolves it by the analyst", async () => {
      await seed(ctx.db, 'employees', EMPLOYEES);
      await postAlerts();
      const opened = await alertOf('EMP-7');
      expect((opened.details as { missing: string[] }).missing).toEqual(['proof_of_address', 'voter_id', 'aso']);

      const first = await admissions('received emp-7 ASO');
      expect(first.all).toContain('Document received from *Ana Beatriz Souza* (EMP-7): ASO (pre-employment medical).');
      expect(first.all).toContain('Still missing: proof of address, voter ID.');
      const aso = (await documentsOf('EMP-7')).get('aso')!;
      expect(aso).toMatchObject({ status: 'received', actor: ANALYST, waiverReason: null });
      expect(aso.changedAt?.toISOString()).toBe('2037-11-25T15:00:00.000Z');
      expect(await ctx.db.prisma.auditEvent.count({ where: { action: 'admissions.received', target: 'EMP-7', actor: ANALYST, outcome: 'ok' } })).toBe(1);

      const shrunk = await alertOf('EMP-7');
      expect(shrunk).toMatchObject({ id: opened.id, status: 'open' });
      expect((shrunk.details as { missing: string[] }).missing).toEqual(['proof_of_address', 'voter_id']);
      let message = await hrMessage(opened.messageTs!);
      expect(message.updates).toBe(1);
      expect(JSON.stringify(message.blocks)).toContain('2 of 6 missing');
      expect(JSON.stringify(message.blocks)).not.toContain('ASO');

      await admissions('received EMP-7 proof_of_address');
      const last = await admissions('received EMP-7 voter_id');
      expect(last.all).toContain('All required documents are in.');
      expect(await alertOf('EMP-7')).toMatchObject({ id: opened.id, status: 'resolved', resolvedBy: ANALYST });
      message = await hrMessage(opened.messageTs!);
      // Two updates queued before a send collapse into the latest one (the outbox supersedes the older).
      expect(message.updates).toBeGreaterThanOrEqual(2);
      expect(JSON.stringify(message.blocks)).toContain('resolved');
      expect(slack.fake.messages(HR).filter((m) => !m.thread_ts)).toHaveLength(1); // one message, updated in place
    });

    it('answers a document not required from that person with what is still missing, changing nothing', async () => {
      await seed(ctx.db, 'employees', EMPLOYEES);
      await expectRefusal('received EMP-7 military_service', '`military_service` is not required from EMP-7. Still missing: `proof_of_address`, `voter_id`, `aso`.');
      await expectRefusal('received EMP-9 marriage_certificate', '`marriage_certificate` is not required from EMP-9, and nothing is missing.');
    });

    it('refuses unknown codes, documents already received, and missing or extra arguments', async () => {
      await seed(ctx.db, 'employees', EMPLOYEES);
      await expectRefusal('received EMP-7 passport', '`passport` is not a document code. Known codes: `cpf`, `rg`');
      await expectRefusal('received EMP-7 cpf', '`cpf` from EMP-7 was already received');
      await expectRefusal('received EMP-7 12', 'DOC `12` must be a document code like aso or proof_of_address', '/admissions received CODE DOC');
      await expectRefusal('received EMP-404 aso', 'There is no active hire with code `EMP-404`');
      await expectRefusal('received EMP-7', 'Missing DOC.', '/admissions received CODE DOC');
      await expectRefusal('received EMP-7 aso rg', 'Unexpected `rg` at the end.', '/admissions received CODE DOC');
    });

    it('needs the HR team: a refusal names who can, is audited, and changes nothing', async () => {
      await seed(ctx.db, 'employees', EMPLOYEES);
      const before = await snapshot(ctx.db);
      const reply = await admissions('received EMP-7 aso', OUTSIDER);
      expect(reply.all).toContain('You are not allowed to change admission documents');
      expect(reply.all).toContain(`<@${ANALYST}>`);
      expect(await snapshot(ctx.db)).toBe(before);
      expect(await ctx.db.prisma.auditEvent.count({ where: { outcome: 'refused', actor: OUTSIDER, action: 'admissions.received' } })).toBe(1);
    });
  });

  describe('waive', () => {
    it('waives a document with its reason and actor; show tells who waived it and why', async () => {
      await seed(ctx.db, 'employees', EMPLOYEES);
      const reply = await admissions('waive EMP-8 Military_Service dispensado: maior de 45 anos');
      expect(reply.all).toContain("Document waived for *João Pedro Lima* (EMP-8): military service certificate.");
      expect(reply.all).toContain('Still missing: proof of address, voter ID, bank details, ASO (pre-employment medical).');
      expect((await documentsOf('EMP-8')).get('military_service')).toMatchObject({ status: 'waived', actor: ANALYST, waiverReason: 'dispensado: maior de 45 anos' });
      const audit = await ctx.db.prisma.auditEvent.findFirstOrThrow({ where: { action: 'admissions.waive' } });
      expect(audit).toMatchObject({ actor: ANALYST, target: 'EMP-8', outcome: 'ok', details: { documents: ['military_service'], reason: 'dispensado: maior de 45 anos' } });

      const shown = await admissions('show EMP-8');
      expect(shown.all).toContain(`military service certificate \`military_service\` — waived by <@${ANALYST}> · Nov 25, 2037, 12:00 PM: dispensado: maior de 45 anos`);
    });

    it('refuses a waiver without a reason, one already waived, and one not required', async () => {
      await seed(ctx.db, 'employees', EMPLOYEES);
      await expectRefusal('waive EMP-8 military_service', 'Missing reason.', '/admissions waive CODE DOC reason');
      await expectRefusal('waive EMP-8', 'Missing DOC.', '/admissions waive CODE DOC reason');
      await expectRefusal('waive EMP-7 military_service not needed', '`military_service` is not required from EMP-7');
      await admissions('waive EMP-8 military_service over 45');
      await expectRefusal('waive EMP-8 military_service again', '`military_service` from EMP-8 was already waived');
    });
  });
});
