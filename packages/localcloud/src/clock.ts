// The virtual clock: real time plus an offset that tests and people move forward with POST /_clock.
// Functions, serverDate and timer triggers all read it, so "seven days later" takes no waiting.

export class Clock {
  private offsetMs = 0;

  now(): number {
    return Date.now() + this.offsetMs;
  }

  date(): Date {
    return new Date(this.now());
  }

  get offset(): number {
    return this.offsetMs;
  }

  advance(ms: number): number {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('advanceMs must be a non-negative number');
    this.offsetMs += ms;
    return this.now();
  }
}
