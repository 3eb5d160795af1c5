"""What a workload costs as containers on Fargate: tasks sized like servers, billed per vCPU and GB.

Tasks are sized as servers are (``server_cost``): count = max(min instances,
ceil(peak CPU demand / (task vCPUs x target utilization))), with CPU parity for
the work a request does. The size is one of the combinations Fargate allows
(the table's ``fargate.task_sizes``) with at least the app's memory and the
vCPUs a request gets on Lambda (min(Lambda's vCPUs, ``--threads``)), so no request
runs slower than there: the one whose whole fleet costs least, or ``--task-size``.
A task pays its vCPU-hours, GB-hours and ephemeral storage above the included
20 GB; it has no root volume. Under ``--scaling scheduled`` the task count follows
each hour of the traffic shape, as a server fleet's does. The front door, logs, data transfer and public
IPv4 addresses are the servers' (an ALB with API Gateway, else an address a task).
"""

from __future__ import annotations

import re
from decimal import Decimal

from costcalc.catalog.model import FargateArchPrices, Price, PricingTable, TaskSize
from costcalc.errors import InputError
from costcalc.model.breakeven import FleetType
from costcalc.model.cpu import usable_threads
from costcalc.model.results import ChargePart, CostOption, LineItem, OptionKind, cost_option, line_item
from costcalc.model.server_cost import (
    balancer_item,
    cpu_demand,
    hourly_counts,
    instances_needed,
    requests_per_vcpu,
)
from costcalc.model.whole_bill import logs_item, public_ipv4_item, transfer_item
from costcalc.model.workload import Workload
from costcalc.money import exact, format_quantity, plain
from costcalc.units import HOURS_PER_MONTH, MB_PER_GB

ZERO = Decimal(0)
_SIZE = re.compile(r"(\d+(?:\.\d+)?)vcpu-(\d+(?:\.\d+)?)gb")


def task_name(size: TaskSize) -> str:
    """``1vcpu-2gb``, ``0.25vcpu-0.5gb``."""
    return f"{plain(size.vcpu)}vcpu-{plain(size.memory_gb)}gb"


def fargate_prices(workload: Workload, table: PricingTable) -> tuple[FargateArchPrices, Price | None]:
    """Fargate's prices for the workload's region and architecture, or one line on what is missing."""
    found = table.fargate.regions.get(workload.region) if table.fargate else None
    prices = found.archs.get(workload.arch) if found else None
    if found is None or prices is None:
        arch = "" if found is None else f" {workload.arch.value}"
        raise InputError(
            "options",
            f"no Fargate{arch} price for {workload.region} in table {table.name}; "
            "import the AmazonECS offer file",
        )
    return prices, found.ephemeral_storage_per_gb_hour


def fitting_sizes(workload: Workload, table: PricingTable) -> list[TaskSize]:
    """The valid task sizes with the app's memory and at least ``--threads`` vCPUs, or the named one."""
    assert table.fargate is not None
    sizes = table.fargate.task_sizes
    if workload.task_size is not None:
        named = _SIZE.fullmatch(workload.task_size)
        chosen = [
            s for s in sizes if named and (s.vcpu, s.memory_gb) == (Decimal(named[1]), Decimal(named[2]))
        ]
        if not chosen:
            valid = ", ".join(task_name(s) for s in sizes if s.memory_gb == 2 * s.vcpu)
            raise InputError(
                "task_size",
                f"{workload.task_size!r} is not a Fargate task size (such as {valid}; "
                "memory in GB within each size's range)",
            )
        return chosen
    # A task gives a request at least the vCPUs it gets on Lambda, so no request runs slower than there.
    least = usable_threads(workload, table)
    fits = [s for s in sizes if s.memory_gb * MB_PER_GB >= workload.fit_memory and s.vcpu >= least]
    if not fits:
        raise InputError(
            "options",
            f"no Fargate task size has {plain(workload.fit_memory)} MB and {format_quantity(least, 3)} vCPUs",
        )
    return fits


def task_hourly(workload: Workload, table: PricingTable, size: TaskSize) -> Decimal:
    """One task's hour: its vCPUs, its memory, and its storage above the included size."""
    prices, storage = fargate_prices(workload, table)
    hourly = size.vcpu * prices.per_vcpu_hour.amount + size.memory_gb * prices.per_gb_hour.amount
    extra = _extra_storage(workload, table)
    if extra:
        hourly += extra * _storage_price(workload, table, storage).amount
    return hourly


def _extra_storage(workload: Workload, table: PricingTable) -> Decimal:
    assert table.fargate is not None
    return max(workload.task_storage_gb - table.fargate.included_storage_gb, ZERO)


def _storage_price(workload: Workload, table: PricingTable, storage: Price | None) -> Price:
    if storage is None:
        raise InputError(
            "task_storage_gb",
            f"no Fargate ephemeral storage price for {workload.region} in table {table.name}",
        )
    return storage


