"""Machine-readable views of results: one JSON document, or CSV rows with exact decimals."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from costcalc.breakeven_report import BreakEvenReport
from costcalc.comparison import Comparison
from costcalc.cost_diff import CostDiff
from costcalc.money import plain
from costcalc.pricing_review import PricingDiff
from costcalc.profiles import CheckReport, ProfileComparison
from costcalc.sweeps import Sweep

CSV_COLUMNS = ("option", "kind", "item", "quantity", "unit", "rate", "daily", "monthly")


def to_json(result: Any) -> str:
    """Any result's ``to_dict()`` as one indented JSON document."""
    return json.dumps(result.to_dict(), indent=2)


def _csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().rstrip("\n")


def _comparison_rows(comparison: Comparison) -> Iterator[tuple[str, ...]]:
    for option in comparison.options:
        for item in option.items:
            yield (
                option.name,
                option.kind.value,
                item.name,
                plain(item.quantity),
                item.unit,
                plain(item.rate),
                plain(item.daily),
                plain(item.monthly),
            )
        yield (
            option.name,
            option.kind.value,
            "total",
            "",
            "",
            "",
            plain(option.daily),
            plain(option.monthly),
        )


def comparison_csv(comparison: Comparison) -> str:
    """One row per line item and a ``total`` row per option; exact decimals."""
    return _csv(CSV_COLUMNS, _comparison_rows(comparison))


def profile_csv(profile: ProfileComparison) -> str:
    """The comparison rows of every workload, each led by the workload's name."""
    rows = ((cost.name, *row) for cost in profile.costs for row in _comparison_rows(cost.comparison))
    return _csv(("workload", *CSV_COLUMNS), rows)


def check_csv(report: CheckReport) -> str:
    """One row per workload, as in the JSON."""
    columns = (
        "name",
        "deploy",
        "daily",
        "monthly",
        "budget_monthly",
        "budget_daily",
        "percent",
        "status",
        "cheapest",
    )
    rows = []
    for check in report.checks:
        data = check.to_dict()
        budget = data.pop("budget")
        data["budget_monthly"], data["budget_daily"] = budget["monthly"] or "", budget["daily"] or ""
        rows.append([data[c] for c in columns])
    return _csv(columns, rows)


def diff_csv(diff: CostDiff) -> str:
    """One row per workload, as in the JSON."""
    columns = (
        "name",
        "change",
        "before",
        "after",
        "delta",
        "percent",
        "cheapest_before",
        "cheapest_after",
        "flipped",
    )
    rows = [[("" if (v := row.to_dict()[c]) is None else v) for c in columns] for row in diff.rows]
    return _csv(columns, rows)


def breakeven_csv(report: BreakEvenReport) -> str:
    """One row per crossing."""
    columns = ("option", "requests_per_day", "requests_per_second", "load_multiple", "lambda_cheaper_below")
    rows = [[c.to_dict()[k] for k in columns] for a in report.analyses for c in a.crossings]
    return _csv(columns, rows)


def sweep_csv(sweep: Sweep) -> str:
    """One row per point and option; exact decimals."""
    columns = ("requests_per_day", "memory_mb", "ms", "option", "monthly", "cheapest")
    rows = [
        (plain(p.requests_per_day), plain(p.memory_mb), plain(p.ms), name, plain(monthly), p.cheapest)
        for p in sweep.points
        for name, monthly in p.monthly.items()
    ]
    return _csv(columns, rows)


def pricing_diff_csv(diff: PricingDiff) -> str:
    """One row per change."""
    columns = ("key", "change", "old", "new", "percent")
    return _csv(
        columns, [[("" if (v := c.to_dict()[k]) is None else v) for k in columns] for c in diff.changes]
    )
