"""``costcalc breakeven``, ``sweep`` and ``plot``: the decision analysis commands.

Loaded only when one of them runs, so ``compare`` starts without them.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import click

import costcalc
from costcalc.cli import print_result
from costcalc.cli.options import FORMAT_OPTION, GroupedHelp, PairType, workload_from, workload_options
from costcalc.errors import InputError
from costcalc.render import OutputFormat, render


@click.command(cls=GroupedHelp)
@workload_options
@FORMAT_OPTION
def breakeven(pricing: str, fmt: str, **workload: Any) -> None:
    """Show the request rates at which Lambda and each server option cost the same.

    Solved exactly, against every --instance at once (or the cheapest type).

    \b
    Example:
      costcalc breakeven --rpd 16000 --ms 200 --instance t3.small --instance m5.large
    """
    report = costcalc.breakeven(costcalc.Workload(**workload_from(workload)), pricing)
    print_result(render(report, OutputFormat(fmt)))


@click.command(cls=GroupedHelp)
@workload_options
@click.option(
    "--rpd-range", type=PairType(":", "low:high"), help="Sweep requests per day, log-spaced: LOW:HIGH."
)
@click.option(
    "--memory-range",
    type=PairType(":", "low:high"),
    help="Sweep Lambda memory, MB: LOW:HIGH (needs --ms-at).",
)
@click.option("--points", type=int, default=25, show_default=True, help="How many points.")
@click.option(
    "--ms-at",
    "ms_at",
    type=PairType("=", "memory=ms"),
    multiple=True,
    metavar="MEMORY=MS",
    help="Measured duration at a memory size (repeatable); durations between are interpolated.",
)
@FORMAT_OPTION
def sweep(
    pricing: str,
    fmt: str,
    rpd_range: tuple[Decimal, Decimal] | None,
    memory_range: tuple[Decimal, Decimal] | None,
    points: int,
    ms_at: tuple[tuple[Decimal, Decimal], ...],
    **workload: Any,
) -> None:
    """Show every option's monthly cost over a range of request rates or memory sizes.

    \b
    Example:
      costcalc sweep --ms 200 --rpd-range 1000:100000000 --points 9
      costcalc sweep --rpd 100000 --memory-range 128:2048 --ms-at 128=900 --ms-at 1024=120 --ms-at 2048=80
    """
    fields = workload_from(workload)
    measured = dict(ms_at)
    if rpd_range:
        given = [k for k in ("rpd", "rps", "requests_per_month") if fields[k] is not None]
        if given:
            flag = "--" + given[0].replace("_", "-")
            raise InputError(given[0], f"--rpd-range sets each point's rate; drop {flag}")
        fields["rpd"] = rpd_range[0]  # every point sets its own rate
    if memory_range and fields["ms"] is None and measured:
        fields["ms"] = measured[min(measured)]  # every point sets its own duration
    result = costcalc.sweep(
        costcalc.Workload(**fields),
        pricing,
        rpd_range=rpd_range,
        memory_range=memory_range,
        points=points,
        ms_at=measured,
    )
    print_result(render(result, OutputFormat(fmt)))


@click.command(cls=GroupedHelp)
@workload_options
@click.option("--out", type=click.Path(dir_okay=False), help="Write the chart to a .png or .svg file.")
@click.option("--points", type=int, default=60, show_default=True, help="Points on each line.")
def plot(pricing: str, out: str | None, points: int, **workload: Any) -> None:
    """Plot monthly cost against requests per day, with the break-even points marked.

    With --traffic or --hourly it plots the day (or week) instead: requests an hour, the fleet an
    hour, and each side's cost an hour.

    Needs the plot extra: pip install 'costcalc[plot]'. Without --out the chart is drawn in the terminal.

    \b
    Example:
      costcalc plot --rpd 16000 --ms 200 --instance t3.small --out cost.png
      costcalc plot --rps 5 --ms 120 --cpu-share 0.3
      costcalc plot --rpd 2000000 --ms 200 --traffic examples/traffic-business-hours.csv --out day.png
    """
    from costcalc.render.chart import terminal_chart, write_image

    given = costcalc.Workload(**workload_from(workload))
    if given.shape is not None:  # a traffic shape: the day (or week) hour by hour
        from costcalc.model.day_plot import day_plot_data

        data: Any = day_plot_data(given, costcalc.table_of(pricing))
    else:
        from costcalc.model.plot_data import plot_data

        data = plot_data(given, costcalc.table_of(pricing), points)
    if out is None:
        print_result(terminal_chart(data))
    else:
        click.echo(f"wrote {write_image(data, out)}", err=True)
