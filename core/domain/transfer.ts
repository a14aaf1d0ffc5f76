// The states of a 商家转账 bill that matter to the money flow: once a bill exists and has not ended, the
// platform may still pay it, so nothing else may pay the withdrawal or give its money back.

/** The platform answers these for a bill that will not change any more. */
export const FINAL_TRANSFER_STATES: ReadonlySet<string> = new Set(['SUCCESS', 'FAIL', 'CANCELLED']);

/**
 * True while a bill exists and may still be paid (waiting for the distributor, accepted, processing…).
 * ERROR means no bill was created, so the merchant may settle the withdrawal by hand.
 */
export function transferInFlight(state: string | undefined): boolean {
  return !!state && state !== 'ERROR' && !FINAL_TRANSFER_STATES.has(state);
}

/** The states WeChat Pay answers for a 商家转账 bill. */
export type TransferState =
  | 'ACCEPTED'
  | 'PROCESSING'
  | 'WAIT_USER_CONFIRM'
  | 'TRANSFERING'
  | 'SUCCESS'
  | 'FAIL'
  | 'CANCELING'
  | 'CANCELLED';
