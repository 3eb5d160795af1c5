"""Views of results: the output formats, and ``render`` from a result and a format to what is printed.

Each format's module is imported only when it is used, so a plain compare
loads the code of the one view it prints. How a result finds its view is
``render.views``.
"""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING

from costcalc.render.views import Result, dispatch, unreachable

if TYPE_CHECKING:
    from rich.console import RenderableType


class OutputFormat(str, Enum):
    """How a result is written to stdout."""

    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    MARKDOWN = "markdown"


def render(result: Result, fmt: OutputFormat, *, explain: bool = False) -> RenderableType:
    """``result`` in ``fmt``: a rich renderable for ``table``, else a string.

    ``explain`` adds the formula trace behind every figure (``compare --explain``).
    """
    if fmt is OutputFormat.TABLE:
        from costcalc.render.terminal import TableViews

        return dispatch(result, TableViews(explain))
    if fmt is OutputFormat.MARKDOWN:
        from costcalc.render.markdown import MarkdownViews

        return dispatch(result, MarkdownViews(explain))
    if fmt is OutputFormat.CSV:
        from costcalc.render.data import CsvViews

        return dispatch(result, CsvViews())
    if fmt is OutputFormat.JSON:
        from costcalc.render.data import to_json

        return to_json(result, explain=explain)
    return unreachable(fmt)


__all__ = ["OutputFormat", "Result", "render"]
