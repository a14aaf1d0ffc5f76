// <coupon-card>: a coupon drawn as a ticket. It shows what it is given and holds the page's button in its slot.
import { COUPON_CARD_DEFAULTS } from './type';

Component({
  options: { multipleSlots: true },
  properties: {
    figure: { type: String, value: COUPON_CARD_DEFAULTS.figure },
    condition: { type: String, value: COUPON_CARD_DEFAULTS.condition },
    name: { type: String, value: COUPON_CARD_DEFAULTS.name },
    detail: { type: String, value: COUPON_CARD_DEFAULTS.detail },
    note: { type: String, value: COUPON_CARD_DEFAULTS.note },
    muted: { type: Boolean, value: COUPON_CARD_DEFAULTS.muted },
    stamp: { type: String, value: COUPON_CARD_DEFAULTS.stamp },
  },
});
