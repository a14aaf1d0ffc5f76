// WeChat Pay v3 crypto: AES-256-GCM against the GCM specification's published vectors, RSA-SHA256 by
// round trip with generated keys, and the exact v3 message and header formats.
import { generateKeyPairSync } from 'node:crypto';
import {
  answerMessage,
  authorization,
  decryptResource,
  encryptResource,
  gcmDecrypt,
  gcmEncrypt,
  parseAuthorization,
  platformHeaders,
  requestMessage,
  requestPaymentParams,
  rsaSign,
  rsaVerify,
  verifyPlatformSignature,
} from './wechatpay-v3/crypto';
import {
  NotificationRefused,
  openNotification,
  paymentNotice,
  refundNotice,
  transferNotice,
} from './wechatpay-v3/notice';

const hex = (text: string) => Buffer.from(text, 'hex');

function keyPair() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

const merchant = keyPair();
const platform = keyPair();
const other = keyPair();

// McGrew & Viega, "The Galois/Counter Mode of Operation (GCM)", test cases 13, 14 and 16 (AES-256).
const GCM_VECTORS = [
  {
    name: 'test case 13 (empty plaintext)',
    key: '0000000000000000000000000000000000000000000000000000000000000000',
    iv: '000000000000000000000000',
    plaintext: '',
    aad: '',
    ciphertext: '',
    tag: '530f8afbc74536b9a963b4f1c4cb738b',
  },
  {
    name: 'test case 14 (one zero block)',
    key: '0000000000000000000000000000000000000000000000000000000000000000',
    iv: '000000000000000000000000',
    plaintext: '00000000000000000000000000000000',
    aad: '',
    ciphertext: 'cea7403d4d606b6e074ec5d3baf39d18',
    tag: 'd0d1c8a799996bf0265b98b5d48ab919',
  },
  {
    name: 'test case 16 (associated data)',
    key: 'feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308',
    iv: 'cafebabefacedbaddecaf888',
    plaintext:
      'd9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39',
    aad: 'feedfacedeadbeeffeedfacedeadbeefabaddad2',
    ciphertext:
      '522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662',
    tag: '76fc6ece0f4e1768cddf8853bb2d551b',
  },
];

describe('AES-256-GCM', () => {
  it.each(GCM_VECTORS)('matches $name', (v) => {
    const sealed = gcmEncrypt(hex(v.key), hex(v.iv), hex(v.plaintext), hex(v.aad));
    expect(sealed.ciphertext.toString('hex')).toBe(v.ciphertext);
    expect(sealed.tag.toString('hex')).toBe(v.tag);
    expect(gcmDecrypt(hex(v.key), hex(v.iv), hex(v.ciphertext), hex(v.tag), hex(v.aad)).toString('hex')).toBe(
      v.plaintext,
    );
  });

  it('refuses a flipped ciphertext bit, a wrong tag and wrong associated data', () => {
    const v = GCM_VECTORS[2]!;
    const flipped = hex(v.ciphertext);
    flipped[0] = flipped[0]! ^ 1;
    expect(() => gcmDecrypt(hex(v.key), hex(v.iv), flipped, hex(v.tag), hex(v.aad))).toThrow();
    const badTag = hex(v.tag);
    badTag[15] = badTag[15]! ^ 0x80;
    expect(() => gcmDecrypt(hex(v.key), hex(v.iv), hex(v.ciphertext), badTag, hex(v.aad))).toThrow();
    expect(() => gcmDecrypt(hex(v.key), hex(v.iv), hex(v.ciphertext), hex(v.tag), hex('00'))).toThrow();
  });
});

