// `npm run seed`: products from a JSON/CSV file, the demo data, or the first admin, into the local cloud
// (default) or a real environment (--env with TCB_SECRET_ID / TCB_SECRET_KEY), through @cloudbase/node-sdk.
import tcb from '@cloudbase/node-sdk';
import { parseArgs } from 'node:util';
import { SdkDatabase, seedDb } from './db';
import { addAdmin, seedDemo } from './demo';
import { importProducts, readProductsFile } from './products';

const USAGE = `Usage:
  npm run seed -- --file products.csv [--check]     import products (.csv or .json); --check validates only
  npm run seed -- --demo [--admin <openid>]         demo settings and products (first start only)
  npm run seed -- --admin <openid>                  add a merchant admin to the settings document
Target: the local cloud at http://127.0.0.1:$LOCALCLOUD_PORT (default 9123), or a real environment with
  --env <envId> (or TCB_ENV_ID) and the API key in TCB_SECRET_ID / TCB_SECRET_KEY (--secret-id / --secret-key).`;

export interface SeedTarget {
  label: string;
  db: SdkDatabase;
}

export function connect(options: { env?: string; secretId?: string; secretKey?: string }): SeedTarget {
  if (options.env) {
    if (!options.secretId || !options.secretKey) {
      throw new Error(
        'a real environment needs an API key: set TCB_SECRET_ID and TCB_SECRET_KEY (CAM → API 密钥)',
      );
    }
    const app = tcb.init({ env: options.env, secretId: options.secretId, secretKey: options.secretKey });
    return { label: `environment ${options.env}`, db: app.database() as unknown as SdkDatabase };
  }
  const port = process.env.LOCALCLOUD_PORT ?? '9123';
  const serviceUrl = `http://127.0.0.1:${port}/admin`;
  // The local cloud ignores signatures, but the SDK refuses to send a request without some key.
  const app = tcb.init({ env: 'local', secretId: 'local', secretKey: 'local', serviceUrl });
  return { label: `local cloud ${serviceUrl}`, db: app.database() as unknown as SdkDatabase };
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      file: { type: 'string' },
      check: { type: 'boolean', default: false },
      demo: { type: 'boolean', default: false },
      admin: { type: 'string' },
      env: { type: 'string' },
      'secret-id': { type: 'string' },
      'secret-key': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help || (!values.file && !values.demo && !values.admin)) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  const products = values.file ? readProductsFile(values.file) : undefined;
  if (products && products.errors.length > 0) {
    for (const error of products.errors)
      console.error(`${values.file}${error.row ? ` row ${error.row}` : ''}: ${error.message}`);
    console.error(`nothing imported: fix the ${products.errors.length} error(s) above and run again`);
    return 1;
  }
  if (values.check) {
    console.log(`${values.file}: ${products?.products.length ?? 0} valid product(s)`);
    return 0;
  }
  const target = connect({
    env: values.env ?? process.env.TCB_ENV_ID,
    secretId: values['secret-id'] ?? process.env.TCB_SECRET_ID,
    secretKey: values['secret-key'] ?? process.env.TCB_SECRET_KEY,
  });
  const now = new Date();
  if (values.demo) {
    const report = await seedDemo(target.db, {
      adminOpenid: values.admin ?? process.env.LOCALCLOUD_ADMIN_OPENID ?? 'local-admin',
      now,
    });
    console.log(
      `${target.label}: settings ${report.settings}; demo products ${report.products.created} created, ${report.products.kept} kept`,
    );
  } else if (values.admin) {
    console.log(`${target.label}: admin ${values.admin} ${await addAdmin(target.db, values.admin)}`);
  }
  if (products) {
    const result = await importProducts(seedDb(target.db), products.products, now);
    console.log(`${target.label}: ${result.created} product(s) created, ${result.updated} updated`);
  }
  return 0;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      console.error(`seed failed: ${message}`);
      if (/ECONNREFUSED/.test(message))
        console.error('Is the local cloud running? Start it with `npm start`.');
      process.exit(1);
    },
  );
}
