import re
import struct
import sys
from pathlib import Path

import pytest

from costcalc import Workload, load_pricing
from costcalc.errors import MissingExtra
from costcalc.model.plot_data import plot_data
from costcalc.render.chart import terminal_chart, write_image
from tests.conftest import run_cli

WORKLOAD = Workload(rpd=16000, ms=200, memory=1024, cpu_share="0.25", instances=("m4.large", "t2.small"))


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    assert data.rstrip(b"\x00")[-8:-4] == b"IEND", "truncated PNG"
    return width, height


def test_plot_data_covers_today_and_every_crossing() -> None:
    data = plot_data(WORKLOAD, load_pricing("aws-2015"))
    assert set(data.lines) == {"lambda", "ec2:m4.large", "ec2:t2.small"}
    rates = data.requests_per_day
    assert rates[0] <= data.today <= rates[-1]
    assert data.crossings and all(rates[0] <= per_day <= rates[-1] for _, per_day, _ in data.crossings)
    lam = data.lines["lambda"]
    assert list(lam) == sorted(lam)  # Lambda's cost only grows with traffic


def test_png_is_a_valid_image_of_the_expected_size(tmp_path: Path) -> None:
    out = tmp_path / "cost.png"
    write_image(plot_data(WORKLOAD, load_pricing("aws-2015")), str(out))
    assert png_size(out) == (1000, 600)


def test_svg_is_written(tmp_path: Path) -> None:
    out = tmp_path / "cost.svg"
    result = run_cli("plot", "--rpd", "16000", "--ms", "200", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    text = out.read_text()
    assert text.lstrip().startswith("<?xml") and "<svg" in text
    assert "Requests per day (log scale)" in text


def test_terminal_chart_states_the_workload() -> None:
    chart = terminal_chart(plot_data(WORKLOAD, load_pricing("aws-2015")), width=110, height=25)
    text = re.sub(r"\x1b\[[0-9;]*m", "", chart)  # colours off
    assert "16,000 requests/day x 200 ms, CPU share 0.25" in text.replace("\n", " ") or (
        "16,000 requests/day x 200 ms, CPU share 0.2" in text  # cut to the terminal's width
    )
    assert "Requests per day" in chart


def test_an_unwritable_output_is_one_line(tmp_path: Path) -> None:
    out = tmp_path / "missing-folder" / "cost.png"
    result = run_cli("plot", "--rpd", "16000", "--ms", "200", "--points", "3", "--out", str(out))
    assert (result.exit_code, result.stderr) == (
        2,
        f"Error: --out: cannot write {out}: No such file or directory\n",
    )


def test_bad_output_name_is_refused() -> None:
    result = run_cli("plot", "--rpd", "16000", "--ms", "200", "--out", "cost.jpg")
    assert (result.exit_code, result.stderr) == (
        2,
        "Error: --out: expected a .png or .svg file name, got 'cost.jpg'\n",
    )


def test_a_missing_extra_is_one_line_with_the_install_command(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # as if it were not installed
    monkeypatch.setitem(sys.modules, "plotext", None)
    with pytest.raises(MissingExtra, match=r"needs matplotlib: pip install 'costcalc\[plot\]'"):
        write_image(plot_data(WORKLOAD, load_pricing("aws-2015"), points=3), str(tmp_path / "x.png"))
    result = run_cli("plot", "--rpd", "16000", "--ms", "200", "--points", "3")
    assert (result.exit_code, result.stderr) == (
        2,
        "Error: plotting in the terminal needs plotext: pip install 'costcalc[plot]'\n",
    )


def test_points_are_checked() -> None:
    result = run_cli("plot", "--rpd", "16000", "--ms", "200", "--points", "1")
    assert (result.exit_code, result.stderr) == (2, "Error: --points: must be between 2 and 1000, got 1\n")
