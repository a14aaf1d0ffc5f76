// The merchant's product pages, pure: list rows (price or price range, stock badge, specifications, a running
// limited-time price, commission in words), the list filter, and the edit form ↔ product conversion with the
// form's checks (the same limits as products.upsert): specifications and the SKU table made from their
// combinations (a SKU keeps its id while its combination exists), the video, and 限时折扣.
import type { ProductInput } from '../../../services/admin';
import type { AdminProduct, ProductCommission } from '../../../services/api';
import { beijingInstant, beijingParts, formatShortTime } from '../../../utils/date';
import { firstProblem } from '../../../utils/form';
import { changeRow, ListState, withRows } from '../../../utils/list';
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
/** Specifications (core/domain/catalog.ts): dimensions, values per dimension, SKUs, and their names' lengths. */
export const MAX_SPECS = 3;
export const MAX_SPEC_VALUES = 20;
export const MAX_SKUS = 100;
export const MAX_SPEC_NAME = 10;
export const MAX_SPEC_VALUE = 20;
/** The id of the one SKU a product without specifications sells (a limited-time price names it). */
export const DEFAULT_SKU = 'default';
const FILE_URL = /^(cloud|https):\/\/\S+$/;

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

/** Whether the product's limited-time price is on at `nowMs`. */
export function limitedOn(product: Pick<AdminProduct, 'limited'>, nowMs: number): boolean {
  const l = product.limited;
  return !!l && Date.parse(l.startsAt) <= nowMs && nowMs < Date.parse(l.endsAt);
}

/**
 * What the list says of the price: the SKUs' range (「¥88.00 – ¥168.00」) or the one price; while a limited-time
 * price is on, that price (「限时 ¥9.90 至 12-08 08:00」), or for SKUs that some are cut, and until when.
 */
export function priceTexts(product: AdminProduct, nowMs: number): { priceText: string; limitedText: string } {
  const skus = product.skus ?? [];
  const prices = skus.length ? skus.map((sku) => sku.price) : [product.price];
  const low = Math.min(...prices);
  const high = Math.max(...prices);
  const priceText = low === high ? formatFen(low) : `${formatFen(low)} – ${formatFen(high)}`;
  if (!limitedOn(product, nowMs)) return { priceText, limitedText: '' };
  const ids = skus.length ? skus.map((sku) => sku.skuId) : [DEFAULT_SKU];
  const cut = ids
    .map((id, i) => ({ limited: product.limited!.prices[id], price: prices[i]! }))
    .filter((p): p is { limited: number; price: number } => p.limited !== undefined && p.limited < p.price)
    .map((p) => p.limited);
  if (!cut.length) return { priceText, limitedText: '' };
  const until = `至 ${formatShortTime(product.limited!.endsAt)}`;
  return {
    priceText,
    limitedText: skus.length ? `限时折扣${until}` : `限时 ${formatFen(cut[0]!)} ${until}`,
  };
}

/** 「容量 × 包装 · 4 个规格」; '' without specifications. */
export function specsText(product: Pick<AdminProduct, 'specs' | 'skus'>): string {
  const specs = product.specs ?? [];
  if (!specs.length || !product.skus?.length) return '';
  return `${specs.map((s) => s.name).join(' × ')} · ${product.skus.length} 个规格`;
}

export interface ProductRow extends AdminProduct {
  cover: string;
  /** 「排序 100」 for a product placed by hand; '' for the default 0. */
  sortText: string;
  priceText: string;
  /** 「限时 ¥9.90 至 12-08 08:00」, or 「限时折扣至 12-08 08:00」 for SKUs, while a limited price is on; ''. */
  limitedText: string;
  specsText: string;
  badgeText: string;
  badgeTone: StockBadge['tone'];
  statusText: string;
  commissionText: string;
  toggleText: string;
}

export function toRow(product: AdminProduct, nowMs: number = Date.now()): ProductRow {
  const badge = stockBadge(product.stock);
  // A SKU sold out while others are not: the merchant should know before a shopper picks it.
  const someOut = badge.tone === '' && (product.skus ?? []).some((sku) => sku.stock <= 0);
  return {
    ...product,
    cover: product.images?.[0] ?? '',
    sortText: product.sort ? `排序 ${product.sort}` : '',
    ...priceTexts(product, nowMs),
    specsText: specsText(product),
    badgeText: someOut ? '部分售罄' : badge.text,
    badgeTone: someOut ? 'warning' : badge.tone,
    statusText: product.status === 'on' ? '在售' : '已下架',
    commissionText: commissionText(product.commission),
    toggleText: product.status === 'on' ? '下架' : '上架',
  };
}

