// 快递100's real-time query (实时快递查询), the parcel-route provider for merchants whose waybills were not
// made through 物流助手: the merchant's customer id and key live in the `secrets` collection (document
// `kuaidi100`, never readable by clients), and the function calls their HTTPS API directly.
import { createHash } from 'node:crypto';
import { request } from 'node:https';
import { AppError } from '../errors';
import { getById } from './db';

/** WeChat's express codes (domain/express.ts) as 快递100 names the same companies. */
const COMPANY: Record<string, string> = {
  SF: 'shunfeng',
  ZTO: 'zhongtong',
  YTO: 'yuantong',
  YD: 'yunda',
  STO: 'shentong',
  JTSD: 'jtexpress',
  JD: 'jd',
  EMS: 'ems',
  YZPY: 'youzhengguonei',
  DBL: 'debangkuaidi',
  HTKY: 'huitongkuaidi',
  ZJS: 'zhaijisong',
};

const ENDPOINT = 'https://poll.kuaidi100.com/poll/query.do';

/** The form 快递100 takes: `param` as JSON and sign = MD5(param + key + customer), upper-case hex. */
export function kuaidi100Form(
  customer: string,
  key: string,
  expressCompany: string,
  trackingNo: string,
  phone: string,
) {
  const param = JSON.stringify({
    com: COMPANY[expressCompany] ?? expressCompany.toLowerCase(),
    num: trackingNo,
    // 顺丰 and 中通 ask for the receiver's phone.
    phone: phone.replace(/\D/g, ''),
    resultv2: '0',
    order: 'desc',
  });
  const sign = createHash('md5')
    .update(param + key + customer)
    .digest('hex')
    .toUpperCase();
  return new URLSearchParams({ customer, sign, param }).toString();
}

/** 快递100's answer as route events, newest first; its refusals (status ≠ 200) as an error. */
export function kuaidi100Events(answer: unknown): { at: Date; text: string }[] {
  const body = (answer ?? {}) as { status?: unknown; message?: unknown; data?: unknown };
  if (String(body.status) !== '200')
    throw new AppError('FAILED_PRECONDITION', `物流查询失败：${String(body.message ?? '')}`);
  const rows = Array.isArray(body.data) ? (body.data as { time?: unknown; context?: unknown }[]) : [];
  // 快递100 writes Beijing time without a zone: "2026-11-28 10:05:00".
  return rows.map((row) => ({
    at: new Date(`${String(row.time ?? '').replace(' ', 'T')}+08:00`),
    text: String(row.context ?? ''),
  }));
}

export async function kuaidi100Query(expressCompany: string, trackingNo: string, phone: string) {
  const keys = await getById<{ customer?: string; key?: string }>('secrets', 'kuaidi100');
  if (!keys?.customer || !keys.key)
    throw new AppError(
      'FAILED_PRECONDITION',
      '物流查询未配置（secrets 集合缺少 kuaidi100 文档，见 docs/DEPLOY.md）',
    );
  const form = kuaidi100Form(keys.customer, keys.key, expressCompany, trackingNo, phone);
  const answer = await new Promise<unknown>((resolve, reject) => {
    const req = request(
      ENDPOINT,
      { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, timeout: 8000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
          } catch (error) {
            reject(error);
          }
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('快递100 did not answer in 8 s')));
    req.on('error', reject);
    req.end(form);
  });
  return kuaidi100Events(answer);
}
