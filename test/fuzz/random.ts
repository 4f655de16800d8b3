/**
 * The fuzzer's only source of randomness: mulberry32, a 32-bit generator small enough
 * to read whole. Every request is generated from its own Random, seeded from the
 * campaign's seed and the request's index, so that a request can be generated again
 * from those two numbers whatever order concurrent requests finished in.
 */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let mixed = this.state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  }

  /** An integer from `min` to `max`, both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Random.pick needs at least one item');
    return items[this.int(0, items.length - 1)]!;
  }

  /** One of `choices`, each as likely as its weight says. */
  weighted<T>(choices: ReadonlyArray<readonly [weight: number, choice: T]>): T {
    const totalWeight = choices.reduce((sum, [weight]) => sum + weight, 0);
    let remaining = this.next() * totalWeight;
    for (const [weight, choice] of choices) {
      remaining -= weight;
      if (remaining < 0) return choice;
    }
    return choices[choices.length - 1]![1];
  }

  /**
   * A size from 1 up to about `max`, small ones far likelier: most generated values
   * stay readable, and now and then one is large.
   */
  size(max: number): number {
    return Math.max(1, Math.floor(max ** this.next()));
  }
}

/** The seed of request `requestIndex` of the campaign seeded with `campaignSeed` (a 32-bit integer hash of the two). */
export function requestSeed(campaignSeed: number, requestIndex: number): number {
  let hash = Math.imul(campaignSeed ^ 0x9e3779b9, 0x85ebca6b) ^ requestIndex;
  hash = Math.imul(hash ^ (hash >>> 16), 0x7feb352d);
  hash = Math.imul(hash ^ (hash >>> 15), 0x846ca68b);
  return (hash ^ (hash >>> 16)) >>> 0;
}
