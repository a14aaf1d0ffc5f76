// A database-only local cloud in its own process, for crash tests:
// `tsx serve-db.ts <dataDir> [port] [collection,collection…]`. Prints "listening <port>" once it answers.
import { Clock } from '../../src/clock';
import { databaseApi } from '../../src/db/api';
import { Engine } from '../../src/db/engine';
import { startHttpServer } from '../../src/server';

async function main(): Promise<void> {
  const [dataDir, port = '0', names = ''] = process.argv.slice(2);
  if (!dataDir) throw new Error('usage: serve-db.ts <dataDir> [port] [collection,collection…]');
  const clock = new Clock();
  const declared = Object.fromEntries(
    names
      .split(',')
      .filter(Boolean)
      .map((name) => [name, {}]),
  );
  const engine = new Engine({ dataDir, declared });
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
