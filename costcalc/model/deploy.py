"""What a workload actually runs on: ``lambda`` or ``ec2:<type>``, the option a budget is held against.

Either may name how it is bought: ``ec2:m7g.large@savings-plan:compute:1y``, ``ec2:t3.micro@spot``,
``lambda@savings-plan:compute:3y``.
"""

from __future__ import annotations

from dataclasses import dataclass

LAMBDA = "lambda"
EC2_PREFIX = "ec2:"


@dataclass(frozen=True, slots=True)
class Deploy:
    """What a workload actually runs on: ``lambda`` or ``ec2:<type>``, and how it is bought."""

    instance_type: str | None = None
    """None for Lambda."""
    purchase: str | None = None
    """The purchase option's canonical spec (``reserved:3y:standard:no-upfront``); None on demand."""

    @property
    def name(self) -> str:
        """The option name it matches: ``lambda`` or ``ec2:<type>``, with ``@<purchase>`` if bought so."""
        base = LAMBDA if self.instance_type is None else f"{EC2_PREFIX}{self.instance_type}"
        return f"{base}@{self.purchase}" if self.purchase else base

    @classmethod
    def parse(cls, text: str) -> Deploy:
        """``lambda`` or ``ec2:<type>``, each optionally ``@<purchase>``; raises ``ValueError`` otherwise."""
        target, at, spec = text.partition("@")
        purchase = None
        if at:
            from costcalc.catalog.purchase import Purchase

            bought = Purchase.parse(spec)
            if target == LAMBDA and not bought.covers_lambda:
                raise ValueError(f"only a Compute Savings Plan applies to Lambda, got {text!r}")
            purchase = None if bought.on_demand else bought.spec
        if target == LAMBDA:
            return cls(None, purchase)
        if target.startswith(EC2_PREFIX) and len(target) > len(EC2_PREFIX):
            return cls(target[len(EC2_PREFIX) :].lower(), purchase)
        raise ValueError(f"expected lambda or ec2:<instance type>[@<purchase>], got {text!r}")
