"""What a workload costs on always-on EC2 servers, how many it needs, and which type is cheapest.

count = max(min instances, ceil(peak CPU demand / (vCPUs x per-vCPU capacity x
target utilization))), where peak CPU demand = average requests/s x peak factor x
duration in seconds x CPU share, and a burstable type's per-vCPU capacity is
its baseline share. ``compare`` and ``compare_many`` both size and search with
the functions here.
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable
from decimal import Decimal

from costcalc.catalog.model import Arch, InstanceOffer, InstanceType, LoadBalancerRegion, Price, PricingTable
from costcalc.errors import InputError
from costcalc.model.results import (
    ChargePart,
    CostOption,
    OptionKind,
    ServerSizing,
    cost_option,
    line_item,
)
from costcalc.model.workload import Workload
from costcalc.money import EXACT, exact
from costcalc.units import HOURS_PER_MONTH, MB_PER_GB, MS_PER_SECOND, SECONDS_PER_HOUR, SECONDS_PER_MONTH

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


def cpu_demand(workload: Workload, monthly_requests: Decimal) -> Decimal:
    """vCPUs busy at peak: average requests/s x peak factor x seconds x CPU share."""
    peak_rps = monthly_requests / SECONDS_PER_MONTH * workload.peak_factor
    return peak_rps * workload.ms / MS_PER_SECOND * workload.cpu_share


def instances_needed(load: Decimal, usable: Decimal, minimum: Decimal) -> Decimal:
    """max(minimum, ceil(load / usable vCPUs)): the sizing rule, in one place.

    ``load`` is the peak CPU demand over the target utilization: the vCPUs a fleet must have.
    """
    count, part = divmod(load, usable)
    if part:
        count += 1
    return count if count > minimum else minimum


def requests_per_instance(workload: Workload, instance: InstanceType) -> Decimal:
    """Monthly requests one instance carries at the target utilization: the break-even staircase's step."""
    per_request = cpu_demand(workload, Decimal(1))
    return usable_vcpus(instance) * workload.utilization / per_request


def size_servers(workload: Workload, offer: InstanceOffer) -> ServerSizing:
    """How many instances of ``offer`` carry the workload at its peak."""
    instance = offer.instance
    usable = usable_vcpus(instance)
    average_rps = workload.monthly_requests / SECONDS_PER_MONTH
    demand = cpu_demand(workload, workload.monthly_requests)
    needed = int(instances_needed(demand / workload.utilization, usable, ZERO))
    return ServerSizing(
        average_rps,
        average_rps * workload.peak_factor,
        demand,
        usable * workload.utilization,
        needed,
        max(workload.min_instances, needed),
        instance.vcpu,
        instance.capacity_per_vcpu,
    )


def balancer_rates(balancer: LoadBalancerRegion) -> tuple[Decimal, Decimal]:
    """An ALB's monthly cost as fixed + per request: 730 hours, and LCU-hours (a new connection a request)."""
    return HOURS_PER_MONTH * balancer.per_hour.amount, balancer.per_lcu_hour.amount / LCU_REQUESTS_PER_HOUR


@exact
def server_cost(workload: Workload, offer: InstanceOffer, balancer: LoadBalancerRegion | None) -> CostOption:
    """Monthly and daily cost of enough ``offer`` instances, plus an ALB when asked for."""
    sizing = size_servers(workload, offer)
    hours = HOURS_PER_MONTH * sizing.count
    items = [
        line_item(
            "instances",
            hours,
            ZERO,
            "instance-hours",
            (_part(f"{sizing.count} x {offer.instance.name}", hours, "instance-hours", offer.hourly),),
        )
    ]
    if workload.load_balancer:
        if balancer is None:
            raise InputError(
                "load_balancer", f"the pricing table has no load balancer prices for {workload.region}"
            )
        lcu_hours = workload.monthly_requests / LCU_REQUESTS_PER_HOUR
        items.append(
            line_item(
                "load-balancer",
                HOURS_PER_MONTH,
                ZERO,
                "hours",
                (
                    _part("ALB hours", HOURS_PER_MONTH, "hours", balancer.per_hour),
                    _part("LCU-hours", lcu_hours, "LCU-hours", balancer.per_lcu_hour),
                ),
            )
        )
    return cost_option(
        f"ec2:{offer.instance.name}",
        OptionKind.SERVER,
        tuple(items),
        instance_type=offer.instance.name,
        count=sizing.count,
        sizing=sizing,
    )


