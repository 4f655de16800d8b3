"""Drives tables and items with boto3: python3 tables_items.py ENDPOINT.

Exits non-zero (through a failed assert or an unexpected error) when an answer is wrong.
boto3 checks every DynamoDB response's x-amz-crc32 against the body it received and
raises ChecksumError on a mismatch; the last check here proves that check is live.
"""
import sys
from decimal import Decimal

import boto3
from boto3.dynamodb.types import Binary
from botocore.config import Config
from botocore.exceptions import ChecksumError, ClientError

endpoint = sys.argv[1]
settings = dict(endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="boto3tables", aws_secret_access_key="secret")
# One attempt: a retried request could hide a failed checksum behind a later success.
client = boto3.client("dynamodb", config=Config(retries={"total_max_attempts": 1, "mode": "legacy"}), **settings)
resource = boto3.resource("dynamodb", **settings)
waiter_config = {"Delay": 1, "MaxAttempts": 10}


def error_code(call, **kwargs):
    """The DynamoDB error code a call fails with."""
    try:
        call(**kwargs)
    except ClientError as error:
        assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 400, error.response
        return error.response["Error"]["Code"]
    raise AssertionError(f"{call.__name__} should have failed")


# Tables: a simple on-demand key and a composite provisioned one.
client.create_table(
    TableName="people",
    KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
    AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
    BillingMode="PAY_PER_REQUEST",
)
client.create_table(
    TableName="readings",
    KeySchema=[{"AttributeName": "sensor", "KeyType": "HASH"}, {"AttributeName": "at", "KeyType": "RANGE"}],
    AttributeDefinitions=[{"AttributeName": "sensor", "AttributeType": "B"}, {"AttributeName": "at", "AttributeType": "N"}],
    ProvisionedThroughput={"ReadCapacityUnits": 3, "WriteCapacityUnits": 4},
)
client.get_waiter("table_exists").wait(TableName="readings", WaiterConfig=waiter_config)
described = client.describe_table(TableName="readings")["Table"]
assert described["TableStatus"] == "ACTIVE", described
assert described["TableArn"] == "arn:aws:dynamodb:us-east-1:000000000000:table/readings", described
assert described["KeySchema"] == [{"AttributeName": "sensor", "KeyType": "HASH"}, {"AttributeName": "at", "KeyType": "RANGE"}], described
assert described["ProvisionedThroughput"]["ReadCapacityUnits"] == 3, described
assert described["CreationDateTime"].year >= 2024, described
names = [name for page in client.get_paginator("list_tables").paginate(PaginationConfig={"PageSize": 1}) for name in page["TableNames"]]
assert names == ["people", "readings"], names

# Every attribute type through the low-level client, exactly as sent (sets compared unordered).
item = {
    "id": {"S": "all-types"},
    "text": {"S": "héllo 😀"},
    "number": {"N": "-12.500"},
    "bytes": {"B": bytes(range(256))},
    "flag": {"BOOL": True},
    "nothing": {"NULL": True},
    "map": {"M": {"list": {"L": [{"N": "1"}, {"S": "two"}, {"M": {"deep": {"BOOL": False}}}]}}},
    "strings": {"SS": ["b", "a"]},
    "numbers": {"NS": ["3", "1.50"]},
    "binaries": {"BS": [b"\x01", b"\x00\x02"]},
}
client.put_item(TableName="people", Item=item)
stored = client.get_item(TableName="people", Key={"id": {"S": "all-types"}}, ConsistentRead=True)["Item"]
assert stored["number"] == {"N": "-12.5"}, stored
assert stored["bytes"] == {"B": bytes(range(256))}, stored
assert sorted(stored["strings"]["SS"]) == ["a", "b"], stored
assert sorted(stored["numbers"]["NS"]) == ["1.5", "3"], stored
assert sorted(stored["binaries"]["BS"]) == [b"\x00\x02", b"\x01"], stored
for name in ("text", "flag", "nothing", "map"):
    assert stored[name] == item[name], (name, stored)
old = client.delete_item(TableName="people", Key={"id": {"S": "all-types"}}, ReturnValues="ALL_OLD")["Attributes"]
assert old["text"] == {"S": "héllo 😀"}, old
assert "Item" not in client.get_item(TableName="people", Key={"id": {"S": "all-types"}})

# The same through the resource layer: Decimal, sets, Binary keys, None.
readings = resource.Table("readings")
document = {"sensor": Binary(b"\x00s1"), "at": Decimal("1700000000.25"), "tags": {"a", "b"}, "values": [Decimal("1.1"), None, True], "meta": {"unit": "°C"}}
readings.put_item(Item=document)
assert readings.get_item(Key={"sensor": Binary(b"\x00s1"), "at": Decimal("1700000000.25")})["Item"] == document
capacity = readings.delete_item(Key={"sensor": Binary(b"\x00s1"), "at": Decimal("1700000000.25")}, ReturnConsumedCapacity="TOTAL")["ConsumedCapacity"]
assert capacity == {"TableName": "readings", "CapacityUnits": 1.0}, capacity

# Errors arrive with DynamoDB's codes, and as the client's modeled exception classes.
assert error_code(client.describe_table, TableName="missing") == "ResourceNotFoundException"
assert error_code(client.create_table, TableName="people", KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}], AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}], BillingMode="PAY_PER_REQUEST") == "ResourceInUseException"
assert error_code(client.put_item, TableName="people", Item={"id": {"S": "big"}, "blob": {"S": "x" * 400 * 1024}}) == "ValidationException"
try:
    client.get_item(TableName="missing", Key={"id": {"S": "x"}})
    raise AssertionError("reading a missing table should have failed")
except client.exceptions.ResourceNotFoundException:
    pass

# Deletion protection, then delete and wait for the table to go.
client.update_table(TableName="people", DeletionProtectionEnabled=True)
assert error_code(client.delete_table, TableName="people") == "ValidationException"
client.update_table(TableName="people", DeletionProtectionEnabled=False)
assert client.delete_table(TableName="people")["TableDescription"]["TableStatus"] == "DELETING"
client.get_waiter("table_not_exists").wait(TableName="people", WaiterConfig=waiter_config)
assert client.list_tables()["TableNames"] == ["readings"]


# The CRC32 check is live: a response whose header no longer matches its body is refused.
def corrupt_checksum(response_dict, **_):
    response_dict["headers"]["x-amz-crc32"] = str((int(response_dict["headers"]["x-amz-crc32"]) + 1) % 2**32)


client.meta.events.register("before-parse.dynamodb.ListTables", corrupt_checksum)
try:
    client.list_tables()
    raise AssertionError("a wrong x-amz-crc32 should have raised")
except ChecksumError:
    pass
print("boto3 tables and items: ok")
