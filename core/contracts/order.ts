// Input contracts of the `order` function's actions (shared with miniprogram/services).
import * as z from 'zod/mini';
import { clientRequestId, cursor, docId, positiveFen, text } from './common';

const addressText = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));

export const address = z.object({
  userName: addressText(40),
  telNumber: z.string().check(z.regex(/^[\d+\- ]{5,20}$/)),
  provinceName: addressText(20),
  cityName: addressText(20),
  countyName: addressText(30),
  detailInfo: addressText(120),
  postalCode: z.optional(z.string().check(z.maxLength(10))),
});

export const orderContracts = {
  catalog: z.object({
    category: z.optional(text(30)),
    keyword: z.optional(text(30)),
    cursor: cursor(),
  }),
  product: z.object({ productId: docId() }),
  create: z.object({
    items: z
      .array(
        z.object({ productId: docId(), quantity: z.number().check(z.int(), z.minimum(1), z.maximum(999)) }),
      )
      .check(z.minLength(1), z.maxLength(20)),
    address,
    remark: z.optional(text(200)),
    clientRequestId: clientRequestId(),
  }),
  pay: z.object({ orderId: docId() }),
  list: z.object({
    status: z.optional(
      z.enum(['created', 'paid', 'shipped', 'completed', 'cancelled', 'closed', 'refunding', 'refunded']),
    ),
    cursor: cursor(),
  }),
  detail: z.object({ orderId: docId() }),
  cancel: z.object({ orderId: docId() }),
  confirm: z.object({ orderId: docId() }),
  refund: z.object({
    orderId: docId(),
    amount: z.optional(positiveFen()),
    reason: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
  }),
};
