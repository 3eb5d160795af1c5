"""Notebook and REPL views: an HTML table, a pandas DataFrame, a short repr and the plain-text table.

The HTML table and the DataFrame are made of the same rows (``render.data.RowViews``):
the DataFrame holds their values, floats by default for plotting and arithmetic
(``exact=True`` keeps ``Decimal``); the HTML shows them as the terminal table
does, money to the cent, quantities with thousands separators, numbers
right-aligned. ``print`` gives the terminal table as text, ``repr`` one line.
pandas stays optional and is imported only when a DataFrame is asked for.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from costcalc.errors import MissingExtra, one_line
from costcalc.money import format_money, format_percent, format_quantity, format_rate
from costcalc.render.views import Result, dispatch
from costcalc.render.words import (
    check_verdict,
    diff_summary,
    option_label,
    pricing_diff_summary,
    shown_total,
    signed_money,
    sweep_title,
    workload_title,
)
from costcalc.units import unit_rate

if TYPE_CHECKING:
    from costcalc.catalog.review import PricingDiff
    from costcalc.model.breakeven_report import BreakEvenReport
    from costcalc.model.compare_many import BatchComparison
    from costcalc.model.comparison import Comparison
    from costcalc.model.sweeps import Sweep
    from costcalc.workload_files.check import CheckReport
    from costcalc.workload_files.diff import CostDiff
    from costcalc.workload_files.profile import ProfileComparison

ROW_LIMIT = 200
TEXT_WIDTH = 100
"""Columns of ``print(result)``: the terminal table at a fixed width, whatever the terminal."""

MONEY_COLUMNS = frozenset(
    (
        "daily",
        "monthly",
        "lambda_monthly",
        "server_monthly",
        "budget_monthly",
        "budget_daily",
        "before",
        "after",
    )
)
SIGNED_MONEY_COLUMNS = frozenset({"delta"})
RATE_COLUMNS = frozenset({"rate", "old", "new"})
"""Unit prices: shown with their significant digits, as the terminal shows a rate."""
PERCENT_COLUMNS = frozenset({"percent"})
RATE_DIGITS = 10
"""Significant digits of a rate shown: every published price, and an average over tiers cut short."""

_RIGHT = "text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap"
_LEFT = "text-align:left"


# --- HTML -------------------------------------------------------------------------------


def _is_number(value: object) -> bool:
    return isinstance(value, (Decimal, int)) and not isinstance(value, bool)


def _rate(value: Decimal, unit: object) -> str:
    short = Decimal(f"{value:.{RATE_DIGITS}g}")
    return unit_rate(short, unit) if isinstance(unit, str) else format_rate(short)


def _cell(key: str, value: object, row: dict[str, Any]) -> str:
    """A value as the terminal table shows it, by its column (not yet escaped)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, Decimal):
        if key in MONEY_COLUMNS:
            return format_money(value)
        if key in SIGNED_MONEY_COLUMNS:
            return signed_money(value)
        if key in RATE_COLUMNS:
            return _rate(value, row.get("unit"))
        if key in PERCENT_COLUMNS:
            return format_percent(value)
        return format_quantity(value)
    return one_line(str(value))


