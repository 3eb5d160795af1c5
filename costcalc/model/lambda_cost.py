"""What workloads cost on AWS Lambda: requests, compute, ephemeral storage, API Gateway.

Follows AWS's worked examples: GB-s = requests x billed seconds x MB / 1024,
with each invocation's duration rounded up to the billing increment; the free
tier comes off the monthly totals first, then volume tiers apply.

Both the free tier and the volume tiers belong to the account, not to one
function. ``account_lambda_costs`` prices several workloads together: one free
pool shared by those with ``free_tier`` on, tiers on the combined usage of each
region and architecture (API Gateway: region and API kind), and each shared
figure split in proportion to usage so that the shares add up exactly.
``lambda_cost`` is the same with an account of one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from typing import NamedTuple

from costcalc.catalog.model import LambdaArchPrices, Price, PricingTable, Tier, fetch_command, missing_price
from costcalc.errors import InputError, did_you_mean
from costcalc.model.cpu import lambda_ms
from costcalc.model.results import ChargePart, CostOption, LineItem, OptionKind, cost_option, line_item
from costcalc.model.tiers import charge_tiers
from costcalc.model.whole_bill import logs_item, transfer_item
from costcalc.model.workload import Workload
from costcalc.money import EXACT, exact
from costcalc.numbers import shown
from costcalc.units import MB_PER_GB, MS_PER_SECOND, SECONDS_PER_MONTH

ZERO = Decimal(0)


def billed_ms(ms: Decimal, increment_ms: Decimal) -> Decimal:
    """One invocation's duration rounded up to the billing increment (1 ms now, 100 ms before Dec 2020)."""
    # ceil by divmod: half the cost of to_integral_value(rounding=...), and compare_many calls it per row.
    steps, part = divmod(ms, increment_ms)
    if part:
        steps += 1
    return steps * increment_ms


def billed_seconds(ms: Decimal, increment_ms: Decimal) -> Decimal:
    """One invocation's billed duration, in seconds."""
    return billed_ms(ms, increment_ms) / MS_PER_SECOND


def gb_seconds(compute_seconds: Decimal, memory_mb: Decimal) -> Decimal:
    """GB-seconds of ``compute_seconds`` at ``memory_mb``: AWS's seconds x MB / 1024."""
    return compute_seconds * memory_mb / MB_PER_GB


def lambda_prices(table: PricingTable, workload: Workload) -> LambdaArchPrices:
    """The region's Lambda prices for the workload's architecture, or a clear error."""
    region = table.lambda_.regions.get(workload.region)
    if region is None and workload.region in table.ec2.regions:  # GovCloud in the bundled table
        raise InputError(
            "region",
            f"pricing table {table.name} has EC2 prices for {workload.region} but no Lambda prices, "
            f"so it cannot compare them (costcalc pricing show {table.name} says why); "
            f"`{fetch_command(workload.region)}` imports AWS's",
        )
    if region is None:
        hint = did_you_mean(workload.region, table.lambda_.regions)
        raise InputError(
            "region",
            f"pricing table {table.name} has no Lambda prices for {shown(workload.region)}{hint} "
            f"({len(table.lambda_.regions)} regions have them: costcalc pricing show {table.name})",
        )
    prices = region.archs.get(workload.arch)
    if prices is None:
        raise InputError(
            "arch",
            f"pricing table {table.name} has no {workload.arch.value} Lambda prices for {workload.region}",
        )
    return prices


def storage_price(table: PricingTable, workload: Workload) -> Price | None:
    """The ephemeral-storage price the workload needs (None when it stays within the included size)."""
    if billable_storage_mb(table, workload) == 0:
        return None
    price = table.lambda_.regions[workload.region].ephemeral_storage
    if price is None:
        raise InputError("storage", missing_price(table.name, "ephemeral storage price", workload.region))
    return price


def gateway_tiers(table: PricingTable, workload: Workload) -> tuple[Tier, ...] | None:
    """The API Gateway tiers the workload needs (None without a gateway)."""
    if workload.api_gateway is None:
        return None
    tiers = table.api_gateway.get(workload.region, {}).get(workload.api_gateway)
    if tiers is None:
        kind = workload.api_gateway.value
        raise InputError("api_gateway", missing_price(table.name, f"{kind} API prices", workload.region))
    return tiers


