// What a long-running local cloud needs around it: the banner it prints when ready, and a clean stop
// on Ctrl-C. The CLI uses both; a project's own start script may too.
import type { LocalCloud } from './index';

/** What is running and how to reach it, for the terminal. */
export function localCloudBanner(cloud: LocalCloud): string {
  const functions = cloud.host.names();
  const u = cloud.url;
  return [
    `localcloud ready at ${u} (env ${cloud.envId})`,
    `data: ${cloud.dataDir}`,
    `functions: ${functions.length ? functions.join(', ') : `(none in ${cloud.functionsDir ?? 'no folder'})`}`,
    `virtual clock: ${cloud.clock.date().toISOString()}`,
    ...(cloud.latency.dbMs || cloud.latency.apiMs
      ? [`latency: database ${cloud.latency.dbMs} ms, openapi and payments ${cloud.latency.apiMs} ms`]
      : []),
    '',
    'Try:',
    `  curl -s ${u}/    # what is offered here`,
    `  curl -s -X POST ${u}/functions/<name> -H 'x-wx-openid: me' -d '{}'`,
    `  curl -s -X POST ${u}/_clock -d '{"advanceMs":86400000}'    # one day later; due timers fire`,
    '',
    `SDK scripts and the mini-program's local mode: serviceUrl ${u}/admin. Ctrl-C stops.`,
  ].join('\n');
}

/** Stops the cloud and exits on SIGINT / SIGTERM; a second signal exits at once. */
export function stopOnSignals(cloud: LocalCloud): void {
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
}
