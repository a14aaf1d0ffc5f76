// `npx localcloud`: hosts any project's cloud functions folder on a local CloudBase until Ctrl-C.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadCollections } from './collections';
import { LocalCloud, startLocalCloud } from './index';
import { localCloudBanner, stopOnSignals } from './serve';

export const USAGE = `Usage: localcloud [options]

  --functions <dir>     the cloud functions folder (default ./cloudfunctions): one folder per function
                        with index.js, package.json and config.json
  --data <dir>          where data is kept between runs (default $LOCALCLOUD_DATA or ./.localcloud)
  --port <n>            the port on 127.0.0.1 (default $LOCALCLOUD_PORT or 9123; 0 picks a free one)
  --collections <file>  collections and indexes to create at start: JSON, or a JS/TS module exporting
                        them (collections, COLLECTIONS or default)
  --app-json <file>     the mini-program's app.json, for the page checks of wxacode and subscribe messages
  --env-id <id>         the environment id functions see (default local)
  --app-id <id>         the appid functions see in getWXContext() (default wx0000000000local)
  --quiet               drop the functions' console output
  -h, --help            this text

Environment: LOCALCLOUD_PORT, LOCALCLOUD_DATA, LOCALCLOUD_DB_LATENCY_MS, LOCALCLOUD_API_LATENCY_MS,
LOCALCLOUD_CLOCK_START (ISO 8601 with a zone, fresh data folders only), LOCALCLOUD_RISKY_WORDS.`;

const TS_MODULE = /\.[cm]?tsx?$/;

/** A TypeScript collections module needs a loader: the source checkout runs under tsx already. */
function ensureTypeScript(file: string): void {
  if (!TS_MODULE.test(file) || require.extensions['.ts']) return;
  try {
    require('tsx/cjs');
  } catch {
    throw new Error(`${file} is TypeScript: install tsx next to the project, or give a .json or .js file`);
  }
}

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      functions: { type: 'string' },
      data: { type: 'string' },
      port: { type: 'string' },
      collections: { type: 'string' },
      'app-json': { type: 'string' },
      'env-id': { type: 'string' },
      'app-id': { type: 'string' },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const portText = values.port ?? process.env.LOCALCLOUD_PORT ?? '9123';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535)
    throw new Error(`--port must be a port number, not ${portText}`);
  const functionsDir = path.resolve(values.functions ?? 'cloudfunctions');
  if (!existsSync(functionsDir))
    throw new Error(`no functions folder at ${functionsDir} (--functions <dir>)`);
  const dataDir = path.resolve(values.data ?? process.env.LOCALCLOUD_DATA ?? '.localcloud');
  mkdirSync(dataDir, { recursive: true });
  let collections;
  if (values.collections) {
    ensureTypeScript(values.collections);
    collections = loadCollections(values.collections);
  }
  let cloud: LocalCloud;
  try {
    cloud = await startLocalCloud({
      port,
      dataDir,
      functionsDir,
      collections,
      appJson: values['app-json'],
      envId: values['env-id'],
      appId: values['app-id'],
      quiet: values.quiet,
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new Error(
        `port ${port} is in use: stop the other local cloud, or pick one with --port / LOCALCLOUD_PORT`,
      );
    }
    throw error;
  }
  stopOnSignals(cloud);
  console.log(localCloudBanner(cloud));
  return -1;
}

/** Runs main and turns a refusal into a message and exit code 1; -1 means "keep serving". */
export function run(argv: string[]): void {
  main(argv).then(
    (code) => {
      if (code >= 0) process.exit(code);
    },
    (error: unknown) => {
      console.error(`localcloud: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}

if (require.main === module) run(process.argv.slice(2));