class LambdaUsage(NamedTuple):
    """A workload's monthly Lambda usage, before any free tier (a light record: made per evaluation)."""

    requests: Decimal
    gb_seconds: Decimal
    storage_gb_seconds: Decimal
    """GB-s of ephemeral storage above the included size."""


def lambda_usage(workload: Workload, table: PricingTable) -> LambdaUsage:
    """Requests, compute GB-s and extra-storage GB-s a month."""
    compute_seconds = workload.monthly_requests * billed_seconds(
        lambda_ms(workload, table), table.lambda_.billing_increment_ms
    )
    return LambdaUsage(
        requests=workload.monthly_requests,
        gb_seconds=gb_seconds(compute_seconds, workload.memory),
        storage_gb_seconds=gb_seconds(compute_seconds, billable_storage_mb(table, workload)),
    )


def billable_storage_mb(table: PricingTable, workload: Workload) -> Decimal:
    """Ephemeral storage above the size included in the price (zero when the table has no such option)."""
    limits = table.lambda_.ephemeral_storage_mb
    included = limits.minimum if limits else workload.storage
    return max(workload.storage - included, ZERO)


def split_exactly(total: Decimal, weights: Sequence[Decimal]) -> list[Decimal]:
    """Shares of ``total`` in proportion to ``weights``; the last takes the remainder, so they sum exactly."""
    whole = sum(weights, ZERO)
    if whole == 0:
        return [ZERO for _ in weights]
    shares = [total * weight / whole for weight in weights[:-1]]
    return [*shares, total - sum(shares, ZERO)]


def _shared_parts(parts: tuple[ChargePart, ...], weights: Sequence[Decimal]) -> list[tuple[ChargePart, ...]]:
    """Each member's share of a group's tier parts, band by band."""
    quantities = [split_exactly(part.quantity, weights) for part in parts]
    charges = [split_exactly(part.monthly, weights) for part in parts]
    return [
        tuple(
            ChargePart(part.label, quantities[p][member], part.unit, part.price, charges[p][member])
            for p, part in enumerate(parts)
        )
        for member in range(len(weights))
    ]


def _pooled_items(
    name: str,
    unit: str,
    usages: list[Decimal],
    free: list[Decimal],
    groups: dict[object, list[int]],
    tiers: dict[object, tuple[Tier, ...]],
) -> list[LineItem]:
    """One line item per member: each group's billable total charged once against its tiers, then shared."""
    items: list[LineItem | None] = [None] * len(usages)
    for key, members in groups.items():
        billable = [usages[m] - free[m] for m in members]
        # The group's total as the account sees it: all usage less all that was free.
        total = sum((usages[m] for m in members), ZERO) - sum((free[m] for m in members), ZERO)
        parts = charge_tiers(total, tiers[key], unit)
        for member, share in zip(members, _shared_parts(parts, billable), strict=True):
            items[member] = line_item(name, usages[member], free[member], unit, share)
    return [item for item in items if item is not None]


