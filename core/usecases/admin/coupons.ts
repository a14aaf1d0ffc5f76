// The merchant's coupon templates: made, changed (claimed coupons keep their rule), listed, stopped.
import { randomBytes } from 'node:crypto';
import type { adminMoneyApi, AdminCoupon } from '../../contracts/admin-money';
import type { ParsedOf } from '../../contracts/contract';
import { Coupon, ruleText } from '../../domain/coupon';
import { invalid, notFound } from '../../errors';
import type { ActionContext } from '../../handler';
import { getById, inTransaction, txGet, txSet, txUpdate } from '../../data/db';
import { audit } from '../../data/events';
import { Page, readPage } from '../../data/paging';

type Input<K extends keyof typeof adminMoneyApi> = ParsedOf<(typeof adminMoneyApi)[K]>;

const adminCoupon = (coupon: Coupon): AdminCoupon => ({ ...coupon, ruleText: ruleText(coupon.rule) });

export async function upsertCoupon(
  input: Input<'coupons.upsert'>['coupon'],
  ctx: ActionContext,
): Promise<{ coupon: AdminCoupon }> {
  if (
    input.validity.kind === 'window' &&
    input.validity.endsAt.getTime() <= input.validity.startsAt.getTime()
  )
    throw invalid('结束时间要晚于开始时间');
  if (
    input.rule.kind === 'amount' &&
    input.rule.thresholdFen > 0 &&
    input.rule.offFen >= input.rule.thresholdFen
  )
    throw invalid('满减的优惠金额要低于门槛');
  const id = input._id ?? `C${randomBytes(8).toString('hex')}`;
  const coupon = await inTransaction(async (tx) => {
    const existing = input._id ? await txGet<Coupon>(tx, 'coupons', id) : null;
    if (input._id && !existing) throw notFound('优惠券不存在');
    if (existing && input.totalLimit > 0 && input.totalLimit < existing.claimed)
      throw invalid(`已经领取了 ${existing.claimed} 张，发放总量不能更少`);
    const { _id, ...fields } = input;
    void _id;
    const saved: Coupon = {
      _id: id,
      ...fields,
      claimed: existing?.claimed ?? 0,
      used: existing?.used ?? 0,
      status: existing?.status ?? 'active',
      createdAt: existing?.createdAt ?? ctx.now,
      updatedAt: ctx.now,
    };
    const { _id: _ignored, ...data } = saved;
    void _ignored;
    await txSet(tx, 'coupons', id, data);
    await audit(
      {
        type: existing ? 'coupon.update' : 'coupon.create',
        subjectId: id,
        actorId: ctx.openid,
        source: 'admin',
      },
      ctx.now,
      tx,
    );
    return saved;
  });
  return { coupon: adminCoupon(coupon) };
}

export async function listCoupons(input: Input<'coupons.list'>): Promise<Page<AdminCoupon>> {
  const page = await readPage<Coupon>(
    'coupons',
    input.status ? { status: input.status } : {},
    [['createdAt', 'desc']],
    input.cursor,
  );
  return { items: page.items.map(adminCoupon), next: page.next };
}

export async function disableCoupon(
  input: Input<'coupons.disable'>,
  ctx: ActionContext,
): Promise<{ coupon: AdminCoupon }> {
  await inTransaction(async (tx) => {
    const coupon = await txGet<Coupon>(tx, 'coupons', input.couponId);
    if (!coupon) throw notFound('优惠券不存在');
    await txUpdate(tx, 'coupons', input.couponId, { status: 'disabled', updatedAt: ctx.now });
    await audit(
      { type: 'coupon.disable', subjectId: input.couponId, actorId: ctx.openid, source: 'admin' },
      ctx.now,
      tx,
    );
  });
  return { coupon: adminCoupon((await getById<Coupon>('coupons', input.couponId))!) };
}
