"""Charts of ``PlotData``: a matplotlib ``Figure`` (saved as PNG or SVG), or text through plotext.

Both libraries are optional extras (``pip install 'costcalc[plot]'``), imported
only here; a missing one is reported in one line with the command that installs it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from costcalc.errors import InputError, MissingExtra
from costcalc.model.breakeven import SERVERS
from costcalc.model.day_plot import DayPlotData
from costcalc.model.plot_data import PlotData
from costcalc.render.words import named, workload_title

if TYPE_CHECKING:
    from matplotlib.figure import Figure  # type: ignore[import-not-found,unused-ignore]  # optional extra

INSTALL = "pip install 'costcalc[plot]'"
WIDTH_PX, HEIGHT_PX, DPI = 1000, 600, 100
MAX_TYPE_LABELS = 12


def _positive(rates: tuple[Decimal, ...], values: tuple[Decimal, ...]) -> tuple[list[float], list[float]]:
    """The points a log scale can draw, as floats (for drawing only; the figures stay exact).

    A free tier makes Lambda cost nothing at low loads: zero has no logarithm, so those points are left out.
    """
    points = [(float(x), float(y)) for x, y in zip(rates, values, strict=True) if y > 0]
    return [x for x, _ in points], [y for _, y in points]


def chart_title(data: PlotData) -> str:
    """The workload and the price table: ``16,000 requests/day x 200 ms, ... (aws-2026-07-20)``."""
    today = data.today_comparison
    return f"{workload_title(today)} ({today.pricing_name})"


def write_image(data: PlotData | DayPlotData, out: str) -> str:
    """Draw the chart to ``out`` (``.png`` or ``.svg``) with matplotlib; returns the path."""
    if not out.lower().endswith((".png", ".svg")):
        raise InputError("out", f"expected a .png or .svg file name, got {out!r}")
    try:
        import matplotlib  # type: ignore[import-not-found,unused-ignore]  # optional extra
    except ImportError:
        raise MissingExtra(f"plotting to a file needs matplotlib: {INSTALL}") from None
    matplotlib.use("Agg")  # a command writes a file: no display needed
    chart = day_figure(data) if isinstance(data, DayPlotData) else figure(data)
    try:
        chart.savefig(out, dpi=DPI)
    except OSError as exc:
        raise InputError("out", f"cannot write {out}: {exc.strerror or exc}") from None
    return out


def figure(data: PlotData) -> Figure:
    """The chart as a matplotlib ``Figure``: what ``costcalc plot --out`` saves and ``costcalc.plot`` returns.

    The figure is closed in pyplot once drawn, so no figures pile up in a loop, and a
    notebook shows it once, as a cell's value, not again when the cell ends.
    """
    try:
        import matplotlib.pyplot as plt  # type: ignore[import-not-found,unused-ignore]  # optional extra
    except ImportError:
        raise MissingExtra(f"drawing a chart needs matplotlib: {INSTALL}") from None
    chart, axes = plt.subplots(figsize=(WIDTH_PX / DPI, HEIGHT_PX / DPI), dpi=DPI)
    try:
        _draw(axes, data)
        chart.tight_layout()
    finally:
        plt.close(chart)
    return chart


def day_figure(data: DayPlotData) -> Figure:
    """The day (or week) chart: requests an hour as bars with the fleet as a step line above, and each
    side's cost an hour below, on the same hours."""
    try:
        import matplotlib.pyplot as plt  # type: ignore[import-not-found,unused-ignore]  # optional extra
    except ImportError:
        raise MissingExtra(f"drawing a chart needs matplotlib: {INSTALL}") from None
    chart, (load, cost) = plt.subplots(
        2, 1, sharex=True, figsize=(WIDTH_PX / DPI, HEIGHT_PX / DPI * 1.3), dpi=DPI, height_ratios=(3, 2)
    )
    try:
        hours = list(range(len(data.labels)))
        load.bar(hours, [float(n) for n in data.requests], color="lightsteelblue", label="requests an hour")
        load.set_ylabel("Requests an hour")
        fleet = load.twinx()
        fleet.step(hours, data.fleet, where="mid", color="darkorange", linewidth=2, label="instances")
        fleet.set_ylabel(f"Instances ({named(data.server)})")
        fleet.set_ylim(0, max(data.fleet) * 1.25 + 1)
        handles = load.get_legend_handles_labels()[0] + fleet.get_legend_handles_labels()[0]
        load.legend(handles, [h.get_label() for h in handles], loc="upper left", fontsize=9)
        load.set_title(f"{workload_title(data.comparison)} ({data.comparison.pricing_name})", fontsize=10)
        cost.step(hours, [float(c) for c in data.lambda_cost], where="mid", linewidth=2, label="lambda")
        cost.step(
            hours, [float(c) for c in data.server_cost], where="mid", linewidth=2, label=named(data.server)
        )
        cost.set_ylabel("USD an hour")
        cost.legend(loc="upper left", fontsize=9)
        step = 3 if len(hours) <= 24 else 12  # a label every 3 hours of a day, every 12 of a week
        cost.set_xticks(hours[::step], data.labels[::step], rotation=0 if step == 3 else 45, fontsize=8)
        for axes in (load, cost):
            axes.grid(True, axis="y", alpha=0.3)
        chart.tight_layout()
    finally:
        plt.close(chart)
    return chart


