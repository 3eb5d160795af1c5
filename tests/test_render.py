"""Every result type renders in every format, through the one class-keyed dispatch."""

from __future__ import annotations

import csv
import io
import json
import typing
from decimal import Decimal
from pathlib import Path

import pytest
from rich.console import Console

import costcalc
from costcalc import PricingTable, Workload
from costcalc.catalog.review import pricing_diff
from costcalc.render import OutputFormat, Result, render
from costcalc.render.data import RowViews, document
from costcalc.render.html import html_table
from costcalc.render.views import dispatch

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = str(REPO / "examples" / "workloads.yaml")
NEXT = str(REPO / "examples" / "workloads-next.yaml")
API = Workload(rps=5, ms=120, memory=512, cpu_share="0.3", instances=("t4g.small", "m5.large"))


@pytest.fixture(scope="module")
def every_result(current: PricingTable) -> dict[str, Result]:
    """One result of each type a view can be made of, by class name."""
    results: list[Result] = [
        costcalc.compare(API, current),
        costcalc.compare_profile(EXAMPLE),
        costcalc.breakeven(API, current),
        costcalc.sweep(API, current, rpd_range=(Decimal(1000), Decimal(1_000_000)), points=3),
        costcalc.compare_many([API, Workload(rpd=16000, ms=200)], current),
        costcalc.check(EXAMPLE),
        costcalc.diff(EXAMPLE, NEXT),
        pricing_diff("aws-2015", "aws"),
    ]
    return {type(result).__name__: result for result in results}


def test_every_member_of_result_is_exercised(every_result: dict[str, Result]) -> None:
    members = {ref.__forward_arg__ for ref in typing.get_args(Result)}
    assert set(every_result) == members


def _text(rendered: object) -> str:
    if isinstance(rendered, str):
        return rendered
    console = Console(width=100, record=True, file=io.StringIO(), color_system=None)
    console.print(rendered)
    return console.export_text()


@pytest.mark.parametrize("fmt", list(OutputFormat))
@pytest.mark.parametrize("kind", sorted(ref.__forward_arg__ for ref in typing.get_args(Result)))
def test_every_result_renders_in_every_format(
    every_result: dict[str, Result], kind: str, fmt: OutputFormat
) -> None:
    result = every_result[kind]
    text = _text(render(result, fmt))
    if fmt is OutputFormat.JSON:
        data = json.loads(text)
        assert data["schema_version"] == 1
        assert data == result.to_dict() == document(result)
    elif fmt is OutputFormat.CSV:
        header, *rows = list(csv.reader(io.StringIO(text)))
        assert len(header) >= 3 and rows and all(len(row) == len(header) for row in rows)
    elif fmt is OutputFormat.MARKDOWN:
        assert text.startswith("### ")
        assert "| ---" in text or "\n- " in text
    else:
        assert len(text.splitlines()) >= 3


@pytest.mark.parametrize("kind", ["Comparison", "Sweep", "BatchComparison", "CheckReport", "PricingDiff"])
def test_every_result_has_notebook_rows_and_html(every_result: dict[str, Result], kind: str) -> None:
    result = every_result[kind]
    title, rows = dispatch(result, RowViews())
    assert title and rows
    html = html_table(result)
    assert html.startswith("<table><caption>") and html.count("<tr>") == min(len(rows), 200) + 1


def test_explain_reaches_every_comparison_view(current: PricingTable) -> None:
    result = costcalc.compare(API, current)
    for fmt in OutputFormat:
        plain, explained = _text(render(result, fmt)), _text(render(result, fmt, explain=True))
        if fmt is OutputFormat.CSV:
            assert plain == explained  # CSV carries line items only
        else:
            assert "x 0.12 s x 512 MB / 1024" not in plain
            assert "x 0.12 s x 512 MB / 1024" in explained


@pytest.mark.parametrize("width", [20, 33, 61, 100])
def test_wrapped_bullets_keep_names_whole_and_fit_the_width(width: int) -> None:
    from costcalc.render.terminal import wrap_words

    text = "Spot in us-east-1 as of 2025-06-28 for m7g.large " * 5 + "x" * 45
    wrapped = wrap_words(text, width, "- ", "  ").split("\n")
    assert all(len(line) <= width for line in wrapped)
    assert wrapped[0].startswith("- ") and all(line.startswith("  ") for line in wrapped[1:])
    words = " ".join(line[2:] for line in wrapped).split()
    # Every word whole, in order, except the one longer than a line, which is cut into pieces.
    assert [w for w in words if set(w) != {"x"}] == text.split()[:-1]
    assert "".join(w for w in words if set(w) == {"x"}) == "x" * 45
    assert words.count("us-east-1") == 5


def test_wrapping_ends_whatever_the_width_and_holds_non_breaking_spaces() -> None:
    from costcalc.render.terminal import wrap_words

    assert wrap_words("word", 1, "- ", "  ") == "- w\n  o\n  r\n  d"  # narrower than the indent: still ends
    assert wrap_words("word", 2, "- ", "  ").endswith("  d")  # and leaves no line of spaces after
    assert wrap_words(" \t\n", 20, "- ", "  ") == ""
    assert wrap_words("1,000\u00a0requests a day", 17, "- ", "  ") == "- 1,000\u00a0requests\n  a day"
