// An order's parts in words, the same on the buyer's and the merchant's pages: its lines (SKU, unit price, and
// the list price a limited-time price cut) and the parcel's route, step by step.
import type { OrderLine, ParcelRoute } from '../services/api';
import { formatShortTime } from './date';
import { formatFen } from './money';

export interface LineView {
  key: string;
  name: string;
  /** The SKU's values in words (「250g / 礼盒」), '' without specifications. */
  specText: string;
  quantity: number;
  /** Fen per unit as paid before the coupon: the limited-time price when one applied. */
  priceText: string;
  /** The price a limited-time price cut, struck through; '' otherwise. */
  listPriceText: string;
  /** The line's picture ('' keeps a grey square). */
  image: string;
}

export function lineViews(items: OrderLine[] | undefined): LineView[] {
  return (items ?? []).map((line, i) => ({
    key: `${i}:${line.productId}:${line.skuId ?? ''}`,
    name: line.name,
    specText: line.specText ?? '',
    quantity: line.quantity,
    priceText: formatFen(line.price),
    listPriceText:
      line.listPrice !== undefined && line.listPrice > line.price ? formatFen(line.listPrice) : '',
    image: line.image ?? '',
  }));
}

/** One step of a parcel's route, newest first as the provider answers: what happened and when (Beijing). */
export interface RouteStep {
  key: string;
  time: string;
  text: string;
}

export function routeSteps(route: Pick<ParcelRoute, 'events'>): RouteStep[] {
  return route.events.map((event, i) => ({
    key: `${i}:${event.at}`,
    time: formatShortTime(event.at),
    text: event.text,
  }));
}
