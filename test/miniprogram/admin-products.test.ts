/** @jest-environment jsdom */
// The merchant's product list and edit form under miniprogram-simulate, against scripted admin answers:
// what a row says, which filter each tab and chip sends, paging, 上架/下架, and the form's checks and save.
import type { AdminProduct } from '../../miniprogram/pages/admin/products/logic';
import { buildMiniprogram } from './support/build';
import { FakeCloud, fakeCloud, wireServices } from './support/fake-cloud';
import { mount, SimComponent, sleep, textOf, waitFor } from './support/simulate';
import { recordWx, stubWx, WxRecorder } from './support/wx';

const built = buildMiniprogram();
let cloud: FakeCloud;
let wxr: WxRecorder;
let backs: number;

const LIST = 'pages/admin/products/index';
const EDIT = 'pages/admin/product-edit/index';

const product = (i: number, over: Partial<AdminProduct> = {}): AdminProduct => ({
  _id: `p${i}`,
  name: `商品${i}`,
  price: 1000 * i + 99,
  stock: 10,
  category: i % 2 ? '茶' : '酒',
  images: [`https://img/p${i}.png`],
  status: 'on',
  sort: 0,
  ...over,
});

const calls = (action: string) => cloud.calls.filter((c) => c.fn === 'admin' && c.action === action);
const rowText = (page: SimComponent, id: string) => textOf(page.querySelector(`#row-${id}`));
const tapOn = (id: string) => ({ currentTarget: { dataset: { id } } });

beforeEach(() => {
  cloud = fakeCloud();
  built.prepare = wireServices(cloud.platform, 'http://fake-cloud', 'mp-admin');
  wxr = recordWx();
  backs = 0;
  stubWx({ navigateBack: () => (backs++, Promise.resolve({ errMsg: 'navigateBack:ok' })) });
  cloud.on('admin.products.categories', () => ({
    items: [
      { category: '茶', products: 3 },
      { category: '酒', products: 1 },
    ],
  }));
});

