"""What a workload costs on always-on EC2 servers, how many it needs, and which type is cheapest.

count = max(min instances, ceil(peak CPU demand / (vCPUs x per-vCPU capacity x
target utilization))), where peak CPU demand = peak requests/s x ``W``, one
request's CPU work in vCPU-seconds (``model.cpu``), and a burstable type's
per-vCPU capacity is its baseline share. Each instance carries its root volume
and, without a load balancer, a public IPv4 address. ``compare``,
``compare_many`` and the break-even solver all size and search with the
functions here.
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING

from costcalc.catalog.model import (
    InstanceOffer,
    InstanceType,
    Price,
    PricingTable,
    TypeSpecs,
    missing_price,
)
from costcalc.errors import InputError
from costcalc.model.fleet_rule import instances_needed as instances_needed  # re-exported
from costcalc.model.results import (
    ChargePart,
    CostOption,
    LineItem,
    OptionKind,
    ServerSizing,
    cost_option,
    line_item,
)
from costcalc.model.whole_bill import logs_item, public_ipv4_item, root_volume_item, transfer_item
from costcalc.model.workload import Workload
from costcalc.money import EXACT, exact, format_quantity, plain
from costcalc.units import HOURS_PER_MONTH, MB_PER_GB, SECONDS_PER_HOUR, SECONDS_PER_MONTH

if TYPE_CHECKING:
    from costcalc.catalog.purchase import CommitmentRate, Purchase

ZERO = Decimal(0)
INFINITY = Decimal("Infinity")
NEW_CONNECTIONS_PER_LCU = Decimal(25)
"""AWS's ALB LCU covers 25 new connections a second; costcalc assumes one per request."""
LCU_REQUESTS_PER_HOUR = NEW_CONNECTIONS_PER_LCU * SECONDS_PER_HOUR


def require_sizable(instance: InstanceType) -> None:
    """Refuse a burstable type whose baseline share is unknown: its capacity cannot be sized."""
    if not instance.sizable:
        raise InputError(
            "instances", f"{instance.name} is burstable and the table has no baseline CPU share for it"
        )


def usable_vcpus(instance: InstanceType) -> Decimal:
    """vCPUs one instance can keep busy: vCPUs x per-vCPU capacity (a burstable type's baseline)."""
    require_sizable(instance)
    return instance.vcpu * instance.capacity_per_vcpu


def cpu_demand(workload: Workload, monthly_requests: Decimal, work: Decimal) -> Decimal:
    """vCPUs busy at peak: average requests/s x peak factor x ``work`` (vCPU-seconds a request)."""
    return monthly_requests / SECONDS_PER_MONTH * workload.sizing_peak_factor * work


def requests_per_vcpu(workload: Workload, work: Decimal) -> Decimal:
    """Monthly requests one usable vCPU carries at the target utilization and the workload's peak."""
    return workload.utilization / cpu_demand(workload, Decimal(1), work)


def requests_per_instance(workload: Workload, instance: InstanceType, work: Decimal) -> Decimal:
    """Monthly requests one instance carries at the target utilization: the break-even staircase's step."""
    return usable_vcpus(instance) * requests_per_vcpu(workload, work)


def size_servers(workload: Workload, offer: InstanceOffer, work: Decimal) -> ServerSizing:
    """How many instances of ``offer`` carry the workload at its peak."""
    instance = offer.instance
    usable = usable_vcpus(instance)
    average_rps = workload.monthly_requests / SECONDS_PER_MONTH
    demand = cpu_demand(workload, workload.monthly_requests, work)
    needed = int(instances_needed(demand / workload.utilization, usable, ZERO))
    return ServerSizing(
        average_rps,
        average_rps * workload.sizing_peak_factor,
        demand,
        usable * workload.utilization,
        needed,
        max(workload.min_instances, needed),
        instance.vcpu,
        instance.capacity_per_vcpu,
        work,
    )


def instance_extras(workload: Workload, table: PricingTable) -> Decimal:
    """What each instance costs a month beside its hours: root volume, and its own IPv4 without an ALB."""
    extra = ZERO
    volume = table.root_volume.get(workload.region)
    if volume is not None:
        extra += workload.ebs_gb * volume.per_gb_month.amount
    if workload.public_ipv4 and not workload.behind_load_balancer and table.public_ipv4 is not None:
        extra += HOURS_PER_MONTH * table.public_ipv4.amount
    return extra


