"""Notebook views: an HTML table for Jupyter and a pandas DataFrame, from the rows of ``render.data``.

pandas stays optional and is imported only when a DataFrame is asked for.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from costcalc.errors import MissingExtra
from costcalc.money import format_money, plain
from costcalc.render.data import RowViews
from costcalc.render.views import Result, dispatch

MONEY_COLUMNS = ("daily", "monthly", "lambda_monthly", "server_monthly", "budget_monthly", "budget_daily")
ROW_LIMIT = 200


def _cell(key: str, value: Any) -> str:
    if isinstance(value, Decimal):
        money = key in MONEY_COLUMNS or key.startswith("ec2:") or key == "lambda"
        return format_money(value) if money else plain(value)
    return "" if value is None else str(value)


def html_table(result: Result, limit: int = ROW_LIMIT) -> str:
    """A plain HTML table of the result's rows with a caption; at most ``limit`` rows shown."""
    import html  # only notebooks need it; it is slow to import

    title, rows = dispatch(result, RowViews())
    columns = list(dict.fromkeys(key for row in rows for key in row))
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(_cell(c, row.get(c)))}</td>" for c in columns) + "</tr>"
        for row in rows[:limit]
    )
    more = f" (first {limit} of {len(rows)} rows)" if len(rows) > limit else ""
    return (
        f"<table><caption>{html.escape(title)}{more}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{body}</tbody></table>"
    )


def dataframe(result: Result, exact: bool = False) -> Any:
    """The result's rows as a pandas DataFrame; a one-line error when pandas is not installed.

    Each exact ``Decimal`` becomes a float, converted once from its exact value, so
    the columns plot, add up and ``describe()``; ``exact=True`` keeps the ``Decimal``.
    """
    try:
        import pandas  # type: ignore[import-untyped,import-not-found,unused-ignore]  # optional extra
    except ImportError:
        raise MissingExtra("to_dataframe needs pandas: pip install 'costcalc[notebook]'") from None
    _, rows = dispatch(result, RowViews())
    if not exact:
        rows = [{k: float(v) if isinstance(v, Decimal) else v for k, v in row.items()} for row in rows]
    return pandas.DataFrame(rows)
