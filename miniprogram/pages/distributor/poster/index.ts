// Poster: share.poster's material drawn on a type="2d" canvas, saved to the album with permission handling.
import { getConfig } from '../../../services/client';
import { messageOf } from '../../../services/errors';
import * as share from '../../../services/share';
import type { Poster } from '../../../services/api';
import { isPrivacyRefusal, privacyRefusedText } from '../../../utils/privacy';
import { productSharePath } from '../../shop/product/logic';
import {
  AlbumApi,
  Ctx2D,
  drawPlan,
  ensureAlbumPermission,
  POSTER_HEIGHT,
  POSTER_WIDTH,
  posterPlan,
} from './logic';

const albumApi: AlbumApi = {
  getSetting: () => wx.getSetting().then((res) => ({ authSetting: { ...res.authSetting } })),
  authorize: (scope) => wx.authorize({ scope: scope as 'scope.writePhotosAlbum' }).then(() => undefined),
  openSetting: () => wx.openSetting().then((res) => ({ authSetting: { ...res.authSetting } })),
  confirm: (title, content) =>
    wx.showModal({ title, content, confirmText: '去设置' }).then((res) => res.confirm),
};

/**
 * wx.requirePrivacyAuthorize: asks for the privacy guide now (this page's popup shows when it is still needed),
 * before the album's permission and the save. True once agreed, false when refused; true on a WeChat too old to
 * know the privacy guide (its APIs then need no agreement).
 */
function requirePrivacy(): Promise<boolean> {
  const ask = (wx as unknown as { requirePrivacyAuthorize?: (o: { success(): void; fail(): void }) => void })
    .requirePrivacyAuthorize;
  if (!ask) return Promise.resolve(true);
  return new Promise((resolve) => ask({ success: () => resolve(true), fail: () => resolve(false) }));
}

/** A picture a canvas can load: an http(s) URL as it is, a cloud fileID through the cloud's temp URL. */
async function urlOf(source: string | null | undefined): Promise<string | undefined> {
  if (!source) return undefined;
  if (!source.startsWith('cloud://')) return source;
  if (getConfig().mode !== 'cloud') return undefined;
  const { fileList } = await wx.cloud.getTempFileURL({ fileList: [source] });
  return fileList[0]?.tempFileURL || undefined;
}

Component({
  data: {
    status: 'loading' as 'loading' | 'ready' | 'error',
    error: '',
    productId: '',
    poster: null as Poster | null,
    imagePath: '',
    saving: false,
    width: POSTER_WIDTH,
    height: POSTER_HEIGHT,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ productId: query.productId ?? '' });
      if (query.productId) wx.setNavigationBarTitle({ title: '商品海报' });
      this.load();
    },
    async load() {
      this.setData({ status: 'loading', error: '' });
      try {
        const poster = await share.poster(this.data.productId || undefined);
        this.setData({ poster });
        await this.draw(poster);
        this.setData({ status: 'ready' });
      } catch (error) {
        this.setData({ status: 'error', error: messageOf(error) });
      }
    },
    draw(poster: Poster): Promise<void> {
      return new Promise((resolve, reject) => {
        this.createSelectorQuery()
          .select('#poster')
          .fields({ node: true, size: true })
          .exec(async (res: { node?: WechatMiniprogram.Canvas }[]) => {
            try {
              const canvas = res[0]?.node;
              if (!canvas) throw new Error('canvas not ready');
              const dpr = wx.getWindowInfo().pixelRatio;
              canvas.width = POSTER_WIDTH * dpr;
              canvas.height = POSTER_HEIGHT * dpr;
              const ctx = canvas.getContext('2d') as Ctx2D & { scale(x: number, y: number): void };
              ctx.scale(dpr, dpr);
              const [product, avatar] = await Promise.all([
                urlOf(poster.product?.imageURL),
                urlOf(poster.distributor.avatarUrl),
              ]);
              const code = poster.code.tempFileURL;
              const ops = posterPlan(poster, { code, product, avatar });
              const loaded: Record<string, unknown> = {};
              await Promise.all(
                [code, product, avatar]
                  .filter((src): src is string => !!src)
                  .map(
                    (src) =>
                      new Promise<void>((done) => {
                        const image = canvas.createImage();
                        // A missing picture leaves a gap on the poster rather than no poster at all.
                        image.onload = () => ((loaded[src] = image), done());
                        image.onerror = () => done();
                        image.src = src;
                      }),
                  ),
              );
              drawPlan(ctx, ops, loaded);
              const { tempFilePath } = await wx.canvasToTempFilePath({
                canvas,
              } as WechatMiniprogram.CanvasToTempFilePathOption);
              this.setData({ imagePath: tempFilePath });
              resolve();
            } catch (error) {
              reject(error);
            }
          });
      });
    },
    async onSave() {
      if (this.data.saving || !this.data.imagePath) return;
      this.setData({ saving: true });
      try {
        // The privacy guide first (this page's popup asks when needed), then the album permission.
        if (!(await requirePrivacy())) {
          wx.showToast({ title: privacyRefusedText('保存海报，可长按图片保存'), icon: 'none' });
          return;
        }
        if (!(await ensureAlbumPermission(albumApi))) {
          wx.showToast({ title: '未获得相册权限，可长按图片保存', icon: 'none' });
          return;
        }
        await wx.saveImageToPhotosAlbum({ filePath: this.data.imagePath });
        wx.showToast({ title: '已保存到相册', icon: 'success' });
      } catch (error) {
        const message = String((error as { errMsg?: string }).errMsg ?? '');
        if (isPrivacyRefusal(error))
          wx.showToast({ title: privacyRefusedText('保存海报，可长按图片保存'), icon: 'none' });
        else if (!/cancel/.test(message)) wx.showToast({ title: '保存失败，请重试', icon: 'none' });
      } finally {
        this.setData({ saving: false });
      }
    },
    onPreview() {
      if (this.data.imagePath) wx.previewImage({ urls: [this.data.imagePath] });
    },
    onShareAppMessage() {
      const poster = this.data.poster;
      const code = poster?.code.inviteCode;
      return {
        title: poster?.product
          ? `${poster.product.name} ${poster.product.priceText}`
          : poster?.texts.title || '推荐你一家好店',
        path: poster?.product
          ? productSharePath(poster.product.productId, code)
          : code
            ? `/pages/shop/home/index?inviteCode=${encodeURIComponent(code)}`
            : '/pages/shop/home/index',
      };
    },
  },
});
