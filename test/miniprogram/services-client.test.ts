// The services' client over a scripted transport: what reaches the wire, envelope errors as friendly messages,
// request ids surviving lost answers. (Pages are tested on the real functions; this is the transport alone.)
import * as client from '../../miniprogram/services/client';
import { friendlyMessage, ServiceError } from '../../miniprogram/services/errors';
import type { HttpResponse } from '../../miniprogram/services/client';
import * as wallet from '../../miniprogram/services/wallet';

function scripted(answers: ((event: Record<string, unknown>) => HttpResponse | Error)[]) {
  const storage = new Map<string, unknown>();
  const events: Record<string, unknown>[] = [];
  const platform: client.Platform = {
    callFunction: async () => undefined,
    request: async ({ data }) => {
      events.push(data as Record<string, unknown>);
      const answer = answers.shift()!(data as Record<string, unknown>);
      if (answer instanceof Error) throw { errMsg: `request:fail ${answer.message}` };
      return answer;
    },
    requestMerchantTransfer: async () => undefined,
    requestPayment: async () => undefined,
    openBusinessView: async () => ({ extraData: { status: 'success' } }),
    requestSubscribeMessage: async () => ({}),
    uploadFile: async () => '',
    readFile: async () => new ArrayBuffer(0),
    getStorage: (key) => storage.get(key) ?? '',
    setStorage: (key, value) => void storage.set(key, value),
    removeStorage: (key) => void storage.delete(key),
  };
  client.setPlatform(platform);
  client.configure({ mode: 'local', localUrl: 'http://local', localOpenid: 'u1' });
  return { events, storage };
}

const ADDRESS = {
  userName: '张三',
  telNumber: '13800000000',
  provinceName: '浙江省',
  cityName: '杭州市',
  countyName: '西湖区',
  detailInfo: '龙井村 1 号',
};

const ok = (data: unknown): HttpResponse => ({ statusCode: 200, data: { result: { ok: true, data } } });
const fail = (code: string, message: string): HttpResponse => ({
  statusCode: 200,
  data: { result: { ok: false, error: { code, message } } },
});

test('the action goes in the event and data comes out of the envelope', async () => {
  const { events } = scripted([() => ok({ n: 1 })]);
  await expect(client.call('order', 'detail', { orderId: 'o1' })).resolves.toEqual({ n: 1 });
  expect(events[0]).toEqual({ orderId: 'o1', action: 'detail' });
});

test('error codes become messages a person understands; INTERNAL never leaks its detail', async () => {
  scripted([
    () => fail('FAILED_PRECONDITION', '可提现余额不足'),
    () => fail('INTERNAL', 'TypeError at x.js:12'),
  ]);
  await expect(client.call('wallet', 'withdraw', { amount: 100 })).rejects.toMatchObject({
    code: 'FAILED_PRECONDITION',
    message: '可提现余额不足',
  });
  const internal = (await client.call('wallet', 'summary').catch((e: unknown) => e)) as ServiceError;
  expect(internal.message).toBe('系统繁忙，请稍后再试');
  expect(friendlyMessage('PERMISSION_DENIED', 'not admin')).toBe('暂无权限进行此操作');
  expect(friendlyMessage('SOMETHING_NEW')).toBe('系统繁忙，请稍后再试');
});

test('a function that threw (errCode from the local cloud) is INTERNAL, not a crash', async () => {
  scripted([() => ({ statusCode: 200, data: { errCode: -1, errMsg: 'timeout' } })]);
  await expect(client.call('order', 'list')).rejects.toMatchObject({ code: 'INTERNAL' });
});

test('a create retried after a lost answer reuses its request id; an answer releases it', async () => {
  const { events, storage } = scripted([
    () => new Error('timeout'),
    () => ok({ order: { _id: 'o1' } }),
    () => ok({ order: { _id: 'o2' } }),
  ]);
  const input = { items: [{ productId: 'p1', quantity: 1 }], address: ADDRESS };
  await expect(client.callCreate('order', 'create', input)).rejects.toMatchObject({ code: 'NETWORK' });
  expect(storage.size).toBe(1);
  await client.callCreate('order', 'create', input);
  expect(events[1]!.clientRequestId).toBe(events[0]!.clientRequestId);
  expect(storage.size).toBe(0);
  await client.callCreate('order', 'create', input);
  expect(events[2]!.clientRequestId).not.toBe(events[0]!.clientRequestId);
  expect(String(events[2]!.clientRequestId)).toMatch(/^[\w-]{8,64}$/);
});

