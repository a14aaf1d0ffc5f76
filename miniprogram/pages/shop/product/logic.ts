// Product detail: what the page shows — the gallery (the video first, then the pictures), the price (a limited-time
// price beside the one it cut), the SKU chosen or still to choose, the product's coupons in a line, and the
// 「分享赚」 hint only an active distributor sees.
import type { AnswerFor, CenterCoupon, Product } from '../../../services/api';
import { formatFen } from '../../../utils/money';
import { hasSpecs, Selection, skuView, SkuView } from '../../../utils/sku';

export interface ProductView {
  /** The chosen SKU's price, else the product's (「¥58.00 起」 when its SKUs differ). */
  priceText: string;
  /** The price a limited-time price cut, struck through beside it; '' when none. */
  listPriceText: string;
  stockText: string;
  /** Something of it can be bought: the buy buttons are on (with specifications they open the picker). */
  canBuy: boolean;
  /** 「分享赚 ¥x」, or '' when the viewer is not an active distributor or would earn nothing. */
  shareHint: string;
  /** An active distributor may share and make a poster even of a product that pays nothing. */
  canShare: boolean;
  /** The pictures of the swiper (one grey slide for a product without any). */
  gallery: string[];
  /** Why the buy buttons are off: 已售罄 / 已下架; '' when it can be bought. */
  soldOutText: string;
  /** The product sells SKUs: a spec must be chosen before it goes to the cart. */
  hasSpecs: boolean;
  /** 「请选择 年份、规格」 or 「已选：2019年 / 357g」 ('' without specifications). */
  specText: string;
}

/** What order.product answers, and the values chosen in the SKU picker so far. */
export function productView(
  { product, share }: AnswerFor<'order', 'product'>,
  selection: Selection = [],
): ProductView {
  const earn = share?.earnFen ?? 0;
  const onSale = product.status === 'on' && product.stock > 0;
  const specs = hasSpecs(product);
  const sku: SkuView | null = specs ? skuView(product, selection) : null;
  return {
    priceText: sku ? sku.priceText : formatFen(product.price),
    listPriceText: sku ? sku.listPriceText : product.listPrice ? formatFen(product.listPrice) : '',
    stockText: sku ? sku.stockText : product.stock > 0 ? `库存 ${product.stock} 件` : '已售罄',
    canBuy: onSale,
    shareHint: earn > 0 ? `分享赚 ${formatFen(earn)}` : '',
    canShare: !!share,
    gallery: product.images.length ? product.images : [''],
    soldOutText: onSale ? '' : product.status !== 'on' ? '已下架' : '已售罄',
    hasSpecs: specs,
    specText: sku ? sku.chosenText : '',
  };
}

export interface Slide {
  key: string;
  kind: 'video' | 'image';
  /** The picture (or, for the video, the address it plays from). */
  src: string;
  /** The video's cover: the product's first picture. */
  poster: string;
}

/** The swiper: the product's video first when it has one (shown as its cover until tapped), then its pictures. */
export function gallerySlides(product: Pick<Product, 'images'>, videoUrl: string): Slide[] {
  const images = product.images.length ? product.images : [''];
  const slides: Slide[] = images.map((src, i) => ({ key: `image-${i}`, kind: 'image', src, poster: '' }));
  return videoUrl
    ? [{ key: 'video', kind: 'video', src: videoUrl, poster: images[0] ?? '' }, ...slides]
    : slides;
}

/** The coupons line: the first rules in words (「满100减20 · 9折，最多减30元」), '' when there are none. */
export function couponsSummary(coupons: Pick<CenterCoupon, 'ruleText'>[], shown = 2): string {
  if (!coupons.length) return '';
  const rules = coupons.slice(0, shown).map((coupon) => coupon.ruleText);
  return coupons.length > shown ? `${rules.join(' · ')} 等 ${coupons.length} 张` : rules.join(' · ');
}

/** The poster page for this product: the distributor's code with its picture and price. */
export const posterPath = (productId: string) =>
  `/pages/distributor/poster/index?productId=${encodeURIComponent(productId)}`;

/** The share card carries the distributor's invite code so whoever opens it is bound to them. */
export function productSharePath(productId: string, inviteCode: string | undefined): string {
  const base = `/pages/shop/product/index?id=${encodeURIComponent(productId)}`;
  return inviteCode ? `${base}&inviteCode=${encodeURIComponent(inviteCode)}` : base;
}
