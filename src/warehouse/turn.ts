/**
 * One connection, one piece of work at a time: a transaction, a COPY or a statement holds the turn for its whole
 * length, so calls made meanwhile wait instead of landing in the middle of it.
 */
export class Turn {
  private tail: Promise<void> = Promise.resolve();

  /** Waits for the turn; the returned function gives it back. */
  async acquire(): Promise<() => void> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const before = this.tail;
    this.tail = before.then(() => held);
    await before;
    return release;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await work();
    } finally {
      release();
    }
  }
}