describe('product list', () => {
  test('each row shows price, stock badge, category, status and the commission rule in words', async () => {
    cloud.on('admin.products.list', () => ({
      items: [
        product(1, { commission: { mode: 'rate', level1: 1000, level2: 500 } }),
        product(2, { stock: 5, commission: { mode: 'fixed', level1: 500, level2: 200 } }),
        product(3, { stock: 0, status: 'off', commission: { mode: 'none', level1: 0, level2: 0 } }),
        product(4, { stock: 6 }),
      ],
      next: null,
    }));
    const page = mount(built, LIST);
    page.instance.onLoad();
    await waitFor(() => expect(rowText(page, 'p1')).toContain('¥10.99'));
    expect(rowText(page, 'p1')).toContain('按比例 一级 10% 二级 5%');
    expect(rowText(page, 'p1')).toMatch(/茶 ·\s*在售/);
    expect(rowText(page, 'p1')).not.toContain('库存不足');
    expect(rowText(page, 'p2')).toContain('¥20.99');
    expect(rowText(page, 'p2')).toContain('库存不足');
    expect(rowText(page, 'p2')).toContain('固定 一级 ¥5.00 二级 ¥2.00');
    expect(rowText(page, 'p3')).toContain('已售罄');
    expect(rowText(page, 'p3')).toContain('不参与分佣');
    expect(rowText(page, 'p3')).toContain('已下架');
    expect(rowText(page, 'p3')).toContain('上架');
    expect(rowText(page, 'p4')).toContain('默认比例');
    expect(rowText(page, 'p4')).not.toMatch(/库存不足|已售罄/);
    expect(textOf(page)).toContain('没有更多了');
    await waitFor(() => expect(page.data.categories).toEqual(['全部', '茶', '酒']));
    expect(textOf(page.querySelector('#categories'))).toBe('全部茶酒');
  });

  test('tabs and category chips send their filter to products.list', async () => {
    cloud.on('admin.products.list', (event) => ({
      items: [product(1, { status: (event.status as 'on' | 'off') ?? 'on' })],
      next: null,
    }));
    const page = mount(built, LIST);
    page.instance.onLoad();
    await waitFor(() => expect(rowText(page, 'p1')).toContain('商品1'));
    expect(calls('products.list')[0]!.event).not.toHaveProperty('status');
    expect(calls('products.list')[0]!.event).not.toHaveProperty('category');
    page.instance.onTab({ detail: { value: 'on' } });
    await waitFor(() => expect(calls('products.list')).toHaveLength(2));
    expect(calls('products.list')[1]!.event).toMatchObject({ status: 'on' });
    expect(calls('products.list')[1]!.event).not.toHaveProperty('category');
    // A chip on screen, tapped.
    await waitFor(() => expect(page.querySelectorAll('.chip')).toHaveLength(3));
    page.querySelectorAll('.chip')[1]!.dispatchEvent('tap');
    await waitFor(() => expect(calls('products.list')).toHaveLength(3));
    expect(calls('products.list')[2]!.event).toMatchObject({ status: 'on', category: '茶' });
    page.instance.onTab({ detail: { value: 'off' } });
    await waitFor(() => expect(calls('products.list')).toHaveLength(4));
    expect(calls('products.list')[3]!.event).toMatchObject({ status: 'off', category: '茶' });
    page.instance.onTab({ detail: { value: 'all' } });
    await waitFor(() => expect(calls('products.list')).toHaveLength(5));
    expect(calls('products.list')[4]!.event).not.toHaveProperty('status');
    expect(calls('products.list')[4]!.event).toMatchObject({ category: '茶' });
  });

  test('scrolling to the bottom loads the next page with the cursor; a failed next page retries from the footer', async () => {
    let failMore = true;
    cloud.on('admin.products.list', (event) => {
      if (!event.cursor) return { items: [product(1), product(2)], next: 'c2' };
      if (failMore) throw { code: 'INTERNAL', message: 'boom' };
      return { items: [product(3)], next: null };
    });
    const page = mount(built, LIST);
    page.instance.onLoad();
    await waitFor(() => expect(textOf(page)).toContain('上拉加载更多'));
    page.instance.onReachBottom();
    await waitFor(() => expect(textOf(page)).toContain('系统繁忙，请稍后再试，点击重试'));
    expect(rowText(page, 'p2')).toContain('商品2');
    failMore = false;
    page.querySelector('.list-footer')!.dispatchEvent('tap');
    await waitFor(() => expect(rowText(page, 'p3')).toContain('商品3'));
    expect(textOf(page)).toContain('没有更多了');
    expect(calls('products.list').map((c) => c.event.cursor)).toEqual([undefined, 'c2', 'c2']);
  });

  test('a failed first load shows the error; retry loads again', async () => {
    let fail = true;
    cloud.on('admin.products.list', () => {
      if (fail) throw { code: 'PERMISSION_DENIED', message: 'not admin' };
      return { items: [product(1)], next: null };
    });
    const page = mount(built, LIST);
    page.instance.onLoad();
    await waitFor(() => expect(textOf(page)).toContain('暂无权限进行此操作'));
    expect(page.querySelector('#row-p1')).toBeUndefined();
    fail = false;
    page.querySelector('#state')!.querySelector('.state-view__retry')!.dispatchEvent('tap');
    await waitFor(() => expect(rowText(page, 'p1')).toContain('商品1'));
  });

  test('下架 asks first and uses products.remove; 上架 saves the product with status on; the row follows', async () => {
    cloud.on('admin.products.list', () => ({
      items: [product(1, { commission: null, description: '好茶', sort: 7 })],
      next: null,
    }));
    cloud.on('admin.products.remove', (event) => ({ productId: event.productId, status: 'off' }));
    cloud.on('admin.products.upsert', (event) => ({ product: event.product }));
    const page = mount(built, LIST);
    page.instance.onLoad();
    await waitFor(() => expect(rowText(page, 'p1')).toContain('在售'));
    wxr.modalAnswer = false;
    await page.instance.onToggle(tapOn('p1'));
    expect(calls('products.remove')).toHaveLength(0);
    expect(rowText(page, 'p1')).toContain('在售');
    wxr.modalAnswer = true;
    await page.instance.onToggle(tapOn('p1'));
    expect(wxr.modals.at(-1)!.content).toBe('下架后顾客将看不到「商品1」，确定下架吗？');
    expect(calls('products.remove').map((c) => c.event.productId)).toEqual(['p1']);
    expect(rowText(page, 'p1')).toContain('已下架');
    expect(wxr.toasts).toContain('已下架');
    await page.instance.onToggle(tapOn('p1'));
    expect(calls('products.upsert')).toHaveLength(1);
    expect(calls('products.upsert')[0]!.event.product).toEqual({
      _id: 'p1',
      name: '商品1',
      price: 1099,
      stock: 10,
      category: '茶',
      images: ['https://img/p1.png'],
      status: 'on',
      sort: 7,
      description: '好茶',
    });
    expect(rowText(page, 'p1')).toContain('在售');
    expect(wxr.toasts).toContain('已上架');
  });

  test('under the 在售 tab a product taken off sale leaves the list; a refused toggle keeps the row', async () => {
    cloud.on('admin.products.list', () => ({ items: [product(1), product(2)], next: null }));
    cloud.on('admin.products.remove', (event) => {
      if (event.productId === 'p2') throw { code: 'NOT_FOUND', message: '商品不存在' };
      return { productId: event.productId, status: 'off' };
    });
    const page = mount(built, LIST);
    page.instance.onTab({ detail: { value: 'on' } });
    await waitFor(() => expect(rowText(page, 'p1')).toContain('商品1'));
    await page.instance.onToggle(tapOn('p1'));
    expect(page.querySelector('#row-p1')).toBeUndefined();
    await page.instance.onToggle(tapOn('p2'));
    expect(wxr.toasts).toContain('商品不存在');
    expect(rowText(page, 'p2')).toContain('在售');
  });

  test('editing hands the product over in storage; back from the editor the list reloads; 新增商品 opens it empty', async () => {
    cloud.on('admin.products.list', () => ({ items: [product(1, { status: 'off' })], next: null }));
    const page = mount(built, LIST);
    page.instance.onLoad();
    await waitFor(() => expect(rowText(page, 'p1')).toContain('商品1'));
    page.instance.onShow(); // first show: no second load
    expect(calls('products.list')).toHaveLength(1);
    page.querySelectorAll('.row__main')[0]!.dispatchEvent('tap');
    await waitFor(() => expect(wxr.navigations).toHaveLength(1));
    expect(wxr.navigations).toEqual(['/pages/admin/product-edit/index?id=p1']);
    expect(cloud.platform.storage.get('admin:editing-product')).toEqual(product(1, { status: 'off' }));
    page.instance.onShow();
    await waitFor(() => expect(calls('products.list')).toHaveLength(2));
    page.instance.onCreate();
    expect(wxr.navigations.at(-1)).toBe('/pages/admin/product-edit/index');
  });
});

