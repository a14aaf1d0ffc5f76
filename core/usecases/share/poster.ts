// share.poster: everything a page needs to draw a poster: the code image, who shares, the texts,
// and optionally one product on sale with its price.
import type { PosterAnswer, PosterInput, PosterProduct } from '../../contracts/share';
import { formatYuan } from '../../domain/money';
import { notFound } from '../../errors';
import { getById } from '../../data/db';
import { loadSettings } from '../../data/settings';
import { tempFileURL } from '../../data/storage';
import type { ActionContext } from '../../handler';
import { inviteCodeImage } from './code';
import { requireDistributor } from './distributor';

interface ProductDoc {
  _id: string;
  name: string;
  price: number;
  images?: string[];
  status: 'on' | 'off';
}

async function posterProduct(productId: string): Promise<PosterProduct> {
  const product = await getById<ProductDoc>('products', productId);
  if (!product || product.status !== 'on') throw notFound('商品不存在或已下架');
  const image = product.images?.[0];
  // A canvas cannot draw a cloud:// fileID; give the page a URL it can download.
  const imageURL = image?.startsWith('cloud://') ? await tempFileURL(image) : image;
  return {
    productId: product._id,
    name: product.name,
    price: product.price,
    priceText: `¥${formatYuan(product.price)}`,
    image: image ?? null,
    imageURL: imageURL ?? null,
  };
}

export async function poster(input: PosterInput, ctx: ActionContext): Promise<PosterAnswer> {
  const user = await requireDistributor(ctx.openid, 'share');
  // The product is checked first, so a poster for a product off sale refuses before making any image.
  const product = input.productId ? await posterProduct(input.productId) : undefined;
  const [code, settings] = await Promise.all([inviteCodeImage(user), loadSettings()]);
  return {
    code,
    shopName: settings.shopName,
    distributor: { nickname: user.nickname, avatarUrl: user.avatarUrl },
    texts: {
      title: `${user.nickname} 邀请你逛 ${settings.shopName}`,
      subtitle: product ? `${product.name} 仅需 ${product.priceText}` : '精选好物，等你来挑',
      hint: '长按识别小程序码',
    },
    ...(product ? { product } : {}),
  };
}
