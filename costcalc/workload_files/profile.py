"""Workload files priced: each workload where it is deployed and on its alternatives.

The Lambda workloads of a file share one account: with the free tier on,
one pool of free requests and GB-s, split in proportion to usage, and volume
tiers on their combined usage (see ``account_lambda_costs``).
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from typing import Any

from costcalc.catalog.bundled import load_pricing, looks_like_path
from costcalc.catalog.model import PricingTable
from costcalc.errors import FileFormatError, InputError, PricingError
from costcalc.model.budgets import DEFAULT_WARN_AT, Budget, check_warn_at
from costcalc.model.comparison import (
    DEFAULT_KINDS,
    Comparison,
    build_comparison,
    server_costs,
    validate_workload,
)
from costcalc.model.deploy import Deploy
from costcalc.model.lambda_cost import account_lambda_costs
from costcalc.model.results import CostOption
from costcalc.model.workload import NumberLike, Workload
from costcalc.money import EXACT, exact
from costcalc.notebook import NotebookView
from costcalc.workload_files.schema import WorkloadEntry, WorkloadFile, load_workload_file


@dataclass(frozen=True, slots=True)
class WorkloadCost:
    """One workload of a file, priced: where it runs and what every option would cost."""

    name: str
    deploy: Deploy
    comparison: Comparison
    free_tier_saving: Decimal | None = None
    """What the shared free tier takes off this workload a month; None when it is not in the pool."""

    @property
    def deployed(self) -> CostOption:
        """The option the workload runs on."""
        return next(o for o in self.comparison.options if o.name == self.deploy.name)

    @property
    def cheapest(self) -> CostOption:
        """The cheapest option (the deployed one wins a tie)."""
        return min(self.comparison.options, key=lambda o: (o.monthly, o.name != self.deploy.name))


def load_checked_file(
    path: str, pricing: str | None = None, overrides: Mapping[str, Any] | None = None, only: str | None = None
) -> tuple[WorkloadFile, PricingTable]:
    """A workload file and its price table, every workload checked against the table before any pricing.

    ``pricing`` (the ``--pricing`` flag) overrides the file's own ``pricing:``.
    """
    workloads = load_workload_file(path, overrides, only)
    try:
        table = load_pricing(pricing or _beside(path, workloads.pricing))
    except PricingError as exc:
        if pricing is not None:
            raise
        raise FileFormatError(path, workloads.pricing_line, "pricing", str(exc)) from None
    for entry in workloads.entries:
        try:
            validate_workload(entry.workload, table, also_instances=_deployed_type(entry))
        except InputError as exc:
            deployed = entry.deploy.instance_type
            field = (
                "deploy"
                if exc.field == "instances" and deployed and repr(deployed) in exc.message
                else exc.field
            )
            raise workloads.error(entry, field, exc.message) from None
    return workloads, table


def _beside(workload_file: str, pricing: str) -> str:
    """A ``pricing:`` path is relative to the workload file, as a CI job expects; names stay names."""
    if looks_like_path(pricing) and not os.path.isabs(pricing):
        return os.path.join(os.path.dirname(os.path.abspath(workload_file)), pricing)
    return pricing


def _deployed_type(entry: WorkloadEntry) -> tuple[str, ...]:
    return (entry.deploy.instance_type,) if entry.deploy.instance_type else ()


@exact
def price_workloads(
    workloads: WorkloadFile, table: PricingTable, *, free_tier: bool = False
) -> list[WorkloadCost]:
    """Price every workload where it is deployed and on its alternatives.

    Workloads deployed on Lambda share one account (``free_tier`` puts all of
    them in the free pool; otherwise those with ``free_tier: true`` share it).
    Lambda for a workload deployed on EC2 is a what-if: its share were it to
    join that account.
    """
    entries = workloads.entries
    as_run = [dataclasses.replace(e.workload, free_tier=True) if free_tier else e.workload for e in entries]
    on_lambda = [i for i, e in enumerate(entries) if e.deploy.on_lambda]
    account = [as_run[i] for i in on_lambda]
    pooled = dict(zip(on_lambda, account_lambda_costs(account, table), strict=True))
    no_free = [dataclasses.replace(w, free_tier=False) for w in account]
    without_free = dict(zip(on_lambda, account_lambda_costs(no_free, table), strict=True))
    costs = []
    for i, entry in enumerate(entries):
        workload = as_run[i]
        lam = pooled[i] if i in pooled else account_lambda_costs([*account, workload], table)[-1]
        saving = (
            EXACT.subtract(without_free[i].monthly, lam.monthly)
            if i in pooled and workload.free_tier
            else None
        )
        deploy = entry.deploy
        workload = deploy.asked_of(workload)
        if workload.purchases or workload.kinds != DEFAULT_KINDS:
            from costcalc.model.purchases import purchased_options

            servers, views = purchased_options(workload, table, partial(_servers_bought, deploy))
        else:
            servers, views = _servers_with_deployed(workload, deploy, table), None
        comparison = build_comparison(workload, table, lam, servers, views)
        costs.append(WorkloadCost(entry.name, deploy, comparison, saving))
    return costs


def _servers_bought(deploy: Deploy, workload: Workload, view: PricingTable) -> list[CostOption]:
    """The server options under ``view``'s purchase, with the deployed type where it is bought that way."""
    bought = view.purchase.spec if view.purchase is not None else None
    if "ec2" not in workload.kinds:  # --option left EC2 out: only the type it runs on, if any
        if deploy.instance_type is None or bought != deploy.purchase:
            return []
        return server_costs(dataclasses.replace(workload, instances=(deploy.instance_type,)), view)
    return _servers_with_deployed(workload, deploy if bought == deploy.purchase else Deploy(), view)


def _servers_with_deployed(workload: Workload, deploy: Deploy, table: PricingTable) -> list[CostOption]:
    """The workload's server options, always including the type it is deployed on."""
    servers = server_costs(workload, table)
    deployed = deploy.instance_type
    if deployed and deployed not in {s.instance_type for s in servers}:
        servers += server_costs(dataclasses.replace(workload, instances=(deployed,)), table)
    return servers


@dataclass(frozen=True, slots=True)
class ProfileComparison(NotebookView):
    """``compare --profile``: a comparison for each workload of a file."""

    path: str
    costs: tuple[WorkloadCost, ...]

    __repr__ = NotebookView.__repr__  # one line, not the dataclass's dump of every field

    @property
    def over(self) -> tuple[WorkloadCost, ...]:
        """Workloads whose deployed option is over its budget (when budgets were asked for)."""
        return tuple(c for c in self.costs if c.comparison.budget and c.comparison.budget.over)


def compare_profile(
    path: str,
    *,
    pricing: str | None = None,
    overrides: Mapping[str, Any] | None = None,
    only: str | None = None,
    fallback: Budget | None = None,
    warn_at: NumberLike = DEFAULT_WARN_AT,
) -> ProfileComparison:
    """Compare every workload of a file (or only one); ``overrides`` are flag values that replace file values.

    With ``fallback`` (``--max-monthly``/``--max-daily``), each deployed option is
    also held against its budget: the file's, or else the fallback.
    """
    exact_warn_at = check_warn_at(warn_at)
    workloads, table = load_checked_file(path, pricing, overrides, only)
    costs = price_workloads(workloads, table)
    if fallback is not None:
        costs = [
            dataclasses.replace(
                cost,
                comparison=cost.comparison.against(entry.budget or fallback, cost.deploy.name, exact_warn_at),
            )
            for entry, cost in zip(workloads.entries, costs, strict=True)
        ]
    return ProfileComparison(workloads.path, tuple(costs))
