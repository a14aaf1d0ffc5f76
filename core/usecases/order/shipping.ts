// Shipping: the merchant ships (or corrects the shipment once), the shipment is uploaded to WeChat's
// 发货信息管理 (money stays frozen until it is, on accounts under 交易结算管理), a failed upload is retried by
// the settle timer with a growing pause and shown on the merchant's to-do, and the buyer follows the parcel.
import type { AdminOrder, TrackingRoute } from '../../contracts/order';
import { beijingDateTime } from '../../domain/analytics';
import { expressName, logisticsDeliveryId, maskedPhone } from '../../domain/express';
import { itemsSummary, Order, orderMachine, ShippingUpload } from '../../domain/order';
import type { Settings } from '../../domain/settings';
import { notFound, precondition } from '../../errors';
import type { ActionContext } from '../../handler';
import { command, find, getById, inTransaction, txGet, txUpdate, updateById } from '../../data/db';
import { audit } from '../../data/events';
import { notify } from '../../data/notices';
import { logisticsPath, OpenApiError, uploadShippingInfo } from '../../data/openapi';
import { kuaidi100Query } from '../../data/kuaidi100';
import { loadSettings } from '../../data/settings';
import { nicknamesOf } from '../../data/users';
import { adminOrder } from './views';

/** Pauses before each retry: a payment can take a minute to reach 发货信息管理 (10060001 right after paying). */
const RETRY_AFTER_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000, 6 * 3_600_000, 24 * 3_600_000];
/** From this many failed attempts on, the merchant's to-do shows the order. */
export const UPLOAD_ALERT_ATTEMPTS = 3;

const rfc3339Beijing = (at: Date) => `${beijingDateTime(at).replace(' ', 'T')}+08:00`;

/** Uploads the order's shipment; records the outcome on the order (never throws for the platform's refusal). */
export async function uploadShipment(order: Order, now: Date): Promise<ShippingUpload> {
  const previous = order.shippingUpload;
  const attempts = (previous?.attempts ?? 0) + 1;
  const info = order.shippingInfo;
  const transactionId = order.payment?.transactionId;
  let upload: ShippingUpload;
  if (!info || !transactionId) {
    upload = { state: 'skipped', attempts };
  } else {
    try {
      await uploadShippingInfo({
        transactionId,
        payerOpenid: order.buyerId,
        expressCompany: info.expressCompany ?? info.carrier,
        trackingNo: info.trackingNo,
        itemDesc: Array.from(itemsSummary(order.items)).slice(0, 120).join(''),
        receiverContact: maskedPhone(order.address.telNumber),
        uploadTime: rfc3339Beijing(now),
      });
      upload = { state: 'uploaded', attempts, uploadedAt: now };
    } catch (error) {
      const errCode = error instanceof OpenApiError ? error.errCode : -1;
      const message = error instanceof Error ? error.message : String(error);
      const pause = RETRY_AFTER_MS[Math.min(attempts - 1, RETRY_AFTER_MS.length - 1)]!;
      upload = {
        state: 'retrying',
        attempts,
        lastError: { errCode, message },
        nextAt: new Date(now.getTime() + pause),
      };
    }
  }
  await updateById('orders', order._id, { shippingUpload: upload });
  return upload;
}

/**
 * orders.ship: ships a paid order, or corrects the shipment of one not received yet (once: WeChat
 * accepts one re-upload). The buyer hears of it if they subscribed.
 */
