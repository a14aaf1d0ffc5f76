// Parcel routes: a deterministic simulated route for any express company and tracking number, which
// moves on with the virtual clock (collected, in transit, out for delivery, signed about 1.5–2 days after
// shipping). A parcel starts when uploadShippingInfo shipped it, else when it is first asked about.
// Served as 物流助手's logistics.getPath (on the platform only for waybills made with logistics.addOrder)
// and as GET /_logistics/<company>/<trackingNo> for people and tests.
import { createHash } from 'node:crypto';
import { Route, sendJson } from '../server';
import type { OpenApiHandler } from './openapi';
import { ok, PlatformContext, wxAnswer } from './platform-context';
import { DELIVERY_COMPANIES } from './shipping';

/** 物流助手's action_type values. */
export const ACTION = {
  collected: 100001,
  inTransit: 200001,
  outForDelivery: 300002,
  signed: 300003,
  stuck: 400002,
} as const;

export interface RouteNode {
  /** Unix seconds. */
  action_time: number;
  action_type: number;
  action_msg: string;
}

const CITIES = [
  '广州',
  '深圳',
  '上海',
  '杭州',
  '北京',
  '成都',
  '武汉',
  '南京',
  '西安',
  '长沙',
  '郑州',
  '厦门',
];
const HOUR = 3_600_000;

/**
 * The whole route of a parcel shipped at `startMs`: the same company, number and start always give the
 * same route. A tracking number containing "STUCK" stops at the hub (400002 滞留), for tests of exceptions.
 */
export function plannedRoute(company: string, trackingNo: string, startMs: number): RouteNode[] {
  const hash = createHash('sha256').update(`${company}|${trackingNo}`).digest();
  const byte = (i: number) => hash[i % hash.length] ?? 0;
  const pick = (i: number, not: string[]) => {
    const choices = CITIES.filter((city) => !not.includes(city));
    return choices[byte(i) % choices.length] ?? '广州';
  };
  const origin = pick(0, []);
  const hub = pick(1, [origin]);
  const destination = pick(2, [origin, hub]);
  let at = startMs;
  const step = (i: number, minHours: number, spanHours: number) => {
    at += (minHours + (byte(i) % (spanHours + 1))) * HOUR;
    return Math.floor(at / 1000);
  };
  const route: RouteNode[] = [
    {
      action_time: Math.floor(startMs / 1000),
      action_type: ACTION.collected,
      action_msg: `【${origin}】快件已揽收`,
    },
    {
      action_time: step(3, 2, 2),
      action_type: ACTION.inTransit,
      action_msg: `快件已从【${origin}转运中心】发出`,
    },
    { action_time: step(4, 8, 6), action_type: ACTION.inTransit, action_msg: `快件已到达【${hub}转运中心】` },
  ];
  if (/stuck/i.test(trackingNo)) {
    route.push({
      action_time: step(5, 6, 4),
      action_type: ACTION.stuck,
      action_msg: `快件在【${hub}转运中心】滞留`,
    });
    return route;
  }
  route.push(
    {
      action_time: step(6, 2, 2),
      action_type: ACTION.inTransit,
      action_msg: `快件已从【${hub}转运中心】发出`,
    },
    {
      action_time: step(7, 8, 6),
      action_type: ACTION.inTransit,
      action_msg: `快件已到达【${destination}转运中心】`,
    },
    {
      action_time: step(8, 3, 3),
      action_type: ACTION.outForDelivery,
      action_msg: `【${destination}】快递员正在派件`,
    },
    {
      action_time: step(9, 2, 4),
      action_type: ACTION.signed,
      action_msg: `【${destination}】已签收，签收人：本人`,
    },
  );
  return route;
}

/** When the parcel left: its shipping upload, else its first query (remembered). */
function startOf(ctx: PlatformContext, company: string, trackingNo: string): number {
  for (const record of Object.values(ctx.state.shipping)) {
    const parcel = record.parcels.find(
      (item) => item.tracking_no === trackingNo && item.express_company === company,
    );
    if (parcel) return parcel.upload_time * 1000;
  }
  const key = `${company}|${trackingNo}`;
  const seen = ctx.state.waybills[key];
  if (seen !== undefined) return seen;
  const now = ctx.clock.now();
  ctx.state.waybills[key] = now;
  ctx.save();
  return now;
}

/** The route so far, on the virtual clock. */
export function routeSoFar(ctx: PlatformContext, company: string, trackingNo: string): RouteNode[] {
  const nowSeconds = Math.floor(ctx.clock.now() / 1000);
  return plannedRoute(company, trackingNo, startOf(ctx, company, trackingNo)).filter(
    (node) => node.action_time <= nowSeconds,
  );
}

export function logisticsApis(ctx: PlatformContext): Record<string, OpenApiHandler> {
  return {
    'logistics.getPath': ({ params }) => {
      const { order_id: orderId, delivery_id: company, waybill_id: trackingNo, openid } = params;
      if (typeof orderId !== 'string' || !orderId) return wxAnswer(47001, 'data format error');
      if (typeof company !== 'string' || !company || typeof trackingNo !== 'string' || !trackingNo)
        return wxAnswer(47001, 'data format error');
      const path = routeSoFar(ctx, company, trackingNo);
      return ok({
        openid: typeof openid === 'string' ? openid : '',
        delivery_id: company,
        waybill_id: trackingNo,
        path_item_num: path.length,
        path_item_list: path,
      });
    },
  };
}

export function logisticsRoutes(ctx: PlatformContext): Route[] {
  return [
    {
      method: 'GET',
      path: /^\/_logistics\/([^/]+)\/([^/]+)\/?$/,
      handle: (_req, res, match) => {
        const company = decodeURIComponent(match[1] ?? '');
        const trackingNo = decodeURIComponent(match[2] ?? '');
        const path = routeSoFar(ctx, company, trackingNo);
        const last = path[path.length - 1];
        sendJson(res, 200, {
          company,
          companyName: DELIVERY_COMPANIES.find((item) => item.delivery_id === company)?.delivery_name ?? null,
          trackingNo,
          signed: last?.action_type === ACTION.signed,
          path,
        });
      },
    },
  ];
}
