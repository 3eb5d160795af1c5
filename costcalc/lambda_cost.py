"""What a workload costs on AWS Lambda: requests, compute, ephemeral storage, API Gateway.

Follows AWS's worked examples: GB-s = requests x billed seconds x MB / 1024,
with each invocation's duration rounded up to the billing increment; the free
tier comes off the monthly totals first, then volume tiers apply.
"""

from __future__ import annotations

from decimal import ROUND_CEILING, Decimal

from costcalc.errors import InputError
from costcalc.money import exact
from costcalc.prices import LambdaArchPrices, PricingTable, Tier
from costcalc.results import CostOption, LineItem, OptionKind, cost_option, line_item
from costcalc.tiers import charge_tiers
from costcalc.workload import Workload

MB_PER_GB = Decimal(1024)
MS_PER_SECOND = Decimal(1000)


def billed_ms(ms: Decimal, increment_ms: Decimal) -> Decimal:
    """One invocation's duration rounded up to the billing increment (1 ms now, 100 ms before Dec 2020)."""
    steps = (ms / increment_ms).to_integral_value(rounding=ROUND_CEILING)
    return steps * increment_ms


def _tiered_item(name: str, usage: Decimal, free: Decimal, unit: str, tiers: tuple[Tier, ...]) -> LineItem:
    billable = max(usage - free, Decimal(0))
    return line_item(name, usage, usage - billable, unit, charge_tiers(billable, tiers, unit))


@exact
def lambda_cost(workload: Workload, table: PricingTable) -> CostOption:
    """Monthly and daily Lambda cost of ``workload`` under ``table``, item by item."""
    pricing = table.lambda_
    prices = lambda_prices(table, workload)
    requests = workload.monthly_requests
    seconds = billed_ms(workload.ms, pricing.billing_increment_ms) / MS_PER_SECOND
    compute_seconds = requests * seconds
    free_requests = pricing.free_tier.requests if workload.free_tier else Decimal(0)
    free_gb_seconds = pricing.free_tier.gb_seconds if workload.free_tier else Decimal(0)
    items = [
        _tiered_item("requests", requests, free_requests, "requests", (Tier(None, prices.request),)),
        _tiered_item(
            "compute", compute_seconds * workload.memory / MB_PER_GB, free_gb_seconds, "GB-s", prices.duration
        ),
    ]
    storage_limits = pricing.ephemeral_storage_mb
    included_mb = storage_limits.minimum if storage_limits else workload.storage
    if workload.storage > included_mb:
        storage_price = table.lambda_.regions[workload.region].ephemeral_storage
        if storage_price is None:
            raise InputError(
                "storage", f"pricing table {table.name} has no ephemeral storage price for {workload.region}"
            )
        extra_gb = (workload.storage - included_mb) / MB_PER_GB
        items.append(
            _tiered_item(
                "ephemeral-storage",
                compute_seconds * extra_gb,
                Decimal(0),
                "GB-s",
                (Tier(None, storage_price),),
            )
        )
    if workload.api_gateway is not None:
        region = table.api_gateway.get(workload.region)
        tiers = region.get(workload.api_gateway) if region else None
        if tiers is None:
            kind = workload.api_gateway.value
            raise InputError(
                "api_gateway", f"pricing table {table.name} has no {kind} API prices for {workload.region}"
            )
        items.append(_tiered_item("api-gateway", requests, Decimal(0), "requests", tiers))
    return cost_option("lambda", OptionKind.LAMBDA, tuple(items))


def lambda_prices(table: PricingTable, workload: Workload) -> LambdaArchPrices:
    """The region's Lambda prices for the workload's architecture, or a clear error."""
    region = table.lambda_.regions.get(workload.region)
    if region is None:
        known = ", ".join(sorted(table.lambda_.regions))
        raise InputError(
            "region",
            f"pricing table {table.name} has no Lambda prices for {workload.region!r} (known: {known})",
        )
    prices = region.archs.get(workload.arch)
    if prices is None:
        raise InputError(
            "arch",
            f"pricing table {table.name} has no {workload.arch.value} Lambda prices for {workload.region}",
        )
    return prices
