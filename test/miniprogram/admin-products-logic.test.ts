// The merchant product pages' pure logic: stock badges, commission in words, the list filter, and the edit
// form: percent ↔ basis points and yuan ↔ fen exactly, per-field checks, the exact product a save sends.
import fc from 'fast-check';
import {
  addImage,
  AdminProduct,
  commissionText,
  emptyForm,
  firstError,
  formFromProduct,
  listFilter,
  mergeCategories,
  ProductForm,
  bySort,
  productOf,
  productToInput,
  replaceRow,
  stockBadge,
  storedProduct,
  toRow,
  validateForm,
} from '../../miniprogram/pages/admin/products/logic';
import { parsePercent, parseYuan, percentText, yuanText } from '../../miniprogram/utils/money';
import { applyPage, initialList } from '../../miniprogram/utils/list';

const product = (over: Partial<AdminProduct> = {}): AdminProduct => ({
  _id: 'p1',
  name: '龙井',
  price: 1999,
  stock: 10,
  category: '茶',
  images: ['https://img/1.png'],
  status: 'on',
  ...over,
});

const form = (over: Partial<ProductForm> = {}): ProductForm => ({
  ...emptyForm(),
  name: '龙井',
  price: '19.99',
  stock: '10',
  category: '茶',
  ...over,
});

const errorsOf = (over: Partial<ProductForm>) => {
  const result = validateForm(form(over));
  if (result.ok) throw new Error(`expected errors, got ${JSON.stringify(result.product)}`);
  return result.errors;
};

describe('list rows', () => {
  test('stock badge: 已售罄 at 0, 库存不足 at 1..5, nothing above', () => {
    expect(stockBadge(0)).toEqual({ text: '已售罄', tone: 'danger' });
    expect(stockBadge(1)).toEqual({ text: '库存不足', tone: 'warning' });
    expect(stockBadge(5)).toEqual({ text: '库存不足', tone: 'warning' });
    expect(stockBadge(6)).toEqual({ text: '', tone: '' });
  });

  test('commission rule in words for each mode and for none set', () => {
    expect(commissionText({ mode: 'rate', level1Bp: 1000, level2Bp: 500 })).toBe('按比例 一级 10% 二级 5%');
    expect(commissionText({ mode: 'rate', level1Bp: 1250, level2Bp: 7 })).toBe(
      '按比例 一级 12.5% 二级 0.07%',
    );
    expect(commissionText({ mode: 'fixed', level1Fen: 500, level2Fen: 200 })).toBe(
      '固定 一级 ¥5.00 二级 ¥2.00',
    );
    expect(commissionText({ mode: 'none' })).toBe('不参与分佣');
    expect(commissionText(undefined)).toBe('默认比例');
    expect(commissionText(null)).toBe('默认比例');
  });

  test('a row shows price, badge, status and toggle; productOf gives back the product alone', () => {
    const row = toRow(product({ stock: 3, status: 'off', images: [] }));
    expect(row).toMatchObject({
      priceText: '¥19.99',
      badgeText: '库存不足',
      statusText: '已下架',
      toggleText: '上架',
      commissionText: '默认比例',
      cover: '',
    });
    expect(productOf(row)).toEqual(product({ stock: 3, status: 'off', images: [] }));
  });

  test("the list follows the merchant's sort (higher first), keeping the server's order among equals", () => {
    const rows = [
      { _id: 'a', sort: 0 },
      { _id: 'b', sort: 5 },
      { _id: 'c' },
      { _id: 'd', sort: 100 },
      { _id: 'e', sort: -1 },
      { _id: 'f', sort: 5 },
    ];
    expect(bySort(rows).map((row) => row._id)).toEqual(['d', 'b', 'f', 'a', 'c', 'e']);
    expect(toRow(product({ sort: 100 })).sortText).toBe('排序 100');
    expect(toRow(product({ sort: 0 })).sortText).toBe('');
    expect(productOf(toRow(product({ sort: 100 })))).not.toHaveProperty('sortText');
  });

  test('filter: 全部 sends nothing, a tab sends its status, a chip its category', () => {
    expect(listFilter('all', '全部')).toEqual({});
    expect(listFilter('on', '全部')).toEqual({ status: 'on' });
    expect(listFilter('off', '茶')).toEqual({ status: 'off', category: '茶' });
    expect(mergeCategories(['全部', '茶'], ['酒', '茶', ''])).toEqual(['全部', '茶', '酒']);
  });

  test('a toggled product is redrawn under 全部 and leaves the 在售 tab', () => {
    const list = applyPage(
      initialList<ReturnType<typeof toRow>>(),
      { items: [toRow(product()), toRow(product({ _id: 'p2' }))], next: null },
      true,
    );
    const off = product({ status: 'off' });
    const all = replaceRow(list, off, 'all', '全部');
    expect(all.items.map((r) => [r._id, r.statusText])).toEqual([
      ['p1', '已下架'],
      ['p2', '在售'],
    ]);
    const onTab = replaceRow(list, off, 'on', '全部');
    expect(onTab.items.map((r) => r._id)).toEqual(['p2']);
    const last = replaceRow(onTab, product({ _id: 'p2', status: 'off' }), 'on', '全部');
    expect(last).toMatchObject({ items: [], status: 'empty' });
  });

  test('productToInput keeps only contract fields, sends no commission without a rule, applies the patch', () => {
    const stored: AdminProduct = {
      ...product({ sort: 3 }),
      createdAt: '2026-11-01T00:00:00.000Z',
      updatedAt: '2026-11-02T00:00:00.000Z',
    };
    expect(productToInput(stored, { status: 'off' })).toEqual({
      _id: 'p1',
      name: '龙井',
      price: 1999,
      stock: 10,
      category: '茶',
      images: ['https://img/1.png'],
      status: 'off',
      sort: 3,
    });
  });

  test('the stored product is used only for the id asked for', () => {
    expect(storedProduct(product(), 'p1')).toEqual(product());
    expect(storedProduct(product(), 'p2')).toBeNull();
    expect(storedProduct('', 'p1')).toBeNull();
  });
});

