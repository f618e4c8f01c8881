/**
 * Slows down password guessing: after `burst` failed logins from one address within `windowMs`,
 * that address gets 429 until the window has passed. Kept in memory per process; with several API
 * processes each keeps its own count, which still bounds guesses per process.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly now: () => number,
    private readonly burst = 10,
    private readonly windowMs = 60_000,
  ) {}

  blocked(address: string): boolean {
    return this.recent(address).length >= this.burst;
  }

  fail(address: string): void {
    const list = this.recent(address);
    list.push(this.now());
    this.failures.set(address, list);
    if (this.failures.size > 10_000) this.prune();
  }

  succeed(address: string): void {
    this.failures.delete(address);
  }

  private recent(address: string): number[] {
    const since = this.now() - this.windowMs;
    return (this.failures.get(address) ?? []).filter((t) => t > since);
  }

  private prune(): void {
    for (const key of [...this.failures.keys()]) if (this.recent(key).length === 0) this.failures.delete(key);
  }
}
