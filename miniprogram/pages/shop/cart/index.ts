// Cart and checkout: lines checked against the shop as it is now (sold out, off sale or short of stock says
// why it is unticked), quantities, an address, the shipping line and a remark; then create the order and pay.
import { getStorage, setStorage } from '../../../services/client';
import { messageOf, ServiceError } from '../../../services/errors';
import * as order from '../../../services/order';
import type { Address, Product } from '../../../services/api';
import { ADDRESS_KEY, addressDenied, savedAddress } from '../../../utils/address';
import { phoneText } from '../../../utils/format';
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
import { addressFromChoice, addressText, checkoutView, CheckoutView } from './logic';

/** The shop's answer for each product in the cart: the product, null when it is gone, undefined when unknown. */
async function currentProducts(cart: CartLine[]): Promise<Record<string, Product | null | undefined>> {
  const entries = await Promise.all(
    cart.map(async (line) => {
      try {
        return [line.productId, (await order.product(line.productId)).product] as const;
      } catch (error) {
        const gone = error instanceof ServiceError && error.code === 'NOT_FOUND';
        return [line.productId, gone ? null : undefined] as const;
      }
    }),
  );
  return Object.fromEntries(entries);
}

Component({
  data: {
    view: checkoutView([], null) as CheckoutView,
    address: null as Address | null,
    addressText: '',
    /** 「韩梅梅 138 0000 0000」 */
    addressWho: '',
    remark: '',
    submitting: false,
  },
  methods: {
    onLoad() {
      const address = savedAddress(getStorage(ADDRESS_KEY));
      this.showAddress(address);
      this.render();
    },
    onShow() {
      // The address may have been chosen on the 我的 page meanwhile.
      const address = savedAddress(getStorage(ADDRESS_KEY)) ?? this.data.address;
      this.showAddress(address);
      this.render();
      return this.refresh();
    },
    showAddress(address: Address | null) {
      this.setData({
        address,
        addressText: addressText(address),
        addressWho: address ? `${address.userName} ${phoneText(address.telNumber)}` : '',
      });
    },
    render() {
      this.setData({ view: checkoutView(parseCart(getStorage(CART_KEY)), this.data.address) });
    },
    /** Stock and prices as the shop has them now; a line that cannot be bought any more is unticked. */
    async refresh() {
      const cart = parseCart(getStorage(CART_KEY));
      if (!cart.length) return;
      const fresh = await currentProducts(cart);
      // Lines changed while asking (a tap on 删除) win: only the lines still there are refreshed.
      const now = parseCart(getStorage(CART_KEY));
      setStorage(CART_KEY, refreshCart(now, fresh));
      this.render();
    },
    update(change: (cart: CartLine[]) => CartLine[]) {
      setStorage(CART_KEY, change(parseCart(getStorage(CART_KEY))));
      this.render();
    },
    onQuantity(e: WechatMiniprogram.CustomEvent<{ value: number }>) {
      const id = e.currentTarget.dataset.id as string;
      this.update((cart) => setQuantity(cart, id, Number(e.detail.value)));
    },
    onToggle(e: WechatMiniprogram.BaseEvent) {
      const id = e.currentTarget.dataset.id as string;
      this.update((cart) => toggle(cart, id));
    },
    onToggleAll() {
      const all = !this.data.view.allChecked;
      this.update((cart) => toggleAll(cart, all));
    },
    onRemove(e: WechatMiniprogram.BaseEvent) {
      const id = e.currentTarget.dataset.id as string;
      this.update((cart) => removeLine(cart, id));
    },
    onRemark(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ remark: e.detail.value });
    },
    onShop() {
      wx.switchTab({ url: '/pages/shop/home/index' });
    },
    async onChooseAddress() {
      try {
        const choice = await wx.chooseAddress();
        const address = addressFromChoice(choice as unknown as Record<string, unknown>);
        setStorage(ADDRESS_KEY, address);
        this.showAddress(address);
        this.render();
      } catch (error) {
        // Backing out of the address picker is not an error; a refused permission is worth saying.
        if (addressDenied(error)) {
          wx.showModal({
            title: '需要收货地址',
            content: '请在设置中允许使用通讯地址后再试',
            showCancel: false,
          });
        }
      }
    },
    async onSubmit() {
      if (this.data.submitting || this.data.view.blocker || !this.data.address) return;
      this.setData({ submitting: true });
      const cart = parseCart(getStorage(CART_KEY));
      let orderId = '';
      try {
        const remark = this.data.remark.trim();
        const { order: created } = await order.create({
          items: orderItems(cart),
          address: this.data.address,
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
        this.setData({ submitting: false });
        this.render();
      }
      // Once the order exists, its page is where it is paid, tracked or cancelled — whatever happened above.
      if (orderId) wx.redirectTo({ url: `/pages/order/detail/index?id=${encodeURIComponent(orderId)}` });
    },
  },
});
