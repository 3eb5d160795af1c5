import itertools
import json
from decimal import Decimal, localcontext

import pytest

from costcalc import InputError, PricingTable, Workload
from costcalc.model.sweeps import log_spaced, sweep
from costcalc.money import EXACT
from tests.conftest import run_cli


def test_log_spacing_has_exact_ends_and_equal_ratios() -> None:
    points = log_spaced(Decimal(1000), Decimal(100_000_000), 6)
    assert points[0] == 1000 and points[-1] == 100_000_000
    with localcontext(EXACT):
        ratios = [b / a for a, b in itertools.pairwise(points)]
    assert all(abs(r - 10) < Decimal("1e-25") for r in ratios)


def test_rate_sweep_is_monotonic(current: PricingTable) -> None:
    result = sweep(
        Workload(rpd=1, ms=150, memory=512, instances=("m5.large", "t4g.small")),
        current,
        rpd_range=(Decimal(100), Decimal(10_000_000_000)),
        points=25,
    )
    assert len(result.points) == 25
    for name in ("lambda", "ec2:m5.large", "ec2:t4g.small"):
        costs = [p.monthly[name] for p in result.points]
        assert costs == sorted(costs), name  # more traffic never costs less
    rates = [p.requests_per_day for p in result.points]
    assert rates == sorted(rates) and rates[0] == 100 and rates[-1] == 10_000_000_000


def test_each_point_names_its_cheapest(current: PricingTable) -> None:
    result = sweep(
        Workload(rpd=1, ms=50, cpu_share="0.1", instances=("c7g.large",)),
        current,
        rpd_range=(Decimal(1000), Decimal(1_000_000_000)),
        points=7,
    )
    for point in result.points:
        assert point.cheapest == min(point.monthly, key=lambda name: point.monthly[name])
    assert {p.cheapest for p in result.points} == {"lambda", "ec2:c7g.large"}  # it flips along the way


def test_memory_sweep_interpolates_duration(current: PricingTable) -> None:
    measured = {Decimal(128): Decimal(900), Decimal(1024): Decimal(120), Decimal(2048): Decimal(80)}
    result = sweep(
        Workload(rpd=100_000, ms=1),
        current,
        memory_range=(Decimal(128), Decimal(2048)),
        points=5,
        ms_at=measured,
    )
    assert [p.memory_mb for p in result.points] == [128, 256, 512, 1024, 2048]
    assert result.points[0].ms == 900 and result.points[3].ms == 120
    with localcontext(EXACT):
        assert result.points[1].ms == 900 - (900 - 120) * Decimal(128) / Decimal(896)


