// First-start data: the settings document (defaults, with the first admin) and a few demo products.
// Idempotent and polite: it only creates what is missing, never overwriting a merchant's edits.
import { deepMerge, DEFAULT_SETTINGS, SettingsPatch } from '../../core/domain/settings';
import { SdkDatabase, seedDb } from './db';
import { importProducts, ProductInput } from './products';

export const SETTINGS_ID = 'global';

const image = (text: string) => `https://placehold.co/750x750/png?text=${encodeURIComponent(text)}`;

/** Prices in fen; one product pays fixed commission, one pays none, the rest follow the shop's rates. */
export const DEMO_PRODUCTS: ProductInput[] = [
  {
    _id: 'demo-tea',
    name: '明前龙井 250g',
    description: '西湖产区明前采摘，罐装 250 克。',
    price: 16800,
    stock: 200,
    category: '茶叶',
    images: [image('Longjing')],
    status: 'on',
    sort: 100,
    commission: { mode: 'fixed', level1: 500, level2: 200 },
  },
  {
    _id: 'demo-honey',
    name: '百花蜂蜜 500g',
    description: '农家自产，玻璃瓶装。',
    price: 6800,
    stock: 500,
    category: '食品',
    images: [image('Honey')],
    status: 'on',
    sort: 90,
  },
  {
    _id: 'demo-towel',
    name: '纯棉毛巾（三条装）',
    description: '新疆长绒棉，吸水不掉毛。',
    price: 3990,
    stock: 1000,
    category: '家居',
    images: [image('Towel')],
    status: 'on',
    sort: 80,
  },
  {
    _id: 'demo-rice',
    name: '五常大米 5kg',
    description: '当季新米，真空包装。引流商品，不参与分佣。',
    price: 8990,
    stock: 300,
    category: '食品',
    images: [image('Rice')],
    status: 'on',
    sort: 70,
    commission: { mode: 'none' },
  },
  {
    _id: 'demo-cup',
    name: '陶瓷马克杯',
    description: '350 毫升，可进微波炉。',
    price: 2900,
    stock: 0,
    category: '家居',
    images: [image('Mug')],
    status: 'on',
    sort: 60,
  },
];

export interface SeedReport {
  settings: 'created' | 'kept';
  products: { created: number; kept: number };
}

/**
 * Seeds `db` (a @cloudbase/node-sdk or wx-server-sdk database). The settings document is written only
 * when there is none, so an existing admin list and rates survive; demo products only when absent.
 */
export async function seedDemo(
  db: SdkDatabase,
  options: { adminOpenid: string; now: Date; settings?: SettingsPatch },
): Promise<SeedReport> {
  const target = seedDb(db);
  let settings: SeedReport['settings'] = 'kept';
  if (!(await target.find('settings', SETTINGS_ID))) {
    const initial = deepMerge(DEFAULT_SETTINGS, options.settings ?? {});
    await target.put('settings', SETTINGS_ID, { ...initial, admins: [options.adminOpenid] });
    settings = 'created';
  }
  const missing: ProductInput[] = [];
  for (const product of DEMO_PRODUCTS) {
    if (!(await target.find('products', product._id!))) missing.push(product);
  }
  const { created } = await importProducts(target, missing, options.now);
  return { settings, products: { created, kept: DEMO_PRODUCTS.length - created } };
}

/** Adds an openid to the admin list, creating the settings document with defaults if there is none. */
export async function addAdmin(db: SdkDatabase, openid: string): Promise<'added' | 'already'> {
  const target = seedDb(db);
  const current = await target.find('settings', SETTINGS_ID);
  const admins = Array.isArray(current?.admins) ? (current.admins as string[]) : [];
  if (admins.includes(openid)) return 'already';
  const base = current ?? { ...DEFAULT_SETTINGS };
  await target.put('settings', SETTINGS_ID, { ...base, admins: [...admins, openid] });
  return 'added';
}
