// Cart and checkout: lines checked against the shop as it is now (sold out, off sale, a SKU gone or short of
// stock says why it is unticked), quantities, an address, then the server's quote — each line's price, the
// coupon (the best one unless the shopper picks another or none), shipping and the total — and a remark; the
// order is created with the coupon the quote used, the shopper is asked for shipping and refund notices, and
// pays.
import { getStorage, setStorage } from '../../../services/client';
import { messageOf, ServiceError } from '../../../services/errors';
import * as join from '../../../services/join';
import * as order from '../../../services/order';
import type { Address, Product, Quote, SubscribeTemplates } from '../../../services/api';
import { ADDRESS_KEY, addressDenied, savedAddress } from '../../../utils/address';
import { phoneText } from '../../../utils/format';
import { isPrivacyRefusal, privacyRefusedText } from '../../../utils/privacy';
import { SUBSCRIBE_MOMENTS } from '../../../utils/subscribe';
import {
  CART_KEY,
  CartLine,
  orderItems,
  parseCart,
  refreshCart,
  removeLine,
  removeOrdered,
  setQuantity,
  toggle,
  toggleAll,
} from '../../../utils/cart';
import {
  addressFromChoice,
  addressText,
  checkoutView,
  CheckoutView,
  CouponChoice,
  couponIdFor,
  CouponOption,
  couponOptions,
  quoteFits,
  ShippingRule,
} from './logic';

/** The shop's answer for each product in the cart: the product, null when it is gone, undefined when unknown. */
async function currentProducts(cart: CartLine[]): Promise<Record<string, Product | null | undefined>> {
  const ids = [...new Set(cart.map((line) => line.productId))];
  const entries = await Promise.all(
    ids.map(async (productId) => {
      try {
        return [productId, (await order.product(productId)).product] as const;
      } catch (error) {
        const gone = error instanceof ServiceError && error.code === 'NOT_FOUND';
        return [productId, gone ? null : undefined] as const;
      }
    }),
  );
  return Object.fromEntries(entries);
}

/** The latest quote asked for: an older answer arriving late is dropped. */
let quoteSeq = 0;

