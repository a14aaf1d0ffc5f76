// The shapes of API.md (/work/shared/API.md) as the pages read them; fields beyond the contract are optional.

export type ErrorCode =
  | 'INVALID_ARGUMENT'
  | 'UNAUTHENTICATED'
  | 'PERMISSION_DENIED'
  | 'NOT_FOUND'
  | 'ALREADY_EXISTS'
  | 'FAILED_PRECONDITION'
  | 'RESOURCE_EXHAUSTED'
  | 'INTERNAL';

export type Envelope<T> =
  | { ok: true; data: T }
  | {
      ok: false;
      error: { code: ErrorCode; message: string; requestId?: string; fields?: Record<string, string> };
    };

export interface Page<T> {
  items: T[];
  next: string | null;
}

export type DistributorStatus = 'none' | 'pending' | 'active' | 'frozen';

export interface Rates {
  /** Basis points, 1000 = 10%. */
  level1: number;
  level2: number;
}

export interface User {
  _id: string;
  nickname: string;
  avatarUrl: string;
  inviterId?: string | null;
  boundAt?: string | null;
  bindSource?: string | null;
  distributor: {
    status: DistributorStatus;
    code?: string;
    grade?: string | number | null;
    joinedAt?: string | null;
    /** Why the last application was refused (join.me sends it as distributor.rejectReason). */
    rejectReason?: string | null;
    rejectedReason?: string | null;
  };
}

export interface Inviter {
  _id?: string;
  nickname: string;
  avatarUrl?: string;
}

export interface EnterResult {
  user: User;
  isNew: boolean;
  bound: boolean;
  inviter?: Inviter | null;
  /** Why a scan did not bind (policy), when the function says so. */
  reason?: string;
}

export interface Account {
  pending: number;
  available: number;
  withdrawing: number;
  withdrawn: number;
  debt: number;
}

export interface MeResult {
  user: User;
  distributor?: (User['distributor'] & { rates?: Rates }) | null;
  account?: Account | null;
  inviter?: Inviter | null;
  /** Public parts of settings when the function shares them (rates, afterSaleDays, withdrawal). */
  settings?: Partial<PublicSettings> | null;
  rates?: Rates | null;
  /** The caller is one of the merchant's admins: the merchant pages are offered (each action checks again). */
  isAdmin?: boolean;
}

export interface PublicSettings {
  levels: 1 | 2;
  rates: Rates;
  joinMode: 'everyone' | 'apply' | 'threshold';
  joinThreshold: number;
  afterSaleDays: number;
  withdrawal: { minAmount: number; feeBp: number };
}

export interface ProductCommission {
  mode: 'rate' | 'fixed' | 'none';
  level1: number;
  level2: number;
}

export interface Product {
  _id: string;
  name: string;
  price: number;
  stock: number;
  category: string;
  images: string[];
  status: 'on' | 'off';
  description?: string;
  commission?: ProductCommission | null;
}

export type OrderStatus =
  'created' | 'paid' | 'shipped' | 'completed' | 'cancelled' | 'closed' | 'refunding' | 'refunded';

export interface Address {
  userName: string;
  telNumber: string;
  provinceName: string;
  cityName: string;
  countyName: string;
  detailInfo: string;
  postalCode?: string;
}

export interface OrderItem {
  productId: string;
  name: string;
  price: number;
  quantity: number;
  image?: string;
}

export interface Order {
  _id: string;
  buyerId: string;
  status: OrderStatus;
  items: OrderItem[];
  goodsAmount: number;
  shipping: number | { carrier?: string; trackingNo?: string; fee?: number } | null;
  amount: number;
  referrer?: { level1?: { userId: string; rate: number }; level2?: { userId: string; rate: number } };
  outTradeNo?: string;
  refundedAmount: number;
  address?: Address;
  remark?: string;
  carrier?: string;
  trackingNo?: string;
  createdAt?: string;
  paidAt?: string;
  shippedAt?: string;
}

export interface Payment {
  timeStamp: string;
  nonceStr: string;
  package: string;
  signType: string;
  paySign: string;
  [key: string]: unknown;
}

export interface CommissionEntry {
  _id: string;
  orderId: string;
  level: 1 | 2;
  beneficiaryId: string;
  base: number;
  rate: number;
  amount: number;
  reversedAmount: number;
  status: 'pending' | 'settled' | 'reversed';
  createdAt?: string;
  /** When the after-sale window closes and a pending entry settles, if the function says. */
  settleAt?: string;
  buyerNickname?: string;
}

export type WithdrawalStatus = 'requested' | 'approved' | 'paid' | 'rejected' | 'failed';

export interface Withdrawal {
  _id: string;
  userId: string;
  amount: number;
  fee: number;
  status: WithdrawalStatus;
  createdAt?: string;
  reason?: string;
  /** Set when the withdrawal is paid by 商家转账; WAIT_USER_CONFIRM waits for the distributor. */
  transfer?: { state: string };
}

export interface TeamMember {
  _id: string;
  nickname: string;
  avatarUrl?: string;
  boundAt?: string;
  distributor?: { status: DistributorStatus };
  orders?: number;
  sales?: number;
}

export interface ShareCode {
  inviteCode: string;
  scene: string;
  page: string;
  fileID: string;
  tempFileURL?: string;
}

export interface Poster {
  fileID: string;
  tempFileURL?: string;
  inviteCode?: string;
  title?: string;
  subtitle?: string;
  nickname?: string;
  avatarUrl?: string;
  texts?: string[] | Record<string, string>;
  product?: Pick<Product, '_id' | 'name' | 'price' | 'images'> | null;
}

export interface TeamStats {
  level1?: number;
  level2?: number;
  orders?: number;
  commission?: number;
  [key: string]: unknown;
}
