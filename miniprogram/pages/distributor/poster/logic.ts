// Poster: the drawing plan for a canvas of type 2d, and saving to the album with permission handling.
import type { Poster } from '../../../services/types';
import { formatFen } from '../../../utils/money';

export const POSTER_WIDTH = 600;
export const POSTER_HEIGHT = 900;

export type DrawOp =
  | { kind: 'rect'; x: number; y: number; w: number; h: number; color: string }
  | { kind: 'image'; src: string; x: number; y: number; w: number; h: number }
  | {
      kind: 'text';
      text: string;
      x: number;
      y: number;
      size: number;
      color: string;
      align?: 'left' | 'center';
    };

export interface PosterImages {
  code: string;
  product?: string;
}

/** The texts of share.poster: named fields, or a texts array/object, whichever the function sends. */
export function posterTexts(poster: Poster): { title: string; subtitle: string } {
  const texts = poster.texts;
  const list = Array.isArray(texts) ? texts : texts ? Object.values(texts) : [];
  return {
    title: poster.title ?? list[0] ?? (poster.nickname ? `${poster.nickname} 向你推荐` : '好友向你推荐'),
    subtitle: poster.subtitle ?? list[1] ?? '长按识别小程序码，进店逛逛',
  };
}

export function posterPlan(poster: Poster, images: PosterImages): DrawOp[] {
  const { title, subtitle } = posterTexts(poster);
  const ops: DrawOp[] = [{ kind: 'rect', x: 0, y: 0, w: POSTER_WIDTH, h: POSTER_HEIGHT, color: '#ffffff' }];
  ops.push({ kind: 'text', text: title, x: 40, y: 70, size: 32, color: '#222222' });
  if (poster.product) {
    if (images.product) ops.push({ kind: 'image', src: images.product, x: 40, y: 100, w: 520, h: 440 });
    ops.push({ kind: 'text', text: poster.product.name, x: 40, y: 590, size: 28, color: '#333333' });
    ops.push({
      kind: 'text',
      text: formatFen(poster.product.price),
      x: 40,
      y: 640,
      size: 34,
      color: '#e34d59',
    });
  }
  ops.push({ kind: 'image', src: images.code, x: 380, y: 660, w: 180, h: 180 });
  ops.push({ kind: 'text', text: subtitle, x: 40, y: 760, size: 24, color: '#666666' });
  if (poster.inviteCode)
    ops.push({
      kind: 'text',
      text: `邀请码 ${poster.inviteCode}`,
      x: 40,
      y: 810,
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
  drawImage(image: unknown, x: number, y: number, w: number, h: number): void;
}

export function drawPlan(ctx: Ctx2D, ops: DrawOp[], loaded: Record<string, unknown>): void {
  for (const op of ops) {
    if (op.kind === 'rect') {
      ctx.fillStyle = op.color;
      ctx.fillRect(op.x, op.y, op.w, op.h);
    } else if (op.kind === 'text') {
      ctx.fillStyle = op.color;
      ctx.font = `${op.size}px sans-serif`;
      ctx.textAlign = op.align ?? 'left';
      ctx.fillText(op.text, op.x, op.y);
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
