// 领取 on a coupon's button (the coupon centre, a product's coupons): one claim at a time, said in a toast, and
// the page's coupons read again whatever came of it (how many are held and left changed, or the coupon is gone).
// Apart from utils/coupon.ts, which stays free of `wx` for the tests that run in Node.
import * as order from '../services/order';
import type { CenterCouponView } from './coupon';
import { runAction } from './paged';

interface ClaimPage {
  data: { coupons: CenterCouponView[]; claiming: string };
  setData(data: Record<string, unknown>): void;
}

/**
 * Claims the coupon the tapped button names (data-id) when it can be claimed and no claim is under way
 * (data.claiming holds the one being claimed); then `reload` reads the coupons again. The server keeps the
 * limits and says which one a refusal met.
 */
export async function claimTapped(
  page: ClaimPage,
  e: { currentTarget: { dataset: Record<string, unknown> } },
  reload: () => Promise<unknown>,
): Promise<void> {
  const couponId = String(e.currentTarget.dataset.id ?? '');
  const coupon = page.data.coupons.find((c) => c.couponId === couponId);
  if (!coupon?.canClaim || page.data.claiming) return;
  await runAction(page, 'claiming', () => order.claimCoupon(couponId), '领取成功', { busy: couponId });
  await reload();
}
