// The merchant's product pages, pure: list rows (price, stock badge, commission in words), the list filter,
// and the edit form ↔ product conversion with the form's checks (the same limits as products.upsert).
import type { ProductInput } from '../../../services/admin';
import type { AdminProduct, ProductCommission } from '../../../services/api';
import type { ListState } from '../../../utils/list';
import { formatFen, formatRate, parsePercent, parseYuan, percentText, yuanText } from '../../../utils/money';

/** Storage key the list page fills before opening the edit page (order.product refuses off-sale products). */
export const EDITING_PRODUCT_KEY = 'admin:editing-product';
export const ALL_CATEGORIES = '全部';
/** At or below this many units left (and above 0) a row says 库存不足. */
export const LOW_STOCK = 5;
export const MAX_STOCK = 10_000_000;
export const MAX_IMAGES = 9;
export const MAX_IMAGE_URL = 500;
export const MAX_NAME = 60;
export const MAX_CATEGORY = 20;
export const MAX_DESCRIPTION = 2000;
export const MAX_SORT = 1_000_000;
/** The largest amount the server accepts (core/domain/money.ts MAX_FEN). */
const MAX_FEN = 10_000_000_000;

export type { AdminProduct };

// ---- list ------------------------------------------------------------------------------------------------

export type StatusTab = 'all' | 'on' | 'off';

/** What products.list gets for the chosen tab and category chip (「全部」 means no filter). */
export function listFilter(tab: StatusTab, category: string): { status?: 'on' | 'off'; category?: string } {
  const filter: { status?: 'on' | 'off'; category?: string } = {};
  if (tab === 'on' || tab === 'off') filter.status = tab;
  if (category && category !== ALL_CATEGORIES) filter.category = category;
  return filter;
}

/** True when `product` belongs in a list filtered by `tab` and `category`. */
export function matchesFilter(product: AdminProduct, tab: StatusTab, category: string): boolean {
  const filter = listFilter(tab, category);
  return (
    (!filter.status || product.status === filter.status) &&
    (!filter.category || product.category === filter.category)
  );
}

export interface StockBadge {
  text: string;
  tone: 'danger' | 'warning' | '';
}

/** 0 → 已售罄, 1..5 → 库存不足, otherwise nothing. */
export function stockBadge(stock: number): StockBadge {
  if (stock <= 0) return { text: '已售罄', tone: 'danger' };
  if (stock <= LOW_STOCK) return { text: '库存不足', tone: 'warning' };
  return { text: '', tone: '' };
}

/** The product's own commission rule in words; 「默认比例」 when it follows the shop's rates. */
export function commissionText(commission: ProductCommission | null | undefined): string {
  if (!commission) return '默认比例';
  if (commission.mode === 'none') return '不参与分佣';
  if (commission.mode === 'fixed')
    return `固定 一级 ${formatFen(commission.level1Fen)} 二级 ${formatFen(commission.level2Fen)}`;
  return `按比例 一级 ${formatRate(commission.level1Bp)} 二级 ${formatRate(commission.level2Bp)}`;
}

export interface ProductRow extends AdminProduct {
  cover: string;
  /** 「排序 100」 for a product placed by hand; '' for the default 0. */
  sortText: string;
  priceText: string;
  badgeText: string;
  badgeTone: StockBadge['tone'];
  statusText: string;
  commissionText: string;
  toggleText: string;
}

export function toRow(product: AdminProduct): ProductRow {
  const badge = stockBadge(product.stock);
  return {
    ...product,
    cover: product.images?.[0] ?? '',
    sortText: product.sort ? `排序 ${product.sort}` : '',
    priceText: formatFen(product.price),
    badgeText: badge.text,
    badgeTone: badge.tone,
    statusText: product.status === 'on' ? '在售' : '已下架',
    commissionText: commissionText(product.commission),
    toggleText: product.status === 'on' ? '下架' : '上架',
  };
}

