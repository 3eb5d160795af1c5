"""What a workload actually runs on, the option a budget is held against.

``lambda``, ``ec2:<type>``, ``fargate:<task size>`` or ``lambda-managed:<type>``;
any may name how it is bought: ``ec2:m7g.large@savings-plan:compute:1y``,
``ec2:t3.micro@spot``, ``lambda@savings-plan:compute:3y``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from costcalc.model.workload import Workload

LAMBDA = "lambda"
EC2_PREFIX = "ec2:"
OTHER_KINDS = ("fargate", "lambda-managed")
"""Kinds whose deploy target is ``<kind>:<size or type>``."""


@dataclass(frozen=True, slots=True)
class Deploy:
    """What a workload actually runs on, and how it is bought."""

    instance_type: str | None = None
    """The EC2 type; None for every other kind."""
    purchase: str | None = None
    """The purchase option's canonical spec (``reserved:3y:standard:no-upfront``); None on demand."""
    other: str | None = None
    """A Fargate or Managed Instances target, as its option is named: ``fargate:1vcpu-2gb``."""

    @property
    def on_lambda(self) -> bool:
        """Whether it runs on plain Lambda (on demand or under a Compute Savings Plan)."""
        return self.instance_type is None and self.other is None

    @property
    def name(self) -> str:
        """The option name it matches, with ``@<purchase>`` if bought so."""
        base = self.other or (LAMBDA if self.instance_type is None else f"{EC2_PREFIX}{self.instance_type}")
        return f"{base}@{self.purchase}" if self.purchase else base

    @classmethod
    def parse(cls, text: str) -> Deploy:
        """``lambda``, ``ec2:<type>``, ``fargate:<size>`` or ``lambda-managed:<type>``, each optionally
        ``@<purchase>``; raises ``ValueError`` otherwise."""
        target, at, spec = text.partition("@")
        target = target.strip().lower()
        purchase = None
        if at:
            from costcalc.catalog.purchase import Purchase

            bought = Purchase.parse(spec)
            if target == LAMBDA and not bought.covers_lambda:
                raise ValueError(f"only a Compute Savings Plan applies to Lambda, got {text!r}")
            if target.startswith("fargate:") and not (bought.on_demand or bought.covers_lambda):
                raise ValueError(f"Fargate is bought on demand or under a Compute Savings Plan, got {text!r}")
            purchase = None if bought.on_demand else bought.spec
        if target == LAMBDA:
            return cls(None, purchase)
        kind, _, what = target.partition(":")
        if kind in OTHER_KINDS and what:
            return cls(None, purchase, target)
        if target.startswith(EC2_PREFIX) and len(target) > len(EC2_PREFIX):
            return cls(target[len(EC2_PREFIX) :], purchase)
        raise ValueError(f"expected lambda or ec2:<instance type>[@<purchase>], got {text!r}")

    def asked_of(self, workload: Workload) -> Workload:
        """``workload`` with what it takes to price this target: its kind, purchase, size or type."""
        changes: dict[str, object] = {}
        if self.purchase and self.purchase not in workload.purchases:
            changes["purchases"] = (*workload.purchases, self.purchase)
        if self.other is not None:
            kind, _, what = self.other.partition(":")
            if kind not in workload.kinds:
                changes["options"] = (*workload.kinds, kind)
            changes["task_size" if kind == "fargate" else "managed_instance"] = what
        return dataclasses.replace(workload, **changes) if changes else workload  # type: ignore[arg-type]
