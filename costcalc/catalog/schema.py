"""The price-table schema, version 1: YAML nodes in, checked plain data, then typed tables.

Validation turns a YAML tree into *plain* data (JSON-ready dicts and strings)
or raises an error naming file, line and key. ``table_from_plain`` builds the
frozen ``PricingTable`` from plain data; the compiled cache stores plain data,
so a cached table and a freshly parsed one are built by the same code.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

from costcalc.catalog.model import (
    ApiGatewayKind,
    Arch,
    Confidence,
    Ec2Catalog,
    FargateArchPrices,
    FargatePricing,
    FargateRegion,
    FreeTier,
    LambdaArchPrices,
    LambdaManagedPricing,
    LambdaPricing,
    LambdaRegion,
    LazyRegions,
    Limits,
    LoadBalancerRegion,
    LogPrices,
    Price,
    PricingTable,
    ProvisionedPrices,
    RootVolumePrice,
    TaskSize,
    Tier,
    TransferPricing,
    by_price,
    price_from_plain,
)
from costcalc.errors import FileFormatError
from costcalc.units import MILLION

if TYPE_CHECKING:
    from costcalc.catalog.plain import (
        PlainBalancerRegion,
        PlainCommitmentRate,
        PlainCommitments,
        PlainCommitmentSection,
        PlainDataTransfer,
        PlainEbsRegion,
        PlainEc2,
        PlainEc2Older,
        PlainEc2Region,
        PlainFargate,
        PlainFargateArch,
        PlainFargateRegion,
        PlainGatewayRegion,
        PlainInstanceType,
        PlainIpv4,
        PlainLambda,
        PlainLambdaManaged,
        PlainLambdaPlans,
        PlainLambdaRegion,
        PlainLimits,
        PlainLogsRegion,
        PlainPrice,
        PlainPriceDetail,
        PlainProvisioned,
        PlainSpotRate,
        PlainSpotSection,
        PlainTable,
        PlainTaskSize,
        PlainTier,
    )
    from costcalc.yaml_source import YamlNode

ArchKey = Literal["x86_64", "arm64"]
GatewayKey = Literal["http", "rest"]

SCHEMA_VERSIONS = (1,)
_CONFIDENCES = tuple(c.value for c in Confidence)
_ARCHS: tuple[ArchKey, ...] = ("x86_64", "arm64")
_GATEWAYS: tuple[GatewayKey, ...] = ("http", "rest")
assert set(_ARCHS) == {a.value for a in Arch} and set(_GATEWAYS) == {k.value for k in ApiGatewayKind}

MAX_PRICE = Decimal(1_000_000)
"""Per unit (request, GB-second, hour, GB): far above any AWS price, and low enough that every total fits."""
MAX_QUANTITY = Decimal(10) ** 18
"""Tier bounds and free allowances."""
MAX_SIZE = Decimal(10_000_000)
"""Memory and storage sizes, MB or GiB."""
MAX_DURATION_MS = Decimal(86_400_000)
"""A day: Lambda's limit is 15 minutes, and billing increments are milliseconds."""
_NAME = re.compile(r"[a-z0-9][a-z0-9.\-]{0,63}")
"""Region and instance type names: ``us-east-1``, ``u-6tb1.112xlarge``."""

Plain = dict[str, Any]
"""Loosely typed plain data, for code that builds a table piece by piece (the offer importer)."""


# --- YAML nodes to plain data -------------------------------------------------


def validate_table(root: YamlNode) -> PlainTable:
    """Check a whole table and return its plain form."""
    if not root.is_mapping or not any(root.has(key) for key in ("version", "lambda", "ec2")):
        # Say what was expected, and nothing of what the file holds: it may be any file at all.
        raise FileFormatError(
            root.path,
            None,
            "",
            "not a costcalc price table (expected a YAML mapping with version, lambda and ec2)",
        )
    top = root.fields(
        ("version", "currency", "as_of", "source", "lambda", "ec2"),
        ("sources", "notes", "api_gateway", "load_balancer", *_WHOLE_BILL, "fargate", "lambda_managed"),
    )
    version = top["version"].whole()
    if version not in SCHEMA_VERSIONS:
        supported = ", ".join(map(str, SCHEMA_VERSIONS))
        raise top["version"].error(f"unsupported version {version} (supported: {supported})")
    sources = {name: node.text() for name, node in top["sources"].entries()} if "sources" in top else {}
    refs = _SourceRefs(sources)
    return {
        "version": version,
        "currency": top["currency"].text(),
        "as_of": top["as_of"].date().isoformat(),
        "source": top["source"].text(),
        "sources": sources,
        "notes": top["notes"].text() if "notes" in top else None,
        "lambda": _lambda(top["lambda"], refs),
        "api_gateway": _api_gateway(top["api_gateway"], refs) if "api_gateway" in top else {},
        "load_balancer": _load_balancer(top["load_balancer"], refs) if "load_balancer" in top else {},
        "ec2": _ec2(top["ec2"], refs),
        "cloudwatch_logs": _logs(top["cloudwatch_logs"], refs) if "cloudwatch_logs" in top else {},
        "data_transfer": _transfer(top["data_transfer"], refs) if "data_transfer" in top else None,
        "ebs": _ebs(top["ebs"], refs) if "ebs" in top else {},
        "public_ipv4": _ipv4(top["public_ipv4"], refs) if "public_ipv4" in top else None,
        "fargate": _fargate(top["fargate"], refs) if "fargate" in top else None,
        "lambda_managed": _lambda_managed(top["lambda_managed"], refs) if "lambda_managed" in top else None,
    }


