// Create or edit a product: every field checked on the page with a message under it before products.upsert;
// amounts typed in yuan, commission rates in percent. Specifications (up to 3 dimensions) make the SKU table,
// one row per combination (price, stock, picture, own commission; a row can be taken out); a video; 限时折扣
// with its window and a price per SKU. What the server refuses (a limited price not below its SKU's, a window
// ending before it starts) is shown above 保存 in its words. Saved → 「已保存」 and back to the list.
import * as admin from '../../../services/admin';
import { getConfig } from '../../../services/client';
import { ServiceError } from '../../../services/errors';
import * as order from '../../../services/order';
import { beijingParts, DAY_MS } from '../../../utils/date';
import { findInPages, handedOrFound } from '../../../utils/editor';
import { saveForm } from '../../../utils/paged';
import { chooseImages, chooseVideo, pickFailure } from '../../../utils/media';
import {
  addImage,
  addSpec,
  addSpecValue,
  AdminProduct,
  COMMISSION_MODES,
  CommissionMode,
  commissionUnit,
  EDITING_PRODUCT_KEY,
  emptyForm,
  fillSkus,
  firstError,
  FormErrors,
  formFromProduct,
  limitedIds,
  MAX_IMAGES,
  MAX_SPECS,
  ProductForm,
  removeImage,
  removeSku,
  removeSpec,
  removeSpecValue,
  restoreSkus,
  SKU_COMMISSION_MODES,
  skuIdMaker,
  skuSummary,
  storedProduct,
  validateForm,
} from '../products/logic';

const TEXT_FIELDS = [
  'name',
  'price',
  'stock',
  'category',
  'description',
  'sort',
  'level1',
  'level2',
  'video',
];
const SKU_FIELDS = ['price', 'stock', 'image', 'level1', 'level2'];
const LIMITED_PICKS = ['limitedStartDate', 'limitedStartTime', 'limitedEndDate', 'limitedEndTime'];
/** New SKU ids for this visit of the page. */
const newSkuId = skuIdMaker(Date.now());

/** At most this many pages of products.list (20 each) are read while looking for the product to edit. */
const MAX_PAGES = 50;

/**
 * The merchant's copy of one product, with its commission rule and sort order (order.product answers the
 * shopper's view without them, so a form filled from it would save the rule away). There is no admin read
 * of one product: it is looked up in products.list, in its category when it is on sale, else among the
 * products off sale. Null when it is in neither.
 */
async function findProduct(id: string): Promise<AdminProduct | null> {
  const onSale = await order.product(id).then(
    ({ product }) => product,
    (error: unknown) => {
      if (error instanceof ServiceError && error.code === 'NOT_FOUND') return null;
      throw error;
    },
  );
  const filter = onSale ? { category: onSale.category } : { status: 'off' as const };
  return findInPages((cursor) => admin.listProducts(filter, cursor), id, MAX_PAGES);
}

