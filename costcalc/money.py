"""Exact arithmetic settings and the one place where money is rounded for display.

All cost maths runs in ``EXACT`` (34 significant digits, never a float). Figures
are rounded only by the helpers here, half-up to cents, as AWS's worked examples do.
"""

from __future__ import annotations

import decimal
from collections.abc import Callable
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from functools import wraps
from typing import ParamSpec, TypeVar

EXACT = decimal.Context(
    prec=34,
    rounding=decimal.ROUND_HALF_EVEN,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)

CENT = Decimal("0.01")
ZERO = Decimal(0)

P = ParamSpec("P")
R = TypeVar("R")


def exact(func: Callable[P, R]) -> Callable[P, R]:
    """Run ``func`` in the exact decimal context, whatever the caller's context is."""

    @wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with decimal.localcontext(EXACT):
            return func(*args, **kwargs)

    return wrapper


SETTLED = Decimal("1e-12")


def settle(amount: Decimal) -> Decimal:
    """An amount to a trillionth of a dollar, for comparing two costs.

    Figures are exact to 34 significant digits, but a per-day rate over a
    730-hour month, or a shared charge split by usage, does not end in decimal;
    two routes to the same cost can then differ around the 30th digit. Below a
    trillionth of a dollar that is arithmetic, not a change in cost.
    """
    return amount.quantize(SETTLED, rounding=decimal.ROUND_HALF_EVEN, context=EXACT)


def to_cents(amount: Decimal) -> Decimal:
    """Round a money amount half-up to whole cents."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def format_money(amount: Decimal) -> str:
    """Format dollars for people: ``$1,234.56``; a positive amount under half a cent is ``<$0.01``."""
    if ZERO < amount < Decimal("0.005"):
        return "<$0.01"
    return f"${to_cents(amount):,.2f}"


def format_rate(rate: Decimal) -> str:
    """Format a unit price with all its significant digits and at least cents: ``$0.0000166667``."""
    text = plain(rate)
    whole, _, fraction = text.partition(".")
    return f"${whole}.{fraction.ljust(2, '0')}"


def format_quantity(value: Decimal, places: int = 2) -> str:
    """Format a quantity with thousands separators; decimals (at most ``places``) only below 1,000.

    A positive quantity too small to show at ``places`` is ``<0.01`` (never ``0``, nor ``-0``).
    """
    if abs(value) >= 1000:
        places = 0
    rounded = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if rounded == 0 and value != 0:
        return f"{'-' if value < 0 else ''}<{Decimal(1).scaleb(-places)}"
    rounded = abs(rounded) if rounded == 0 else rounded
    if rounded == rounded.to_integral_value():
        return f"{rounded:,.0f}"
    return f"{rounded:,.{places}f}".rstrip("0")


PRECISION = 34
"""Significant digits of every figure: ``EXACT``'s precision."""
DATA_PLACES = Decimal("1e-12")
"""Where a figure does not end in decimal, JSON and CSV write it to 12 decimal places."""


def plain(value: Decimal) -> str:
    """Decimal text without exponent or trailing zeros: ``0.0000002``, ``730``, exactly as computed.

    A figure that fills all 34 significant digits did not end in decimal (a
    per-day rate over a 730-hour month, a share of a split charge): its last
    digits are rounding, so it is written to 12 decimal places instead, once,
    here. Every figure that does end (prices, totals of exact prices) prints in full.
    """
    if len(value.as_tuple().digits) >= PRECISION and value.adjusted() < PRECISION - 12:
        value = value.quantize(DATA_PLACES, rounding=ROUND_HALF_EVEN, context=EXACT)
    text = f"{value:f}"  # never rounds, whatever the size
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def brief(value: Decimal, digits: int = 20) -> str:
    """``plain`` for numbers of up to ``digits`` digits, scientific beyond: an error never prints a novel."""
    text = plain(value) if value.adjusted() < digits and -digits < value.adjusted() else ""
    return text if text and len(text) <= digits + 2 else f"{value:.6E}"


def format_percent(value: Decimal) -> str:
    """A percentage to one decimal, half-up: ``27.9%``."""
    return f"{value.quantize(Decimal('0.1'), rounding=ROUND_HALF_UP):,}%"


def format_ratio(ratio: Decimal) -> str:
    """Format how many times cheaper: ``57x`` from ten up, else one decimal (``3.2x``)."""
    if ratio >= 10**15:
        return f"more than {10**15:,}x"  # a near-zero cost on one side: digits beyond this say nothing
    if ratio >= 10:
        return f"{ratio.quantize(Decimal(1), rounding=ROUND_HALF_UP):,}x"
    return f"{ratio.quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}x"
