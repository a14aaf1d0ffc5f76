// wallet: a distributor's balances, ledger and withdrawals, and the merchant's payout steps.
import { Account, Balances, InsufficientFunds, movements, withdrawalFee } from '../../domain/account';
import { AppError, denied, notFound, precondition } from '../../errors';
import { ActionContext } from '../../handler';
import { command, find, inTransaction, txGet, txSet, txUpdate } from '../../data/db';
import { itemsSummary, Order } from '../../domain/order';
import { audit } from '../../data/events';
import type { Page } from '../../contracts/contract';
import type { WalletEntry, WithdrawalView } from '../../contracts/wallet';
import { readPage } from '../../data/paging';
import { nicknamesOf } from '../../data/users';
import { maskNickname } from '../../domain/privacy';
import { loadSettings } from '../../data/settings';
import { transferInFlight } from '../../domain/transfer';
import type { CommissionEntry, Withdrawal, WithdrawalStatus } from '../../domain/ledger';
import { withdrawalMachine } from '../../domain/ledger';
import { notify } from '../../data/notices';
import { balancesOf, post, txGetAccount } from '../ledger';
import { withdrawalIdFor } from '../order/ids';

export async function summary(ctx: ActionContext): Promise<Balances & { settleRule: string }> {
  const [balances, settings] = await Promise.all([balancesOf(ctx.openid), loadSettings()]);
  return {
    ...balances,
    settleRule: `订单确认收货 ${settings.afterSaleDays} 天后（售后期结束）佣金从“待结算”转为“可提现”；期间退款会按比例扣回佣金。`,
  };
}

export async function ledger(
  input: { cursor?: string | null },
  ctx: ActionContext,
): Promise<Page<WalletEntry>> {
  const page = await readPage<CommissionEntry>(
    'commissions',
    { beneficiaryId: ctx.openid },
    [['createdAt', 'desc']],
    input.cursor,
  );
  const [names, orders] = await Promise.all([
    nicknamesOf([...new Set(page.items.map((entry) => entry.buyerId))]),
    ordersOf([...new Set(page.items.map((entry) => entry.orderId))]),
  ]);
  return {
    items: page.items.map((entry) => ({
      _id: entry._id,
      orderId: entry.orderId,
      level: entry.level,
      base: entry.base,
      rate: entry.rate,
      amount: entry.amount,
      reversedAmount: entry.reversedAmount,
      status: entry.status,
      maturesAt: entry.maturesAt,
      onHold: entry.onHold,
      createdAt: entry.createdAt,
      settledAt: entry.settledAt,
      buyerNickname: maskNickname(names.get(entry.buyerId) ?? ''),
      basis: entry.basis ?? 'rate',
      orderStatus: orders.get(entry.orderId)?.status ?? 'paid',
      orderNo: orders.get(entry.orderId)?.orderNo ?? entry.orderId,
      summary: itemsSummary(orders.get(entry.orderId)?.items ?? []),
    })),
    next: page.next,
  };
}

/** A withdrawal as its distributor sees it (the bill's package and the merchant's reviewer stay behind). */
function withdrawalView(withdrawal: Withdrawal): WithdrawalView {
  return {
    _id: withdrawal._id,
    amount: withdrawal.amount,
    fee: withdrawal.fee,
    payout: withdrawal.payout,
    status: withdrawal.status,
    reference: withdrawal.reference,
    reason: withdrawal.reason,
    transfer: withdrawal.transfer && {
      state: withdrawal.transfer.state,
      failReason: withdrawal.transfer.failReason,
    },
    createdAt: withdrawal.createdAt,
    updatedAt: withdrawal.updatedAt,
  };
}

async function ordersOf(ids: string[]): Promise<Map<string, Pick<Order, 'status' | 'items' | 'orderNo'>>> {
  if (ids.length === 0) return new Map();
  const _ = command();
  const found = await find<Order>('orders', { _id: _.in(ids) }, { limit: ids.length });
  return new Map(found.map((order) => [order._id, order]));
}

export async function withdrawals(
  input: { cursor?: string | null },
  ctx: ActionContext,
): Promise<Page<WithdrawalView>> {
  const page = await readPage<Withdrawal>(
    'withdrawals',
    { userId: ctx.openid },
    [['createdAt', 'desc']],
    input.cursor,
  );
  return { items: page.items.map(withdrawalView), next: page.next };
}

interface UserState {
  distributor?: { status?: string };
}

