"""How capacity is bought: on demand, Spot, a Reserved Instance or a Savings Plan.

A ``Purchase`` is parsed from the spec users write (``--purchase
reserved:3y:standard:all-upfront``, ``deploy: ec2:m7g.large@spot``) and names
the rate a price table holds for it: the key under ``ec2.commitments.<region>``
(and, for a Compute Savings Plan, under ``lambda.regions.<region>.savings_plans``).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from costcalc.units import HOURS_PER_MONTH

ON_DEMAND = "on-demand"
SPOT = "spot"
RESERVED = "reserved"
SAVINGS_PLAN = "savings-plan"
KINDS = (ON_DEMAND, SPOT, RESERVED, SAVINGS_PLAN)
TERMS = {"1y": 12, "3y": 36, "1yr": 12, "3yr": 36}
"""Term spellings and their months (the Price List writes ``1yr``)."""
CLASSES = ("standard", "convertible")
PAYMENTS = ("no-upfront", "partial-upfront", "all-upfront")
PLANS = ("compute", "ec2-instance")
SECTIONS = {SPOT: "spot", RESERVED: "reserved", SAVINGS_PLAN: "savings_plans"}
"""The price-table section under ``ec2.commitments.<region>`` that holds each kind's rates."""

SPEC_HELP = (
    "on-demand, spot, reserved:1y|3y[:standard|convertible][:no-upfront|partial-upfront|all-upfront], "
    "or savings-plan:compute|ec2-instance:1y|3y[:no-upfront|partial-upfront|all-upfront]"
)


class CommitmentRate(NamedTuple):
    """What one instance-hour costs under a purchase option, and how it is paid."""

    effective: Decimal
    """Per instance-hour, any upfront fee spread over the term's hours."""
    recurring: Decimal | None
    """The hourly charge without the upfront fee; None where only the effective rate is known."""
    upfront: Decimal | None
    """The fee per instance paid once for the term; None where it is not known apart."""
    term_months: int | None
    interruption: str | None = None
    """Spot only: the band of how often AWS reclaims the capacity in a month (``<5%``)."""
    on_demand: Decimal | None = None
    """The on-demand hourly price it discounts, where the table has it."""


@dataclass(frozen=True, slots=True)
class Purchase:
    """One way of buying instance-hours; ``Purchase()`` is on demand."""

    kind: str = ON_DEMAND
    term_months: int | None = None
    """12 or 36 for a commitment; None on demand and on Spot."""
    offering_class: str | None = None
    """A Reserved Instance's class: standard or convertible."""
    plan: str | None = None
    """A Savings Plan's kind: compute (EC2, Fargate and Lambda) or ec2-instance (one family, one region)."""
    payment: str | None = None
    """no-upfront, partial-upfront or all-upfront, for a commitment."""

    @property
    def on_demand(self) -> bool:
        """Whether this is plain on-demand capacity."""
        return self.kind == ON_DEMAND

    @property
    def term(self) -> str:
        """``1y`` or ``3y`` (empty without a term)."""
        return f"{self.term_months // 12}y" if self.term_months else ""

    @property
    def spec(self) -> str:
        """The canonical spec, every default filled in: ``reserved:1y:standard:no-upfront``."""
        return ":".join((self.kind, *self._parts()))

    @property
    def label(self) -> str:
        """The spec in words, as an option shows it: ``savings-plan compute 1y no-upfront``."""
        return " ".join((self.kind, *self._parts()))

    @property
    def rate_key(self) -> str:
        """The key in its price-table section: ``1y standard no-upfront``, ``compute 3y all-upfront``."""
        return " ".join(self._parts())

    @property
    def section(self) -> str:
        """The price-table section holding this kind's rates (empty on demand)."""
        return SECTIONS.get(self.kind, "")

    @property
    def covers_lambda(self) -> bool:
        """A Compute Savings Plan also discounts Lambda's duration; nothing else here does."""
        return self.plan == "compute"

    @property
    def term_hours(self) -> Decimal:
        """Hours in the term, at 730 a month: what an upfront fee is spread over."""
        return Decimal(self.term_months or 0) * HOURS_PER_MONTH

    def _parts(self) -> tuple[str, ...]:
        if self.kind == RESERVED:
            return (self.term, self.offering_class or "", self.payment or "")
        if self.kind == SAVINGS_PLAN:
            return (self.plan or "", self.term, self.payment or "")
        return ()

    @classmethod
    def parse(cls, text: str) -> Purchase:
        """A purchase from its spec, case-insensitive; raises ``ValueError`` with the reason."""
        if not isinstance(text, str):
            raise ValueError(f"expected a purchase option such as spot or reserved:1y, got {text!r}")
        kind, *parts = [part.strip() for part in text.strip().lower().split(":")]
        if kind in (ON_DEMAND, SPOT):
            if parts:
                raise ValueError(f"{kind} takes no options, got {text.strip()!r}")
            return cls(kind)
        if kind == RESERVED:
            term, rest = _term(parts, text)
            offering_class = _one_of(rest, CLASSES, "class", text) or "standard"
            payment = _one_of(rest, PAYMENTS, "payment", text) or "no-upfront"
            _nothing_left(rest, text, (*CLASSES, *PAYMENTS))
            return cls(RESERVED, term, offering_class=offering_class, payment=payment)
        if kind == SAVINGS_PLAN:
            if not parts or parts[0] not in PLANS:
                got = repr(parts[0]) if parts else "nothing"
                raise ValueError(f"expected a plan of {' or '.join(PLANS)} after savings-plan:, got {got}")
            term, rest = _term(parts[1:], text)
            payment = _one_of(rest, PAYMENTS, "payment", text) or "no-upfront"
            _nothing_left(rest, text, PAYMENTS)
            return cls(SAVINGS_PLAN, term, plan=parts[0], payment=payment)
        from costcalc.errors import did_you_mean

        hint = did_you_mean(kind, KINDS)
        raise ValueError(f"unknown purchase option {text.strip()!r}{hint}; expected {SPEC_HELP}")


def _term(parts: list[str], text: str) -> tuple[int, list[str]]:
    if not parts or parts[0] not in TERMS:
        got = repr(parts[0]) if parts else "nothing"
        raise ValueError(f"expected a term of 1y or 3y in {text.strip()!r}, got {got}")
    return TERMS[parts[0]], parts[1:]


def _one_of(parts: list[str], choices: tuple[str, ...], what: str, text: str) -> str | None:
    found = [part for part in parts if part in choices]
    if len(found) > 1:
        raise ValueError(f"more than one {what} in {text.strip()!r}: {', '.join(found)}")
    if found:
        parts.remove(found[0])
        return found[0]
    return None


def _nothing_left(parts: list[str], text: str, allowed: tuple[str, ...]) -> None:
    if parts:
        raise ValueError(
            f"unknown part {parts[0]!r} in {text.strip()!r}; expected one of {', '.join(allowed)}"
        )


ON_DEMAND_PURCHASE = Purchase()
