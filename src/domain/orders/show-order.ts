import { dateInZone } from '../../lib/time/calendar.js';
import type { AlertStatus } from '../alerts/alert-types.js';
import { keyOf } from '../import/values.js';
import { orderAlertFingerprint, orderNotFound, toOrderSummary, type OrderDeps, type OrderSummary } from './order-record.js';

export interface OrderDetails extends OrderSummary {
  /** the order's current alert (the unresolved one, else the latest), if it ever had one */
  alert: { id: number; status: AlertStatus } | null;
}

export async function showOrder(deps: OrderDeps, number: string): Promise<OrderDetails> {
  const { db, i18n } = deps;
  const today = dateInZone(deps.clock.now(), deps.config.timezone);
  const [order, alerts] = await Promise.all([
    db.prisma.order.findUnique({ where: { numberKey: keyOf(number) } }),
    db.prisma.alert.findMany({ where: { fingerprint: orderAlertFingerprint(number) }, orderBy: { id: 'desc' }, select: { id: true, status: true } }),
  ]);
  if (!order || !order.active) throw orderNotFound(i18n, number);
  const alert = alerts.find((a) => a.status !== 'resolved') ?? alerts[0] ?? null;
  return { ...toOrderSummary(order, today, deps.config.holidays), alert };
}
