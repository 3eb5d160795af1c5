"""The options between Lambda and servers: Fargate and Lambda Managed Instances, each with its break-even.

``--option fargate`` and ``--option lambda-managed`` add them beside Lambda (and
EC2, unless left out). Managed Instances run on EC2 instances, so they are priced
under each purchase option asked for (not Spot, which they do not use); Fargate on
demand, and under a Compute Savings Plan where the table has the plan's Fargate rate.
"""

from __future__ import annotations

from decimal import Decimal

from costcalc.catalog.model import PricingTable
from costcalc.catalog.purchase import SPOT
from costcalc.model.breakeven import BreakEven, break_even
from costcalc.model.cpu import cpu_seconds
from costcalc.model.fargate_cost import fargate_cost, fargate_fleet_types, fargate_priced
from costcalc.model.managed_cost import environment, managed_break_even_inputs, managed_cost
from costcalc.model.results import CostOption
from costcalc.model.server_cost import shared_rates
from costcalc.model.workload import Workload
from costcalc.money import format_money, format_quantity, plain
from costcalc.units import MILLION

FARGATE = "fargate"
LAMBDA_MANAGED = "lambda-managed"


def middle_options(
    workload: Workload, table: PricingTable, views: list[PricingTable]
) -> tuple[list[CostOption], list[BreakEven]]:
    """The Fargate and Managed Instances options asked for, and a break-even of each with Lambda."""
    work: Decimal = cpu_seconds(workload, table)
    options: list[CostOption] = []
    analyses: list[BreakEven] = []
    if FARGATE in workload.kinds:
        for view in views:
            purchase = view.purchase
            if purchase is not None and not (purchase.covers_lambda and fargate_priced(workload, view)):
                continue  # Fargate is bought on demand, or under a Compute Savings Plan the table prices
            options.append(fargate_cost(workload, view, work))
            if workload.scheduled:
                continue  # the solver crosses fixed fleets only, as for servers
            fleet = fargate_fleet_types(workload, view, work)
            name = FARGATE + (f"@{purchase.spec}" if purchase is not None else "")
            analyses.append(break_even(workload, view, name, fleet, shared_rates(workload, view)))
    if LAMBDA_MANAGED in workload.kinds:
        for view in views:
            purchase = view.purchase
            if purchase is not None and purchase.kind == SPOT:
                continue
            options.append(managed_cost(workload, view, table, work))
            alike, fleet, shared = managed_break_even_inputs(workload, view, table, work)
            name = LAMBDA_MANAGED + (f"@{purchase.spec}" if purchase is not None else "")
            analyses.append(break_even(alike, view, name, fleet, shared))
    return options, analyses


def middle_assumptions(workload: Workload, table: PricingTable) -> list[str]:
    """How Fargate and Managed Instances are sized and priced, when asked for."""
    lines = []
    fargate = table.fargate
    if FARGATE in workload.kinds and fargate is not None:
        size = (
            f"--task-size {workload.task_size}"
            if workload.task_size
            else "the valid size whose fleet costs least, with at least the vCPUs a request gets on Lambda"
        )
        storage = f"{plain(workload.task_storage_gb)} GB of storage a task"
        lines.append(
            f"Fargate: Linux {workload.arch.value} tasks of {size}, sized like servers (target utilization "
            f"{plain(workload.utilization)}, at least {workload.min_instances}); per vCPU-hour and GB-hour, "
            f"{storage} ({plain(fargate.included_storage_gb)} GB included); no root volume; front door, logs "
            "and addresses as for servers; on demand, and under a Compute Savings Plan only where the table "
            "has its Fargate rate (Fargate Spot is not priced)."
        )
    managed = table.lambda_managed
    if LAMBDA_MANAGED in workload.kinds and managed is not None:
        memory, vcpus, takes = environment(workload, managed)
        floor = workload.managed_min_instances or managed.default_instances
        per_vcpu = workload.concurrency_per_vcpu or managed.concurrency_per_vcpu.get(workload.runtime)
        given = "--concurrency-per-vcpu" if workload.concurrency_per_vcpu else workload.runtime
        each = f"{plain(memory)} MB ({format_quantity(vcpus, 3)} vCPU)"
        os_share = f"{plain(managed.os_reserved_vcpu)} vCPU and {plain(managed.os_reserved_memory_gb)} GB"
        fee = f"{format_quantity(managed.management_fee.amount * 100)}% of the on-demand price"
        requests = f"{format_money(managed.request.amount * MILLION)} per million requests"
        lines.append(
            f"Lambda Managed Instances: environments of {each} taking {per_vcpu} concurrent requests per "
            f"vCPU ({given}), {format_quantity(takes, 3)} each; {os_share} per instance for the OS; at least "
            f"{floor} instances; current-generation {', '.join(managed.families)} types (AWS publishes no "
            f"list: assumed); the EC2 price under each purchase option (not Spot) plus {fee}, and "
            f"{requests}; no duration charge and no free tier; API Gateway, logs and transfer as Lambda's."
        )
    return lines