Component({
  data: {
    status: 'loading' as 'loading' | 'ready' | 'error',
    error: '',
    id: '',
    form: emptyForm() as ProductForm,
    errors: {} as FormErrors,
    /** The server's INVALID_ARGUMENT message, shown above the save button. */
    serverError: '',
    categories: [] as string[],
    newImage: '',
    modes: COMMISSION_MODES,
    skuModes: SKU_COMMISSION_MODES,
    maxSpecs: MAX_SPECS,
    /** The SKU row whose 更多 (picture, own commission) is open. */
    openSku: '',
    /** 批量填写: a price and stock for every row. */
    batchPrice: '',
    batchStock: '',
    /** 「售价 ¥88.00 – ¥168.00，共 30 件」 while the rows read. */
    summary: '',
    /** The SKU ids a limited-time price may name (the rows', or 'default' without specifications). */
    limitedIds: ['default'] as string[],
    statuses: [
      { value: 'on', label: '在售' },
      { value: 'off', label: '下架' },
    ],
    unit: '',
    maxImages: MAX_IMAGES,
    canUpload: false,
    uploading: false,
    uploadingVideo: false,
    saving: false,
  },
  methods: {
    async onLoad(query: Record<string, string | undefined> = {}) {
      const id = query.id ? decodeURIComponent(query.id) : '';
      this.setData({ id, canUpload: getConfig().mode === 'cloud' });
      wx.setNavigationBarTitle({ title: id ? '编辑商品' : '新增商品' });
      this.loadCategories();
      await this.loadProduct();
    },
    async loadCategories() {
      try {
        const { items } = await admin.productCategories();
        this.setData({ categories: items.map((item) => item.category).filter((name) => !!name) });
      } catch {
        // Without chips the category is simply typed.
      }
    },
    /** The product the list page left in storage; failing that (opened by a link), the merchant's list. */
    async loadProduct() {
      const id = this.data.id;
      if (!id) {
        this.setData({ status: 'ready' });
        return;
      }
      this.setData({ status: 'loading', error: '' });
      const found = await handedOrFound(EDITING_PRODUCT_KEY, id, storedProduct, findProduct, '商品');
      if ('error' in found) {
        this.setData({ status: 'error', error: found.error });
        return;
      }
      const form = formFromProduct(found.row);
      this.setData({ status: 'ready', unit: commissionUnit(form.commissionMode) });
      this.setForm(form);
    },
    /**
     * Clears the messages of `keys`. Keys such as `skus.0.price` hold dots, which setData would read as a path:
     * the errors object is replaced whole.
     */
    clearErrors(...keys: string[]) {
      const errors: FormErrors = { ...this.data.errors };
      for (const key of keys) delete errors[key];
      this.setData({ errors, serverError: '' });
    },
    /** The whole form after a change of its specifications or SKUs, with what is derived from it. */
    setForm(form: ProductForm, errors?: FormErrors) {
      this.setData({
        form,
        summary: skuSummary(form),
        limitedIds: limitedIds(form),
        serverError: '',
        ...(errors ? { errors } : {}),
      });
    },
    retry() {
      this.loadProduct();
    },
    onInput(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const field = String(e.currentTarget.dataset.field ?? '');
      if (!TEXT_FIELDS.includes(field)) return;
      this.setData({ [`form.${field}`]: e.detail.value ?? '', [`errors.${field}`]: '', serverError: '' });
    },
    // ---- specifications
    onAddSpec() {
      this.setForm(addSpec(this.data.form));
    },
    onRemoveSpec(e: WechatMiniprogram.BaseEvent) {
      const index = Number(e.currentTarget.dataset.index);
      this.setForm(removeSpec(this.data.form, index, newSkuId), {});
    },
    onSpecName(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const index = Number(e.currentTarget.dataset.index);
      this.setData({ [`form.specs[${index}].name`]: e.detail.value ?? '' });
      this.clearErrors(`specs.${index}`);
    },
    onSpecDraft(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const index = Number(e.currentTarget.dataset.index);
      this.setData({ [`form.specs[${index}].draft`]: e.detail.value ?? '' });
    },
    onAddSpecValue(e: WechatMiniprogram.BaseEvent) {
      const index = Number(e.currentTarget.dataset.index);
      const { form, error } = addSpecValue(this.data.form, index, newSkuId);
      if (error) {
        this.setData({ errors: { ...this.data.errors, [`specs.${index}`]: error } });
        return;
      }
      this.setForm(form);
      this.clearErrors(`specs.${index}`, 'skus');
    },
    onRemoveSpecValue(e: WechatMiniprogram.BaseEvent) {
      const index = Number(e.currentTarget.dataset.index);
      const value = String(e.currentTarget.dataset.value ?? '');
      this.setForm(removeSpecValue(this.data.form, index, value, newSkuId));
    },
    // ---- the SKU table
    onSkuInput(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const index = Number(e.currentTarget.dataset.index);
      const field = String(e.currentTarget.dataset.field ?? '');
      if (!SKU_FIELDS.includes(field) || !this.data.form.skus[index]) return;
      this.setData({ [`form.skus[${index}].${field}`]: e.detail.value ?? '' });
      this.clearErrors(`skus.${index}.${field}`);
      if (field === 'price' || field === 'stock') this.setData({ summary: skuSummary(this.data.form) });
    },
    /** A SKU's own commission mode, picked from its chips (data-value). */
    onSkuMode(e: WechatMiniprogram.BaseEvent) {
      const index = Number(e.currentTarget.dataset.index);
      const mode = SKU_COMMISSION_MODES.find((m) => m.value === e.currentTarget.dataset.value)?.value;
      const sku = this.data.form.skus[index];
      if (!sku || !mode || mode === sku.commissionMode) return;
      this.setData({
        [`form.skus[${index}].commissionMode`]: mode,
        [`form.skus[${index}].level1`]: '',
        [`form.skus[${index}].level2`]: '',
      });
      this.clearErrors(`skus.${index}.level1`, `skus.${index}.level2`);
    },
    onSkuMore(e: WechatMiniprogram.BaseEvent) {
      const id = String(e.currentTarget.dataset.id ?? '');
      this.setData({ openSku: this.data.openSku === id ? '' : id });
    },
    onRemoveSku(e: WechatMiniprogram.BaseEvent) {
      const index = Number(e.currentTarget.dataset.index);
      this.setForm(removeSku(this.data.form, index), {});
    },
    onRestoreSkus() {
      this.setForm(restoreSkus(this.data.form, newSkuId));
    },
    onBatchInput(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const field = e.currentTarget.dataset.field === 'stock' ? 'batchStock' : 'batchPrice';
      this.setData({ [field]: e.detail.value ?? '' });
    },
    onBatchFill() {
      const { batchPrice, batchStock } = this.data;
      if (!batchPrice.trim() && !batchStock.trim()) {
        wx.showToast({ title: '先填写要批量设置的价格或库存', icon: 'none' });
        return;
      }
      this.setForm(fillSkus(this.data.form, batchPrice, batchStock), {});
    },
    // ---- video
    onRemoveVideo() {
      this.setData({ 'form.video': '', 'errors.video': '' });
    },
    async onUploadVideo() {
      if (this.data.uploadingVideo) return;
      if (!this.data.canUpload) {
        wx.showToast({ title: '本地模式不能上传，请粘贴视频地址', icon: 'none' });
        return;
      }
      this.setData({ uploadingVideo: true });
      try {
        const fileID = await chooseVideo('products/videos');
        if (fileID) this.setData({ 'form.video': fileID, 'errors.video': '' });
      } catch (error) {
        const problem = pickFailure(error, '视频上传失败，请重试');
        if (problem) wx.showToast({ title: problem, icon: 'none' });
      } finally {
        this.setData({ uploadingVideo: false });
      }
    },
    // ---- 限时折扣
    onLimited(e: WechatMiniprogram.CustomEvent<{ value: boolean }>) {
      const on = !!e.detail.value;
      const patch: Record<string, unknown> = { 'form.limitedOn': on, errors: {}, serverError: '' };
      // Switched on for the first time: from now until a week from now, as a start.
      if (on && !this.data.form.limitedStartDate) {
        const start = beijingParts(Date.now());
        patch['form.limitedStartDate'] = start.date;
        patch['form.limitedStartTime'] = start.time;
        patch['form.limitedEndDate'] = beijingParts(Date.now() + 7 * DAY_MS).date;
      }
      this.setData(patch);
    },
    onLimitedPick(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const field = String(e.currentTarget.dataset.field ?? '');
      if (!LIMITED_PICKS.includes(field)) return;
      const error = field.startsWith('limitedStart') ? 'limitedStart' : 'limitedEnd';
      this.setData({
        [`form.${field}`]: String(e.detail.value ?? ''),
        [`errors.${error}`]: '',
        serverError: '',
      });
    },
    onLimitedPrice(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const id = String(e.currentTarget.dataset.id ?? '');
      if (!this.data.limitedIds.includes(id)) return;
      this.setData({ [`form.limitedPrices.${id}`]: e.detail.value ?? '' });
      this.clearErrors(`limited.${id}`, 'limited');
    },
    onPickCategory(e: WechatMiniprogram.BaseEvent) {
      this.setData({
        'form.category': String(e.currentTarget.dataset.value ?? ''),
        'errors.category': '',
      });
    },
    onStatus(e: WechatMiniprogram.CustomEvent<{ value: 'on' | 'off' }>) {
      this.setData({ 'form.status': e.detail.value === 'off' ? 'off' : 'on' });
    },
    onMode(e: WechatMiniprogram.CustomEvent<{ value: CommissionMode }>) {
      const mode = e.detail.value;
      if (mode === this.data.form.commissionMode) return;
      // Numbers typed for one mode mean something else in another (percent vs yuan): start empty.
      this.setData({
        'form.commissionMode': mode,
        'form.level1': '',
        'form.level2': '',
        'errors.level1': '',
        'errors.level2': '',
        unit: commissionUnit(mode),
      });
    },
    onNewImage(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ newImage: e.detail.value ?? '' });
    },
    onAddImage() {
      const result = addImage(this.data.form.images, this.data.newImage);
      if (result.error) {
        this.setData({ 'errors.images': result.error });
        return;
      }
      this.setData({ 'form.images': result.images, newImage: '', 'errors.images': '' });
    },
    onRemoveImage(e: WechatMiniprogram.BaseEvent) {
      const index = Number(e.currentTarget.dataset.index);
      this.setData({ 'form.images': removeImage(this.data.form.images, index), 'errors.images': '' });
    },
    async onUpload() {
      const room = MAX_IMAGES - this.data.form.images.length;
      if (this.data.uploading) return;
      if (!this.data.canUpload) {
        wx.showToast({ title: '本地模式不能上传，请粘贴图片地址', icon: 'none' });
        return;
      }
      if (room <= 0) {
        this.setData({ 'errors.images': `最多 ${MAX_IMAGES} 张图片` });
        return;
      }
      this.setData({ uploading: true });
      try {
        const ids = await chooseImages('products', room);
        this.setData({
          'form.images': [...this.data.form.images, ...ids].slice(0, MAX_IMAGES),
          'errors.images': '',
        });
      } catch (error) {
        const problem = pickFailure(error, '图片上传失败，请重试');
        if (problem) wx.showToast({ title: problem, icon: 'none' });
      } finally {
        this.setData({ uploading: false });
      }
    },
    onSave() {
      const result = validateForm(this.data.form);
      return saveForm(
        this,
        result.ok
          ? () => admin.upsertProduct(result.product)
          : { errors: result.errors, problem: firstError(result.errors) },
      );
    },
  },
});
