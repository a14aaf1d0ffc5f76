// settle: the timer job (every 10 minutes) that closes expired orders, completes shipped ones and settles commission.
import { settleApi } from '../../../core/contracts';
import { denied } from '../../../core/errors';
import { defineFunction } from '../../../core/handler';
import { completeFromWeChat } from '../../../core/usecases/order/lifecycle';
import { runSettle } from '../../../core/usecases/settle/settle';

const table = defineFunction(settleApi, {
  run: async (_input, ctx) => {
    // Only the platform's timer (no OPENID) runs this; merchants use admin's `settle` action.
    if (ctx.openid) throw denied('结算任务只能由定时触发器运行');
    return runSettle(ctx.now);
  },
  // WeChat's push carries the buyer's OPENID (消息推送 runs the function as the user it concerns), so the
  // caller cannot be told apart; nothing is trusted from it: completeFromWeChat asks WeChat (getOrder).
  settlement: async (input, ctx) => ({ outcome: await completeFromWeChat(input.outTradeNo, ctx.now) }),
});

/** A timer trigger's event means `run`; WeChat's settlement push means `settlement` of its order. */
export async function main(event: Record<string, unknown> = {}, context?: Record<string, unknown>) {
  if (event.Type === 'Timer') return table({ action: 'run' }, context);
  if (event.Event === 'trade_manage_order_settlement') {
    const outTradeNo = event.merchant_trade_no ?? event.MerchantTradeNo;
    return table({ action: 'settlement', outTradeNo }, context);
  }
  return table(event, context);
}