export const toRows = (items: AdminProduct[], nowMs: number = Date.now()): ProductRow[] =>
  items.map((item) => toRow(item, nowMs));

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
    limitedText: _limitedText,
    specsText: _specsText,
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
  return withRows(
    state,
    changeRow(
      state.items,
      product._id,
      () => toRow(product),
      () => keep,
    ),
  );
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
  // products.upsert replaces the whole product: what the row does not show must go back as it was.
  if (product.video) input.video = product.video;
  if (product.specs?.length && product.skus?.length) {
    input.specs = product.specs.map((spec) => ({ name: spec.name, values: [...spec.values] }));
    input.skus = product.skus.map((sku) => ({
      skuId: sku.skuId,
      specs: [...sku.specs],
      price: sku.price,
      stock: sku.stock,
      ...(sku.image ? { image: sku.image } : {}),
      ...(sku.commission ? { commission: { ...sku.commission } } : {}),
    }));
  }
  if (product.limited)
    input.limited = {
      startsAt: product.limited.startsAt,
      endsAt: product.limited.endsAt,
      prices: { ...product.limited.prices },
    };
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

/** A SKU's own rule: 跟随商品 (none of its own) or one of the product's modes. */
export const SKU_COMMISSION_MODES: { value: CommissionMode; label: string }[] = [
  { value: 'default', label: '跟随商品' },
  { value: 'rate', label: '按比例' },
  { value: 'fixed', label: '固定金额' },
  { value: 'none', label: '不分佣' },
];

/** One specification dimension as typed: its name, its values, and the value being typed. */
export interface SpecForm {
  /** A stable key for the list, never sent. */
  key: string;
  name: string;
  values: string[];
  draft: string;
}

/** One combination sold: its values, and price, stock, picture and commission as typed. */
export interface SkuForm {
  /** Kept for as long as its combination exists (orders, carts and limited prices name it). */
  skuId: string;
  specs: string[];
  /** 「250g / 礼盒」 */
  specText: string;
  price: string;
  stock: string;
  image: string;
  commissionMode: CommissionMode;
  level1: string;
  level2: string;
}

/** Every field as typed: amounts in yuan, rates in percent, times in Beijing time. */
export interface ProductForm {
  _id: string;
  name: string;
  /** Without specifications; with them the SKUs' are used. */
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
  /** A video shown before the pictures: cloud:// or https://, '' for none. */
  video: string;
  specs: SpecForm[];
  skus: SkuForm[];
  /** Combinations the merchant took out (their values as JSON): not made again when the specs change. */
  removed: string[];
  /**
   * Rows out of the table for now (taken out, or their value removed): a combination that comes back gets its
   * row back, id and all, instead of a new one.
   */
  stash: SkuForm[];
  /** 限时折扣: on or off, its window in Beijing time, and a price per SKU ('default' without specs). */
  limitedOn: boolean;
  limitedStartDate: string;
  limitedStartTime: string;
  limitedEndDate: string;
  limitedEndTime: string;
  limitedPrices: Record<string, string>;
}

export type FormField =
  | 'name'
  | 'price'
  | 'stock'
  | 'category'
  | 'images'
  | 'video'
  | 'description'
  | 'sort'
  | 'level1'
  | 'level2'
  | 'specs'
  | 'skus'
  | 'limited'
  | 'limitedStart'
  | 'limitedEnd';
/**
 * Field → what is wrong. Besides the fields above: `specs.<i>` (a dimension), `skus.<i>.<field>` (a SKU's
 * price, stock, image, level1, level2) and `limited.<skuId>` (a limited-time price).
 */
export type FormErrors = Partial<Record<FormField, string>> & { [key: string]: string | undefined };

/** The order fields appear on the page, so the first problem named is the topmost one. */
export const FORM_FIELDS: FormField[] = [
  'name',
  'price',
  'stock',
  'category',
  'sort',
  'images',
  'video',
  'description',
  'specs',
  'skus',
  'limited',
  'limitedStart',
  'limitedEnd',
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
    video: '',
    specs: [],
    skus: [],
    removed: [],
    stash: [],
    limitedOn: false,
    limitedStartDate: '',
    limitedStartTime: '00:00',
    limitedEndDate: '',
    limitedEndTime: '23:59',
    limitedPrices: {},
  };
}

