// Props of <coupon-card>: one coupon as a ticket — the figure and its condition on the stub, the name and what
// else matters on the body, and the page's own button in the slot.
export interface CouponCardProps {
  /** The stub's figure: 「¥20」 or 「9折」; default ''. */
  figure: string;
  /** Under the figure: 「满¥100可用」; default ''. */
  condition: string;
  /** The coupon's name; default ''. */
  name: string;
  /** Under the name: the rule and where it applies; default ''. */
  detail: string;
  /** The last line: how long it lasts; default ''. */
  note: string;
  /** Used or expired: drawn grey; default false. */
  muted: boolean;
  /** A stamp across the body (「已使用」); default '' for none. */
  stamp: string;
}

export const COUPON_CARD_DEFAULTS: CouponCardProps = {
  figure: '',
  condition: '',
  name: '',
  detail: '',
  note: '',
  muted: false,
  stamp: '',
};
