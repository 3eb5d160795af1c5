"""The rule that sizes a fleet: the fewest instances whose usable vCPUs carry a load.

One formula for the always-on fleet (``server_cost``) and the scheduled one (``traffic``),
kept apart so that neither imports the other to share it.
"""

from __future__ import annotations

from decimal import Decimal


def instances_needed(load: Decimal, usable: Decimal, minimum: Decimal) -> Decimal:
    """max(minimum, ceil(load / usable vCPUs)): the sizing rule, in one place.

    ``load`` is the peak CPU demand over the target utilization: the vCPUs a fleet must have.
    """
    count, part = divmod(load, usable)
    if part:
        count += 1
    return count if count > minimum else minimum
