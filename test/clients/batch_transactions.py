"""Drives batches and transactions with boto3: python3 batch_transactions.py ENDPOINT.

The resource's batch_writer (BatchWriteItem, 25 requests at a time), batch_get_item
followed through UnprocessedKeys by hand (boto3 has no paginator for it), and the
client's transact_write_items and transact_get_items, with a cancelled transaction
caught as the client's modelled TransactionCanceledException.

Exits non-zero (through a failed assert or an unexpected error) when an answer is wrong.
"""
import sys
from decimal import Decimal

import boto3

endpoint = sys.argv[1]
settings = dict(endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="boto3batches", aws_secret_access_key="secret")
client = boto3.client("dynamodb", **settings)
resource = boto3.resource("dynamodb", **settings)

# BatchGetItem answers at most 16 MB per call: 50 items of about 390 KB (19.5 MB) cannot fit in one.
BLOBS = 50
BLOB_PAYLOAD_BYTES = 390_000
BATCH_GET_RESPONSE_BYTES_MAX = 16 * 1024 * 1024

for name in ("stock", "blobs"):
    resource.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "sku", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "sku", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    ).wait_until_exists()
stock = resource.Table("stock")
blobs = resource.Table("blobs")

# batch_writer buffers and sends BatchWriteItem requests of 25, resending anything unprocessed;
# overwrite_by_pkeys keeps only the last request for a key within a buffer.
with stock.batch_writer(overwrite_by_pkeys=["sku"]) as batch:
    for n in range(120):
        batch.put_item(Item={"sku": f"s{n:03d}", "count": n, "tags": {"new"} if n % 2 == 0 else {"old"}})
    batch.put_item(Item={"sku": "s000", "count": 1000, "tags": {"replaced"}})
    for n in range(100, 120):
        batch.delete_item(Key={"sku": f"s{n:03d}"})

scanned = {}
for page in client.get_paginator("scan").paginate(TableName="stock"):
    for item in page["Items"]:
        scanned[item["sku"]["S"]] = int(item["count"]["N"])
assert scanned == {f"s{n:03d}": (1000 if n == 0 else n) for n in range(100)}, scanned


def blob(n):
    sku = f"b{n:02d}"
    return {"sku": sku, "payload": f"{sku}:".ljust(BLOB_PAYLOAD_BYTES, sku[-1])}


with blobs.batch_writer() as batch:
    for n in range(BLOBS):
        batch.put_item(Item=blob(n))

# batch_get_item across both tables, resending UnprocessedKeys until none are left.
request = {
    "blobs": {"Keys": [{"sku": blob(n)["sku"]} for n in range(BLOBS)]},
    "stock": {"Keys": [{"sku": f"s{n:03d}"} for n in (0, 7, 99, 100)], "ProjectionExpression": "sku, #c", "ExpressionAttributeNames": {"#c": "count"}},
}
fetched = {"blobs": [], "stock": []}
calls = 0
while request:
    answer = resource.batch_get_item(RequestItems=request)
    calls += 1
    page_bytes = sum(len(item["sku"]) + len(item["payload"]) + len("sku") + len("payload") for item in answer["Responses"].get("blobs", []))
    assert page_bytes <= BATCH_GET_RESPONSE_BYTES_MAX, (calls, page_bytes)
    for name, items in answer["Responses"].items():
        fetched[name].extend(items)
    request = answer["UnprocessedKeys"]
    if calls == 1:
        assert "blobs" in request and request["blobs"]["Keys"], "19.5 MB of items came back in one BatchGetItem"
    assert calls <= 10, f"UnprocessedKeys still not empty after {calls} calls"
assert sorted(item["sku"] for item in fetched["blobs"]) == [blob(n)["sku"] for n in range(BLOBS)], [item["sku"] for item in fetched["blobs"]]
assert all(item == blob(int(item["sku"][1:])) for item in fetched["blobs"])
assert sorted(fetched["stock"], key=lambda item: item["sku"]) == [
    {"sku": "s000", "count": Decimal(1000)},
    {"sku": "s007", "count": Decimal(7)},
    {"sku": "s099", "count": Decimal(99)},
], fetched["stock"]

# A transaction that moves stock between two skus, applied as a whole.
move = dict(TableName="stock", ExpressionAttributeValues={":n": {"N": "5"}})
client.transact_write_items(
    TransactItems=[
        {"Update": {**move, "Key": {"sku": {"S": "s007"}}, "UpdateExpression": "SET #c = #c - :n", "ConditionExpression": "#c >= :n", "ExpressionAttributeNames": {"#c": "count"}}},
        {"Update": {**move, "Key": {"sku": {"S": "s003"}}, "UpdateExpression": "ADD #c :n", "ExpressionAttributeNames": {"#c": "count"}}},
        {"Put": {"TableName": "stock", "Item": {"sku": {"S": "log-1"}, "moved": {"N": "5"}}, "ConditionExpression": "attribute_not_exists(sku)"}},
    ]
)

# One that cannot apply: s003 holds 8, not 50. Nothing of it may land.
try:
    client.transact_write_items(
        TransactItems=[
            {"Put": {"TableName": "stock", "Item": {"sku": {"S": "log-2"}, "moved": {"N": "50"}}, "ConditionExpression": "attribute_not_exists(sku)"}},
            {
                "Update": {
                    "TableName": "stock",
                    "Key": {"sku": {"S": "s003"}},
                    "UpdateExpression": "SET #c = #c - :n",
                    "ConditionExpression": "#c >= :n",
                    "ExpressionAttributeNames": {"#c": "count"},
                    "ExpressionAttributeValues": {":n": {"N": "50"}},
                    "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
                }
            },
            {"Update": {"TableName": "stock", "Key": {"sku": {"S": "s008"}}, "UpdateExpression": "ADD #c :n", "ExpressionAttributeNames": {"#c": "count"}, "ExpressionAttributeValues": {":n": {"N": "50"}}}},
        ]
    )
    raise AssertionError("a transaction with a failing condition was applied")
except client.exceptions.TransactionCanceledException as error:
    reasons = error.response["CancellationReasons"]
    assert [reason["Code"] for reason in reasons] == ["None", "ConditionalCheckFailed", "None"], reasons
    assert reasons[1]["Item"] == {"sku": {"S": "s003"}, "count": {"N": "8"}, "tags": {"SS": ["old"]}}, reasons[1]
    assert "Item" not in reasons[0] and "Item" not in reasons[2], reasons

answer = client.transact_get_items(
    TransactItems=[
        {"Get": {"TableName": "stock", "Key": {"sku": {"S": sku}}, "ProjectionExpression": "#c", "ExpressionAttributeNames": {"#c": "count"}}}
        for sku in ("s007", "s003", "s008")
    ]
    + [{"Get": {"TableName": "stock", "Key": {"sku": {"S": sku}}}} for sku in ("log-1", "log-2")]
)
assert [response.get("Item") for response in answer["Responses"]] == [
    {"count": {"N": "2"}},
    {"count": {"N": "8"}},
    {"count": {"N": "8"}},
    {"sku": {"S": "log-1"}, "moved": {"N": "5"}},
    None,
], answer["Responses"]

print("boto3 batches and transactions: ok")