export async function withdraw(input: { amount: number; clientRequestId?: string }, ctx: ActionContext) {
  const settings = await loadSettings();
  const { minAmount, feeBp } = settings.withdrawal;
  if (input.amount < minAmount) throw new AppError('INVALID_ARGUMENT', `单次提现至少 ${minAmount} 分`);
  const id = withdrawalIdFor(ctx.openid, input.clientRequestId);
  try {
    return await inTransaction(async (tx) => {
      const existing = await txGet<Withdrawal>(tx, 'withdrawals', id);
      if (existing) return { withdrawal: withdrawalView({ ...existing, _id: id }) };
      const user = await txGet<UserState>(tx, 'users', ctx.openid);
      if (user?.distributor?.status === 'frozen') throw denied('分销资格已冻结，暂不能提现');
      const account = await txGetAccount(tx, ctx.openid);
      const moved = movements.requestWithdrawal(account, input.amount);
      const fee = withdrawalFee(input.amount, feeBp);
      const withdrawal: Withdrawal = {
        _id: id,
        userId: ctx.openid,
        amount: input.amount,
        fee,
        payout: input.amount - fee,
        status: 'requested',
        ...(input.clientRequestId ? { clientRequestId: input.clientRequestId } : {}),
        createdAt: ctx.now,
        updatedAt: ctx.now,
      };
      await post(tx, account, id, moved, { userId: ctx.openid, at: ctx.now, withdrawalId: id });
      const { _id, ...data } = withdrawal;
      await txSet(tx, 'withdrawals', _id, data);
      return { withdrawal: withdrawalView(withdrawal) };
    });
  } catch (error) {
    if (error instanceof InsufficientFunds)
      throw precondition(`可提现余额不足（可提现 ${error.available} 分）`);
    throw error;
  }
}

type Step = 'approve' | 'reject' | 'paid' | 'failed';

/** The status each step leads to (the withdrawal machine says from where), and the money it moves. */
const STEPS: Record<Step, { to: WithdrawalStatus; money?: 'pay' | 'return' }> = {
  approve: { to: 'approved' },
  reject: { to: 'rejected', money: 'return' },
  paid: { to: 'paid', money: 'pay' },
  failed: { to: 'failed', money: 'return' },
};

/**
 * One step on a withdrawal; money moves with the status in one transaction. `transferResult`: the step is
 * the platform's final answer on the withdrawal's 商家转账 bill, the only step allowed while that bill may
 * still be paid (a merchant who paid or returned the money then would pay it twice).
 */
export async function moveWithdrawal(
  withdrawalId: string,
  step: Step,
  ctx: ActionContext,
  note: { reference?: string; reason?: string } = {},
  options: { transferResult?: boolean } = {},
) {
  const rule = STEPS[step];
  const moved = await inTransaction(async (tx) => {
    const found = await txGet<Withdrawal>(tx, 'withdrawals', withdrawalId);
    if (!found) throw notFound('提现申请不存在');
    withdrawalMachine.assertMove(found.status, rule.to);
    // The bill is written by usecases/payout/transfer.ts on the same document.
    const bill = (found as { transfer?: { state?: string } }).transfer;
    if (!options.transferResult && transferInFlight(bill?.state)) {
      throw precondition(
        '商家转账单等待用户确认或处理中，不能手动处理；用户未确认的转账单 24 小时后自动撤销并退回余额',
      );
    }
    if (rule.money) {
      const account = await txGet<Account>(tx, 'accounts', found.userId);
      if (!account) throw new Error(`account of ${found.userId} missing for withdrawal ${withdrawalId}`);
      const current = { ...account, _id: found.userId };
      const moved =
        rule.money === 'pay'
          ? movements.payWithdrawal(current, found.amount, found.fee)
          : movements.returnWithdrawal(current, found.amount);
      await post(tx, current, withdrawalId, moved, {
        userId: found.userId,
        at: ctx.now,
        withdrawalId,
      });
    }
    await txUpdate(tx, 'withdrawals', withdrawalId, {
      status: rule.to,
      reviewedBy: ctx.openid,
      ...note,
      updatedAt: ctx.now,
    });
    await audit(
      {
        type: `withdrawal.${step}`,
        subjectId: withdrawalId,
        actorId: ctx.openid,
        source: 'admin',
        detail: note,
      },
      ctx.now,
      tx,
    );
    return { withdrawal: { ...found, status: rule.to, ...note } };
  });
  if (step !== 'approve') {
    const w = moved.withdrawal;
    await notify(
      'withdrawalResult',
      w.userId,
      `${w._id}:${step}`,
      {
        amountFen: w.payout,
        paid: step === 'paid',
        remark:
          step === 'paid' ? '提现已到账，请查收' : `${note.reason ?? '提现未通过'}，金额已退回可提现余额`,
        at: ctx.now,
      },
      ctx.now,
    );
  }
  return moved;
}
