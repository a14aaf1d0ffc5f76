// settle: the timer job (every 10 minutes) that closes expired orders, completes shipped ones and settles commission.
import { settleApi } from '../../../core/contracts';
import { denied } from '../../../core/errors';
import { defineFunction } from '../../../core/handler';
import { runSettle } from '../../../core/usecases/settle/settle';

const table = defineFunction(settleApi, {
  run: async (_input, ctx) => {
    // Only the platform's timer (no OPENID) runs this; merchants use admin's `settle` action.
    if (ctx.openid) throw denied('结算任务只能由定时触发器运行');
    return runSettle(ctx.now);
  },
});

/** A timer trigger's event has no `action`; it means `run`. */
export async function main(event: Record<string, unknown> = {}, context?: Record<string, unknown>) {
  const fromTimer = event.Type === 'Timer';
  return table(fromTimer ? { action: 'run' } : event, context);
}
