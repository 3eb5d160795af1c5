"""Output formats, and the one dispatch from a result and a format to its renderer.

Renderers are named as ``module:function`` and imported only when used, so a
run loads the code of the one view it prints.
"""

from __future__ import annotations

import importlib
from enum import Enum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import RenderableType


class OutputFormat(str, Enum):
    """How a result is written to stdout."""

    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    MARKDOWN = "markdown"


_JSON = "costcalc.render_data:to_json"
RENDERERS: dict[str, dict[OutputFormat, str]] = {
    "Comparison": {
        OutputFormat.TABLE: "costcalc.render_table:comparison_table",
        OutputFormat.JSON: _JSON,
        OutputFormat.CSV: "costcalc.render_data:comparison_csv",
        OutputFormat.MARKDOWN: "costcalc.render_markdown:comparison_markdown",
    },
    "ProfileComparison": {
        OutputFormat.TABLE: "costcalc.render_table:profile_table",
        OutputFormat.JSON: _JSON,
        OutputFormat.CSV: "costcalc.render_data:profile_csv",
        OutputFormat.MARKDOWN: "costcalc.render_markdown:profile_markdown",
    },
    "BreakEvenReport": {
        OutputFormat.TABLE: "costcalc.render_table:breakeven_table",
        OutputFormat.JSON: _JSON,
        OutputFormat.CSV: "costcalc.render_data:breakeven_csv",
        OutputFormat.MARKDOWN: "costcalc.render_markdown:breakeven_markdown",
    },
    "Sweep": {
        OutputFormat.TABLE: "costcalc.render_table:sweep_table",
        OutputFormat.JSON: _JSON,
        OutputFormat.CSV: "costcalc.render_data:sweep_csv",
        OutputFormat.MARKDOWN: "costcalc.render_markdown:sweep_markdown",
    },
    "PricingDiff": {
        OutputFormat.TABLE: "costcalc.render_pricing:pricing_diff_table",
        OutputFormat.JSON: _JSON,
        OutputFormat.CSV: "costcalc.render_data:pricing_diff_csv",
        OutputFormat.MARKDOWN: "costcalc.render_pricing:pricing_diff_markdown",
    },
    "CheckReport": {
        OutputFormat.TABLE: "costcalc.render_check:check_table",
        OutputFormat.JSON: _JSON,
        OutputFormat.CSV: "costcalc.render_data:check_csv",
        OutputFormat.MARKDOWN: "costcalc.render_check:check_markdown",
    },
    "CostDiff": {
        OutputFormat.TABLE: "costcalc.render_diff:diff_table",
        OutputFormat.JSON: _JSON,
        OutputFormat.CSV: "costcalc.render_data:diff_csv",
        OutputFormat.MARKDOWN: "costcalc.render_diff:diff_markdown",
    },
}


def render(result: Any, fmt: OutputFormat) -> RenderableType:
    """``result`` in ``fmt``: a rich renderable for ``table``, else a string."""
    module, _, function = RENDERERS[type(result).__name__][fmt].partition(":")
    rendered: RenderableType = getattr(importlib.import_module(module), function)(result)
    return rendered
