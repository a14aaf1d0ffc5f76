// Shop home: the product cards and category chips, derived from catalog pages.
import type { CenterCoupon, Product } from '../../../services/api';
import { formatFen } from '../../../utils/money';
import { shelfPriceText } from '../../../utils/sku';

export interface ProductCard extends Product {
  /** The lowest price (「¥58.00 起」 when its SKUs differ). */
  priceText: string;
  /** The price a limited-time price cut, struck through; ''. */
  listPriceText: string;
  /** A limited-time price is on: the card says 限时. */
  limited: boolean;
  cover: string;
  soldOut: boolean;
}

export function toCards(items: Product[]): ProductCard[] {
  return items.map((item) => ({
    ...item,
    priceText: shelfPriceText(item),
    listPriceText: item.listPrice ? formatFen(item.listPrice) : '',
    limited: !!item.limitedEndsAt,
    cover: item.images[0] ?? '',
    soldOut: item.stock <= 0,
  }));
}

/** The coupon centre's strip: 「3 张优惠券可领」 when any can be claimed now, '' otherwise. */
export function couponStrip(coupons: Pick<CenterCoupon, 'canClaim'>[]): string {
  const claimable = coupons.filter((coupon) => coupon.canClaim).length;
  return claimable ? `${claimable} 张优惠券可领` : '';
}

/** The chips: 「全部」 first, then the categories of products on sale as order.categories answers them. */
export function categoryChips(items: { category: string }[]): string[] {
  return ['全部', ...items.map((item) => item.category).filter((name) => name && name !== '全部')];
}

/** What catalog gets for the chosen chip and typed keyword (「全部」 means no filter). */
export function catalogQuery(category: string, keyword: string): { category?: string; keyword?: string } {
  const query: { category?: string; keyword?: string } = {};
  if (category && category !== '全部') query.category = category;
  if (keyword.trim()) query.keyword = keyword.trim();
  return query;
}

export interface BannerView {
  key: string;
  image: string;
  /** The product it opens, '' for a picture only. */
  productId: string;
}

/** order.shop's banners as the swiper shows them (a banner without a picture is skipped). */
export function bannerViews(banners: { image: string; productId?: string }[]): BannerView[] {
  return banners
    .filter((banner) => !!banner.image)
    .map((banner, i) => ({ key: `${i}`, image: banner.image, productId: banner.productId ?? '' }));
}
