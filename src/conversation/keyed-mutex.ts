// Serialises work per key inside one process: two updates of the same citizen never run at once
// here (across instances the Conversation row's version catches the rare overlap).
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(work, work);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    try {
      return await result;
    } finally {
      // the last one out removes the key, so the map does not grow with every citizen ever seen
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
