// Cart and checkout: pick lines and quantities, choose an address, create the order and pay for it.
import { getStorage, setStorage } from '../../../services/client';
import { messageOf, ServiceError } from '../../../services/errors';
import * as order from '../../../services/order';
import type { Address } from '../../../services/api';
import {
  CART_KEY,
  orderItems,
  parseCart,
  removeLine,
  removeOrdered,
  setQuantity,
  toggle,
} from '../../../utils/cart';
import { addressFromChoice, addressText, checkoutView, CheckoutView } from './logic';

const ADDRESS_KEY = 'checkout:address';

Component({
  data: {
    view: checkoutView([], null) as CheckoutView,
    address: null as Address | null,
    addressText: '',
    remark: '',
    submitting: false,
  },
  methods: {
    onLoad() {
      const saved = getStorage(ADDRESS_KEY);
      const address = saved && typeof saved === 'object' ? (saved as Address) : null;
      this.setData({ address, addressText: addressText(address) });
      this.render();
    },
    onShow() {
      this.render();
    },
    render() {
      this.setData({ view: checkoutView(parseCart(getStorage(CART_KEY)), this.data.address) });
    },
    update(change: (cart: ReturnType<typeof parseCart>) => ReturnType<typeof parseCart>) {
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
    onRemove(e: WechatMiniprogram.BaseEvent) {
      const id = e.currentTarget.dataset.id as string;
      this.update((cart) => removeLine(cart, id));
    },
    onRemark(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ remark: e.detail.value });
    },
    async onChooseAddress() {
      try {
        const choice = await wx.chooseAddress();
        const address = addressFromChoice(choice as unknown as Record<string, unknown>);
        setStorage(ADDRESS_KEY, address);
        this.setData({ address, addressText: addressText(address) });
        this.render();
      } catch (error) {
        const message = String((error as { errMsg?: string }).errMsg ?? '');
        // Backing out of the address picker is not an error; a refused permission is worth saying.
        if (/auth deny|authorize/.test(message)) {
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
