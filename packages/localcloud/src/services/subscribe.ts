// subscribeMessage.send with the platform's grant accounting: each time the user accepts a one-time
// template in wx.requestSubscribeMessage (played by POST /_subscribe), one message of that template may
// be sent to them; a send uses it, and with none left the platform answers 43101. The data values are
// checked against the keyword types' rules (thing ≤ 20 characters, phrase ≤ 5 汉字 …), as 47003.
import { Route, sendJson } from '../server';
import type { OpenApiHandler } from './openapi';
import { badRequest, jsonRoute, ok, PlatformContext, wxAnswer } from './platform-context';

export type SubscribeChoice = 'accept' | 'reject' | 'ban' | 'filter';

/** At most this many template ids per wx.requestSubscribeMessage call (older clients: 3). */
export const MAX_TMPL_IDS = 3;
const STATES = new Set(['developer', 'trial', 'formal']);
const LANGS = new Set(['zh_CN', 'en_US', 'zh_HK', 'zh_TW']);

const HAN = /\p{Script=Han}/u;
const count = (text: string) => [...text].length;

/**
 * The rule of each keyword type (the key without its number: thing1 → thing), from the parameter
 * table of subscribeMessage.send. An unknown type is refused like a key the template does not have.
 */
const RULES: Record<string, (value: string) => boolean> = {
  thing: (v) => count(v) <= 20,
  number: (v) => v.length <= 32 && /^[+-]?\d+(\.\d+)?$/.test(v),
  letter: (v) => v.length <= 32 && /^[A-Za-z]+$/.test(v),
  symbol: (v) => count(v) <= 5 && /^[^\p{L}\p{N}\s]+$/u.test(v),
  character_string: (v) => v.length <= 32 && /^[\x21-\x7e]+$/.test(v),
  // 24-hour time, with a date before it or a range "~" allowed: 15:01, 2019年10月1日 15:01.
  time: (v) => count(v) <= 50 && /(^|[^\d])([01]?\d|2[0-3]):[0-5]\d/.test(v),
  // A date, optionally with a time or a range: 2019年10月1日, 2019-10-01 15:01.
  date: (v) => count(v) <= 50 && /\d{4}(年\d{1,2}月\d{1,2}日|[-/.]\d{1,2}[-/.]\d{1,2})/.test(v),
  // One currency symbol, at most 10 digits, decimals allowed, "元" allowed at the end.
  amount: (v) => /^[^\d\s.+-]?\d{1,10}(\.\d+)?元?$/u.test(v),
  phone_number: (v) => v.length <= 17 && /^[\d+\-() ]+$/.test(v),
  car_number: (v) =>
    count(v) <= 8 && /^[\p{Script=Han}A-Za-z0-9][A-Za-z0-9]*[\p{Script=Han}A-Za-z0-9]?$/u.test(v),
  // 10 汉字 (mixed counts as Chinese), or 20 letters and symbols.
  name: (v) => (HAN.test(v) ? count(v) <= 10 : count(v) <= 20 && !/\d/.test(v)),
  phrase: (v) => count(v) <= 5 && /^\p{Script=Han}+$/u.test(v),
  // The template's own value list, which the local cloud does not know.
  enum: (v) => count(v) <= 20,
};

function keywordType(key: string): string {
  return key.replace(/\d+$/, '');
}

/** The first data entry the platform would refuse, as its 47003 message. */
export function invalidData(data: unknown): string | undefined {
  if (!data || typeof data !== 'object' || Array.isArray(data) || Object.keys(data).length === 0)
    return 'argument invalid! data is empty';
  for (const [key, entry] of Object.entries(data as Record<string, unknown>)) {
    const raw = entry && typeof entry === 'object' ? (entry as { value?: unknown }).value : undefined;
    if (raw === undefined || raw === null || (typeof raw !== 'string' && typeof raw !== 'number'))
      return `argument invalid! data.${key}.value is empty`;
    const value = String(raw);
    const rule = Object.prototype.hasOwnProperty.call(RULES, keywordType(key))
      ? RULES[keywordType(key)]
      : undefined;
    if (!rule) return `argument invalid! data.${key} is not a keyword of the template`;
    if (!value.trim() || !rule(value)) return `argument invalid! data.${key}.value invalid`;
  }
  return undefined;
}