def _named(node: YamlNode) -> Iterator[tuple[str, YamlNode]]:
    """A mapping's entries keyed by region or instance type names: lower-case letters, digits, . and -."""
    for name, child in node.entries():
        if not _NAME.fullmatch(name):
            raise child.error("expected a name of lower-case letters, digits, '.' and '-' (at most 64)")
        yield name, child


class _SourceRefs:
    """Checks that every ``source:`` names an entry of the table's ``sources``."""

    def __init__(self, sources: Mapping[str, str]) -> None:
        self.sources = sources

    def check(self, node: YamlNode) -> None:
        for name in _source_names(node):
            if name not in self.sources:
                known = ", ".join(sorted(self.sources)) or "none defined"
                raise node.error(f"unknown source {name!r} (sources: {known})")


_SECTION_META = ("source", "confidence", "note")


def _meta(fields: Mapping[str, YamlNode], refs: _SourceRefs, inherited: str) -> str:
    """Check a section's ``source`` and return its default confidence."""
    if "source" in fields:
        refs.check(fields["source"])
    if "confidence" in fields:
        return fields["confidence"].choice(_CONFIDENCES)
    return inherited


def _source_names(node: YamlNode | None) -> list[str]:
    if node is None:
        return []
    return [n.text() for n in node.items()] if node.is_sequence else [node.text()]


def _price(node: YamlNode, *, allow_zero: bool = False) -> PlainPrice:
    """A price: a bare decimal, or ``{price, confidence, note}``."""
    if not node.is_mapping:
        return str(node.decimal(allow_zero=allow_zero, most=MAX_PRICE))
    return _price_of(node.fields(("price",), ("confidence", "note")), allow_zero)


def _price_of(fields: Mapping[str, YamlNode], allow_zero: bool = True) -> PlainPrice:
    """A price from a mapping's ``price``, ``confidence`` and ``note``; bare when it has only a price."""
    amount = str(fields["price"].decimal(allow_zero=allow_zero, most=MAX_PRICE))
    if "confidence" not in fields and "note" not in fields:
        return amount
    plain: PlainPriceDetail = {"amount": amount}
    if "confidence" in fields:
        plain["confidence"] = fields["confidence"].choice(_CONFIDENCES)
    if "note" in fields:
        plain["note"] = fields["note"].text()
    return plain


def _tiers(node: YamlNode) -> list[PlainTier]:
    tiers: list[PlainTier] = []
    previous = Decimal(0)
    entries = node.items()
    if not entries:
        raise node.error("expected at least one tier")
    for index, entry in enumerate(entries):
        fields = entry.fields(("price",), ("up_to", "confidence", "note"))
        last = index == len(entries) - 1
        up_to: str | None = None
        if "up_to" in fields:
            bound = fields["up_to"].decimal(positive=True, most=MAX_QUANTITY)
            if bound <= previous:
                raise fields["up_to"].error("tier bounds must increase")
            previous = bound
            up_to = str(bound)
        if last and up_to is not None:
            raise entry.error("the last tier must be open (no up_to)")
        if not last and up_to is None:
            raise entry.error("every tier but the last needs up_to")
        tiers.append({"up_to": up_to, "price": _price_of(fields)})
    return tiers


def _limits(node: YamlNode) -> PlainLimits:
    fields = node.fields(("min", "max", "step"))
    low, high = (fields[key].decimal(positive=True, most=MAX_SIZE) for key in ("min", "max"))
    step = fields["step"].decimal(positive=True, most=MAX_SIZE)
    if high < low:
        raise fields["max"].error("max is below min")
    return {"min": str(low), "max": str(high), "step": str(step)}


