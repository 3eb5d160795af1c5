"""Machine-readable views of results: one JSON document, CSV rows, and the rows notebooks show.

This is the one serialiser: every result's JSON document is assembled here,
from the plain data of its values and the words of ``render.words``. Money and
quantities are exact decimal strings.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from costcalc.catalog.review import PricingDiff
from costcalc.model.breakeven_report import BreakEvenReport
from costcalc.model.compare_many import BatchComparison
from costcalc.model.comparison import SCHEMA_VERSION, Comparison
from costcalc.model.sweeps import Sweep
from costcalc.money import plain
from costcalc.render.views import Result, dispatch
from costcalc.render.words import (
    break_even_notes,
    breakeven_title,
    check_hints,
    check_verdict,
    concurrency_warning,
    diff_summary,
    price_split_line,
    pricing_diff_summary,
    pricing_title,
    sweep_title,
    verdict,
    workload_title,
)
from costcalc.units import daily_from_monthly
from costcalc.workload_files.check import CheckReport
from costcalc.workload_files.diff import CostDiff
from costcalc.workload_files.profile import ProfileComparison

CSV_COLUMNS = ("option", "kind", "item", "quantity", "unit", "rate", "daily", "monthly")
Document = dict[str, Any]
Rows = list[dict[str, Any]]


def to_json(result: Result, explain: bool = False) -> str:
    """A result's document as one indented JSON text."""
    return json.dumps(dispatch(result, DocumentViews(explain)), indent=2)


def document(result: Result) -> Document:
    """A result's JSON document as Python data (``to_dict()`` on every result)."""
    return dispatch(result, DocumentViews())


def comparison_document(comparison: Comparison, explain: bool = False) -> Document:
    """The JSON document ``compare --format json`` prints."""
    budget = {"budget": comparison.budget.to_dict()} if comparison.budget else {}
    trace: Document = {}
    if explain:
        from costcalc.model.explain import trace as trace_of

        trace = {"explain": [line.text for line in trace_of(comparison)]}
    return {
        "schema_version": SCHEMA_VERSION,
        "currency": comparison.currency,
        "pricing": {
            "name": comparison.pricing_name,
            "as_of": comparison.pricing_as_of.isoformat(),
            "region": comparison.workload.region,
        },
        "workload": comparison.workload.to_dict(),
        "options": [option.to_dict() for option in comparison.options],
        "cheapest": comparison.cheapest.name,
        "verdict": verdict(comparison),
        "assumptions": list(comparison.assumptions),
        "price_notes": list(comparison.price_notes),
        "break_even": [c.to_dict() for b in comparison.break_even for c in b.crossings],
        "break_even_notes": break_even_notes(comparison.break_even),
        "lambda_peak_concurrency": plain(comparison.peak_concurrency),
        "warnings": [warning] if (warning := concurrency_warning(comparison)) else [],
        **budget,
        **trace,
    }


