"""``costcalc breakeven``: the break-even analysis of a workload, on its own.

Kept apart from the solver so a plain ``compare`` does not load it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from costcalc.breakeven_solver import BreakEven
from costcalc.comparison import Comparison, compare
from costcalc.notebook import NotebookView
from costcalc.prices import PricingTable
from costcalc.workload import Workload


@dataclass(frozen=True, slots=True)
class BreakEvenReport(NotebookView):
    """``costcalc breakeven``: the break-even analysis of one workload against each server option."""

    comparison: Comparison
    """The comparison at today's load that the analysis starts from."""

    @property
    def analyses(self) -> tuple[BreakEven, ...]:
        """One analysis per server option."""
        return self.comparison.break_even

    def table_title(self) -> str:
        """What is analysed."""
        return f"Break-even against {', '.join(a.option for a in self.analyses)}"

    def table_rows(self) -> list[dict[str, Any]]:
        """One row per crossing, exact decimals."""
        return [
            {
                "option": c.option,
                "requests_per_day": c.requests_per_day,
                "requests_per_second": c.requests_per_second,
                "load_multiple": c.load_multiple,
                "lambda_cheaper_below": c.lambda_cheaper_below,
            }
            for a in self.analyses
            for c in a.crossings
        ]

    def lines(self) -> list[str]:
        """Every crossing, or what is cheaper throughout, one line each."""
        return [line for analysis in self.analyses for line in analysis.describe()]

    def to_dict(self) -> dict[str, Any]:
        """The JSON document ``breakeven --format json`` prints."""
        data = self.comparison.to_dict()
        keep = ("schema_version", "currency", "pricing", "workload", "break_even", "break_even_notes")
        return {key: data[key] for key in keep}


def breakeven(workload: Workload, pricing: PricingTable | str = "aws") -> BreakEvenReport:
    """Where Lambda and each server option of ``workload`` cost the same (``costcalc breakeven``)."""
    return BreakEvenReport(compare(workload, pricing))
