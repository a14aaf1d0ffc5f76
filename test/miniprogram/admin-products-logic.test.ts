// The merchant product pages' pure logic: stock badges, commission in words, the list filter, and the edit
// form: percent ↔ basis points and yuan ↔ fen exactly, per-field checks, the exact product a save sends.
import fc from 'fast-check';
import {
  addImage,
  addSpec,
  addSpecValue,
  AdminProduct,
  combinations,
  commissionText,
  fillSkus,
  limitedIds,
  removeSku,
  removeSpec,
  removeSpecValue,
  restoreSkus,
  skuIdMaker,
  skuSummary,
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

describe('specifications and the SKU table', () => {
  const ids = () => skuIdMaker(Date.parse('2026-12-06T00:00:00Z'));
  /** A form with dimensions named and valued as given, its table made from them. */
  const withSpecs = (dims: [string, string[]][], newId = ids()) => {
    let f = form({ price: '88' });
    for (const [name, values] of dims) {
      f = addSpec(f);
      const i = f.specs.length - 1;
      f.specs[i] = { ...f.specs[i]!, name };
      for (const value of values) {
        f.specs[i] = { ...f.specs[i]!, draft: value };
        f = addSpecValue(f, i, newId).form;
      }
    }
    return f;
  };
  const combos = (f: ProductForm) => f.skus.map((sku) => sku.specText);

  test('one row per combination in order; a new row starts at the typed price with no stock', () => {
    const f = withSpecs([
      ['容量', ['250g', '500g']],
      ['包装', ['袋装', '礼盒']],
    ]);
    expect(combos(f)).toEqual(['250g / 袋装', '250g / 礼盒', '500g / 袋装', '500g / 礼盒']);
    expect(f.skus[0]).toMatchObject({
      specs: ['250g', '袋装'],
      price: '88',
      stock: '',
      commissionMode: 'default',
    });
    expect(new Set(f.skus.map((sku) => sku.skuId)).size).toBe(4);
    expect(f.skus.every((sku) => /^[\w-]{1,32}$/.test(sku.skuId) && sku.skuId !== 'default')).toBe(true);
    expect(combinations([{ values: ['a'] }, { values: [] }])).toEqual([]);
  });

  test('ids stay with their combination through edits; a taken-out row stays out until restored, id and all', () => {
    const newId = ids();
    let f = withSpecs([['容量', ['250g', '500g']]], newId);
    f = fillSkus(f, '', '5');
    const [small, big] = f.skus.map((sku) => sku.skuId);
    f.skus[1] = { ...f.skus[1]!, price: '168' };
    // A value added to the dimension: the existing rows keep their ids, prices and stock.
    f.specs[0] = { ...f.specs[0]!, draft: '1kg' };
    f = addSpecValue(f, 0, newId).form;
    expect(f.skus.map((sku) => [sku.specText, sku.skuId === small || sku.skuId === big])).toEqual([
      ['250g', true],
      ['500g', true],
      ['1kg', false],
    ]);
    expect(f.skus[1]).toMatchObject({ skuId: big, price: '168', stock: '5' });
    // A row taken out is not made again when another value comes or goes …
    f = removeSku(f, 0);
    expect(combos(f)).toEqual(['500g', '1kg']);
    f = removeSpecValue(f, 0, '1kg', newId);
    expect(combos(f)).toEqual(['500g']);
    expect(f.removed).toEqual(['["250g"]']);
    // … and comes back as it was, as does a value removed and typed again.
    f = restoreSkus(f, newId);
    expect(f.skus.map((sku) => sku.skuId)).toEqual([small, big]);
    expect(f.skus[0]).toMatchObject({ stock: '5' });
    f.specs[0] = { ...f.specs[0]!, draft: '1kg' };
    const again = addSpecValue(f, 0, newId).form;
    expect(again.skus).toHaveLength(3);
    expect(again.skus.filter((sku) => sku.skuId === small || sku.skuId === big)).toHaveLength(2);
    // A second dimension makes new combinations, with new ids.
    const two = withSpecs([['容量', ['250g']]], newId);
    const one = two.skus[0]!.skuId;
    let more = addSpec(two);
    more.specs[1] = { ...more.specs[1]!, name: '包装', draft: '礼盒' };
    more = addSpecValue(more, 1, newId).form;
    expect(more.skus.map((sku) => sku.specText)).toEqual(['250g / 礼盒']);
    expect(more.skus[0]!.skuId).not.toBe(one);
    // Removing it brings the old row back.
    expect(removeSpec(more, 1, newId).skus.map((sku) => sku.skuId)).toEqual([one]);
  });

  test('values: trimmed, not blank, not twice, at most 20 characters and 20 values; at most 3 dimensions', () => {
    const f = withSpecs([['容量', ['250g']]]);
    const typing = (draft: string) => {
      const g = { ...f, specs: [{ ...f.specs[0]!, draft }] };
      return addSpecValue(g, 0, ids()).error;
    };
    expect(typing('  ')).toBe('请填写规格值，如 250g');
    expect(typing(' 250g ')).toBe('已经有「250g」了');
    expect(typing('字'.repeat(21))).toBe('规格值最多 20 个字');
    const full = {
      ...f,
      specs: [{ ...f.specs[0]!, values: Array.from({ length: 20 }, (_, i) => `v${i}`), draft: 'x' }],
    };
    expect(addSpecValue(full, 0, ids()).error).toBe('每种规格最多 20 个值');
    expect(addSpec(addSpec(addSpec(addSpec(form())))).specs).toHaveLength(3);
  });

  test('with specifications the product is sold by its SKUs: lowest price and total stock, each row checked', () => {
    let f = withSpecs([
      ['容量', ['250g', '500g']],
      ['包装', ['袋装']],
    ]);
    f = fillSkus(f, '', '10');
    f.skus[1] = {
      ...f.skus[1]!,
      price: '168',
      image: ' https://img/500g.png ',
      commissionMode: 'fixed',
      level1: '8',
      level2: '',
    };
    // The product's own price and stock are not asked for.
    const result = validateForm({ ...f, price: '', stock: '' });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.product).toMatchObject({
      price: 8800,
      stock: 20,
      specs: [
        { name: '容量', values: ['250g', '500g'] },
        { name: '包装', values: ['袋装'] },
      ],
      skus: [
        { skuId: f.skus[0]!.skuId, specs: ['250g', '袋装'], price: 8800, stock: 10 },
        {
          skuId: f.skus[1]!.skuId,
          specs: ['500g', '袋装'],
          price: 16800,
          stock: 10,
          image: 'https://img/500g.png',
          commission: { mode: 'fixed', level1Fen: 800, level2Fen: 0 },
        },
      ],
    });
    expect(result.product.skus![0]).not.toHaveProperty('image');
    expect(result.product.skus![0]).not.toHaveProperty('commission');
    expect(skuSummary(f)).toBe('售价 ¥88.00 – ¥168.00，共 20 件');

    f.skus[0] = { ...f.skus[0]!, price: '0', stock: '-1' };
    f.skus[1] = { ...f.skus[1]!, image: 'ftp://x', level1: '200' };
    f.specs[1] = { ...f.specs[1]!, name: '容量' };
    const errors = validateForm(f);
    expect(errors.ok ? {} : errors.errors).toEqual({
      'specs.1': '规格名称「容量」重复了',
      'skus.0.price': '价格必须大于 0',
      'skus.0.stock': '库存必须是 0 或正整数',
      'skus.1.image': '图片地址须以 https:// 或 cloud:// 开头',
      'skus.1.level2': '一级与二级佣金之和不能超过售价 ¥168.00',
    });
    const unnamed = validateForm({ ...withSpecs([['', ['a']]]), skus: [] });
    expect(unnamed.ok ? {} : unnamed.errors).toMatchObject({
      'specs.0': '请填写规格名称，如 容量',
      skus: '至少保留一个规格组合',
    });
    const valueless = validateForm(addSpec(form()));
    expect(valueless.ok ? {} : valueless.errors).toMatchObject({ 'specs.0': '请填写规格名称，如 容量' });
    expect(firstError({ 'skus.0.price': '价格必须大于 0' })).toBe('价格必须大于 0');
  });

  test('the video: optional, https:// or cloud://', () => {
    expect(errorsOf({ video: 'http://v.mp4' })).toEqual({ video: '视频地址须以 https:// 或 cloud:// 开头' });
    const result = validateForm(form({ video: ' cloud://env.1/products/videos/v.mp4 ' }));
    expect(result.ok && result.product.video).toBe('cloud://env.1/products/videos/v.mp4');
  });

  test('限时折扣: a Beijing window and a price per SKU given one; the server judges them against each other', () => {
    const on = { limitedOn: true, limitedStartDate: '2026-12-06', limitedStartTime: '10:00' };
    const noSpecs = validateForm(
      form({
        ...on,
        limitedEndDate: '2026-12-08',
        limitedEndTime: '23:59',
        limitedPrices: { default: '15.5' },
      }),
    );
    expect(noSpecs.ok && noSpecs.product.limited).toEqual({
      startsAt: '2026-12-06T10:00:00+08:00',
      endsAt: '2026-12-08T23:59:00+08:00',
      prices: { default: 1550 },
    });
    let f = withSpecs([['容量', ['250g', '500g']]]);
    f = fillSkus(f, '', '3');
    const [a, b] = f.skus.map((sku) => sku.skuId) as [string, string];
    // Only the rows in the table count: a price left for a row taken out is not sent.
    const limited = {
      ...f,
      ...on,
      limitedEndDate: '2026-12-07',
      limitedEndTime: '12:00',
      limitedPrices: { [b]: '66', gone: '1' },
    };
    const result = validateForm(limited);
    expect(result.ok && result.product.limited!.prices).toEqual({ [b]: 6600 });
    expect(errorsOf({ ...limited, limitedPrices: { [a]: 'abc' } })).toEqual({
      [`limited.${a}`]: '限时价格式不对：请填写金额（元），最多两位小数',
    });
    expect(errorsOf({ ...limited, limitedPrices: {} })).toEqual({ limited: '请至少给一个规格填写限时价' });
    expect(errorsOf({ ...limited, limitedEndDate: '' })).toEqual({
      limitedEnd: '请选择限时折扣的结束日期和时间',
    });
    // A price above the SKU's, or a window ending before it starts, reads fine here: products.upsert refuses it.
    expect(validateForm({ ...limited, limitedPrices: { [b]: '999' } }).ok).toBe(true);
    expect(validateForm({ ...limited, limitedEndDate: '2026-12-01' }).ok).toBe(true);
    expect(limitedIds(f)).toEqual([a, b]);
    expect(limitedIds(form())).toEqual(['default']);
  });

  test('a product with specs, SKU pictures and rules, a video and a limited price: form → product is the identity', () => {
    const stored = product({
      price: 8800,
      stock: 13,
      video: 'cloud://env/products/videos/v.mp4',
      specs: [
        { name: '容量', values: ['250g', '500g', '1kg'] },
        { name: '包装', values: ['袋装'] },
      ],
      skus: [
        { skuId: 'a1', specs: ['250g', '袋装'], price: 8800, stock: 10 },
        {
          skuId: 'b2',
          specs: ['1kg', '袋装'],
          price: 30000,
          stock: 3,
          image: 'https://img/1kg.png',
          commission: { mode: 'rate', level1Bp: 1500, level2Bp: 0 },
        },
      ],
      limited: {
        startsAt: '2026-12-06T02:00:00.000Z',
        endsAt: '2026-12-08T15:59:00.000Z',
        prices: { b2: 25000 },
      },
      commission: { mode: 'none' },
    });
    const f = formFromProduct(stored);
    // 500g / 袋装 is not sold: out of the table, and not made again.
    expect(f.removed).toEqual(['["500g","袋装"]']);
    expect(f).toMatchObject({
      limitedOn: true,
      limitedStartDate: '2026-12-06',
      limitedStartTime: '10:00',
      limitedEndDate: '2026-12-08',
      limitedEndTime: '23:59',
      limitedPrices: { b2: '250' },
    });
    const result = validateForm(f);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const { createdAt: _c, updatedAt: _u, limited, ...rest } = stored;
    expect(result.product).toEqual({
      ...rest,
      description: '',
      sort: 0,
      limited: {
        startsAt: '2026-12-06T10:00:00+08:00',
        endsAt: '2026-12-08T23:59:00+08:00',
        prices: limited!.prices,
      },
    });
    // The list's 上架 saves it back with everything the row does not show.
    expect(productToInput(stored, { status: 'off' })).toMatchObject({
      status: 'off',
      video: stored.video,
      specs: stored.specs,
      skus: stored.skus,
      limited: stored.limited,
    });
  });

  test('list rows: a price range, a running limited price, the dimensions and a sold-out SKU', () => {
    const now = Date.parse('2026-12-07T00:00:00Z');
    const stored = product({
      price: 8800,
      stock: 10,
      specs: [{ name: '容量', values: ['250g', '500g'] }],
      skus: [
        { skuId: 'a1', specs: ['250g'], price: 8800, stock: 10 },
        { skuId: 'b2', specs: ['500g'], price: 16800, stock: 0 },
      ],
      limited: { startsAt: '2026-12-06T00:00:00Z', endsAt: '2026-12-08T00:00:00Z', prices: { b2: 12800 } },
    });
    expect(toRow(stored, now)).toMatchObject({
      priceText: '¥88.00 – ¥168.00',
      limitedText: '限时折扣至 12-08 08:00',
      specsText: '容量 · 2 个规格',
      badgeText: '部分售罄',
      badgeTone: 'warning',
    });
    // Outside its window the limited price says nothing; a plain product shows its one price.
    expect(toRow(stored, Date.parse('2026-12-09T00:00:00Z')).limitedText).toBe('');
    expect(toRow(product(), now)).toMatchObject({ priceText: '¥19.99', limitedText: '', specsText: '' });
    expect(
      toRow(
        product({
          limited: {
            startsAt: '2026-12-06T00:00:00Z',
            endsAt: '2026-12-08T00:00:00Z',
            prices: { default: 999 },
          },
        }),
        now,
      ).limitedText,
    ).toBe('限时 ¥9.99 至 12-08 08:00');
  });
});