def _lambda(node: YamlNode, refs: _SourceRefs) -> PlainLambda:
    fields = node.fields(
        ("billing_increment_ms", "max_duration_ms", "memory_mb", "free_tier", "regions"),
        ("ephemeral_storage_mb", "memory_mb_per_vcpu", *_SECTION_META),
    )
    default = _meta(fields, refs, Confidence.SEEN_AWS.value)
    free = fields["free_tier"].fields(("requests", "gb_seconds"))
    regions: dict[str, PlainLambdaRegion] = {}
    for region, region_node in _named(fields["regions"]):
        archs = region_node.fields(
            (), (*_ARCHS, "ephemeral_storage_per_gb_second", "savings_plans", *_SECTION_META)
        )
        confidence = _meta(archs, refs, default)
        plain: PlainLambdaRegion = {
            "confidence": confidence,
            "source": _source_names(archs.get("source")),
            "ephemeral_storage": None,
        }
        if "ephemeral_storage_per_gb_second" in archs:
            plain["ephemeral_storage"] = _price(archs["ephemeral_storage_per_gb_second"])
        for arch in _ARCHS:
            if arch in archs:
                prices = archs[arch].fields(("per_million_requests", "per_gb_second"), ("provisioned",))
                plain[arch] = {
                    "per_million_requests": _price(prices["per_million_requests"], allow_zero=True),
                    "per_gb_second": _tiers(prices["per_gb_second"]),
                }
                if "provisioned" in prices:
                    pc = prices["provisioned"].fields(("per_gb_second", "duration_per_gb_second"))
                    plain[arch]["provisioned"] = {
                        "per_gb_second": _price(pc["per_gb_second"]),
                        "duration_per_gb_second": _price(pc["duration_per_gb_second"]),
                    }
        if not any(arch in plain for arch in _ARCHS):
            raise region_node.error(f"expected prices for at least one of {', '.join(_ARCHS)}")
        if "savings_plans" in archs:
            meta, rates = _commitment_meta(archs["savings_plans"], refs, confidence)
            plain["savings_plans"] = {
                **meta,  # type: ignore[typeddict-item]
                "rates": {
                    _lambda_plan_key(key, key_node): {
                        arch: _price(price_node) for arch, price_node in key_node.fields((), _ARCHS).items()
                    }
                    for key, key_node in rates.entries()
                },
            }
        regions[region] = plain
    per_vcpu = fields.get("memory_mb_per_vcpu")
    return {
        "memory_mb_per_vcpu": _price(per_vcpu) if per_vcpu is not None else None,
        "billing_increment_ms": str(
            fields["billing_increment_ms"].decimal(least=Decimal("0.001"), most=MAX_DURATION_MS)
        ),
        "max_duration_ms": str(fields["max_duration_ms"].decimal(least=Decimal(1), most=MAX_DURATION_MS)),
        "memory_mb": _limits(fields["memory_mb"]),
        "ephemeral_storage_mb": (
            _limits(fields["ephemeral_storage_mb"]) if "ephemeral_storage_mb" in fields else None
        ),
        "free_tier": {
            "requests": str(free["requests"].decimal(most=MAX_QUANTITY)),
            "gb_seconds": str(free["gb_seconds"].decimal(most=MAX_QUANTITY)),
        },
        "regions": regions,
        "source": _source_names(fields.get("source")),
    }


def _api_gateway(node: YamlNode, refs: _SourceRefs) -> dict[str, PlainGatewayRegion]:
    fields = node.fields(("regions",), _SECTION_META)
    default = _meta(fields, refs, Confidence.SEEN_AWS.value)
    regions: dict[str, PlainGatewayRegion] = {}
    for region, region_node in _named(fields["regions"]):
        region_fields = region_node.fields((), (*_GATEWAYS, *_SECTION_META))
        plain: PlainGatewayRegion = {
            "confidence": _meta(region_fields, refs, default),
            "source": _source_names(region_fields.get("source") or fields.get("source")),
        }
        for kind in _GATEWAYS:
            if kind in region_fields:
                prices = region_fields[kind].fields(("per_million_requests",), ("note",))
                plain[kind] = _tiers(prices["per_million_requests"])
        regions[region] = plain
    return regions


def _load_balancer(node: YamlNode, refs: _SourceRefs) -> dict[str, PlainBalancerRegion]:
    fields = node.fields(("regions",), _SECTION_META)
    default = _meta(fields, refs, Confidence.SEEN_AWS.value)
    regions: dict[str, PlainBalancerRegion] = {}
    for region, region_node in _named(fields["regions"]):
        prices = region_node.fields(("per_hour", "per_lcu_hour"), _SECTION_META)
        regions[region] = {
            "confidence": _meta(prices, refs, default),
            "source": _source_names(prices.get("source") or fields.get("source")),
            "per_hour": _price(prices["per_hour"]),
            "per_lcu_hour": _price(prices["per_lcu_hour"]),
        }
    return regions


