// The alert kind registries (src/domain/kinds, src/blocks/kinds): one module per kind, and every
// per-kind list, lock, channel and button derived from them.
import { describe, expect, it } from 'vitest';
import { ALERT_ACTIONS } from '../../src/blocks/action-ids.js';
import { renderAlertMessage } from '../../src/blocks/alerts/render-alert.js';
import { ALERT_KIND_VIEWS, kindOfFixButton } from '../../src/blocks/kinds/index.js';
import { channelFor } from '../../src/domain/alerts/alert-channels.js';
import type { AlertKind } from '../../src/domain/alerts/alert-types.js';
import { ALERT_KINDS, KIND_ORDER, perKind, WATCHERS } from '../../src/domain/kinds/index.js';
import { createI18n } from '../../src/i18n/index.js';
import { assertNever } from '../../src/lib/assert-never.js';
import { AppError } from '../../src/lib/errors.js';
import { alertOfKind } from '../support/alert-fixtures.js';

const en = createI18n('en', 'America/Sao_Paulo');
const kinds = Object.keys(ALERT_KINDS) as AlertKind[];

describe('alert kind registry', () => {
  it('has one domain module and one view per kind, each naming its own kind', () => {
    expect(kinds).toEqual(expect.arrayContaining(['low_stock', 'unpaid_order', 'missing_documents']));
    expect(Object.keys(ALERT_KIND_VIEWS).sort()).toEqual([...kinds].sort());
    for (const kind of kinds) {
      expect(ALERT_KINDS[kind].kind).toBe(kind);
      expect(ALERT_KINDS[kind].watcher.kind).toBe(kind);
    }
  });

  it('orders kinds stock, money, people — everywhere, from the display order', () => {
    expect(KIND_ORDER).toEqual(['low_stock', 'unpaid_order', 'missing_documents']);
    expect(WATCHERS.map((w) => w.kind)).toEqual(KIND_ORDER);
    expect(new Set(kinds.map((k) => ALERT_KINDS[k].displayOrder)).size).toBe(kinds.length);
    expect(perKind((kind) => KIND_ORDER.indexOf(kind))).toEqual({ low_stock: 0, unpaid_order: 1, missing_documents: 2 });
  });

  it('gives each kind its own advisory lock (the IDs the reconciler has always taken)', () => {
    const locks = perKind((kind) => ALERT_KINDS[kind].lockId);
    expect(locks).toMatchObject({ low_stock: 72_707_301, unpaid_order: 72_707_302, missing_documents: 72_707_303 });
    expect(new Set(Object.values(locks)).size).toBe(kinds.length);
  });

  it("announces a kind in its owning team's channel, or a terminal channel in local mode", () => {
    const channels = { stock: 'CSTOCK', finance: 'CFIN', hr: undefined, digest: undefined };
    expect(perKind((kind) => channelFor({ channels, mode: 'socket' }, kind))).toMatchObject({ low_stock: 'CSTOCK', unpaid_order: 'CFIN', missing_documents: undefined });
    expect(channelFor({ channels, mode: 'local' }, 'missing_documents')).toBe('local-hr');
  });

  it('keys a follow-up by the subject as the watcher does (NFC, lower case)', () => {
    for (const kind of kinds) expect(ALERT_KINDS[kind].subjectKey('Cafe\u0301-500')).toBe('café-500');
  });

  it('shows each kind its own fix buttons first, and finds the kind of every fix button', () => {
    const owners = new Map<string, AlertKind>();
    for (const kind of kinds) {
      const buttons = renderAlertMessage(en, alertOfKind(kind)).blocks.at(-1);
      const ids = buttons?.type === 'actions' ? buttons.elements.map((e) => ('action_id' in e ? e.action_id : undefined)) : [];
      const fixes = ALERT_KIND_VIEWS[kind].fixButtons.map((b) => b.actionId);
      expect(ids.slice(0, fixes.length)).toEqual(fixes);
      for (const id of fixes) {
        expect(owners.has(id), `${id} belongs to two kinds`).toBe(false);
        owners.set(id, kind);
        expect(kindOfFixButton(id)).toBe(kind);
      }
    }
    expect(() => kindOfFixButton(ALERT_ACTIONS.acknowledge)).toThrow(AppError);
  });
});

describe('assertNever', () => {
  it('fails loudly, as an internal AppError naming the value, on a member outside the union', () => {
    const outsider = 'escalated_twice' as never;
    expect(() => assertNever(outsider, 'alert event type')).toThrow(/unexpected alert event type: "escalated_twice"/);
    const thrown = (() => {
      try {
        return assertNever(outsider);
      } catch (error) {
        return error;
      }
    })();
    expect(thrown).toBeInstanceOf(AppError);
    expect((thrown as AppError).code).toBe('internal');
  });
});
