"""Views of results: output formats, and the one dispatch from a result and a format to its view.

Every result type has a view in every format. A format is a class of
``Views`` (``terminal.TableViews``, ``markdown.MarkdownViews``,
``data.CsvViews``, ``data.DocumentViews``, ``data.RowViews``) with one method
per result type; ``dispatch`` picks the method by the result's class, and mypy
checks both that each class of views covers every result type and that the
dispatch covers every member of ``Result``. Result classes are imported only as
they are tested, and each format's module only when it is used, so a plain
compare loads the code of the one view it prints.
"""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, NoReturn, Protocol, TypeVar, Union

if TYPE_CHECKING:
    from rich.console import RenderableType

    from costcalc.catalog.review import PricingDiff
    from costcalc.model.breakeven_report import BreakEvenReport
    from costcalc.model.compare_many import BatchComparison
    from costcalc.model.comparison import Comparison
    from costcalc.model.sweeps import Sweep
    from costcalc.workload_files.check import CheckReport
    from costcalc.workload_files.diff import CostDiff
    from costcalc.workload_files.profile import ProfileComparison

Result = Union[
    "Comparison",
    "ProfileComparison",
    "BreakEvenReport",
    "Sweep",
    "BatchComparison",
    "CheckReport",
    "CostDiff",
    "PricingDiff",
]
"""Every result a view can be made of."""

T_co = TypeVar("T_co", covariant=True)


class OutputFormat(str, Enum):
    """How a result is written to stdout."""

    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    MARKDOWN = "markdown"


class Views(Protocol[T_co]):
    """One format's view of every result type."""

    def comparison(self, result: Comparison) -> T_co: ...  # noqa: D102

    def profile(self, result: ProfileComparison) -> T_co: ...  # noqa: D102

    def breakeven(self, result: BreakEvenReport) -> T_co: ...  # noqa: D102

    def sweep(self, result: Sweep) -> T_co: ...  # noqa: D102

    def batch(self, result: BatchComparison) -> T_co: ...  # noqa: D102

    def check(self, result: CheckReport) -> T_co: ...  # noqa: D102

    def diff(self, result: CostDiff) -> T_co: ...  # noqa: D102

    def pricing_diff(self, result: PricingDiff) -> T_co: ...  # noqa: D102


T = TypeVar("T")


def dispatch(result: Result, views: Views[T]) -> T:
    """``views``' method for ``result``'s class; each class is imported only when it is tested."""
    from costcalc.model.comparison import Comparison

    if isinstance(result, Comparison):
        return views.comparison(result)
    from costcalc.model.sweeps import Sweep

    if isinstance(result, Sweep):
        return views.sweep(result)
    from costcalc.model.breakeven_report import BreakEvenReport

    if isinstance(result, BreakEvenReport):
        return views.breakeven(result)
    from costcalc.model.compare_many import BatchComparison

    if isinstance(result, BatchComparison):
        return views.batch(result)
    from costcalc.workload_files.profile import ProfileComparison

    if isinstance(result, ProfileComparison):
        return views.profile(result)
    from costcalc.workload_files.check import CheckReport

    if isinstance(result, CheckReport):
        return views.check(result)
    from costcalc.workload_files.diff import CostDiff

    if isinstance(result, CostDiff):
        return views.diff(result)
    from costcalc.catalog.review import PricingDiff

    if isinstance(result, PricingDiff):
        return views.pricing_diff(result)
    return _unknown(result)


def _unknown(result: NoReturn) -> NoReturn:
    # mypy proves this unreachable: ``result`` has been narrowed to no type at all.
    raise TypeError(f"no views of {type(result).__name__}")


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
    return _unknown(fmt)