def shared_rates(workload: Workload, table: PricingTable) -> tuple[Decimal, Decimal]:
    """The servers' costs that do not depend on the type: (fixed a month, per request).

    The ALB's hours and its addresses, its LCUs (a new connection a request) and
    the logs' Standard ingestion. Data transfer out is left out: it is the same
    on both sides, so it never moves a break-even.
    """
    fixed = per_request = ZERO
    if workload.behind_load_balancer:
        balancer = table.load_balancer[workload.region]
        fixed += HOURS_PER_MONTH * balancer.per_hour.amount
        per_request += balancer.per_lcu_hour.amount / LCU_REQUESTS_PER_HOUR
        if workload.public_ipv4 and table.public_ipv4 is not None:
            fixed += HOURS_PER_MONTH * table.public_ipv4.amount * 2
    logs = logs_item(workload, table, Decimal(1), on_lambda=False)
    if logs is not None:
        per_request += logs.monthly
    return fixed, per_request


@exact
def server_cost(workload: Workload, offer: InstanceOffer, table: PricingTable, work: Decimal) -> CostOption:
    """Monthly and daily cost of enough ``offer`` instances, with their volumes, addresses and front door.

    A fixed fleet runs its busiest-hour count all month. A scheduled one (``--scaling scheduled``)
    runs ``hourly_counts`` instances in each hour, and its instance-hours, root volumes and
    addresses follow: the volumes and addresses of the average count over the month.
    """
    sizing = size_servers(workload, offer, work)
    requests = workload.monthly_requests
    counts: tuple[int, ...] | None = None
    fleet: int | Decimal = sizing.instances
    count = sizing.instances
    label = f"{sizing.instances:,} x {offer.instance.name}"
    if workload.shape is not None:
        from costcalc.model.traffic import instance_hours

        if workload.scheduled:
            counts = hourly_counts(workload, usable_vcpus(offer.instance), work)
            count = max(counts)
            label = f"{min(counts):,} to {count:,} x {offer.instance.name}, scheduled"
        else:
            counts = (sizing.instances,) * len(workload.shape.hourly)
        hours = instance_hours(counts, workload.shape.period)
        if workload.scheduled:
            fleet = hours / HOURS_PER_MONTH
    else:
        hours = HOURS_PER_MONTH * sizing.instances
    terms = table.ec2.terms(workload.region, offer.instance.name)
    committed = count
    if counts is not None and workload.scheduled and table.purchase and table.purchase.term_months:
        # A commitment is paid every hour: it covers the base the schedule never goes below; the rest
        # of the instance-hours run on demand.
        from costcalc.catalog.commitments import on_demand_price

        committed = min(counts)
        on_demand = on_demand_price(table, workload.region, offer.instance.name)
        parts = scheduled_parts(label, hours, committed, offer.hourly, table.purchase, terms, on_demand)
    else:
        parts = instance_parts(label, hours, offer.hourly, table.purchase, terms)
    items: list[LineItem | None] = [
        line_item("instances", hours, ZERO, "instance-hours", parts),
        root_volume_item(workload, table, fleet),
        public_ipv4_item(workload, table, fleet),
    ]
    if workload.behind_load_balancer:
        items.append(balancer_item(workload, table, requests))
    items += [logs_item(workload, table, requests, on_lambda=False), transfer_item(workload, table, requests)]
    purchase = table.purchase
    upfront = ZERO if terms is None else None if terms.upfront is None else terms.upfront * committed
    return cost_option(
        f"ec2:{offer.instance.name}" + (f"@{purchase.spec}" if purchase is not None else ""),
        OptionKind.SERVER,
        tuple(item for item in items if item is not None),
        instance_type=offer.instance.name,
        count=count,
        sizing=sizing,
        purchase=purchase,
        upfront=upfront,
        interruption=terms.interruption if terms is not None else None,
        instance_hours=hours if counts is not None else None,
        hourly_counts=counts,
    )


def hourly_counts(workload: Workload, usable: Decimal, work: Decimal) -> tuple[int, ...]:
    """Instances a schedule runs in each hour of the workload's shape, ``usable`` vCPUs each.

    Hour h's peak CPU demand is its average rate x ``peak_factor`` (the peak within an hour)
    x ``work``; ``traffic.hourly_fleet`` applies the sizing rule and the headroom.
    """
    from costcalc.model.traffic import hourly_fleet

    shape = workload.shape
    assert shape is not None
    demands = [
        rate * workload.peak_factor * work for rate in shape.hourly_requests(workload.monthly_requests)
    ]
    return hourly_fleet(demands, usable, workload.utilization, workload.headroom, workload.min_instances)