def _ec2(node: YamlNode, refs: _SourceRefs) -> PlainEc2:
    fields = node.fields(("instance_types", "regions"), ("commitments", *_SECTION_META))
    default = _meta(fields, refs, Confidence.SEEN_AWS.value)
    types: dict[str, PlainInstanceType] = {}
    for name, spec_node in _named(fields["instance_types"]):
        spec = spec_node.fields(
            ("vcpu", "memory_gib", "arch"), ("baseline_cpu", "burstable", "current_generation", "note")
        )
        plain: PlainInstanceType = {
            "vcpu": spec["vcpu"].whole(minimum=1),
            "memory_gib": str(spec["memory_gib"].decimal(positive=True, most=MAX_SIZE)),
            "arch": spec["arch"].choice(_ARCHS),
        }
        if "baseline_cpu" in spec:
            baseline = spec["baseline_cpu"].decimal(positive=True)
            if baseline > 1:
                raise spec["baseline_cpu"].error("expected a share of one vCPU, at most 1")
            plain["baseline_cpu"] = str(baseline)
        if "burstable" in spec:
            plain["burstable"] = spec["burstable"].boolean()
        if "current_generation" in spec:
            plain["current_generation"] = spec["current_generation"].boolean()
        if "note" in spec:
            plain["note"] = spec["note"].text()
        types[name] = plain
    regions: dict[str, PlainEc2Region] = {}
    for region, region_node in _named(fields["regions"]):
        region_fields = region_node.fields(("prices",), ("partial", "as_of", "older", *_SECTION_META))
        confidence = _meta(region_fields, refs, default)
        prices = _ec2_prices(region_fields["prices"], types, {})
        older = (
            _ec2_older(region_fields["older"], types, prices, refs, confidence)
            if "older" in region_fields
            else []
        )
        regions[region] = {
            "confidence": confidence,
            "source": _source_names(region_fields.get("source") or fields.get("source")),
            "prices": prices,
            # Sorted once here, so a compiled table answers "cheapest first" without re-sorting.
            "by_price": by_price(prices),
        }
        if "partial" in region_fields:
            regions[region]["partial"] = region_fields["partial"].boolean()
        if "as_of" in region_fields:
            regions[region]["as_of"] = region_fields["as_of"].text()
        if older:
            regions[region]["older"] = older
    commitments = _commitments(fields["commitments"], types, refs, default) if "commitments" in fields else {}
    return {
        "instance_types": types,
        "regions": regions,
        "source": _source_names(fields.get("source")),
        "commitments": commitments,
    }


_SPOT_BANDS = ("<5%", "5-10%", "10-15%", "15-20%", ">20%")
"""AWS's Spot advisor's interruption bands (its ``ranges``), in order."""


def _commitments(
    node: YamlNode, types: Mapping[str, PlainInstanceType], refs: _SourceRefs, inherited: str
) -> dict[str, PlainCommitments]:
    """``commitments: {region: {spot, reserved, savings_plans}}``: each section sourced and dated."""
    out: dict[str, PlainCommitments] = {}
    for region, region_node in _named(node):
        sections = region_node.fields((), ("spot", "reserved", "savings_plans"))
        plain: PlainCommitments = {}
        if "spot" in sections:
            meta, rates = _commitment_meta(sections["spot"], refs, inherited)
            spot: PlainSpotSection = {**meta, "rates": {}}  # type: ignore[typeddict-item]
            for name, rate_node in _typed_names(rates, types):
                rate = rate_node.fields((), ("price", "savings", "interruption"))
                if ("price" in rate) == ("savings" in rate):
                    raise rate_node.error("expected either price or savings (a fraction off on-demand)")
                level: PlainSpotRate = {}
                if "price" in rate:
                    level["price"] = str(rate["price"].decimal(positive=True, most=MAX_PRICE))
                else:
                    saving = rate["savings"].decimal(most=Decimal(1))
                    if saving >= 1:
                        raise rate["savings"].error("expected a fraction off on-demand, below 1")
                    level["savings"] = str(saving)
                if "interruption" in rate:
                    level["interruption"] = rate["interruption"].choice(_SPOT_BANDS)
                spot["rates"][name] = level
            plain["spot"] = spot
        for section in ("reserved", "savings_plans"):
            if section in sections:
                meta, rates = _commitment_meta(sections[section], refs, inherited)
                keyed: PlainCommitmentSection = {**meta, "rates": {}}  # type: ignore[typeddict-item]
                for name, rates_node in _typed_names(rates, types):
                    keyed["rates"][name] = {
                        _rate_key(key, key_node, section): _commitment_rate(key_node)
                        for key, key_node in rates_node.entries()
                    }
                plain[section] = keyed
        out[region] = plain
    return out


def _commitment_meta(node: YamlNode, refs: _SourceRefs, inherited: str) -> tuple[dict[str, Any], YamlNode]:
    fields = node.fields(("source", "rates"), ("confidence", "as_of"))
    meta: dict[str, Any] = {
        "confidence": _meta(fields, refs, inherited),
        "source": _source_names(fields["source"]),
    }
    if "as_of" in fields:
        meta["as_of"] = fields["as_of"].text()
    return meta, fields["rates"]


def _typed_names(node: YamlNode, types: Mapping[str, PlainInstanceType]) -> Iterator[tuple[str, YamlNode]]:
    for name, child in _named(node):
        if name not in types:
            raise child.error(f"instance type {name!r} is not listed under ec2.instance_types")
        yield name, child


def _rate_key(key: str, node: YamlNode, section: str) -> str:
    """A rate's key, checked against the purchase specs it must match."""
    problem = _rate_key_problem(key, section)
    if problem:
        raise node.error(problem)
    return key


