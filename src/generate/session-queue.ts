import type { User } from './users.js';

/** A session being played out. */
export interface Session {
  /** Position in the day's plan: breaks timestamp ties so the output does not depend on heap internals. */
  seq: number;
  id: number;
  user: User;
  /** Events still to write. */
  left: number;
  item: number;
  loggedIn: boolean;
  /** Timestamp of the session's next event (epoch ms). */
  t: number;
}

function before(a: Session, b: Session): boolean {
  return a.t < b.t || (a.t === b.t && a.seq < b.seq);
}

/**
 * A binary min-heap of sessions by (next timestamp, seq). The generator only ever looks at the top, then
 * either removes it or moves its timestamp forward, so the only operation needed besides pop is a sift-down.
 */
export class SessionQueue {
  private readonly heap: Session[];

  /** @param sessions sorted by (t, seq): a sorted array already is a valid heap. */
  constructor(sessions: Session[]) {
    this.heap = sessions;
  }

  peek(): Session | undefined {
    return this.heap[0];
  }

  pop(): void {
    const last = this.heap.pop();
    if (last !== undefined && this.heap.length > 0) {
      this.heap[0] = last;
      this.siftDown();
    }
  }

  /** Restores the order after the top session's timestamp grew. */
  updateTop(): void {
    this.siftDown();
  }

  private siftDown(): void {
    const heap = this.heap;
    const n = heap.length;
    const item = heap[0]!;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      let child = left;
      if (right < n && before(heap[right]!, heap[left]!)) child = right;
      if (!before(heap[child]!, item)) break;
      heap[i] = heap[child]!;
      i = child;
    }
    heap[i] = item;
  }
}
