"""``costcalc.plot``: the chart of ``costcalc plot --out`` as a matplotlib Figure, in the plot extra only."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import costcalc
from costcalc import Workload, load_pricing
from costcalc.errors import MissingExtra
from costcalc.model.plot_data import plot_data
from costcalc.render.chart import chart_title, write_image
from tests.test_plot import png_size

WORKLOAD = Workload(rpd=16000, ms=200, memory=1024, cpu_share="0.25", instances=("m4.large", "t2.small"))


def test_plot_returns_a_figure_of_the_chart() -> None:
    from matplotlib.figure import Figure

    figure = costcalc.plot(WORKLOAD, "aws-2015", points=10)
    assert isinstance(figure, Figure)
    (axes,) = figure.axes
    assert axes.get_title() == chart_title(plot_data(WORKLOAD, load_pricing("aws-2015"), points=10))
    assert axes.get_xscale() == axes.get_yscale() == "log"
    labels = axes.get_legend_handles_labels()[1]
    assert {"lambda", "ec2:m4.large", "ec2:t2.small", "break-even", "today's load"} <= set(labels)


def test_plot_is_the_same_drawing_as_the_command(tmp_path: Path) -> None:
    command, library = tmp_path / "command.png", tmp_path / "library.png"
    write_image(plot_data(WORKLOAD, load_pricing("aws-2015"), points=10), str(command))
    costcalc.plot(WORKLOAD, "aws-2015", points=10).savefig(library, dpi=100)
    assert png_size(library) == (1000, 600)
    assert library.read_bytes() == command.read_bytes()


def test_plot_leaves_no_figure_open_in_pyplot() -> None:
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    for _ in range(3):
        costcalc.plot(WORKLOAD, "aws-2015", points=5)
    assert plt.get_fignums() == before  # a notebook shows the returned figure once; a loop leaks none


def test_plot_without_matplotlib_says_how_to_get_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # as if it were not installed
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    with pytest.raises(MissingExtra, match=r"needs matplotlib: pip install 'costcalc\[plot\]'"):
        costcalc.plot(WORKLOAD, "aws-2015", points=3)


def test_plot_is_public() -> None:
    assert "plot" in costcalc.__all__


def test_importing_costcalc_and_showing_results_loads_no_matplotlib_or_pandas() -> None:
    script = (
        "import sys, costcalc\n"
        "result = costcalc.compare(costcalc.Workload(rpd=16000, ms=200))\n"
        "repr(result); str(result); result._repr_html_()\n"
        "print(sorted(m for m in ('matplotlib', 'pandas') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
