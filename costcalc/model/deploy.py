"""What a workload actually runs on: ``lambda`` or ``ec2:<type>``, the option a budget is held against."""

from __future__ import annotations

from dataclasses import dataclass

LAMBDA = "lambda"
EC2_PREFIX = "ec2:"


@dataclass(frozen=True, slots=True)
class Deploy:
    """What a workload actually runs on: ``lambda`` or ``ec2:<type>``."""

    instance_type: str | None = None
    """None for Lambda."""

    @property
    def name(self) -> str:
        """The option name it matches: ``lambda`` or ``ec2:<type>``."""
        return LAMBDA if self.instance_type is None else f"{EC2_PREFIX}{self.instance_type}"

    @classmethod
    def parse(cls, text: str) -> Deploy:
        """``lambda`` or ``ec2:<type>``; raises ``ValueError`` otherwise."""
        if text == LAMBDA:
            return cls()
        if text.startswith(EC2_PREFIX) and len(text) > len(EC2_PREFIX):
            return cls(text[len(EC2_PREFIX) :])
        raise ValueError(f"expected lambda or ec2:<instance type>, got {text!r}")
