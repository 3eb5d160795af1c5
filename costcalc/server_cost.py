"""What a workload costs on always-on EC2 servers, and how many it needs.

count = max(min instances, ceil(peak CPU demand / (vCPUs x per-vCPU capacity x
target utilization))), where peak CPU demand = average requests/s x peak factor x
duration in seconds x CPU share, and a burstable type's per-vCPU capacity is
its baseline share.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_CEILING, Decimal

from costcalc.errors import InputError
from costcalc.money import exact
from costcalc.prices import InstanceOffer, InstanceType, LoadBalancerRegion, Price
from costcalc.results import (
    ChargePart,
    CostOption,
    OptionKind,
    ServerSizing,
    cost_option,
    line_item,
)
from costcalc.workload import HOURS_PER_MONTH, SECONDS_PER_MONTH, Workload

MS_PER_SECOND = Decimal(1000)
NEW_CONNECTIONS_PER_LCU = Decimal(25)
"""AWS's ALB LCU covers 25 new connections a second; costcalc assumes one per request."""
LCU_REQUESTS_PER_HOUR = NEW_CONNECTIONS_PER_LCU * 3600


def require_sizable(instance: InstanceType) -> None:
    """Refuse a burstable type whose baseline share is unknown: its capacity cannot be sized."""
    if not instance.sizable:
        raise InputError(
            "instances", f"{instance.name} is burstable and the table has no baseline CPU share for it"
        )


def usable_vcpus(workload: Workload, instance: InstanceType) -> Decimal:
    """vCPUs one instance gives at the target utilization: vCPUs x per-vCPU capacity x utilization."""
    require_sizable(instance)
    return instance.vcpu * instance.capacity_per_vcpu * workload.utilization


def requests_per_instance(workload: Workload, instance: InstanceType) -> Decimal:
    """Monthly requests one instance carries at the workload's peak factor, duration and CPU share.

    The sizing rule in one place: count = max(min instances, ceil(requests / this)).
    """
    per_request = workload.peak_factor * workload.ms / MS_PER_SECOND * workload.cpu_share / SECONDS_PER_MONTH
    return usable_vcpus(workload, instance) / per_request


def size_servers(workload: Workload, offer: InstanceOffer) -> ServerSizing:
    """How many instances of ``offer`` carry the workload at its peak."""
    capacity = usable_vcpus(workload, offer.instance)
    average_rps = workload.monthly_requests / SECONDS_PER_MONTH
    peak_rps = average_rps * workload.peak_factor
    demand = peak_rps * workload.ms / MS_PER_SECOND * workload.cpu_share
    share = workload.monthly_requests / requests_per_instance(workload, offer.instance)
    needed = int(share.to_integral_value(rounding=ROUND_CEILING))
    instance = offer.instance
    return ServerSizing(
        average_rps,
        peak_rps,
        demand,
        capacity,
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
            Decimal(0),
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
                Decimal(0),
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


@exact
def cheapest_server(
    workload: Workload, offers: Iterable[InstanceOffer], balancer: LoadBalancerRegion | None
) -> CostOption | None:
    """The cheapest sizable type of the workload's architecture that holds its memory; None if none fits.

    ``offers`` must come cheapest first: every type needs at least one instance,
    so once an hourly price exceeds the best total found, no later type can win.
    The load balancer costs the same whichever type is behind it, so only
    instance-hours decide; ties go to the first name in sort order.
    """
    needed_gib = workload.memory / 1024
    best: tuple[Decimal, str, InstanceOffer] | None = None
    for offer in offers:
        instance = offer.instance
        if best is not None and offer.hourly.amount > best[0]:
            break
        if instance.arch is not workload.arch or not instance.sizable or instance.memory_gib < needed_gib:
            continue
        hourly_total = offer.hourly.amount * size_servers(workload, offer).count
        if best is None or (hourly_total, instance.name) < best[:2]:
            best = (hourly_total, instance.name, offer)
    return server_cost(workload, best[2], balancer) if best else None
