// Callback delivery shared by the payment simulators (cloudPay and WeChat Pay v3): one attempt at a
// time per callback, retried on WeChat Pay's schedule measured on the virtual clock.
import { Clock } from '../clock';

/** WeChat Pay's retry schedule after a failed delivery: 15s 15s 30s 3m 10m 20m 30m 30m 30m 60m 3h 3h 3h 6h 6h. */
export const RETRY_DELAYS_MS = [
  15, 15, 30, 180, 600, 1200, 1800, 1800, 1800, 3600, 10800, 10800, 10800, 21600, 21600,
].map((seconds) => seconds * 1000);

export interface Attempted {
  attempts: number;
  delivered: boolean;
  /** Virtual time of the next attempt; null once delivered or given up. */
  nextAt: number | null;
  lastError?: string;
}

export class Deliveries<D extends Attempted> {
  private readonly inFlight = new Map<D, Promise<void>>();

  /**
   * @param send one attempt: resolves to an error text when the receiver did not acknowledge, or
   *   undefined when it did; `persist` runs after every attempt.
   */
  constructor(
    private readonly clock: Clock,
    private readonly send: (delivery: D) => Promise<string | undefined>,
    private readonly persist: () => void,
  ) {}

  /** Attempts now; a delivery already in flight is not sent twice. */
  attempt(delivery: D): Promise<void> {
    const running = this.inFlight.get(delivery);
    if (running) return running;
    const attempt = (async () => {
      const error = await this.send(delivery).catch((e: unknown) =>
        e instanceof Error ? e.message : String(e),
      );
      delivery.attempts += 1;
      delivery.lastError = error;
      if (error === undefined) {
        delivery.delivered = true;
        delivery.nextAt = null;
      } else {
        const delay = RETRY_DELAYS_MS[delivery.attempts - 1];
        delivery.nextAt = delay === undefined ? null : this.clock.now() + delay;
      }
      this.persist();
    })().finally(() => this.inFlight.delete(delivery));
    this.inFlight.set(delivery, attempt);
    return attempt;
  }

  /** Retries every delivery whose next attempt has come due on the virtual clock. */
  async retryDue(all: D[]): Promise<void> {
    const now = this.clock.now();
    const due = all.filter((d) => !d.delivered && d.nextAt !== null && d.nextAt <= now);
    await Promise.all(due.map((delivery) => this.attempt(delivery)));
  }

  /** Resolves once nothing is being delivered (tests wait on this instead of sleeping). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight.values()]);
  }
}
