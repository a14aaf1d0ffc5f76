/** @jest-environment jsdom */
// The merchant's product list and edit form under miniprogram-simulate on the real functions in the local
// cloud: every answer comes from the admin function, every product is made through it. What a row says,
// what each tab and chip shows, paging, 上架/下架, the form's checks and what a save stores, and the error
// states (a refusal, no network).
import type { AdminProduct } from '../../miniprogram/services/admin';
import type { Page } from '../../miniprogram/services/api';
import {
  ADMIN,
  beijingDay,
  buyAndPay,
  openShop,
  PageNetwork,
  realShop,
  refusalOf,
  watchNetwork,
} from './support/real-shop';
import { mount, SimComponent, sleep, textOf, waitFor } from './support/simulate';
import { WxRecorder } from './support/wx';

const shop = realShop();
let wxr: WxRecorder;
let net: PageNetwork;
let backs: number;

const LIST = 'pages/admin/products/index';
const EDIT = 'pages/admin/product-edit/index';
const EDITING_KEY = 'admin:editing-product';

const rowText = (page: SimComponent, id: string) => textOf(page.querySelector(`#row-${id}`));
const tapOn = (id: string) => ({ currentTarget: { dataset: { id } } });
const storage = () =>
  (
    globalThis as unknown as {
      wx: { getStorageSync(key: string): unknown; setStorageSync(k: string, v: unknown): void };
    }
  ).wx;

/** The merchant's product as products.list answers it. */
async function stored(id: string): Promise<AdminProduct> {
  for (let cursor: string | null = null; ;) {
    const page: Page<AdminProduct> = await shop.api(
      ADMIN,
      'admin',
      'products.list',
      cursor ? { cursor } : {},
    );
    const found = page.items.find((p) => p._id === id);
    if (found) return found;
    if (!page.next) throw new Error(`product ${id} is not in products.list`);
    cursor = page.next;
  }
}

/** The products of the shop called `name`, as the merchant's list has them. */
async function namedProducts(name: string): Promise<AdminProduct[]> {
  const found: AdminProduct[] = [];
  for (let cursor: string | null = null; ;) {
    const page: Page<AdminProduct> = await shop.api(
      ADMIN,
      'admin',
      'products.list',
      cursor ? { cursor } : {},
    );
    found.push(...page.items.filter((p) => p.name === name));
    if (!page.next) return found;
    cursor = page.next;
  }
}

/** Makes one product through products.upsert; answers its id. */
async function product(fields: Partial<AdminProduct> & { name: string }): Promise<string> {
  const { product: made } = await shop.api(ADMIN, 'admin', 'products.upsert', {
    product: {
      price: 1099,
      stock: 10,
      category: '茶',
      images: [],
      status: 'on',
      ...fields,
    },
  });
  return made._id;
}

beforeEach(() => {
  backs = 0;
  wxr = shop.freshWx({ navigateBack: () => (backs++, Promise.resolve({ errMsg: 'navigateBack:ok' })) });
  net = watchNetwork();
  shop.as(ADMIN);
});

