"""What a workload costs on Lambda Managed Instances: Lambda's model on EC2 instances in your account.

AWS bills the instances at their EC2 price under any purchase option, plus a
management fee on their on-demand price (15% in the table), plus requests. There
is no duration charge and no free tier. Sizing, with the table's rules:

- an execution environment has the function's memory, at least 2,048 MB, and
  ``memory / memory_gb_per_vcpu`` vCPUs; it takes ``--concurrency-per-vcpu``
  concurrent requests per vCPU (the runtime's default otherwise);
- environments needed at peak = max(peak concurrency / the requests one takes,
  peak CPU demand / (its vCPUs x target utilization)), where peak concurrency =
  peak requests/s x billed seconds and CPU demand = peak requests/s x ``W``;
- each instance keeps 1 vCPU and 1 GB for the OS and packs the rest into
  environments; instances = max(3, ceil(environments / per instance)).

Only current-generation types of the table's families (m, c, r) and the
workload's architecture are candidates; the cheapest fleet wins, or
``--managed-instance``. The duration sizes the fleet but is not billed.
"""

from __future__ import annotations

import dataclasses
from decimal import ROUND_FLOOR, Decimal
from typing import NamedTuple

from costcalc.catalog.model import LambdaManagedPricing, Price, PricingTable, TypeSpecs
from costcalc.errors import InputError
from costcalc.model.breakeven import FleetType
from costcalc.model.cpu import lambda_ms
from costcalc.model.lambda_cost import billed_seconds, lambda_cost
from costcalc.model.results import ChargePart, CostOption, LineItem, OptionKind, cost_option, line_item
from costcalc.model.server_cost import instances_needed
from costcalc.model.workload import Workload
from costcalc.money import exact, format_quantity, plain
from costcalc.units import HOURS_PER_MONTH, MB_PER_GB, SECONDS_PER_MONTH

ZERO = Decimal(0)
SHARED_ITEMS = ("api-gateway", "logs", "data-transfer")
"""Lambda's line items a managed function pays the same way: its front door, vended logs, transfer."""


class ManagedSizing(NamedTuple):
    """How a Managed Instances fleet was sized."""

    environment_mb: Decimal
    environment_vcpus: Decimal
    requests_per_environment: Decimal
    """Concurrent requests one environment takes."""
    peak_concurrency: Decimal
    environments: int
    per_instance: int
    instances: int


def managed_pricing(table: PricingTable) -> LambdaManagedPricing:
    """The table's Managed Instances rules, or one line saying it has none."""
    if table.lambda_managed is None:
        raise InputError("options", f"pricing table {table.name} has no Lambda Managed Instances section")
    return table.lambda_managed


def environment(workload: Workload, managed: LambdaManagedPricing) -> tuple[Decimal, Decimal, Decimal]:
    """An execution environment's memory (MB), vCPUs, and the concurrent requests it takes."""
    memory = max(workload.memory, managed.min_environment_mb)
    vcpus = memory / MB_PER_GB / managed.memory_gb_per_vcpu
    per_vcpu = workload.concurrency_per_vcpu or managed.concurrency_per_vcpu.get(workload.runtime)
    if per_vcpu is None:
        raise InputError("runtime", f"the table has no default concurrency for {workload.runtime}")
    return memory, vcpus, per_vcpu * vcpus


def environments_needed(workload: Workload, table: PricingTable, work: Decimal) -> tuple[Decimal, Decimal]:
    """Environments at peak (before rounding up) and the peak concurrency they carry."""
    _, vcpus, takes = environment(workload, managed_pricing(table))
    peak_rps = workload.monthly_requests / SECONDS_PER_MONTH * workload.sizing_peak_factor
    concurrency = peak_rps * billed_seconds(lambda_ms(workload, table), table.lambda_.billing_increment_ms)
    return max(concurrency / takes, peak_rps * work / (vcpus * workload.utilization)), concurrency


def per_instance(spec: TypeSpecs, managed: LambdaManagedPricing, memory_mb: Decimal, vcpus: Decimal) -> int:
    """Environments one instance holds after the OS's share: the fewer of its vCPUs and its memory allow."""
    by_cpu = (spec.vcpu - managed.os_reserved_vcpu) / vcpus
    by_memory = (spec.memory_mb / MB_PER_GB - managed.os_reserved_memory_gb) / (memory_mb / MB_PER_GB)
    fits = min(by_cpu, by_memory).to_integral_value(rounding=ROUND_FLOOR)
    return max(int(fits), 0)


def _family_class(name: str) -> str:
    """``m`` for m7g.large, ``c`` for c7gn.xlarge: the letters before the generation."""
    family = name.partition(".")[0]
    return family[: len(family) - len(family.lstrip("abcdefghijklmnopqrstuvwxyz"))]


def candidates(workload: Workload, table: PricingTable) -> list[TypeSpecs]:
    """Types Managed Instances may run on: current generation, fixed performance, the table's families."""
    managed = managed_pricing(table)
    if workload.managed_instance is not None:
        found = [s for s in table.ec2.specs(workload.region) if s.name == workload.managed_instance]
        if not found:
            raise InputError(
                "managed_instance",
                f"no {workload.managed_instance} in {workload.region} in table {table.name}"
                + (f" at the {table.purchase.label} rate" if table.purchase else ""),
            )
        return found
    return [
        spec
        for spec in table.ec2.specs(workload.region)
        if spec.arch == workload.arch.value
        and spec.current_generation
        and spec.usable_vcpus == spec.vcpu  # burstable types are not offered
        and _family_class(spec.name) in managed.families
    ]


