import type { OrderedStore } from '../storage/store.js';
import type { Transaction } from '../storage/transaction.js';
import { metaKey, streamKey, streamsRange } from './keyspace.js';
import type { KeyAttribute, StreamViewType, TableDefinition, TableStream } from './table-definition.js';

const NEXT_STREAM_ID_KEY = metaKey('next-stream-id');
const FIRST_STREAM_ID = 1;

/** The id a table's stream has until the catalog gives it one, in the commit that enables it. */
export const NEW_STREAM_ID = 0;

/**
 * A stream as DescribeStream and ListStreams show it: written when the stream is
 * enabled and kept while it is readable, after it is disabled and after its table
 * is deleted too (until its records are trimmed).
 */
export interface StreamDescriptor {
  readonly id: number;
  readonly namespace: string;
  readonly tableName: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey?: KeyAttribute;
  readonly viewType: StreamViewType;
  readonly lanes: number;
  /** Unique among the streams of one table name: the stream's label is made of it. */
  readonly createdEpochMs: number;
  readonly disabledEpochMs?: number;
}

function encodeDescriptor(descriptor: StreamDescriptor): Uint8Array {
  return Buffer.from(JSON.stringify(descriptor), 'utf8');
}

function decodeDescriptor(bytes: Uint8Array): StreamDescriptor {
  return JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')) as StreamDescriptor;
}

/**
 * Keeps the stream descriptors in step with the table's `stream`, inside the catalog
 * transaction that changes the table from `current` to `next`: a stream the change
 * ends (disabled, replaced, or its table deleted) is marked disabled, and a new one
 * (id NEW_STREAM_ID) gets its id and descriptor. Returns `next` with the id assigned.
 */
export async function syncTableStream(
  txn: Transaction,
  current: TableDefinition | undefined,
  next: TableDefinition | undefined,
  nowMs: number,
): Promise<TableDefinition | undefined> {
  const ending = current?.stream;
  if (ending !== undefined && next?.stream?.id !== ending.id) {
    const key = streamKey(current!.namespace, ending.id);
    const bytes = await txn.get(key);
    if (bytes !== undefined) txn.put(key, encodeDescriptor({ ...decodeDescriptor(bytes), disabledEpochMs: nowMs }));
  }
  if (next?.stream === undefined || next.stream.id !== NEW_STREAM_ID) return next;
  const idBytes = await txn.get(NEXT_STREAM_ID_KEY);
  const id = idBytes === undefined ? FIRST_STREAM_ID : Number(Buffer.from(idBytes).toString('utf8'));
  txn.put(NEXT_STREAM_ID_KEY, Buffer.from(String(id + 1), 'utf8'));
  const stream: TableStream = { ...next.stream, id };
  const previousCreatedMs = next.latestStreamCreatedEpochMs;
  const descriptor: StreamDescriptor = {
    id,
    namespace: next.namespace,
    tableName: next.name,
    partitionKey: next.partitionKey,
    ...(next.sortKey === undefined ? {} : { sortKey: next.sortKey }),
    viewType: stream.viewType,
    lanes: stream.lanes,
    // Two streams of one table enabled within a millisecond would share a label (and ARN).
    createdEpochMs: previousCreatedMs === undefined ? nowMs : Math.max(nowMs, previousCreatedMs + 1),
  };
  txn.put(streamKey(next.namespace, id), encodeDescriptor(descriptor));
  return { ...next, stream, latestStreamCreatedEpochMs: descriptor.createdEpochMs };
}

/** The readable streams of a namespace (of all, without one), oldest first. */
export async function listStreamDescriptors(store: OrderedStore, namespace: string | undefined): Promise<StreamDescriptor[]> {
  const descriptors: StreamDescriptor[] = [];
  for await (const entry of store.range(streamsRange(namespace))) descriptors.push(decodeDescriptor(entry.value));
  return descriptors;
}
