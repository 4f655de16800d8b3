"""Drives Query and Scan with boto3's paginators: python3 query_scan.py ENDPOINT.

Exits non-zero (through a failed assert or an unexpected error) when an answer is wrong.
"""
import sys

import boto3
from boto3.dynamodb.conditions import Attr, Key

endpoint = sys.argv[1]
settings = dict(endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="boto3test", aws_secret_access_key="secret")
client = boto3.client("dynamodb", **settings)
table = boto3.resource("dynamodb", **settings).create_table(
    TableName="events",
    KeySchema=[{"AttributeName": "device", "KeyType": "HASH"}, {"AttributeName": "at", "KeyType": "RANGE"}],
    AttributeDefinitions=[{"AttributeName": "device", "AttributeType": "S"}, {"AttributeName": "at", "AttributeType": "N"}],
    BillingMode="PAY_PER_REQUEST",
)
for device in ("d1", "d2"):
    for at in range(250):
        table.put_item(Item={"device": device, "at": at, "level": "warn" if at % 5 == 0 else "info"})

newest = table.query(KeyConditionExpression=Key("device").eq("d1") & Key("at").between(100, 199), ScanIndexForward=False, Limit=3)
assert [int(item["at"]) for item in newest["Items"]] == [199, 198, 197], newest["Items"]
assert newest["LastEvaluatedKey"] == {"device": "d1", "at": 197}, newest["LastEvaluatedKey"]

warnings = []
for page in client.get_paginator("query").paginate(
    TableName="events",
    KeyConditionExpression="device = :d",
    FilterExpression="#level = :warn",
    ExpressionAttributeNames={"#level": "level"},
    ExpressionAttributeValues={":d": {"S": "d2"}, ":warn": {"S": "warn"}},
    PaginationConfig={"PageSize": 40},
):
    warnings.extend(int(item["at"]["N"]) for item in page["Items"])
assert warnings == list(range(0, 250, 5)), warnings

seen = set()
for segment in range(3):
    for page in client.get_paginator("scan").paginate(TableName="events", Segment=segment, TotalSegments=3, PaginationConfig={"PageSize": 70}):
        for item in page["Items"]:
            key = (item["device"]["S"], item["at"]["N"])
            assert key not in seen, key
            seen.add(key)
assert len(seen) == 500, len(seen)

count = table.scan(Select="COUNT", FilterExpression=Attr("level").eq("warn"))
assert count["Count"] == 100 and count["ScannedCount"] == 500, count
print("boto3 query and scan: ok")
