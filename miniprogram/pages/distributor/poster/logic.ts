// Poster: the drawing plan for a canvas of type 2d, and saving to the album with permission handling.
import type { Poster } from '../../../services/api';

export const POSTER_WIDTH = 600;
export const POSTER_HEIGHT = 980;

export type DrawOp =
  | { kind: 'rect'; x: number; y: number; w: number; h: number; color: string }
  | { kind: 'circle'; x: number; y: number; r: number; color: string }
  | {
      kind: 'image';
      src: string;
      x: number;
      y: number;
      w: number;
      h: number;
      round?: boolean;
      /** Fill the box and crop the overflow, as mode="aspectFill" does (when the picture's size is known). */
      cover?: boolean;
    }
  | {
      kind: 'text';
      text: string;
      x: number;
      y: number;
      size: number;
      color: string;
      align?: 'left' | 'center';
      bold?: boolean;
    };

/** URLs a canvas can load: the code image, the product's picture, the distributor's avatar. */
export interface PosterImages {
  code: string;
  product?: string;
  avatar?: string;
}

const BRAND = '#0052d9';
const BRAND_TINT = '#d9e1ff';
const PRICE = '#e34d59';

/** Cuts `text` to `max` characters with an ellipsis: a canvas does not wrap or clip. */
export function fit(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/**
 * The poster, top to bottom: the shop's band (name and slogan); who invites (their avatar, or the initial of
 * their nickname, and the invitation); a square picture of the product (cropped, never stretched) or the shop's
 * invitation; then the product's name and price (or 「长按识别小程序码」) beside the mini-program code, and the
 * invite code.
 */
export function posterPlan(poster: Poster, images: PosterImages): DrawOp[] {
  const W = POSTER_WIDTH;
  const ops: DrawOp[] = [
    { kind: 'rect', x: 0, y: 0, w: W, h: POSTER_HEIGHT, color: '#ffffff' },
    { kind: 'rect', x: 0, y: 0, w: W, h: 120, color: BRAND },
    { kind: 'text', text: fit(poster.shopName, 14), x: 40, y: 68, size: 36, color: '#ffffff', bold: true },
    { kind: 'text', text: '精选好物 · 分享有礼', x: 40, y: 102, size: 20, color: BRAND_TINT },
  ];
  if (images.avatar) {
    ops.push({ kind: 'image', src: images.avatar, x: 40, y: 148, w: 72, h: 72, round: true, cover: true });
  } else {
    const initial = Array.from(poster.distributor.nickname.trim())[0] ?? '';
    ops.push({ kind: 'circle', x: 76, y: 184, r: 36, color: BRAND_TINT });
    if (initial)
      ops.push({
        kind: 'text',
        text: initial,
        x: 76,
        y: 196,
        size: 32,
        color: BRAND,
        align: 'center',
        bold: true,
      });
  }
  ops.push({
    kind: 'text',
    text: fit(poster.texts.title, 17),
    x: 128,
    y: 178,
    size: 28,
    color: '#222222',
    bold: true,
  });
  ops.push({
    kind: 'text',
    text: fit(poster.texts.subtitle, 21),
    x: 128,
    y: 212,
    size: 22,
    color: '#666666',
  });
  const box = { x: 40, y: 248, w: 520, h: 520 };
  if (poster.product) {
    if (images.product) ops.push({ kind: 'image', src: images.product, ...box, cover: true });
    else ops.push({ kind: 'rect', ...box, color: '#f3f3f3' });
    ops.push({ kind: 'text', text: fit(poster.product.name, 12), x: 40, y: 830, size: 30, color: '#222222' });
    ops.push({
      kind: 'text',
      text: poster.product.priceText,
      x: 40,
      y: 890,
      size: 44,
      color: PRICE,
      bold: true,
    });
  } else {
    ops.push({ kind: 'rect', ...box, color: '#f2f3ff' });
    ops.push({
      kind: 'text',
      text: '好物推荐',
      x: W / 2,
      y: 490,
      size: 60,
      color: BRAND,
      align: 'center',
      bold: true,
    });
    ops.push({
      kind: 'text',
      text: '扫码进店 精选好物等你来挑',
      x: W / 2,
      y: 556,
      size: 26,
      color: '#666666',
      align: 'center',
    });
    ops.push({
      kind: 'text',
      text: fit(poster.shopName, 12),
      x: 40,
      y: 836,
      size: 30,
      color: '#222222',
      bold: true,
    });
    ops.push({ kind: 'text', text: '扫码进店逛逛', x: 40, y: 880, size: 24, color: '#666666' });
  }
  ops.push({ kind: 'image', src: images.code, x: 420, y: 792, w: 140, h: 140 });
  ops.push({
    kind: 'text',
    text: poster.texts.hint,
    x: 490,
    y: 960,
    size: 18,
    color: '#999999',
    align: 'center',
  });
  ops.push({
    kind: 'text',
    text: `邀请码 ${poster.code.inviteCode}`,
    x: 40,
    y: 936,
    size: 22,
    color: '#999999',
  });
  return ops;
}

/** The subset of CanvasRenderingContext2D the plan needs (a recording fake in tests). */
export interface Ctx2D {
  fillStyle: string;
  font: string;
  textAlign: string;
  fillRect(x: number, y: number, w: number, h: number): void;
  fillText(text: string, x: number, y: number): void;
  /** (image, x, y, w, h), or with a source rectangle first: (image, sx, sy, sw, sh, x, y, w, h). */
  drawImage(image: unknown, ...box: number[]): void;
  save(): void;
  restore(): void;
  beginPath(): void;
  arc(x: number, y: number, r: number, start: number, end: number): void;
  clip(): void;
  fill?(): void;
}

/** The part of a `width`×`height` picture that covers a w×h box (centred), as aspectFill crops it. */
export function coverCrop(
  width: number,
  height: number,
  w: number,
  h: number,
): [number, number, number, number] {
  const scale = Math.max(w / width, h / height);
  const sw = w / scale;
  const sh = h / scale;
  return [(width - sw) / 2, (height - sh) / 2, sw, sh];
}

function drawPicture(ctx: Ctx2D, image: unknown, op: Extract<DrawOp, { kind: 'image' }>): void {
  const { width, height } = (image ?? {}) as { width?: number; height?: number };
  if (op.cover && width && height && width / height !== op.w / op.h) {
    ctx.drawImage(image, ...coverCrop(width, height, op.w, op.h), op.x, op.y, op.w, op.h);
  } else {
    ctx.drawImage(image, op.x, op.y, op.w, op.h);
  }
}

export function drawPlan(ctx: Ctx2D, ops: DrawOp[], loaded: Record<string, unknown>): void {
  for (const op of ops) {
    if (op.kind === 'rect') {
      ctx.fillStyle = op.color;
      ctx.fillRect(op.x, op.y, op.w, op.h);
    } else if (op.kind === 'circle') {
      ctx.fillStyle = op.color;
      ctx.beginPath();
      ctx.arc(op.x, op.y, op.r, 0, 2 * Math.PI);
      ctx.fill?.();
    } else if (op.kind === 'text') {
      ctx.fillStyle = op.color;
      ctx.font = `${op.bold ? 'bold ' : ''}${op.size}px sans-serif`;
      ctx.textAlign = op.align ?? 'left';
      ctx.fillText(op.text, op.x, op.y);
    } else if (loaded[op.src] && op.round) {
      ctx.save();
      ctx.beginPath();
      ctx.arc(op.x + op.w / 2, op.y + op.h / 2, Math.min(op.w, op.h) / 2, 0, 2 * Math.PI);
      ctx.clip();
      drawPicture(ctx, loaded[op.src], op);
      ctx.restore();
    } else if (loaded[op.src]) {
      drawPicture(ctx, loaded[op.src], op);
    }
  }
}

/** The album permission APIs, promise-shaped (wx's in the page, fakes in tests). */
export interface AlbumApi {
  getSetting(): Promise<{ authSetting: Record<string, boolean | undefined> }>;
  authorize(scope: string): Promise<void>;
  openSetting(): Promise<{ authSetting: Record<string, boolean | undefined> }>;
  confirm(title: string, content: string): Promise<boolean>;
}

const ALBUM = 'scope.writePhotosAlbum';

/**
 * Never asked: ask (WeChat shows its dialog). Asked and refused: WeChat will not ask again, so explain and
 * offer the settings page. Returns whether saving may go ahead.
 */
export async function ensureAlbumPermission(api: AlbumApi): Promise<boolean> {
  const { authSetting } = await api.getSetting();
  if (authSetting[ALBUM] === true) return true;
  if (authSetting[ALBUM] === undefined) {
    try {
      await api.authorize(ALBUM);
      return true;
    } catch {
      return false;
    }
  }
  const go = await api.confirm('需要相册权限', '保存海报需要允许「保存到相册」，去设置中打开？');
  if (!go) return false;
  const after = await api.openSetting();
  return after.authSetting[ALBUM] === true;
}
