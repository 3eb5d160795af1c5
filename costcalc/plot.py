"""``costcalc plot``: monthly cost against requests per day, with the break-even points marked.

matplotlib (for PNG and SVG files) and plotext (for the terminal) are optional
extras: ``pip install 'costcalc[plot]'``. They are imported only here, and a
missing one is reported in one line with the command that installs it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from costcalc.comparison import Comparison, compare
from costcalc.describe import workload_title
from costcalc.errors import CostcalcError, InputError
from costcalc.money import EXACT, exact
from costcalc.prices import PricingTable
from costcalc.pricing_tables import load_pricing
from costcalc.sweeps import log_spaced
from costcalc.workload import Workload

INSTALL = "pip install 'costcalc[plot]'"
WIDTH_PX, HEIGHT_PX, DPI = 1000, 600, 100
SPAN = Decimal(1000)
"""The chart runs from a thousandth of today's load to a thousand times it (wider to show every crossing)."""


class MissingExtra(CostcalcError):
    """An optional library the command needs is not installed."""


@dataclass(frozen=True, slots=True)
class PlotData:
    """The lines and crossings to draw, in requests per day and dollars a month."""

    title: str
    requests_per_day: tuple[Decimal, ...]
    lines: dict[str, tuple[Decimal, ...]]
    crossings: tuple[tuple[str, Decimal, Decimal], ...]
    """(server option, requests per day, monthly cost there)."""
    today: Decimal


@exact
def plot_data(workload: Workload, pricing: PricingTable | str = "aws", points: int = 60) -> PlotData:
    """Lambda and each server option of ``workload`` over a log range of request rates."""
    if not 2 <= points <= 1000:
        raise InputError("points", f"must be between 2 and 1000, got {points}")
    table = pricing if isinstance(pricing, PricingTable) else load_pricing(pricing)
    today = compare(workload, table)
    servers = tuple(option.instance_type for option in today.server_options if option.instance_type)
    fixed = dataclasses.replace(workload, instances=servers)
    per_day = _per_day(fixed)
    crossings_at = [c.requests_per_day for b in today.break_even for c in b.crossings]
    low = min([per_day / SPAN, *(c / 2 for c in crossings_at)])
    high = max([per_day * SPAN, *(c * 2 for c in crossings_at)])
    rates = log_spaced(max(low, Decimal("0.001")), high, points)
    lines: dict[str, list[Decimal]] = {}
    for rate in rates:
        for option in _at(fixed, rate, table).options:
            lines.setdefault(option.name, []).append(option.monthly)
    marks = []
    for analysis in today.break_even:
        for crossing in analysis.crossings:
            at = _at(fixed, crossing.requests_per_day, table)
            marks.append((analysis.option, crossing.requests_per_day, at.lambda_option.monthly))
    return PlotData(
        title=f"{workload_title(today)} ({table.name})",
        requests_per_day=tuple(rates),
        lines={name: tuple(values) for name, values in lines.items()},
        crossings=tuple(marks),
        today=per_day,
    )


def _per_day(workload: Workload) -> Decimal:
    return EXACT.divide(EXACT.multiply(workload.monthly_requests, 24), 730)


def _at(workload: Workload, per_day: Decimal, table: PricingTable) -> Comparison:
    return compare(dataclasses.replace(workload, rpd=per_day, rps=None, requests_per_month=None), table)


def write_image(data: PlotData, out: str) -> str:
    """Draw the chart to ``out`` (``.png`` or ``.svg``) with matplotlib; returns the path."""
    if not out.lower().endswith((".png", ".svg")):
        raise InputError("out", f"expected a .png or .svg file name, got {out!r}")
    try:
        import matplotlib  # type: ignore[import-not-found,unused-ignore]  # optional extra

        matplotlib.use("Agg")  # no display needed
        import matplotlib.pyplot as plt  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        raise MissingExtra(f"plotting to a file needs matplotlib: {INSTALL}") from None
    x = [float(v) for v in data.requests_per_day]  # floats for drawing only; the figures stay exact
    figure, axes = plt.subplots(figsize=(WIDTH_PX / DPI, HEIGHT_PX / DPI), dpi=DPI)
    for name, values in data.lines.items():
        axes.plot(x, [float(v) for v in values], label=name, linewidth=2)
    if data.crossings:
        axes.scatter(
            [float(p) for _, p, _ in data.crossings],
            [float(m) for _, _, m in data.crossings],
            marker="o",
            s=60,
            zorder=5,
            color="black",
            label="break-even",
        )
    labelled: set[str] = set()
    for option, per_day, monthly in data.crossings:
        if option in labelled:
            continue  # label the first crossing of each option; later ones are marked only
        labelled.add(option)
        offset = (10, -26) if len(labelled) % 2 else (-130, 12)
        axes.annotate(
            f"{float(per_day):,.0f} req/day\nvs {option}",
            (float(per_day), float(monthly)),
            textcoords="offset points",
            xytext=offset,
            fontsize=8,
        )
    axes.axvline(float(data.today), color="grey", linestyle="--", linewidth=1, label="today's load")
    axes.set_xscale("log")
    axes.set_yscale("log")
    axes.set_xlabel("Requests per day (log scale)")
    axes.set_ylabel("Monthly cost, USD (log scale)")
    axes.set_title(data.title, fontsize=10)
    axes.grid(True, which="major", alpha=0.3)
    axes.legend(loc="upper left", fontsize=9)
    figure.tight_layout()
    try:
        figure.savefig(out, dpi=DPI)
    except OSError as exc:
        raise InputError("out", f"cannot write {out}: {exc.strerror or exc}") from None
    finally:
        plt.close(figure)
    return out


def terminal_chart(data: PlotData, width: int = 100, height: int = 30) -> str:
    """The chart drawn in text with plotext."""
    try:
        import plotext  # type: ignore[import-untyped,import-not-found,unused-ignore]  # optional extra
    except ImportError:
        raise MissingExtra(f"plotting in the terminal needs plotext: {INSTALL}") from None
    plotext.clear_figure()
    plotext.plotsize(width, height)
    plotext.xscale("log")
    plotext.yscale("log")
    x = [float(v) for v in data.requests_per_day]
    for name, values in data.lines.items():
        plotext.plot(x, [float(v) for v in values], label=name)
    if data.crossings:
        plotext.scatter(
            [float(p) for _, p, _ in data.crossings],
            [float(m) for _, _, m in data.crossings],
            label="break-even",
            marker="x",
        )
    plotext.title(data.title)
    plotext.xlabel("Requests per day (log)")
    plotext.ylabel("USD / month (log)")
    chart: Any = plotext.build()
    return str(chart)