function grantsLeft(ctx: PlatformContext, openid: string, templateId: string): number {
  return ctx.state.grants[openid]?.[templateId] ?? 0;
}

export function subscribeApis(ctx: PlatformContext): Record<string, OpenApiHandler> {
  return {
    'subscribeMessage.send': ({ params }) => {
      const { touser, template_id: templateId, page, data, miniprogram_state: state, lang } = params;
      if (typeof touser !== 'string' || !touser) return wxAnswer(40003, 'invalid openid');
      if (typeof templateId !== 'string' || !templateId) return wxAnswer(40037, 'invalid template_id');
      if (page !== undefined && page !== '') {
        const pagePath = typeof page === 'string' ? (page.split('?')[0] ?? '') : '';
        const pages = ctx.pages();
        if (!pagePath || pagePath.startsWith('/') || (pages && !pages.has(pagePath)))
          return wxAnswer(41030, 'invalid page');
      }
      if (state !== undefined && (typeof state !== 'string' || !STATES.has(state)))
        return wxAnswer(47003, 'argument invalid! miniprogram_state invalid');
      if (lang !== undefined && (typeof lang !== 'string' || !LANGS.has(lang)))
        return wxAnswer(47003, 'argument invalid! lang invalid');
      const invalid = invalidData(data);
      if (invalid) return wxAnswer(47003, invalid);
      const left = grantsLeft(ctx, touser, templateId);
      if (left <= 0) return wxAnswer(43101, 'user refuse to accept the msg');
      const grants = (ctx.state.grants[touser] ??= {});
      if (left === 1) delete grants[templateId];
      else grants[templateId] = left - 1;
      ctx.save();
      return ok({ msgid: Math.floor(ctx.clock.now() / 1000) * 1000 + Math.floor(Math.random() * 1000) });
    },
  };
}

/**
 * POST /_subscribe { openid, tmplIds, choices? }: the user taps 允许 in wx.requestSubscribeMessage.
 * Every template accepted (the default) adds one grant; the answer is what the mini-program receives.
 * GET /_subscribe/<openid>: the grants left.
 */
export function subscribeRoutes(ctx: PlatformContext): Route[] {
  return [
    jsonRoute('POST', /^\/_subscribe\/?$/, (body) => {
      const { openid, tmplIds, choices } = body;
      if (typeof openid !== 'string' || !openid) return badRequest('openid is required');
      if (!Array.isArray(tmplIds) || tmplIds.length === 0)
        return {
          status: 200,
          value: { errMsg: "requestSubscribeMessage:fail TmplIds can't be empty", errCode: 10001 },
        };
      if (!tmplIds.every((id) => typeof id === 'string' && id))
        return {
          status: 200,
          value: { errMsg: 'requestSubscribeMessage:fail Invalid template id', errCode: 10004 },
        };
      if (tmplIds.length > MAX_TMPL_IDS)
        return {
          status: 200,
          value: { errMsg: 'requestSubscribeMessage:fail Templates count out of max bounds', errCode: 20003 },
        };
      const picked = (choices && typeof choices === 'object' ? choices : {}) as Record<string, unknown>;
      const answer: Record<string, string> = { errMsg: 'requestSubscribeMessage:ok' };
      const grants = (ctx.state.grants[openid] ??= {});
      for (const id of tmplIds as string[]) {
        const choice = picked[id] ?? 'accept';
        if (choice !== 'accept' && choice !== 'reject' && choice !== 'ban' && choice !== 'filter')
          return badRequest(`choices.${id} must be accept, reject, ban or filter`);
        answer[id] = choice;
        if (choice === 'accept') grants[id] = (grants[id] ?? 0) + 1;
      }
      ctx.save();
      return { status: 200, value: answer };
    }),
    {
      method: 'GET',
      path: /^\/_subscribe\/([^/]+)\/?$/,
      handle: (_req, res, match) =>
        sendJson(res, 200, { grants: ctx.state.grants[decodeURIComponent(match[1] ?? '')] ?? {} }),
    },
  ];
}
