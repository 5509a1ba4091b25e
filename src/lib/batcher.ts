// Groups work that arrives while the previous group is still running: at low load an item runs
// at once and alone; under load the items of many concurrent requests share one statement
// (one round trip to the database instead of one each). Work nobody waits on can also linger a
// few milliseconds for company. Items of a failed group all fail.
interface Waiting<T, R> {
  item: T;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

export class Batcher<T, R> {
  private waiting: Waiting<T, R>[] = [];
  private running = false;

  /**
   * `run` gets the items in arrival order and answers one result per item, in the same order.
   * `lingerMs`: how long the first item of a group waits for others when nothing is running.
   */
  constructor(
    private readonly run: (items: T[]) => Promise<R[]>,
    private readonly options: { maxItems?: number; lingerMs?: number } = {},
  ) {}

  add(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (this.running) return;
      this.running = true;
      if (this.options.lingerMs) setTimeout(() => void this.flush(), this.options.lingerMs);
      else void this.flush();
    });
  }

  private async flush(): Promise<void> {
    while (this.waiting.length > 0) {
      const group = this.waiting.splice(0, this.options.maxItems ?? 200);
      try {
        const results = await this.run(group.map((waiting) => waiting.item));
        group.forEach((waiting, index) => waiting.resolve(results[index] as R));
      } catch (error) {
        for (const waiting of group) waiting.reject(error);
      }
    }
    this.running = false;
  }
}
