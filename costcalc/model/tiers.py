"""Charging a monthly quantity against volume tiers (Lambda GB-seconds, API Gateway requests)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from costcalc.catalog.model import Tier
from costcalc.model.results import ChargePart
from costcalc.money import EXACT, format_quantity

ZERO = Decimal(0)


def tier_bands(quantity: Decimal, tiers: Sequence[Tier]) -> list[Decimal]:
    """How much of ``quantity`` falls in each band, up to the band it ends in (always at least one)."""
    bands: list[Decimal] = []
    lower = ZERO
    for tier in tiers:
        upper = tier.up_to
        if upper is None or quantity <= upper:
            bands.append(max(quantity - lower, ZERO))
            break
        bands.append(upper - lower)
        lower = upper
    return bands


def tiered_amount(quantity: Decimal, tiers: Sequence[Tier]) -> Decimal:
    """What ``quantity`` costs across the tiers' bands."""
    return sum(
        (band * tier.price.amount for band, tier in zip(tier_bands(quantity, tiers), tiers, strict=False)),
        ZERO,
    )


def charge_tiers(quantity: Decimal, tiers: tuple[Tier, ...], unit: str) -> tuple[ChargePart, ...]:
    """Split ``quantity`` across the tiers' bands; one part per band used, always at least one."""
    parts: list[ChargePart] = []
    lower = ZERO
    for index, (band, tier) in enumerate(zip(tier_bands(quantity, tiers), tiers, strict=False)):
        label = _band_label(index, lower, tier.up_to, len(tiers), unit)
        parts.append(ChargePart(label, band, unit, tier.price, EXACT.multiply(band, tier.price.amount)))
        lower = tier.up_to if tier.up_to is not None else lower
    return tuple(parts)


def _band_label(index: int, lower: Decimal, upper: Decimal | None, count: int, unit: str) -> str:
    if count == 1:
        return "all"
    if upper is None:
        return f"tier {index + 1} (over {format_quantity(lower)} {unit})"
    return f"tier {index + 1} ({format_quantity(lower)} to {format_quantity(upper)} {unit})"