@functools.lru_cache(maxsize=256)
def _rate_key_problem(key: str, section: str) -> str:
    """What is wrong with a rate key, or nothing: a table has a few keys, each met thousands of times."""
    from costcalc.catalog.purchase import Purchase

    kind = "reserved" if section == "reserved" else "savings-plan"
    try:
        purchase = Purchase.parse(f"{kind}:{key.replace(' ', ':')}")
    except ValueError as exc:
        return f"bad rate key {key!r}: {exc}"
    if purchase.rate_key != key:
        return f"expected the rate key written in full, {purchase.rate_key!r}, got {key!r}"
    return ""


def _lambda_plan_key(key: str, node: YamlNode) -> str:
    if not key.startswith("compute "):
        raise node.error(f"only a Compute Savings Plan covers Lambda and Fargate, got {key!r}")
    return _rate_key(key, node, "savings_plans")


def _commitment_rate(node: YamlNode) -> PlainCommitmentRate:
    """An effective hourly (upfront spread in, parts unknown), or ``{hourly, upfront}``."""
    if not node.is_mapping:
        return str(node.decimal(most=MAX_PRICE))
    parts = node.fields(("hourly", "upfront"))
    return {
        "hourly": str(parts["hourly"].decimal(most=MAX_PRICE)),
        "upfront": str(parts["upfront"].decimal(most=MAX_PRICE * 100_000)),
    }


def _ec2_prices(
    node: YamlNode, types: Mapping[str, PlainInstanceType], prices: dict[str, PlainPrice]
) -> dict[str, PlainPrice]:
    """A region's ``prices`` (or an older source's), added to ``prices``; a type may appear only once."""
    for name, price_node in _named(node):
        if name not in types:
            raise price_node.error(f"instance type {name!r} is not listed under ec2.instance_types")
        if name in prices:
            raise price_node.error(f"{name} is already priced by a newer source in this region")
        prices[name] = _price(price_node)
    return prices


def _ec2_older(
    node: YamlNode,
    types: Mapping[str, PlainInstanceType],
    prices: dict[str, PlainPrice],
    refs: _SourceRefs,
    inherited: str,
) -> list[PlainEc2Older]:
    """A region's ``older`` sources: prices for types the newer ones lack, each group with its own date.

    ``older: {source-name: {as_of: 2019-04-05, confidence: seen-2nd, prices: {...}}}``, newest first.
    """
    groups: list[PlainEc2Older] = []
    for source, group_node in node.entries():
        if source not in refs.sources:
            known = ", ".join(sorted(refs.sources)) or "none defined"
            raise group_node.error(f"unknown source {source!r} (sources: {known})")
        group = group_node.fields(("as_of", "prices"), ("confidence",))
        before = set(prices)
        _ec2_prices(group["prices"], types, prices)
        groups.append(
            {
                "source": [source],
                "as_of": group["as_of"].text(),
                "confidence": group["confidence"].choice(_CONFIDENCES)
                if "confidence" in group
                else inherited,
                "names": sorted(set(prices) - before),
            }
        )
    return groups


_WHOLE_BILL = ("cloudwatch_logs", "data_transfer", "ebs", "public_ipv4")


def _regions(
    fields: Mapping[str, YamlNode], refs: _SourceRefs, required: tuple[str, ...]
) -> Iterator[tuple[str, Mapping[str, YamlNode], str, list[str]]]:
    """Each region of a ``{source, confidence, regions}`` section: its fields, confidence and sources."""
    default = _meta(fields, refs, Confidence.SEEN_AWS.value)
    for region, region_node in _named(fields["regions"]):
        prices = region_node.fields(required, _SECTION_META)
        yield (
            region,
            prices,
            _meta(prices, refs, default),
            _source_names(prices.get("source") or fields.get("source")),
        )


def _logs(node: YamlNode, refs: _SourceRefs) -> dict[str, PlainLogsRegion]:
    return {
        region: {
            "confidence": confidence,
            "source": source,
            "standard_per_gb": _price(prices["standard_per_gb"]),
            "lambda_per_gb": _tiers(prices["lambda_per_gb"]),
        }
        for region, prices, confidence, source in _regions(
            node.fields(("regions",), _SECTION_META), refs, ("standard_per_gb", "lambda_per_gb")
        )
    }


def _transfer(node: YamlNode, refs: _SourceRefs) -> PlainDataTransfer:
    fields = node.fields(("regions", "free_gb_per_month"), _SECTION_META)
    return {
        "free_gb_per_month": str(fields["free_gb_per_month"].decimal(most=MAX_QUANTITY)),
        "regions": {
            region: {
                "confidence": confidence,
                "source": source,
                "internet_per_gb": _tiers(prices["internet_per_gb"]),
            }
            for region, prices, confidence, source in _regions(fields, refs, ("internet_per_gb",))
        },
    }


