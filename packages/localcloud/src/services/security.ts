// security.msgSecCheck as the platform answers it. Version 2 (version: 2, scene, openid) always answers
// errcode 0 with a verdict in result.suggest (risky | pass | review) and result.label; the old version 1
// answered risky text with errcode 87014. Risky here means: contains one of the configured words
// (LOCALCLOUD_RISKY_WORDS, or PUT /_openapi/settings { riskyWords }).
import { randomBytes } from 'node:crypto';
import type { OpenApiHandler } from './openapi';
import { ok, PlatformContext, wxAnswer } from './platform-context';

/** Risky words when LOCALCLOUD_RISKY_WORDS is unset, so msgSecCheck can be tried by hand. */
export const DEFAULT_RISKY_WORDS = ['违禁词'];

/** Label 100 is 正常; the others (10001 广告, 20001 时政, 20006 违法犯罪 …) name what was found. */
export const LABEL_NORMAL = 100;
const SCENES = new Set([1, 2, 3, 4]);

/** LOCALCLOUD_RISKY_WORDS: words separated by commas or new lines. */
export function riskyWordsFromEnv(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return value
    .split(/[,\n]/)
    .map((word) => word.trim())
    .filter(Boolean);
}

/** The first configured word the texts contain (case-insensitive), if any. */
export function findRiskyWord(words: string[], texts: string[]): string | undefined {
  const haystack = texts.join('\n').toLowerCase();
  return words.find((word) => haystack.includes(word.toLowerCase()));
}

export function msgSecCheckApis(ctx: PlatformContext): Record<string, OpenApiHandler> {
  return {
    'security.msgSecCheck': ({ params }) => {
      const content = params.content;
      if (typeof content !== 'string' || !content) return wxAnswer(47001, 'data format error');
      const texts = [content];
      for (const field of ['title', 'nickname'] as const) {
        if (typeof params[field] === 'string') texts.push(params[field] as string);
      }
      if (params.scene === 1 && typeof params.signature === 'string') texts.push(params.signature);
      const keyword = findRiskyWord(ctx.settings.riskyWords, texts);
      if (params.version !== 2) {
        // Version 1: a verdict only through the error code.
        return keyword ? wxAnswer(87014, 'risky content') : ok();
      }
      if (typeof params.openid !== 'string' || !params.openid) return wxAnswer(40003, 'invalid openid');
      if (typeof params.scene !== 'number' || !SCENES.has(params.scene))
        return wxAnswer(40097, 'invalid args');
      const verdict = keyword
        ? { suggest: 'risky', label: ctx.settings.riskyLabel }
        : { suggest: 'pass', label: LABEL_NORMAL };
      return ok({
        result: verdict,
        detail: keyword
          ? [{ strategy: 'keyword', errcode: 0, ...verdict, level: 20, keyword, prob: 90 }]
          : [{ strategy: 'content_model', errcode: 0, ...verdict, prob: 90 }],
        trace_id: randomBytes(12).toString('hex'),
      });
    },
  };
}
