"""``costcalc check``: every workload of a file against its budget, for CI.

A workload with no budget at all is an error, so no file passes by checking nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import reduce
from typing import Any

from costcalc.model.budgets import (
    DEFAULT_WARN_AT,
    Budget,
    BudgetResult,
    Status,
    check_warn_at,
    evaluate_budget,
)
from costcalc.model.workload import NumberLike
from costcalc.money import EXACT, plain
from costcalc.notebook import NotebookView
from costcalc.workload_files.profile import WorkloadCost, load_checked_file, price_workloads


@dataclass(frozen=True, slots=True)
class Overage:
    """How far a cost is over its budget, in dollars, per period it is over."""

    monthly: Decimal | None
    """Dollars a month over the monthly budget; None when within it or when there is none."""
    daily: Decimal | None
    """Dollars a day over the daily budget; None when within it or when there is none."""

    def to_dict(self) -> dict[str, str | None]:
        """Plain data, decimals as strings."""
        return {
            "monthly": plain(self.monthly) if self.monthly is not None else None,
            "daily": plain(self.daily) if self.daily is not None else None,
        }


def _over(cost: Decimal, limit: Decimal | None) -> Decimal | None:
    return EXACT.subtract(cost, limit) if limit is not None and cost > limit else None


@dataclass(frozen=True, slots=True)
class WorkloadCheck:
    """A priced workload against its budget."""

    cost: WorkloadCost
    result: BudgetResult

    @property
    def status(self) -> Status:
        """ok, warn or over."""
        return self.result.status

    @property
    def over_by(self) -> Overage | None:
        """Dollars over budget, per period; None unless the workload is over."""
        if self.status is not Status.OVER:
            return None
        deployed, budget = self.cost.deployed, self.result.budget
        return Overage(_over(deployed.monthly, budget.monthly), _over(deployed.daily, budget.daily))

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
            "over_by": over_by.to_dict() if (over_by := self.over_by) is not None else None,
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

    __repr__ = NotebookView.__repr__  # one line, not the dataclass's dump of every field

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
    def total_daily(self) -> Decimal:
        """What the deployed options of all workloads cost a day, exact."""
        return reduce(EXACT.add, (c.cost.deployed.daily for c in self.checks), Decimal(0))

    @property
    def total_monthly(self) -> Decimal:
        """What the deployed options of all workloads cost a month, exact."""
        return reduce(EXACT.add, (c.cost.deployed.monthly for c in self.checks), Decimal(0))


def check(
    path: str,
    *,
    pricing: str | None = None,
    warn_at: NumberLike | None = None,
    fallback: Budget | None = None,
    free_tier: bool = False,
) -> CheckReport:
    """Check every workload of the file at ``path`` against its budget.

    ``fallback`` (from ``--max-monthly``/``--max-daily``) is the budget of
    workloads whose file gives none; a workload with no budget at all is an
    error, so no file passes by checking nothing.
    """
    exact_warn_at = check_warn_at(DEFAULT_WARN_AT if warn_at is None else warn_at)
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
        checks.append(WorkloadCheck(cost, evaluate_budget(cost.deployed, budget, exact_warn_at)))
    return CheckReport(workloads.path, table.name, exact_warn_at, free_tier, tuple(checks))
