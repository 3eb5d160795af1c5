"""Output formats, and the one dispatch from a format to its renderer."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import RenderableType

    from costcalc.comparison import Comparison


class OutputFormat(str, Enum):
    """How a result is written to stdout."""

    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    MARKDOWN = "markdown"


def render_comparison(comparison: Comparison, fmt: OutputFormat) -> RenderableType:
    """The comparison in ``fmt``: a rich renderable for ``table``, else a string."""
    if fmt is OutputFormat.TABLE:
        from costcalc.render_table import comparison_table

        return comparison_table(comparison)
    if fmt is OutputFormat.JSON:
        from costcalc.render_data import comparison_json

        return comparison_json(comparison)
    if fmt is OutputFormat.CSV:
        from costcalc.render_data import comparison_csv

        return comparison_csv(comparison)
    if fmt is OutputFormat.MARKDOWN:
        from costcalc.render_markdown import comparison_markdown

        return comparison_markdown(comparison)
    raise AssertionError(f"unhandled format {fmt}")  # pragma: no cover - the enum is exhausted above
