import { createHash } from 'node:crypto';
import type { StreamDescriptor } from '../../engine/stream-catalog.js';
import { sequenceNumberOf } from '../../engine/stream-positions.js';
import type { NumberedRecord } from '../../engine/stream-reader.js';
import type { RequestContext } from '../context.js';
import type { ClientItem } from '../../model/attribute-value.js';
import type { StreamEventName } from '../../engine/stream-records.js';
import type { StreamViewType } from '../../engine/table-definition.js';

/** The record format DynamoDB Streams documents (Record.eventVersion). */
const EVENT_VERSION = '1.1';

/** Who Time to Live's deletions are made by, in their records (DynamoDB Streams API, Identity). */
const TIME_TO_LIVE_IDENTITY = { PrincipalId: 'dynamodb.amazonaws.com', Type: 'Service' } as const;

/**
 * A record's eventID: AWS's are 32 hex digits, unique per record. Derived from the
 * record's place in the stream, so every read of it gives the same one.
 */
function eventIdOf(stream: StreamDescriptor, lane: number, number: bigint): string {
  return createHash('md5').update(`${stream.id}/${lane}/${number}`).digest('hex');
}

/** A record as GetRecords returns it (DynamoDB Streams API, Record). */
export interface StreamRecordResponse {
  readonly eventID: string;
  readonly eventName: StreamEventName;
  readonly eventVersion: string;
  readonly eventSource: 'aws:dynamodb';
  readonly awsRegion: string;
  readonly dynamodb: {
    readonly ApproximateCreationDateTime: number;
    readonly Keys: ClientItem;
    readonly NewImage?: ClientItem;
    readonly OldImage?: ClientItem;
    readonly SequenceNumber: string;
    readonly SizeBytes: number;
    readonly StreamViewType: StreamViewType;
  };
  readonly userIdentity?: typeof TIME_TO_LIVE_IDENTITY;
}

export function recordResponse(context: RequestContext, stream: StreamDescriptor, lane: number, { number, record }: NumberedRecord): StreamRecordResponse {
  return {
    eventID: eventIdOf(stream, lane, number),
    eventName: record.eventName,
    eventVersion: EVENT_VERSION,
    eventSource: 'aws:dynamodb',
    awsRegion: context.region,
    dynamodb: {
      // "in UNIX epoch time format and rounded down to the closest second" (StreamRecord).
      ApproximateCreationDateTime: Math.floor(record.createdEpochMs / 1000),
      Keys: record.keys,
      ...(record.newImage === undefined ? {} : { NewImage: record.newImage }),
      ...(record.oldImage === undefined ? {} : { OldImage: record.oldImage }),
      SequenceNumber: sequenceNumberOf(number, lane, stream.lanes),
      SizeBytes: record.sizeBytes,
      StreamViewType: stream.viewType,
    },
    ...(record.byTimeToLive === true ? { userIdentity: TIME_TO_LIVE_IDENTITY } : {}),
  };
}