/** A commission rule as the form types it: the mode and two amounts in its unit. */
function commissionFields(
  commission: ProductCommission | undefined,
): Pick<ProductForm, 'commissionMode' | 'level1' | 'level2'> {
  if (!commission) return { commissionMode: 'default', level1: '', level2: '' };
  if (commission.mode === 'none') return { commissionMode: 'none', level1: '', level2: '' };
  if (commission.mode === 'rate')
    return {
      commissionMode: 'rate',
      level1: percentText(commission.level1Bp),
      level2: percentText(commission.level2Bp),
    };
  return {
    commissionMode: 'fixed',
    level1: yuanText(commission.level1Fen),
    level2: yuanText(commission.level2Fen),
  };
}

const comboKey = (values: string[]) => JSON.stringify(values);
export const specTextOf = (values: string[]) => values.join(' / ');

/** Every combination of the dimensions' values, in the dimensions' order (none while one has no value). */
export function combinations(specs: Pick<SpecForm, 'values'>[]): string[][] {
  if (!specs.length || specs.some((spec) => !spec.values.length)) return [];
  return specs.reduce<string[][]>(
    (combos, spec) => combos.flatMap((combo) => spec.values.map((value) => [...combo, value])),
    [[]],
  );
}

/**
 * Makes SKU ids no product has used: a time in base 36 and a counter, so an id taken out is never given to
 * another combination later (a cart or an order may still name it).
 */
export function skuIdMaker(nowMs: number): (taken: Set<string>) => string {
  let n = 0;
  const stamp = Math.floor(nowMs).toString(36);
  return (taken) => {
    let id: string;
    do id = `k${stamp}${(n++).toString(36)}`;
    while (taken.has(id));
    taken.add(id);
    return id;
  };
}

/**
 * The SKU table after the specifications changed: one row per combination, in order; a combination that
 * existed (or comes back) keeps its row (its id, price, stock…); a new one gets a new id, the product's price
 * as typed, and no stock; combinations the merchant took out stay out. Rows no longer shown wait in `stash`.
 */
export function syncSkus(form: ProductForm, newId: (taken: Set<string>) => string): ProductForm {
  const combos = combinations(form.specs);
  const known = [...form.skus, ...form.stash];
  const existing = new Map<string, SkuForm>();
  for (const sku of known) if (!existing.has(comboKey(sku.specs))) existing.set(comboKey(sku.specs), sku);
  const removed = new Set(form.removed);
  const taken = new Set(known.map((sku) => sku.skuId));
  const skus: SkuForm[] = [];
  for (const values of combos) {
    const key = comboKey(values);
    if (removed.has(key)) continue;
    const kept = existing.get(key);
    skus.push(
      kept ?? {
        skuId: newId(taken),
        specs: values,
        specText: specTextOf(values),
        price: form.price,
        stock: '',
        image: '',
        commissionMode: 'default',
        level1: '',
        level2: '',
      },
    );
  }
  const live = new Set(combos.map(comboKey));
  const shown = new Set(skus.map((sku) => sku.skuId));
  const stash = [...existing.values()].filter((sku) => !shown.has(sku.skuId));
  return { ...form, skus, stash, removed: form.removed.filter((key) => live.has(key)) };
}

/** A new, empty dimension (at most MAX_SPECS). */
export function addSpec(form: ProductForm): ProductForm {
  if (form.specs.length >= MAX_SPECS) return form;
  const used = form.specs.map((spec) => Number(/^s(\d+)$/.exec(spec.key)?.[1] ?? -1));
  const key = `s${Math.max(-1, ...used) + 1}`;
  return { ...form, specs: [...form.specs, { key, name: '', values: [], draft: '' }] };
}

export function removeSpec(form: ProductForm, index: number, newId: (taken: Set<string>) => string) {
  // Combinations change shape: what was taken out no longer means anything.
  return syncSkus({ ...form, specs: form.specs.filter((_, i) => i !== index), removed: [] }, newId);
}

