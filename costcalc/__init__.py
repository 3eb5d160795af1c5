"""costcalc: should this workload run on AWS Lambda or on always-on servers, and what does each cost?

The calculator (``compare``, ``load_pricing``, ``Workload``) is imported at once;
workload files, budget checks and diffs load on first use, so the command line
starts fast.
"""

from __future__ import annotations

__version__ = "0.1.0"

from typing import TYPE_CHECKING, Any

from costcalc.comparison import Comparison, compare
from costcalc.errors import CheckFailed, CostcalcError, FileFormatError, InputError, PricingError
from costcalc.prices import ApiGatewayKind, Arch, PricingTable
from costcalc.pricing_tables import bundled_names, load_pricing
from costcalc.results import CostOption, LineItem, OptionKind
from costcalc.workload import Workload

if TYPE_CHECKING:
    from costcalc.batch import BatchComparison, compare_many
    from costcalc.breakeven_report import BreakEvenReport, breakeven
    from costcalc.budgets import Budget, BudgetResult, Status
    from costcalc.cost_diff import CostDiff, diff
    from costcalc.lambda_cost import account_lambda_costs
    from costcalc.profiles import CheckReport, ProfileComparison, check, compare_profile
    from costcalc.sweeps import Sweep, sweep
    from costcalc.workload_file import WorkloadFile, load_workload_file

_LAZY = {
    "BatchComparison": "costcalc.batch",
    "compare_many": "costcalc.batch",
    "BreakEvenReport": "costcalc.breakeven_report",
    "breakeven": "costcalc.breakeven_report",
    "Sweep": "costcalc.sweeps",
    "sweep": "costcalc.sweeps",
    "Budget": "costcalc.budgets",
    "BudgetResult": "costcalc.budgets",
    "Status": "costcalc.budgets",
    "CostDiff": "costcalc.cost_diff",
    "diff": "costcalc.cost_diff",
    "account_lambda_costs": "costcalc.lambda_cost",
    "CheckReport": "costcalc.profiles",
    "ProfileComparison": "costcalc.profiles",
    "check": "costcalc.profiles",
    "compare_profile": "costcalc.profiles",
    "WorkloadFile": "costcalc.workload_file",
    "load_workload_file": "costcalc.workload_file",
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
    "sweep",
]
