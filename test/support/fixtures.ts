// Documents tests seed directly into the local cloud's engine: a user in the shape core/data/users.ts
// writes, a product on sale, and a delivery address.

export type DistributorStatus = 'none' | 'active' | 'frozen';

/** A user bound to `inviterId` (if any); an active or frozen one has invite code `C<id>`. */
export function userDoc(id: string, inviterId: string | null, status: DistributorStatus, now: Date) {
  return {
    _id: id,
    nickname: id,
    avatarUrl: '',
    ...(inviterId ? { inviterId, boundAt: now, bindSource: 'poster' } : {}),
    createdAt: now,
    firstSeenAt: now,
    updatedAt: now,
    paidSpendFen: 0,
    inviteeCount: 0,
    distributor: status === 'none' ? { status } : { status, code: `C${id}`, joinedAt: now },
  };
}

export function productDoc(id: string, price: number, extra: Record<string, unknown> = {}) {
  return {
    _id: id,
    name: `商品${id}`,
    price,
    stock: 1000,
    category: '测试',
    images: [],
    status: 'on',
    sort: 0,
    ...extra,
  };
}

export const ADDRESS = {
  userName: '张三',
  telNumber: '13800000000',
  provinceName: '广东省',
  cityName: '广州市',
  countyName: '天河区',
  detailInfo: '体育西路 1 号',
};