test('a different request does not inherit an unanswered id; a refused one releases it', async () => {
  const { events, storage } = scripted([
    () => new Error('timeout'),
    () => fail('FAILED_PRECONDITION', '可提现余额不足'),
  ]);
  await client.callCreate('wallet', 'withdraw', { amount: 100 }).catch(() => undefined);
  await client.callCreate('wallet', 'withdraw', { amount: 200 }).catch(() => undefined);
  expect(events[1]!.clientRequestId).not.toBe(events[0]!.clientRequestId);
  expect(storage.size).toBe(0);
});

test('local payment posts to the simulated cashier; cloud payment maps a cancel to CANCELLED', async () => {
  const { events } = scripted([() => ({ statusCode: 200, data: { ok: true } })]);
  await client.pay({ timeStamp: '1', nonceStr: 'n', package: 'p', signType: 'MD5', paySign: 's' }, 'T1');
  expect(events[0]).toEqual({ result: 'SUCCESS' });
  client.configure({ mode: 'cloud' });
  client.setPlatform({
    ...({} as client.Platform),
    requestMerchantTransfer: async () => undefined,
    requestPayment: () => Promise.reject({ errMsg: 'requestPayment:fail cancel' }),
  });
  await expect(
    client.pay({ timeStamp: '1', nonceStr: 'n', package: 'p', signType: 'MD5', paySign: 's' }, 'T1'),
  ).rejects.toMatchObject({
    code: 'CANCELLED',
  });
});

test('receiving a transfer: the bill from wallet.transferInfo goes to wx.requestMerchantTransfer, or to the local cloud', async () => {
  const info = {
    withdrawalId: 'W1',
    payout: 990,
    state: 'WAIT_USER_CONFIRM',
    mchId: 'm',
    appId: 'a',
    package: 'pkg',
  };
  const { events } = scripted([() => ok(info), () => ({ statusCode: 200, data: { state: 'SUCCESS' } })]);
  await wallet.receiveTransfer('W1');
  expect(events).toEqual([{ withdrawalId: 'W1', action: 'transferInfo' }, { result: 'SUCCESS' }]);

  const confirmed: unknown[] = [];
  client.configure({ mode: 'cloud' });
  client.setPlatform({
    ...({} as client.Platform),
    callFunction: async () => ({ ok: true, data: info }),
    requestMerchantTransfer: async (params) => void confirmed.push(params),
  });
  await wallet.receiveTransfer('W1');
  expect(confirmed).toEqual([{ mchId: 'm', appId: 'a', package: 'pkg' }]);
  client.setPlatform({
    ...({} as client.Platform),
    callFunction: async () => ({ ok: true, data: info }),
    requestMerchantTransfer: () => Promise.reject({ errMsg: 'requestMerchantTransfer:fail cancel' }),
  });
  await expect(wallet.receiveTransfer('W1')).rejects.toMatchObject({ code: 'CANCELLED' });
});

