"""Reads a table's stream with boto3's dynamodbstreams client: python3 streams.py ENDPOINT.

A stream enabled at CreateTable and seen in DescribeTable; writes through PutItem,
UpdateItem, DeleteItem, BatchWriteItem and TransactWriteItems read back from
TRIM_HORIZON in order with their images; LATEST and the sequence number iterator
types; a disabled stream still readable and its drained shard giving no next
iterator; and the errors boto3 surfaces as ClientError.

Exits non-zero (through a failed assert or an unexpected error) when an answer is wrong.
"""
import sys

import boto3
from botocore.exceptions import ClientError

endpoint = sys.argv[1]
settings = dict(endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="boto3streams", aws_secret_access_key="secret")
client = boto3.client("dynamodb", **settings)
streams = boto3.client("dynamodbstreams", **settings)

created = client.create_table(
    TableName="events",
    KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
    AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
    BillingMode="PAY_PER_REQUEST",
    StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
)["TableDescription"]
assert created["StreamSpecification"] == {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"}, created
arn = created["LatestStreamArn"]
assert arn == f"arn:aws:dynamodb:us-east-1:000000000000:table/events/stream/{created['LatestStreamLabel']}", arn
assert client.describe_table(TableName="events")["Table"]["LatestStreamArn"] == arn

client.put_item(TableName="events", Item={"pk": {"S": "a"}, "n": {"N": "1"}})
client.put_item(TableName="events", Item={"pk": {"S": "a"}, "n": {"N": "1.0"}})  # no change: no record
client.update_item(TableName="events", Key={"pk": {"S": "a"}}, UpdateExpression="ADD n :one", ExpressionAttributeValues={":one": {"N": "1"}})
client.batch_write_item(RequestItems={"events": [{"PutRequest": {"Item": {"pk": {"S": "b"}}}}, {"DeleteRequest": {"Key": {"pk": {"S": "a"}}}}]})
client.transact_write_items(TransactItems=[{"Put": {"TableName": "events", "Item": {"pk": {"S": "c"}}}}])

listed = streams.list_streams(TableName="events")["Streams"]
assert listed == [{"StreamArn": arn, "TableName": "events", "StreamLabel": created["LatestStreamLabel"]}], listed
description = streams.describe_stream(StreamArn=arn)["StreamDescription"]
assert description["StreamStatus"] == "ENABLED" and description["StreamViewType"] == "NEW_AND_OLD_IMAGES", description
assert description["KeySchema"] == [{"AttributeName": "pk", "KeyType": "HASH"}], description
[shard] = description["Shards"]
assert "EndingSequenceNumber" not in shard["SequenceNumberRange"], shard

iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard["ShardId"], ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
page = streams.get_records(ShardIterator=iterator)
records = page["Records"]
assert [(r["eventName"], r["dynamodb"]["Keys"]["pk"]["S"]) for r in records] == [
    ("INSERT", "a"),
    ("MODIFY", "a"),
    ("INSERT", "b"),
    ("REMOVE", "a"),
    ("INSERT", "c"),
], records
modify = records[1]
assert modify["dynamodb"]["OldImage"] == {"pk": {"S": "a"}, "n": {"N": "1"}}, modify
assert modify["dynamodb"]["NewImage"] == {"pk": {"S": "a"}, "n": {"N": "2"}}, modify
assert modify["eventSource"] == "aws:dynamodb" and modify["eventVersion"] == "1.1" and modify["awsRegion"] == "us-east-1", modify
sequence_numbers = [int(r["dynamodb"]["SequenceNumber"]) for r in records]
assert sequence_numbers == sorted(sequence_numbers) and len(set(sequence_numbers)) == 5, sequence_numbers
assert streams.get_records(ShardIterator=page["NextShardIterator"])["Records"] == []

second = records[1]["dynamodb"]["SequenceNumber"]
at = streams.get_shard_iterator(StreamArn=arn, ShardId=shard["ShardId"], ShardIteratorType="AT_SEQUENCE_NUMBER", SequenceNumber=second)
assert streams.get_records(ShardIterator=at["ShardIterator"], Limit=1)["Records"][0]["dynamodb"]["SequenceNumber"] == second
after = streams.get_shard_iterator(StreamArn=arn, ShardId=shard["ShardId"], ShardIteratorType="AFTER_SEQUENCE_NUMBER", SequenceNumber=second)
assert streams.get_records(ShardIterator=after["ShardIterator"], Limit=1)["Records"][0]["eventName"] == "INSERT"
latest = streams.get_shard_iterator(StreamArn=arn, ShardId=shard["ShardId"], ShardIteratorType="LATEST")["ShardIterator"]
client.put_item(TableName="events", Item={"pk": {"S": "d"}})
assert [r["dynamodb"]["Keys"]["pk"]["S"] for r in streams.get_records(ShardIterator=latest)["Records"]] == ["d"]

updated = client.update_table(TableName="events", StreamSpecification={"StreamEnabled": False})["TableDescription"]
assert "StreamSpecification" not in updated and updated["LatestStreamArn"] == arn, updated
assert streams.describe_stream(StreamArn=arn)["StreamDescription"]["StreamStatus"] == "DISABLED"
drained = streams.get_records(ShardIterator=streams.get_shard_iterator(StreamArn=arn, ShardId=shard["ShardId"], ShardIteratorType="TRIM_HORIZON")["ShardIterator"])
assert len(drained["Records"]) == 6 and "NextShardIterator" not in drained, drained

def error_of(call):
    try:
        call()
    except ClientError as error:
        return error.response["Error"]["Code"], error.response["Error"]["Message"]
    raise AssertionError("expected an error")

assert error_of(lambda: client.update_table(TableName="events", StreamSpecification={"StreamEnabled": False})) == (
    "ValidationException",
    "Table has no stream to disable: TableName: events",
)
missing = arn.replace("events", "absent")
assert error_of(lambda: streams.describe_stream(StreamArn=missing)) == ("ResourceNotFoundException", f"Requested resource not found: Stream: {missing} not found")
assert error_of(lambda: streams.get_records(ShardIterator="not-an-iterator")) == ("ValidationException", "Invalid ShardIterator")
print("boto3 streams: ok")