class DocumentViews:
    """Every result as its JSON document."""

    def __init__(self, explain: bool = False) -> None:
        self.explain = explain

    def comparison(self, result: Comparison) -> Document:
        """See ``comparison_document``."""
        return comparison_document(result, self.explain)

    def profile(self, result: ProfileComparison) -> Document:
        """A comparison document per workload, each led by its name and deploy target."""
        return {
            "schema_version": SCHEMA_VERSION,
            "profile": result.path,
            "workloads": [
                {"name": c.name, "deploy": c.deploy.name, **comparison_document(c.comparison, self.explain)}
                for c in result.costs
            ],
        }

    def breakeven(self, result: BreakEvenReport) -> Document:
        """The comparison document's workload and break-even parts."""
        data = comparison_document(result.comparison)
        keep = ("schema_version", "currency", "pricing", "workload", "break_even", "break_even_notes")
        return {key: data[key] for key in keep}

    def sweep(self, result: Sweep) -> Document:
        """``{schema_version, pricing, varies, points: [...]}``."""
        return {
            "schema_version": SCHEMA_VERSION,
            "pricing": result.pricing_name,
            "varies": result.varies,
            "points": [point.to_dict() for point in result.points],
        }

    def batch(self, result: BatchComparison) -> Document:
        """``{schema_version, pricing, rows: [...]}``."""
        return {
            "schema_version": SCHEMA_VERSION,
            "pricing": result.pricing_name,
            "rows": [row.to_dict() for row in result.rows],
        }

    def check(self, result: CheckReport) -> Document:
        """The JSON document ``check --format json`` prints (``diff`` reads it back)."""
        return {
            "schema_version": SCHEMA_VERSION,
            "status": result.status.value,
            "pricing": result.pricing_name,
            "warn_at": plain(result.warn_at),
            "free_tier": result.free_tier,
            "workloads": [c.to_dict() for c in result.checks],
            "total": {"daily": plain(result.total_daily), "monthly": plain(result.total_monthly)},
            "hints": check_hints(result),
        }

    def diff(self, result: CostDiff) -> Document:
        """The JSON document ``diff --format json`` prints."""
        percent = result.total_percent
        return {
            "schema_version": SCHEMA_VERSION,
            "base": result.base,
            "new": result.new,
            "total_before": plain(result.total_before),
            "total_after": plain(result.total_after),
            "total_delta": plain(result.total_after - result.total_before),
            "total_percent": plain(percent) if percent is not None else None,
            "pricing_before": result.pricing_before,
            "pricing_after": result.pricing_after,
            "split": result.split,
            "split_unavailable": result.unsplit_reason,
            "total_traffic_delta": plain(t) if (t := result.total_traffic_delta) is not None else None,
            "total_price_delta": plain(p) if (p := result.total_price_delta) is not None else None,
            "price_split": price_split_line(result),
            "workloads": [row.to_dict() for row in result.rows],
        }

    def pricing_diff(self, result: PricingDiff) -> Document:
        """The JSON document ``pricing diff --format json`` prints."""
        return {
            "schema_version": SCHEMA_VERSION,
            "old": result.old,
            "new": result.new,
            "counts": result.counts(),
            "changes": [c.to_dict() for c in result.changes],
        }


class CsvViews:
    """Every result as CSV: a header, then rows of exact decimals."""

    def comparison(self, result: Comparison) -> str:
        """One row per line item and a ``total`` row per option."""
        return comparison_csv(result)

    def profile(self, result: ProfileComparison) -> str:
        """The comparison rows of every workload, each led by the workload's name."""
        return profile_csv(result)

    def breakeven(self, result: BreakEvenReport) -> str:
        """One row per crossing."""
        return breakeven_csv(result)

    def sweep(self, result: Sweep) -> str:
        """One row per point and option."""
        return sweep_csv(result)

    def batch(self, result: BatchComparison) -> str:
        """One row per workload."""
        columns = ("lambda_monthly", "server", "server_count", "server_monthly", "cheapest")
        return _csv(columns, ([row.to_dict()[c] for c in columns] for row in result.rows))

    def check(self, result: CheckReport) -> str:
        """One row per workload."""
        return check_csv(result)

    def diff(self, result: CostDiff) -> str:
        """One row per workload."""
        return diff_csv(result)

    def pricing_diff(self, result: PricingDiff) -> str:
        """One row per changed price."""
        return pricing_diff_csv(result)


