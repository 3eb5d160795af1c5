"""costcalc: should this workload run on AWS Lambda or on always-on servers, and what does each cost?

This module is the library's front door. ``compare``, ``sweep``, ``breakeven``,
``compare_many`` and ``plot`` take a price table or its name (a bundled name, an alias
such as ``aws``, or a YAML path): a name is loaded here, and the model below
works on loaded tables only. The calculator (``compare``, ``load_pricing``,
``Workload``) is imported at once; everything else loads on first use, so the
command line starts fast.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from costcalc.collector import collector_paused

with collector_paused():  # tens of thousands of objects, no garbage: about 2 ms of every command's start
    from costcalc._version import __version__
    from costcalc.catalog.bundled import bundled_names, load_pricing
    from costcalc.catalog.model import ApiGatewayKind, Arch, PricingTable
    from costcalc.errors import CheckFailed, CostcalcError, FileFormatError, InputError, PricingError
    from costcalc.model.comparison import Comparison
    from costcalc.model.results import CostOption, LineItem, OptionKind
    from costcalc.model.workload import NumberLike, Workload

if TYPE_CHECKING:
    from matplotlib.figure import Figure  # type: ignore[import-not-found,unused-ignore]  # optional extra

    from costcalc.model.breakeven_report import BreakEvenReport
    from costcalc.model.budgets import Budget, BudgetResult, Status
    from costcalc.model.compare_many import BatchComparison
    from costcalc.model.lambda_cost import account_lambda_costs
    from costcalc.model.sweeps import Sweep
    from costcalc.model.traffic import TrafficShape
    from costcalc.workload_files.check import CheckReport, check
    from costcalc.workload_files.diff import CostDiff, diff
    from costcalc.workload_files.profile import ProfileComparison, compare_profile
    from costcalc.workload_files.schema import WorkloadFile, load_workload_file
    from costcalc.workload_files.traffic_file import read_traffic

Pricing = PricingTable | str | os.PathLike[str]
"""A price table, or what names one: a bundled name, an alias (``aws``), or a YAML path."""


def table_of(pricing: Pricing) -> PricingTable:
    """``pricing`` itself when it is a table, else the table it names, loaded and validated."""
    return pricing if isinstance(pricing, PricingTable) else load_pricing(pricing)


def compare(
    workload: Workload, pricing: Pricing = "aws", *, budget: Budget | None = None, deploy: str | None = None
) -> Comparison:
    """Cost ``workload`` on Lambda and on servers.

    With ``budget``, the option run on (``deploy``; default the cheapest) is held against it.
    """
    from costcalc.model.comparison import compare_with_budget

    return compare_with_budget(workload, table_of(pricing), budget, deploy)


def breakeven(workload: Workload, pricing: Pricing = "aws") -> BreakEvenReport:
    """Where Lambda and each server option of ``workload`` cost the same (``costcalc breakeven``)."""
    from costcalc.model.breakeven_report import breakeven as run

    return run(workload, table_of(pricing))


def sweep(
    workload: Workload,
    pricing: Pricing = "aws",
    *,
    rpd_range: tuple[NumberLike, NumberLike] | None = None,
    memory_range: tuple[NumberLike, NumberLike] | None = None,
    points: int = 25,
    ms_at: Mapping[Any, NumberLike] | None = None,
) -> Sweep:
    """Every option's cost at ``points`` request rates (``rpd_range``) or memory sizes (``memory_range``)."""
    from costcalc.model.sweeps import sweep as run

    return run(
        workload,
        table_of(pricing),
        rpd_range=rpd_range,
        memory_range=memory_range,
        points=points,
        ms_at=ms_at,
    )


def compare_many(workloads: Iterable[Workload], pricing: Pricing = "aws") -> BatchComparison:
    """For each workload: Lambda, and the cheapest of its ``instances`` (else of every type that fits)."""
    from costcalc.model.compare_many import compare_many as run

    return run(workloads, table_of(pricing))


def plot(workload: Workload, pricing: Pricing = "aws", points: int = 60) -> Figure:
    """Lambda's and the servers' monthly cost over a range of request rates, break-evens marked.

    A matplotlib ``Figure``, the chart ``costcalc plot --out`` saves: a notebook shows it
    as a cell's value, ``.savefig(path)`` writes it. Needs the plot extra
    (``pip install 'costcalc[plot]'``); without matplotlib it raises ``MissingExtra``.
    """
    from costcalc.model.plot_data import plot_data
    from costcalc.render.chart import figure

    return figure(plot_data(workload, table_of(pricing), points))


_LAZY = {
    "BatchComparison": "costcalc.model.compare_many",
    "BreakEvenReport": "costcalc.model.breakeven_report",
    "Sweep": "costcalc.model.sweeps",
    "Budget": "costcalc.model.budgets",
    "BudgetResult": "costcalc.model.budgets",
    "Status": "costcalc.model.budgets",
    "CostDiff": "costcalc.workload_files.diff",
    "diff": "costcalc.workload_files.diff",
    "account_lambda_costs": "costcalc.model.lambda_cost",
    "CheckReport": "costcalc.workload_files.check",
    "check": "costcalc.workload_files.check",
    "ProfileComparison": "costcalc.workload_files.profile",
    "compare_profile": "costcalc.workload_files.profile",
    "WorkloadFile": "costcalc.workload_files.schema",
    "load_workload_file": "costcalc.workload_files.schema",
    "TrafficShape": "costcalc.model.traffic",
    "read_traffic": "costcalc.workload_files.traffic_file",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'costcalc' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)


__all__ = [
    "ApiGatewayKind",
    "Arch",
    "BatchComparison",
    "BreakEvenReport",
    "Budget",
    "BudgetResult",
    "CheckFailed",
    "CheckReport",
    "Comparison",
    "CostDiff",
    "CostOption",
    "CostcalcError",
    "FileFormatError",
    "InputError",
    "LineItem",
    "OptionKind",
    "PricingError",
    "PricingTable",
    "ProfileComparison",
    "Status",
    "Sweep",
    "TrafficShape",
    "Workload",
    "WorkloadFile",
    "__version__",
    "account_lambda_costs",
    "breakeven",
    "bundled_names",
    "check",
    "compare",
    "compare_many",
    "compare_profile",
    "diff",
    "load_pricing",
    "load_workload_file",
    "plot",
    "read_traffic",
    "sweep",
]
