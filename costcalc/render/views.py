"""How a result finds its view: the ``Result`` types, the ``Views`` protocol, and ``dispatch``.

Every result type has a view in every format. A format is a class of
``Views`` (``terminal.TableViews``, ``markdown.MarkdownViews``,
``data.CsvViews``, ``data.DocumentViews``, ``data.RowViews``) with one method
per result type; ``dispatch`` picks the method by the result's class. mypy
checks both that each class of views covers every result type and that the
dispatch covers every member of ``Result``. Result classes are imported only
as they are tested.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NoReturn, Protocol, TypeVar, Union

if TYPE_CHECKING:
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
    return unreachable(result)


def unreachable(value: NoReturn) -> NoReturn:
    """Never called: mypy proves every case above it covered, narrowing ``value`` to no type at all."""
    raise TypeError(f"no view of {value!r}")
