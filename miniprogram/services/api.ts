// The API's types as pages see them, derived from the one contract in core/contracts (type-only imports:
// erased when compiled, so the mini-program's bundle holds none of core/). Nothing here is written by
// hand: an answer renamed in a use case is a type error in the page that reads it.
import type { ActionName, Api, FunctionName } from '../../core/contracts';
import type { AdminUser as AdminUserDoc } from '../../core/contracts/admin-distributors';
import type { AdminProduct as AdminProductDoc } from '../../core/contracts/admin-money';
import type { AnswerOf, InputOf, Page as PageOf, Wire } from '../../core/contracts/contract';
import type { EnterAnswer, MeAnswer, PublicUser } from '../../core/contracts/join';
import type {
  AdminOrder as AdminOrderDoc,
  BuyerOrder,
  CenterCoupon as CenterCouponDoc,
  MyCoupon as MyCouponDoc,
  PaymentParams,
  Quote as QuoteDoc,
  RefundView,
  ShopProduct,
  ShopSku,
  TrackingRoute,
} from '../../core/contracts/order';
import type {
  InviteCodeImage,
  PosterAnswer,
  ShareStats,
  TeamMember as TeamMemberDoc,
} from '../../core/contracts/share';
import type { WalletEntry as WalletEntryDoc, WithdrawalView } from '../../core/contracts/wallet';
import type { Balances } from '../../core/domain/account';
import type { ProductCommission } from '../../core/domain/commission';
import type { DistributorStatus } from '../../core/domain/distributor';
import type { WithdrawalStatus } from '../../core/domain/ledger';
import type { Address, OrderStatus } from '../../core/domain/order';
import type { Settings as SettingsDoc, LevelRates, NoticeEvent } from '../../core/domain/settings';

export type { ErrorCode, Envelope } from '../../core/errors';
export type { FunctionName, ActionName };

/** What `action` of `fn` takes, as the caller writes it. */
export type InputFor<F extends FunctionName, A extends ActionName<F>> = InputOf<Api[F][A]>;
/** What `action` of `fn` answers, as it arrives (dates as ISO strings). */
export type AnswerFor<F extends FunctionName, A extends ActionName<F>> = Wire<AnswerOf<Api[F][A]>>;

export type Page<T> = PageOf<T>;
export type { Address, OrderStatus, DistributorStatus, WithdrawalStatus, ProductCommission };
/** A partial settings object as settings.update and settings.preview take it. */
export type SettingsPatch = InputFor<'admin', 'settings.update'>['settings'];
export type Rates = LevelRates;
export type Payment = PaymentParams;

export type User = Wire<PublicUser>;
export type EnterResult = Wire<EnterAnswer>;
export type MeResult = Wire<MeAnswer>;
export type Account = Balances;

export type Product = Wire<ShopProduct>;
export type Sku = Wire<ShopSku>;
export type Order = Wire<BuyerOrder>;
export type OrderLine = Order['items'][number];
export type OrderRefund = Wire<RefundView>;
export type Quote = Wire<QuoteDoc>;
export type QuoteCoupon = Quote['coupons'][number];
export type ParcelRoute = Wire<TrackingRoute>;
export type CenterCoupon = Wire<CenterCouponDoc>;
export type MyCoupon = Wire<MyCouponDoc>;
export type CouponState = MyCoupon['state'];

/** The 订阅消息 events and, from join.me, the merchant's template id of each one set. */
export type { NoticeEvent };
export type SubscribeTemplates = MeResult['subscribe'];

export type ShareCode = Wire<InviteCodeImage>;
export type Poster = Wire<PosterAnswer>;
export type TeamMember = Wire<TeamMemberDoc>;
export type TeamStats = Wire<ShareStats>;

export type WalletEntry = Wire<WalletEntryDoc>;
export type Withdrawal = Wire<WithdrawalView>;

export type Settings = Wire<SettingsDoc>;
export type Grade = Settings['grades'][number];
export type AdminUser = Wire<AdminUserDoc>;
export type AdminProduct = Wire<AdminProductDoc>;
export type AdminOrder = Wire<AdminOrderDoc>;
export type AdminRefund = AnswerFor<'admin', 'refunds.list'>['items'][number];
export type AdminWithdrawal = AnswerFor<'admin', 'withdrawals.list'>['items'][number];
export type SettingsPreview = AnswerFor<'admin', 'settings.preview'>;
export type Todo = AnswerFor<'admin', 'stats.todo'>;
export type Overview = AnswerFor<'admin', 'stats.overview'>;
export type DailyRow = AnswerFor<'admin', 'stats.daily'>['items'][number];
export type CommissionByLevel = AnswerFor<'admin', 'stats.commissionByLevel'>;
export type CommissionCell = CommissionByLevel['total'];
export type TopRow = AnswerFor<'admin', 'stats.topDistributors'>['items'][number];
export type TopBy = AnswerFor<'admin', 'stats.topDistributors'>['by'];
export type Funnel = AnswerFor<'admin', 'stats.funnel'>;
export type DistributorPerformance = AnswerFor<'admin', 'stats.distributor'>;
export type ExportKind = AnswerFor<'admin', 'export'>['kind'];