export const toRows = (items: AdminProduct[]): ProductRow[] => items.map(toRow);

/**
 * The list as the shop shows products: the merchant's `sort` first (higher first), and among equals the order
 * products.list answered (last changed first). Stable, so re-sorting after each page keeps rows in place.
 */
export function bySort<T extends Pick<AdminProduct, 'sort'>>(items: T[]): T[] {
  return items
    .map((item, i) => ({ item, i }))
    .sort((a, b) => (b.item.sort ?? 0) - (a.item.sort ?? 0) || a.i - b.i)
    .map(({ item }) => item);
}

/** The product behind a row, without the fields the row adds for display. */
export function productOf(row: ProductRow | AdminProduct): AdminProduct {
  const {
    cover: _cover,
    sortText: _sortText,
    priceText: _priceText,
    badgeText: _badgeText,
    badgeTone: _badgeTone,
    statusText: _statusText,
    commissionText: _commissionText,
    toggleText: _toggleText,
    ...product
  } = row as ProductRow;
  return product;
}

/**
 * The list after `product` changed (toggled on/off): its row is redrawn, or dropped when it no longer belongs
 * under the current tab and category.
 */
export function replaceRow(
  state: ListState<ProductRow>,
  product: AdminProduct,
  tab: StatusTab,
  category: string,
): ListState<ProductRow> {
  const keep = matchesFilter(product, tab, category);
  const items = state.items.flatMap((row) =>
    row._id !== product._id ? [row] : keep ? [toRow(product)] : [],
  );
  const status = state.status === 'ready' && !items.length ? 'empty' : state.status;
  return { ...state, items, status };
}

/** 「全部」 first, then the categories already shown, then any new ones, in first-seen order. */
export function mergeCategories(known: string[], more: string[]): string[] {
  const names = [...known, ...more].filter((name) => !!name && name !== ALL_CATEGORIES);
  return [ALL_CATEGORIES, ...Array.from(new Set(names))];
}

/** The product in the contract's shape (for an upsert), with `patch` applied; nothing the server rejects. */
export function productToInput(product: AdminProduct, patch: Partial<ProductInput> = {}): ProductInput {
  const input: ProductInput = {
    _id: product._id,
    name: product.name,
    price: product.price,
    stock: product.stock,
    category: product.category,
    images: [...(product.images ?? [])],
    status: product.status,
    sort: product.sort ?? 0,
  };
  if (product.description !== undefined && product.description !== null)
    input.description = product.description;
  if (product.commission) input.commission = { ...product.commission };
  return { ...input, ...patch };
}

/** The product the list page handed over in storage, when it is the one asked for. */
export function storedProduct(stored: unknown, id: string): AdminProduct | null {
  if (!stored || typeof stored !== 'object') return null;
  const product = stored as AdminProduct;
  return product._id === id && typeof product.name === 'string' ? product : null;
}

// ---- edit form -------------------------------------------------------------------------------------------

/** 默认: no commission field (the shop's rates apply); the others are ProductCommission's modes. */
export type CommissionMode = 'default' | 'rate' | 'fixed' | 'none';

export const COMMISSION_MODES: { value: CommissionMode; label: string }[] = [
  { value: 'default', label: '默认' },
  { value: 'rate', label: '按比例' },
  { value: 'fixed', label: '固定金额' },
  { value: 'none', label: '不参与分佣' },
];

/** Every field as typed: amounts in yuan, rates in percent. */
export interface ProductForm {
  _id: string;
  name: string;
  price: string;
  stock: string;
  category: string;
  images: string[];
  description: string;
  sort: string;
  status: 'on' | 'off';
  commissionMode: CommissionMode;
  level1: string;
  level2: string;
}

export type FormField =
  'name' | 'price' | 'stock' | 'category' | 'images' | 'description' | 'sort' | 'level1' | 'level2';
export type FormErrors = Partial<Record<FormField, string>>;

