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

from costcalc.catalog.aws_offers.importer import CSV_ATTRIBUTES

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


_EC2_INDEX = {name: i for i, name in enumerate(EC2_HEADER)}


def _ec2_row(values: dict[str, str]) -> list[str]:
    """A row of the EC2 CSV: ``values`` in their columns, the other columns empty."""
    row = [""] * len(EC2_HEADER)
    for name, value in values.items():
        row[_EC2_INDEX[name]] = value
    return row


def ec2_csv(rows: list[tuple[str, ...]] = EC2_ROWS) -> str:
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerows([*METADATA, ["OfferCode", "AmazonEC2"], EC2_HEADER])
    for n, (region, kind, vcpu, memory, processor, price, system, tenancy, capacity, term) in enumerate(rows):
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
        writer.writerow(_ec2_row(values))
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


SAMPLE_CSV = Path(__file__).parent / "data" / "offer-samples" / "ec2-global-20250912225308-sample.csv"
LINUX_SHARED = {"Operating System": "Linux", "Tenancy": "Shared", "Pre Installed S/W": "NA"}


def sample_reserved_csv(only_reserved: bool = True) -> str:
    """The real AmazonEC2 sample with its filter columns made Linux, shared tenancy, no software.

    Its 30 Reserved rows are Windows (with SQL Server), so none passes the import's filter as
    published; this copy changes only those three columns, keeping every price, term and unit as AWS
    wrote them. The prices are therefore Windows+SQL prices filed as Linux: right in shape, not in value.
    """
    lines = SAMPLE_CSV.read_text().splitlines(keepends=True)
    out = io.StringIO()
    out.writelines(lines[:5])
    rows = list(csv.reader(lines[5:]))
    header = rows[0]
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow(header)
    for row in rows[1:]:
        if only_reserved and row[header.index("TermType")] != "Reserved":
            continue
        for name, value in LINUX_SHARED.items():
            row[header.index(name)] = value
        writer.writerow(row)
    return out.getvalue()


# Reserved terms of one type, as (offer term code, lease, class, purchase option, [(unit, price), ...]).
# The JSON shape (terms.Reserved.SKU.SKU.CODE with priceDimensions and termAttributes) is that of
# the AmazonEC2 offer fixture in lyft/awspricing (tests/data/ec2_offer.py), itself cut from a real
# file; the CSV shape is the real sample's. The term codes are AWS's (seen in both sources).
RESERVED_TERMS = [
    ("HU7G6KETJZ", "1yr", "standard", "Partial Upfront", [("Hrs", "0.0300000000"), ("Quantity", "263")]),
    ("4NA7Y494T4", "1yr", "standard", "No Upfront", [("Hrs", "0.0620000000")]),
    ("MZU6U2429S", "3yr", "convertible", "All Upfront", [("Hrs", "0.0000000000"), ("Quantity", "1200")]),
]
RESERVED_PRODUCTS = [
    # (sku, region, type, os, tenancy)
    ("RSKU0000000001", "us-east-1", "m5.large", "Linux", "Shared"),
    ("RSKU0000000002", "us-east-1", "m5.large", "Windows", "Shared"),
    ("RSKU0000000003", "eu-west-1", "m5.large", "Linux", "Dedicated"),
]


def _reserved_attributes(region: str, kind: str, system: str, tenancy: str) -> dict[str, str]:
    return {
        "servicecode": "AmazonEC2",
        "regionCode": region,
        "instanceType": kind,
        "vcpu": "2",
        "memory": "8 GiB",
        "physicalProcessor": "Intel Xeon Platinum 8175",
        "operatingSystem": system,
        "tenancy": tenancy,
        "preInstalledSw": "NA",
        "capacitystatus": "Used",
        "licenseModel": "No License required",
    }