describe('notification resources (AEAD_AES_256_GCM with the APIv3 key)', () => {
  const apiV3Key = 'abcdefghijklmnopqrstuvwxyz012345';

  it('round-trips with the key, the nonce and the associated data', () => {
    const resource = encryptResource('{"out_trade_no":"O1"}', apiV3Key, 'transaction', 'abcdefghijkl');
    expect(resource.nonce).toBe('abcdefghijkl');
    expect(decryptResource(resource, apiV3Key)).toBe('{"out_trade_no":"O1"}');
  });

  it('is AES-256-GCM of the UTF-8 strings, ciphertext then tag in base64', () => {
    const resource = encryptResource('hello', apiV3Key, 'ad', 'nonce1234567');
    const { ciphertext, tag } = gcmEncrypt(
      Buffer.from(apiV3Key),
      Buffer.from('nonce1234567'),
      Buffer.from('hello'),
      Buffer.from('ad'),
    );
    expect(resource.ciphertext).toBe(Buffer.concat([ciphertext, tag]).toString('base64'));
  });

  it('fails on an altered ciphertext, other associated data or another key', () => {
    const resource = encryptResource('{"amount":{"total":100}}', apiV3Key, 'transaction');
    const bytes = Buffer.from(resource.ciphertext, 'base64');
    bytes[3] = bytes[3]! ^ 0x01;
    expect(() => decryptResource({ ...resource, ciphertext: bytes.toString('base64') }, apiV3Key)).toThrow();
    expect(() => decryptResource({ ...resource, associated_data: 'refund' }, apiV3Key)).toThrow();
    expect(() => decryptResource(resource, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345')).toThrow();
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => encryptResource('x', 'short', 'ad')).toThrow(/32 bytes/);
  });
});

describe('RSA-SHA256 signatures', () => {
  it('verify with the matching public key only', () => {
    const signature = rsaSign('message', merchant.privateKey);
    expect(rsaVerify('message', signature, merchant.publicKey)).toBe(true);
    expect(rsaVerify('message!', signature, merchant.publicKey)).toBe(false);
    expect(rsaVerify('message', signature, other.publicKey)).toBe(false);
    expect(rsaVerify('message', 'not base64 at all', merchant.publicKey)).toBe(false);
  });
});

describe('the v3 request Authorization header', () => {
  const key = {
    mchId: '1900000109',
    serialNo: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1',
    privateKey: merchant.privateKey,
  };
  const request = {
    method: 'POST',
    url: '/v3/pay/transactions/jsapi',
    body: '{"a":1}',
    timestamp: '1554208460',
    nonce: '593BEC0C930BF1AFEB40B4A08C8FB242',
  };

  it('has the documented shape and signs METHOD\\nURL\\nTIMESTAMP\\nNONCE\\nBODY\\n', () => {
    const value = authorization(key, request);
    expect(value).toMatch(
      /^WECHATPAY2-SHA256-RSA2048 mchid="1900000109",nonce_str="593BEC0C930BF1AFEB40B4A08C8FB242",signature="[A-Za-z0-9+/=]+",timestamp="1554208460",serial_no="5157F09EFDC096DE15EBE81A47057A7232F1B8E1"$/,
    );
    const parts = parseAuthorization(value)!;
    expect(requestMessage('post', request.url, request.timestamp, request.nonce, request.body)).toBe(
      'POST\n/v3/pay/transactions/jsapi\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n{"a":1}\n',
    );
    expect(
      rsaVerify(
        requestMessage('POST', request.url, request.timestamp, request.nonce, request.body),
        parts.signature,
        merchant.publicKey,
      ),
    ).toBe(true);
    // Any other URL (a query string added) does not verify with the same signature.
    expect(
      rsaVerify(
        requestMessage('POST', `${request.url}?x=1`, request.timestamp, request.nonce, request.body),
        parts.signature,
        merchant.publicKey,
      ),
    ).toBe(false);
  });

  it('is not parsed from another schema or with missing fields', () => {
    expect(parseAuthorization('Bearer abc')).toBeNull();
    expect(parseAuthorization('WECHATPAY2-SHA256-RSA2048 mchid="1",nonce_str="n"')).toBeNull();
    expect(parseAuthorization(undefined)).toBeNull();
  });
});

describe('wx.requestPayment parameters', () => {
  it('sign appId\\ntimeStamp\\nnonceStr\\npackage\\n with the merchant key', () => {
    const params = requestPaymentParams(
      'wxd678efh567hg6787',
      'wx201410272009395522657a690389285100',
      merchant.privateKey,
      '1414561699',
      '5K8264ILTKCH16CQ2502SI8ZNMTM67VS',
    );
    expect(params).toMatchObject({
      appId: 'wxd678efh567hg6787',
      timeStamp: '1414561699',
      nonceStr: '5K8264ILTKCH16CQ2502SI8ZNMTM67VS',
      package: 'prepay_id=wx201410272009395522657a690389285100',
      signType: 'RSA',
    });
    const message =
      'wxd678efh567hg6787\n1414561699\n5K8264ILTKCH16CQ2502SI8ZNMTM67VS\nprepay_id=wx201410272009395522657a690389285100\n';
    expect(rsaVerify(message, params.paySign, merchant.publicKey)).toBe(true);
  });
});

describe('platform signatures on answers and notifications', () => {
  const key = { publicKeyId: 'PUB_KEY_ID_0114232134912410000000000000', publicKey: platform.publicKey };
  const now = 1_700_000_000_000;
  const body = '{"id":"EV-1"}';

  it('verify over timestamp\\nnonce\\nbody\\n with the platform public key', () => {
    const headers = platformHeaders(body, platform.privateKey, key.publicKeyId, now);
    expect(
      rsaVerify(
        answerMessage(headers['Wechatpay-Timestamp']!, headers['Wechatpay-Nonce']!, body),
        headers['Wechatpay-Signature']!,
        platform.publicKey,
      ),
    ).toBe(true);
    expect(verifyPlatformSignature(headers, body, key, now)).toEqual({ ok: true });
    // Header names are case-insensitive, as HTTP delivers them lower-cased.
    const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
    expect(verifyPlatformSignature(lower, body, key, now + 299_000)).toEqual({ ok: true });
  });

  it('refuse another body, another signer, another serial, missing headers and a stale timestamp', () => {
    const headers = platformHeaders(body, platform.privateKey, key.publicKeyId, now);
    expect(verifyPlatformSignature(headers, '{"id":"EV-2"}', key, now)).toMatchObject({
      ok: false,
      reason: /signature/,
    });
    const forged = platformHeaders(body, other.privateKey, key.publicKeyId, now);
    expect(verifyPlatformSignature(forged, body, key, now)).toMatchObject({ ok: false, reason: /signature/ });
    expect(
      verifyPlatformSignature({ ...headers, 'Wechatpay-Serial': 'PUB_KEY_ID_OTHER' }, body, key, now),
    ).toMatchObject({ ok: false, reason: /unknown key/ });
    expect(
      verifyPlatformSignature({ ...headers, 'Wechatpay-Nonce': undefined }, body, key, now),
    ).toMatchObject({ ok: false, reason: /missing/ });
    expect(verifyPlatformSignature(headers, body, key, now + 5 * 60_000 + 1000)).toMatchObject({
      ok: false,
      reason: /5 minutes/,
    });
  });
});

describe("reading notifications into the money flow's notices", () => {
  const config = {
    mchId: '1900000109',
    appId: 'wx0000000000local',
    apiV3Key: 'abcdefghijklmnopqrstuvwxyz012345',
    serialNo: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1',
    privateKey: merchant.privateKey,
    platformPublicKey: platform.publicKey,
    platformPublicKeyId: 'PUB_KEY_ID_0114232134912410000000000000',
  };
  const now = 1_700_000_000_000;

  function delivered(eventType: string, resource: Record<string, unknown>) {
    const body = JSON.stringify({
      id: 'EV-1',
      event_type: eventType,
      resource_type: 'encrypt-resource',
      resource: encryptResource(JSON.stringify(resource), config.apiV3Key, 'transaction'),
    });
    return { body, headers: platformHeaders(body, platform.privateKey, config.platformPublicKeyId, now) };
  }

  it('maps a successful transaction, marking the provider', () => {
    const { body, headers } = delivered('TRANSACTION.SUCCESS', {
      appid: config.appId,
      mchid: config.mchId,
      out_trade_no: 'O1',
      transaction_id: 'T1',
      trade_state: 'SUCCESS',
      payer: { openid: 'buyer' },
      amount: { total: 1234, currency: 'CNY' },
    });
    const opened = openNotification(headers, body, config, now);
    expect(opened.eventType).toBe('TRANSACTION.SUCCESS');
    expect(paymentNotice(opened.resource, config)).toEqual({
      kind: 'payment',
      provider: 'wechatpay-v3',
      outTradeNo: 'O1',
      totalFee: 1234,
      success: true,
      transactionId: 'T1',
      openid: 'buyer',
    });
  });

  it('maps refund results: only SUCCESS moves money', () => {
    const resource = {
      mchid: config.mchId,
      out_trade_no: 'O1',
      out_refund_no: 'O1-R1',
      amount: { total: 1234, refund: 100 },
    };
    expect(refundNotice({ ...resource, refund_status: 'SUCCESS' }, config)).toMatchObject({
      refundFee: 100,
      success: true,
    });
    expect(refundNotice({ ...resource, refund_status: 'ABNORMAL' }, config)).toMatchObject({
      success: false,
    });
    expect(refundNotice({ ...resource, refund_status: 'CLOSED' }, config)).toMatchObject({ success: false });
  });

  it('maps final transfer bills and refuses others, another merchant, and an unsigned body', () => {
    const bill = {
      mch_id: config.mchId,
      out_bill_no: 'W1',
      transfer_bill_no: 'B1',
      transfer_amount: 990,
      openid: 'u',
    };
    expect(transferNotice({ ...bill, state: 'CANCELLED' }, config)).toMatchObject({
      state: 'CANCELLED',
      amount: 990,
    });
    expect(() => transferNotice({ ...bill, state: 'WAIT_USER_CONFIRM' }, config)).toThrow(
      NotificationRefused,
    );
    expect(() => transferNotice({ ...bill, mch_id: '1234567890', state: 'SUCCESS' }, config)).toThrow(
      /merchant/,
    );
    const { body } = delivered('MCHTRANSFER.BILL.FINISHED', { ...bill, state: 'SUCCESS' });
    expect(() => openNotification({}, body, config, now)).toThrow(NotificationRefused);
  });
});
