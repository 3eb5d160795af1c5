"""Notebook views: an HTML table for Jupyter and a pandas DataFrame.

The HTML table and the DataFrame are made of the same rows (``render.data.RowViews``):
the DataFrame holds their values, floats by default for plotting and arithmetic
(``exact=True`` keeps ``Decimal``); the HTML shows them as the terminal table
does, money to the cent, quantities with thousands separators, numbers
right-aligned. pandas stays optional and is imported only when a DataFrame is asked for.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from costcalc.errors import MissingExtra, one_line
from costcalc.money import format_money, format_percent, format_quantity, format_rate
from costcalc.render.views import Result, dispatch
from costcalc.render.words import shown_total, signed_money
from costcalc.units import unit_rate

ROW_LIMIT = 200

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
