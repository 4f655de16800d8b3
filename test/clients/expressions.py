"""Drives Strata's expression support with boto3: python3 expressions.py ENDPOINT.

Exits non-zero (through a failed assert or an unexpected error) when an answer is wrong.
boto3 checks every response's x-amz-crc32 on its own and raises when it does not match.
"""
import sys
from decimal import Decimal

import boto3
from botocore.exceptions import ClientError

endpoint = sys.argv[1]
settings = dict(endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="boto3test", aws_secret_access_key="secret")
client = boto3.client("dynamodb", **settings)
resource = boto3.resource("dynamodb", **settings)

client.create_table(
    TableName="scores",
    KeySchema=[{"AttributeName": "player", "KeyType": "HASH"}],
    AttributeDefinitions=[{"AttributeName": "player", "AttributeType": "S"}],
    BillingMode="PAY_PER_REQUEST",
)
table = resource.Table("scores")

table.put_item(Item={"player": "ada", "score": Decimal("10"), "badges": {"first"}, "history": []}, ConditionExpression="attribute_not_exists(player)")

updated = table.update_item(
    Key={"player": "ada"},
    UpdateExpression="SET score = score + :points, history = list_append(history, :entry) ADD badges :badge",
    ExpressionAttributeValues={":points": Decimal("2.5"), ":entry": [Decimal("2.5")], ":badge": {"streak"}},
    ReturnValues="UPDATED_NEW",
)["Attributes"]
assert updated == {"score": Decimal("12.5"), "history": [Decimal("2.5")], "badges": {"first", "streak"}}, updated

try:
    table.put_item(Item={"player": "ada"}, ConditionExpression="attribute_not_exists(player)")
    raise AssertionError("the duplicate put should have failed")
except ClientError as error:
    assert error.response["Error"]["Code"] == "ConditionalCheckFailedException", error.response

try:
    table.update_item(Key={"player": "ada"}, UpdateExpression="SET score = score + :text", ExpressionAttributeValues={":text": "x"})
    raise AssertionError("adding a string should have failed")
except ClientError as error:
    assert error.response["Error"]["Code"] == "ValidationException", error.response
    assert "Incorrect operand type" in error.response["Error"]["Message"], error.response

projected = table.get_item(Key={"player": "ada"}, ProjectionExpression="score, #h[0]", ExpressionAttributeNames={"#h": "history"})["Item"]
assert projected == {"score": Decimal("12.5"), "history": [Decimal("2.5")]}, projected

old = table.delete_item(Key={"player": "ada"}, ConditionExpression="score > :min", ExpressionAttributeValues={":min": Decimal("12")}, ReturnValues="ALL_OLD")["Attributes"]
assert old["player"] == "ada", old
print("boto3 expressions: ok")