def _ebs(node: YamlNode, refs: _SourceRefs) -> dict[str, PlainEbsRegion]:
    return {
        region: {
            "confidence": confidence,
            "source": source,
            "volume": prices["volume"].text(),
            "per_gb_month": _price(prices["per_gb_month"]),
        }
        for region, prices, confidence, source in _regions(
            node.fields(("regions",), _SECTION_META), refs, ("volume", "per_gb_month")
        )
    }


def _ipv4(node: YamlNode, refs: _SourceRefs) -> PlainIpv4:
    fields = node.fields(("per_hour",), _SECTION_META)
    return {
        "confidence": _meta(fields, refs, Confidence.SEEN_AWS.value),
        "source": _source_names(fields.get("source")),
        "per_hour": _price(fields["per_hour"]),
    }


def _fargate(node: YamlNode, refs: _SourceRefs) -> PlainFargate:
    """Fargate: ``task_sizes`` (each a vCPU size and its memory sizes, a list or ``{min, max, step}``),
    ``included_storage_gb`` and per-region prices per architecture."""
    fields = node.fields(("included_storage_gb", "task_sizes", "regions"), _SECTION_META)
    default = _meta(fields, refs, Confidence.SEEN_AWS.value)
    sizes: list[PlainTaskSize] = []
    for size_node in fields["task_sizes"].items():
        size = size_node.fields(("vcpu", "memory_gb"))
        memory = size["memory_gb"]
        if memory.is_mapping:
            limits = _limits(memory)
            low, high, step = (Decimal(limits[k]) for k in ("min", "max", "step"))
            count = int((high - low) / step) + 1
            gigabytes = [str(low + step * i) for i in range(count) if low + step * i <= high]
        else:
            gigabytes = [str(item.decimal(positive=True, most=MAX_SIZE)) for item in memory.items()]
        sizes.append(
            {"vcpu": str(size["vcpu"].decimal(positive=True, most=MAX_SIZE)), "memory_gb": gigabytes}
        )
    regions: dict[str, PlainFargateRegion] = {}
    for region, region_node in _named(fields["regions"]):
        archs = region_node.fields(
            (), (*_ARCHS, "ephemeral_storage_per_gb_hour", "savings_plans", *_SECTION_META)
        )
        plain: PlainFargateRegion = {
            "confidence": _meta(archs, refs, default),
            "source": _source_names(archs.get("source") or fields.get("source")),
            "ephemeral_storage_per_gb_hour": (
                _price(archs["ephemeral_storage_per_gb_hour"])
                if "ephemeral_storage_per_gb_hour" in archs
                else None
            ),
        }
        for arch in _ARCHS:
            if arch in archs:
                plain[arch] = _fargate_arch(archs[arch])
        if "savings_plans" in archs:
            meta, rates = _commitment_meta(archs["savings_plans"], refs, plain["confidence"])
            plain["savings_plans"] = {
                **meta,  # type: ignore[typeddict-item]
                "rates": {
                    _lambda_plan_key(key, key_node): {
                        arch: _fargate_arch(arch_node)
                        for arch, arch_node in key_node.fields((), _ARCHS).items()
                    }
                    for key, key_node in rates.entries()
                },
            }
        regions[region] = plain
    return {
        "confidence": default,
        "source": _source_names(fields.get("source")),
        "included_storage_gb": str(fields["included_storage_gb"].decimal(most=MAX_SIZE)),
        "task_sizes": sizes,
        "regions": regions,
    }


def _fargate_arch(node: YamlNode) -> PlainFargateArch:
    prices = node.fields(("per_vcpu_hour", "per_gb_hour"))
    return {"per_vcpu_hour": _price(prices["per_vcpu_hour"]), "per_gb_hour": _price(prices["per_gb_hour"])}


def _lambda_managed(node: YamlNode, refs: _SourceRefs) -> PlainLambdaManaged:
    """Lambda Managed Instances: its fee, request price and sizing rules."""
    fields = node.fields(
        (
            "management_fee",
            "per_million_requests",
            "default_instances",
            "min_environment_mb",
            "os_reserved",
            "memory_gb_per_vcpu",
            "concurrency_per_vcpu",
            "families",
        ),
        _SECTION_META,
    )
    reserved = fields["os_reserved"].fields(("vcpu", "memory_gb"))
    fee = fields["management_fee"]
    if not fee.is_mapping and fee.decimal() >= 1:
        raise fee.error("expected a share of the on-demand price, below 1")
    return {
        "confidence": _meta(fields, refs, Confidence.SEEN_AWS.value),
        "source": _source_names(fields.get("source")),
        "management_fee": _price(fee),
        "per_million_requests": _price(fields["per_million_requests"]),
        "default_instances": fields["default_instances"].whole(minimum=1),
        "min_environment_mb": str(fields["min_environment_mb"].decimal(positive=True, most=MAX_SIZE)),
        "os_reserved_vcpu": str(reserved["vcpu"].decimal(most=MAX_SIZE)),
        "os_reserved_memory_gb": str(reserved["memory_gb"].decimal(most=MAX_SIZE)),
        "memory_gb_per_vcpu": str(fields["memory_gb_per_vcpu"].decimal(positive=True, most=MAX_SIZE)),
        "concurrency_per_vcpu": {
            runtime: child.whole(minimum=1) for runtime, child in fields["concurrency_per_vcpu"].entries()
        },
        "families": [child.text() for child in fields["families"].items()],
    }


