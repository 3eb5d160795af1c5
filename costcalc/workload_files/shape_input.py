"""A workload's traffic shape from what a user gives: ``--hourly`` weights or a ``--traffic`` file.

The model takes a built ``TrafficShape``; reading files and splitting flag text happen here, at
the input boundary, and only when a shape is given (so a plain ``compare`` imports none of it).
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from costcalc.errors import InputError
from costcalc.model.traffic import TrafficShape
from costcalc.model.workload import NumberLike
from costcalc.workload_files.traffic_file import read_traffic


def split_weights(text: str) -> list[str]:
    """``--hourly`` text, ``1,1,2,...``, as its comma-separated values (blanks kept, to be refused)."""
    return [item.strip() for item in text.split(",")]


def shape_from(
    hourly: str | Sequence[NumberLike] | None, traffic: str | None, folder: str = ""
) -> TrafficShape | None:
    """The shape ``hourly`` (weights: flag text or a list) or ``traffic`` (a file) gives; None for neither.

    A relative ``traffic`` path is taken from ``folder`` (a workload file's own folder).
    """
    if hourly is not None and traffic is not None:
        raise InputError("hourly", "give --hourly or --traffic, not both")
    if hourly is not None:
        values = split_weights(hourly) if isinstance(hourly, str) else list(hourly)
        return TrafficShape.from_weights(values)
    if traffic is not None:
        return read_traffic(os.path.join(folder, traffic) if folder else traffic)
    return None
