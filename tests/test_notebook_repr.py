"""In a REPL: ``repr`` is one short line, ``print`` the terminal table as text, rich the table itself."""

from __future__ import annotations

import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from rich.console import Console

import costcalc
from costcalc import PricingTable, Workload
from costcalc.catalog.review import pricing_diff
from costcalc.render import OutputFormat, render
from costcalc.render.views import Result

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = str(REPO / "examples" / "workloads.yaml")
NEXT = str(REPO / "examples" / "workloads-next.yaml")
API = Workload(rps=5, ms=120, memory=512, cpu_share="0.3", instances=("t4g.small", "m5.large"))


@pytest.fixture(scope="module")
def every_result(current: PricingTable) -> list[Result]:
    return [
        costcalc.compare(API, current),
        costcalc.compare_profile(EXAMPLE),
        costcalc.breakeven(API, current),
        costcalc.sweep(API, current, rpd_range=(Decimal(1000), Decimal(1_000_000)), points=40),
        costcalc.compare_many([API, Workload(rpd=16000, ms=200)] * 100, current),
        costcalc.check(EXAMPLE),
        costcalc.diff(EXAMPLE, NEXT),
        pricing_diff("aws-2015", "aws"),
    ]


def test_a_comparison_repr_is_one_line_of_its_answer(current: PricingTable) -> None:
    text = repr(costcalc.compare(Workload(rpd=16000, ms=200), current))
    assert re.fullmatch(
        r"<Comparison 16,000 requests/day x 200 ms, 128 MB x86_64 in us-east-1: "
        r"lambda \$0\.\d\d/month, ec2:\S+ x 1 \$\d+\.\d\d/month>",
        text,
    ), text


def test_every_repr_is_one_short_line_naming_its_class(every_result: list[Result]) -> None:
    for result in every_result:
        text = repr(result)
        assert text.startswith(f"<{type(result).__name__} ") and text.endswith(">"), text
        assert "\n" not in text and len(text) < 400, text


def test_a_repr_says_the_answer(every_result: list[Result]) -> None:
    reprs = {type(result).__name__: repr(result) for result in every_result}
    assert "lambda $" in reprs["Comparison"] and "ec2:m5.large x 1 $" in reprs["Comparison"]
    assert "40 points from 1,000 to 1,000,000" in reprs["Sweep"]
    assert (
        "200 workloads" in reprs["BatchComparison"]
        and "Lambda is the cheaper for" in reprs["BatchComparison"]
    )
    assert "workloads within budget" in reprs["CheckReport"]
    assert "Total: $" in reprs["CostDiff"]
    assert "crossing" in reprs["BreakEvenReport"]


def test_a_nested_result_repr_stays_short(every_result: list[Result]) -> None:
    sweep = next(r for r in every_result if isinstance(r, costcalc.Sweep))
    assert len(repr(sweep.points[0])) < 500  # the point's comparison in one line, not every field


def test_print_gives_the_terminal_table_at_100_columns(every_result: list[Result]) -> None:
    for result in every_result:
        text = str(result)
        console = Console(file=io.StringIO(), width=100, color_system=None, record=True)
        console.print(render(result, OutputFormat.TABLE))
        expected = "\n".join(line.rstrip() for line in console.export_text().splitlines())
        assert text == expected, type(result).__name__
        assert max(len(line) for line in text.splitlines()) <= 100


def test_print_of_a_sweep_is_its_table(every_result: list[Result]) -> None:
    sweep = next(r for r in every_result if isinstance(r, costcalc.Sweep))
    lines = str(sweep).splitlines()
    assert "Requests/day" in lines[1] and "Cheapest" in lines[1]
    assert len(lines) == 3 + len(sweep.points)  # title, header, rule, a row per point


def test_rich_still_renders_the_terminal_table(current: PricingTable) -> None:
    console = Console(width=100, record=True, file=io.StringIO())
    console.print(costcalc.compare(Workload(rpd=16000, ms=200), current))
    assert "Option / item" in console.export_text()
