"""Numbers as users give them (text, int, float or Decimal), made exact ``Decimal`` once, at the boundary.

Kept apart from ``workload`` so that modules ``Workload`` refers to (``traffic``) can check
numbers the same way without importing it.
"""

from __future__ import annotations

from decimal import Decimal

from costcalc.errors import InputError
from costcalc.numbers import MAX_EXPONENT, NumberError, in_range, parse_decimal

NumberLike = Decimal | int | float | str


def to_decimal(field: str, value: NumberLike) -> Decimal:
    """A finite ``Decimal`` from user input; floats go through ``str`` so 0.7 stays 0.7."""
    if isinstance(value, bool) or not isinstance(value, (Decimal, int, float, str)):
        raise InputError(field, f"expected a number, got {repr(value)[:40]}")
    try:
        if isinstance(value, Decimal):
            return in_range(value)
        if isinstance(value, int) and abs(value) >= 10**MAX_EXPONENT:
            raise NumberError(f"a {value.bit_length()}-bit whole number is out of range (1e-100 to 1e100)")
        return parse_decimal(str(value))
    except NumberError as exc:
        raise InputError(field, str(exc)) from None