/** Adds the value typed for dimension `index`, or says why not. */
export function addSpecValue(
  form: ProductForm,
  index: number,
  newId: (taken: Set<string>) => string,
): { form: ProductForm; error?: string } {
  const spec = form.specs[index];
  if (!spec) return { form };
  const value = spec.draft.trim();
  if (!value) return { form, error: '请填写规格值，如 250g' };
  if (value.length > MAX_SPEC_VALUE) return { form, error: `规格值最多 ${MAX_SPEC_VALUE} 个字` };
  if (spec.values.includes(value)) return { form, error: `已经有「${value}」了` };
  if (spec.values.length >= MAX_SPEC_VALUES) return { form, error: `每种规格最多 ${MAX_SPEC_VALUES} 个值` };
  const specs = form.specs.map((s, i) =>
    i === index ? { ...s, values: [...s.values, value], draft: '' } : s,
  );
  return { form: syncSkus({ ...form, specs }, newId) };
}

export function removeSpecValue(
  form: ProductForm,
  index: number,
  value: string,
  newId: (taken: Set<string>) => string,
): ProductForm {
  const specs = form.specs.map((s, i) =>
    i === index ? { ...s, values: s.values.filter((v) => v !== value) } : s,
  );
  return syncSkus({ ...form, specs }, newId);
}

/** Takes one combination out of the table (it is not sold); 恢复 brings every one back. */
export function removeSku(form: ProductForm, index: number): ProductForm {
  const sku = form.skus[index];
  if (!sku) return form;
  return {
    ...form,
    skus: form.skus.filter((_, i) => i !== index),
    removed: [...form.removed, comboKey(sku.specs)],
    stash: [...form.stash, sku],
  };
}

export function restoreSkus(form: ProductForm, newId: (taken: Set<string>) => string): ProductForm {
  return syncSkus({ ...form, removed: [] }, newId);
}

/** 批量填写: the same price and/or stock in every row (an empty box leaves that column alone). */
export function fillSkus(form: ProductForm, price: string, stock: string): ProductForm {
  return {
    ...form,
    skus: form.skus.map((sku) => ({
      ...sku,
      ...(price.trim() ? { price: price.trim() } : {}),
      ...(stock.trim() ? { stock: stock.trim() } : {}),
    })),
  };
}

/** The ids the limited-time prices are keyed by: the SKUs', or the one implicit SKU without specifications. */
export const limitedIds = (form: Pick<ProductForm, 'specs' | 'skus'>) =>
  form.specs.length ? form.skus.map((sku) => sku.skuId) : [DEFAULT_SKU];

