import type { LowStockDetails } from '../../domain/alerts/alert-types.js';
import { ALERT_ACTIONS } from '../action-ids.js';
import { CLIP } from '../alerts/alert-format.js';
import { escapeClip, truncateChars } from '../kit.js';
import type { AlertKindView } from './alert-kind-view.js';

export const lowStockView: AlertKindView<LowStockDetails> = {
  title(i18n, d) {
    const key = d.stock <= 0 ? 'alert.lowStock.titleOut' : d.predicted ? 'alert.lowStock.titlePredicted' : 'alert.lowStock.title';
    return i18n.t(key, { sku: truncateChars(d.sku, CLIP.subject) });
  },

  summary(i18n, d, title) {
    const clip = (text: string) => truncateChars(text, 60);
    return i18n.t('alert.lowStock.summary', { title, name: clip(d.name), stock: d.stock, unit: clip(d.unit), min: d.minStock });
  },

  name: (d) => d.name,

  keyFigure(i18n, d) {
    return i18n.t('alert.lowStock.line', { stock: d.stock, unit: escapeClip(d.unit, CLIP.unit), min: d.minStock });
  },

  bodyLines(i18n, d, resolved) {
    const unit = escapeClip(d.unit, CLIP.unit);
    const lines = [`*${escapeClip(d.name, CLIP.name)}*`, i18n.t('alert.lowStock.stock', { stock: d.stock, unit, min: d.minStock })];
    // Forecast and reorder advice only while there is something to do.
    if (resolved) return lines;
    if (d.stock > 0 && d.daysOfCover !== null) {
      let cover = d.daysOfCover <= 0 ? i18n.t('alert.lowStock.coverToday') : i18n.plural('alert.lowStock.cover', d.daysOfCover);
      if (d.dailyUsage !== null && d.dailyUsage > 0) {
        cover += ` ${i18n.t('alert.lowStock.usage', { usage: Math.round(d.dailyUsage * 10) / 10, unit })}`;
      }
      lines.push(cover);
    }
    if (d.reorderQty !== null && d.reorderQty > 0) lines.push(i18n.t('alert.lowStock.reorder', { qty: d.reorderQty, unit }));
    return lines;
  },

  autoReason(i18n, d) {
    return i18n.t('alert.autoReason.low_stock', { stock: d.stock, unit: escapeClip(d.unit, CLIP.unit) });
  },

  worsened(i18n, d, previous) {
    const unit = escapeClip(d.unit, CLIP.unit);
    if (previous && d.stock < previous.stock) {
      return d.stock <= 0
        ? i18n.t('alert.note.outOfStock', { before: previous.stock, unit })
        : i18n.t('alert.note.stockFell', { before: previous.stock, after: d.stock, unit });
    }
    return i18n.t('alert.note.worsened', { figure: lowStockView.keyFigure(i18n, d) });
  },

  woke: () => undefined,

  fixButtons: [{ label: 'alert.button.restock', actionId: ALERT_ACTIONS.restock, style: 'primary' }],
};
