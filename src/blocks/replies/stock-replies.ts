import type { StockChangeResult } from '../../domain/stock/change-stock.js';
import type { ProductList } from '../../domain/stock/list-products.js';
import type { ProductDetails } from '../../domain/stock/show-product.js';
import type { I18n, MessageKey } from '../../i18n/index.js';
import { actorName, actorSubject, CLIP } from '../alerts/alert-format.js';
import { context, escapeClip, escapeText, fields, header, section, sectionsFromLines, type KnownBlock } from '../kit.js';
import type { Reply } from '../reply.js';

export function renderProductList(i18n: I18n, list: ProductList): Reply {
  const title = i18n.t(list.lowOnly ? 'stock.list.titleLow' : 'stock.list.title');
  if (list.products.length === 0) {
    const empty = i18n.t(list.lowOnly ? 'stock.list.emptyLow' : 'stock.list.empty');
    return { text: empty, blocks: [header(title), section(empty)], visibility: 'ephemeral' };
  }
  const lines = list.products.map((p) => {
    const marker = p.stock === 0 ? ':red_circle:' : p.stock <= p.minStock ? ':large_orange_circle:' : ':white_circle:';
    const text = i18n.t('stock.list.line', { sku: escapeText(p.sku), name: escapeText(p.name), stock: p.stock, unit: escapeText(p.unit), min: p.minStock });
    return `${marker} ${text}`;
  });
  const hidden = list.total - list.products.length;
  const blocks: KnownBlock[] = [header(title), ...sectionsFromLines(lines)];
  if (hidden > 0) blocks.push(context(i18n.plural('stock.list.more', hidden)));
  return { text: `${title}: ${list.total}`, blocks, visibility: 'ephemeral' };
}

export function renderProductDetails(i18n: I18n, product: ProductDetails): Reply {
  const unit = escapeText(product.unit);
  const title = i18n.t('stock.show.title', { sku: product.sku, name: product.name });
  const facts = [
    i18n.t('stock.show.stock', { stock: product.stock, unit }),
    i18n.t('stock.show.min', { min: product.minStock, unit }),
    ...(product.reorderQty ? [i18n.t('stock.show.reorder', { qty: product.reorderQty, unit })] : []),
  ];
  const movements = product.movements.map((m) => {
    const line = i18n.t('stock.show.movement', {
      when: i18n.dateTime(m.at),
      delta: m.delta > 0 ? `+${i18n.number(m.delta)}` : i18n.number(m.delta),
      after: m.stockAfter,
      reason: reasonLabel(i18n, m.reason),
      actor: actorName(i18n, m.actor),
    });
    return m.note ? `${line} · “${escapeClip(m.note, CLIP.note)}”` : line;
  });
  if (product.initial) movements.push(i18n.t('stock.show.initial', { when: i18n.dateTime(product.initial.at), stock: i18n.number(product.initial.stock) }));
  // One line per movement: a context block lays its elements out side by side.
  const blocks: KnownBlock[] = [
    header(title),
    fields(facts),
    ...(movements.length > 0
      ? sectionsFromLines([i18n.t('stock.show.movements'), ...movements])
      : [section(i18n.t('stock.show.movements')), context(i18n.t('stock.show.noMovements'))]),
  ];
  return { text: `${title}: ${product.stock} ${product.unit}`, blocks, visibility: 'ephemeral' };
}

export function renderStockChanged(i18n: I18n, actorId: string, kind: 'restock' | 'set' | 'min', result: StockChangeResult): Reply {
  const params = {
    actor: actorSubject(i18n, actorId),
    sku: escapeText(result.sku),
    name: escapeText(result.name),
    unit: escapeText(result.unit),
    quantity: result.after.stock - result.before.stock,
    stock: result.after.stock,
    min: result.after.minStock,
    before: kind === 'min' ? result.before.minStock : result.before.stock,
  };
  const text = i18n.t(`stock.changed.${kind}`, params);
  return { text, blocks: [section(`:white_check_mark: ${text}`)], visibility: 'ephemeral' };
}

function reasonLabel(i18n: I18n, reason: string): string {
  const key = `stock.reason.${reason}` as MessageKey;
  return key in REASON_KEYS ? i18n.t(key) : reason;
}
const REASON_KEYS = { 'stock.reason.import': 1, 'stock.reason.restock': 1, 'stock.reason.set': 1 };
