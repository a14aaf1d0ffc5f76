// `npm run bench`: every benchmark of the project, one after another, printed as figures.
import { printAnalyticsBench, runAnalyticsBench } from './analytics';
import { runDbBench } from './db';
import { runFunctionBench } from './functions';
import { printMoneyBench, runMoneyBench } from './money';

async function main(): Promise<void> {
  const db = await runDbBench();
  console.log('database through wx-server-sdk');
  console.log(`  doc gets/s            ${db.docGetsPerSecond} (target ≥ 2,000)`);
  console.log(`  inserts/s             ${db.insertsPerSecond}`);
  console.log(`  $group over 50,000    ${db.aggregate50kMs} ms`);
  const fn = await runFunctionBench();
  console.log('function host');
  console.log(`  first invocation      ${fn.firstInvocationMs} ms (cold start)`);
  console.log(`  fresh instance        ${fn.freshInstanceMs} ms`);
  console.log(`  warm over HTTP        p50 ${fn.warm.p50Ms} ms, p99 ${fn.warm.p99Ms} ms (target p50 < 5 ms)`);
  console.log(`  warm in process       p50 ${fn.inProcessP50Ms} ms`);
  for (const latencyMs of [0, 20]) printMoneyBench(await runMoneyBench(latencyMs));
  for (const latencyMs of [0, 20]) printAnalyticsBench(await runAnalyticsBench(50_000, latencyMs));
  printAnalyticsBench(await runAnalyticsBench(200_000, 20, 'large'));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