def scheduled_parts(
    label: str,
    hours: Decimal,
    base: int,
    hourly: Price,
    purchase: Purchase,
    terms: CommitmentRate | None,
    on_demand: Price | None,
) -> tuple[ChargePart, ...]:
    """A schedule under a commitment: ``base`` instances committed all month, the burst above on demand."""
    committed = HOURS_PER_MONTH * base
    parts = list(instance_parts(f"{label}: {base:,} committed", committed, hourly, purchase, terms))
    burst = hours - committed
    if burst:
        assert on_demand is not None
        parts.append(_part(f"{label}: burst on demand", burst, "instance-hours", on_demand))
    return tuple(parts)


def instance_parts(
    label: str, hours: Decimal, hourly: Price, purchase: Purchase | None, terms: CommitmentRate | None
) -> tuple[ChargePart, ...]:
    """The instance-hours at their price; under a commitment whose parts are known, the hourly charge
    and the upfront fee spread over the term's hours (upfront / (term months x 730)), apart."""
    if purchase is None or terms is None or terms.recurring is None or not terms.upfront:
        return (_part(label, hours, "instance-hours", hourly),)
    spread = terms.upfront / purchase.term_hours
    upfront = f"{label}: upfront {plain(terms.upfront)} each / {format_quantity(purchase.term_hours)} h"
    parts = [_part(upfront, hours, "instance-hours", hourly._replace(amount=spread))]
    if terms.recurring:
        recurring = hourly._replace(amount=terms.recurring)
        parts.insert(0, _part(f"{label}: hourly charge", hours, "instance-hours", recurring))
    return tuple(parts)


def balancer_item(workload: Workload, table: PricingTable, requests: Decimal) -> LineItem:
    """The ALB: its hours, and LCU-hours from new connections (one a request, 25 a second per LCU)."""
    balancer = table.load_balancer.get(workload.region)
    if balancer is None:
        raise InputError("load_balancer", missing_price(table.name, "load balancer prices", workload.region))
    lcu_hours = requests / LCU_REQUESTS_PER_HOUR
    return line_item(
        "load-balancer",
        HOURS_PER_MONTH,
        ZERO,
        "hours",
        (
            _part("ALB hours", HOURS_PER_MONTH, "hours", balancer.per_hour),
            _part("LCU-hours", lcu_hours, "LCU-hours", balancer.per_lcu_hour),
        ),
    )


def _part(label: str, quantity: Decimal, unit: str, price: Price) -> ChargePart:
    return ChargePart(label, quantity, unit, price, quantity * price.amount)


def eligible(spec: TypeSpecs, workload: Workload) -> bool:
    """Whether the auto-pick may choose a type: the workload's architecture, sizable, current
    generation (unless --previous-generation), one of --family if given, and enough vCPUs for --threads.
    Memory is checked apart, as it varies within a sweep."""
    return (
        spec.arch == workload.arch.value
        and spec.usable_vcpus is not None
        and (spec.current_generation or workload.previous_generation)
        and spec.vcpu >= workload.threads
        and (not workload.families or spec.name.partition(".")[0] in workload.families)
    )


TypeSpec = tuple[Decimal, str, Decimal, Decimal]
"""An instance type as the search needs it: (hourly price, name, usable vCPUs, memory MB)."""
Candidate = tuple[Decimal, str, Decimal, Decimal, Decimal, Decimal]
"""A ``TypeSpec``, a floor (the lowest hourly price per usable vCPU of it and all later types, rounded
down) and the most usable vCPUs of it and all later types: together, a lower bound on any later fleet."""


def candidate_types(table: PricingTable, workload: Workload) -> list[TypeSpec]:
    """Eligible types in the workload's region, cheapest first, without those that can never win.

    A type is dropped when an earlier one (no dearer, and first by name on a
    tie) has at least its vCPUs and memory: that one then needs no more
    instances, so it costs no more, for every workload this type would fit.
    """
    kept: list[TypeSpec] = []
    for spec in table.ec2.specs(workload.region):
        if not eligible(spec, workload):
            continue
        usable, memory_mb = spec.usable_vcpus, spec.memory_mb
        assert usable is not None  # eligible types are sizable
        if any(u >= usable and m >= memory_mb for _, _, u, m in kept):
            continue
        kept.append((spec.hourly, spec.name, usable, memory_mb))
    return kept


def fitting(types: list[TypeSpec], memory_mb: Decimal) -> list[Candidate]:
    """The types with at least ``memory_mb``, each with the lowest price per usable vCPU from it on.

    That floor is rounded down, so it stays a true lower bound: no later type can carry a load
    for less than load x floor.
    """
    chosen = [t for t in types if t[3] >= memory_mb]
    bounds: list[tuple[Decimal, Decimal]] = []
    lowest, most = INFINITY, ZERO
    with decimal.localcontext(EXACT) as context:
        context.rounding = decimal.ROUND_FLOOR
        for hourly, _, usable, _ in reversed(chosen):
            lowest, most = min(lowest, hourly / usable), max(most, usable)
            bounds.append((lowest, most))
    return [(*t, *bound) for t, bound in zip(chosen, reversed(bounds), strict=True)]


