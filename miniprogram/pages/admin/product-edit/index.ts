// Create or edit a product: every field checked on the page with a message under it before products.upsert;
// amounts typed in yuan, commission rates in percent. Saved → 「已保存」 and back to the list.
import * as admin from '../../../services/admin';
import { getConfig, getStorage, setStorage } from '../../../services/client';
import { messageOf, ServiceError } from '../../../services/errors';
import * as order from '../../../services/order';
import {
  addImage,
  AdminProduct,
  COMMISSION_MODES,
  CommissionMode,
  commissionUnit,
  EDITING_PRODUCT_KEY,
  emptyForm,
  firstError,
  FormErrors,
  formFromProduct,
  MAX_IMAGES,
  ProductForm,
  removeImage,
  storedProduct,
  validateForm,
} from '../products/logic';

const TEXT_FIELDS = ['name', 'price', 'stock', 'category', 'description', 'sort', 'level1', 'level2'];

/**
 * Lets the merchant pick photos and puts them in cloud storage; the fileIDs (cloud://…) are the image
 * addresses. Only on the real cloud: the local cloud has no storage upload, so there addresses are pasted.
 */
async function chooseAndUpload(max: number): Promise<string[]> {
  const { tempFiles } = await wx.chooseMedia({ count: max, mediaType: ['image'], sizeType: ['compressed'] });
  const ids: string[] = [];
  for (const file of tempFiles) {
    const ext = /\.(\w+)$/.exec(file.tempFilePath)?.[1] ?? 'jpg';
    const name = `${Date.now()}-${Math.random().toString(36).slice(2, 8)}.${ext}`;
    const { fileID } = await wx.cloud.uploadFile({
      cloudPath: `products/${name}`,
      filePath: file.tempFilePath,
    });
    ids.push(fileID);
  }
  return ids;
}

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
  let cursor: string | null = null;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const { items, next } = await admin.listProducts(filter, cursor);
    const found = items.find((item) => item._id === id);
    if (found) return found;
    if (!next) return null;
    cursor = next;
  }
  return null;
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
    statuses: [
      { value: 'on', label: '在售' },
      { value: 'off', label: '下架' },
    ],
    unit: '',
    maxImages: MAX_IMAGES,
    canUpload: false,
    uploading: false,
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
      let product: AdminProduct | null = storedProduct(getStorage(EDITING_PRODUCT_KEY), id);
      // Used once: a later visit by another way (a link, a share) must not find this copy stale.
      if (product) setStorage(EDITING_PRODUCT_KEY, '');
      else {
        try {
          product = await findProduct(id);
        } catch (error) {
          this.setData({ status: 'error', error: `${messageOf(error)}，请返回商品列表重新进入` });
          return;
        }
        if (!product) {
          this.setData({ status: 'error', error: '商品不存在，请返回商品列表重新进入' });
          return;
        }
      }
      const form = formFromProduct(product);
      this.setData({ status: 'ready', form, unit: commissionUnit(form.commissionMode) });
    },
    retry() {
      this.loadProduct();
    },
    onInput(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const field = String(e.currentTarget.dataset.field ?? '');
      if (!TEXT_FIELDS.includes(field)) return;
      this.setData({ [`form.${field}`]: e.detail.value ?? '', [`errors.${field}`]: '', serverError: '' });
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
        const ids = await chooseAndUpload(room);
        this.setData({
          'form.images': [...this.data.form.images, ...ids].slice(0, MAX_IMAGES),
          'errors.images': '',
        });
      } catch (error) {
        const message = (error as { errMsg?: string })?.errMsg ?? '';
        if (!/cancel/i.test(message)) wx.showToast({ title: '图片上传失败，请重试', icon: 'none' });
      } finally {
        this.setData({ uploading: false });
      }
    },
    async onSave() {
      if (this.data.saving) return;
      const result = validateForm(this.data.form);
      if (!result.ok) {
        this.setData({ errors: result.errors, serverError: '' });
        wx.showToast({ title: firstError(result.errors), icon: 'none' });
        return;
      }
      this.setData({ saving: true, errors: {}, serverError: '' });
      try {
        await admin.upsertProduct(result.product);
        wx.showToast({ title: '已保存', icon: 'success' });
        wx.navigateBack();
      } catch (error) {
        const message = messageOf(error);
        if (error instanceof ServiceError && error.code === 'INVALID_ARGUMENT') {
          // The friendly text, and the server's own wording when it says more (which field, which limit).
          const detail = error.detail && error.detail !== message ? error.detail : '';
          this.setData({ serverError: detail ? `${message}（${detail}）` : message });
        }
        wx.showToast({ title: message, icon: 'none' });
      } finally {
        this.setData({ saving: false });
      }
    },
  },
});