describe('订阅消息 through the platform', () => {
  const platformAsking = (answer: () => Promise<Record<string, string>>) => {
    const asked: string[][] = [];
    client.setPlatform({
      ...({} as client.Platform),
      requestSubscribeMessage: (ids) => {
        asked.push(ids);
        return answer();
      },
    });
    client.configure({ mode: 'cloud' });
    return asked;
  };

  test('cloud: WeChat’s sheet is opened before the call returns (inside the tap); the accepted ids come back', async () => {
    const asked = platformAsking(async () => ({ t1: 'accept', t2: 'reject', t3: 'ban', errMsg: 'ok' }));
    const answered = client.requestSubscribe(['t1', 't2', 't3', 't4', 't1']);
    // Already asked, synchronously: nothing awaited in between.
    expect(asked).toEqual([['t1', 't2', 't3']]);
    await expect(answered).resolves.toEqual(['t1']);
  });

  test('a closed sheet or a failure is nothing accepted, never an error; no templates asks nothing', async () => {
    platformAsking(() => Promise.reject({ errMsg: 'requestSubscribeMessage:fail cancel' }));
    await expect(client.requestSubscribe(['t1'])).resolves.toEqual([]);
    const asked = platformAsking(async () => ({}));
    await expect(client.requestSubscribe([])).resolves.toEqual([]);
    expect(asked).toEqual([]);
  });

  test('local: the local cloud plays the user (POST /_subscribe as the configured openid)', async () => {
    const sent: { url: string; data: unknown }[] = [];
    client.setPlatform({
      ...({} as client.Platform),
      request: async ({ url, data }) => {
        sent.push({ url, data });
        return {
          statusCode: 200,
          data: { errMsg: 'requestSubscribeMessage:ok', t1: 'accept', t2: 'filter' },
        };
      },
    });
    client.configure({ mode: 'local', localUrl: 'http://local', localOpenid: 'u1' });
    await expect(client.requestSubscribe(['t1', 't2'])).resolves.toEqual(['t1']);
    expect(sent).toEqual([{ url: 'http://local/_subscribe', data: { openid: 'u1', tmplIds: ['t1', 't2'] } }]);
  });
});

describe('cloud storage from the phone', () => {
  test('local: upload metadata from the local cloud’s storage API, then the bytes PUT where it said', async () => {
    const sent: { url: string; method: string; data: unknown }[] = [];
    const bytes = new Uint8Array([1, 2, 3]).buffer;
    client.setPlatform({
      ...({} as client.Platform),
      readFile: async (path) => {
        expect(path).toBe('wxfile://tmp/a.png');
        return bytes;
      },
      request: async ({ url, method, data }) => {
        sent.push({ url, method, data });
        if (url.endsWith('/admin'))
          return {
            statusCode: 200,
            data: {
              data: {
                url: 'http://local/cos/avatars%2Fa.png',
                fileId: 'cloud://env.local-bucket/avatars/a.png',
              },
            },
          };
        return { statusCode: 200, data: '' };
      },
    });
    client.configure({ mode: 'local', localUrl: 'http://local', localOpenid: 'u1' });
    await expect(client.uploadFile('avatars/a.png', 'wxfile://tmp/a.png')).resolves.toBe(
      'cloud://env.local-bucket/avatars/a.png',
    );
    expect(sent).toEqual([
      {
        url: 'http://local/admin',
        method: 'POST',
        data: { action: 'storage.getUploadMetadata', path: 'avatars/a.png', method: 'put' },
      },
      { url: 'http://local/cos/avatars%2Fa.png', method: 'PUT', data: bytes },
    ]);
  });

  test('cloud: wx.cloud.uploadFile, and stored files are shown by their fileID', async () => {
    client.setPlatform({
      ...({} as client.Platform),
      uploadFile: async (cloudPath) => `cloud://env.bucket/${cloudPath}`,
    });
    client.configure({ mode: 'cloud' });
    await expect(client.uploadFile('avatars/a.png', 'wxfile://tmp/a.png')).resolves.toBe(
      'cloud://env.bucket/avatars/a.png',
    );
    await expect(client.fileUrls(['cloud://env.bucket/a.png', 'https://x/b.png'])).resolves.toEqual([
      'cloud://env.bucket/a.png',
      'https://x/b.png',
    ]);
  });

  test('local: stored files are shown from the local cloud’s download addresses; others as they are', async () => {
    client.setPlatform({
      ...({} as client.Platform),
      request: async () => ({
        statusCode: 200,
        data: {
          data: {
            download_list: [
              { fileID: 'cloud://env.local-bucket/a.png', tempFileURL: 'http://local/cos/a.png' },
            ],
          },
        },
      }),
    });
    client.configure({ mode: 'local', localUrl: 'http://local', localOpenid: 'u1' });
    await expect(client.fileUrls(['cloud://env.local-bucket/a.png', 'https://x/b.png'])).resolves.toEqual([
      'http://local/cos/a.png',
      'https://x/b.png',
    ]);
    await expect(client.fileUrl('')).resolves.toBe('');
  });
});