describe('conversions', () => {
  test('percent → basis points and back, exactly', () => {
    expect(parsePercent('12.5')).toBe(1250);
    expect(parsePercent('0.07')).toBe(7);
    expect(parsePercent('10')).toBe(1000);
    expect(parsePercent('100')).toBe(10000);
    expect(parsePercent('100.01')).toBeNull();
    expect(parsePercent('1.234')).toBeNull();
    expect(parsePercent('-1')).toBeNull();
    expect(percentText(1250)).toBe('12.5');
    expect(percentText(7)).toBe('0.07');
    expect(percentText(1000)).toBe('10');
    expect(percentText(1205)).toBe('12.05');
  });

  test('yuan → fen and back, exactly', () => {
    expect(parseYuan('19.99')).toBe(1999);
    expect(parseYuan('0.07')).toBe(7);
    expect(yuanText(1999)).toBe('19.99');
    expect(yuanText(500)).toBe('5');
    expect(yuanText(7)).toBe('0.07');
  });

  test('every bp 0..10000 and every fen round-trips through its text', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 10_000 }), (bp) => parsePercent(percentText(bp)) === bp));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000_000 }), (fen) => parseYuan(yuanText(fen)) === fen),
    );
  });

  test('a product with each commission mode fills the form and saves back to the same product', () => {
    for (const commission of [
      { mode: 'rate' as const, level1Bp: 1250, level2Bp: 7 },
      { mode: 'fixed' as const, level1Fen: 500, level2Fen: 200 },
      { mode: 'none' as const },
      undefined,
    ]) {
      const original = product({ commission, description: '明前', sort: -2, status: 'off' });
      const filled = formFromProduct(original);
      const result = validateForm(filled);
      expect(result).toEqual({ ok: true, product: productToInput(original) });
    }
    expect(
      formFromProduct(product({ commission: { mode: 'rate', level1Bp: 1250, level2Bp: 7 } })),
    ).toMatchObject({
      price: '19.99',
      commissionMode: 'rate',
      level1: '12.5',
      level2: '0.07',
    });
  });
});