export function formFromProduct(product: AdminProduct): ProductForm {
  const empty = emptyForm();
  const specs: SpecForm[] = (product.specs ?? []).map((spec, i) => ({
    key: `s${i}`,
    name: spec.name,
    values: [...spec.values],
    draft: '',
  }));
  const skus: SkuForm[] = specs.length
    ? (product.skus ?? []).map((sku) => ({
        skuId: sku.skuId,
        specs: [...sku.specs],
        specText: specTextOf(sku.specs),
        price: yuanText(sku.price),
        stock: String(sku.stock),
        image: sku.image ?? '',
        ...commissionFields(sku.commission),
      }))
    : [];
  const sold = new Set(skus.map((sku) => comboKey(sku.specs)));
  const limited = product.limited;
  const start = beijingParts(limited?.startsAt);
  const end = beijingParts(limited?.endsAt);
  return {
    ...empty,
    _id: product._id,
    name: product.name ?? '',
    price: yuanText(product.price ?? 0),
    stock: String(product.stock ?? 0),
    category: product.category ?? '',
    images: [...(product.images ?? [])],
    description: product.description ?? '',
    sort: String(product.sort ?? 0),
    status: product.status === 'off' ? 'off' : 'on',
    ...commissionFields(product.commission),
    video: product.video ?? '',
    specs,
    skus,
    removed: combinations(specs)
      .map(comboKey)
      .filter((key) => !sold.has(key)),
    limitedOn: !!limited,
    limitedStartDate: start.date,
    limitedStartTime: start.time || empty.limitedStartTime,
    limitedEndDate: end.date,
    limitedEndTime: end.time || empty.limitedEndTime,
    limitedPrices: Object.fromEntries(
      Object.entries(limited?.prices ?? {}).map(([id, fen]) => [id, yuanText(fen)]),
    ),
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

/** The first problem in page order (a product's fields, then its SKUs'), for the toast. */
export const firstError = (errors: FormErrors) => firstProblem(errors, FORM_FIELDS);

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

/** A cloud:// or https:// address of at most 500 characters, or the problem with it. */
function fileProblem(url: string, what: string): string {
  if (url.length > MAX_IMAGE_URL) return `${what}地址过长（最多 ${MAX_IMAGE_URL} 个字符）`;
  if (!FILE_URL.test(url)) return `${what}地址须以 https:// 或 cloud:// 开头`;
  return '';
}

/**
 * The two commission amounts of a rate or fixed rule (of the product, or a SKU: `at` prefixes the error keys).
 * Level 1 is required; an empty level 2 is 0 (a one-level shop). Level 2 may not exceed level 1, and together
 * they may not exceed 100% (rate) or the price (fixed).
 */
function checkCommission(
  rule: Pick<ProductForm, 'commissionMode' | 'level1' | 'level2'>,
  priceFen: number | undefined,
  errors: FormErrors,
  at = '',
): ProductCommission | undefined {
  const mode = rule.commissionMode;
  if (mode === 'default') return undefined;
  if (mode === 'none') return { mode: 'none' };
  const rate = mode === 'rate';
  const parse = rate ? parsePercent : parseYuan;
  const what = rate ? '比例' : '金额';
  const badFormat = rate
    ? '比例格式不对：请填写 0–100 的数，最多两位小数'
    : '金额格式不对：请填写金额（元），最多两位小数';
  const key1 = `${at}level1`;
  const key2 = `${at}level2`;
  let level1: number | null = null;
  let level2: number | null = null;
  if (!rule.level1.trim()) errors[key1] = `请填写一级佣金${what}`;
  else if ((level1 = parse(rule.level1)) === null) errors[key1] = badFormat;
  else if (!rate && level1 > MAX_FEN) errors[key1] = '金额过高';
  if (!rule.level2.trim()) level2 = 0;
  else if ((level2 = parse(rule.level2)) === null) errors[key2] = badFormat;
  else if (!rate && level2 > MAX_FEN) errors[key2] = '金额过高';
  if (level1 === null || level2 === null || errors[key1] || errors[key2]) return undefined;
  if (level2 > level1) {
    errors[key2] = `二级佣金${what}不能高于一级`;
    return undefined;
  }
  if (rate && level1 + level2 > 10_000) {
    errors[key2] = '一级与二级佣金比例之和不能超过 100%';
    return undefined;
  }
  if (!rate && priceFen !== undefined && level1 + level2 > priceFen) {
    errors[key2] = `一级与二级佣金之和不能超过售价 ${formatFen(priceFen)}`;
    return undefined;
  }
  return rate
    ? { mode: 'rate', level1Bp: level1, level2Bp: level2 }
    : { mode: 'fixed', level1Fen: level1, level2Fen: level2 };
}

/** The dimensions as products.upsert takes them, or their problems under `specs.<i>` and `specs`. */
function checkSpecs(form: ProductForm, errors: FormErrors): ProductInput['specs'] {
  const names = new Set<string>();
  const specs = form.specs.map((spec, i) => {
    const name = spec.name.trim();
    if (!name) errors[`specs.${i}`] = '请填写规格名称，如 容量';
    else if (name.length > MAX_SPEC_NAME) errors[`specs.${i}`] = `规格名称最多 ${MAX_SPEC_NAME} 个字`;
    else if (names.has(name)) errors[`specs.${i}`] = `规格名称「${name}」重复了`;
    else if (!spec.values.length) errors[`specs.${i}`] = `请给「${name}」添加至少一个值`;
    names.add(name);
    return { name, values: [...spec.values] };
  });
  if (form.specs.length > MAX_SPECS) errors.specs = `规格最多 ${MAX_SPECS} 种`;
  return specs;
}

/** The SKU rows as products.upsert takes them, or their problems under `skus.<i>.<field>` and `skus`. */
function checkSkus(form: ProductForm, errors: FormErrors): NonNullable<ProductInput['skus']> {
  if (!form.skus.length) errors.skus = '至少保留一个规格组合';
  else if (form.skus.length > MAX_SKUS) errors.skus = `规格组合最多 ${MAX_SKUS} 个，请减少规格值或删除组合`;
  return form.skus.map((sku, i) => {
    const at = `skus.${i}.`;
    const price = checkPrice(sku.price);
    if (price.error) errors[`${at}price`] = price.error;
    const stock = checkStock(sku.stock);
    if (stock.error) errors[`${at}stock`] = stock.error;
    const image = sku.image.trim();
    const imageProblem = image ? fileProblem(image, '图片') : '';
    if (imageProblem) errors[`${at}image`] = imageProblem;
    const commission = checkCommission(sku, price.fen, errors, at);
    return {
      skuId: sku.skuId,
      specs: [...sku.specs],
      price: price.fen ?? 0,
      stock: stock.stock ?? 0,
      ...(image ? { image } : {}),
      ...(commission ? { commission } : {}),
    };
  });
}

/**
 * 限时折扣: the window from the pickers and a price for each SKU given one. Only the form's own checks: a price
 * not below its SKU's or a window ending before it starts are refused by products.upsert, in its words.
 */
function checkLimited(form: ProductForm, errors: FormErrors): ProductInput['limited'] {
  if (!form.limitedOn) return undefined;
  const startsAt = beijingInstant(form.limitedStartDate, form.limitedStartTime);
  const endsAt = beijingInstant(form.limitedEndDate, form.limitedEndTime);
  if (!startsAt) errors.limitedStart = '请选择限时折扣的开始日期和时间';
  if (!endsAt) errors.limitedEnd = '请选择限时折扣的结束日期和时间';
  const prices: Record<string, number> = {};
  for (const id of limitedIds(form)) {
    const text = (form.limitedPrices[id] ?? '').trim();
    if (!text) continue;
    const price = checkPrice(text);
    if (price.error) errors[`limited.${id}`] = price.error.replace('价格', '限时价');
    else prices[id] = price.fen!;
  }
  const anyBad = Object.keys(errors).some((key) => key.startsWith('limited.'));
  if (!Object.keys(prices).length && !anyBad) errors.limited = '请至少给一个规格填写限时价';
  return startsAt && endsAt ? { startsAt, endsAt, prices } : undefined;
}

/** The form checked field by field; when every field is right, the exact product products.upsert gets. */
export function validateForm(form: ProductForm): FormResult {
  const errors: FormErrors = {};
  const withSpecs = form.specs.length > 0;
  const name = form.name.trim();
  if (!name) errors.name = '请填写商品名称';
  else if (name.length > MAX_NAME) errors.name = `商品名称最多 ${MAX_NAME} 个字`;
  const price = withSpecs ? {} : checkPrice(form.price);
  if (price.error) errors.price = price.error;
  const stock = withSpecs ? {} : checkStock(form.stock);
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
  const video = form.video.trim();
  const videoProblem = video ? fileProblem(video, '视频') : '';
  if (videoProblem) errors.video = videoProblem;
  const specs = withSpecs ? checkSpecs(form, errors) : undefined;
  const skus = withSpecs ? checkSkus(form, errors) : undefined;
  // A fixed commission of the product may not exceed its price: with SKUs, the cheapest.
  const lowest = skus?.length ? Math.min(...skus.map((sku) => sku.price)) : price.fen;
  const commission = checkCommission(form, lowest || undefined, errors);
  const limited = checkLimited(form, errors);
  if (Object.keys(errors).length) return { ok: false, errors };
  const product: ProductInput = {
    name,
    description,
    // With specifications the server keeps the lowest SKU price and the total stock; sent the same.
    price: skus ? Math.min(...skus.map((sku) => sku.price)) : price.fen!,
    stock: skus ? skus.reduce((sum, sku) => sum + sku.stock, 0) : stock.stock!,
    category,
    images,
    status: form.status,
    sort: sort.sort!,
  };
  if (form._id) product._id = form._id;
  if (commission) product.commission = commission;
  if (video) product.video = video;
  if (specs && skus) {
    product.specs = specs;
    product.skus = skus;
  }
  if (limited) product.limited = limited;
  return { ok: true, product };
}

/** 「由规格计算：¥88.00 – ¥168.00，共 30 件」 while the SKU rows read; '' otherwise. */
export function skuSummary(form: ProductForm): string {
  const prices = form.skus.map((sku) => parseYuan(sku.price));
  const stocks = form.skus.map((sku) => (/^\d+$/.test(sku.stock.trim()) ? Number(sku.stock) : null));
  if (!form.skus.length || prices.some((p) => p === null) || stocks.some((n) => n === null)) return '';
  const low = Math.min(...(prices as number[]));
  const high = Math.max(...(prices as number[]));
  const total = (stocks as number[]).reduce((sum, n) => sum + n, 0);
  const range = low === high ? formatFen(low) : `${formatFen(low)} – ${formatFen(high)}`;
  return `售价 ${range}，共 ${total} 件`;
}
