"""Typed, frozen price tables: what one YAML table says, after validation.

The small records (a tier, a range, a pair of prices) are NamedTuples: as
immutable and typed as the frozen dataclasses, and much cheaper to define,
which matters to a command line that must start fast.

Every amount is a ``Decimal`` in the table's currency per unit: per request, per
GB-second, per hour. Each ``Price`` keeps its confidence, so a figure built on a
recalled or derived price can say so.
"""

# No ``from __future__ import annotations``: a NamedTuple compiles each string annotation into a
# ForwardRef as it is defined, about a millisecond of every run for this module's records. Names only
# the type checker knows are quoted instead.
import datetime
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from functools import partial
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from costcalc.units import MB_PER_GB

if TYPE_CHECKING:
    from costcalc.catalog.plain import PlainCommitments, PlainEc2Region, PlainInstanceType, PlainPrice
    from costcalc.catalog.purchase import CommitmentRate, Purchase


_Value = TypeVar("_Value")


class Arch(str, Enum):
    """A CPU architecture, as Lambda and EC2 name it."""

    X86_64 = "x86_64"
    ARM64 = "arm64"


class ApiGatewayKind(str, Enum):
    """The kind of API Gateway API in front of a function."""

    HTTP = "http"
    REST = "rest"


class Confidence(str, Enum):
    """How sure the table is of a price, as the reference notes tag it."""

    SEEN_AWS = "seen-aws"
    SEEN_2ND = "seen-2nd"
    DERIVED = "derived"
    RECALLED = "recalled"
    UNPRICED = "unpriced"
    """Not in the table: counted as zero, and said so (a root volume outside the regions priced)."""

    @property
    def uncertain(self) -> bool:
        """Derived, recalled and unpriced figures are flagged wherever they are used."""
        return self in (Confidence.DERIVED, Confidence.RECALLED, Confidence.UNPRICED)


class LazyRegions(Mapping[str, _Value]):
    """Values by region, each built the first time it is asked for: a run pays only for the regions it uses.

    EC2's are read from their compiled files (``catalog.cache``); Lambda's are built from the plain table.
    """

    def __init__(self, names: Iterable[str], load: Callable[[str], _Value]) -> None:
        self._names = dict.fromkeys(names)
        self._load = load
        self._loaded: dict[str, _Value] = {}

    def __getitem__(self, name: str) -> _Value:
        if name not in self._loaded:
            if name not in self._names:
                raise KeyError(name)
            self._loaded[name] = self._load(name)
        return self._loaded[name]

    def __contains__(self, name: object) -> bool:
        return name in self._names

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def __repr__(self) -> str:
        # The regions' names, not their contents, which a repr would otherwise have to build.
        return f"{type(self).__name__}({', '.join(self._names)})"


class Price(NamedTuple):
    """One unit price and how well it is known."""

    amount: Decimal
    """Currency per unit (request, GB-second, hour, LCU-hour)."""
    confidence: Confidence = Confidence.SEEN_AWS
    note: str | None = None
    """Why the price is uncertain, or where it came from when that differs from its section."""
    key: str = ""
    """Where the price sits in its table, e.g. ``ec2.us-east-1.m4.large``."""
    as_of: str | None = None
    """The date of the price's own source, where it is older than its table's (an EC2 region's)."""


class Tier(NamedTuple):
    """One band of a volume-tiered price; ``up_to`` is None for the open top band."""

    up_to: Decimal | None
    price: Price


class Limits(NamedTuple):
    """An allowed range of a setting, with its step (memory, ephemeral storage)."""

    minimum: Decimal
    maximum: Decimal
    step: Decimal

    def admits(self, value: Decimal) -> bool:
        """Whether ``value`` is in range and on a step."""
        return self.minimum <= value <= self.maximum and (value - self.minimum) % self.step == 0


class FreeTier(NamedTuple):
    """Lambda's monthly free allowance, one pool per account."""

    requests: Decimal
    gb_seconds: Decimal


class ProvisionedPrices(NamedTuple):
    """Lambda provisioned concurrency prices, both per GB-second and untiered."""

    capacity: Price
    """Per GB-second of configured concurrency, for as long as it is enabled."""
    duration: Price
    """Per GB-second of requests the provisioned environments serve (instead of the on-demand rate)."""