def reserved_json() -> str:
    products, on_demand, reserved = {}, {}, {}
    for sku, region, kind, system, tenancy in RESERVED_PRODUCTS:
        products[sku] = {
            "sku": sku,
            "productFamily": "Compute Instance",
            "attributes": _reserved_attributes(region, kind, system, tenancy),
        }
        on_demand[sku] = {
            f"{sku}.JRTCKXETXF": {
                "offerTermCode": "JRTCKXETXF",
                "sku": sku,
                "priceDimensions": {
                    f"{sku}.JRTCKXETXF.6YS6EN2CT7": {
                        "unit": "Hrs",
                        "pricePerUnit": {"USD": "0.0960000000"},
                        "beginRange": "0",
                        "endRange": "Inf",
                    }
                },
            }
        }
        terms = {}
        for code, lease, kind_, payment, dimensions in RESERVED_TERMS:
            terms[f"{sku}.{code}"] = {
                "offerTermCode": code,
                "sku": sku,
                "effectiveDate": "2026-11-01T00:00:00Z",
                "priceDimensions": {
                    f"{sku}.{code}.{'6YS6EN2CT7' if unit == 'Hrs' else '2TG2D8R56U'}": {
                        "unit": unit,
                        "description": "Upfront Fee"
                        if unit == "Quantity"
                        else "Linux/UNIX reserved instance applied",
                        "pricePerUnit": {"USD": price},
                        **({"beginRange": "0", "endRange": "Inf"} if unit == "Hrs" else {}),
                    }
                    for unit, price in dimensions
                },
                "termAttributes": {
                    "LeaseContractLength": lease,
                    "OfferingClass": kind_,
                    "PurchaseOption": payment,
                },
            }
        reserved[sku] = terms
    return json.dumps(
        {
            "formatVersion": "v1.0",
            "disclaimer": "...",
            "offerCode": "AmazonEC2",
            "version": "20261120100000",
            "publicationDate": "2026-11-20T10:00:00Z",
            "products": products,
            "terms": {"OnDemand": on_demand, "Reserved": reserved},
        },
        indent=1,
    )


def reserved_csv() -> str:
    """The same products and terms as ``reserved_json``, one row per price dimension, as the real CSV has."""
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerows([*METADATA, ["OfferCode", "AmazonEC2"], EC2_HEADER])
    # The importer's own column names: the CSV header each JSON attribute is read from.
    columns = {attribute: header for header, attribute in CSV_ATTRIBUTES.items()}
    for sku, region, kind, system, tenancy in RESERVED_PRODUCTS:
        attributes = _reserved_attributes(region, kind, system, tenancy)
        terms = [("JRTCKXETXF", "", "", "", [("Hrs", "0.0960000000")]), *RESERVED_TERMS]
        for code, lease, kind_, payment, dimensions in terms:
            for unit, price in dimensions:
                values = {
                    "SKU": sku,
                    "OfferTermCode": code,
                    "TermType": "Reserved" if lease else "OnDemand",
                    "Unit": unit,
                    "PricePerUnit": price,
                    "Currency": "USD",
                    "LeaseContractLength": lease,
                    "OfferingClass": kind_,
                    "PurchaseOption": payment,
                    "Product Family": "Compute Instance",
                    "serviceCode": "AmazonEC2",
                    **{columns[key]: value for key, value in attributes.items() if key in columns},
                }
                writer.writerow(_ec2_row(values))
    return out.getvalue()


