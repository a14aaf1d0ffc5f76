// order.pay: asks the payment provider for what wx.requestPayment takes; the money moves only when
// the provider's notification arrives (payNotify).
import type { PaymentParams } from '../../contracts/order';
import { Order } from '../../domain/order';
import { Settings } from '../../domain/settings';
import { AppError, notFound, precondition } from '../../errors';
import { ActionContext } from '../../handler';
import { getById } from '../../data/db';
import { cloudPayProvider, PaymentError, PaymentProvider } from '../../data/payment';
import { loadSettings } from '../../data/settings';
import { wechatpayV3Provider } from '../../data/wechatpay-v3';

/** The adapter the merchant chose in settings. */
export function providerFor(settings: Settings): PaymentProvider {
  if (settings.payment.provider === 'cloudPay') {
    if (!settings.payment.subMchId)
      throw new AppError('FAILED_PRECONDITION', '商家尚未配置微信支付商户号，暂不能支付');
    return cloudPayProvider(settings.payment.subMchId);
  }
  if (settings.payment.provider === 'wechatpay-v3') return wechatpayV3Provider(settings.payment);
  throw new AppError('FAILED_PRECONDITION', '当前支付方式尚未开通，请联系商家');
}

/** The adapter, or none when the merchant has not set payment up (then no payment can have been made). */
export function configuredProvider(settings: Settings): PaymentProvider | undefined {
  try {
    return providerFor(settings);
  } catch {
    return undefined;
  }
}

/** An order the caller owns; someone else's order is reported as missing, not as forbidden. */
export async function ownOrder(orderId: string, ctx: ActionContext): Promise<Order> {
  const order = await getById<Order>('orders', orderId);
  if (!order || order.buyerId !== ctx.openid) throw notFound('订单不存在');
  return order;
}

export async function payOrder(
  input: { orderId: string },
  ctx: ActionContext,
): Promise<{ payment: PaymentParams; outTradeNo: string }> {
  const order = await ownOrder(input.orderId, ctx);
  if (order.status !== 'created') throw precondition('订单当前状态不能支付');
  if (new Date(order.expiresAt) <= ctx.now) throw precondition('订单已超时，请重新下单');
  const settings = await loadSettings();
  try {
    const payment = await providerFor(settings).createPayment({
      outTradeNo: order.outTradeNo,
      totalFee: order.amount,
      description: `${settings.shopName}-${order.items[0]?.name ?? '商品'}`,
      openid: ctx.openid,
    });
    return { payment, outTradeNo: order.outTradeNo };
  } catch (error) {
    if (error instanceof PaymentError) throw precondition(`支付下单失败：${error.message}`);
    throw error;
  }
}
