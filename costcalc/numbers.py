"""Reading the numbers people write: plain ASCII decimal text, bounded in length and range.

``Decimal()`` takes what nobody means in a flag or a YAML file: other scripts'
digits (``'١٢'`` is 12 to it), ``NaN`` and ``Infinity``, and exponents so large
that writing the number out again costs gigabytes. Every number from a flag, a
workload file, a price table or a saved check goes through ``parse_decimal``,
so nothing downstream meets one of those.
"""

from __future__ import annotations

import re
from decimal import Decimal

MAX_TEXT = 100
"""Characters in one number: far more than any price, rate or size needs."""
MAX_EXPONENT = 100
"""Numbers from 1e-100 to 1e100 (and zero): beyond them a figure is a typo, and costly to print."""
_NUMBER = re.compile(
    r"[+-]?(?:[0-9](?:_?[0-9])*(?:\.(?:[0-9](?:_?[0-9])*)?)?|\.[0-9](?:_?[0-9])*)(?:[eE][+-]?[0-9]+)?"
)


_NOT_FINITE = ("nan", "snan", "inf", "infinity", ".nan", ".inf")  # YAML spells them .nan and .inf


class NumberError(ValueError):
    """Text that is not a number costcalc accepts; the message says why, in a few words."""


def shown(text: str, limit: int = 40) -> str:
    """``text`` quoted for an error message: control characters escaped, at most ``limit`` characters."""
    if len(text) > limit:
        return repr(text[:limit])[:-1] + "...'"
    return repr(text)


def parse_decimal(text: str) -> Decimal:
    """An exact ``Decimal`` from ASCII decimal text such as ``12``, ``-0.5``, ``1e6`` or ``1_000``."""
    text = text.strip()
    if len(text) > MAX_TEXT:
        raise NumberError(f"expected a number of at most {MAX_TEXT} characters, got {shown(text)}")
    if not _NUMBER.fullmatch(text):
        if text.lower().lstrip("+-") in _NOT_FINITE:
            raise NumberError(f"expected a finite number, got {shown(text)}")
        if not text.isascii():
            raise NumberError(f"expected a number in ASCII digits, got {shown(text)}")
        raise NumberError(f"expected a number, got {shown(text)}")
    return in_range(Decimal(text), text)


def in_range(value: Decimal, text: str | None = None) -> Decimal:
    """``value`` itself, when it is finite and zero or between 1e-100 and 1e100 in size."""
    if not value.is_finite():
        raise NumberError(f"expected a finite number, got {shown(text or str(value))}")
    if value and not -MAX_EXPONENT <= value.adjusted() <= MAX_EXPONENT:
        raise NumberError(f"{shown(text or f'{value:.6E}')} is out of range (1e-100 to 1e100)")
    return value
