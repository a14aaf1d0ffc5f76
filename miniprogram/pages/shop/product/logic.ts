// Product detail: what the page shows, including the 「分享赚」 hint only an active distributor sees.
import type { AnswerFor } from '../../../services/api';
import { formatFen } from '../../../utils/money';

export interface ProductView {
  priceText: string;
  stockText: string;
  canBuy: boolean;
  /** 「分享赚 ¥x」, or '' when the viewer is not an active distributor or would earn nothing. */
  shareHint: string;
}

/** What order.product answers: the product, and for an active distributor what sharing it earns. */
export function productView({ product, share }: AnswerFor<'order', 'product'>): ProductView {
  const earn = share?.earnFen ?? 0;
  const onSale = product.status === 'on' && product.stock > 0;
  return {
    priceText: formatFen(product.price),
    stockText: product.stock > 0 ? `库存 ${product.stock} 件` : '已售罄',
    canBuy: onSale,
    shareHint: earn > 0 ? `分享赚 ${formatFen(earn)}` : '',
  };
}

/** The share card carries the distributor's invite code so whoever opens it is bound to them. */
export function productSharePath(productId: string, inviteCode: string | undefined): string {
  const base = `/pages/shop/product/index?id=${encodeURIComponent(productId)}`;
  return inviteCode ? `${base}&inviteCode=${encodeURIComponent(inviteCode)}` : base;
}
