/**
 * Counts sends whose outcome is not yet recorded. Capping it caps what a crash can
 * duplicate: only these sends can have reached Telegram without the table knowing.
 */
export function createInFlight(limit: number) {
  let count = 0;
  const waiting: (() => void)[] = [];
  const idleWaiters: (() => void)[] = [];

  return {
    /** Resolves when a slot is free and takes it. */
    async acquire(): Promise<void> {
      if (count < limit) {
        count++;
        return;
      }
      await new Promise<void>((resolve) => waiting.push(resolve));
    },
    release(): void {
      const next = waiting.shift();
      if (next) {
        next(); // the slot passes straight to the next waiter
        return;
      }
      count--;
      if (count === 0) for (const resolve of idleWaiters.splice(0)) resolve();
    },
    /** Resolves once every slot is free. */
    async idle(): Promise<void> {
      if (count === 0) return;
      await new Promise<void>((resolve) => idleWaiters.push(resolve));
    },
    get count() {
      return count;
    },
  };
}