def html_table(result: Result, limit: int = ROW_LIMIT) -> str:
    """An HTML table of the result's rows, formatted as in the terminal; at most ``limit`` rows shown.

    The caption says what the rows are of (the workload, the price table, the
    verdict); every piece of text is escaped.
    """
    import html  # only notebooks need it; it is slow to import

    from costcalc.render.data import RowViews  # it loads every result's module; a repr needs none

    title, rows = dispatch(result, RowViews())
    shown = rows[:limit]
    columns = list(dict.fromkeys(key for row in rows for key in row))
    style = {c: _RIGHT if any(_is_number(row.get(c)) for row in shown) else _LEFT for c in columns}
    head = "".join(f'<th style="{style[c]}">{html.escape(c)}</th>' for c in columns)
    body = []
    items: dict[str, list[Decimal]] = {}  # the money of an option's items so far, for its total
    for row in shown:
        total = row.get("item") == "total"  # an option's total, in bold as in the terminal
        cells = []
        for c in columns:
            value = row.get(c)
            if total and c in items and isinstance(value, Decimal):
                text = shown_total(value, items[c])  # the sum of its rows as shown, as in the terminal
            else:
                text = _cell(c, value, row)
                if c in MONEY_COLUMNS and isinstance(value, Decimal):
                    items.setdefault(c, []).append(value)
            text = html.escape(text)
            cells.append(f'<td style="{style[c]}">{f"<strong>{text}</strong>" if total else text}</td>')
        if total:
            items = {}
        body.append("<tr>" + "".join(cells) + "</tr>")
    first, *rest = title.splitlines()
    if len(rows) > limit:
        first += f" (first {limit:,} of {len(rows):,} rows)"
    caption = "<br>".join(html.escape(one_line(line)) for line in (first, *rest))
    return (
        f'<table><caption><div style="text-align:left">{caption}</div></caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )


# --- DataFrames ----------------------------------------------------------------------


def dataframe(result: Result, exact: bool = False) -> Any:
    """The result's rows as a pandas DataFrame; a one-line error when pandas is not installed.

    Each exact ``Decimal`` becomes a float, converted once from its exact value, so
    the columns plot, add up and ``describe()``; ``exact=True`` keeps the ``Decimal``.
    """
    try:
        import pandas  # type: ignore[import-untyped,import-not-found,unused-ignore]  # optional extra
    except ImportError:
        raise MissingExtra("to_dataframe needs pandas: pip install 'costcalc[notebook]'") from None
    from costcalc.render.data import RowViews

    _, rows = dispatch(result, RowViews())
    if not exact:
        rows = [{k: float(v) if isinstance(v, Decimal) else v for k, v in row.items()} for row in rows]
    return pandas.DataFrame(rows)


# --- repr and print --------------------------------------------------------------------

SHOWN_OPTIONS = 4
SHOWN_NAMES = 3
SUMMARY_LIMIT = 300


def summary(result: Result) -> str:
    """One line for ``repr``: ``<Comparison 16,000 requests/day x 200 ms, ...: lambda $0.30/month, ...>``."""
    return f"<{type(result).__name__} {one_line(dispatch(result, SummaryViews()), SUMMARY_LIMIT)}>"


def text(result: Result, width: int = TEXT_WIDTH) -> str:
    """The terminal table as plain text at ``width`` columns, for ``print``."""
    import io

    from rich.console import Console

    from costcalc.render import OutputFormat, render

    out = io.StringIO()
    console = Console(
        file=out, width=width, color_system=None, soft_wrap=False, markup=False, emoji=False, highlight=False
    )
    console.print(render(result, OutputFormat.TABLE))
    return "\n".join(line.rstrip() for line in out.getvalue().splitlines())


def _names(names: list[str]) -> str:
    more = f", +{len(names) - SHOWN_NAMES:,} more" if len(names) > SHOWN_NAMES else ""
    return ", ".join(names[:SHOWN_NAMES]) + more


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


class SummaryViews:
    """Every result in a few words: what it is of, and its answer."""

    def comparison(self, result: Comparison) -> str:
        """The workload, then each option's monthly total as the table shows it."""
        costs = [
            f"{option_label(o)} {shown_total(o.monthly, (i.monthly for i in o.items))}/month"
            for o in result.options[:SHOWN_OPTIONS]
        ]
        if len(result.options) > SHOWN_OPTIONS:
            costs.append(f"+{len(result.options) - SHOWN_OPTIONS} more")
        return f"{workload_title(result)}: {', '.join(costs)}"

    def profile(self, result: ProfileComparison) -> str:
        """The file and its workloads."""
        names = [c.name for c in result.costs]
        return f"{result.path}: {_plural(len(names), 'workload')} ({_names(names)})"

    def breakeven(self, result: BreakEvenReport) -> str:
        """The workload and how many crossings against which options."""
        crossings = sum(len(a.crossings) for a in result.analyses)
        against = ", ".join(a.option for a in result.analyses)
        return f"{workload_title(result.comparison)}: {_plural(crossings, 'crossing')} against {against}"

    def sweep(self, result: Sweep) -> str:
        """What varies, over how many points, from where to where."""
        values = [
            p.requests_per_day if result.varies == "requests_per_day" else p.memory_mb for p in result.points
        ]
        span = f" from {format_quantity(values[0])} to {format_quantity(values[-1])}" if values else ""
        return f"{sweep_title(result)}: {_plural(len(values), 'point')}{span} (pricing {result.pricing_name})"

    def batch(self, result: BatchComparison) -> str:
        """How many workloads, and for how many Lambda is the cheaper."""
        on_lambda = sum(1 for row in result.rows if row.cheapest == "lambda")
        return (
            f"{_plural(len(result), 'workload')} (pricing {result.pricing_name}): "
            f"Lambda is the cheaper for {on_lambda:,}"
        )

    def check(self, result: CheckReport) -> str:
        """The file and the verdict."""
        return f"{result.path} (pricing {result.pricing_name}): {check_verdict(result)}"

    def diff(self, result: CostDiff) -> str:
        """The two versions and the total."""
        return f"{result.base} -> {result.new}: {diff_summary(result)}"

    def pricing_diff(self, result: PricingDiff) -> str:
        """The two tables and the counts."""
        return f"{result.old} -> {result.new}: {pricing_diff_summary(result)}"
