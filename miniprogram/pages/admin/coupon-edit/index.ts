// Create or edit a coupon: its name, 满减 or 折扣 rule (previewed in the shopper's words), which goods it applies
// to (all, chosen products, chosen categories), when it can be used (days after claiming, or a fixed window in
// Beijing time) and how many may be claimed. Each field is checked here; contradictions between fields are
// refused by coupons.upsert in words, shown above the save button.
import * as admin from '../../../services/admin';
import type { AdminCoupon } from '../../../services/admin';
import { findInPages, handedOrFound } from '../../../utils/editor';
import { saveForm } from '../../../utils/paged';
import {
  CouponErrors,
  CouponForm,
  EDITING_COUPON_KEY,
  emptyCouponForm,
  firstCouponError,
  formFromCoupon,
  RULE_KINDS,
  rulePreview,
  SCOPE_KINDS,
  storedCoupon,
  toggle,
  validateCouponForm,
  VALIDITY_KINDS,
} from '../coupons/logic';

const TEXT_FIELDS = ['name', 'threshold', 'off', 'fold', 'cap', 'days', 'totalLimit', 'perUserLimit'];
const PICKED_FIELDS = ['startDate', 'startTime', 'endDate', 'endTime'];
/** At most this many pages of coupons.list (20 each) are read while looking for the coupon to edit. */
const MAX_PAGES = 50;

/** The coupon to edit when the list did not hand it over (opened by a link): found in coupons.list. */
const findCoupon = (id: string): Promise<AdminCoupon | null> =>
  findInPages((cursor) => admin.listCoupons(undefined, cursor), id, MAX_PAGES);

interface Chip {
  value: string;
  label: string;
  on: boolean;
}

Component({
  data: {
    status: 'loading' as 'loading' | 'ready' | 'error',
    error: '',
    id: '',
    form: emptyCouponForm(Date.now()) as CouponForm,
    errors: {} as CouponErrors,
    /** The server's refusal in words (满减的优惠金额要低于门槛…), above the save button. */
    serverError: '',
    preview: '',
    ruleKinds: RULE_KINDS,
    scopeKinds: SCOPE_KINDS,
    validityKinds: VALIDITY_KINDS,
    /** The products on sale and the categories in use, each marked when the coupon applies to it. */
    products: [] as { _id: string; name: string }[],
    productChips: [] as Chip[],
    categoryChips: [] as Chip[],
    categories: [] as string[],
    saving: false,
  },
  methods: {
    async onLoad(query: Record<string, string | undefined> = {}) {
      const id = query.id ? decodeURIComponent(query.id) : '';
      this.setData({ id });
      wx.setNavigationBarTitle({ title: id ? '编辑优惠券' : '新建优惠券' });
      this.loadChoices();
      await this.loadCoupon();
    },
    /** The coupon the list left in storage; failing that (opened by a link), the merchant's list. */
    async loadCoupon() {
      const id = this.data.id;
      if (!id) {
        this.setData({ status: 'ready', form: emptyCouponForm(Date.now()) });
        this.refresh();
        return;
      }
      this.setData({ status: 'loading', error: '' });
      const found = await handedOrFound(EDITING_COUPON_KEY, id, storedCoupon, findCoupon, '优惠券');
      if ('error' in found) {
        this.setData({ status: 'error', error: found.error });
        return;
      }
      this.setData({ status: 'ready', form: formFromCoupon(found.row, Date.now()) });
      this.refresh();
    },
    retry() {
      this.loadCoupon();
    },
    /** What a coupon may be limited to: the products on sale (first pages) and the categories in use. */
    async loadChoices() {
      try {
        const products: { _id: string; name: string }[] = [];
        let cursor: string | null = null;
        for (let page = 0; page < 5; page++) {
          const { items, next } = await admin.listProducts({ status: 'on' }, cursor);
          products.push(...items.map((p) => ({ _id: p._id, name: p.name })));
          if (!next) break;
          cursor = next;
        }
        const { items } = await admin.productCategories();
        this.setData({ products, categories: items.map((c) => c.category).filter((c) => !!c) });
        this.refresh();
      } catch {
        // Without choices only 全部商品 can be picked; saving says what is missing.
      }
    },
    /** The preview and the chips after any change of the form. */
    refresh() {
      const form = this.data.form;
      const known = new Set(this.data.products.map((p) => p._id));
      const productChips: Chip[] = [
        ...this.data.products.map((p) => ({
          value: p._id,
          label: p.name,
          on: form.productIds.includes(p._id),
        })),
        // Chosen before and no longer on sale: still chosen until unticked.
        ...form.productIds
          .filter((id) => !known.has(id))
          .map((id) => ({ value: id, label: '（已下架的商品）', on: true })),
      ];
      const categories = [...new Set([...this.data.categories, ...form.categories])];
      this.setData({
        preview: rulePreview(form),
        productChips,
        categoryChips: categories.map((c) => ({ value: c, label: c, on: form.categories.includes(c) })),
      });
    },
    change(patch: Record<string, unknown>, error?: string) {
      this.setData({ ...patch, ...(error ? { [`errors.${error}`]: '' } : {}), serverError: '' });
      this.refresh();
    },
    onInput(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const field = String(e.currentTarget.dataset.field ?? '');
      if (!TEXT_FIELDS.includes(field)) return;
      this.change({ [`form.${field}`]: e.detail.value ?? '' }, field);
    },
    onRuleKind(e: WechatMiniprogram.CustomEvent<{ value: CouponForm['ruleKind'] }>) {
      this.change({ 'form.ruleKind': e.detail.value === 'percent' ? 'percent' : 'amount', errors: {} });
    },
    onScopeKind(e: WechatMiniprogram.CustomEvent<{ value: CouponForm['scopeKind'] }>) {
      const kind = SCOPE_KINDS.find((k) => k.value === e.detail.value)?.value ?? 'all';
      this.change({ 'form.scopeKind': kind }, 'scope');
    },
    onValidityKind(e: WechatMiniprogram.CustomEvent<{ value: CouponForm['validityKind'] }>) {
      this.change({ 'form.validityKind': e.detail.value === 'window' ? 'window' : 'days', errors: {} });
    },
    onToggleProduct(e: WechatMiniprogram.BaseEvent) {
      const id = String(e.currentTarget.dataset.value ?? '');
      if (id) this.change({ 'form.productIds': toggle(this.data.form.productIds, id) }, 'scope');
    },
    onToggleCategory(e: WechatMiniprogram.BaseEvent) {
      const name = String(e.currentTarget.dataset.value ?? '');
      if (name) this.change({ 'form.categories': toggle(this.data.form.categories, name) }, 'scope');
    },
    /** A date or time picker of the window: `field` is startDate, startTime, endDate or endTime. */
    onPick(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const field = String(e.currentTarget.dataset.field ?? '');
      if (!PICKED_FIELDS.includes(field)) return;
      this.change(
        { [`form.${field}`]: String(e.detail.value ?? '') },
        field.startsWith('start') ? 'start' : 'end',
      );
    },
    /** The server's own words for what contradicts (满减的优惠金额要低于门槛, 结束时间要晚于开始时间…) stay under the form. */
    onSave() {
      const result = validateCouponForm(this.data.form);
      return saveForm(
        this,
        result.ok
          ? () => admin.upsertCoupon(result.coupon)
          : { errors: result.errors, problem: firstCouponError(result.errors) },
      );
    },
  },
});