class LambdaArchPrices(NamedTuple):
    """Lambda prices for one architecture in one region."""

    request: Price
    """Per request."""
    duration: tuple[Tier, ...]
    """Per GB-second, tiered by monthly GB-seconds."""
    provisioned: ProvisionedPrices | None = None
    """Provisioned concurrency; None where the table lacks its rates."""


class LambdaRegion(NamedTuple):
    """Lambda prices in one region."""

    archs: Mapping[Arch, LambdaArchPrices]
    ephemeral_storage: Price | None
    """Per GB-second of storage above the included amount; None where the table lacks it."""
    savings_plans: Mapping[str, Mapping[Arch, Price]] = {}
    """Duration per GB-second under each Compute Savings Plan (by rate key), per architecture."""


class LambdaPricing(NamedTuple):
    """Lambda's billing rules and prices."""

    billing_increment_ms: Decimal
    memory_mb: Limits
    max_duration_ms: Decimal
    free_tier: FreeTier
    regions: Mapping[str, LambdaRegion]
    ephemeral_storage_mb: Limits | None = None
    """Configurable /tmp size; the minimum is included in the price."""
    memory_mb_per_vcpu: Price | None = None
    """The memory at which a function has the equivalent of one vCPU: CPU is allocated in proportion."""


class LoadBalancerRegion(NamedTuple):
    """Application Load Balancer prices in one region."""

    per_hour: Price
    per_lcu_hour: Price


class InstanceType(NamedTuple):
    """What an EC2 instance type offers, whatever the region."""

    name: str
    vcpu: int
    memory_gib: Decimal
    arch: Arch
    baseline_cpu: Decimal | None = None
    """For burstable types, the sustained share of each vCPU; None for fixed-performance types."""
    burstable: bool = False
    current_generation: bool = True
    """False for a previous-generation type (m1, c1, t1, ...): auto-pick leaves it out unless asked."""

    @property
    def sizable(self) -> bool:
        """False for a burstable type whose baseline the table does not know."""
        return not self.burstable or self.baseline_cpu is not None

    @property
    def capacity_per_vcpu(self) -> Decimal:
        """The CPU one vCPU can sustain: 1, or the baseline share of a burstable type."""
        if self.baseline_cpu is not None:
            return self.baseline_cpu
        return Decimal(1)


class TypeSpecs(NamedTuple):
    """An instance type's price and what a search needs of it, as plain numbers."""

    name: str
    hourly: Decimal
    vcpu: int
    usable_vcpus: Decimal | None
    """vCPUs it can keep busy: vCPUs x baseline for a burstable type; None where the baseline is unknown."""
    memory_mb: Decimal
    arch: str
    current_generation: bool


def _type_specs(name: str, spec: "PlainInstanceType", price: "PlainPrice") -> TypeSpecs:
    baseline = spec.get("baseline_cpu")
    burstable = spec.get("burstable", baseline is not None)
    vcpu = spec["vcpu"]
    usable = vcpu * Decimal(baseline) if baseline is not None else None if burstable else Decimal(vcpu)
    return TypeSpecs(
        name,
        plain_amount(price),
        vcpu,
        usable,
        Decimal(spec["memory_gib"]) * MB_PER_GB,
        spec["arch"],
        spec.get("current_generation", True),
    )


IMPORT_SOURCE = "import-"
"""The start of the source names ``pricing import`` gives the offer files it reads: import-1, import-2, ..."""


def imported(sources: Iterable[str]) -> bool:
    """Whether prices cited to ``sources`` came from offer files that ``pricing import`` read."""
    names = list(sources)
    return bool(names) and all(name.startswith(IMPORT_SOURCE) for name in names)


class SourceShare(NamedTuple):
    """How many of a region's EC2 prices one source gave, and as of when."""

    source: str
    as_of: str
    types: int
    imported: bool = False
    """True when the source is an offer file read by ``pricing import``."""


class RegionCoverage(NamedTuple):
    """What a table's EC2 list holds for one region: how many types, how new, from which sources."""

    region: str
    types: int
    partial: bool
    newest: tuple[str, ...]
    """The families of the newest generation priced (the highest number in a family name: r8i is 8)."""
    sources: tuple[SourceShare, ...]
    """The region's own source first, then each older one."""

    @property
    def newest_generation(self) -> int:
        """The generation number of ``newest`` (0 for an empty list)."""
        return _generation(self.newest[0]) if self.newest else 0