class RowViews:
    """Every result as a title and rows of plain values (money as ``Decimal``), for notebooks.

    The title's lines say what the rows are of (the workload, the price table,
    the verdict); the rows are tidy, one observation each, their keys the
    DataFrame's columns in the order a reader wants them.
    """

    def comparison(self, result: Comparison) -> tuple[str, Rows]:
        """One row per line item, and a total per option."""
        return _comparison_title(result), _comparison_rows_exact(result)

    def profile(self, result: ProfileComparison) -> tuple[str, Rows]:
        """The comparison rows of every workload, each led by its name."""
        rows = [
            {"workload": c.name, **row} for c in result.costs for row in _comparison_rows_exact(c.comparison)
        ]
        return f"Workloads of {result.path}", rows

    def breakeven(self, result: BreakEvenReport) -> tuple[str, Rows]:
        """One row per crossing."""
        rows = [
            {
                "option": c.option,
                "requests_per_day": c.requests_per_day,
                "requests_per_second": c.requests_per_second,
                "load_multiple": c.load_multiple,
                "lambda_cheaper_below": c.lambda_cheaper_below,
            }
            for a in result.analyses
            for c in a.crossings
        ]
        comparison = result.comparison
        title = f"{breakeven_title(result)}\n{workload_title(comparison)}\n{pricing_title(comparison)}"
        return title, rows

    def sweep(self, result: Sweep) -> tuple[str, Rows]:
        """One row per point and option (tidy): its rate, memory and duration, the option and its cost.

        Without fixed server types the servers' option is ``servers``, the cheapest type at each
        point in ``server_type``; ``cheapest`` marks the cheapest option at each point.
        """
        rows = []
        for p in result.points:
            cheapest = p.comparison.cheapest
            for option in p.comparison.options:
                rows.append(
                    {
                        "requests_per_day": p.requests_per_day,
                        "memory_mb": p.memory_mb,
                        "ms": p.ms,
                        "option": result.column_of(option),
                        "server_type": option.instance_type,
                        "monthly": option.monthly,
                        "cheapest": option is cheapest,
                    }
                )
        pricing = f"pricing {result.pricing_name}"
        if result.points:
            pricing = pricing_title(result.points[0].comparison)
        return f"{sweep_title(result)}\n{pricing}", rows

    def batch(self, result: BatchComparison) -> tuple[str, Rows]:
        """One row per workload, in the order given: its inputs, then Lambda against the cheapest server."""
        inputs: list[dict[str, Any]] = [
            {
                "requests_per_day": w.rpd if w.rpd is not None else daily_from_monthly(w.monthly_requests),
                "ms": w.ms,
                "memory_mb": w.memory,
                "arch": w.arch.value,
                "region": w.region,
            }
            for w in result.workloads
        ]
        rows = [
            {
                **(inputs[i] if inputs else {}),
                "lambda_monthly": r.lambda_monthly,
                "server": r.server,
                "server_count": r.count,
                "server_monthly": r.server_monthly,
                "cheapest": r.cheapest,
            }
            for i, r in enumerate(result.rows)
        ]
        return f"compare_many: {len(result):,} workloads\npricing {result.pricing_name}", rows

    def check(self, result: CheckReport) -> tuple[str, Rows]:
        """One row per workload."""
        rows = [
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
            for c in result.checks
        ]
        return f"Budget check: {result.path} (pricing {result.pricing_name})\n{check_verdict(result)}", rows

    def diff(self, result: CostDiff) -> tuple[str, Rows]:
        """One row per workload."""
        rows = [
            {
                "name": r.name,
                "change": r.change.value,
                "before": r.before.monthly if r.before else None,
                "after": r.after.monthly if r.after else None,
                "delta": r.delta,
                "percent": r.percent,
            }
            for r in result.rows
        ]
        return f"Monthly cost: {result.base} -> {result.new}\n{diff_summary(result)}", rows

    def pricing_diff(self, result: PricingDiff) -> tuple[str, Rows]:
        """One row per change."""
        rows = [
            {"price": c.key, "change": c.change, "old": c.old, "new": c.new, "percent": c.percent}
            for c in result.changes
        ]
        return f"{result.old} -> {result.new}: {pricing_diff_summary(result)}", rows


def _comparison_title(comparison: Comparison) -> str:
    """The workload, the price table and the verdict, a line each."""
    return f"{workload_title(comparison)}\n{pricing_title(comparison)}\n{verdict(comparison)}"


def _comparison_rows_exact(comparison: Comparison) -> Rows:
    rows: Rows = []
    for option in comparison.options:
        for item in option.items:
            rows.append(
                {
                    "option": option.name,
                    "item": item.name,
                    "quantity": item.quantity,
                    "unit": item.unit,
                    "rate": item.rate,
                    "daily": item.daily,
                    "monthly": item.monthly,
                }
            )
        rows.append(
            {"option": option.name, "item": "total", "daily": option.daily, "monthly": option.monthly}
        )
    return rows


def _csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([_csv_cell(cell) for cell in row] for row in rows)
    return out.getvalue().rstrip("\n")


def _csv_cell(cell: object) -> object:
    """CSV as JSON writes it: ``true``/``false`` and empty for None, not Python's ``True`` and ``None``."""
    if isinstance(cell, bool):
        return "true" if cell else "false"
    return "" if cell is None else cell


def _comparison_rows(comparison: Comparison) -> Iterator[tuple[str, ...]]:
    for option in comparison.options:
        for item in option.items:
            yield (
                option.name,
                option.kind.value,
                item.name,
                plain(item.quantity),
                item.unit,
                plain(rate) if (rate := item.rate) is not None else "",
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
        "over_by_monthly",
        "over_by_daily",
        "cheapest",
    )
    rows = []
    for check in report.checks:
        data = check.to_dict()
        budget = data.pop("budget")
        over_by = data.pop("over_by") or {}
        for period in ("monthly", "daily"):
            data[f"budget_{period}"] = budget[period] or ""
            data[f"over_by_{period}"] = over_by.get(period) or ""
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
        "traffic_delta",
        "price_delta",
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
