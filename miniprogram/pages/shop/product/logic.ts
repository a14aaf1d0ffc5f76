// Product detail: what the page shows, including the 「分享赚」 hint only an active distributor sees.
import type { AnswerFor } from '../../../services/api';
import { formatFen } from '../../../utils/money';

export interface ProductView {
  priceText: string;
  stockText: string;
  canBuy: boolean;
  /** 「分享赚 ¥x」, or '' when the viewer is not an active distributor or would earn nothing. */
  shareHint: string;
  /** An active distributor may share and make a poster even of a product that pays nothing. */
  canShare: boolean;
  /** The pictures of the swiper (one grey slide for a product without any). */
  gallery: string[];
  /** Why the buy buttons are off: 已售罄 / 已下架; '' when it can be bought. */
  soldOutText: string;
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
    canShare: !!share,
    gallery: product.images.length ? product.images : [''],
    soldOutText: onSale ? '' : product.status !== 'on' ? '已下架' : '已售罄',
  };
}

/** The poster page for this product: the distributor's code with its picture and price. */
export const posterPath = (productId: string) =>
  `/pages/distributor/poster/index?productId=${encodeURIComponent(productId)}`;

/** The share card carries the distributor's invite code so whoever opens it is bound to them. */
export function productSharePath(productId: string, inviteCode: string | undefined): string {
  const base = `/pages/shop/product/index?id=${encodeURIComponent(productId)}`;
  return inviteCode ? `${base}&inviteCode=${encodeURIComponent(inviteCode)}` : base;
}