def managed_fleet(
    workload: Workload, table: PricingTable, base: PricingTable, work: Decimal
) -> tuple[TypeSpecs, ManagedSizing, Decimal]:
    """The cheapest type and fleet under ``table`` (a purchase's view of ``base``), and its hourly rate
    with the fee: the EC2 rate under the purchase plus the fee on ``base``'s on-demand price."""
    managed = managed_pricing(table)
    memory, vcpus, takes = environment(workload, managed)
    needed, concurrency = environments_needed(workload, table, work)
    environments = int(instances_needed(needed, Decimal(1), ZERO))
    floor = Decimal(workload.managed_min_instances or managed.default_instances)
    on_demand = base.ec2.offers_by_name(workload.region)
    best: tuple[Decimal, str, TypeSpecs, ManagedSizing, Decimal] | None = None
    for spec in candidates(workload, table):
        holds = per_instance(spec, managed, memory, vcpus)
        if holds < 1:
            continue
        count = int(instances_needed(Decimal(environments), Decimal(holds), floor))
        hourly = spec.hourly + managed.management_fee.amount * on_demand[spec.name]
        total = count * hourly
        if best is None or (total, spec.name) < best[:2]:
            sizing = ManagedSizing(memory, vcpus, takes, concurrency, environments, holds, count)
            best = (total, spec.name, spec, sizing, hourly)
    if best is None:
        raise InputError(
            "options",
            f"no {workload.arch.value} type in {workload.region} holds a {plain(memory)} MB execution "
            "environment beside the OS's share",
        )
    return best[2], best[3], best[4]


@exact
def managed_cost(workload: Workload, table: PricingTable, base: PricingTable, work: Decimal) -> CostOption:
    """Monthly and daily cost on Lambda Managed Instances, the instances bought as ``table`` says."""
    managed = managed_pricing(table)
    spec, sizing, _ = managed_fleet(workload, table, base, work)
    hours = HOURS_PER_MONTH * sizing.instances
    rate = table.ec2.offer(workload.region, spec.name)
    on_demand = base.ec2.offer(workload.region, spec.name)
    assert rate is not None and on_demand is not None
    fee = managed.management_fee
    fee_price = Price(fee.amount * on_demand.hourly.amount, fee.confidence, fee.note, fee.key)
    label = f"{sizing.instances:,} x {spec.name}"
    requests = workload.monthly_requests
    share = f"{format_quantity(fee.amount * 100)}% of {plain(on_demand.hourly.amount)}/h on demand"
    items: list[LineItem] = [
        _item("instances", hours, "instance-hours", label, rate.hourly),
        _item("management-fee", hours, "instance-hours", f"{label}: {share}", fee_price),
        _item("requests", requests, "requests", "all", managed.request),
    ]
    items += [item for item in lambda_cost(workload, table).items if item.name in SHARED_ITEMS]
    purchase = table.purchase
    terms = table.ec2.terms(workload.region, spec.name)
    return cost_option(
        f"lambda-managed:{spec.name}" + (f"@{purchase.spec}" if purchase is not None else ""),
        OptionKind.LAMBDA_MANAGED,
        tuple(items),
        instance_type=spec.name,
        count=sizing.instances,
        purchase=purchase,
        upfront=ZERO
        if terms is None
        else None
        if terms.upfront is None
        else terms.upfront * sizing.instances,
    )


def _item(name: str, quantity: Decimal, unit: str, label: str, price: Price) -> LineItem:
    return line_item(
        name, quantity, ZERO, unit, (ChargePart(label, quantity, unit, price, quantity * price.amount),)
    )


def managed_break_even_inputs(
    workload: Workload, table: PricingTable, base: PricingTable, work: Decimal
) -> tuple[Workload, list[FleetType], tuple[Decimal, Decimal]]:
    """What the break-even solver needs to set Managed Instances against Lambda.

    The API Gateway, vended logs and transfer cost the two the same at any load,
    so both leave them out; the floor is Managed Instances' own. An environment
    carries r monthly requests, an instance k environments: ceil(ceil(N / r) / k)
    = ceil(N / (k r)) instances, a staircase of step k r like a server's.
    """
    managed = managed_pricing(table)
    memory, vcpus, _ = environment(workload, managed)
    one, _ = environments_needed(
        dataclasses.replace(workload, rpd=None, rps=None, requests_per_month=Decimal(1)), table, work
    )
    per_environment = 1 / one  # monthly requests one environment carries at the peak
    on_demand = base.ec2.offers_by_name(workload.region)
    fleet = []
    for spec in candidates(workload, table):
        holds = per_instance(spec, managed, memory, vcpus)
        if holds >= 1:
            hourly = spec.hourly + managed.management_fee.amount * on_demand[spec.name]
            fleet.append(FleetType(spec.name, HOURS_PER_MONTH * hourly, holds * per_environment))
    alike = dataclasses.replace(
        workload,
        api_gateway=None,
        load_balancer=False,
        log_kb=ZERO,
        egress_kb=ZERO,
        min_instances=workload.managed_min_instances or managed.default_instances,
    )
    return alike, fleet, (ZERO, managed.request.amount)