# --- plain data to typed tables -----------------------------------------------


def _fargate_from_plain(plain: PlainFargate | None) -> FargatePricing | None:
    if plain is None:
        return None
    regions = {}
    for region, r in plain["regions"].items():
        conf, key = r["confidence"], f"fargate.regions.{region}"
        storage = r["ephemeral_storage_per_gb_hour"]
        plans = r.get("savings_plans")
        plan_conf = plans.get("confidence", conf) if plans else conf
        regions[region] = FargateRegion(
            archs={
                Arch(arch): _fargate_prices(r[arch], conf, f"{key}.{arch}") for arch in _ARCHS if arch in r
            },
            savings_plans={
                rate_key: {
                    Arch(arch): _fargate_prices(
                        prices, plan_conf, f"{key}.savings_plans.rates.{rate_key}.{arch}"
                    )
                    for arch, prices in by_arch.items()
                }
                for rate_key, by_arch in (plans["rates"].items() if plans else ())
            },
            ephemeral_storage_per_gb_hour=(
                price_from_plain(storage, conf, f"{key}.ephemeral_storage_per_gb_hour") if storage else None
            ),
        )
    sizes = tuple(
        TaskSize(Decimal(size["vcpu"]), Decimal(memory))
        for size in plain["task_sizes"]
        for memory in size["memory_gb"]
    )
    return FargatePricing(sizes, Decimal(plain["included_storage_gb"]), regions)


def _fargate_prices(plain: PlainFargateArch, confidence: str, key: str) -> FargateArchPrices:
    return FargateArchPrices(
        price_from_plain(plain["per_vcpu_hour"], confidence, f"{key}.per_vcpu_hour"),
        price_from_plain(plain["per_gb_hour"], confidence, f"{key}.per_gb_hour"),
    )


def _managed_from_plain(plain: PlainLambdaManaged | None) -> LambdaManagedPricing | None:
    if plain is None:
        return None
    conf = plain["confidence"]
    return LambdaManagedPricing(
        management_fee=price_from_plain(plain["management_fee"], conf, "lambda_managed.management_fee"),
        request=price_from_plain(
            plain["per_million_requests"], conf, "lambda_managed.per_million_requests", MILLION
        ),
        default_instances=plain["default_instances"],
        min_environment_mb=Decimal(plain["min_environment_mb"]),
        os_reserved_vcpu=Decimal(plain["os_reserved_vcpu"]),
        os_reserved_memory_gb=Decimal(plain["os_reserved_memory_gb"]),
        memory_gb_per_vcpu=Decimal(plain["memory_gb_per_vcpu"]),
        concurrency_per_vcpu=dict(plain["concurrency_per_vcpu"]),
        families=tuple(plain["families"]),
    )


def _lambda_plans(
    region: str, plain: PlainLambdaPlans | None, inherited: str
) -> dict[str, dict[Arch, Price]]:
    """A region's Lambda duration rates under Compute Savings Plans, typed."""
    if not plain:
        return {}
    confidence = plain.get("confidence", inherited)
    return {
        key: {
            Arch(arch): price_from_plain(
                price, confidence, f"lambda.regions.{region}.savings_plans.rates.{key}.{arch}"
            )
            for arch, price in by_arch.items()
        }
        for key, by_arch in plain["rates"].items()
    }


def _tiers_from_plain(plain: list[PlainTier], confidence: str, key: str, scale: Decimal) -> tuple[Tier, ...]:
    return tuple(
        Tier(
            Decimal(t["up_to"]) if t["up_to"] is not None else None,
            price_from_plain(t["price"], confidence, f"{key}[{i}]", scale),
        )
        for i, t in enumerate(plain)
    )


def _provisioned_from_plain(
    plain: PlainProvisioned | None, confidence: str, where: str
) -> ProvisionedPrices | None:
    if plain is None:
        return None
    key = f"lambda.regions.{where}.provisioned"
    return ProvisionedPrices(
        price_from_plain(plain["per_gb_second"], confidence, f"{key}.per_gb_second"),
        price_from_plain(plain["duration_per_gb_second"], confidence, f"{key}.duration_per_gb_second"),
    )


def _limits_from_plain(plain: PlainLimits) -> Limits:
    return Limits(Decimal(plain["min"]), Decimal(plain["max"]), Decimal(plain["step"]))


