"""The plain form of a price table: what validation produces and every later step reads, typed.

A table passes through three steps: ``schema.validate_table`` turns YAML into
this plain form, ``schema.table_from_plain`` builds the typed ``PricingTable``
from it, and ``writer.table_document`` writes it back as YAML. The compiled
cache stores it (it is made of dicts, lists and strings only, which
``marshal`` keeps). These ``TypedDict`` s are the one description of its shape,
so mypy holds all three steps to the same keys.

Decimals are kept as their exact text; a price is that text, or a mapping
with its own confidence and note.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, TypedDict

if TYPE_CHECKING:
    from costcalc.catalog.purchase import CommitmentRate

# Optional keys sit in a ``total=False`` subclass: ``NotRequired`` is not in Python 3.10's typing.


class _PriceAmount(TypedDict):
    amount: str


class PlainPriceDetail(_PriceAmount, total=False):
    """A price with its own confidence or note."""

    confidence: str
    note: str


PlainPrice = str | PlainPriceDetail
"""A price: its exact decimal text, or a ``PlainPriceDetail``."""


class PlainTier(TypedDict):
    """One band of a tiered price; ``up_to`` is None for the open top band."""

    up_to: str | None
    price: PlainPrice


class PlainLimits(TypedDict):
    """An allowed range of a setting, with its step."""

    min: str
    max: str
    step: str


class _PlainLambdaArchOnDemand(TypedDict):
    per_million_requests: PlainPrice
    per_gb_second: list[PlainTier]


class PlainProvisioned(TypedDict):
    """Provisioned concurrency: the configured capacity's rate and the duration rate while it serves."""

    per_gb_second: PlainPrice
    duration_per_gb_second: PlainPrice


class PlainLambdaArch(_PlainLambdaArchOnDemand, total=False):
    """Lambda prices of one architecture in one region; provisioned concurrency where known."""

    provisioned: PlainProvisioned


class _Sourced(TypedDict):
    confidence: str
    source: list[str]


class _LambdaRegionStorage(_Sourced):
    ephemeral_storage: PlainPrice | None


class _LambdaPlanRates(_Sourced):
    rates: dict[str, dict[str, PlainPrice]]
    """Per plan key (``compute 1y no-upfront``), the duration rate per GB-second of each architecture."""


class PlainLambdaPlans(_LambdaPlanRates, total=False):
    """Lambda's duration rates under Compute Savings Plans in one region."""

    as_of: str


class PlainLambdaRegion(_LambdaRegionStorage, total=False):
    """Lambda prices in one region: each architecture priced there, ephemeral storage, plan rates."""

    x86_64: PlainLambdaArch
    arm64: PlainLambdaArch
    savings_plans: PlainLambdaPlans


class PlainFreeTier(TypedDict):
    """Lambda's monthly free allowance."""

    requests: str
    gb_seconds: str


class PlainLambda(TypedDict):
    """Lambda's billing rules and regions."""

    memory_mb_per_vcpu: PlainPrice | None
    """The memory at which a function has the equivalent of one vCPU (1,769 MB)."""
    billing_increment_ms: str
    max_duration_ms: str
    memory_mb: PlainLimits
    ephemeral_storage_mb: PlainLimits | None
    free_tier: PlainFreeTier
    regions: dict[str, PlainLambdaRegion]
    source: list[str]


class PlainGatewayRegion(_Sourced, total=False):
    """API Gateway prices in one region, per API kind."""

    http: list[PlainTier]
    rest: list[PlainTier]


class PlainBalancerRegion(_Sourced):
    """Application Load Balancer prices in one region."""

    per_hour: PlainPrice
    per_lcu_hour: PlainPrice


class _InstanceSpecs(TypedDict):
    vcpu: int
    memory_gib: str
    arch: str


class PlainInstanceType(_InstanceSpecs, total=False):
    """An EC2 instance type's specs."""

    baseline_cpu: str
    burstable: bool
    current_generation: bool
    """False for a previous-generation type; absent means current."""
    note: str


class _Ec2RegionPrices(_Sourced):
    prices: dict[str, PlainPrice]
    by_price: list[str]


class PlainEc2Older(_Sourced):
    """Prices in one region from an older source, for types the newer sources lack."""

    as_of: str
    """The older source's date, e.g. ``2019-04-05``."""
    names: list[str]
    """The types it prices, found in the region's ``prices``."""


class PlainEc2Region(_Ec2RegionPrices, total=False):
    """EC2 prices in one region (every source's, merged), and the type names cheapest first."""

    partial: bool
    """True when the table holds only a sample of the region's types."""
    as_of: str
    """The date of the region's own source, when it differs from the table's."""
    older: list[PlainEc2Older]
    """Older sources under the region's own, newest first: which of ``prices`` each one gave."""
    key: str
    """Where each price sits in the table, ``{name}`` standing for the type: set only in a purchase's view."""
    terms: dict[str, CommitmentRate]
    """Each type's commitment terms: set only in a purchase's view (never written or compiled)."""


class PlainRateParts(TypedDict):
    """A commitment rate whose parts are known: the recurring hourly charge and the upfront fee."""

    hourly: str
    upfront: str
    """Per instance, paid once for the term."""