# An AWSComputeSavingsPlan region file. The shape is the one AWS documents in "Reading the service
# price list file for a Savings Plan" (AWS Billing user guide): version, publicationDate, regionCode,
# products[] (sku, productFamily, attributes with purchaseOption and purchaseTerm) and
# terms.savingsPlan[] (sku, leaseContractLength, rates[] with discountedUsageType, discountedOperation,
# rateCode PLAN.RATE and discountedRate.price), plus discountedRegionCode and discountedInstanceType,
# which real files carry (a product and a rate quoted from one in a public parser's comments).
# The prices are made up for the test.
# (plan sku, productFamily, purchaseTerm, purchaseOption)
PLAN_PRODUCTS = [
    ("SPCOMPUTE1YNOUP", "ComputeSavingsPlans", "1yr", "No Upfront"),
    ("SPCOMPUTE3YALLUP", "ComputeSavingsPlans", "3yr", "All Upfront"),
    ("SPEC2INST1YNOUP", "EC2InstanceSavingsPlans", "1yr", "No Upfront"),
    ("SPSAGEMAKER1YNOUP", "SageMakerSavingsPlans", "1yr", "No Upfront"),
]
# (plan sku, service, usage type, operation, region code, price)
PLAN_RATES = [
    ("SPCOMPUTE1YNOUP", "AmazonEC2", "USE1-BoxUsage:m5.large", "RunInstances", "us-east-1", "0.068"),
    ("SPCOMPUTE1YNOUP", "AWSLambda", "USE1-Lambda-GB-Second", "Invoke", "us-east-1", "0.0000141"),
    ("SPCOMPUTE1YNOUP", "AWSLambda", "USE1-Lambda-GB-Second-ARM", "Invoke", "us-east-1", "0.0000113"),
    # Rates costcalc leaves out: Windows, dedicated tenancy, provisioned concurrency, a local zone.
    ("SPCOMPUTE1YNOUP", "AmazonEC2", "USE1-BoxUsage:m5.large", "RunInstances:0002", "us-east-1", "0.15"),
    ("SPCOMPUTE1YNOUP", "AmazonEC2", "USE1-DedicatedUsage:m5.large", "RunInstances", "us-east-1", "0.08"),
    ("SPCOMPUTE1YNOUP", "AWSLambda", "USE1-Lambda-Provisioned-GB-Second", "Invoke", "us-east-1", "0.000008"),
    ("SPCOMPUTE1YNOUP", "AmazonECS", "USE1-Fargate-vCPU-Hours:perCPU", "", "us-east-1", "0.03"),
    ("SPCOMPUTE1YNOUP", "AmazonECS", "USE1-Fargate-GB-Hours", "", "us-east-1", "0.0033"),
    # Fargate's rates under EKS repeat ECS's; these differ to show which are kept. Spot is not covered.
    ("SPCOMPUTE1YNOUP", "AmazonEKS", "USE1-Fargate-vCPU-Hours:perCPU", "", "us-east-1", "0.99"),
    ("SPCOMPUTE1YNOUP", "AmazonEKS", "USE1-Fargate-GB-Hours", "", "us-east-1", "0.99"),
    ("SPCOMPUTE1YNOUP", "AmazonECS", "USE1-Fargate-ARM-vCPU-Hours:perCPU", "", "us-east-1", "0.024"),
    ("SPCOMPUTE1YNOUP", "AmazonECS", "USE1-Fargate-ARM-GB-Hours", "", "us-east-1", "0.0026"),
    ("SPCOMPUTE1YNOUP", "AmazonECS", "USE1-SpotUsage:Fargate-GB-Hours", "", "us-east-1", "0.001"),
    ("SPEC2INST1YNOUP", "AmazonECS", "USE1-Fargate-GB-Hours", "", "us-east-1", "0.002"),
    ("SPCOMPUTE1YNOUP", "AmazonEC2", "BOS1-BoxUsage:m5.large", "RunInstances", "us-east-1-bos-1", "0.08"),
    ("SPCOMPUTE3YALLUP", "AmazonEC2", "USE1-BoxUsage:m5.large", "RunInstances", "us-east-1", "0.041"),
    ("SPCOMPUTE3YALLUP", "AWSLambda", "USE1-Lambda-GB-Second", "Invoke", "us-east-1", "0.0000121"),
    ("SPEC2INST1YNOUP", "AmazonEC2", "USE1-BoxUsage:m5.large", "RunInstances", "us-east-1", "0.06"),
    ("SPEC2INST1YNOUP", "AmazonEC2", "USE1-BoxUsage:m7g.large", "RunInstances", "us-east-1", "0.051"),
    ("SPSAGEMAKER1YNOUP", "AmazonSageMaker", "USE1-Notebk:ml.t3.medium", "RunInstance", "us-east-1", "0.03"),
]