def _draw(axes: Any, data: PlotData) -> None:
    """Every line, crossing and label of the chart on ``axes``."""
    for name, values in data.lines.items():
        label = "servers (cheapest type at each load)" if name == SERVERS else named(name)
        style = "default" if name == "lambda" else "steps-post"  # servers step up one instance at a time
        xs, ys = _positive(data.requests_per_day, values)
        axes.plot(xs, ys, label=label, linewidth=2, drawstyle=style)
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
            f"{float(per_day):,.0f} req/day\nvs {named(option)}",
            (float(per_day), float(monthly)),
            textcoords="offset points",
            xytext=offset,
            fontsize=8,
        )
    servers = data.lines.get(SERVERS)
    if servers is not None:
        # Label the servers line where its cheapest type changes, just above the line.
        index = {rate: i for i, rate in enumerate(data.requests_per_day)}
        last = 0.0
        for rate, kind in data.type_changes[:MAX_TYPE_LABELS]:
            if float(rate) < last * 3:
                continue  # too close to the last label to read: the type is in the table view
            last = float(rate)
            axes.annotate(
                kind,
                (float(rate), float(servers[index[rate]])),
                textcoords="offset points",
                xytext=(2, 6),
                fontsize=7,
                rotation=30,
                color="dimgrey",
            )
    axes.axvline(float(data.today), color="grey", linestyle="--", linewidth=1, label="today's load")
    axes.set_xscale("log")
    axes.set_yscale("log")
    axes.set_xlabel("Requests per day (log scale)")
    axes.set_ylabel("Monthly cost, USD (log scale)")
    axes.set_title(chart_title(data), fontsize=10)
    axes.grid(True, which="major", alpha=0.3)
    axes.legend(loc="upper left", fontsize=9)


def terminal_chart(data: PlotData | DayPlotData, width: int = 100, height: int = 30) -> str:
    """The chart drawn in text with plotext."""
    try:
        import plotext  # type: ignore[import-untyped,import-not-found,unused-ignore]  # optional extra
    except ImportError:
        raise MissingExtra(f"plotting in the terminal needs plotext: {INSTALL}") from None
    plotext.clear_figure()
    if isinstance(data, DayPlotData):
        plotext.plotsize(width, height)
        hours = list(range(len(data.labels)))
        plotext.plot(hours, [float(c) for c in data.lambda_cost], label="lambda USD/h")
        plotext.plot(hours, [float(c) for c in data.server_cost], label=f"{named(data.server)} USD/h")
        plotext.title(f"Cost an hour; instances by hour: {' '.join(map(str, data.fleet))}"[: width - 12])
        plotext.xlabel("Hour of the " + ("day" if len(hours) == 24 else "week"))
        day: Any = plotext.build()
        return str(day)
    plotext.plotsize(width, height)
    plotext.xscale("log")
    plotext.yscale("log")
    for name, values in data.lines.items():
        xs, ys = _positive(data.requests_per_day, values)
        plotext.plot(xs, ys, label=named(name))
    if data.crossings:
        plotext.scatter(
            [float(p) for _, p, _ in data.crossings],
            [float(m) for _, _, m in data.crossings],
            label="break-even",
            marker="x",
        )
    # plotext leaves out a title wider than the chart: the workload alone, cut to fit.
    room = min(width, plotext.terminal_width() or width) - 12
    title = workload_title(data.today_comparison)
    plotext.title(title if len(title) <= room else title[: room - 3] + "...")
    plotext.xlabel("Requests per day (log)")
    plotext.ylabel("USD / month (log)")
    chart: Any = plotext.build()
    return str(chart)
