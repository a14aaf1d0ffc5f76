// One cloud function instance: a worker thread that loads the function's index.js once and runs one
// invocation at a time, with the identity and virtual time of that invocation (plain CommonJS so it
// runs without a TypeScript loader).
'use strict';
const { parentPort, workerData } = require('node:worker_threads');

// Functions must see the local cloud's virtual clock. Date is replaced before the function (and the
// SDK it bundles) is loaded, so every later `Date.now()` / `new Date()` reads real time + offset.
const RealDate = Date;
let offsetMs = 0;
function LocalDate(...args) {
  if (!new.target) return new RealDate(RealDate.now() + offsetMs).toString();
  return Reflect.construct(RealDate, args.length === 0 ? [RealDate.now() + offsetMs] : args, new.target);
}
LocalDate.prototype = RealDate.prototype;
LocalDate.now = () => RealDate.now() + offsetMs;
LocalDate.parse = RealDate.parse;
LocalDate.UTC = RealDate.UTC;
Object.defineProperty(LocalDate, 'name', { value: 'Date' });
globalThis.Date = LocalDate;

const IDENTITY_KEYS = ['WX_OPENID', 'WX_APPID', 'WX_UNIONID', 'WX_CLIENTIP', 'TCB_SOURCE'];

// The platform logs and carries on; Node's default would kill the instance mid-invocation.
process.on('unhandledRejection', (reason) => {
  console.error(`[${workerData.functionName}] unhandled rejection:`, reason);
});

function describe(error) {
  if (error instanceof Error) return error.message || String(error);
  if (error && typeof error === 'object') {
    try {
      return JSON.stringify(error);
    } catch {
      return String(error);
    }
  }
  return String(error);
}

let main;
let loadError;
try {
  const mod = require(workerData.file);
  main = mod && mod.main;
  if (typeof main !== 'function') loadError = `${workerData.functionName}/index.js does not export main`;
} catch (error) {
  loadError = `${workerData.functionName}/index.js failed to load: ${describe(error)}`;
}
parentPort.postMessage({ type: 'ready', error: loadError });

parentPort.on('message', async (message) => {
  if (message.type !== 'invoke') return;
  offsetMs = message.offsetMs;
  for (const key of IDENTITY_KEYS) {
    const value = message.env[key];
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  let reply;
  try {
    const value = await main(message.event, message.context);
    reply = {
      type: 'result',
      id: message.id,
      ok: true,
      json: JSON.stringify(value === undefined ? null : value),
    };
  } catch (error) {
    reply = { type: 'result', id: message.id, ok: false, message: describe(error) };
  }
  parentPort.postMessage(reply);
});
