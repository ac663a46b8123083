/**
 * A seeded pseudo-random generator (sfc32, 128-bit state) with the few helpers the data generator needs.
 * Math.random cannot be seeded, and the generated data must be byte-identical for a given seed.
 */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /**
   * @param seed any integer up to 2^53; the same seed gives the same sequence.
   * @param stream a label: each part of the generator draws from its own stream, so that (for example) the
   *   song catalog does not change when only the number of events changes.
   */
  constructor(seed: number, stream = '') {
    const whole = Math.trunc(seed);
    const low = whole >>> 0;
    const high = Math.floor(whole / 4294967296) >>> 0;
    let state = mix32(low ^ mix32(high + 0x632be5ab) ^ hashLabel(stream));
    const next = (): number => (state = mix32(state + 0x9e3779b9));
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next() | 1;
    // The first outputs of sfc32 still correlate with the seed words.
    for (let i = 0; i < 15; i++) this.next();
  }

  /** A float in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** A float in [min, max). */
  float(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Random.pick: empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /**
   * An index in [0, n) where low indexes are more likely: P(index < x * n) = x^(1 / power). A cheap
   * power-law popularity (power 3: the first 1% of items gets ~21% of the picks).
   */
  skewed(n: number, power: number): number {
    return Math.min(n - 1, Math.floor(n * this.next() ** power));
  }

  /** An exponentially distributed float with the given mean. */
  exponential(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }
}

/** A fixed list of values with weights, picked in O(log n). */
export class Weighted<T> {
  private readonly values: T[];
  private readonly cumulative: number[];

  constructor(entries: readonly (readonly [T, number])[]) {
    let total = 0;
    this.values = entries.map(([value]) => value);
    this.cumulative = entries.map(([, weight]) => (total += weight));
    if (entries.length === 0 || !(total > 0)) throw new Error('Weighted: needs at least one positive weight');
  }

  pick(random: Random): T {
    const target = random.next() * this.cumulative[this.cumulative.length - 1]!;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid]! > target) hi = mid;
      else lo = mid + 1;
    }
    return this.values[lo]!;
  }
}

function mix32(x: number): number {
  let z = x | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

function hashLabel(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
