import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { example, type Example, type ExampleContext } from './example.js';

/**
 * DynamoDB Streams has its own API (DynamoDBStreams_20120810: ListStreams,
 * DescribeStream, GetShardIterator, GetRecords) and, in the SDK, its own client. A
 * stream example builds that client from the configuration of the DynamoDB client it
 * was given, so both talk to the same place with the same region and credentials.
 */

type Endpoint = Awaited<ReturnType<NonNullable<DynamoDBClient['config']['endpoint']>>>;

/**
 * Strata and DynamoDB Local serve both APIs on one URL. AWS serves them on two hosts,
 * `dynamodb.REGION.amazonaws.com` and `streams.dynamodb.REGION.amazonaws.com`
 * (Developer Guide, "Endpoints for DynamoDB Streams"), so an explicit AWS endpoint is
 * mapped to its streams twin; with no explicit endpoint the SDK picks the right one.
 */
function streamsEndpointOf(endpoint: Endpoint): Endpoint {
  const aws = /^dynamodb\.([a-z0-9-]+)\.amazonaws\.com$/.exec(endpoint.hostname);
  return aws === null ? endpoint : { ...endpoint, hostname: `streams.${endpoint.hostname}` };
}

/** A DynamoDB Streams client for the endpoint, region and credentials of `client`. */
export function streamsClientFor(client: DynamoDBClient): DynamoDBStreamsClient {
  const { endpoint, region, credentials } = client.config;
  return new DynamoDBStreamsClient({
    region,
    credentials,
    ...(endpoint === undefined ? {} : { endpoint: async () => streamsEndpointOf(await endpoint()) }),
  });
}

/** An example that also gets a streams client, destroyed when the example ends. */
export function streamsExample(name: string, title: string, run: (context: ExampleContext, streams: DynamoDBStreamsClient) => Promise<void>): Example {
  return example(name, title, async (context) => {
    const streams = streamsClientFor(context.client);
    try {
      await run(context, streams);
    } finally {
      streams.destroy();
    }
  });
}
