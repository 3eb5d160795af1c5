"""A workload priced under each purchase option it asks for: Spot, Reserved Instances, Savings Plans.

Each option is a view of the price table (``catalog.commitments.purchased``):
the same table with EC2 prices replaced by their rates under the option, so the
servers are sized, auto-picked and solved for break-even by the same code as
on demand. A Compute Savings Plan also gives Lambda a row at the plan's
duration rate; its requests stay at on-demand. A rate the table lacks is an
error naming the table and how to get it, never a guessed discount.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from decimal import Decimal

from costcalc.catalog.commitments import lambda_plan_price, missing_rate, purchased
from costcalc.catalog.model import PricingTable
from costcalc.catalog.purchase import SPOT, Purchase
from costcalc.errors import InputError
from costcalc.model.lambda_cost import lambda_cost
from costcalc.model.results import CostOption
from costcalc.model.workload import Workload


def purchase_views(workload: Workload, table: PricingTable) -> list[PricingTable]:
    """``table`` as bought each way ``workload`` asks, on demand first; each checked for its rates.

    ``--max-interruption`` narrows the Spot auto-pick only: a type named with ``--instance`` is priced
    whatever its band.
    """
    views = [table]
    for spec in workload.purchases:
        purchase = Purchase.parse(spec)
        limit = workload.max_interruption if purchase.kind == SPOT and not workload.instances else None
        view = purchased(table, purchase, limit)
        _check_rates(workload, view, purchase)
        views.append(view)
    return views


def _check_rates(workload: Workload, view: PricingTable, purchase: Purchase) -> None:
    region = workload.region
    if purchase.covers_lambda and lambda_plan_price(view, region, workload.arch, purchase) is None:
        raise InputError("purchases", missing_rate(view, purchase, f"Lambda {workload.arch.value}", region))
    if "ec2" not in workload.kinds:
        return
    for name in workload.instances:
        if view.ec2.offer(region, name) is None:
            raise InputError("purchases", missing_rate(view, purchase, name, region))
    if not workload.instances and not view.ec2.instance_names(region):
        raise InputError("purchases", missing_rate(view, purchase, "any instance type", region))


def lambda_under_plan(workload: Workload, view: PricingTable) -> CostOption:
    """Lambda under the view's Compute Savings Plan: duration at the plan's rate, requests on demand."""
    purchase = view.purchase
    assert purchase is not None and purchase.covers_lambda
    option = lambda_cost(workload, view)
    return dataclasses.replace(
        option,
        name=f"{option.name}@{purchase.spec}",
        purchase=purchase,
        upfront=Decimal(0) if purchase.payment == "no-upfront" else None,
    )


ServerPricer = Callable[[Workload, PricingTable], list[CostOption]]
"""Prices a workload's server options under one view of the table (``comparison.server_costs``)."""


def purchased_options(
    workload: Workload, table: PricingTable, servers: ServerPricer
) -> tuple[list[CostOption], list[PricingTable]]:
    """Every server option under every purchase, on demand first; Lambda under each Compute Savings Plan
    just before that plan's servers. Also the views, for the break-even of each purchase."""
    views = purchase_views(workload, table)
    options: list[CostOption] = []
    for view in views:
        if view.purchase is not None and view.purchase.covers_lambda:
            options.append(lambda_under_plan(workload, view))
        options += servers(workload, view)
    return options, views
