// `npm start`: runs the local cloud on LOCALCLOUD_PORT (9123) with its data in LOCALCLOUD_DATA
// (.localcloud/), seeds the demo shop on first start, and stops cleanly on Ctrl-C.
import tcb from '@cloudbase/node-sdk';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SdkDatabase } from '../seed/db';
import { seedDemo } from '../seed/demo';
import { LocalCloud, startLocalCloud } from './index';

const REPO_ROOT = path.resolve(__dirname, '..', '..');

async function seedOnFirstStart(cloud: LocalCloud, dataDir: string): Promise<string> {
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

function banner(cloud: LocalCloud, dataDir: string, seeded: string): string {
  const functions = cloud.host.names();
  const u = cloud.url;
  return [
    `local cloud ready at ${u} (env ${cloud.envId})`,
    `data: ${dataDir}`,
    seeded,
    `functions: ${functions.length ? functions.join(', ') : '(none built: run `npm run build`)'}`,
    '',
    'Try:',
    `  curl -s -X POST ${u}/functions/ping -H 'x-wx-openid: me' -d '{"action":"ping"}'`,
    `  curl -s ${u}/_clock                                         # the virtual clock`,
    `  curl -s -X POST ${u}/_clock -d '{"advanceMs":86400000}'      # one day later (fires due timers)`,
    `  curl -s -X POST ${u}/_pay/<outTradeNo> -d '{"result":"SUCCESS"}'  # the shopper pays an order`,
    `  curl -s -X POST ${u}/_triggers/<function>                    # fire a timer trigger now`,
    `  curl -s ${u}/_metrics                                       # invocations and db requests`,
    '',
    `Mini-program local mode and wx-server-sdk scripts: serviceUrl ${u}/admin. Ctrl-C stops.`,
  ].join('\n');
}

async function main(): Promise<void> {
  const port = Number(process.env.LOCALCLOUD_PORT ?? 9123);
  const dataDir = path.resolve(REPO_ROOT, process.env.LOCALCLOUD_DATA ?? '.localcloud');
  mkdirSync(dataDir, { recursive: true });
  const cloud = await startLocalCloud({
    port,
    dataDir,
    adminOpenid: process.env.LOCALCLOUD_ADMIN_OPENID ?? 'local-admin',
  });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      console.error(`\n${signal} again: exiting now`);
      process.exit(1);
    }
    stopping = true;
    console.log(`\n${signal}: stopping the local cloud…`);
    cloud.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));

  let seeded: string;
  try {
    seeded = await seedOnFirstStart(cloud, dataDir);
  } catch (error) {
    seeded = `demo data: seeding failed (${(error as Error).message}); the local cloud runs without it`;
  }
  console.log(banner(cloud, dataDir, seeded));
}

main().catch((error: unknown) => {
  const message =
    (error as NodeJS.ErrnoException).code === 'EADDRINUSE'
      ? `port ${process.env.LOCALCLOUD_PORT ?? 9123} is in use: stop the other local cloud or set LOCALCLOUD_PORT`
      : error;
  console.error(message);
  process.exit(1);
});