/** The order fields appear on the page, so the first problem named is the topmost one. */
export const FORM_FIELDS: FormField[] = [
  'name',
  'price',
  'stock',
  'category',
  'sort',
  'description',
  'images',
  'level1',
  'level2',
];

export function emptyForm(): ProductForm {
  return {
    _id: '',
    name: '',
    price: '',
    stock: '',
    category: '',
    images: [],
    description: '',
    sort: '0',
    status: 'on',
    commissionMode: 'default',
    level1: '',
    level2: '',
  };
}

export function formFromProduct(product: AdminProduct): ProductForm {
  const commission = product.commission;
  const mode: CommissionMode = commission ? commission.mode : 'default';
  const amount = (value: number) =>
    mode === 'rate' ? percentText(value) : mode === 'fixed' ? yuanText(value) : '';
  return {
    _id: product._id,
    name: product.name ?? '',
    price: yuanText(product.price ?? 0),
    stock: String(product.stock ?? 0),
    category: product.category ?? '',
    images: [...(product.images ?? [])],
    description: product.description ?? '',
    sort: String(product.sort ?? 0),
    status: product.status === 'off' ? 'off' : 'on',
    commissionMode: mode,
    level1:
      !commission || commission.mode === 'none'
        ? ''
        : amount(commission.mode === 'rate' ? commission.level1Bp : commission.level1Fen),
    level2:
      !commission || commission.mode === 'none'
        ? ''
        : amount(commission.mode === 'rate' ? commission.level2Bp : commission.level2Fen),
  };
}

/** The unit shown beside the commission inputs for a mode. */
export function commissionUnit(mode: CommissionMode): string {
  return mode === 'rate' ? '%' : mode === 'fixed' ? '元/件' : '';
}

/** Adds an image address to the list, or says why not. */
export function addImage(images: string[], url: string): { images: string[]; error?: string } {
  const trimmed = url.trim();
  if (!trimmed) return { images, error: '请填写图片地址' };
  if (images.length >= MAX_IMAGES) return { images, error: `最多 ${MAX_IMAGES} 张图片` };
  if (trimmed.length > MAX_IMAGE_URL)
    return { images, error: `图片地址过长（最多 ${MAX_IMAGE_URL} 个字符）` };
  if (images.includes(trimmed)) return { images, error: '这张图片已经添加过了' };
  return { images: [...images, trimmed] };
}

export function removeImage(images: string[], index: number): string[] {
  return images.filter((_, i) => i !== index);
}

export type FormResult = { ok: true; product: ProductInput } | { ok: false; errors: FormErrors };

/** The first problem in page order, for the toast. */
export function firstError(errors: FormErrors): string {
  for (const field of FORM_FIELDS) if (errors[field]) return errors[field]!;
  return '';
}

function checkPrice(text: string): { fen?: number; error?: string } {
  if (!text.trim()) return { error: '请填写价格' };
  const fen = parseYuan(text);
  if (fen === null) return { error: '价格格式不对：请填写金额（元），最多两位小数' };
  if (fen <= 0) return { error: '价格必须大于 0' };
  if (fen > MAX_FEN) return { error: '价格过高' };
  return { fen };
}

function checkStock(text: string): { stock?: number; error?: string } {
  const trimmed = text.trim();
  if (!trimmed) return { error: '请填写库存' };
  if (!/^\d+$/.test(trimmed)) return { error: '库存必须是 0 或正整数' };
  const stock = Number(trimmed);
  if (stock > MAX_STOCK) return { error: `库存最多 ${MAX_STOCK}` };
  return { stock };
}

function checkSort(text: string): { sort?: number; error?: string } {
  const trimmed = text.trim();
  if (!trimmed) return { sort: 0 };
  if (!/^-?\d+$/.test(trimmed)) return { error: '排序必须是整数' };
  const sort = Number(trimmed);
  if (Math.abs(sort) > MAX_SORT) return { error: `排序须在 -${MAX_SORT} 到 ${MAX_SORT} 之间` };
  return { sort: sort === 0 ? 0 : sort };
}

