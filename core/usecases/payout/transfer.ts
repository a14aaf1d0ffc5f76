// Payouts by merchant transfer (商家转账, scene 1005 佣金报酬): an approved withdrawal gets a transfer bill
// (out_bill_no = withdrawal id), the distributor confirms it with wx.requestMerchantTransfer, and the
// platform's final state pays the withdrawal or returns its money — through moveWithdrawal, once.
import type { TransferInfo, TransferInfoInput } from '../../contracts/wallet';
import { AppError, notFound, precondition } from '../../errors';
import { ActionContext } from '../../handler';
import { command, find, getById, updateById } from '../../data/db';
import { audit } from '../../data/events';
import { PaymentError } from '../../data/payment';
import { loadSettings } from '../../data/settings';
import {
  createTransferBill,
  loadMerchantConfig,
  notifyUrl,
  queryTransferBill,
} from '../../data/wechatpay-v3';
import type { Withdrawal, WithdrawalTransfer } from '../../domain/ledger';
import type { TransferNotice } from '../../data/wechatpay-v3/notice';
import { Settings } from '../../domain/settings';
import { FINAL_TRANSFER_STATES, transferInFlight } from '../../domain/transfer';
import { notify } from '../../data/notices';
import { moveWithdrawal } from '../wallet/wallet';

/** The actor recorded on withdrawal steps the platform causes. */
const PLATFORM = 'wechatpay';

async function saveTransfer(id: string, transfer: WithdrawalTransfer, now: Date): Promise<void> {
  await updateById('withdrawals', id, { transfer, updatedAt: now });
}

/**
 * Creates (or re-asks for) the transfer bill of an approved withdrawal. Safe to repeat: the bill number is
 * the withdrawal id, so the platform answers the same bill. A failure is recorded, not thrown: the
 * approval stands, and the money stays reserved until the bill is made or the merchant marks it failed.
 */
export async function startTransfer(
  withdrawal: Withdrawal,
  settings: Settings,
  ctx: ActionContext,
): Promise<WithdrawalTransfer> {
  let transfer: WithdrawalTransfer;
  try {
    const bill = await createTransferBill({
      outBillNo: withdrawal._id,
      openid: withdrawal.userId,
      amount: withdrawal.payout,
      remark: settings.payout.remark || '佣金提现',
      postType: settings.payout.postType,
      rewardDescription: settings.payout.rewardDescription,
      notifyUrl: notifyUrl(settings.payment.notifyUrl),
    });
    transfer = {
      state: bill.state,
      transferBillNo: bill.transferBillNo,
      ...(bill.packageInfo ? { packageInfo: bill.packageInfo } : {}),
      updatedAt: ctx.now,
    };
  } catch (error) {
    if (!(error instanceof PaymentError)) throw error;
    transfer = { state: 'ERROR', error: error.message, updatedAt: ctx.now };
  }
  // A final state set meanwhile by the platform's callback is never overwritten by an older answer.
  const current = await getById<Withdrawal>('withdrawals', withdrawal._id);
  if (current?.status === 'approved' && !FINAL_TRANSFER_STATES.has(current.transfer?.state ?? '')) {
    await saveTransfer(withdrawal._id, transfer, ctx.now);
  }
  if (transfer.state === 'WAIT_USER_CONFIRM')
    await notify(
      'transferConfirm',
      withdrawal.userId,
      withdrawal._id,
      { amountFen: withdrawal.payout, at: ctx.now },
      ctx.now,
    );
  await audit(
    {
      type: transfer.state === 'ERROR' ? 'withdrawal.transfer_error' : 'withdrawal.transfer',
      subjectId: withdrawal._id,
      actorId: ctx.openid || PLATFORM,
      source: 'admin',
      detail: { state: transfer.state, ...(transfer.error ? { error: transfer.error } : {}) },
    },
    ctx.now,
  );
  return transfer;
}

/** `admin withdrawals.review`: the review step, then in transfer mode the bill the distributor confirms. */
export async function reviewWithdrawal(
  input: { withdrawalId: string; approve: boolean; reason?: string },
  ctx: ActionContext,
) {
  const reviewed = await moveWithdrawal(
    input.withdrawalId,
    input.approve ? 'approve' : 'reject',
    ctx,
    input.reason ? { reason: input.reason } : {},
  );
  if (!input.approve) return reviewed;
  const settings = await loadSettings();
  if (settings.payout.mode !== 'transfer') return reviewed;
  const transfer = await startTransfer(reviewed.withdrawal, settings, ctx);
  return { withdrawal: { ...reviewed.withdrawal, transfer } };
}

/** `wallet.transferInfo`: what the confirm page passes to wx.requestMerchantTransfer. */
export async function transferInfo(input: TransferInfoInput, ctx: ActionContext): Promise<TransferInfo> {
  const withdrawal = await getById<Withdrawal>('withdrawals', input.withdrawalId);
  if (!withdrawal || withdrawal.userId !== ctx.openid) throw notFound('提现申请不存在');
  if (withdrawal.status !== 'approved')
    throw precondition(`提现申请当前状态为 ${withdrawal.status}，无需确认收款`);
  let transfer = withdrawal.transfer;
  if (!transfer || transfer.state === 'ERROR') {
    const settings = await loadSettings();
    if (settings.payout.mode !== 'transfer') throw precondition('该提现由商家人工打款，无需确认收款');
    transfer = await startTransfer({ ...withdrawal, _id: input.withdrawalId }, settings, ctx);
  }
  if (transfer.state !== 'WAIT_USER_CONFIRM' || !transfer.packageInfo) {
    throw precondition(
      transfer.state === 'ERROR'
        ? '转账单暂时无法创建，请稍后再试'
        : `转账当前状态为 ${transfer.state}，不能确认收款`,
    );
  }
  const config = await loadMerchantConfig();
  return {
    withdrawalId: input.withdrawalId,
    payout: withdrawal.payout,
    state: transfer.state,
    mchId: config.mchId,
    appId: config.appId,
    package: transfer.packageInfo,
  };
}