describe('product list', () => {
  test('a new shop: the list says how to start and the only chip is 全部', async () => {
    const page = mount(shop.built, LIST);
    page.instance.onLoad();
    await waitFor(() => expect(textOf(page)).toContain('还没有商品，点「新增商品」添加'));
    expect(page.data.categories).toEqual(['全部']);
    expect(textOf(page.querySelector('#categories'))).toBe('全部');
  });

  test('each row shows price, stock badge, category, status and the commission rule in words', async () => {
    const p1 = await product({
      name: '龙井一号',
      price: 1099,
      images: ['https://img/p1.png'],
      commission: { mode: 'rate', level1Bp: 1000, level2Bp: 500 },
    });
    const p2 = await product({
      name: '黄酒二号',
      price: 2099,
      stock: 5,
      category: '酒',
      commission: { mode: 'fixed', level1Fen: 500, level2Fen: 200 },
    });
    const p3 = await product({
      name: '白茶三号',
      price: 3099,
      stock: 0,
      status: 'off',
      commission: { mode: 'none' },
    });
    const p4 = await product({ name: '红茶四号', price: 4099, stock: 6 });
    const page = mount(shop.built, LIST);
    page.instance.onLoad();
    await waitFor(() => expect(rowText(page, p1)).toContain('¥10.99'));
    expect(rowText(page, p1)).toContain('按比例 一级 10% 二级 5%');
    expect(rowText(page, p1)).toMatch(/茶 ·\s*在售/);
    expect(rowText(page, p1)).not.toContain('库存不足');
    expect(rowText(page, p1)).not.toContain('无图');
    expect(rowText(page, p2)).toContain('¥20.99');
    expect(rowText(page, p2)).toContain('库存不足');
    expect(rowText(page, p2)).toContain('固定 一级 ¥5.00 二级 ¥2.00');
    expect(rowText(page, p3)).toContain('已售罄');
    expect(rowText(page, p3)).toContain('不参与分佣');
    expect(rowText(page, p3)).toContain('已下架');
    expect(rowText(page, p3)).toContain('上架');
    expect(rowText(page, p4)).toContain('默认比例');
    expect(rowText(page, p4)).toContain('无图');
    expect(rowText(page, p4)).not.toMatch(/库存不足|已售罄/);
    expect(textOf(page)).toContain('没有更多了');
    // The chips are the server's categories, in its order.
    await waitFor(() => expect(page.data.categories).toEqual(['全部', '茶', '酒']));
    expect(textOf(page.querySelector('#categories'))).toBe('全部茶酒');
  });

  test("the list follows the merchant's sort, higher first, and says each product's place", async () => {
    const low = await product({ name: '排序靠后', sort: 800 });
    const plain = await product({ name: '排序默认' });
    const high = await product({ name: '排序靠前', sort: 900 });
    const page = mount(shop.built, LIST);
    page.instance.onLoad();
    await waitFor(() => expect(page.querySelector(`#row-${plain}`)).toBeDefined());
    // products.list answers last changed first (high, plain, low); the page shows the merchant's order.
    const ids = page.data.list.items.map((p: AdminProduct) => p._id);
    expect(ids.slice(0, 2)).toEqual([high, low]);
    expect(ids.indexOf(plain)).toBeGreaterThan(1);
    expect(rowText(page, high)).toContain('排序 900');
    expect(rowText(page, plain)).not.toMatch(/排序 \d/);
    // Out of the way of the tests after this one.
    for (const id of [low, high]) await product({ _id: id, name: '排序已撤', sort: 0, status: 'off' });
  });

  test('tabs and category chips filter the list on the server', async () => {
    const teaOn = await product({ name: '筛选茶在售' });
    const teaOff = await product({ name: '筛选茶下架', status: 'off' });
    const wineOn = await product({ name: '筛选酒在售', category: '酒' });
    const page = mount(shop.built, LIST);
    page.instance.onLoad();
    await waitFor(() => expect(rowText(page, teaOn)).toContain('筛选茶在售'));
    expect(rowText(page, teaOff)).toContain('筛选茶下架');
    expect(rowText(page, wineOn)).toContain('筛选酒在售');
    expect(net.inputsOf('products.list')[0]).toEqual({});

    page.instance.onTab({ detail: { value: 'on' } });
    await waitFor(() => expect(page.querySelector(`#row-${teaOff}`)).toBeUndefined());
    expect(rowText(page, teaOn)).toContain('在售');
    expect(rowText(page, wineOn)).toContain('在售');
    expect(net.inputsOf('products.list').at(-1)).toEqual({ status: 'on' });

    // A chip on screen, tapped.
    await waitFor(() => expect(page.querySelectorAll('.chip')).toHaveLength(3));
    page.querySelectorAll('.chip')[1]!.dispatchEvent('tap');
    await waitFor(() => expect(page.querySelector(`#row-${wineOn}`)).toBeUndefined());
    expect(rowText(page, teaOn)).toContain('筛选茶在售');
    expect(net.inputsOf('products.list').at(-1)).toEqual({ status: 'on', category: '茶' });
    expect(page.data.list.items.every((p: AdminProduct) => p.status === 'on' && p.category === '茶')).toBe(
      true,
    );

    page.instance.onTab({ detail: { value: 'off' } });
    await waitFor(() => expect(rowText(page, teaOff)).toContain('已下架'));
    expect(page.querySelector(`#row-${teaOn}`)).toBeUndefined();
    expect(net.inputsOf('products.list').at(-1)).toEqual({ status: 'off', category: '茶' });

    page.instance.onTab({ detail: { value: 'all' } });
    await waitFor(() => expect(rowText(page, teaOn)).toContain('筛选茶在售'));
    expect(rowText(page, teaOff)).toContain('筛选茶下架');
    expect(page.querySelector(`#row-${wineOn}`)).toBeUndefined();
    expect(net.inputsOf('products.list').at(-1)).toEqual({ category: '茶' });
  });

  test('scrolling to the bottom loads the next page; a page lost to the network retries from the footer', async () => {
    const ids = await openShop(
      shop,
      Array.from({ length: 21 }, (_, i) => ({
        name: `分页${String(i).padStart(2, '0')}`,
        price: 500 + i,
        category: '酒',
      })),
    );
    const page = mount(shop.built, LIST);
    page.instance.onLoad();
    await waitFor(() => expect(textOf(page)).toContain('上拉加载更多'));
    expect(page.data.list.items).toHaveLength(20);
    // Newest first: the last one made heads the list.
    expect(page.data.list.items[0]._id).toBe(ids[20]);
    net.offline = true;
    page.instance.onReachBottom();
    await waitFor(() =>
      expect(textOf(page.querySelector('.list-footer'))).toBe(
        '连不上本地云，请确认已运行 npm start，点击重试',
      ),
    );
    expect(page.data.list.items).toHaveLength(20);
    net.offline = false;
    page.querySelector('.list-footer')!.dispatchEvent('tap');
    await waitFor(() => expect(textOf(page)).toContain('没有更多了'));
    const shown = page.data.list.items.map((p: AdminProduct) => p._id);
    expect(shown.length).toBeGreaterThan(20);
    expect(new Set(shown).size).toBe(shown.length);
    expect(shown).toEqual(expect.arrayContaining(ids));
    // The second page is asked for with the cursor the first answered, and the retry asks the same.
    const cursors = net.inputsOf('products.list').map((input) => input.cursor);
    expect(cursors).toEqual([undefined, expect.any(String), cursors[1]]);
  });

  test('without network the first load shows the error; retry loads once it is back', async () => {
    net.offline = true;
    const page = mount(shop.built, LIST);
    page.instance.onLoad();
    await waitFor(() => expect(textOf(page)).toContain('连不上本地云，请确认已运行 npm start'));
    expect(page.data.list.items).toEqual([]);
    net.offline = false;
    page.querySelector('#state')!.querySelector('.state-view__retry')!.dispatchEvent('tap');
    await waitFor(() => expect(page.data.list.status).toBe('ready'));
    expect(page.data.list.items.length).toBeGreaterThan(0);
  });

  test('someone who is not an admin is refused: the page shows why', async () => {
    shop.as('mp-shopper');
    const page = mount(shop.built, LIST);
    page.instance.onLoad();
    await waitFor(() => expect(textOf(page)).toContain('仅商家管理员可以操作'));
    expect(page.data.list.status).toBe('error');
  });

  test('下架 asks first and takes it off sale; 上架 saves it back on sale with every field kept', async () => {
    const id = await product({
      name: '上下架茶',
      images: ['https://img/toggle.png'],
      description: '好茶',
      sort: 7,
    });
    const before = await stored(id);
    const page = mount(shop.built, LIST);
    page.instance.onLoad();
    await waitFor(() => expect(rowText(page, id)).toContain('在售'));
    wxr.modalAnswer = false;
    await page.instance.onToggle(tapOn(id));
    expect(net.inputsOf('products.remove')).toEqual([]);
    expect(rowText(page, id)).toContain('在售');
    expect((await stored(id)).status).toBe('on');

    wxr.modalAnswer = true;
    await page.instance.onToggle(tapOn(id));
    expect(wxr.modals.at(-1)!.content).toBe('下架后顾客将看不到「上下架茶」，确定下架吗？');
    expect(net.inputsOf('products.remove')).toEqual([{ productId: id }]);
    expect((await stored(id)).status).toBe('off');
    expect(rowText(page, id)).toContain('已下架');
    expect(wxr.toasts).toContain('已下架');

    await page.instance.onToggle(tapOn(id));
    expect(net.inputsOf('products.upsert')).toEqual([
      {
        product: {
          _id: id,
          name: '上下架茶',
          price: 1099,
          stock: 10,
          category: '茶',
          images: ['https://img/toggle.png'],
          status: 'on',
          sort: 7,
          description: '好茶',
        },
      },
    ]);
    const after = await stored(id);
    expect({ ...after, updatedAt: '' }).toEqual({ ...before, updatedAt: '' });
    expect(rowText(page, id)).toContain('在售');
    expect(wxr.toasts).toContain('已上架');
  });

  test('under 在售 a product taken off sale leaves the list; a refused toggle keeps the row', async () => {
    const helper = 'mp-helper';
    const { settings } = await shop.api(ADMIN, 'admin', 'settings.get');
    await shop.api(ADMIN, 'admin', 'settings.update', {
      settings: { admins: [...settings.admins, helper] },
    });
    const first = await product({ name: '在售甲' });
    const second = await product({ name: '在售乙' });
    shop.as(helper);
    const page = mount(shop.built, LIST);
    page.instance.onTab({ detail: { value: 'on' } });
    await waitFor(() => expect(rowText(page, first)).toContain('在售甲'));
    await page.instance.onToggle(tapOn(first));
    expect(page.querySelector(`#row-${first}`)).toBeUndefined();
    expect((await stored(first)).status).toBe('off');

    // The owner takes the helper's rights away while the page is open.
    await shop.api(ADMIN, 'admin', 'settings.update', { settings: { admins: settings.admins } });
    await page.instance.onToggle(tapOn(second));
    const { code, message } = await refusalOf(shop, helper, 'admin', 'products.remove', {
      productId: second,
    });
    expect(code).toBe('PERMISSION_DENIED');
    expect(wxr.toasts).toContain(message);
    expect(rowText(page, second)).toContain('在售');
    expect((await stored(second)).status).toBe('on');
  });

  test('editing hands the product over in storage; back from the editor the list reloads; 新增商品 opens it empty', async () => {
    const id = await product({
      name: '交接茶',
      status: 'off',
      commission: { mode: 'none' },
    });
    const page = mount(shop.built, LIST);
    page.instance.onLoad();
    await waitFor(() => expect(rowText(page, id)).toContain('交接茶'));
    page.instance.onShow(); // first show: no second load
    expect(net.inputsOf('products.list')).toHaveLength(1);
    const index = page.data.list.items.findIndex((p: AdminProduct) => p._id === id);
    page.querySelectorAll('.row__main')[index]!.dispatchEvent('tap');
    await waitFor(() => expect(wxr.navigations).toHaveLength(1));
    expect(wxr.navigations).toEqual([`/pages/admin/product-edit/index?id=${id}`]);
    expect(storage().getStorageSync(EDITING_KEY)).toEqual(await stored(id));
    page.instance.onShow();
    await waitFor(() => expect(net.inputsOf('products.list')).toHaveLength(2));
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
  /** The products of the shop called `name`, as the merchant's list has them. */
  const named = async (name: string) => {
    const found: AdminProduct[] = [];
    for (let cursor: string | null = null; ;) {
      const page: Page<AdminProduct> = await shop.api(
        ADMIN,
        'admin',
        'products.list',
        cursor ? { cursor } : {},
      );
      found.push(...page.items.filter((p) => p.name === name));
      if (!page.next) return found;
      cursor = page.next;
    }
  };

  async function openNew(): Promise<SimComponent> {
    const page = mount(shop.built, EDIT);
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
    expect(net.inputsOf('products.upsert')).toEqual([]);
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
    expect(net.inputsOf('products.upsert')).toEqual([]);
  });

  test('a valid new product is stored exactly as typed, says 已保存 and goes back', async () => {
    const page = await openNew();
    // The chips are the categories in use: 茶 first.
    await waitFor(() => expect(page.data.categories[0]).toBe('茶'));
    await type(page, 'name', ' 明前龙井 ');
    await type(page, 'price', '19.99');
    await type(page, 'stock', '100');
    await tap(page.querySelectorAll('.chip')[0]);
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
    expect(wxr.toasts).toEqual(['已保存']);
    expect(backs).toBe(1);
    const [saved, ...more] = await named('明前龙井');
    expect(more).toEqual([]);
    expect(saved).toMatchObject({
      name: '明前龙井',
      description: '今年新茶',
      price: 1999,
      stock: 100,
      category: '茶',
      images: ['https://img/b.png'],
      status: 'off',
      sort: 5,
      commission: { mode: 'rate', level1Bp: 1250, level2Bp: 7 },
    });
  });

  test('editing an off-sale product from the list: the form is the stored product, and saving keeps its id and rule', async () => {
    const id = await product({
      name: '旧茶',
      price: 3099,
      stock: 0,
      status: 'off',
      description: '旧描述',
      sort: -2,
      images: ['https://img/old.png'],
      commission: { mode: 'fixed', level1Fen: 500, level2Fen: 200 },
    });
    const before = await stored(id);
    const list = mount(shop.built, LIST);
    list.instance.onTab({ detail: { value: 'off' } });
    await waitFor(() => expect(rowText(list, id)).toContain('旧茶'));
    list.instance.onEdit(tapOn(id));
    expect(wxr.navigations).toEqual([`/pages/admin/product-edit/index?id=${id}`]);

    const sentBefore = net.sent.length;
    const page = mount(shop.built, EDIT);
    await page.instance.onLoad({ id });
    // Read from the hand-over: nothing asked about the product itself.
    expect(net.sent.slice(sentBefore).map((s) => s.action)).toEqual(['products.categories']);
    expect(storage().getStorageSync(EDITING_KEY)).toBe('');
    expect(page.data.form).toMatchObject({
      _id: id,
      name: '旧茶',
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
    expect(backs).toBe(1);
    const after = await stored(id);
    expect({ ...after, updatedAt: '' }).toEqual({ ...before, stock: 20, updatedAt: '' });
  });

  test("opened by a link it reads the merchant's own product, rule and sort included; an unknown one is an error", async () => {
    const onSale = await product({
      name: '链接茶',
      sort: 3,
      commission: { mode: 'rate', level1Bp: 1500, level2Bp: 0 },
    });
    const offSale = await product({ name: '链接酒', category: '酒', status: 'off', sort: 4 });
    const page = mount(shop.built, EDIT);
    await page.instance.onLoad({ id: onSale });
    expect(page.data.status).toBe('ready');
    expect(page.data.form).toMatchObject({
      _id: onSale,
      name: '链接茶',
      price: '10.99',
      sort: '3',
      commissionMode: 'rate',
      level1: '15',
      level2: '0',
    });
    const off = mount(shop.built, EDIT);
    await off.instance.onLoad({ id: offSale });
    expect(off.data.form).toMatchObject({ _id: offSale, name: '链接酒', status: 'off', sort: '4' });
    expect(off.data.form.commissionMode).toBe('default');

    const missing = mount(shop.built, EDIT);
    await missing.instance.onLoad({ id: 'Pnothere' });
    expect(textOf(missing)).toContain('商品不存在，请返回商品列表重新进入');
    expect(textOf(missing)).not.toContain('保存');
  });

  test("the server's refusal of what the form let through is shown, and the page stays", async () => {
    const page = await openNew();
    await type(page, 'name', '龙井');
    await type(page, 'price', '1');
    await type(page, 'stock', '1');
    await type(page, 'category', '茶');
    // An address with a space inside passes the form; the server refuses it.
    await type(page, 'new-image', 'https://img/a b.png');
    await tap(page.querySelector('#add-image'));
    await page.instance.onSave();
    expect(net.inputsOf('products.upsert')).toHaveLength(1);
    const shown = textOf(page.querySelector('#server-error'));
    expect(shown).toContain('product.images.0');
    expect(wxr.toasts).toHaveLength(1);
    expect(shown).toContain(wxr.toasts[0]!);
    expect(backs).toBe(0);
    expect(page.data.saving).toBe(false);
    expect(await named('龙井')).toEqual([]);
  });

  test('a long server message keeps its wording beside the friendly text', async () => {
    const page = await openNew();
    await type(page, 'name', '龙井\u0007');
    await type(page, 'price', '1');
    await type(page, 'stock', '1');
    await type(page, 'category', '茶');
    await type(page, 'new-image', 'https://img/a b.png');
    await tap(page.querySelector('#add-image'));
    await page.instance.onSave();
    const shown = textOf(page.querySelector('#server-error'));
    expect(shown).toMatch(
      /^填写的信息有误，请检查后再试（参数错误：.*product\.name.*product\.images\.0.*）$/,
    );
    expect(wxr.toasts).toEqual(['填写的信息有误，请检查后再试']);
    expect(backs).toBe(0);
  });

  test('upload is refused in local mode with a hint; picking an existing category chip fills the field', async () => {
    const page = await openNew();
    await page.instance.onUpload();
    expect(wxr.toasts).toEqual(['本地模式不能上传，请粘贴图片地址']);
    await waitFor(() => expect(page.data.categories).toEqual(['茶', '酒']));
    await tap(page.querySelectorAll('.chip')[1]);
    expect(page.data.form.category).toBe('酒');
  });
});

describe('specifications, the SKU table, the video and 限时折扣 on the edit page', () => {
  const open = async (id?: string) => {
    const page = mount(shop.built, EDIT);
    await page.instance.onLoad(id ? { id } : {});
    return page;
  };
  const field = (page: SimComponent, name: string, value: string) =>
    page.instance.onInput({ currentTarget: { dataset: { field: name } }, detail: { value } });
  /** Adds a dimension called `name` with `values`, as the merchant types them. */
  const dimension = (page: SimComponent, name: string, values: string[]) => {
    page.instance.onAddSpec();
    const index = page.data.form.specs.length - 1;
    const at = { currentTarget: { dataset: { index } } };
    page.instance.onSpecName({ ...at, detail: { value: name } });
    for (const value of values) {
      page.instance.onSpecDraft({ ...at, detail: { value } });
      page.instance.onAddSpecValue(at);
    }
  };
  const sku = (page: SimComponent, index: number, name: string, value: string) =>
    page.instance.onSkuInput({ currentTarget: { dataset: { index, field: name } }, detail: { value } });
  const skuIds = (page: SimComponent) => page.data.form.skus.map((s: { skuId: string }) => s.skuId);

  test('dimensions make the SKU table; a combination taken out is not sold; price and stock come from the SKUs', async () => {
    const page = await open();
    field(page, 'name', '规格龙井');
    field(page, 'category', '茶');
    dimension(page, '容量', ['250g', '500g']);
    dimension(page, '包装', ['袋装', '礼盒']);
    expect(page.querySelector('#price')).toBeUndefined();
    expect(page.data.form.skus.map((s: { specText: string }) => s.specText)).toEqual([
      '250g / 袋装',
      '250g / 礼盒',
      '500g / 袋装',
      '500g / 礼盒',
    ]);
    // Saving now says which rows need a price and stock.
    await page.instance.onSave();
    expect(page.data.errors['skus.0.price']).toBe('请填写价格');
    expect(wxr.toasts).toEqual(['请填写价格']);
    expect(net.inputsOf('products.upsert')).toEqual([]);

    page.instance.onRemoveSku({ currentTarget: { dataset: { index: 2 } } });
    expect(textOf(page.querySelector('#removed'))).toContain('已删除 1 个组合');
    page.instance.onBatchInput({ currentTarget: { dataset: { field: 'price' } }, detail: { value: '88' } });
    page.instance.onBatchInput({ currentTarget: { dataset: { field: 'stock' } }, detail: { value: '10' } });
    page.instance.onBatchFill();
    sku(page, 2, 'price', '168');
    sku(page, 2, 'stock', '5');
    expect(textOf(page.querySelector('#sku-summary'))).toBe(
      '售价和库存按规格填写：售价 ¥88.00 – ¥168.00，共 25 件',
    );
    const ids = skuIds(page);
    await page.instance.onSave();
    expect(wxr.toasts).toContain('已保存');
    const [sent] = net.inputsOf('products.upsert') as [{ product: Record<string, unknown> }];
    expect(sent.product).toMatchObject({
      price: 8800,
      stock: 25,
      specs: [
        { name: '容量', values: ['250g', '500g'] },
        { name: '包装', values: ['袋装', '礼盒'] },
      ],
      skus: [
        { skuId: ids[0], specs: ['250g', '袋装'], price: 8800, stock: 10 },
        { skuId: ids[1], specs: ['250g', '礼盒'], price: 8800, stock: 10 },
        { skuId: ids[2], specs: ['500g', '礼盒'], price: 16800, stock: 5 },
      ],
    });
    const [saved] = await namedProducts('规格龙井');
    expect(saved).toMatchObject({ price: 8800, stock: 25 });
    expect(saved!.skus!.map((s) => s.skuId)).toEqual(ids);
    // The shop sells exactly these three.
    const { product: shown } = await shop.api('mp-shopper', 'order', 'product', { productId: saved!._id });
    expect(shown.skus!.map((s) => s.specs.join('/'))).toEqual(['250g/袋装', '250g/礼盒', '500g/礼盒']);

    // The list shows the range and the dimensions.
    const list = mount(shop.built, LIST);
    list.instance.onLoad();
    await waitFor(() => expect(rowText(list, saved!._id)).toContain('¥88.00 – ¥168.00'));
    expect(rowText(list, saved!._id)).toContain('库存 25');
    expect(rowText(list, saved!._id)).toContain('容量 × 包装 · 3 个规格');

    // Bought by SKU (the shop takes payments now), the order's card names the specification of each line.
    await openShop(shop, []);
    const orderId = await buyAndPay(shop, 'mp-sku-buyer', [
      { productId: saved!._id, skuId: ids[2], quantity: 2 },
    ]);
    const orders = mount(shop.built, 'pages/admin/orders/index');
    orders.instance.onLoad({ status: 'paid' });
    await waitFor(() => expect(orders.querySelector(`#lines-${orderId}`)).toBeDefined());
    expect(textOf(orders.querySelector(`#lines-${orderId}`))).toBe('规格龙井500g / 礼盒¥168.00 ×2');
  });

  test('editing keeps every SKU id while its combination exists; a new value only adds rows', async () => {
    const id = await product({
      name: '改规格茶',
      specs: [{ name: '容量', values: ['250g', '500g'] }],
      skus: [
        { skuId: 'k250', specs: ['250g'], price: 5000, stock: 4 },
        {
          skuId: 'k500',
          specs: ['500g'],
          price: 9000,
          stock: 2,
          commission: { mode: 'fixed', level1Fen: 300, level2Fen: 100 },
        },
      ],
    });
    const page = await open(id);
    expect(skuIds(page)).toEqual(['k250', 'k500']);
    expect(page.data.form.skus[1]).toMatchObject({ commissionMode: 'fixed', level1: '3', level2: '1' });
    expect(textOf(page.querySelector('#sku-1'))).toContain('单独设置了佣金');
    page.instance.onSpecDraft({ currentTarget: { dataset: { index: 0 } }, detail: { value: '1kg' } });
    page.instance.onAddSpecValue({ currentTarget: { dataset: { index: 0 } } });
    expect(skuIds(page).slice(0, 2)).toEqual(['k250', 'k500']);
    sku(page, 2, 'price', '160');
    sku(page, 2, 'stock', '1');
    // The new row gets a picture and its own rule behind 图片 · 佣金.
    page.instance.onSkuMore({ currentTarget: { dataset: { id: skuIds(page)[2] } } });
    sku(page, 2, 'image', 'https://img/1kg.png');
    page.instance.onSkuMode({ currentTarget: { dataset: { index: 2, value: 'none' } } });
    page.instance.onSpecDraft({ currentTarget: { dataset: { index: 0 } }, detail: { value: ' 250g ' } });
    page.instance.onAddSpecValue({ currentTarget: { dataset: { index: 0 } } });
    expect(textOf(page.querySelector('#error-spec-0'))).toBe('已经有「250g」了');
    await page.instance.onSave();
    expect(backs).toBe(1);
    const after = await stored(id);
    expect(after.skus!.map((s) => [s.skuId, s.specs[0], s.price, s.stock])).toEqual([
      ['k250', '250g', 5000, 4],
      ['k500', '500g', 9000, 2],
      [skuIds(page)[2], '1kg', 16000, 1],
    ]);
    expect(after.skus![1]!.commission).toEqual({ mode: 'fixed', level1Fen: 300, level2Fen: 100 });
    expect(after.skus![2]).toMatchObject({ image: 'https://img/1kg.png', commission: { mode: 'none' } });
    expect(after).toMatchObject({ price: 5000, stock: 7 });
  });

  test('限时折扣: a price not below its SKU or a window ending before it starts is refused in the server’s words', async () => {
    const id = await product({
      name: '限时茶',
      specs: [{ name: '容量', values: ['250g', '500g'] }],
      skus: [
        { skuId: 'a250', specs: ['250g'], price: 5000, stock: 4 },
        { skuId: 'a500', specs: ['500g'], price: 9000, stock: 2 },
      ],
    });
    const page = await open(id);
    page.instance.onLimited({ detail: { value: true } });
    // Switched on: from now until a week later, Beijing time.
    const today = beijingDay(Date.now());
    expect(page.data.form).toMatchObject({
      limitedOn: true,
      limitedStartDate: today,
      limitedEndTime: '23:59',
    });
    const price = (skuId: string, value: string) =>
      page.instance.onLimitedPrice({ currentTarget: { dataset: { id: skuId } }, detail: { value } });
    const pick = (name: string, value: string) =>
      page.instance.onLimitedPick({ currentTarget: { dataset: { field: name } }, detail: { value } });
    await page.instance.onSave();
    expect(textOf(page.querySelector('#error-limited'))).toBe('请至少给一个规格填写限时价');

    price('a500', '90');
    await page.instance.onSave();
    const notLower = await refusalOf(shop, ADMIN, 'admin', 'products.upsert', {
      product: (net.inputsOf('products.upsert').at(-1) as { product: never }).product,
    });
    expect(notLower.message).toBe('限时价要低于原价（500g）');
    expect(textOf(page.querySelector('#server-error'))).toBe(notLower.message);

    price('a500', '69');
    pick('limitedStartDate', '2030-01-10');
    pick('limitedEndDate', '2030-01-01');
    expect(page.querySelector('#server-error')).toBeUndefined();
    await page.instance.onSave();
    const backwards = await refusalOf(shop, ADMIN, 'admin', 'products.upsert', {
      product: (net.inputsOf('products.upsert').at(-1) as { product: never }).product,
    });
    expect(backwards.message).toBe('限时价的结束时间要晚于开始时间');
    expect(textOf(page.querySelector('#server-error'))).toBe(backwards.message);
    expect(backs).toBe(0);
    expect((await stored(id)).limited).toBeUndefined();

    // From yesterday to next week: on now. The shop sells 500g at 69 with 90 beside it.
    pick('limitedStartDate', beijingDay(Date.now() - 86_400_000));
    pick('limitedEndDate', beijingDay(Date.now() + 7 * 86_400_000));
    await page.instance.onSave();
    expect(backs).toBe(1);
    expect((await stored(id)).limited).toMatchObject({ prices: { a500: 6900 } });
    const { product: shown } = await shop.api('mp-shopper', 'order', 'product', { productId: id });
    expect(shown.skus!.find((s) => s.skuId === 'a500')).toMatchObject({ price: 6900, listPrice: 9000 });
    const list = mount(shop.built, LIST);
    list.instance.onLoad();
    await waitFor(() => expect(rowText(list, id)).toContain('限时折扣至 '));
  });

  test('a product without specifications: one limited price; the video by its address in local mode', async () => {
    const page = await open();
    field(page, 'name', '视频茶');
    field(page, 'price', '20');
    field(page, 'stock', '3');
    field(page, 'category', '茶');
    await page.instance.onUploadVideo();
    expect(wxr.toasts).toEqual(['本地模式不能上传，请粘贴视频地址']);
    field(page, 'video', 'http://v.example.com/tea.mp4');
    page.instance.onLimited({ detail: { value: true } });
    page.instance.onLimitedPrice({ currentTarget: { dataset: { id: 'default' } }, detail: { value: '15' } });
    await page.instance.onSave();
    expect(textOf(page.querySelector('#error-video'))).toBe('视频地址须以 https:// 或 cloud:// 开头');
    field(page, 'video', 'https://v.example.com/tea.mp4');
    await page.instance.onSave();
    expect(backs).toBe(1);
    const [saved] = await namedProducts('视频茶');
    expect(saved).toMatchObject({
      video: 'https://v.example.com/tea.mp4',
      price: 2000,
      limited: { prices: { default: 1500 } },
    });
    const { product: shown } = await shop.api('mp-shopper', 'order', 'product', { productId: saved!._id });
    expect(shown).toMatchObject({ video: 'https://v.example.com/tea.mp4', price: 1500, listPrice: 2000 });
  });

  test('上架 from the list keeps the specifications, SKUs, video and limited price', async () => {
    const id = await product({
      name: '上架规格茶',
      status: 'off',
      video: 'https://v.example.com/v.mp4',
      specs: [{ name: '容量', values: ['250g'] }],
      skus: [{ skuId: 'only', specs: ['250g'], price: 3000, stock: 3, image: 'https://img/250.png' }],
      limited: {
        startsAt: '2030-01-01T00:00:00+08:00',
        endsAt: '2030-01-02T00:00:00+08:00',
        prices: { only: 2000 },
      },
    });
    const before = await stored(id);
    const page = mount(shop.built, LIST);
    page.instance.onTab({ detail: { value: 'off' } });
    await waitFor(() => expect(rowText(page, id)).toContain('上架规格茶'));
    await page.instance.onToggle(tapOn(id));
    expect(wxr.toasts).toContain('已上架');
    const after = await stored(id);
    expect({ ...after, updatedAt: '' }).toEqual({ ...before, status: 'on', updatedAt: '' });
  });
});