def _generation(family: str) -> int:
    """The generation number in a family name: m5 is 5, r8i 8; 0 for none (u-24tb1 counts memory)."""
    digits = ""
    for char in family:
        if char.isdigit():
            digits += char
        elif digits or not char.isalpha():
            break
    return int(digits) if digits else 0


SPOT_BAND_CEILINGS = {"<5%": 5, "5-10%": 10, "10-15%": 15, "15-20%": 20, ">20%": 100}
"""The top of each Spot interruption band, in percent: what ``--max-interruption`` is held against."""


class InstanceOffer(NamedTuple):
    """An instance type at its on-demand Linux price in one region."""

    instance: InstanceType
    hourly: Price


class Ec2Catalog(NamedTuple):
    """EC2 on-demand Linux prices: specs per type, prices per region.

    Kept in the compact validated form and turned into objects one region at a
    time, so a run pays only for the region it uses.
    """

    instance_types: Mapping[str, "PlainInstanceType"]
    regions: Mapping[str, "PlainEc2Region"]
    specs_cache: dict[str, list[TypeSpecs]]
    """Each region's ``specs``, worked out once (pass an empty dict)."""
    commitments: Mapping[str, "PlainCommitments"] = {}
    """Spot, Reserved and Savings Plans rates per region (read only when a purchase option asks)."""

    def __repr__(self) -> str:
        return f"Ec2Catalog({len(self.instance_types)} instance types in {len(self.regions)} regions)"

    def specs_by_price(self, region: str, arch: str) -> Iterator[TypeSpecs]:
        """The types of ``arch`` priced in ``region``, cheapest first, each worked out only when reached."""
        plain = self.regions.get(region)
        if plain is None:
            return
        prices, types = plain["prices"], self.instance_types
        for name in plain["by_price"]:
            spec = types[name]
            if spec["arch"] == arch:
                yield _type_specs(name, spec, prices[name])

    def capacities(
        self, region: str, arch: str
    ) -> Iterator[tuple[str, Decimal | int, Callable[[], TypeSpecs]]]:
        """Sizable types of ``arch`` in ``region``, cheapest first: name, usable vCPUs, and specs on demand.

        A search that skips most types on capacity alone (the break-even envelope) then
        works out prices and memory only for the few it keeps.
        """
        plain = self.regions.get(region)
        if plain is None:
            return
        prices, types = plain["prices"], self.instance_types
        for name in plain["by_price"]:
            spec = types[name]
            if spec["arch"] != arch:
                continue
            baseline = spec.get("baseline_cpu")
            if baseline is not None:
                usable: Decimal | int = spec["vcpu"] * Decimal(baseline)
            elif spec.get("burstable"):
                continue  # a burstable type with no known baseline cannot be sized
            else:
                usable = spec["vcpu"]
            yield name, usable, partial(_type_specs, name, spec, prices[name])

    def specs(self, region: str) -> list[TypeSpecs]:
        """Every type priced in ``region`` as plain numbers, cheapest first: for searches over all of them.

        Cheaper than ``cheapest_first`` (no objects per type), and worked out once per region.
        """
        found = self.specs_cache.get(region)
        if found is None:
            plain = self.regions.get(region)
            found = []
            if plain is not None:
                prices = plain["prices"]
                found = [
                    _type_specs(name, self.instance_types[name], prices[name]) for name in plain["by_price"]
                ]
            self.specs_cache[region] = found
        return found

    def region_names(self) -> list[str]:
        """Regions with EC2 prices."""
        return sorted(self.regions)

    def instance_names(self, region: str) -> list[str]:
        """Instance types priced in ``region`` (empty for an unknown region)."""
        plain = self.regions.get(region)
        return sorted(plain["prices"]) if plain else []

    def offer(self, region: str, name: str) -> InstanceOffer | None:
        """``name`` at its price in ``region``, or None where the table has no such price."""
        plain = self.regions.get(region)
        if plain is None or name not in plain["prices"]:
            return None
        key = plain.get("key", "ec2.regions.{region}.prices.{name}").format(region=region, name=name)
        confidence = plain["confidence"]
        sources, as_of = plain["source"], plain.get("as_of")
        for group in plain.get("older", ()):
            if name in group["names"]:
                sources, as_of, confidence = group["source"], group["as_of"], group["confidence"]
                key = f"ec2.regions.{region}.older.{sources[0]}.prices.{name}"
        price = price_from_plain(plain["prices"][name], confidence, key)
        if as_of is not None:
            dated = f"{', '.join(sources)}, as of {as_of}"
            price = price._replace(note=f"{price.note}; {dated}" if price.note else dated, as_of=as_of)
        return InstanceOffer(instance_from_plain(name, self.instance_types[name]), price)

    def terms(self, region: str, name: str) -> "CommitmentRate | None":
        """How ``name`` is paid for in ``region`` in a purchase's view; None on demand."""
        plain = self.regions.get(region)
        return plain.get("terms", {}).get(name) if plain is not None else None

    def partial(self, region: str) -> bool:
        """Whether the table holds only a sample of the types priced in ``region``."""
        plain = self.regions.get(region)
        return bool(plain and plain.get("partial"))

    def coverage(self, region: str, table_as_of: str) -> RegionCoverage:
        """What the table prices in ``region``: counts, newest families and source dates."""
        plain = self.regions.get(region)
        if plain is None:
            return RegionCoverage(region, 0, True, (), ())
        families = {name.partition(".")[0] for name in plain["prices"]}
        top = max((_generation(family) for family in families), default=0)
        older = plain.get("older", [])
        own = len(plain["prices"]) - sum(len(group["names"]) for group in older)
        groups = [(plain["source"], plain.get("as_of", table_as_of), own)]
        groups += [(g["source"], g["as_of"], len(g["names"])) for g in older]
        shares = [SourceShare(", ".join(names), as_of, n, imported(names)) for names, as_of, n in groups]
        return RegionCoverage(
            region,
            len(plain["prices"]),
            bool(plain.get("partial")),
            tuple(sorted(family for family in families if _generation(family) == top)),
            tuple(shares),
        )

    def offers_by_name(self, region: str) -> dict[str, Decimal]:
        """Every hourly price in ``region`` by instance type, without building offers."""
        plain = self.regions.get(region)
        return {name: plain_amount(raw) for name, raw in plain["prices"].items()} if plain else {}

    def cheapest_first(self, region: str) -> Iterator[InstanceOffer]:
        """Offers in ``region`` by ascending hourly price (then name), built only as they are asked for."""
        plain = self.regions.get(region)
        for name in plain["by_price"] if plain else ():
            offer = self.offer(region, name)
            assert offer is not None
            yield offer


