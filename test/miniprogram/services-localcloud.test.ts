// The services layer against the local cloud's HTTP face: local transport, identity header, envelope unwrapping.
import * as client from '../../miniprogram/services/client';
import { ServiceError } from '../../miniprogram/services/errors';
import { CloudProcess, startCloudProcess } from './support/cloud-process';
import { httpPlatform, TestPlatform } from './support/platform';

let cloud: CloudProcess;
let platform: TestPlatform;

beforeAll(async () => {
  cloud = await startCloudProcess();
});
afterAll(() => cloud?.stop());

beforeEach(() => {
  platform = httpPlatform();
  client.setPlatform(platform);
  client.configure({ mode: 'local', localUrl: cloud.url, localOpenid: 'shopper-a' });
});

test('a call reaches the function as the configured openid and returns the envelope data', async () => {
  const data = await client.call('ping', 'ping');
  expect(data.openid).toBe('shopper-a');
  expect(platform.requests[0]!.url).toBe(`${cloud.url}/functions/ping`);
  client.configure({ localOpenid: 'shopper-b' });
  expect((await client.call('ping', 'ping')).openid).toBe('shopper-b');
});

test('an unknown action comes back as a ServiceError with a message a person understands', async () => {
  // An action the contract does not name cannot be written in a page; the untyped door shows the answer.
  const untyped = client.call as unknown as (fn: string, action: string) => Promise<unknown>;
  const error = await untyped('ping', 'nope').catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ServiceError);
  expect((error as ServiceError).code).toBe('INVALID_ARGUMENT');
  expect((error as ServiceError).message).toMatch(/[\u4e00-\u9fa5]/);
});

test('no local cloud at the address is a NETWORK error telling how to start it', async () => {
  client.configure({ localUrl: 'http://127.0.0.1:9' });
  const error = (await client.call('ping', 'ping').catch((e: unknown) => e)) as ServiceError;
  expect(error.code).toBe('NETWORK');
  expect(error.message).toContain('npm start');
});
