// 我的: the order shortcuts with their counts, and the profile's words.
import type { MeResult, OrderStatus } from '../../../services/api';
import { ORDER_STATUS_WORDS as WORDS } from '../../../utils/status';

export interface OrderShortcut {
  status: OrderStatus;
  label: string;
  icon: string;
  count: number;
  /** '' for none, '99+' past 99. */
  badge: string;
}

const badge = (count: number) => (count <= 0 ? '' : count > 99 ? '99+' : String(count));

/** 待付款 / 待发货 / 待收货 / 退款售后, each opening the order list on its tab. */
export function orderShortcuts(orders: MeResult['orders']): OrderShortcut[] {
  const rows: Omit<OrderShortcut, 'badge'>[] = [
    { status: 'created', label: WORDS.created, icon: 'wallet', count: orders.created },
    { status: 'paid', label: WORDS.paid, icon: 'outbox', count: orders.paid },
    { status: 'shipped', label: WORDS.shipped, icon: 'undertake-delivery', count: orders.shipped },
    { status: 'refunding', label: '退款/售后', icon: 'rollback', count: orders.refunding },
  ];
  return rows.map((row) => ({ ...row, badge: badge(row.count) }));
}
