"""costcalc: should this workload run on AWS Lambda or on always-on servers, and what does each cost?"""

from __future__ import annotations

__version__ = "0.1.0"

from costcalc.comparison import Comparison, compare
from costcalc.errors import CostcalcError, FileFormatError, InputError, PricingError
from costcalc.prices import ApiGatewayKind, Arch, PricingTable
from costcalc.pricing_tables import bundled_names, load_pricing
from costcalc.results import CostOption, LineItem, OptionKind
from costcalc.workload import Workload

__all__ = [
    "ApiGatewayKind",
    "Arch",
    "Comparison",
    "CostOption",
    "CostcalcError",
    "FileFormatError",
    "InputError",
    "LineItem",
    "OptionKind",
    "PricingError",
    "PricingTable",
    "Workload",
    "__version__",
    "bundled_names",
    "compare",
    "load_pricing",
]
