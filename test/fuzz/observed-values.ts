import type { ApiModel } from '../support/api-model.js';
import type { Random } from './random.js';
import type { Site } from './shape-sites.js';

/**
 * Values only the server can make, learnt from its answers. A stream's ARN ends in
 * the time the stream was enabled, a shard id holds the time its shard opened, an
 * iterator is opaque: no generator guesses them, and Streams requests without them
 * would all be refused before they reach a stream. So each successful answer whose
 * output shape can hold such values (DescribeTable's LatestStreamArn, ListStreams,
 * DescribeStream, GetShardIterator, GetRecords) is read by the model, and the values
 * it held are kept together, as one group. A request that has taken a stream's ARN
 * then takes, most of the time, a shard id from an answer that held that ARN too
 * (DescribeStream's), so that GetShardIterator names a shard of the stream it names.
 *
 * What has been observed depends on which answers came first, so a request that takes
 * observed values comes out of its seed the same only after the same answers; the
 * report keeps the body of every request it shows as it was sent.
 */

/** The model's shapes of the values learnt: the same names in DynamoDB's model (TableDescription.LatestStreamArn) and in Streams'. */
export const OBSERVED_SHAPES: ReadonlySet<string> = new Set(['StreamArn', 'ShardId', 'ShardIterator', 'SequenceNumber']);

/** Answers kept, the oldest forgotten first: iterators expire after 15 minutes, and streams and shards come and go. */
const GROUPS_KEPT_MAX = 128;

/** How often a value is taken from an answer that also held the values the request took before, when there is one. */
const TOGETHER_CHANCE = 0.9;

/** The observed values one answer held. */
interface Group {
  /** The same for the same values, so that the same answer again (DescribeStream of an unchanged stream) is kept once. */
  readonly key: string;
  readonly byShape: ReadonlyMap<string, readonly string[]>;
  readonly values: ReadonlySet<string>;
}

/** Whether a value of `shapeName` can hold, at any depth, a value of one of the observed shapes. */
function reachesObserved(model: ApiModel, shapeName: string, visited: Set<string>): boolean {
  if (OBSERVED_SHAPES.has(shapeName)) return true;
  if (visited.has(shapeName)) return false;
  visited.add(shapeName);
  const shape = model.shapes[shapeName];
  const children = [...Object.values(shape?.members ?? {}), shape?.member, shape?.value];
  return children.some((child) => child !== undefined && reachesObserved(model, child.shape, visited));
}

/** The values one request takes, each of a shape, preferring values seen together with those it took before. */
export class ObservedPicks {
  private readonly taken: string[] = [];

  constructor(
    private readonly random: Random,
    private readonly groups: readonly Group[],
  ) {}

  /** A value of `shapeName` from an answer, or undefined when no answer has held one. */
  value(shapeName: string): string | undefined {
    const holding = this.groups.filter((group) => group.byShape.has(shapeName));
    if (holding.length === 0) return undefined;
    const together = holding.filter((group) => this.taken.every((value) => group.values.has(value)));
    const group = this.random.pick(together.length > 0 && this.random.chance(TOGETHER_CHANCE) ? together : holding);
    const value = this.random.pick(group.byShape.get(shapeName)!);
    this.taken.push(value);
    return value;
  }
}

export class ObservedValues {
  private readonly groups: Group[] = [];
  private readonly groupKeys = new Set<string>();
  /** By operation (`DynamoDB.DescribeTable`): whether its answers can hold observed values. */
  private readonly learnable = new Map<string, boolean>();

  /** Whether answers of `operation` can hold observed values: only those are read, not every Scan page. */
  learnsFrom(model: ApiModel, operation: string): boolean {
    const key = `${model.metadata.serviceId}.${operation}`;
    let learnable = this.learnable.get(key);
    if (learnable === undefined) {
      const output = model.operations[operation]?.output?.shape;
      learnable = output !== undefined && reachesObserved(model, output, new Set());
      this.learnable.set(key, learnable);
    }
    return learnable;
  }

  /** Keeps the observed values among `sites`, an answer's, as one group. */
  learn(sites: readonly Site[]): void {
    const byShape = new Map<string, string[]>();
    for (const { value, shapeName } of sites) {
      if (typeof value !== 'string' || shapeName === undefined || !OBSERVED_SHAPES.has(shapeName)) continue;
      const values = byShape.get(shapeName) ?? [];
      if (!values.includes(value)) values.push(value);
      byShape.set(shapeName, values);
    }
    if (byShape.size === 0) return;
    const key = JSON.stringify([...byShape].sort(([left], [right]) => left.localeCompare(right)));
    if (this.groupKeys.has(key)) return;
    this.groups.push({ key, byShape, values: new Set([...byShape.values()].flat()) });
    this.groupKeys.add(key);
    if (this.groups.length > GROUPS_KEPT_MAX) this.groupKeys.delete(this.groups.shift()!.key);
  }

  /** Every value of `shapeName` kept. */
  valuesOf(shapeName: string): string[] {
    return [...new Set(this.groups.flatMap((group) => group.byShape.get(shapeName) ?? []))];
  }

  /** The picks of one request, drawn with its `random`. */
  picks(random: Random): ObservedPicks {
    return new ObservedPicks(random, this.groups);
  }
}
