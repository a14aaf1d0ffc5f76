// Poster: the drawing plan for a canvas of type 2d, and saving to the album with permission handling.
import type { Poster } from '../../../services/api';

export const POSTER_WIDTH = 600;
export const POSTER_HEIGHT = 900;

export type DrawOp =
  | { kind: 'rect'; x: number; y: number; w: number; h: number; color: string }
  | { kind: 'image'; src: string; x: number; y: number; w: number; h: number; round?: boolean }
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
const PRICE = '#e34d59';

/** Cuts `text` to `max` characters with an ellipsis: a canvas does not wrap or clip. */
export function fit(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/**
 * The poster, top to bottom: the shop's band, who invites (avatar and title), the product (picture, name,
 * price) or the shop's invitation, then the mini-program code with the hint and the invite code.
 */
export function posterPlan(poster: Poster, images: PosterImages): DrawOp[] {
  const W = POSTER_WIDTH;
  const ops: DrawOp[] = [
    { kind: 'rect', x: 0, y: 0, w: W, h: POSTER_HEIGHT, color: '#ffffff' },
    { kind: 'rect', x: 0, y: 0, w: W, h: 110, color: BRAND },
    { kind: 'text', text: fit(poster.shopName, 16), x: 40, y: 66, size: 34, color: '#ffffff', bold: true },
  ];
  if (images.avatar)
    ops.push({ kind: 'image', src: images.avatar, x: 40, y: 140, w: 72, h: 72, round: true });
  const textX = images.avatar ? 128 : 40;
  ops.push({
    kind: 'text',
    text: fit(poster.texts.title, 20),
    x: textX,
    y: 172,
    size: 28,
    color: '#222222',
    bold: true,
  });
  ops.push({
    kind: 'text',
    text: fit(poster.texts.subtitle, 24),
    x: textX,
    y: 206,
    size: 22,
    color: '#666666',
  });
  if (poster.product) {
    if (images.product) ops.push({ kind: 'image', src: images.product, x: 40, y: 240, w: 520, h: 390 });
    else ops.push({ kind: 'rect', x: 40, y: 240, w: 520, h: 390, color: '#f3f3f3' });
    ops.push({ kind: 'text', text: fit(poster.product.name, 18), x: 40, y: 680, size: 30, color: '#222222' });
    ops.push({
      kind: 'text',
      text: poster.product.priceText,
      x: 40,
      y: 736,
      size: 40,
      color: PRICE,
      bold: true,
    });
  } else {
    ops.push({ kind: 'rect', x: 40, y: 240, w: 520, h: 390, color: '#f2f3ff' });
    ops.push({
      kind: 'text',
      text: '好物推荐',
      x: W / 2,
      y: 420,
      size: 48,
      color: BRAND,
      align: 'center',
      bold: true,
    });
    ops.push({
      kind: 'text',
      text: '扫码进店 精选好物等你来挑',
      x: W / 2,
      y: 480,
      size: 26,
      color: '#666666',
      align: 'center',
    });
  }
  ops.push({ kind: 'image', src: images.code, x: 400, y: 650, w: 160, h: 160 });
  ops.push({
    kind: 'text',
    text: poster.texts.hint,
    x: 480,
    y: 842,
    size: 20,
    color: '#999999',
    align: 'center',
  });
  ops.push({
    kind: 'text',
    text: `邀请码 ${poster.code.inviteCode}`,
    x: 40,
    y: 800,
    size: 24,
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
  drawImage(image: unknown, x: number, y: number, w: number, h: number): void;
  save(): void;
  restore(): void;
  beginPath(): void;
  arc(x: number, y: number, r: number, start: number, end: number): void;
  clip(): void;
}

export function drawPlan(ctx: Ctx2D, ops: DrawOp[], loaded: Record<string, unknown>): void {
  for (const op of ops) {
    if (op.kind === 'rect') {
      ctx.fillStyle = op.color;
      ctx.fillRect(op.x, op.y, op.w, op.h);
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
      ctx.drawImage(loaded[op.src], op.x, op.y, op.w, op.h);
      ctx.restore();
    } else if (loaded[op.src]) {
      ctx.drawImage(loaded[op.src], op.x, op.y, op.w, op.h);
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
