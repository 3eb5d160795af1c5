"""Offer files in AWS's Price List formats, made for tests.

The EC2 CSV uses the real 91-column header of an AmazonEC2 bulk offer file
(tests/data/offer-samples/ec2-global-20250912225308-sample.csv). No real
AWSLambda offer file was found; the Lambda files follow the structure AWS
documents and the SKUs, groups and ranges recorded in aws-pricing-facts.md 5.3.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

EC2_HEADER = [
    "SKU",
    "OfferTermCode",
    "RateCode",
    "TermType",
    "PriceDescription",
    "EffectiveDate",
    "StartingRange",
    "EndingRange",
    "Unit",
    "PricePerUnit",
    "Currency",
    "RelatedTo",
    "LeaseContractLength",
    "PurchaseOption",
    "OfferingClass",
    "Product Family",
    "serviceCode",
    "Location",
    "Location Type",
    "Instance Type",
    "Current Generation",
    "Instance Family",
    "vCPU",
    "Physical Processor",
    "Clock Speed",
    "Memory",
    "Storage",
    "Network Performance",
    "Processor Architecture",
    "Storage Media",
    "Volume Type",
    "Max Volume Size",
    "Max IOPS/volume",
    "Max IOPS Burst Performance",
    "Max throughput/volume",
    "Provisioned",
    "Tenancy",
    "EBS Optimized",
    "Operating System",
    "License Model",
    "Group",
    "Group Description",
    "Transfer Type",
    "From Location",
    "From Location Type",
    "To Location",
    "To Location Type",
    "usageType",
    "operation",
    "AvailabilityZone",
    "CapacityStatus",
    "ClassicNetworkingSupport",
    "Dedicated EBS Throughput",
    "ECU",
    "Elastic Graphics Type",
    "Enhanced Networking Supported",
    "From Region Code",
    "GPU",
    "GPU Memory",
    "Instance",
    "Instance Capacity - 10xlarge",
    "Instance Capacity - 12xlarge",
    "Instance Capacity - 16xlarge",
    "Instance Capacity - 18xlarge",
    "Instance Capacity - 24xlarge",
    "Instance Capacity - 2xlarge",
    "Instance Capacity - 32xlarge",
    "Instance Capacity - 4xlarge",
    "Instance Capacity - 8xlarge",
    "Instance Capacity - 9xlarge",
    "Instance Capacity - large",
    "Instance Capacity - medium",
    "Instance Capacity - metal",
    "Instance Capacity - xlarge",
    "instanceSKU",
    "Intel AVX2 Available",
    "Intel AVX Available",
    "Intel Turbo Available",
    "MarketOption",
    "Normalization Size Factor",
    "Physical Cores",
    "Pre Installed S/W",
    "Processor Features",
    "Product Type",
    "Region Code",
    "Resource Type",
    "serviceName",
    "SnapshotArchiveFeeType",
    "To Region Code",
    "Volume API Name",
    "VPCNetworkingSupport",
]

METADATA = [
    ["FormatVersion", "v1.0"],
    ["Disclaimer", "This pricing list is for informational purposes only."],
    ["Publication Date", "2026-11-20T10:00:00Z"],
    ["Version", "20261120100000"],
]

# (region, type, vCPU, memory, processor, price, os, tenancy, capacity, term)
EC2_ROWS = [
    (
        "us-east-1",
        "m5.large",
        "2",
        "8 GiB",
        "Intel Xeon Platinum 8175",
        "0.0960000000",
        "Linux",
        "Shared",
        "Used",
        "OnDemand",
    ),
    (
        "us-east-1",
        "m7g.large",
        "2",
        "8 GiB",
        "AWS Graviton3 Processor",
        "0.0816000000",
        "Linux",
        "Shared",
        "Used",
        "OnDemand",
    ),
    (
        "us-east-1",
        "t3.micro",
        "2",
        "1 GiB",
        "Intel Skylake E5 2686 v5",
        "0.0104000000",
        "Linux",
        "Shared",
        "Used",
        "OnDemand",
    ),
    (
        "eu-west-1",
        "m5.large",
        "2",
        "8 GiB",
        "Intel Xeon Platinum 8175",
        "0.1070000000",
        "Linux",
        "Shared",
        "Used",
        "OnDemand",
    ),
    # Rows an importer must leave out: other systems, tenancies, capacity states and terms.
    (
        "us-east-1",
        "m5.large",
        "2",
        "8 GiB",
        "Intel Xeon Platinum 8175",
        "0.1880000000",
        "Windows",
        "Shared",
        "Used",
        "OnDemand",
    ),
    (
        "us-east-1",
        "m5.large",
        "2",
        "8 GiB",
        "Intel Xeon Platinum 8175",
        "0.1060000000",
        "Linux",
        "Dedicated",
        "Used",
        "OnDemand",
    ),
    (
        "us-east-1",
        "m5.large",
        "2",
        "8 GiB",
        "Intel Xeon Platinum 8175",
        "0.0000000000",
        "Linux",
        "Shared",
        "AllocatedCapacityReservation",
        "OnDemand",
    ),
    (
        "us-east-1",
        "m5.large",
        "2",
        "8 GiB",
        "Intel Xeon Platinum 8175",
        "0.0600000000",
        "Linux",
        "Shared",
        "Used",
        "Reserved",
    ),
]


def ec2_csv(rows: list[tuple[str, ...]] = EC2_ROWS) -> str:
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerows([*METADATA, ["OfferCode", "AmazonEC2"], EC2_HEADER])
    index = {name: i for i, name in enumerate(EC2_HEADER)}
    for n, (region, kind, vcpu, memory, processor, price, system, tenancy, capacity, term) in enumerate(rows):
        row = [""] * len(EC2_HEADER)
        values = {
            "SKU": f"SKU{n:08d}",
            "OfferTermCode": "JRTCKXETXF",
            "TermType": term,
            "Unit": "Hrs",
            "PricePerUnit": price,
            "Currency": "USD",
            "Product Family": "Compute Instance",
            "Instance Type": kind,
            "vCPU": vcpu,
            "Memory": memory,
            "Physical Processor": processor,
            "Operating System": system,
            "Tenancy": tenancy,
            "Pre Installed S/W": "NA",
            "CapacityStatus": capacity,
            "Region Code": region,
            "License Model": "No License required",
            "serviceCode": "AmazonEC2",
        }
        for name, value in values.items():
            row[index[name]] = value
        writer.writerow(row)
    return out.getvalue()


# (region, group, usagetype, begin, end, price per unit)
LAMBDA_DIMENSIONS = [
    ("us-east-1", "AWS-Lambda-Requests", "Request", "0", "Inf", "0.0000002"),
    ("us-east-1", "AWS-Lambda-Requests-ARM", "Request-ARM", "0", "Inf", "0.0000002"),
    ("us-east-1", "AWS-Lambda-Duration", "Lambda-GB-Second", "0", "6000000000", "0.0000166667"),
    ("us-east-1", "AWS-Lambda-Duration", "Lambda-GB-Second", "6000000000", "15000000000", "0.0000150000"),
    ("us-east-1", "AWS-Lambda-Duration", "Lambda-GB-Second", "15000000000", "Inf", "0.0000133334"),
    ("us-east-1", "AWS-Lambda-Duration-ARM", "Lambda-GB-Second-ARM", "0", "7500000000", "0.0000133334"),
    (
        "us-east-1",
        "AWS-Lambda-Duration-ARM",
        "Lambda-GB-Second-ARM",
        "7500000000",
        "18750000000",
        "0.0000120001",
    ),
    ("us-east-1", "AWS-Lambda-Duration-ARM", "Lambda-GB-Second-ARM", "18750000000", "Inf", "0.0000106667"),
    ("us-east-1", "AWS-Lambda-Storage-Duration", "Lambda-Storage-GB-Second", "0", "Inf", "0.0000000309"),
    ("", "AWS-Lambda-Requests", "Global-Request", "0", "1000000", "0.0000000000"),
    ("", "AWS-Lambda-Duration", "Global-Lambda-GB-Second", "0", "400000", "0.0000000000"),
    (
        "us-east-1",
        "AWS-Lambda-Provisioned-Concurrency",
        "Lambda-Provisioned-Concurrency",
        "0",
        "Inf",
        "0.0000041667",
    ),
]


def lambda_json() -> str:
    products, terms = {}, {}
    for n, (region, group, usage, begin, end, price) in enumerate(LAMBDA_DIMENSIONS):
        sku = f"LAMBDA{n:010d}"
        products[sku] = {
            "sku": sku,
            "productFamily": "Serverless",
            "attributes": {
                "servicecode": "AWSLambda",
                "regionCode": region,
                "group": group,
                "usagetype": usage,
                "location": "Any" if not region else "US East (N. Virginia)",
            },
        }
        terms[sku] = {
            f"{sku}.JRTCKXETXF": {
                "offerTermCode": "JRTCKXETXF",
                "sku": sku,
                "priceDimensions": {
                    f"{sku}.JRTCKXETXF.6YS6EN2CT7": {
                        "unit": "Lambda-GB-Second",
                        "beginRange": begin,
                        "endRange": end,
                        "pricePerUnit": {"USD": price},
                        "appliesTo": [],
                    }
                },
            }
        }
    return json.dumps(
        {
            "formatVersion": "v1.0",
            "disclaimer": "...",
            "offerCode": "AWSLambda",
            "version": "20261120100000",
            "publicationDate": "2026-11-20T10:00:00Z",
            "products": products,
            "terms": {"OnDemand": terms},
        },
        indent=1,
    )


def lambda_csv() -> str:
    # The price columns every offer CSV starts with, then the AWSLambda product columns.
    header = [
        *EC2_HEADER[:11],
        *("Product Family", "serviceCode", "Location", "Location Type", "Group", "Group Description"),
        *("usageType", "operation", "Region Code", "serviceName"),
    ]
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerows([*METADATA, ["OfferCode", "AWSLambda"], header])
    for n, (region, group, usage, begin, end, price) in enumerate(LAMBDA_DIMENSIONS):
        sku = f"LAMBDA{n:010d}"
        writer.writerow(
            [
                sku,
                "JRTCKXETXF",
                f"{sku}.JRTCKXETXF.6YS6EN2CT7",
                "OnDemand",
                "",
                "2026-11-01",
                begin,
                end,
                "Lambda-GB-Second",
                price,
                "USD",
                "Serverless",
                "AWSLambda",
                "",
                "AWS Region",
                group,
                "",
                usage,
                "",
                region,
                "AWS Lambda",
            ]
        )
    return out.getvalue()


def write(directory: Path, name: str, text: str) -> str:
    path = directory / name
    path.write_text(text)
    return str(path)