/**
 * The two commission amounts of a rate or fixed rule. Level 1 is required; an empty level 2 is 0 (a one-level
 * shop). Level 2 may not exceed level 1, and together they may not exceed 100% (rate) or the price (fixed).
 */
function checkCommission(
  form: ProductForm,
  priceFen: number | undefined,
  errors: FormErrors,
): ProductCommission | undefined {
  const mode = form.commissionMode;
  if (mode === 'default') return undefined;
  if (mode === 'none') return { mode: 'none' };
  const rate = mode === 'rate';
  const parse = rate ? parsePercent : parseYuan;
  const what = rate ? '比例' : '金额';
  const badFormat = rate
    ? '比例格式不对：请填写 0–100 的数，最多两位小数'
    : '金额格式不对：请填写金额（元），最多两位小数';
  let level1: number | null = null;
  let level2: number | null = null;
  if (!form.level1.trim()) errors.level1 = `请填写一级佣金${what}`;
  else if ((level1 = parse(form.level1)) === null) errors.level1 = badFormat;
  else if (!rate && level1 > MAX_FEN) errors.level1 = '金额过高';
  if (!form.level2.trim()) level2 = 0;
  else if ((level2 = parse(form.level2)) === null) errors.level2 = badFormat;
  else if (!rate && level2 > MAX_FEN) errors.level2 = '金额过高';
  if (level1 === null || level2 === null || errors.level1 || errors.level2) return undefined;
  if (level2 > level1) {
    errors.level2 = `二级佣金${what}不能高于一级`;
    return undefined;
  }
  if (rate && level1 + level2 > 10_000) {
    errors.level2 = '一级与二级佣金比例之和不能超过 100%';
    return undefined;
  }
  if (!rate && priceFen !== undefined && level1 + level2 > priceFen) {
    errors.level2 = `一级与二级佣金之和不能超过售价 ${formatFen(priceFen)}`;
    return undefined;
  }
  return rate
    ? { mode: 'rate', level1Bp: level1, level2Bp: level2 }
    : { mode: 'fixed', level1Fen: level1, level2Fen: level2 };
}

/** The form checked field by field; when every field is right, the exact product products.upsert gets. */
export function validateForm(form: ProductForm): FormResult {
  const errors: FormErrors = {};
  const name = form.name.trim();
  if (!name) errors.name = '请填写商品名称';
  else if (name.length > MAX_NAME) errors.name = `商品名称最多 ${MAX_NAME} 个字`;
  const price = checkPrice(form.price);
  if (price.error) errors.price = price.error;
  const stock = checkStock(form.stock);
  if (stock.error) errors.stock = stock.error;
  const category = form.category.trim();
  if (!category) errors.category = '请填写分类';
  else if (category.length > MAX_CATEGORY) errors.category = `分类最多 ${MAX_CATEGORY} 个字`;
  const sort = checkSort(form.sort);
  if (sort.error) errors.sort = sort.error;
  const description = form.description.trim();
  if (description.length > MAX_DESCRIPTION) errors.description = `商品描述最多 ${MAX_DESCRIPTION} 个字`;
  const images = form.images.map((url) => url.trim()).filter((url) => !!url);
  if (images.length > MAX_IMAGES) errors.images = `最多 ${MAX_IMAGES} 张图片`;
  else if (images.some((url) => url.length > MAX_IMAGE_URL))
    errors.images = `图片地址过长（最多 ${MAX_IMAGE_URL} 个字符）`;
  const commission = checkCommission(form, price.fen, errors);
  if (Object.keys(errors).length) return { ok: false, errors };
  const product: ProductInput = {
    name,
    description,
    price: price.fen!,
    stock: stock.stock!,
    category,
    images,
    status: form.status,
    sort: sort.sort!,
  };
  if (form._id) product._id = form._id;
  if (commission) product.commission = commission;
  return { ok: true, product };
}