export async function shipOrder(
  input: { orderId: string; expressCompany: string; trackingNo: string },
  ctx: ActionContext,
): Promise<{ order: AdminOrder }> {
  const settings = await loadSettings();
  const shipped = await inTransaction(async (tx) => {
    const order = await txGet<Order>(tx, 'orders', input.orderId);
    if (!order) throw notFound('订单不存在');
    const correcting = order.status === 'shipped';
    if (correcting && order.reshipped) throw precondition('发货信息已修改过一次，不能再改');
    if (!correcting) orderMachine.assertMove(order.status, 'shipped');
    const shippingInfo = {
      expressCompany: input.expressCompany,
      carrier: expressName(input.expressCompany),
      trackingNo: input.trackingNo,
      shippedAt: ctx.now,
    };
    const changes = {
      status: 'shipped' as const,
      shippedAt: correcting ? order.shippedAt : ctx.now,
      shippingInfo,
      ...(correcting ? { reshipped: true } : {}),
      updatedAt: ctx.now,
    };
    await txUpdate(tx, 'orders', order._id, changes);
    await audit(
      {
        type: correcting ? 'order.reship' : 'order.ship',
        subjectId: order._id,
        actorId: ctx.openid,
        source: 'admin',
        detail: shippingInfo,
      },
      ctx.now,
      tx,
    );
    return { ...order, ...changes } as Order;
  });
  if (settings.wechatShipping.enabled) await uploadShipment(shipped, ctx.now);
  await notify(
    'orderShipped',
    shipped.buyerId,
    `${shipped._id}:${input.trackingNo}`,
    {
      orderNo: shipped.orderNo ?? shipped._id,
      goods: itemsSummary(shipped.items),
      carrier: expressName(input.expressCompany),
      trackingNo: input.trackingNo,
    },
    ctx.now,
  );
  const fresh = (await getById<Order>('orders', shipped._id)) ?? shipped;
  const names = await nicknamesOf(
    [fresh.buyerId, fresh.referrer.level1?.userId, fresh.referrer.level2?.userId].filter(
      (id): id is string => !!id,
    ),
  );
  return { order: adminOrder(fresh, names) };
}

/** The settle timer's step: uploads due for another try. Answers how many were tried. */
export async function retryShipmentUploads(
  settings: Settings,
  now: Date,
  checkTime: () => void,
): Promise<number> {
  if (!settings.wechatShipping.enabled) return 0;
  const _ = command();
  const due = await find<Order>(
    'orders',
    { 'shippingUpload.state': 'retrying', 'shippingUpload.nextAt': _.lte(now) },
    { limit: 100 },
  );
  for (const order of due) {
    checkTime();
    await uploadShipment(order, now);
  }
  return due.length;
}

/** Route steps older than this are asked for again (third-party providers limit how often). */
const ROUTE_FRESH_MS = 30 * 60_000;

/** The parcel's route, newest first, from the provider the merchant chose (cached for a while). */
export async function parcelRoute(order: Order, settings: Settings, now: Date): Promise<TrackingRoute> {
  const info = order.shippingInfo;
  if (!info) throw precondition('订单还没有发货');
  const base = { carrier: info.carrier, trackingNo: info.trackingNo };
  const cached = order.route;
  if (
    cached?.trackingNo === info.trackingNo &&
    now.getTime() - new Date(cached.at).getTime() < ROUTE_FRESH_MS
  )
    return { ...base, events: cached.events };
  if (settings.tracking.provider === 'none') return { ...base, events: [] };
  let events: TrackingRoute['events'];
  try {
    events =
      settings.tracking.provider === 'logistics'
        ? (
            await logisticsPath({
              orderId: order._id,
              openid: order.buyerId,
              deliveryId: logisticsDeliveryId(info.expressCompany ?? info.carrier),
              waybillId: info.trackingNo,
            })
          )
            .map((step) => ({ at: new Date(step.actionTime * 1000), text: step.actionMsg }))
            .reverse()
        : await kuaidi100Query(info.expressCompany ?? info.carrier, info.trackingNo, order.address.telNumber);
  } catch (error) {
    // 物流助手 knows only waybills it made; a provider may be down. The parcel is fine: say so, cache nothing.
    console.warn(`route of ${order._id} (${settings.tracking.provider}) unavailable`, error);
    return { ...base, events: [], note: '暂时查不到物流轨迹，可复制单号到快递公司查询' };
  }
  await updateById('orders', order._id, { route: { trackingNo: info.trackingNo, events, at: now } });
  return { ...base, events };
}

/** order.track: the buyer follows their parcel. */
export async function trackOrder(input: { orderId: string }, ctx: ActionContext): Promise<TrackingRoute> {
  const order = await getById<Order>('orders', input.orderId);
  if (!order || order.buyerId !== ctx.openid) throw notFound('订单不存在');
  return parcelRoute(order, await loadSettings(), ctx.now);
}

/** admin orders.track: the merchant follows any parcel. */
export async function trackAnyOrder(input: { orderId: string }, ctx: ActionContext): Promise<TrackingRoute> {
  const order = await getById<Order>('orders', input.orderId);
  if (!order) throw notFound('订单不存在');
  return parcelRoute(order, await loadSettings(), ctx.now);
}