describe('product edit form', () => {
  // simulate delivers dispatched events a microtask later.
  const type = async (page: SimComponent, id: string, value: string) => {
    page.querySelector(`#${id}`)!.dispatchEvent('change', { detail: { value } });
    await sleep();
  };
  const tap = async (node: { dispatchEvent(name: string): void } | undefined) => {
    node!.dispatchEvent('tap');
    await sleep();
  };

  async function openNew(): Promise<SimComponent> {
    const page = mount(built, EDIT);
    await page.instance.onLoad({});
    return page;
  }

  test('bad input is refused field by field with a message under each, and nothing is sent', async () => {
    const page = await openNew();
    await type(page, 'name', '   ');
    await type(page, 'price', '12.345');
    await type(page, 'stock', '2.5');
    await type(page, 'category', '分'.repeat(21));
    page.instance.onMode({ detail: { value: 'rate' } });
    await type(page, 'level1', '101');
    await type(page, 'level2', '5');
    await page.instance.onSave();
    expect(textOf(page.querySelector('#error-name'))).toBe('请填写商品名称');
    expect(textOf(page.querySelector('#error-price'))).toBe('价格格式不对：请填写金额（元），最多两位小数');
    expect(textOf(page.querySelector('#error-stock'))).toBe('库存必须是 0 或正整数');
    expect(textOf(page.querySelector('#error-category'))).toBe('分类最多 20 个字');
    expect(textOf(page.querySelector('#error-level1'))).toBe('比例格式不对：请填写 0–100 的数，最多两位小数');
    expect(wxr.toasts).toEqual(['请填写商品名称']);
    expect(calls('products.upsert')).toHaveLength(0);
    // Typing in a field clears its message.
    await type(page, 'name', '龙井');
    expect(page.querySelector('#error-name')).toBeUndefined();
    expect(textOf(page.querySelector('#error-price'))).not.toBe('');
  });

  test('price 0 and level 2 above level 1 are refused too', async () => {
    const page = await openNew();
    await type(page, 'name', '龙井');
    await type(page, 'price', '0');
    await type(page, 'stock', '3');
    await type(page, 'category', '茶');
    page.instance.onMode({ detail: { value: 'fixed' } });
    await type(page, 'level1', '1');
    await type(page, 'level2', '2');
    await page.instance.onSave();
    expect(textOf(page.querySelector('#error-price'))).toBe('价格必须大于 0');
    expect(textOf(page.querySelector('#error-level2'))).toBe('二级佣金金额不能高于一级');
    expect(calls('products.upsert')).toHaveLength(0);
  });

  test('a valid new product sends exactly the product, says 已保存 and goes back', async () => {
    cloud.on('admin.products.upsert', (event) => ({
      product: { _id: 'Pnew', ...(event.product as object) },
    }));
    const page = await openNew();
    await waitFor(() => expect(textOf(page)).toContain('茶'));
    await type(page, 'name', ' 明前龙井 ');
    await type(page, 'price', '19.99');
    await type(page, 'stock', '100');
    await tap(page.querySelectorAll('.chip')[0]); // the existing category 茶
    await type(page, 'sort', '5');
    await type(page, 'description', '今年新茶');
    await type(page, 'new-image', 'https://img/a.png');
    await tap(page.querySelector('#add-image'));
    await type(page, 'new-image', 'https://img/b.png');
    await tap(page.querySelector('#add-image'));
    await waitFor(() => expect(page.querySelectorAll('.image__remove')).toHaveLength(2));
    await tap(page.querySelectorAll('.image__remove')[0]);
    page.instance.onStatus({ detail: { value: 'off' } });
    page.instance.onMode({ detail: { value: 'rate' } });
    await type(page, 'level1', '12.5');
    await type(page, 'level2', '0.07');
    await page.instance.onSave();
    expect(calls('products.upsert')).toHaveLength(1);
    expect(calls('products.upsert')[0]!.event.product).toEqual({
      name: '明前龙井',
      description: '今年新茶',
      price: 1999,
      stock: 100,
      category: '茶',
      images: ['https://img/b.png'],
      status: 'off',
      sort: 5,
      commission: { mode: 'rate', level1: 1250, level2: 7 },
    });
    expect(wxr.toasts).toEqual(['已保存']);
    expect(backs).toBe(1);
  });

  test('editing an off-sale product: the form comes from the list, and saving keeps its id and rule', async () => {
    cloud.platform.storage.set(
      'admin:editing-product',
      product(3, {
        status: 'off',
        stock: 0,
        description: '旧描述',
        sort: -2,
        commission: { mode: 'fixed', level1: 500, level2: 200 },
      }),
    );
    cloud.on('admin.products.upsert', (event) => ({ product: event.product }));
    const page = mount(built, EDIT);
    await page.instance.onLoad({ id: 'p3' });
    expect(cloud.calls.some((c) => c.fn === 'order')).toBe(false);
    expect(cloud.platform.storage.get('admin:editing-product')).toBe('');
    expect(page.data.form).toMatchObject({
      name: '商品3',
      price: '30.99',
      stock: '0',
      status: 'off',
      sort: '-2',
      commissionMode: 'fixed',
      level1: '5',
      level2: '2',
    });
    await type(page, 'stock', '20');
    await page.instance.onSave();
    expect(calls('products.upsert')[0]!.event.product).toEqual({
      _id: 'p3',
      name: '商品3',
      description: '旧描述',
      price: 3099,
      stock: 20,
      category: '茶',
      images: ['https://img/p3.png'],
      status: 'off',
      sort: -2,
      commission: { mode: 'fixed', level1: 500, level2: 200 },
    });
    expect(backs).toBe(1);
  });

  test('without a handed-over product it reads order.product; a product it cannot read is an error', async () => {
    cloud.on('order.product', (event) => {
      if (event.productId === 'p1') return { product: product(1) };
      throw { code: 'NOT_FOUND', message: '商品不存在或已下架' };
    });
    const page = mount(built, EDIT);
    await page.instance.onLoad({ id: 'p1' });
    expect(page.data.form).toMatchObject({
      _id: 'p1',
      name: '商品1',
      price: '10.99',
      commissionMode: 'default',
    });
    const missing = mount(built, EDIT);
    await missing.instance.onLoad({ id: 'p9' });
    expect(textOf(missing)).toContain('商品不存在或已下架，请返回商品列表重新进入');
    expect(textOf(missing)).not.toContain('保存');
  });

  test("the server's INVALID_ARGUMENT is shown and the page stays", async () => {
    cloud.on('admin.products.upsert', () => {
      throw { code: 'INVALID_ARGUMENT', message: '参数错误 product.images.0: Too big' };
    });
    const page = await openNew();
    await type(page, 'name', '龙井');
    await type(page, 'price', '1');
    await type(page, 'stock', '1');
    await type(page, 'category', '茶');
    await page.instance.onSave();
    expect(calls('products.upsert')).toHaveLength(1);
    expect(textOf(page.querySelector('#server-error'))).toBe('参数错误 product.images.0: Too big');
    expect(wxr.toasts).toEqual(['参数错误 product.images.0: Too big']);
    expect(backs).toBe(0);
    expect(page.data.saving).toBe(false);
  });

  test('a long English server message still shows its wording beside the friendly text', async () => {
    const detail =
      '参数错误 product.name: Too big: expected string to have <=60 characters; product.price: Invalid';
    cloud.on('admin.products.upsert', () => {
      throw { code: 'INVALID_ARGUMENT', message: detail };
    });
    const page = await openNew();
    await type(page, 'name', '龙井');
    await type(page, 'price', '1');
    await type(page, 'stock', '1');
    await type(page, 'category', '茶');
    await page.instance.onSave();
    expect(textOf(page.querySelector('#server-error'))).toBe(`填写的信息有误，请检查后再试（${detail}）`);
    expect(backs).toBe(0);
  });

  test('upload is refused in local mode with a hint; picking an existing category chip fills the field', async () => {
    const page = await openNew();
    await page.instance.onUpload();
    expect(wxr.toasts).toEqual(['本地模式不能上传，请粘贴图片地址']);
    await waitFor(() => expect(page.querySelectorAll('.chip')).toHaveLength(2));
    await tap(page.querySelectorAll('.chip')[1]);
    expect(page.data.form.category).toBe('酒');
  });
});