def savings_plan_json(rates: list[tuple[str, ...]] = PLAN_RATES) -> str:
    products = [
        {
            "sku": sku,
            "productFamily": family,
            "serviceCode": family,
            "usageType": f"{family[:-12]}SP:{term}{payment.replace(' ', '')}",
            "operation": "",
            "attributes": {
                "purchaseOption": payment,
                "productFamily": family,
                "serviceCode": family,
                "granularity": "hourly",
                "locationType": "AWS Region",
                "purchaseTerm": term,
                "location": "Any",
            },
        }
        for sku, family, term, payment in PLAN_PRODUCTS
    ]
    terms = []
    for sku, _family, term, payment in PLAN_PRODUCTS:
        plan_rates = []
        for n, (plan, service, usage, operation, region, price) in enumerate(rates):
            if plan != sku:
                continue
            rate_sku = f"RATE{n:012d}"
            plan_rates.append(
                {
                    "discountedSku": rate_sku,
                    "discountedUsageType": usage,
                    "discountedOperation": operation,
                    "discountedServiceCode": service,
                    "rateCode": f"{sku}.{rate_sku}",
                    "unit": "Hrs" if service == "AmazonEC2" else "Lambda-GB-Second",
                    "discountedRate": {"price": price, "currency": "USD"},
                    "discountedRegionCode": region,
                    **({"discountedInstanceType": usage.split(":")[1]} if "BoxUsage" in usage else {}),
                }
            )
        terms.append(
            {
                "sku": sku,
                "description": f"{term} {payment} savings plan",
                "effectiveDate": "2026-11-01T00:00:00Z",
                "leaseContractLength": {"duration": int(term[0]), "unit": "year"},
                "rates": plan_rates,
            }
        )
    return json.dumps(
        {
            "version": "20261118000000",
            "publicationDate": "2026-11-18T00:00:00Z",
            "regionCode": "us-east-1",
            "products": products,
            "terms": {"savingsPlan": terms},
        },
        indent=1,
    )


# An AmazonECS offer file: Fargate's rows. No real AmazonECS file was at hand; its layout is the
# AmazonEC2 offer's (five metadata rows and a header; or products by SKU and terms.OnDemand), and
# the rows follow what secondary sources report of it: productFamily "Compute", usage types
# <PREFIX>-Fargate-[ARM-]vCPU-Hours:perCPU, -Fargate-[ARM-]GB-Hours and -Fargate-EphemeralStorage-GB-Hours,
# cputype "perCPU" and memorytype "perGB" attributes, descriptions such as "AWS Fargate - ARM - Memory",
# and Windows (Fargate-Windows-...) and Spot (SpotUsage:Fargate-...) rows beside them. The us-east-1
# prices are the bundled table's, so an import reproduces them; the other prices are made up.
# (region, usage type, operating system, description, unit, price)
ECS_ROWS = [
    ("us-east-1", "USE1-Fargate-vCPU-Hours:perCPU", "Linux", "AWS Fargate - vCPU", "hours", "0.04048"),
    ("us-east-1", "USE1-Fargate-GB-Hours", "Linux", "AWS Fargate - Memory", "GB-Hours", "0.004445"),
    (
        "us-east-1",
        "USE1-Fargate-ARM-vCPU-Hours:perCPU",
        "Linux",
        "AWS Fargate - ARM - vCPU",
        "hours",
        "0.03238",
    ),
    ("us-east-1", "USE1-Fargate-ARM-GB-Hours", "Linux", "AWS Fargate - ARM - Memory", "GB-Hours", "0.00356"),
    (
        "us-east-1",
        "USE1-Fargate-EphemeralStorage-GB-Hours",
        "",
        "AWS Fargate - Ephemeral Storage",
        "GB-Hours",
        "0.000111",
    ),
    ("eu-west-1", "EU-Fargate-vCPU-Hours:perCPU", "Linux", "AWS Fargate - vCPU", "hours", "0.04456"),
    ("eu-west-1", "EU-Fargate-GB-Hours", "Linux", "AWS Fargate - Memory", "GB-Hours", "0.004865"),
    (
        "eu-west-1",
        "EU-Fargate-ARM-vCPU-Hours:perCPU",
        "Linux",
        "AWS Fargate - ARM - vCPU",
        "hours",
        "0.03565",
    ),
    ("eu-west-1", "EU-Fargate-ARM-GB-Hours", "Linux", "AWS Fargate - ARM - Memory", "GB-Hours", "0.00389"),
    (
        "eu-west-1",
        "EU-Fargate-EphemeralStorage-GB-Hours",
        "",
        "AWS Fargate - Ephemeral Storage",
        "GB-Hours",
        "0.000122",
    ),
    # Rows costcalc leaves out: Windows, Spot, and ECS's other charges.
    (
        "us-east-1",
        "USE1-Fargate-Windows-vCPU-Hours:perCPU",
        "Windows",
        "AWS Fargate - Windows - vCPU",
        "hours",
        "0.09148",
    ),
    (
        "us-east-1",
        "USE1-Fargate-Windows-GB-Hours",
        "Windows",
        "AWS Fargate - Windows - Memory",
        "GB-Hours",
        "0.01005",
    ),
    (
        "us-east-1",
        "USE1-SpotUsage:Fargate-vCPU-Hours:perCPU",
        "Linux",
        "AWS Fargate Spot - vCPU",
        "hours",
        "0.0121",
    ),
    (
        "us-east-1",
        "USE1-SpotUsage:Fargate-GB-Hours",
        "Linux",
        "AWS Fargate Spot - Memory",
        "GB-Hours",
        "0.0013",
    ),
    ("us-east-1", "USE1-ECS-Anywhere-Instance-hours", "", "Amazon ECS Anywhere", "hours", "0.01025"),
]
ECS_HEADER = [
    *EC2_HEADER[:11],
    *("Product Family", "serviceCode", "Location", "Location Type", "cputype", "memorytype"),
    *("Operating System", "usageType", "operation", "Region Code", "serviceName"),
]