def _lambda_region_from_plain(regions: Mapping[str, PlainLambdaRegion], region: str) -> LambdaRegion:
    r = regions[region]
    conf = r["confidence"]
    archs = {
        Arch(arch): LambdaArchPrices(
            request=price_from_plain(
                r[arch]["per_million_requests"],
                conf,
                f"lambda.regions.{region}.{arch}.per_million_requests",
                MILLION,
            ),
            duration=_tiers_from_plain(
                r[arch]["per_gb_second"],
                conf,
                f"lambda.regions.{region}.{arch}.per_gb_second",
                Decimal(1),
            ),
            provisioned=_provisioned_from_plain(r[arch].get("provisioned"), conf, f"{region}.{arch}"),
        )
        for arch in _ARCHS
        if arch in r
    }
    storage = r["ephemeral_storage"]
    return LambdaRegion(
        archs=archs,
        ephemeral_storage=(
            price_from_plain(storage, conf, f"lambda.regions.{region}.ephemeral_storage_per_gb_second")
            if storage is not None
            else None
        ),
        savings_plans=_lambda_plans(region, r.get("savings_plans"), conf),
    )


def table_from_plain(name: str, plain: PlainTable, path: str | None = None) -> PricingTable:
    """Build the typed table from validated plain data."""
    lam = plain["lambda"]
    # Built per region when first asked for: a run prices one region, the table holds dozens.
    regions = LazyRegions(lam["regions"], functools.partial(_lambda_region_from_plain, lam["regions"]))
    storage_limits = lam["ephemeral_storage_mb"]
    lambda_pricing = LambdaPricing(
        billing_increment_ms=Decimal(lam["billing_increment_ms"]),
        memory_mb=_limits_from_plain(lam["memory_mb"]),
        max_duration_ms=Decimal(lam["max_duration_ms"]),
        free_tier=FreeTier(Decimal(lam["free_tier"]["requests"]), Decimal(lam["free_tier"]["gb_seconds"])),
        regions=regions,
        ephemeral_storage_mb=_limits_from_plain(storage_limits) if storage_limits else None,
        memory_mb_per_vcpu=(
            price_from_plain(
                lam["memory_mb_per_vcpu"], Confidence.SEEN_AWS.value, "lambda.memory_mb_per_vcpu"
            )
            if lam["memory_mb_per_vcpu"] is not None
            else None
        ),
    )
    gateways = {
        region: {
            ApiGatewayKind(kind): _tiers_from_plain(
                r[kind],
                r["confidence"],
                f"api_gateway.regions.{region}.{kind}.per_million_requests",
                MILLION,
            )
            for kind in _GATEWAYS
            if kind in r
        }
        for region, r in plain["api_gateway"].items()
    }
    balancers = {
        region: LoadBalancerRegion(
            per_hour=price_from_plain(
                r["per_hour"], r["confidence"], f"load_balancer.regions.{region}.per_hour"
            ),
            per_lcu_hour=price_from_plain(
                r["per_lcu_hour"], r["confidence"], f"load_balancer.regions.{region}.per_lcu_hour"
            ),
        )
        for region, r in plain["load_balancer"].items()
    }
    fargate = _fargate_from_plain(plain.get("fargate"))
    managed = _managed_from_plain(plain.get("lambda_managed"))
    return PricingTable(
        name=name,
        currency=plain["currency"],
        as_of=datetime.date.fromisoformat(plain["as_of"]),
        source=plain["source"],
        sources=plain["sources"],
        lambda_=lambda_pricing,
        api_gateway=gateways,
        load_balancer=balancers,
        ec2=Ec2Catalog(
            plain["ec2"]["instance_types"], plain["ec2"]["regions"], {}, plain["ec2"].get("commitments", {})
        ),
        path=path,
        notes=plain["notes"],
        version=plain["version"],
        logs={
            region: LogPrices(
                price_from_plain(
                    r["standard_per_gb"], r["confidence"], f"cloudwatch_logs.regions.{region}.standard"
                ),
                _tiers_from_plain(
                    r["lambda_per_gb"],
                    r["confidence"],
                    f"cloudwatch_logs.regions.{region}.lambda",
                    Decimal(1),
                ),
            )
            for region, r in plain["cloudwatch_logs"].items()
        },
        transfer=_transfer_from_plain(plain["data_transfer"]),
        root_volume={
            region: RootVolumePrice(
                r["volume"], price_from_plain(r["per_gb_month"], r["confidence"], f"ebs.regions.{region}")
            )
            for region, r in plain["ebs"].items()
        },
        fargate=fargate,
        lambda_managed=managed,
        public_ipv4=(
            price_from_plain(ipv4["per_hour"], ipv4["confidence"], "public_ipv4.per_hour")
            if (ipv4 := plain["public_ipv4"]) is not None
            else None
        ),
    )


def _transfer_from_plain(plain: PlainDataTransfer | None) -> TransferPricing | None:
    if plain is None:
        return None
    return TransferPricing(
        Decimal(plain["free_gb_per_month"]),
        {
            region: _tiers_from_plain(
                r["internet_per_gb"], r["confidence"], f"data_transfer.regions.{region}", Decimal(1)
            )
            for region, r in plain["regions"].items()
        },
    )
