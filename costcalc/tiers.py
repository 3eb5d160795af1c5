"""Charging a monthly quantity against volume tiers (Lambda GB-seconds, API Gateway requests)."""

from __future__ import annotations

from decimal import Decimal

from costcalc.money import EXACT, plain
from costcalc.prices import Tier
from costcalc.results import ChargePart


def charge_tiers(quantity: Decimal, tiers: tuple[Tier, ...], unit: str) -> tuple[ChargePart, ...]:
    """Split ``quantity`` across the tiers' bands; one part per band used, always at least one."""
    parts: list[ChargePart] = []
    lower = Decimal(0)
    for index, tier in enumerate(tiers):
        upper = tier.up_to
        in_band = quantity - lower if upper is None else min(quantity, upper) - lower
        if in_band <= 0 and parts:
            break
        in_band = max(in_band, Decimal(0))
        label = _band_label(index, lower, upper, len(tiers))
        parts.append(ChargePart(label, in_band, unit, tier.price, EXACT.multiply(in_band, tier.price.amount)))
        if upper is None or quantity <= upper:
            break
        lower = upper
    return tuple(parts)


def _band_label(index: int, lower: Decimal, upper: Decimal | None, count: int) -> str:
    if count == 1:
        return "all"
    if upper is None:
        return f"tier {index + 1} (over {plain(lower)})"
    return f"tier {index + 1} ({plain(lower)} to {plain(upper)})"