/** Why a bill failed, in the distributor's words; the platform's code otherwise. */
const FAIL_REASONS: Record<string, string> = {
  OVERDUE_CLOSE: '未在 24 小时内确认收款，已关闭',
};

/**
 * MCHTRANSFER.BILL.FINISHED: SUCCESS pays the withdrawal; FAIL (also a bill the user did not confirm
 * within 24 h: OVERDUE_CLOSE) and CANCELLED (revoked) return its money. A replay finds the withdrawal
 * already there and changes nothing.
 */
export async function applyTransferResult(notice: TransferNotice, ctx: ActionContext): Promise<void> {
  const withdrawal = await getById<Withdrawal>('withdrawals', notice.outBillNo);
  if (!withdrawal) throw new AppError('FAILED_PRECONDITION', `unknown withdrawal ${notice.outBillNo}`);
  if (withdrawal.payout !== notice.amount) {
    throw new AppError(
      'FAILED_PRECONDITION',
      `transfer amount ${notice.amount} does not match payout ${withdrawal.payout}`,
    );
  }
  if (withdrawal.userId !== notice.openid)
    throw new AppError('FAILED_PRECONDITION', 'transfer openid does not match the withdrawal');
  const paid = notice.state === 'SUCCESS';
  const target: Withdrawal['status'] = paid ? 'paid' : 'failed';
  const platform: ActionContext = { ...ctx, openid: PLATFORM };
  if (withdrawal.status !== target) {
    if (withdrawal.status !== 'approved') {
      // The merchant settled it another way first (marked paid or failed by hand): money already moved
      // once, so this is acknowledged, and left for the merchant to see rather than retried for a day.
      await audit(
        {
          type: 'withdrawal.transfer_conflict',
          subjectId: withdrawal._id,
          actorId: PLATFORM,
          source: 'system',
          detail: { state: notice.state, status: withdrawal.status },
        },
        ctx.now,
      );
      return;
    }
    const note = paid
      ? { reference: notice.transferBillNo }
      : {
          reason: `商家转账${notice.state === 'CANCELLED' ? '已撤销' : `失败：${FAIL_REASONS[notice.failReason ?? ''] ?? notice.failReason ?? ''}`}`,
        };
    try {
      await moveWithdrawal(withdrawal._id, paid ? 'paid' : 'failed', platform, note, {
        transferResult: true,
      });
    } catch (error) {
      // A concurrent delivery of the same result got there first; anything else is retried by the platform.
      const now = await getById<Withdrawal>('withdrawals', withdrawal._id);
      if (!(error instanceof AppError) || now?.status !== target) throw error;
    }
  }
  if (withdrawal.transfer?.state !== notice.state) {
    await saveTransfer(
      withdrawal._id,
      {
        ...(withdrawal.transfer ?? {}),
        state: notice.state,
        transferBillNo: notice.transferBillNo,
        ...(notice.failReason ? { failReason: notice.failReason } : {}),
        updatedAt: ctx.now,
      },
      ctx.now,
    );
  }
}

/** A bill still in flight this long after its last news is asked about (its notification may be lost). */
const RECHECK_AFTER_MS = 30 * 60_000;

/**
 * The settle timer's step in transfer payout mode: asks WeChat Pay about bills in flight with no news for
 * a while and applies a final state it answers, as its notification would have (applyTransferResult checks
 * amount and payee). Answers how many withdrawals it settled.
 */
export async function recheckTransfers(now: Date): Promise<number> {
  const _ = command();
  const stale = await find<Withdrawal>(
    'withdrawals',
    {
      status: 'approved',
      // Bills in flight only: one that failed to be created (ERROR) waits for the merchant, not for us.
      'transfer.state': _.nin(['ERROR', ...FINAL_TRANSFER_STATES]),
      'transfer.updatedAt': _.lt(new Date(now.getTime() - RECHECK_AFTER_MS)),
    },
    { sort: [['transfer.updatedAt', 'asc']], limit: 50 },
  );
  let settled = 0;
  for (const withdrawal of stale.filter((w) => transferInFlight(w.transfer?.state))) {
    const bill = await queryTransferBill(withdrawal._id).catch((error: unknown) => {
      console.warn(`transfer bill ${withdrawal._id} not queried`, error);
      return null;
    });
    if (!bill || !FINAL_TRANSFER_STATES.has(bill.state)) {
      // Nothing new: asked again after another pause.
      if (withdrawal.transfer)
        await saveTransfer(withdrawal._id, { ...withdrawal.transfer, updatedAt: now }, now);
      continue;
    }
    await applyTransferResult(
      {
        kind: 'transfer',
        outBillNo: bill.outBillNo || withdrawal._id,
        transferBillNo: bill.transferBillNo,
        state: bill.state as TransferNotice['state'],
        amount: bill.amount ?? withdrawal.payout,
        openid: bill.openid ?? withdrawal.userId,
        ...(bill.failReason ? { failReason: bill.failReason } : {}),
      },
      { openid: '', appid: '', requestId: `recheck-${withdrawal._id}`, now },
    );
    settled++;
  }
  return settled;
}
