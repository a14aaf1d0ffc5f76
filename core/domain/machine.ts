// A document's status machine: which statuses may follow which, and the words a person reads for each.
// Every status change of a document that moves money goes through its machine (domain/order.ts,
// domain/ledger.ts), so a forbidden move is refused the same way wherever it is attempted.
import { precondition } from '../errors';

export interface StateMachine<S extends string> {
  /** What the document is called in a refusal: 订单, 退款申请, 提现申请, 佣金. */
  readonly noun: string;
  readonly words: Readonly<Record<S, string>>;
  canMove(from: S, to: S): boolean;
  /** Refuses a move the machine does not allow, in words the caller can show. */
  assertMove(from: S, to: S): void;
  /** Statuses with no way out. */
  isFinal(status: S): boolean;
}

export function stateMachine<S extends string>(
  noun: string,
  transitions: Readonly<Record<S, readonly S[]>>,
  words: Readonly<Record<S, string>>,
): StateMachine<S> {
  return {
    noun,
    words,
    canMove: (from, to) => transitions[from].includes(to),
    assertMove(from, to) {
      if (!transitions[from].includes(to)) throw precondition(`${noun}${words[from]}，不能执行此操作`);
    },
    isFinal: (status) => transitions[status].length === 0,
  };
}
