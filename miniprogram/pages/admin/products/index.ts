// Merchant product list: tabs by status, category chips, stock badges and each product's commission rule;
// 上架/下架 in place, tap a product to edit it, 新增商品 to create one. Refreshes when back from the editor.
import * as admin from '../../../services/admin';
import type { Page } from '../../../services/api';
import { backFromEditor, openEditor } from '../../../utils/editor';
import { footerText } from '../../../utils/list';
import { listPage, mapPage, toastError } from '../../../utils/paged';
import {
  AdminProduct,
  ALL_CATEGORIES,
  bySort,
  EDITING_PRODUCT_KEY,
  listFilter,
  mergeCategories,
  productOf,
  productToInput,
  ProductRow,
  replaceRow,
  StatusTab,
  toRows,
} from './logic';

const EDIT_PAGE = '/pages/admin/product-edit/index';

const paging = listPage<ProductRow>();

Component({
  data: {
    tab: 'all' as StatusTab,
    category: ALL_CATEGORIES,
    categories: [ALL_CATEGORIES] as string[],
    ...paging.data,
    emptyText: '还没有商品，点「新增商品」添加',
    /** The product being put on or taken off sale, so a second tap does nothing. */
    busy: '',
    /** Set when the editor was opened: the next onShow reloads what it may have changed. */
    editing: false,
  },
  methods: {
    ...paging.methods,
    retry: paging.methods.retry,
    onShow() {
      if (backFromEditor(this)) this.reload();
    },
    /** The category chips and the list from the start. */
    reload() {
      this.loadCategories();
      return this.load(true);
    },
    async loadCategories() {
      try {
        const { items } = await admin.productCategories();
        this.setData({
          categories: mergeCategories(
            [],
            items.map((item) => item.category),
          ),
        });
      } catch {
        // The chips then come from the products seen; the list itself does not depend on them.
      }
    },
    async fetchPage(cursor: string | null): Promise<Page<ProductRow>> {
      const page = await admin.listProducts(listFilter(this.data.tab, this.data.category), cursor);
      return mapPage(page as Page<AdminProduct>, toRows);
    },
    /** The merchant's sort decides the order, across the pages loaded so far; chips come from them too. */
    listLoaded() {
      const items = bySort(this.data.list.items);
      this.setData({
        'list.items': items,
        categories: mergeCategories(
          this.data.categories,
          items.map((item) => item.category),
        ),
      });
    },
    onTab(e: WechatMiniprogram.CustomEvent<{ value: StatusTab }>) {
      if (e.detail.value === this.data.tab) return;
      this.setData({ tab: e.detail.value, emptyText: '没有符合条件的商品' });
      this.load(true);
    },
    onCategory(e: WechatMiniprogram.BaseEvent) {
      const value = String(e.currentTarget.dataset.value ?? ALL_CATEGORIES);
      if (value === this.data.category) return;
      this.setData({ category: value, emptyText: '没有符合条件的商品' });
      this.load(true);
    },
    /** 上架 saves the product with status 'on'; 下架 uses products.remove, which changes nothing but the status. */
    async onToggle(e: WechatMiniprogram.BaseEvent) {
      const row = this.rowOf(e);
      if (!row || this.data.busy) return;
      const product = productOf(row);
      if (row.status === 'on') {
        const { confirm } = await wx.showModal({
          title: '下架商品',
          content: `下架后顾客将看不到「${row.name}」，确定下架吗？`,
        });
        if (!confirm) return;
      }
      this.setData({ busy: row._id });
      try {
        let updated: AdminProduct;
        if (row.status === 'on') {
          await admin.removeProduct(row._id);
          updated = { ...product, status: 'off' };
        } else {
          const saved = await admin.upsertProduct(productToInput(product, { status: 'on' }));
          updated = { ...product, ...saved.product, status: 'on' };
        }
        this.setData({
          list: replaceRow(this.data.list, updated, this.data.tab, this.data.category),
        });
        this.setData({ footer: footerText(this.data.list) });
        wx.showToast({ title: updated.status === 'on' ? '已上架' : '已下架', icon: 'success' });
      } catch (error) {
        toastError(error);
      } finally {
        this.setData({ busy: '' });
      }
    },
    /** Hands the product to the editor in storage: order.product answers only products on sale. */
    onEdit(e: WechatMiniprogram.BaseEvent) {
      const row = this.rowOf(e);
      if (row) openEditor(this, EDIT_PAGE, { key: EDITING_PRODUCT_KEY, row: productOf(row) });
    },
    onCreate() {
      openEditor(this, EDIT_PAGE);
    },
  },
});