describe('form checks', () => {
  test('a valid new product is exactly what upsert gets (trimmed, no _id, no commission for 默认)', () => {
    const result = validateForm(
      form({
        name: '  龙井  ',
        category: ' 茶 ',
        description: ' 明前 ',
        sort: '',
        images: ['https://img/1.png'],
      }),
    );
    expect(result).toEqual({
      ok: true,
      product: {
        name: '龙井',
        description: '明前',
        price: 1999,
        stock: 10,
        category: '茶',
        images: ['https://img/1.png'],
        status: 'on',
        sort: 0,
      },
    });
  });

  test('rate and fixed rules become basis points and fen per unit', () => {
    const rate = validateForm(form({ commissionMode: 'rate', level1: '12.5', level2: '0.07' }));
    expect(rate.ok && rate.product.commission).toEqual({ mode: 'rate', level1Bp: 1250, level2Bp: 7 });
    const fixed = validateForm(form({ commissionMode: 'fixed', level1: '5', level2: '' }));
    expect(fixed.ok && fixed.product.commission).toEqual({ mode: 'fixed', level1Fen: 500, level2Fen: 0 });
    const none = validateForm(form({ commissionMode: 'none', level1: '3' }));
    expect(none.ok && none.product.commission).toEqual({ mode: 'none' });
  });

  test('name', () => {
    expect(errorsOf({ name: '   ' }).name).toBe('请填写商品名称');
    expect(errorsOf({ name: '茶'.repeat(61) }).name).toBe('商品名称最多 60 个字');
    expect(validateForm(form({ name: '茶'.repeat(60) })).ok).toBe(true);
  });

  test('price', () => {
    expect(errorsOf({ price: '' }).price).toBe('请填写价格');
    expect(errorsOf({ price: '1.999' }).price).toBe('价格格式不对：请填写金额（元），最多两位小数');
    expect(errorsOf({ price: 'abc' }).price).toBe('价格格式不对：请填写金额（元），最多两位小数');
    expect(errorsOf({ price: '-1' }).price).toBe('价格格式不对：请填写金额（元），最多两位小数');
    expect(errorsOf({ price: '0' }).price).toBe('价格必须大于 0');
    expect(errorsOf({ price: '0.00' }).price).toBe('价格必须大于 0');
  });

  test('stock', () => {
    expect(errorsOf({ stock: '' }).stock).toBe('请填写库存');
    expect(errorsOf({ stock: '1.5' }).stock).toBe('库存必须是 0 或正整数');
    expect(errorsOf({ stock: '-1' }).stock).toBe('库存必须是 0 或正整数');
    expect(errorsOf({ stock: '10000001' }).stock).toBe('库存最多 10000000');
    const zero = validateForm(form({ stock: '0' }));
    expect(zero.ok && zero.product.stock).toBe(0);
  });

  test('category, sort, description, images', () => {
    expect(errorsOf({ category: ' ' }).category).toBe('请填写分类');
    expect(errorsOf({ category: '类'.repeat(21) }).category).toBe('分类最多 20 个字');
    expect(errorsOf({ sort: '1.5' }).sort).toBe('排序必须是整数');
    expect(errorsOf({ sort: '1000001' }).sort).toBe('排序须在 -1000000 到 1000000 之间');
    expect(errorsOf({ description: '字'.repeat(2001) }).description).toBe('商品描述最多 2000 个字');
    const ten = Array.from({ length: 10 }, (_, i) => `https://img/${i}.png`);
    expect(errorsOf({ images: ten }).images).toBe('最多 9 张图片');
    expect(errorsOf({ images: ['https://' + 'x'.repeat(500)] }).images).toBe(
      '图片地址过长（最多 500 个字符）',
    );
  });

  test('commission rates: required level 1, 0–100 with two decimals, level 2 not above level 1', () => {
    expect(errorsOf({ commissionMode: 'rate', level1: '' }).level1).toBe('请填写一级佣金比例');
    expect(errorsOf({ commissionMode: 'rate', level1: '101' }).level1).toBe(
      '比例格式不对：请填写 0–100 的数，最多两位小数',
    );
    expect(errorsOf({ commissionMode: 'rate', level1: '10', level2: '5.555' }).level2).toBe(
      '比例格式不对：请填写 0–100 的数，最多两位小数',
    );
    expect(errorsOf({ commissionMode: 'rate', level1: '5', level2: '10' }).level2).toBe(
      '二级佣金比例不能高于一级',
    );
    expect(errorsOf({ commissionMode: 'rate', level1: '60', level2: '50' }).level2).toBe(
      '一级与二级佣金比例之和不能超过 100%',
    );
  });

  test('fixed commission: yuan with two decimals, level 2 not above level 1, both within the price', () => {
    expect(errorsOf({ commissionMode: 'fixed', level1: '' }).level1).toBe('请填写一级佣金金额');
    expect(errorsOf({ commissionMode: 'fixed', level1: '1.001' }).level1).toBe(
      '金额格式不对：请填写金额（元），最多两位小数',
    );
    expect(errorsOf({ commissionMode: 'fixed', level1: '2', level2: '3' }).level2).toBe(
      '二级佣金金额不能高于一级',
    );
    expect(errorsOf({ commissionMode: 'fixed', level1: '15', level2: '5' }).level2).toBe(
      '一级与二级佣金之和不能超过售价 ¥19.99',
    );
  });

  test('every bad field is named at once; the toast names the topmost', () => {
    const errors = errorsOf({ name: '', price: 'x', stock: '', category: '' });
    expect(Object.keys(errors).sort()).toEqual(['category', 'name', 'price', 'stock']);
    expect(firstError(errors)).toBe('请填写商品名称');
    expect(firstError({ level2: 'b', stock: 'a' })).toBe('a');
  });

  test('adding images: trimmed, no blanks, no duplicates, at most 9', () => {
    expect(addImage([], '  https://img/a.png ')).toEqual({ images: ['https://img/a.png'] });
    expect(addImage([], '  ').error).toBe('请填写图片地址');
    expect(addImage(['https://img/a.png'], 'https://img/a.png').error).toBe('这张图片已经添加过了');
    const nine = Array.from({ length: 9 }, (_, i) => `u${i}`);
    expect(addImage(nine, 'u9')).toEqual({ images: nine, error: '最多 9 张图片' });
  });
});