def named_candidate(table: PricingTable, region: str, name: str) -> Candidate:
    """One named type as a candidate (priced whatever its memory, as ``--instance`` asks)."""
    offer = table.ec2.offer(region, name)
    assert offer is not None  # validated
    instance = offer.instance
    usable = usable_vcpus(instance)
    return (offer.hourly.amount, name, usable, instance.memory_gib * MB_PER_GB, ZERO, usable)


def cheapest_fleet(
    demand: Decimal,
    utilization: Decimal,
    minimum: int,
    candidates: Iterable[Candidate],
    *,
    search: bool = True,
    extra: Decimal = ZERO,
) -> tuple[str, Decimal, Decimal]:
    """(type, count, hourly price) of the cheapest fleet among ``candidates`` ("", 0, 0 if none).

    ``extra`` is what each instance costs an hour beside its price (root volume,
    IPv4). With ``search``, candidates come cheapest first and the loop stops
    once no later type can win: its minimum fleet already costs more, or the
    load at the lowest price per vCPU from it on, plus the extras of the fewest
    instances that could carry it. Ties go to the first name in sort order.
    """
    load = demand / utilization
    floor_count = Decimal(minimum)
    best_name, best_count, best_price, best_total = "", ZERO, ZERO, INFINITY
    for hourly, name, usable, _, floor, most in candidates:
        per_instance = hourly + extra
        if search and (
            per_instance * floor_count > best_total
            or load * floor + extra * max(floor_count, load / most) > best_total
        ):
            break
        count = instances_needed(load, usable, floor_count)
        total = per_instance * count
        if total < best_total or (total == best_total and name < best_name):
            best_name, best_count, best_price, best_total = name, count, hourly, total
    return best_name, best_count, best_price


@exact
def cheapest_server(workload: Workload, table: PricingTable, work: Decimal) -> CostOption | None:
    """The cheapest eligible type that holds the workload's memory; None if none fits.

    What each instance carries beside its price (root volume, IPv4) counts in
    the choice: it favours fewer, larger instances. Types are built one at a
    time, cheapest first, only until none can win: a single compare never builds
    the whole catalog.
    """
    candidates = (
        # Filtered lazily, so the floors of later types are unknown: zero per vCPU, unbounded vCPUs.
        (spec.hourly, spec.name, usable, spec.memory_mb, ZERO, INFINITY)
        for spec in table.ec2.specs_by_price(workload.region, workload.arch.value)
        if (usable := spec.usable_vcpus) is not None
        and spec.memory_mb >= workload.fit_memory
        and eligible(spec, workload)
    )
    if workload.scheduled:
        return cheapest_scheduled(workload, table, work)
    demand = cpu_demand(workload, workload.monthly_requests, work)
    extra = instance_extras(workload, table) / HOURS_PER_MONTH
    name, _, _ = cheapest_fleet(demand, workload.utilization, workload.min_instances, candidates, extra=extra)
    if not name:
        return None
    offer = table.ec2.offer(workload.region, name)
    assert offer is not None
    return server_cost(workload, offer, table, work)


def cheapest_scheduled(workload: Workload, table: PricingTable, work: Decimal) -> CostOption | None:
    """The cheapest type for a scheduled fleet: each candidate priced hour by hour, the cheapest kept.

    The fixed search stops early on a bound of the busiest hour's fleet, which does not bound a
    schedule's cost, so every candidate is priced. The candidates are ``candidate_types`` that
    hold the memory: a type it drops has an earlier one, no dearer, with at least its vCPUs and
    memory, which needs no more instances in any hour. Under a commitment every eligible type is
    priced: the hours above the base run on demand. Ties go to the first name in sort order.
    """
    best: CostOption | None = None
    names = [name for _, name, _, _, _, _ in fitting(candidate_types(table, workload), workload.fit_memory)]
    if table.purchase is not None and table.purchase.term_months:
        # Under a commitment the burst runs at on-demand prices, which the pruning by rate cannot see.
        names = [
            spec.name
            for spec in table.ec2.specs(workload.region)
            if eligible(spec, workload) and spec.memory_mb >= workload.fit_memory
        ]
    for name in names:
        offer = table.ec2.offer(workload.region, name)
        assert offer is not None  # a candidate has a price
        option = server_cost(workload, offer, table, work)
        if best is None or (option.monthly, name) < (best.monthly, best.instance_type or ""):
            best = option
    return best