def _per_task_extra(workload: Workload, table: PricingTable) -> Decimal:
    """A task's own public IPv4 address an hour, without a load balancer."""
    if workload.public_ipv4 and not workload.behind_load_balancer and table.public_ipv4 is not None:
        return table.public_ipv4.amount
    return ZERO


def task_counts(workload: Workload, size: TaskSize, work: Decimal) -> tuple[int, ...]:
    """Tasks running in each hour: the busiest hour's count throughout, or under ``--scaling
    scheduled`` each hour's own (one value without a traffic shape)."""
    if workload.scheduled:
        return hourly_counts(workload, size.vcpu, work)
    load = cpu_demand(workload, workload.monthly_requests, work) / workload.utilization
    count = int(instances_needed(load, size.vcpu, Decimal(workload.min_instances)))
    return (count,) * (len(workload.shape.hourly) if workload.shape is not None else 1)


def task_hours(workload: Workload, counts: tuple[int, ...]) -> Decimal:
    """Task-hours a month of ``counts`` (730 a task without a shape)."""
    if workload.shape is None:
        return HOURS_PER_MONTH * counts[0]
    from costcalc.model.traffic import instance_hours

    return instance_hours(counts, workload.shape.period)


def cheapest_task(workload: Workload, table: PricingTable, work: Decimal) -> tuple[TaskSize, tuple[int, ...]]:
    """The size whose fleet (with each task's address) costs least, and its counts; ties to fewer vCPUs."""
    extra = _per_task_extra(workload, table)
    best: tuple[Decimal, Decimal, Decimal, TaskSize, tuple[int, ...]] | None = None
    for size in fitting_sizes(workload, table):
        counts = task_counts(workload, size, work)
        total = task_hours(workload, counts) * (task_hourly(workload, table, size) + extra)
        key = (total, size.vcpu, size.memory_gb, size, counts)
        if best is None or key[:3] < best[:3]:
            best = key
    assert best is not None
    return best[3], best[4]


@exact
def fargate_cost(workload: Workload, table: PricingTable, work: Decimal) -> CostOption:
    """Monthly and daily cost of enough Fargate tasks, with the servers' front door and whole-bill items."""
    size, counts = cheapest_task(workload, table, work)
    prices, storage = fargate_prices(workload, table)
    hours, count = task_hours(workload, counts), max(counts)
    label = f"{count:,} x {task_name(size)}"
    if workload.scheduled:
        label = f"{min(counts):,} to {count:,} x {task_name(size)}, scheduled"
    requests = workload.monthly_requests
    items: list[LineItem | None] = [
        _item(
            "vcpu", hours * size.vcpu, "vCPU-hours", f"{label}: {plain(size.vcpu)} vCPU", prices.per_vcpu_hour
        ),
        _item(
            "memory",
            hours * size.memory_gb,
            "GB-hours",
            f"{label}: {plain(size.memory_gb)} GB",
            prices.per_gb_hour,
        ),
    ]
    extra = _extra_storage(workload, table)
    if extra:
        price = _storage_price(workload, table, storage)
        items.append(
            _item("task-storage", hours * extra, "GB-hours", f"{label}: {plain(extra)} GB extra", price)
        )
    items.append(public_ipv4_item(workload, table, hours / HOURS_PER_MONTH))
    if workload.behind_load_balancer:
        items.append(balancer_item(workload, table, requests))
    items += [logs_item(workload, table, requests, on_lambda=False), transfer_item(workload, table, requests)]
    purchase = table.purchase
    return cost_option(
        f"fargate:{task_name(size)}" + (f"@{purchase.spec}" if purchase is not None else ""),
        OptionKind.FARGATE,
        tuple(item for item in items if item is not None),
        count=count,
        task_size=task_name(size),
        purchase=purchase,
        instance_hours=hours if workload.shape is not None else None,
        hourly_counts=counts if workload.shape is not None else None,
        upfront=ZERO if purchase is None or purchase.payment == "no-upfront" else None,
    )


def fargate_priced(workload: Workload, table: PricingTable) -> bool:
    """Whether ``table`` prices Fargate for the workload's region and architecture."""
    found = table.fargate.regions.get(workload.region) if table.fargate else None
    return found is not None and workload.arch in found.archs


def _item(name: str, quantity: Decimal, unit: str, label: str, price: Price) -> LineItem:
    return line_item(
        name, quantity, ZERO, unit, (ChargePart(label, quantity, unit, price, quantity * price.amount),)
    )


def fargate_fleet_types(workload: Workload, table: PricingTable, work: Decimal) -> list[FleetType]:
    """Every fitting task size as the break-even solver sees a server type: a month, and its requests."""
    per_vcpu = requests_per_vcpu(workload, work)
    extra = _per_task_extra(workload, table)
    return [
        FleetType(
            task_name(size),
            HOURS_PER_MONTH * (task_hourly(workload, table, size) + extra),
            size.vcpu * per_vcpu,
        )
        for size in fitting_sizes(workload, table)
    ]
