"""``costcalc breakeven``: the break-even analysis of a workload, on its own.

Kept apart from the solver so a plain ``compare`` does not load it.
"""

from __future__ import annotations

from dataclasses import dataclass

from costcalc.catalog.model import PricingTable
from costcalc.errors import InputError
from costcalc.model.breakeven import BreakEven
from costcalc.model.comparison import Comparison, compare
from costcalc.model.workload import Workload
from costcalc.notebook import NotebookView


@dataclass(frozen=True, slots=True)
class BreakEvenReport(NotebookView):
    """``costcalc breakeven``: the break-even analysis of one workload against each server option."""

    comparison: Comparison
    """The comparison at today's load that the analysis starts from."""

    __repr__ = NotebookView.__repr__  # one line, not the dataclass's dump of every field

    @property
    def analyses(self) -> tuple[BreakEven, ...]:
        """One analysis per server option."""
        return self.comparison.break_even


def breakeven(workload: Workload, table: PricingTable) -> BreakEvenReport:
    """Where Lambda and each server option of ``workload`` cost the same (``costcalc breakeven``).

    Refuses a scheduled fleet: the solver crosses a fixed fleet's staircase, and a schedule has none.
    """
    if workload.scheduled:
        raise InputError("scaling", "break-even is solved for fixed fleets only; use --scaling fixed")
    if workload.break_even_unsolved:
        raise InputError(
            "provisioned_concurrency",
            "break-even is not solved for provisioned concurrency under a traffic shape; drop one of them",
        )
    return BreakEvenReport(compare(workload, table))