class LogPrices(NamedTuple):
    """CloudWatch Logs ingestion in one region."""

    standard: Price
    """Per GB ingested at the Standard class: what a server's agent pays."""
    lambda_tiers: tuple[Tier, ...]
    """Per GB of Lambda's own (vended) logs, tiered by GB a month since May 2025."""


class RootVolumePrice(NamedTuple):
    """An instance's root volume in one region."""

    volume: str
    """The volume type, e.g. ``gp3``."""
    per_gb_month: Price


class TransferPricing(NamedTuple):
    """Data transfer out to the internet."""

    free_gb: Decimal
    """Free GB a month, one allowance per account across services and regions."""
    regions: Mapping[str, tuple[Tier, ...]]
    """Per GB, tiered by GB a month."""


class FargateArchPrices(NamedTuple):
    """Fargate's prices for one architecture in one region."""

    per_vcpu_hour: Price
    per_gb_hour: Price


class FargateRegion(NamedTuple):
    """Fargate prices in one region."""

    archs: Mapping[Arch, FargateArchPrices]
    ephemeral_storage_per_gb_hour: Price | None
    savings_plans: Mapping[str, Mapping[Arch, FargateArchPrices]] = {}
    """The rates under each Compute Savings Plan (by rate key), per architecture."""


class TaskSize(NamedTuple):
    """A valid Fargate task size."""

    vcpu: Decimal
    memory_gb: Decimal


class FargatePricing(NamedTuple):
    """Fargate: the task sizes AWS allows, the storage a task includes, and prices per region."""

    task_sizes: tuple[TaskSize, ...]
    included_storage_gb: Decimal
    regions: Mapping[str, FargateRegion]