def _ecs_attributes(region: str, usage: str, system: str) -> dict[str, str]:
    return {
        "servicecode": "AmazonECS",
        "location": "US East (N. Virginia)" if region == "us-east-1" else "EU (Ireland)",
        "locationType": "AWS Region",
        **({"cputype": "perCPU"} if "vCPU" in usage else {}),
        **({"memorytype": "perGB"} if usage.endswith("-GB-Hours") and "Storage" not in usage else {}),
        **({"operatingSystem": system} if system else {}),
        "usagetype": usage,
        "operation": "",
        "regionCode": region,
        "servicename": "Amazon Elastic Container Service",
    }


def ecs_json(rows: list[tuple[str, ...]] = ECS_ROWS) -> str:
    products, terms = {}, {}
    for n, (region, usage, system, description, unit, price) in enumerate(rows):
        sku = f"ECS{n:013d}"
        products[sku] = {
            "sku": sku,
            "productFamily": "Compute",
            "attributes": _ecs_attributes(region, usage, system),
        }
        terms[sku] = {
            f"{sku}.JRTCKXETXF": {
                "offerTermCode": "JRTCKXETXF",
                "sku": sku,
                "effectiveDate": "2026-11-01T00:00:00Z",
                "priceDimensions": {
                    f"{sku}.JRTCKXETXF.6YS6EN2CT7": {
                        "rateCode": f"{sku}.JRTCKXETXF.6YS6EN2CT7",
                        "description": f"{description} per {unit}",
                        "beginRange": "0",
                        "endRange": "Inf",
                        "unit": unit,
                        "pricePerUnit": {"USD": price},
                        "appliesTo": [],
                    }
                },
                "termAttributes": {},
            }
        }
    return json.dumps(
        {
            "formatVersion": "v1.0",
            "disclaimer": "...",
            "offerCode": "AmazonECS",
            "version": "20261120100000",
            "publicationDate": "2026-11-20T10:00:00Z",
            "products": products,
            "terms": {"OnDemand": terms},
        },
        indent=1,
    )


def ecs_csv(rows: list[tuple[str, ...]] = ECS_ROWS) -> str:
    """The same rows as ``ecs_json``, one per price dimension."""
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerows([*METADATA, ["OfferCode", "AmazonECS"], ECS_HEADER])
    for n, (region, usage, system, description, unit, price) in enumerate(rows):
        sku = f"ECS{n:013d}"
        attributes = _ecs_attributes(region, usage, system)
        writer.writerow(
            [
                *(sku, "JRTCKXETXF", f"{sku}.JRTCKXETXF.6YS6EN2CT7", "OnDemand", f"{description} per {unit}"),
                *("2026-11-01", "0", "Inf", unit, price, "USD"),
                *("Compute", "AmazonECS", attributes["location"], "AWS Region"),
                *(attributes.get("cputype", ""), attributes.get("memorytype", ""), system, usage, ""),
                *(region, "Amazon Elastic Container Service"),
            ]
        )
    return out.getvalue()
