// The whole API: each function's contract table. The functions are built from these tables, the
// mini-program's services call through them, and docs/API.md is generated from them.
import { answer, define } from './contract';
import { docId, input, noInput } from './common';
import { adminDistributorApi } from './admin-distributors';
import { adminMoneyApi, SettleReport } from './admin-money';
import { adminStatsApi } from './admin-stats';
import { joinApi } from './join';
import { orderApi } from './order';
import { shareApi } from './share';
import { walletApi } from './wallet';

export const adminApi = { ...adminDistributorApi, ...adminMoneyApi, ...adminStatsApi };

export const pingApi = {
  ping: define({
    input: noInput(),
    answer: answer<{ openid: string; now: Date }>(),
    access: 'user',
    summary:
      'Proves the path from a page through the cloud to a function and back: who you are, and the time.',
    errors: [],
    example: {},
  }),
};

export const settleApi = {
  settlement: define({
    input: input({ outTradeNo: docId() }),
    answer: answer<{ outcome: 'completed' | 'ignored' }>(),
    access: 'platform',
    summary:
      "WeChat's settlement push (消息推送 trade_manage_order_settlement routed to this function; the push's merchant_trade_no is the order): the buyer confirmed receipt in WeChat, so the order completes here too once WeChat's state agrees (getOrder). The push runs as the buyer, so any caller is heard, and none is believed.",
    errors: [],
    example: { outTradeNo: 'O3f9a1c2b7d8e4f5a6b7c8d9e' },
  }),
  run: define({
    input: noInput(),
    answer: answer<SettleReport>(),
    access: 'platform',
    summary:
      "The timer's job (every 10 minutes; a timer event means `run`): closes expired unpaid orders, completes orders shipped long ago, settles matured commission. Only the platform may run it; merchants use admin `settle`.",
    errors: ['PERMISSION_DENIED'],
    example: {},
  }),
};

/** Every function called with `{ action, ...input }`, by name. */
export const API = {
  join: joinApi,
  share: shareApi,
  order: orderApi,
  wallet: walletApi,
  admin: adminApi,
  settle: settleApi,
  ping: pingApi,
};

export type Api = typeof API;
export type FunctionName = keyof Api;
export type ActionName<F extends FunctionName> = keyof Api[F] & string;
