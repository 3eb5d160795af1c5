"""``diff``: how monthly costs move between two versions of a workload file (or two saved checks)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import Any

from costcalc.catalog.bundled import bundled_names, load_pricing
from costcalc.catalog.model import PricingTable
from costcalc.errors import FileFormatError, InputError, PricingError, one_line
from costcalc.model.comparison import SCHEMA_VERSION, validate_workload
from costcalc.money import EXACT, exact, plain, settle
from costcalc.notebook import NotebookView
from costcalc.numbers import NumberError, parse_decimal, shown
from costcalc.workload_files.profile import WorkloadCost, load_checked_file, price_workloads
from costcalc.workload_files.schema import WorkloadFile

HUNDRED = Decimal(100)


@dataclass(frozen=True, slots=True)
class CostPoint:
    """One workload in one version: where it runs, its monthly cost there, and the cheapest option."""

    deploy: str
    monthly: Decimal
    cheapest: str

    @property
    def cheapest_kind(self) -> str:
        """``lambda``, ``server``, ``fargate`` or ``lambda-managed``, whatever the purchase."""
        base = self.cheapest.partition("@")[0]
        if base == "lambda":
            return "lambda"
        kind = base.partition(":")[0]
        return "server" if kind == "ec2" else kind


class Change(str, Enum):
    """How a workload differs between the two versions."""

    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"
    UNCHANGED = "unchanged"


@dataclass(frozen=True, slots=True)
class DiffRow:
    """One workload, before and after.

    When the two versions were priced with different tables, ``repriced`` is
    the new version of the workload on the base version's table: the delta then
    splits into what the workload itself changed (traffic, settings, deploy;
    ``traffic_delta``) and what the prices changed (``price_delta``).
    """

    name: str
    before: CostPoint | None
    after: CostPoint | None
    repriced: CostPoint | None = None
    """The new version on the base version's prices; None when there is no split or no new version."""
    split: bool = False
    """Whether the delta is split into traffic and prices."""

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
    def traffic_delta(self) -> Decimal | None:
        """The monthly change from the workload itself, at the base version's prices; None without a split."""
        if not self.split:
            return None
        return EXACT.subtract(_monthly(self.repriced), _monthly(self.before))

    @property
    def price_delta(self) -> Decimal | None:
        """The monthly change from prices alone, on the new version of the workload; None without a split."""
        if not self.split:
            return None
        return EXACT.subtract(_monthly(self.after), _monthly(self.repriced))

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
            "after_at_base_prices": plain(self.repriced.monthly) if self.repriced else None,
            "traffic_delta": _plain_or_none(self.traffic_delta),
            "price_delta": _plain_or_none(self.price_delta),
        }


def _monthly(point: CostPoint | None) -> Decimal:
    return point.monthly if point is not None else Decimal(0)


def _plain_or_none(value: Decimal | None) -> str | None:
    return plain(value) if value is not None else None


@dataclass(frozen=True, slots=True)
class IncreaseLimit:
    """How far the monthly total may rise (``--fail-on-increase``): percent of the base total, or dollars."""

    amount: Decimal
    """Percent of the base total, or dollars a month when ``dollars``."""
    dollars: bool = False


@dataclass(frozen=True, slots=True)
class CostDiff(NotebookView):
    """Every workload of two versions, and the totals."""

    base: str
    new: str
    rows: tuple[DiffRow, ...]
    pricing_before: str | None = None
    """The table that priced the base version (None: a saved check that names none)."""
    pricing_after: str | None = None
    """The table that priced the new version."""
    split: bool = False
    """Whether each delta is split into traffic and prices: the tables differ, and the new
    workloads could be priced on the base table."""
    unsplit_reason: str | None = None
    """Why the tables differ but the deltas are not split; None otherwise."""

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
    def total_traffic_delta(self) -> Decimal | None:
        """The monthly change from the workloads themselves, at the base prices; None without a split."""
        return _total(r.traffic_delta for r in self.rows) if self.split else None

    @property
    def total_price_delta(self) -> Decimal | None:
        """The monthly change from prices alone; None without a split."""
        return _total(r.price_delta for r in self.rows) if self.split else None

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

    def rises_past(self, limit: IncreaseLimit) -> bool:
        """Whether the total rose by more than ``limit``: a percentage, or dollars a month."""
        if limit.dollars:
            return EXACT.subtract(self.total_after, self.total_before) > limit.amount
        return self.rises_more_than(limit.amount)

    @property
    def flips(self) -> tuple[DiffRow, ...]:
        """Workloads whose cheapest option moved from one kind to another (Lambda, servers, Fargate, ...)."""
        return tuple(r for r in self.rows if r.flipped)


def _total(values: Iterable[Decimal | None]) -> Decimal:
    total = Decimal(0)
    for value in values:
        if value is not None:
            total = EXACT.add(total, value)
    return total


