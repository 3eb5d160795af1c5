"""The data of a day (or week) chart: requests per hour, the fleet per hour, each side's cost per hour.

``costcalc plot`` draws it when the workload has a traffic shape. Lambda's cost in
an hour is its month's cost in proportion to that hour's requests. The servers'
is that hour's instances at the month's average price per instance-hour (which
blends a commitment's base and its on-demand burst), plus the rest of their bill
(front door, logs, transfer) spread evenly over the month's 730 hours.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from costcalc.catalog.model import PricingTable
from costcalc.errors import InputError
from costcalc.model.comparison import Comparison, compare
from costcalc.model.workload import Workload
from costcalc.money import exact
from costcalc.units import HOURS_PER_MONTH, SECONDS_PER_HOUR


@dataclass(frozen=True, slots=True)
class DayPlotData:
    """One value per hour of the shape's day or week."""

    comparison: Comparison
    labels: tuple[str, ...]
    """``14:00``, or ``Tue 02:00`` in a week."""
    requests: tuple[Decimal, ...]
    """Requests in each hour."""
    server: str
    """The server option drawn: the cheapest."""
    fleet: tuple[int, ...]
    """Its instances in each hour."""
    lambda_cost: tuple[Decimal, ...]
    server_cost: tuple[Decimal, ...]


@exact
def day_plot_data(workload: Workload, table: PricingTable) -> DayPlotData:
    """Lambda and the cheapest server option hour by hour over the workload's traffic shape."""
    from costcalc.model.traffic import hour_label

    shape = workload.shape
    if shape is None:
        raise InputError("traffic", "a day chart needs a traffic shape (--hourly or --traffic)")
    result = compare(workload, table)
    if not result.server_options:
        raise InputError("options", "a day chart draws the servers against Lambda: keep ec2 among --option")
    server = min(result.server_options, key=lambda option: option.monthly)
    per_hour = [rate * SECONDS_PER_HOUR for rate in shape.hourly_requests(workload.monthly_requests)]
    fleet = server.hourly_counts or (server.count or 0,) * len(per_hour)
    instances = next(item for item in server.items if item.name == "instances")
    hours = server.instance_hours or instances.quantity
    per_instance_hour = instances.monthly / hours
    rest = (server.monthly - instances.monthly) / HOURS_PER_MONTH
    lam = result.lambda_option.monthly
    return DayPlotData(
        comparison=result,
        labels=tuple(hour_label(h, shape.period) for h in range(len(per_hour))),
        requests=tuple(per_hour),
        server=server.name,
        fleet=tuple(fleet),
        lambda_cost=tuple(lam * n / workload.monthly_requests for n in per_hour),
        server_cost=tuple(count * per_instance_hour + rest for count in fleet),
    )
