// Product detail: what the page shows, including the 「分享赚」 hint only an active distributor sees.
import type { MeResult, Product, Rates } from '../../../services/types';
import { commissionPreview, formatFen } from '../../../utils/money';

export interface ProductView {
  priceText: string;
  stockText: string;
  canBuy: boolean;
  /** 「分享赚 ¥x」, or '' when the viewer is not an active distributor or would earn nothing. */
  shareHint: string;
}

/** The shop's level-1 rate as join.me reports it (distributor's grade rates first, then the shop's). */
export function ratesFromMe(me: MeResult | null): Rates | null {
  if (!me) return null;
  return me.distributor?.rates ?? me.rates ?? me.settings?.rates ?? null;
}

export function productView(product: Product, me: MeResult | null): ProductView {
  const active = me?.user?.distributor?.status === 'active' || me?.distributor?.status === 'active';
  const earn = active ? commissionPreview(product.price, product.commission, ratesFromMe(me)) : null;
  const onSale = product.status === 'on' && product.stock > 0;
  return {
    priceText: formatFen(product.price),
    stockText: product.stock > 0 ? `库存 ${product.stock} 件` : '已售罄',
    canBuy: onSale,
    shareHint: earn ? `分享赚 ${formatFen(earn)}` : '',
  };
}

/** The share card carries the distributor's invite code so whoever opens it is bound to them. */
export function productSharePath(productId: string, inviteCode: string | undefined): string {
  const base = `/pages/shop/product/index?id=${encodeURIComponent(productId)}`;
  return inviteCode ? `${base}&inviteCode=${encodeURIComponent(inviteCode)}` : base;
}
