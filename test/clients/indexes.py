"""Drives secondary indexes with boto3: python3 indexes.py ENDPOINT.

An LSI and GSIs (one with a multi-attribute key) declared at CreateTable, a GSI added
to the live table, Query and Scan by IndexName through the resource API and the
paginators, and the errors boto3 surfaces as ClientError.

Exits non-zero (through a failed assert or an unexpected error) when an answer is wrong.
"""
import sys
import time

import boto3
from boto3.dynamodb.conditions import Attr, Key
from botocore.exceptions import ClientError

endpoint = sys.argv[1]
settings = dict(endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="boto3indexes", aws_secret_access_key="secret")
client = boto3.client("dynamodb", **settings)
table = boto3.resource("dynamodb", **settings).create_table(
    TableName="orders",
    KeySchema=[{"AttributeName": "customer", "KeyType": "HASH"}, {"AttributeName": "orderId", "KeyType": "RANGE"}],
    AttributeDefinitions=[
        {"AttributeName": "customer", "AttributeType": "S"},
        {"AttributeName": "orderId", "AttributeType": "S"},
        {"AttributeName": "total", "AttributeType": "N"},
        {"AttributeName": "status", "AttributeType": "S"},
        {"AttributeName": "store", "AttributeType": "S"},
        {"AttributeName": "day", "AttributeType": "N"},
    ],
    LocalSecondaryIndexes=[
        {
            "IndexName": "byTotal",
            "KeySchema": [{"AttributeName": "customer", "KeyType": "HASH"}, {"AttributeName": "total", "KeyType": "RANGE"}],
            "Projection": {"ProjectionType": "KEYS_ONLY"},
        }
    ],
    GlobalSecondaryIndexes=[
        {
            "IndexName": "byStatus",
            "KeySchema": [{"AttributeName": "status", "KeyType": "HASH"}],
            "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["total"]},
        },
        {
            "IndexName": "byStoreDay",
            "KeySchema": [
                {"AttributeName": "store", "KeyType": "HASH"},
                {"AttributeName": "status", "KeyType": "HASH"},
                {"AttributeName": "day", "KeyType": "RANGE"},
                {"AttributeName": "total", "KeyType": "RANGE"},
            ],
            "Projection": {"ProjectionType": "ALL"},
        },
    ],
    BillingMode="PAY_PER_REQUEST",
)
table.wait_until_exists()

orders = []
for n in range(120):
    order = {"customer": f"c{n % 4}", "orderId": f"o{n:03d}", "total": (n * 37) % 500, "store": f"s{n % 3}", "day": n % 7, "note": f"order {n}"}
    if n % 5 != 0:
        order["status"] = "open" if n % 2 == 0 else "shipped"
    orders.append(order)
for order in orders:
    table.put_item(Item=order)

# LSI: one customer's orders by total, largest first; KEYS_ONLY, so ALL_ATTRIBUTES fetches from the table.
largest = table.query(IndexName="byTotal", KeyConditionExpression=Key("customer").eq("c1") & Key("total").gte(250), ScanIndexForward=False, Select="ALL_ATTRIBUTES")
expected = sorted((o for o in orders if o["customer"] == "c1" and o["total"] >= 250), key=lambda o: (o["total"], o["orderId"]), reverse=True)
assert [item["orderId"] for item in largest["Items"]] == [o["orderId"] for o in expected], largest["Items"]
assert all("note" in item for item in largest["Items"]), largest["Items"]

# Sparse GSI with INCLUDE, through the paginator: only orders that have a status.
open_orders = []
for page in client.get_paginator("query").paginate(
    TableName="orders",
    IndexName="byStatus",
    KeyConditionExpression="#s = :s",
    ExpressionAttributeNames={"#s": "status"},
    ExpressionAttributeValues={":s": {"S": "open"}},
    PaginationConfig={"PageSize": 7},
):
    for item in page["Items"]:
        assert set(item) == {"customer", "orderId", "status", "total"}, item
        open_orders.append(item["orderId"]["S"])
    if "LastEvaluatedKey" in page:
        assert set(page["LastEvaluatedKey"]) == {"customer", "orderId", "status"}, page["LastEvaluatedKey"]
assert sorted(open_orders) == sorted(o["orderId"] for o in orders if o.get("status") == "open"), open_orders

# Multi-attribute GSI key: both partition attributes, the first sort attribute by equality, a range on the second.
answer = table.query(
    IndexName="byStoreDay",
    KeyConditionExpression=Key("store").eq("s1") & Key("status").eq("shipped") & Key("day").eq(3) & Key("total").between(100, 400),
)
expected = sorted(
    (o for o in orders if o["store"] == "s1" and o.get("status") == "shipped" and o["day"] == 3 and 100 <= o["total"] <= 400),
    key=lambda o: (o["total"], o["customer"], o["orderId"]),
)
assert [item["orderId"] for item in answer["Items"]] == [o["orderId"] for o in expected], answer["Items"]

try:
    table.query(IndexName="byStoreDay", KeyConditionExpression=Key("store").eq("s1") & Key("day").eq(3))
    raise AssertionError("a query without every partition attribute was accepted")
except ClientError as error:
    assert error.response["Error"]["Code"] == "ValidationException", error.response

try:
    table.query(IndexName="byStatus", KeyConditionExpression=Key("status").eq("open"), ConsistentRead=True)
    raise AssertionError("a consistent read of a GSI was accepted")
except ClientError as error:
    assert error.response["Error"]["Code"] == "ValidationException", error.response

# Parallel scan of a GSI: segments are disjoint and cover the index.
seen = []
for segment in range(3):
    for page in client.get_paginator("scan").paginate(TableName="orders", IndexName="byStatus", Segment=segment, TotalSegments=3, PaginationConfig={"PageSize": 9}):
        seen.extend(item["orderId"]["S"] for item in page["Items"])
assert sorted(seen) == sorted(o["orderId"] for o in orders if "status" in o), seen

# A GSI added to the live table fills in the background, then answers.
client.update_table(
    TableName="orders",
    AttributeDefinitions=[{"AttributeName": "store", "AttributeType": "S"}],
    GlobalSecondaryIndexUpdates=[{"Create": {"IndexName": "byStore", "KeySchema": [{"AttributeName": "store", "KeyType": "HASH"}], "Projection": {"ProjectionType": "KEYS_ONLY"}}}],
)
for _ in range(500):
    indexes = client.describe_table(TableName="orders")["Table"]["GlobalSecondaryIndexes"]
    if all(index["IndexStatus"] == "ACTIVE" for index in indexes):
        break
    time.sleep(0.02)
else:
    raise AssertionError("the new GSI never became ACTIVE")
count = table.query(IndexName="byStore", KeyConditionExpression=Key("store").eq("s2"), Select="COUNT")["Count"]
assert count == sum(1 for o in orders if o["store"] == "s2"), count
filtered = table.scan(IndexName="byStoreDay", FilterExpression=Attr("note").begins_with("order 1"))
assert sorted(item["orderId"] for item in filtered["Items"]) == sorted(o["orderId"] for o in orders if "status" in o and o["note"].startswith("order 1")), filtered

print("boto3 indexes: ok")
