"""Results in notebooks: HTML tables for Jupyter, rich tables in a terminal REPL, pandas DataFrames.

Every result type mixes in ``NotebookView`` and says what its rows are;
pandas stays optional and is imported only when ``to_dataframe`` is called.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from costcalc.errors import CostcalcError
from costcalc.money import format_money, plain

MONEY_COLUMNS = ("daily", "monthly", "lambda_monthly", "server_monthly", "budget_monthly", "budget_daily")


class NotebookView:
    """``_repr_html_``, ``__rich__`` and ``to_dataframe`` for a result that lists its rows."""

    __slots__ = ()

    def table_title(self) -> str:
        """A heading for the HTML table."""
        return type(self).__name__

    def table_rows(self) -> list[dict[str, Any]]:
        """The result as rows of plain values (money as ``Decimal``)."""
        raise NotImplementedError

    def to_dataframe(self) -> Any:
        """The rows as a pandas DataFrame (pandas is optional: ``pip install 'costcalc[notebook]'``)."""
        return dataframe(self.table_rows())

    def _repr_html_(self) -> str:
        return html_table(self.table_title(), self.table_rows())

    def __rich__(self) -> Any:
        from costcalc.formats import OutputFormat, render

        return render(self, OutputFormat.TABLE)


def _cell(key: str, value: Any) -> str:
    if isinstance(value, Decimal):
        return (
            format_money(value)
            if key in MONEY_COLUMNS or key.startswith("ec2:") or key == "lambda"
            else plain(value)
        )
    return "" if value is None else str(value)


def html_table(title: str, rows: list[dict[str, Any]], limit: int = 200) -> str:
    """A plain HTML table with a caption; at most ``limit`` rows shown."""
    import html  # only notebooks need it; it is slow to import

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


def dataframe(rows: list[dict[str, Any]]) -> Any:
    """A pandas DataFrame of ``rows``; a one-line error when pandas is not installed."""
    try:
        import pandas  # type: ignore[import-untyped,import-not-found,unused-ignore]  # optional extra
    except ImportError:
        raise CostcalcError("to_dataframe needs pandas: pip install 'costcalc[notebook]'") from None
    return pandas.DataFrame(rows)