Component({
  data: {
    view: checkoutView([], null) as CheckoutView,
    address: null as Address | null,
    addressText: '',
    /** 「韩梅梅 138 0000 0000」 */
    addressWho: '',
    /** Why no address could be chosen (the privacy guide refused), '' otherwise. */
    addressNote: '',
    remark: '',
    submitting: false,
    /** The shop's shipping rule (order.shop), for 「再买 ¥x 免运费」. */
    rule: null as ShippingRule | null,
    /** The merchant's 订阅消息 templates (join.me), asked for when the shopper pays. */
    subscribe: {} as SubscribeTemplates,
    quote: null as Quote | null,
    /** Why the server could not price the cart (stock ran out meanwhile…), '' when it could. */
    quoteError: '',
    couponChoice: { kind: 'best' } as CouponChoice,
    couponOpen: false,
    couponOptions: [] as CouponOption[],
  },
  methods: {
    onLoad() {
      const address = savedAddress(getStorage(ADDRESS_KEY));
      this.showAddress(address);
      this.render();
      this.loadShop();
    },
    onShow() {
      // The address may have been chosen on the 我的 page meanwhile.
      const address = savedAddress(getStorage(ADDRESS_KEY)) ?? this.data.address;
      this.showAddress(address);
      this.render();
      return this.refresh();
    },
    /** The shipping rule and the notice templates only add words; checkout works without them. */
    async loadShop() {
      const [shop, me] = await Promise.all([order.shop().catch(() => null), join.me().catch(() => null)]);
      if (shop) this.setData({ rule: shop.shipping });
      if (me) this.setData({ subscribe: me.subscribe });
      this.render();
    },
    showAddress(address: Address | null) {
      this.setData({
        address,
        addressText: addressText(address),
        addressWho: address ? `${address.userName} ${phoneText(address.telNumber)}` : '',
        ...(address ? { addressNote: '' } : {}),
      });
    },
    render() {
      const cart = parseCart(getStorage(CART_KEY));
      this.setData({
        view: checkoutView(cart, this.data.address, this.data.rule, this.data.quote, this.data.couponChoice),
      });
    },
    /** Stock and prices as the shop has them now; a line that cannot be bought any more is unticked. */
    async refresh() {
      const cart = parseCart(getStorage(CART_KEY));
      if (cart.length) {
        const fresh = await currentProducts(cart);
        // Lines changed while asking (a tap on 删除) win: only the lines still there are refreshed.
        const now = parseCart(getStorage(CART_KEY));
        setStorage(CART_KEY, refreshCart(now, fresh));
        this.render();
      }
      await this.requote();
    },
    /** The server prices what would be ordered now, with the coupon asked for. */
    async requote(): Promise<void> {
      const items = orderItems(parseCart(getStorage(CART_KEY)));
      const seq = ++quoteSeq;
      if (!items.length) {
        this.setData({ quote: null, quoteError: '', couponOptions: [] });
        this.render();
        return;
      }
      const choice = this.data.couponChoice;
      try {
        const quote = await order.quote(items, couponIdFor(choice));
        if (seq !== quoteSeq) return;
        this.setData({ quote, quoteError: '', couponOptions: couponOptions(quote) });
      } catch (error) {
        if (seq !== quoteSeq) return;
        if (
          choice.kind === 'chosen' &&
          error instanceof ServiceError &&
          error.code === 'FAILED_PRECONDITION'
        ) {
          // The chosen coupon does not fit the cart as it is now: back to the best one, and say why.
          wx.showToast({ title: messageOf(error), icon: 'none' });
          this.setData({ couponChoice: { kind: 'best' } });
          return this.requote();
        }
        this.setData({ quote: null, quoteError: messageOf(error), couponOptions: [] });
      }
      this.render();
    },
    update(change: (cart: CartLine[]) => CartLine[]) {
      setStorage(CART_KEY, change(parseCart(getStorage(CART_KEY))));
      this.render();
      // A chosen coupon stays chosen while it still fits; the server says when it no longer does.
      return this.requote();
    },
    onQuantity(e: WechatMiniprogram.CustomEvent<{ value: number }>) {
      const key = e.currentTarget.dataset.id as string;
      return this.update((cart) => setQuantity(cart, key, Number(e.detail.value)));
    },
    onToggle(e: WechatMiniprogram.BaseEvent) {
      const key = e.currentTarget.dataset.id as string;
      return this.update((cart) => toggle(cart, key));
    },
    onToggleAll() {
      const all = !this.data.view.allChecked;
      return this.update((cart) => toggleAll(cart, all));
    },
    onRemove(e: WechatMiniprogram.BaseEvent) {
      const key = e.currentTarget.dataset.id as string;
      return this.update((cart) => removeLine(cart, key));
    },
    onRemark(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ remark: e.detail.value });
    },
    onShop() {
      wx.switchTab({ url: '/pages/shop/home/index' });
    },
    onCouponOpen() {
      if (this.data.view.quoted && this.data.view.coupon.held) this.setData({ couponOpen: true });
    },
    onCouponClose() {
      this.setData({ couponOpen: false });
    },
    onCouponVisible(e: WechatMiniprogram.CustomEvent<{ visible: boolean }>) {
      if (!e.detail.visible) this.setData({ couponOpen: false });
    },
    /** A coupon of the chooser, or 不使用优惠券 (id ''); one that cannot be used says why and stays. */
    onCouponPick(e: WechatMiniprogram.BaseEvent) {
      const id = String(e.currentTarget.dataset.id ?? '');
      const option = this.data.couponOptions.find((o) => o.id === id);
      if (!option || !option.usable) return;
      this.setData({
        couponOpen: false,
        couponChoice: id ? { kind: 'chosen', userCouponId: id } : { kind: 'none' },
      });
      return this.requote();
    },
    async onChooseAddress() {
      try {
        // WeChat asks for the privacy guide first when it was not agreed to (the popup on this page).
        const choice = await wx.chooseAddress();
        const address = addressFromChoice(choice as unknown as Record<string, unknown>);
        setStorage(ADDRESS_KEY, address);
        this.showAddress(address);
        this.render();
      } catch (error) {
        if (isPrivacyRefusal(error)) {
          const note = privacyRefusedText('选择收货地址');
          this.setData({ addressNote: note });
          wx.showToast({ title: note, icon: 'none' });
        } else if (addressDenied(error)) {
          // Backing out of the address picker is not an error; a refused permission is worth saying.
          wx.showModal({
            title: '需要收货地址',
            content: '请在设置中允许使用通讯地址后再试',
            showCancel: false,
          });
        }
      }
    },
    /** 提交订单: asks for the order's notices inside the tap (WeChat's rule), then orders and pays. */
    onSubmit() {
      if (this.data.submitting || this.data.view.blocker || !this.data.address) return;
      const asked = join.askSubscribe(this.data.subscribe, SUBSCRIBE_MOMENTS.pay);
      return this.submit(asked);
    },
    async submit(asked: Promise<string[]>) {
      this.setData({ submitting: true });
      // The notices sheet is answered first (a refusal changes nothing), so the cashier does not open under it.
      await asked;
      const cart = parseCart(getStorage(CART_KEY));
      const items = orderItems(cart);
      let orderId = '';
      try {
        // The coupon sent is the one the quote on screen used; a stale quote is asked again first.
        const quote: Quote = quoteFits(cart, this.data.quote)
          ? this.data.quote
          : await order.quote(items, couponIdFor(this.data.couponChoice));
        const remark = this.data.remark.trim();
        const { order: created } = await order.create({
          items,
          address: this.data.address!,
          ...(quote.coupon ? { couponId: quote.coupon.userCouponId } : {}),
          ...(remark ? { remark } : {}),
        });
        orderId = created._id;
        setStorage(CART_KEY, removeOrdered(cart));
        const paid = await order.payAndWait(orderId);
        wx.showToast({ title: paid.status === 'created' ? '支付确认中' : '支付成功', icon: 'success' });
      } catch (error) {
        const cancelled = error instanceof ServiceError && error.code === 'CANCELLED';
        wx.showToast({
          title: cancelled ? '已取消支付，可在订单中继续支付' : messageOf(error),
          icon: 'none',
        });
      } finally {
        this.setData({ submitting: false, quote: null, couponChoice: { kind: 'best' } });
        this.render();
      }
      // Once the order exists, its page is where it is paid, tracked or cancelled — whatever happened above.
      if (orderId) wx.redirectTo({ url: `/pages/order/detail/index?id=${encodeURIComponent(orderId)}` });
      else await this.requote();
    },
  },
});