def test_a_memory_sweep_given_per_second_rates_reports_requests_per_day(current: PricingTable) -> None:
    # 10 req/s is 864,000 a day whatever the month's length; a 720-hour month would give 12,000 more.
    result = sweep(
        Workload(rps=10, ms=1),
        current,
        memory_range=(Decimal(128), Decimal(1024)),
        points=2,
        ms_at={Decimal(128): Decimal(200), Decimal(1024): Decimal(50)},
    )
    assert [p.requests_per_day for p in result.points] == [Decimal(864_000), Decimal(864_000)]
    per_month = result.points[0].comparison.workload.monthly_requests
    assert per_month == Decimal(10 * 3600 * 730)


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({}, "rpd_range", "give exactly one of --rpd-range and --memory-range"),
        (
            {"rpd_range": (Decimal(5), Decimal(1))},
            "rpd_range",
            "expected LOW:HIGH with 0 < LOW < HIGH, got 5:1",
        ),
        ({"rpd_range": (Decimal(1), Decimal(5)), "points": 1}, "points", "must be between 2 and 1000, got 1"),
        ({"memory_range": (Decimal(128), Decimal(512))}, "ms_at", "a memory sweep needs --ms-at"),
        (
            {
                "memory_range": (Decimal(128), Decimal(4096)),
                "ms_at": {Decimal(256): Decimal(9), Decimal(1024): Decimal(5)},
            },
            "memory_range",
            "128 MB is outside the --ms-at sizes (256 to 1024 MB)",
        ),
    ],
)
def test_bad_sweeps(current: PricingTable, kwargs: dict[str, object], field: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        sweep(Workload(rpd=100, ms=100), current, **kwargs)  # type: ignore[arg-type]
    assert caught.value.field == field
    assert message in caught.value.message


def test_sweep_json_is_the_documented_document() -> None:
    result = run_cli(
        "sweep", "--ms", "200", "--rpd-range", "1000:1000000", "--points", "4", "--format", "json"
    )
    data = json.loads(result.stdout)
    assert data["schema_version"] == 1
    assert [p["requests_per_day"] for p in data["points"]] == ["1000", "10000", "100000", "1000000"]
    first = data["points"][0]
    assert set(first) == {"requests_per_day", "memory_mb", "ms", "monthly", "cheapest"}
    assert first["cheapest"] in first["monthly"]


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "markdown"])
def test_every_format_renders_a_sweep(fmt: str) -> None:
    result = run_cli("sweep", "--ms", "200", "--rpd-range", "1000:1000000", "--points", "3", "--format", fmt)
    assert result.exit_code == 0, result.stderr
    assert "lambda" in result.stdout


def test_sweep_flag_errors_are_one_line() -> None:
    result = run_cli("sweep", "--ms", "200", "--rpd-range", "1000")
    assert (result.exit_code, result.stderr) == (
        2,
        "Error: --rpd-range: '1000' is not LOW:HIGH\n",
    )


def test_the_library_takes_plain_numbers_as_workload_does(current: PricingTable) -> None:
    workload = Workload(rpd=100, ms=100)
    exact = sweep(workload, current, rpd_range=(Decimal(1000), Decimal(10**9)), points=5)
    assert sweep(workload, current, rpd_range=(1000, 10**9), points=5) == exact
    assert sweep(workload, current, rpd_range=(1000.0, "1e9"), points=5) == exact
    measured = {Decimal(128): Decimal(200), Decimal(1024): Decimal("50.5")}
    by_decimal = sweep(
        workload, current, memory_range=(Decimal(128), Decimal(1024)), ms_at=measured, points=4
    )
    by_number = sweep(workload, current, memory_range=(128, 1024.0), ms_at={128: 200, "1024": 50.5}, points=4)
    assert by_number == by_decimal


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"rpd_range": (1000, float("nan"))}, "rpd_range", "expected a finite number, got 'nan'"),
        ({"rpd_range": ("a", 10)}, "rpd_range", "expected a number, got 'a'"),
        ({"rpd_range": 5}, "rpd_range", "expected a pair (LOW, HIGH), got 5"),
        ({"rpd_range": (1, 10), "points": True}, "points", "must be between 2 and 1000"),
        ({"memory_range": (128, 1024), "ms_at": {128: "x"}}, "ms_at", "expected a number, got 'x'"),
    ],
)
def test_bad_plain_numbers_are_input_errors(
    current: PricingTable, kwargs: dict[str, object], field: str, message: str
) -> None:
    with pytest.raises(InputError) as caught:
        sweep(Workload(rpd=100, ms=100), current, **kwargs)  # type: ignore[arg-type]
    assert (caught.value.field, message in caught.value.message) == (field, True)


@pytest.mark.parametrize(
    ("flag", "value"), [("--rpd", "5"), ("--rps", "2"), ("--requests-per-month", "9000")]
)
def test_a_rate_given_beside_a_rate_range_is_refused_not_ignored(flag: str, value: str) -> None:
    result = run_cli("sweep", "--ms", "200", "--rpd-range", "1000:100000", flag, value)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"Error: {flag}: --rpd-range sets each point's rate; drop {flag}\n"