@dataclass(frozen=True, slots=True)
class Version:
    """One side of a diff: its costs, and what priced them."""

    points: dict[str, CostPoint]
    pricing: str | None
    """The name of the table that priced it (None: a saved check that names none)."""
    table: PricingTable | None = None
    """The table itself, for a workload file."""
    workloads: WorkloadFile | None = None
    """The workloads, for a workload file; a saved check has only their costs."""


def _point(cost: WorkloadCost) -> CostPoint:
    return CostPoint(cost.deploy.name, settle(cost.deployed.monthly), cost.cheapest.name)


def load_version(path: str, *, pricing: str | None = None, free_tier: bool = False) -> Version:
    """A workload file priced, or the costs saved by ``check --format json``."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(64).lstrip()
    except OSError as exc:
        raise FileFormatError.unreadable(path, exc) from None
    if head.startswith(b"{"):
        return _version_from_check_json(path)
    workloads, table = load_checked_file(path, pricing)
    points = {cost.name: _point(cost) for cost in price_workloads(workloads, table, free_tier=free_tier)}
    return Version(points, table.name, table, workloads)


def load_cost_points(
    path: str, *, pricing: str | None = None, free_tier: bool = False
) -> dict[str, CostPoint]:
    """Monthly costs by workload from a workload file, or from JSON saved by ``check --format json``."""
    return load_version(path, pricing=pricing, free_tier=free_tier).points


def _version_from_check_json(path: str) -> Version:
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
    name = data.get("pricing")
    return Version(points, name if isinstance(name, str) and one_line(name) == name else None)


def _same_table(old: Version, new: Version) -> bool:
    """Whether one table priced both versions: the same file, or (for a saved check) the same name."""
    if old.table is not None and new.table is not None:
        return _identity(old.table) == _identity(new.table)
    return old.pricing == new.pricing


def _identity(table: PricingTable) -> tuple[str, str | None]:
    return table.name, os.path.realpath(table.path) if table.path else None


def _base_table(old: Version) -> PricingTable | None:
    """The base version's table: its own, or the bundled table a saved check names."""
    if old.table is not None:
        return old.table
    return load_pricing(old.pricing) if old.pricing in bundled_names() else None


def reprice(
    old: Version, new: Version, *, free_tier: bool = False
) -> tuple[dict[str, CostPoint] | None, str | None]:
    """The new version's workloads on the base version's table, or why they cannot be priced there.

    ``(None, None)`` when both versions were priced with one table (or a saved
    check names none, so that nobody can tell): nothing to split.
    """
    if old.pricing is None or new.pricing is None or _same_table(old, new):
        return None, None
    if new.workloads is None:
        return None, "the new version is a saved check, whose workloads cannot be priced again"
    table = _base_table(old)
    if table is None:
        return None, f"the base version's table {old.pricing} is not a bundled table"
    for entry in new.workloads.entries:
        deployed = (entry.deploy.instance_type,) if entry.deploy.instance_type else ()
        try:
            validate_workload(entry.workload, table, also_instances=deployed)
        except (InputError, PricingError) as exc:
            detail = exc.message if isinstance(exc, InputError) else str(exc)
            return None, f"{entry.name} cannot be priced on {table.name}: {detail}"
    costs = price_workloads(new.workloads, table, free_tier=free_tier)
    return {cost.name: _point(cost) for cost in costs}, None


@exact
def diff(base: str, new: str, *, pricing: str | None = None, free_tier: bool = False) -> CostDiff:
    """Compare the monthly cost of every workload in ``base`` and ``new``.

    When the two were priced with different tables, the new workloads are priced
    on the base table too, so each change splits into traffic and prices.
    """
    old_version = load_version(base, pricing=pricing, free_tier=free_tier)
    new_version = load_version(new, pricing=pricing, free_tier=free_tier)
    repriced, reason = reprice(old_version, new_version, free_tier=free_tier)
    before, after = old_version.points, new_version.points
    names = [*before, *(n for n in after if n not in before)]
    split = repriced is not None
    rows = tuple(
        DiffRow(n, before.get(n), after.get(n), repriced.get(n) if repriced else None, split) for n in names
    )
    return CostDiff(base, new, rows, old_version.pricing, new_version.pricing, split, reason)


def parse_increase_limit(text: str) -> IncreaseLimit:
    """``5`` or ``5%``: percent of the base total; ``$20``: dollars a month."""
    written = text.strip()
    dollars = written.startswith("$")
    number = written[1:] if dollars else written.removesuffix("%")
    try:
        amount = parse_decimal(number)
    except NumberError:
        raise InputError("fail_on_increase", f"expected PCT, PCT% or $AMOUNT, got {shown(text)}") from None
    if amount < 0:
        what = "an amount of $0" if dollars else "a percentage of 0"
        raise InputError("fail_on_increase", f"must be {what} or more, got {written}")
    return IncreaseLimit(amount, dollars)