def _part(label: str, quantity: Decimal, unit: str, price: Price) -> ChargePart:
    return ChargePart(label, quantity, unit, price, quantity * price.amount)


TypeSpec = tuple[Decimal, str, Decimal, Decimal]
"""An instance type as the search needs it: (hourly price, name, usable vCPUs, memory MB)."""
Candidate = tuple[Decimal, str, Decimal, Decimal, Decimal]
"""A ``TypeSpec`` and a floor: a lower bound on the hourly price per usable vCPU of it and all later ones."""


def candidate_types(table: PricingTable, region: str, arch: Arch) -> list[TypeSpec]:
    """Sizable types of ``arch`` in ``region``, cheapest first, without those that can never win.

    A type is dropped when an earlier one (no dearer, and first by name on a
    tie) has at least its vCPUs and memory: that one then needs no more
    instances, so it costs no more, for every workload this type would fit.
    """
    kept: list[TypeSpec] = []
    for offer in table.ec2.cheapest_first(region):
        instance = offer.instance
        if instance.arch is not arch or not instance.sizable:
            continue
        usable, memory_mb = usable_vcpus(instance), instance.memory_gib * MB_PER_GB
        if any(u >= usable and m >= memory_mb for _, _, u, m in kept):
            continue
        kept.append((offer.hourly.amount, instance.name, usable, memory_mb))
    return kept


def fitting(types: list[TypeSpec], memory_mb: Decimal) -> list[Candidate]:
    """The types with at least ``memory_mb``, each with the lowest price per usable vCPU from it on.

    That floor is rounded down, so it stays a true lower bound: no later type can carry a load
    for less than load x floor.
    """
    chosen = [t for t in types if t[3] >= memory_mb]
    floors: list[Decimal] = []
    lowest = INFINITY
    with decimal.localcontext(EXACT) as context:
        context.rounding = decimal.ROUND_FLOOR
        for hourly, _, usable, _ in reversed(chosen):
            lowest = min(lowest, hourly / usable)
            floors.append(lowest)
    return [(*t, floor) for t, floor in zip(chosen, reversed(floors), strict=True)]


def named_candidate(table: PricingTable, region: str, name: str) -> Candidate:
    """One named type as a candidate (priced whatever its memory, as ``--instance`` asks)."""
    offer = table.ec2.offer(region, name)
    assert offer is not None  # validated
    instance = offer.instance
    return (offer.hourly.amount, name, usable_vcpus(instance), instance.memory_gib * MB_PER_GB, ZERO)


def cheapest_fleet(
    demand: Decimal,
    utilization: Decimal,
    minimum: int,
    candidates: Iterable[Candidate],
    *,
    search: bool = True,
) -> tuple[str, Decimal, Decimal]:
    """(type, count, hourly total) of the cheapest fleet among ``candidates`` ("", 0, Infinity if none).

    With ``search``, candidates come cheapest first and the loop stops once no
    later type can win: its minimum fleet, or the load at the lowest price per
    vCPU from it on, already costs more. Ties go to the first name in sort order.
    """
    load = demand / utilization
    floor_count = Decimal(minimum)
    best_name, best_count, best_total = "", ZERO, INFINITY
    for hourly, name, usable, _, floor in candidates:
        if search and (hourly * floor_count > best_total or load * floor > best_total):
            break
        count = instances_needed(load, usable, floor_count)
        total = hourly * count
        if total < best_total or (total == best_total and name < best_name):
            best_name, best_count, best_total = name, count, total
    return best_name, best_count, best_total


@exact
def cheapest_server(
    workload: Workload, table: PricingTable, balancer: LoadBalancerRegion | None
) -> CostOption | None:
    """The cheapest sizable type of the workload's architecture that holds its memory; None if none fits.

    The load balancer costs the same whichever type is behind it, so only
    instance-hours decide. Types are built one at a time, cheapest first, only
    until none can win: a single compare never builds the whole catalog.
    """
    candidates = (
        (offer.hourly.amount, offer.instance.name, usable_vcpus(offer.instance), memory_mb, ZERO)
        for offer in table.ec2.cheapest_first(workload.region)
        if offer.instance.arch is workload.arch
        and offer.instance.sizable
        and (memory_mb := offer.instance.memory_gib * MB_PER_GB) >= workload.memory
    )
    demand = cpu_demand(workload, workload.monthly_requests)
    name, _, _ = cheapest_fleet(demand, workload.utilization, workload.min_instances, candidates)
    if not name:
        return None
    offer = table.ec2.offer(workload.region, name)
    assert offer is not None
    return server_cost(workload, offer, balancer)
