"""``diff``: how monthly costs move between two versions of a workload file (or two saved checks)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import Any

from costcalc.errors import FileFormatError, InputError, one_line
from costcalc.model.comparison import SCHEMA_VERSION
from costcalc.money import EXACT, exact, plain, settle
from costcalc.notebook import NotebookView
from costcalc.numbers import NumberError, parse_decimal
from costcalc.workload_files.profile import load_checked_file, price_workloads

HUNDRED = Decimal(100)


@dataclass(frozen=True, slots=True)
class CostPoint:
    """One workload in one version: where it runs, its monthly cost there, and the cheapest option."""

    deploy: str
    monthly: Decimal
    cheapest: str

    @property
    def cheapest_kind(self) -> str:
        """``lambda`` or ``server``."""
        return "lambda" if self.cheapest == "lambda" else "server"


class Change(str, Enum):
    """How a workload differs between the two versions."""

    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"
    UNCHANGED = "unchanged"


@dataclass(frozen=True, slots=True)
class DiffRow:
    """One workload, before and after."""

    name: str
    before: CostPoint | None
    after: CostPoint | None

    @property
    def change(self) -> Change:
        """Added, removed, changed or unchanged."""
        if self.before is None:
            return Change.ADDED
        if self.after is None:
            return Change.REMOVED
        same = (self.before.monthly, self.before.deploy) == (self.after.monthly, self.after.deploy)
        return Change.UNCHANGED if same else Change.CHANGED

    @property
    def delta(self) -> Decimal:
        """Monthly change in dollars."""
        return EXACT.subtract(
            self.after.monthly if self.after else Decimal(0),
            self.before.monthly if self.before else Decimal(0),
        )

    @property
    def percent(self) -> Decimal | None:
        """Monthly change in percent; None where there was nothing before."""
        if self.before is None or self.before.monthly == 0:
            return None
        return EXACT.divide(self.delta * HUNDRED, self.before.monthly)

    @property
    def flipped(self) -> bool:
        """The cheapest option moved between Lambda and servers."""
        return bool(self.before and self.after and self.before.cheapest_kind != self.after.cheapest_kind)

    def to_dict(self) -> dict[str, Any]:
        """Plain data, decimals as strings."""
        percent = self.percent
        return {
            "name": self.name,
            "change": self.change.value,
            "before": plain(self.before.monthly) if self.before else None,
            "after": plain(self.after.monthly) if self.after else None,
            "delta": plain(self.delta),
            "percent": plain(percent) if percent is not None else None,
            "deploy_before": self.before.deploy if self.before else None,
            "deploy_after": self.after.deploy if self.after else None,
            "cheapest_before": self.before.cheapest if self.before else None,
            "cheapest_after": self.after.cheapest if self.after else None,
            "flipped": self.flipped,
        }


@dataclass(frozen=True, slots=True)
class CostDiff(NotebookView):
    """Every workload of two versions, and the totals."""

    base: str
    new: str
    rows: tuple[DiffRow, ...]

    __repr__ = NotebookView.__repr__  # one line, not the dataclass's dump of every field

    @property
    def total_before(self) -> Decimal:
        """Monthly total of the base version."""
        return EXACT.add(Decimal(0), sum((r.before.monthly for r in self.rows if r.before), Decimal(0)))

    @property
    def total_after(self) -> Decimal:
        """Monthly total of the new version."""
        return EXACT.add(Decimal(0), sum((r.after.monthly for r in self.rows if r.after), Decimal(0)))

    @property
    def total_percent(self) -> Decimal | None:
        """Change of the total in percent; None when the base total is zero."""
        if self.total_before == 0:
            return None
        return EXACT.divide((self.total_after - self.total_before) * HUNDRED, self.total_before)

    def rises_more_than(self, percent: Decimal) -> bool:
        """Whether the total rose by more than ``percent`` (any rise from zero counts)."""
        change = self.total_percent
        if change is None:
            return self.total_after > 0
        return change > percent

    @property
    def flips(self) -> tuple[DiffRow, ...]:
        """Workloads whose cheapest option moved between Lambda and servers."""
        return tuple(r for r in self.rows if r.flipped)


def load_cost_points(
    path: str, *, pricing: str | None = None, free_tier: bool = False
) -> dict[str, CostPoint]:
    """Monthly costs by workload from a workload file, or from JSON saved by ``check --format json``."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(64).lstrip()
    except FileNotFoundError:
        raise FileFormatError(path, None, "", "no such file") from None
    except OSError as exc:
        raise FileFormatError(path, None, "", f"cannot read: {exc.strerror}") from None
    if head.startswith(b"{"):
        return _points_from_check_json(path)
    workloads, table = load_checked_file(path, pricing)
    return {
        cost.name: CostPoint(cost.deploy.name, settle(cost.deployed.monthly), cost.cheapest.name)
        for cost in price_workloads(workloads, table, free_tier=free_tier)
    }


def _points_from_check_json(path: str) -> dict[str, CostPoint]:
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError) as exc:
        raise FileFormatError(path, None, "", f"not a costcalc check JSON document: {exc}") from None
    if (
        not isinstance(data, dict)
        or data.get("schema_version") != SCHEMA_VERSION
        or not isinstance(data.get("workloads"), list)
    ):
        raise FileFormatError(
            path, None, "", "not a costcalc check JSON document (schema_version 1, workloads)"
        )
    points = {}
    for index, row in enumerate(data["workloads"]):
        where = f"workloads[{index}]"
        if not isinstance(row, dict) or not all(
            isinstance(row.get(k), str) for k in ("name", "deploy", "cheapest")
        ):
            raise FileFormatError(path, None, where, "expected name, deploy, monthly and cheapest")
        if any(one_line(row[k]) != row[k] for k in ("name", "deploy", "cheapest")):
            raise FileFormatError(path, None, where, "names must be printable text")
        try:
            monthly = parse_decimal(str(row.get("monthly")))
        except NumberError as exc:
            raise FileFormatError(path, None, f"{where}.monthly", str(exc)) from None
        if monthly < 0:
            raise FileFormatError(
                path, None, f"{where}.monthly", f"a cost cannot be negative, got {row['monthly']}"
            )
        points[row["name"]] = CostPoint(row["deploy"], settle(monthly), row["cheapest"])
    return points


@exact
def diff(base: str, new: str, *, pricing: str | None = None, free_tier: bool = False) -> CostDiff:
    """Compare the monthly cost of every workload in ``base`` and ``new``."""
    before = load_cost_points(base, pricing=pricing, free_tier=free_tier)
    after = load_cost_points(new, pricing=pricing, free_tier=free_tier)
    names = [*before, *(n for n in after if n not in before)]
    return CostDiff(base, new, tuple(DiffRow(n, before.get(n), after.get(n)) for n in names))


def check_threshold(value: Decimal | None) -> None:
    """``--fail-on-increase`` takes a percentage of zero or more."""
    if value is not None and (not value.is_finite() or value < 0):
        raise InputError("fail_on_increase", f"must be a percentage of 0 or more, got {value}")
