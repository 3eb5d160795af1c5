"""Workload files priced: each workload where it is deployed and on its alternatives, against its budget.

The Lambda workloads of a file share one account: with the free tier on,
one pool of free requests and GB-s, split in proportion to usage, and volume
tiers on their combined usage (see ``account_lambda_costs``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from costcalc.budgets import DEFAULT_WARN_AT, Budget, BudgetResult, Status, check_warn_at, evaluate_budget
from costcalc.comparison import (
    SCHEMA_VERSION,
    Comparison,
    build_comparison,
    server_costs,
    validate_workload,
)
from costcalc.errors import FileFormatError, InputError
from costcalc.lambda_cost import account_lambda_costs
from costcalc.money import EXACT, exact, format_money, plain
from costcalc.notebook import NotebookView
from costcalc.prices import PricingTable
from costcalc.pricing_tables import load_pricing
from costcalc.results import CostOption, OptionKind
from costcalc.workload import Workload
from costcalc.workload_file import Deploy, WorkloadEntry, WorkloadFile, load_workload_file


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

    @property
    def cheaper_alternative(self) -> str | None:
        """``orders-api runs on ec2:t3.small at $15.18/month; Lambda would cost $0.93``, when that holds."""
        cheapest, deployed = self.cheapest, self.deployed
        if cheapest.name == deployed.name:
            return None
        other = "Lambda" if cheapest.kind is OptionKind.LAMBDA else cheapest.name
        return (
            f"{self.name} runs on {deployed.name} at {format_money(deployed.monthly)}/month; "
            f"{other} would cost {format_money(cheapest.monthly)}"
        )


@dataclass(frozen=True, slots=True)
class WorkloadCheck:
    """A priced workload against its budget."""

    cost: WorkloadCost
    result: BudgetResult

    @property
    def status(self) -> Status:
        """ok, warn or over."""
        return self.result.status

    def to_dict(self) -> dict[str, Any]:
        """The JSON row of ``check --format json``."""
        deployed = self.cost.deployed
        saving = self.cost.free_tier_saving
        return {
            "name": self.cost.name,
            "deploy": self.cost.deploy.name,
            "daily": plain(deployed.daily),
            "monthly": plain(deployed.monthly),
            "budget": self.result.budget.to_dict(),
            "percent": plain(self.result.percent),
            "status": self.status.value,
            "cheapest": self.cost.cheapest.name,
            "free_tier_saving": plain(saving) if saving is not None else None,
        }


@dataclass(frozen=True, slots=True)
class CheckReport(NotebookView):
    """Every workload of a file against its budget."""

    path: str
    pricing_name: str
    warn_at: Decimal
    free_tier: bool
    checks: tuple[WorkloadCheck, ...]

    @property
    def status(self) -> Status:
        """The worst status of any workload."""
        order = [Status.OK, Status.WARN, Status.OVER]
        return max((c.status for c in self.checks), key=order.index)

    @property
    def over(self) -> tuple[WorkloadCheck, ...]:
        """The workloads over budget."""
        return tuple(c for c in self.checks if c.status is Status.OVER)

    @property
    def verdict(self) -> str:
        """One line for the whole file."""
        count = len(self.checks)
        if self.over:
            names = ", ".join(c.cost.name for c in self.over)
            return f"{len(self.over)} of {count} workloads over budget: {names}."
        warned = ", ".join(c.cost.name for c in self.checks if c.status is Status.WARN)
        if warned:
            return f"All {count} workloads within budget; near it (>= {plain(self.warn_at)}%): {warned}."
        return f"All {count} workloads within budget."

    def table_title(self) -> str:
        """The verdict, for the HTML table's caption."""
        return self.verdict

    def table_rows(self) -> list[dict[str, Any]]:
        """One row per workload; money as ``Decimal``."""
        return [
            {
                "name": c.cost.name,
                "deploy": c.cost.deploy.name,
                "daily": c.cost.deployed.daily,
                "monthly": c.cost.deployed.monthly,
                "budget_monthly": c.result.budget.monthly,
                "budget_daily": c.result.budget.daily,
                "percent": c.result.percent,
                "status": c.status.value,
                "cheapest": c.cost.cheapest.name,
            }
            for c in self.checks
        ]

    @property
    def hints(self) -> tuple[str, ...]:
        """A line for each workload that a cheaper option would serve."""
        return tuple(h for c in self.checks if (h := c.cost.cheaper_alternative) is not None)

    def to_dict(self) -> dict[str, Any]:
        """The JSON document ``check --format json`` prints."""
        return {
            "schema_version": SCHEMA_VERSION,
            "status": self.status.value,
            "pricing": self.pricing_name,
            "warn_at": plain(self.warn_at),
            "free_tier": self.free_tier,
            "workloads": [c.to_dict() for c in self.checks],
            "hints": list(self.hints),
        }