@exact
def account_lambda_costs(workloads: Sequence[Workload], table: PricingTable) -> list[CostOption]:
    """Lambda options for workloads that share one account, in the same order."""
    usage = [lambda_usage(w, table) for w in workloads]
    prices = [lambda_prices(table, w) for w in workloads]
    free = table.lambda_.free_tier
    pooled = [i for i, w in enumerate(workloads) if w.free_tier]
    requests = [u.requests for u in usage]
    gb_seconds = [u.gb_seconds for u in usage]
    provisioned: dict[int, list[LineItem]] = {}
    if any(w.provisioned_concurrency is not None for w in workloads):
        # Requests the provisioned environments serve leave the on-demand GB-s, and the free pool with them.
        gb_seconds, provisioned = _provisioned_items(workloads, table, gb_seconds)
    free_requests = _free_shares(requests, pooled, free.requests)
    free_gb_seconds = _free_shares(gb_seconds, pooled, free.gb_seconds)
    compute_groups: dict[object, list[int]] = defaultdict(list)
    for i, w in enumerate(workloads):
        compute_groups[(w.region, w.arch)].append(i)
    request_items = _pooled_items(
        "requests",
        "requests",
        requests,
        free_requests,
        compute_groups,
        {key: (Tier(None, prices[members[0]].request),) for key, members in compute_groups.items()},
    )
    compute = _pooled_items(
        "compute",
        "GB-s",
        gb_seconds,
        free_gb_seconds,
        compute_groups,
        {key: prices[members[0]].duration for key, members in compute_groups.items()},
    )
    gateway_groups: dict[object, list[int]] = defaultdict(list)
    gateway_tier_sets: dict[object, tuple[Tier, ...]] = {}
    for i, w in enumerate(workloads):
        tiers = gateway_tiers(table, w)
        if tiers is not None:
            gateway_groups[(w.region, w.api_gateway)].append(i)
            gateway_tier_sets[(w.region, w.api_gateway)] = tiers
    gateway = dict(
        zip(
            [i for members in gateway_groups.values() for i in members],
            _pooled_items(
                "api-gateway", "requests", requests, [ZERO] * len(requests), gateway_groups, gateway_tier_sets
            ),
            strict=True,
        )
    )
    options = []
    for i, w in enumerate(workloads):
        items = [request_items[i], compute[i], *provisioned.get(i, ())]
        extra_storage = storage_price(table, w)
        if extra_storage is not None:
            quantity = usage[i].storage_gb_seconds
            items.append(
                line_item(
                    "ephemeral-storage",
                    quantity,
                    ZERO,
                    "GB-s",
                    (_flat("all", quantity, "GB-s", extra_storage),),
                )
            )
        if i in gateway:
            items.append(gateway[i])
        for extra in (
            logs_item(w, table, usage[i].requests, on_lambda=True),
            transfer_item(w, table, usage[i].requests),
        ):
            if extra is not None:
                items.append(extra)
        options.append(cost_option("lambda", OptionKind.LAMBDA, tuple(items)))
    return options


def _provisioned_items(
    workloads: Sequence[Workload], table: PricingTable, gb_seconds: list[Decimal]
) -> tuple[list[Decimal], dict[int, list[LineItem]]]:
    """On-demand GB-s left once provisioned concurrency serves its share, and its two items per workload.

    Neither item is tiered or free: AWS's worked example applies the free tier to requests and
    on-demand GB-s only.
    """
    from costcalc.model.provisioned import capacity_gb_seconds, provisioned_plan, provisioned_prices

    on_demand = list(gb_seconds)
    items: dict[int, list[LineItem]] = {}
    for i, w in enumerate(workloads):
        plan = provisioned_plan(w, table)
        if plan is None:
            continue
        prices = provisioned_prices(table, w)
        served = gb_seconds[i] * plan.share
        on_demand[i] = gb_seconds[i] - served
        capacity = capacity_gb_seconds(plan, w.memory)
        items[i] = [
            line_item(
                "provisioned-concurrency",
                capacity,
                ZERO,
                "GB-s",
                (_flat("all", capacity, "GB-s", prices.capacity),),
            ),
            line_item(
                "provisioned-compute", served, ZERO, "GB-s", (_flat("all", served, "GB-s", prices.duration),)
            ),
        ]
    return on_demand, items


def _free_shares(usages: list[Decimal], pooled: list[int], allowance: Decimal) -> list[Decimal]:
    """The free allowance split among the pooled workloads in proportion to their usage."""
    shares = [ZERO] * len(usages)
    weights = [usages[i] for i in pooled]
    granted = min(allowance, sum(weights, ZERO))
    for i, share in zip(pooled, split_exactly(granted, weights), strict=True):
        shares[i] = share
    return shares


def _flat(label: str, quantity: Decimal, unit: str, price: Price) -> ChargePart:
    return ChargePart(label, quantity, unit, price, EXACT.multiply(quantity, price.amount))


DEFAULT_CONCURRENCY_QUOTA = 1000
"""Concurrent executions an AWS account gets per region unless it asks for more."""


def peak_concurrency(workload: Workload, table: PricingTable) -> Decimal:
    """Lambda's concurrent executions at peak: peak requests a second x billed seconds each."""
    seconds = billed_seconds(lambda_ms(workload, table), table.lambda_.billing_increment_ms)
    return workload.monthly_requests / SECONDS_PER_MONTH * workload.sizing_peak_factor * seconds


def lambda_cost(workload: Workload, table: PricingTable) -> CostOption:
    """Monthly and daily Lambda cost of one workload (an account of one), item by item."""
    (option,) = account_lambda_costs([workload], table)
    return option