class LambdaManagedPricing(NamedTuple):
    """Lambda Managed Instances: EC2's price under the purchase option, plus these."""

    management_fee: Price
    """A share of the instance type's on-demand hourly price, charged whatever the purchase option."""
    request: Price
    """Per request."""
    default_instances: int
    min_environment_mb: Decimal
    os_reserved_vcpu: Decimal
    os_reserved_memory_gb: Decimal
    memory_gb_per_vcpu: Decimal
    concurrency_per_vcpu: Mapping[str, int]
    families: tuple[str, ...]
    """Family classes it may run on (``m``: m5, m7g, m7i-flex, ...)."""


@dataclass(frozen=True, slots=True, repr=False)
class PricingTable:
    """One price table: Lambda, its front doors, and EC2, with where the numbers come from."""

    name: str
    currency: str
    as_of: datetime.date
    source: str
    sources: Mapping[str, str]
    lambda_: LambdaPricing
    api_gateway: Mapping[str, Mapping[ApiGatewayKind, tuple[Tier, ...]]]
    """Per region and API kind: per-request prices, tiered by monthly requests."""
    load_balancer: Mapping[str, LoadBalancerRegion]
    ec2: Ec2Catalog
    path: str | None = None
    notes: str | None = None
    version: int = 1
    logs: Mapping[str, LogPrices] = field(default_factory=dict)
    transfer: TransferPricing | None = None
    root_volume: Mapping[str, RootVolumePrice] = field(default_factory=dict)
    public_ipv4: Price | None = None
    """Per public IPv4 address-hour; None where the table predates the charge (February 2024)."""
    fargate: FargatePricing | None = None
    lambda_managed: LambdaManagedPricing | None = None
    purchase: "Purchase | None" = None
    """How the EC2 prices are bought: None on demand, else a purchase's view (``catalog.commitments``)."""

    def __repr__(self) -> str:
        # The full contents run to megabytes; name the table instead.
        return f"PricingTable(name={self.name!r}, as_of={self.as_of.isoformat()!r}, path={self.path!r})"


# --- typed values from the plain form (see catalog.schema) -------------------


def plain_amount(plain: "PlainPrice") -> Decimal:
    """The amount of a price in plain form."""
    return Decimal(plain if isinstance(plain, str) else plain["amount"])


def by_price(prices: Mapping[str, "PlainPrice"]) -> list[str]:
    """The type names of a region's EC2 ``prices``, cheapest first (then by name)."""
    return sorted(prices, key=lambda name: (plain_amount(prices[name]), name))


def fetch_command(region: str) -> str:
    """The command that imports AWS's own Lambda and EC2 prices for ``region`` into a table."""
    return f"costcalc pricing fetch --region {region} --name aws-{region}"


def missing_price(table: str, what: str, region: str) -> str:
    """Why ``what`` cannot be priced in ``region``, and how to get the price."""
    if what.startswith("ephemeral storage"):  # in the AWSLambda offer, which the importer reads
        how = f"`{fetch_command(region)}` imports AWS's, then use --pricing aws-{region}.yaml"
    else:
        how = "costcalc imports only the Lambda and EC2 offers: add them to your own table (--pricing FILE)"
    return f"pricing table {table} has no {what} for {region}; {how}"


def price_from_plain(
    plain: "PlainPrice", default_confidence: str, key: str, scale: Decimal = Decimal(1)
) -> Price:
    """A ``Price`` from its plain form; ``scale`` divides it (per million to per request)."""
    if isinstance(plain, str):
        return Price(Decimal(plain) / scale, Confidence(default_confidence), None, key)
    return Price(
        Decimal(plain["amount"]) / scale,
        Confidence(plain.get("confidence", default_confidence)),
        plain.get("note"),
        key,
    )


def instance_from_plain(name: str, plain: "PlainInstanceType") -> InstanceType:
    """An ``InstanceType`` from its plain spec."""
    baseline = plain.get("baseline_cpu")
    return InstanceType(
        name=name,
        vcpu=plain["vcpu"],
        memory_gib=Decimal(plain["memory_gib"]),
        arch=Arch(plain["arch"]),
        baseline_cpu=Decimal(baseline) if baseline is not None else None,
        burstable=bool(plain.get("burstable", baseline is not None)),
        current_generation=plain.get("current_generation", True),
    )