def load_checked_file(
    path: str, pricing: str | None = None, overrides: Mapping[str, Any] | None = None, only: str | None = None
) -> tuple[WorkloadFile, PricingTable]:
    """A workload file and its price table, every workload checked against the table before any pricing.

    ``pricing`` (the ``--pricing`` flag) overrides the file's own ``pricing:``.
    """
    workloads = load_workload_file(path, overrides, only)
    try:
        table = load_pricing(pricing or workloads.pricing)
    except InputError as exc:
        if pricing is not None:
            raise
        raise FileFormatError(path, workloads.pricing_line, "pricing", exc.message) from None
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
    on_lambda = [i for i, e in enumerate(entries) if e.deploy.instance_type is None]
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
        servers = _servers_with_deployed(workload, entry.deploy, table)
        costs.append(
            WorkloadCost(entry.name, entry.deploy, build_comparison(workload, table, lam, servers), saving)
        )
    return costs


def _servers_with_deployed(workload: Workload, deploy: Deploy, table: PricingTable) -> list[CostOption]:
    """The workload's server options, always including the type it is deployed on."""
    servers = server_costs(workload, table)
    deployed = deploy.instance_type
    if deployed and deployed not in {s.instance_type for s in servers}:
        servers += server_costs(dataclasses.replace(workload, instances=(deployed,)), table)
    return servers


def check(
    path: str,
    *,
    pricing: str | None = None,
    warn_at: Decimal | None = None,
    fallback: Budget | None = None,
    free_tier: bool = False,
) -> CheckReport:
    """Check every workload of the file at ``path`` against its budget.

    ``fallback`` (from ``--max-monthly``/``--max-daily``) is the budget of
    workloads whose file gives none; a workload with no budget at all is an
    error, so no file passes by checking nothing.
    """
    warn_at = DEFAULT_WARN_AT if warn_at is None else warn_at
    check_warn_at(warn_at)
    workloads, table = load_checked_file(path, pricing)
    for entry in workloads.entries:
        if entry.budget is None and fallback is None:
            raise workloads.error(
                entry, "budget", "no budget: add budget: {monthly: ...} or pass --max-monthly"
            )
    checks = []
    for entry, cost in zip(
        workloads.entries, price_workloads(workloads, table, free_tier=free_tier), strict=True
    ):
        budget = entry.budget or fallback
        assert budget is not None
        checks.append(WorkloadCheck(cost, evaluate_budget(cost.deployed, budget, warn_at)))
    return CheckReport(workloads.path, table.name, warn_at, free_tier, tuple(checks))


@dataclass(frozen=True, slots=True)
class ProfileComparison:
    """``compare --profile``: a comparison for each workload of a file."""

    path: str
    costs: tuple[WorkloadCost, ...]

    @property
    def over(self) -> tuple[WorkloadCost, ...]:
        """Workloads whose deployed option is over its budget (when budgets were asked for)."""
        return tuple(c for c in self.costs if c.comparison.budget and c.comparison.budget.over)

    def to_dict(self) -> dict[str, Any]:
        """The JSON document ``compare --profile --format json`` prints."""
        return {
            "schema_version": SCHEMA_VERSION,
            "profile": self.path,
            "workloads": [
                {"name": c.name, "deploy": c.deploy.name, **c.comparison.to_dict()} for c in self.costs
            ],
        }


def compare_profile(
    path: str,
    *,
    pricing: str | None = None,
    overrides: Mapping[str, Any] | None = None,
    only: str | None = None,
    fallback: Budget | None = None,
    warn_at: Decimal = DEFAULT_WARN_AT,
) -> ProfileComparison:
    """Compare every workload of a file (or only one); ``overrides`` are flag values that replace file values.

    With ``fallback`` (``--max-monthly``/``--max-daily``), each deployed option is
    also held against its budget: the file's, or else the fallback.
    """
    workloads, table = load_checked_file(path, pricing, overrides, only)
    costs = price_workloads(workloads, table)
    if fallback is not None:
        costs = [
            dataclasses.replace(
                cost,
                comparison=cost.comparison.against(entry.budget or fallback, cost.deploy.name, warn_at),
            )
            for entry, cost in zip(workloads.entries, costs, strict=True)
        ]
    return ProfileComparison(workloads.path, tuple(costs))