PlainCommitmentRate = str | PlainRateParts
"""A Reserved or Savings Plans rate per instance-hour: an effective hourly (any upfront spread over the
term, the parts unknown), or its parts."""


class PlainSpotRate(TypedDict, total=False):
    """A Spot level: a price, or the saving off on-demand (a fraction); and the interruption band."""

    price: str
    savings: str
    interruption: str
    """The band of the monthly interruption frequency, as AWS's Spot advisor labels it: ``<5%``, ``5-10%``."""


class _CommitmentRates(_Sourced):
    rates: dict[str, dict[str, PlainCommitmentRate]]
    """Per instance type, per rate key (``1y standard no-upfront``, ``compute 3y all-upfront``)."""


class PlainCommitmentSection(_CommitmentRates, total=False):
    """Reserved or Savings Plans rates in one region, from one source."""

    as_of: str


class _SpotRates(_Sourced):
    rates: dict[str, PlainSpotRate]


class PlainSpotSection(_SpotRates, total=False):
    """Spot levels in one region, from one source, as observed on ``as_of``."""

    as_of: str


class PlainCommitments(TypedDict, total=False):
    """What one region's capacity costs bought other than on demand."""

    spot: PlainSpotSection
    reserved: PlainCommitmentSection
    savings_plans: PlainCommitmentSection


class PlainEc2(TypedDict):
    """EC2: instance specs, prices per region, and commitments per region (each read lazily)."""

    instance_types: dict[str, PlainInstanceType]
    regions: Mapping[str, PlainEc2Region]
    source: list[str]
    commitments: Mapping[str, PlainCommitments]


class PlainLogsRegion(_Sourced):
    """CloudWatch Logs ingestion in one region: standard, and Lambda's tiered vended-log rate."""

    standard_per_gb: PlainPrice
    lambda_per_gb: list[PlainTier]


class PlainTransferRegion(_Sourced):
    """Data transfer out to the internet from one region, tiered by GB a month."""

    internet_per_gb: list[PlainTier]


class PlainDataTransfer(TypedDict):
    """Data transfer out: the account's free allowance and each region's tiers."""

    free_gb_per_month: str
    regions: dict[str, PlainTransferRegion]


class PlainEbsRegion(_Sourced):
    """The root volume's price in one region."""

    volume: str
    per_gb_month: PlainPrice


class PlainIpv4(_Sourced):
    """Public IPv4 addresses, per address-hour, in every region."""

    per_hour: PlainPrice


class PlainFargateArch(TypedDict):
    """Fargate prices of one architecture in one region."""

    per_vcpu_hour: PlainPrice
    per_gb_hour: PlainPrice


class _FargateRegionStorage(_Sourced):
    ephemeral_storage_per_gb_hour: PlainPrice | None


class _FargatePlanRates(_Sourced):
    rates: dict[str, dict[str, PlainFargateArch]]
    """Per plan key (``compute 1y no-upfront``), the rates of each architecture."""


class PlainFargatePlans(_FargatePlanRates, total=False):
    """Fargate's rates under Compute Savings Plans in one region."""

    as_of: str


class PlainFargateRegion(_FargateRegionStorage, total=False):
    """Fargate prices in one region: per vCPU-hour and GB-hour of each architecture, extra storage, and
    the rates under Compute Savings Plans."""

    x86_64: PlainFargateArch
    arm64: PlainFargateArch
    savings_plans: PlainFargatePlans


class PlainTaskSize(TypedDict):
    """A task CPU size and the memory sizes Fargate allows with it, in GB."""

    vcpu: str
    memory_gb: list[str]


class PlainFargate(_Sourced):
    """Fargate: its valid task sizes, the storage each task includes, and prices per region."""

    included_storage_gb: str
    task_sizes: list[PlainTaskSize]
    regions: dict[str, PlainFargateRegion]


class PlainLambdaManaged(_Sourced):
    """Lambda Managed Instances: the fee on EC2's on-demand price, requests, and the sizing rules."""

    management_fee: PlainPrice
    """A share of the instance's on-demand hourly price, e.g. 0.15."""
    per_million_requests: PlainPrice
    default_instances: int
    min_environment_mb: str
    os_reserved_vcpu: str
    os_reserved_memory_gb: str
    memory_gb_per_vcpu: str
    """An execution environment's memory per vCPU (the capacity provider's default ratio)."""
    concurrency_per_vcpu: dict[str, int]
    """Concurrent requests per vCPU by runtime."""
    families: list[str]
    """Instance families it may run on."""


PlainTable = TypedDict(
    "PlainTable",
    {
        "version": int,
        "currency": str,
        "as_of": str,
        "source": str,
        "sources": dict[str, str],
        "notes": str | None,
        "lambda": PlainLambda,
        "api_gateway": dict[str, PlainGatewayRegion],
        "load_balancer": dict[str, PlainBalancerRegion],
        "ec2": PlainEc2,
        "cloudwatch_logs": dict[str, PlainLogsRegion],
        "data_transfer": PlainDataTransfer | None,
        "ebs": dict[str, PlainEbsRegion],
        "public_ipv4": PlainIpv4 | None,
        "fargate": PlainFargate | None,
        "lambda_managed": PlainLambdaManaged | None,
    },
)
"""A whole price table in plain form (a functional TypedDict: ``lambda`` is a Python keyword)."""
