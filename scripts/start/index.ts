// `npm start`: the shop's local cloud on LOCALCLOUD_PORT (9123) with its data in LOCALCLOUD_DATA
// (.localcloud/), the demo shop seeded on the first start, stopped cleanly on Ctrl-C.
import tcb from '@cloudbase/node-sdk';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { localCloudBanner, stopOnSignals } from '@fenxiao/localcloud';
import { SdkDatabase } from '../seed/db';
import { seedDemo } from '../seed/demo';
import { DEFAULT_ADMIN_OPENID, REPO_ROOT, ShopCloud, startShopCloud } from './shop-cloud';

async function seedOnFirstStart(cloud: ShopCloud, dataDir: string): Promise<string> {
  const marker = path.join(dataDir, '.seeded');
  if (existsSync(marker)) return 'demo data: already seeded (delete the data folder to start over)';
  // Skips the SDK's cloud-metadata probes, which would only time out on a laptop.
  process.env.TENCENTCLOUD ??= 'true';
  const app = tcb.init({
    env: cloud.envId,
    secretId: 'local',
    secretKey: 'local',
    serviceUrl: `${cloud.url}/admin`,
  });
  const report = await seedDemo(app.database() as unknown as SdkDatabase, {
    adminOpenid: cloud.adminOpenid,
    now: cloud.clock.date(),
    // The local cloudPay simulator stands in for a bound sub-merchant, so demo orders can be paid.
    settings: { payment: { provider: 'cloudPay', subMchId: '1900000109' } },
  });
  writeFileSync(marker, `${new Date().toISOString()}\n`);
  return `demo data: settings ${report.settings}, ${report.products.created} products created (admin openid ${cloud.adminOpenid})`;
}

function shopTries(cloud: ShopCloud): string {
  const u = cloud.url;
  return [
    'The shop:',
    `  curl -s -X POST ${u}/functions/ping -H 'x-wx-openid: me' -d '{"action":"ping"}'`,
    `  curl -s -X POST ${u}/_pay/<outTradeNo> -d '{"result":"SUCCESS"}'    # the shopper pays an order`,
    `  curl -s -X POST ${u}/_triggers/settle    # settle commissions now`,
    `  curl -s ${u}/_metrics    # invocations and db requests`,
  ].join('\n');
}

async function main(): Promise<void> {
  const port = Number(process.env.LOCALCLOUD_PORT ?? 9123);
  const dataDir = path.resolve(REPO_ROOT, process.env.LOCALCLOUD_DATA ?? '.localcloud');
  mkdirSync(dataDir, { recursive: true });
  const cloud = await startShopCloud({
    port,
    dataDir,
    adminOpenid: process.env.LOCALCLOUD_ADMIN_OPENID ?? DEFAULT_ADMIN_OPENID,
  });
  stopOnSignals(cloud);
  let seeded: string;
  try {
    seeded = await seedOnFirstStart(cloud, dataDir);
  } catch (error) {
    seeded = `demo data: seeding failed (${(error as Error).message}); the local cloud runs without it`;
  }
  console.log([localCloudBanner(cloud), seeded, '', shopTries(cloud)].join('\n'));
}

main().catch((error: unknown) => {
  const message =
    (error as NodeJS.ErrnoException).code === 'EADDRINUSE'
      ? `port ${process.env.LOCALCLOUD_PORT ?? 9123} is in use: stop the other local cloud or set LOCALCLOUD_PORT`
      : error instanceof Error
        ? error.message
        : error;
  console.error(message);
  process.exit(1);
});
