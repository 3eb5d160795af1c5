"""Budgets: the most a workload may cost, and where a cost stands against one."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import Any

from costcalc.errors import InputError
from costcalc.model.results import CostOption
from costcalc.model.workload import NumberLike, to_decimal
from costcalc.money import EXACT, brief, plain

HUNDRED = Decimal(100)
MIN_BUDGET = Decimal("0.01")
MAX_BUDGET = Decimal(10) ** 12
"""A budget from a cent to a trillion dollars: beyond those, percentages of it are noise."""
DEFAULT_WARN_AT = Decimal(80)


class Status(str, Enum):
    """Where a cost stands against its budget."""

    OK = "ok"
    WARN = "warn"
    OVER = "over"


@dataclass(frozen=True, slots=True)
class Budget:
    """The most a workload may cost, per month and/or per day (USD)."""

    monthly: Decimal | None = None
    daily: Decimal | None = None

    def __post_init__(self) -> None:
        if self.monthly is None and self.daily is None:
            raise InputError("budget", "give a monthly and/or a daily amount")
        for field in ("monthly", "daily"):
            value = getattr(self, field)
            if value is not None and not isinstance(value, Decimal):
                value = to_decimal(f"max_{field}", value)  # 100 and "100" mean $100, as Workload takes them
                object.__setattr__(self, field, value)
            if value is not None and not MIN_BUDGET <= value <= MAX_BUDGET:
                raise InputError(
                    f"max_{field}", f"must be an amount from $0.01 to $1,000,000,000,000, got {_shown(value)}"
                )

    def to_dict(self) -> dict[str, str | None]:
        """Plain data, decimals as strings."""
        return {
            "monthly": plain(self.monthly) if self.monthly is not None else None,
            "daily": plain(self.daily) if self.daily is not None else None,
        }


@dataclass(frozen=True, slots=True)
class BudgetResult:
    """One option's cost against a budget."""

    option: str
    budget: Budget
    percent: Decimal
    """The cost as a percentage of the budget: the higher of monthly and daily."""
    status: Status

    @property
    def over(self) -> bool:
        """Whether the cost is over the budget."""
        return self.status is Status.OVER

    def to_dict(self) -> dict[str, Any]:
        """Plain data, decimals as strings."""
        return {
            "option": self.option,
            **self.budget.to_dict(),
            "percent": plain(self.percent),
            "status": self.status.value,
        }


def _shown(value: object) -> str:
    return brief(value) if isinstance(value, Decimal) and value.is_finite() else repr(value)[:40]


def check_warn_at(warn_at: NumberLike) -> Decimal:
    """``--warn-at`` as an exact percentage from 0 to 100."""
    exact_warn_at = to_decimal("warn_at", warn_at)
    if not 0 <= exact_warn_at <= HUNDRED:
        raise InputError("warn_at", f"must be a percentage from 0 to 100, got {plain(exact_warn_at)}")
    return exact_warn_at


def evaluate_budget(option: CostOption, budget: Budget, warn_at: Decimal | None = None) -> BudgetResult:
    """Where ``option`` stands: over above 100%, warn from ``warn_at``% (default 80), else ok."""
    warn_at = DEFAULT_WARN_AT if warn_at is None else warn_at
    percents = []
    if budget.monthly is not None:
        percents.append(EXACT.divide(EXACT.multiply(option.monthly, HUNDRED), budget.monthly))
    if budget.daily is not None:
        percents.append(EXACT.divide(EXACT.multiply(option.daily, HUNDRED), budget.daily))
    percent = max(percents)
    if percent > HUNDRED:
        status = Status.OVER
    elif percent >= warn_at:
        status = Status.WARN
    else:
        status = Status.OK
    return BudgetResult(option.name, budget, percent, status)
