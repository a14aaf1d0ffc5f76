// A database-only local cloud in its own process, for crash tests: `tsx serve-db.ts <dataDir> [port]`.
// Prints "listening <port>" once it answers requests.
import { COLLECTIONS } from '../../../core/data/collections';
import { Clock } from '../clock';
import { startHttpServer } from '../server';
import { databaseApi } from './api';
import { Engine } from './engine';

async function main(): Promise<void> {
  const [dataDir, port = '0'] = process.argv.slice(2);
  if (!dataDir) throw new Error('usage: serve-db.ts <dataDir> [port]');
  const clock = new Clock();
  const engine = new Engine({ dataDir, declared: COLLECTIONS });
  const server = await startHttpServer({
    port: Number(port),
    clock,
    api: databaseApi(engine, clock),
    routes: [],
  });
  process.stdout.write(`listening ${server.port}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
