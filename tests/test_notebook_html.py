"""Notebook HTML is formatted as the terminal table is: a caption, money to the cent, numbers right-aligned."""

from __future__ import annotations

import re
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest

import costcalc
from costcalc import PricingTable, Workload
from costcalc.catalog.review import pricing_diff
from costcalc.render.html import html_table
from costcalc.render.views import Result
from costcalc.render.words import pricing_title, verdict, workload_title
from costcalc.workload_files.diff import CostDiff, CostPoint, DiffRow

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = str(REPO / "examples" / "workloads.yaml")
NEXT = str(REPO / "examples" / "workloads-next.yaml")
API = Workload(rps=5, ms=120, memory=512, cpu_share="0.3", instances=("t4g.small", "m5.large"))
MONEY = re.compile(r"^[+-]?\$[\d,]+\.\d\d$|^<\$0\.01$")
LONG_NUMBER = re.compile(r"\d[\d.]{19,}")  # 20 digits and more: an exact Decimal, unformatted


class Table(HTMLParser):
    """The caption, header cells and body cells of one HTML table, with each cell's style."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.caption = ""
        self.headers: list[tuple[str, str]] = []
        self.rows: list[list[tuple[str, str]]] = []
        self._in: str | None = None
        self._style = ""
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "caption":
            self._in = "caption"
        elif tag == "br" and self._in == "caption":
            self.caption += "\n"
        elif tag == "tr" and self._in != "head":
            self.rows.append([])
        elif tag == "thead":
            self._in = "head"
        elif tag in ("th", "td"):
            self._style = dict(attrs).get("style") or ""
            (self.headers if tag == "th" else self.rows[-1]).append(("", self._style))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("caption", "thead"):
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "caption":
            self.caption += data
        elif self._in == "head" and self.headers:
            text, style = self.headers[-1]
            self.headers[-1] = (text + data, style)
        elif self.rows and self.rows[-1]:
            text, style = self.rows[-1][-1]
            self.rows[-1][-1] = (text + data, style)

    @property
    def columns(self) -> list[str]:
        return [text for text, _ in self.headers]

    def column(self, name: str) -> list[str]:
        index = self.columns.index(name)
        return [row[index][0] for row in self.rows]


def right(style: str) -> bool:
    return "text-align:right" in style


@pytest.fixture(scope="module")
def every_result(current: PricingTable) -> list[Result]:
    return [
        costcalc.compare(Workload(rpd=16000, ms=200), current),
        costcalc.compare(API, current),
        costcalc.compare_profile(EXAMPLE),
        costcalc.breakeven(API, current),
        costcalc.sweep(API, current, rpd_range=(Decimal(1000), Decimal(1_000_000)), points=3),
        costcalc.sweep(
            Workload(rpd=16000, ms=200), current, rpd_range=(Decimal(1), Decimal(10**9)), points=9
        ),
        costcalc.compare_many([API, Workload(rpd=16000, ms=200)], current),
        costcalc.check(EXAMPLE),
        costcalc.diff(EXAMPLE, NEXT),
        pricing_diff("aws-2015", "aws"),
    ]


def test_every_table_has_a_caption_and_right_aligned_numbers(every_result: list[Result]) -> None:
    for result in every_result:
        html = result._repr_html_()
        table = Table(html)
        assert table.caption.strip(), type(result).__name__
        assert table.rows, type(result).__name__
        for row in table.rows:
            assert len(row) == len(table.headers)
            for (text, style), (header, head_style) in zip(row, table.headers, strict=True):
                if MONEY.match(text) or re.fullmatch(r"[+-]?[\d,.]+%?", text):
                    assert right(style) and right(head_style), (type(result).__name__, header, text)
                elif text and not text.startswith("$"):
                    assert not right(style), (type(result).__name__, header, text)


def test_no_exact_decimal_reaches_the_html(every_result: list[Result]) -> None:
    for result in every_result:
        assert not LONG_NUMBER.search(result._repr_html_()), type(result).__name__


def test_a_comparison_shows_money_to_the_cent_and_quantities_with_separators(current: PricingTable) -> None:
    result = costcalc.compare(Workload(rpd=16000, ms=200), current)
    html = result._repr_html_()
    assert "486666.666" not in html  # the month's requests, exact
    table = Table(html)
    assert table.column("quantity")[0] == "486,667"
    assert table.column("rate")[0] == "$0.20/M"
    assert all(MONEY.match(cell) for cell in table.column("monthly"))
    assert table.caption.splitlines() == [workload_title(result), pricing_title(result), verdict(result)]


def test_a_sweep_keeps_cheapest_after_the_options(every_result: list[Result]) -> None:
    sweep = next(r for r in every_result if isinstance(r, costcalc.Sweep))
    table = Table(sweep._repr_html_())
    assert table.columns == [
        "requests_per_day",
        "memory_mb",
        "ms",
        "option",
        "server_type",
        "monthly",
        "cheapest",
    ]
    assert table.caption.startswith("Monthly cost by requests per day\npricing ")


def test_compare_many_shows_inputs_and_at_most_200_rows(current: PricingTable) -> None:
    fleet = [Workload(rpd=1000 + i, ms=200) for i in range(250)]
    table = Table(costcalc.compare_many(fleet, current)._repr_html_())
    assert len(table.rows) == 200
    assert "(first 200 of 250 rows)" in table.caption
    assert table.columns[:5] == ["requests_per_day", "ms", "memory_mb", "arch", "region"]
    assert table.column("requests_per_day")[:2] == ["1,000", "1,001"]


def test_every_piece_of_text_is_escaped() -> None:
    hostile = "<img src=x onerror=alert(1)>&"
    diff = CostDiff(
        f"<b>{hostile}</b>",
        "new.yaml",
        (DiffRow(hostile, CostPoint("lambda", Decimal("1.5"), "lambda"), None),),
    )
    html = html_table(diff)
    assert "<img" not in html and "<b>" not in html
    table = Table(html)
    assert table.column("name") == [hostile]
    assert hostile in table.caption


def test_an_options_total_is_the_sum_of_its_rows_as_shown(current: PricingTable) -> None:
    from costcalc.money import format_money
    from costcalc.render.words import shown_total

    result = costcalc.compare(Workload(rpd=1000, ms=100), current)
    lam = result.lambda_option
    assert format_money(lam.monthly) == "$0.01"  # exact; its rows as shown add up to $0.02
    table = Table(result._repr_html_())
    totals = [cells for cells in table.rows if cells[1][0] == "total"]
    for option, cells in zip(result.options, totals, strict=True):
        daily, monthly = cells[table.columns.index("daily")][0], cells[table.columns.index("monthly")][0]
        assert daily == shown_total(option.daily, (item.daily for item in option.items))
        assert monthly == shown_total(option.monthly, (item.monthly for item in option.items))
    assert totals[0][table.columns.index("monthly")][0] == "$0.02"
