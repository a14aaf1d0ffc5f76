// A tick once a second while a page is open (an unpaid order's time left, a limited-time price's countdown):
// started once however often it is asked for, and stopped when the page hides or goes.

export interface Ticker {
  /** Calls `tick` every second from now on; nothing when already ticking. */
  start(tick: () => void): void;
  stop(): void;
}

export function secondTicker(): Ticker {
  let id: number | undefined;
  return {
    start(tick) {
      if (id === undefined) id = setInterval(tick, 1000) as unknown as number;
    },
    stop() {
      if (id !== undefined) clearInterval(id);
      id = undefined;
    },
  };
}
