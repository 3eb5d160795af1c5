"""What a traffic shape does to the costs: fixed fleets sized for the busiest hour, scheduled ones hour by hour."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from costcalc import Workload, compare, load_pricing
from costcalc.errors import InputError
from costcalc.model.traffic import TrafficShape
from tests.conftest import run_cli

TWO_LEVEL = [3] * 12 + [1] * 12
"""12 hours at 3x and 12 at 1x: the busy hours run at 1.5x the day's mean, the quiet ones at 0.5x."""
HOURLY = ",".join(map(str, TWO_LEVEL))


def two_level(**more: object) -> Workload:
    """4 requests a second on average, 1 vCPU-second each; an m5.large (2 vCPUs at 50%) carries 1 a second.

    So the busy hours need 6 instances and the quiet ones 2.
    """
    fields: dict[str, object] = {
        "rps": 4,
        "ms": 1000,
        "duration_on": "server",
        "utilization": "0.5",
        "instances": ("m5.large",),
        "public_ipv4": False,
        "ebs_gb": 0,
        "shape": TrafficShape.from_weights(TWO_LEVEL),
    }
    fields.update(more)
    return Workload(**fields)  # type: ignore[arg-type]


TWO_LEVEL_FLAGS = (
    "compare", "--rps", "4", "--ms", "1000", "--duration-on", "server", "--utilization", "0.5",
    "--instance", "m5.large", "--hourly", HOURLY, "--scaling", "scheduled",
)  # fmt: skip
"""``two_level(scaling="scheduled")`` on the command line."""


def server(workload: Workload) -> object:
    (option,) = compare(workload, load_pricing("aws")).server_options
    return option


def test_a_fixed_fleet_runs_the_busiest_hours_count_all_month() -> None:
    option = server(two_level())
    assert option.count == 6  # type: ignore[attr-defined]
    assert option.instance_hours == 6 * 730  # type: ignore[attr-defined]
    assert option.hourly_counts == (6,) * 24  # type: ignore[attr-defined]


def test_a_scheduled_fleet_follows_the_curve() -> None:
    option = server(two_level(scaling="scheduled"))
    assert option.hourly_counts == (6,) * 12 + (2,) * 12  # type: ignore[attr-defined]
    # (12 x 6 + 12 x 2) instance-hours a day; each hour of the day recurs 730/24 times a month.
    assert option.instance_hours == Decimal(96) * 730 / 24  # type: ignore[attr-defined]
    hourly = load_pricing("aws").ec2.offer("us-east-1", "m5.large")
    assert hourly is not None
    (instances,) = (item for item in option.items if item.name == "instances")  # type: ignore[attr-defined]
    assert instances.monthly == Decimal(2920) * hourly.hourly.amount


def test_headroom_is_added_to_each_hours_demand() -> None:
    option = server(two_level(scaling="scheduled", scale_headroom=50))
    assert option.hourly_counts == (9,) * 12 + (3,) * 12  # type: ignore[attr-defined]


def test_the_shape_sets_the_peak_and_lambda_pays_the_same_total() -> None:
    table = load_pricing("aws")
    flat = compare(two_level(shape=None), table)
    shaped = compare(two_level(), table)
    assert two_level().sizing_peak_factor == Decimal("1.5")
    assert shaped.lambda_option.monthly == flat.lambda_option.monthly
    assert shaped.peak_concurrency == flat.peak_concurrency * Decimal("1.5")
    assert flat.server_options[0].count == 4


def test_a_series_with_a_volume_stands_in_for_the_rate() -> None:
    shape = TrafficShape.from_counts([100] * 24, "day.csv")
    workload = Workload(ms=100, shape=shape)
    assert workload.rpd == 2400


def test_scheduled_scaling_needs_a_shape() -> None:
    with pytest.raises(InputError, match="needs a traffic shape"):
        Workload(rps=1, ms=100, scaling="scheduled")


def test_a_commitment_covers_the_base_of_a_schedule_and_the_burst_runs_on_demand() -> None:
    """6 instances in the busy hours and 2 in the quiet ones: 2 are committed all month (1,460 h at the
    2019 3-year Reserved rate of $0.042), and the other 2,920 - 1,460 = 1,460 h run at $0.096 on demand."""
    result = compare(two_level(scaling="scheduled", purchases=("reserved:3y",)), load_pricing("aws"))
    reserved = next(o for o in result.server_options if o.purchase is not None)
    (instances,) = (item for item in reserved.items if item.name == "instances")
    committed, burst = instances.parts
    assert (committed.quantity, committed.price.amount, committed.monthly) == (
        1460,
        Decimal("0.042"),
        Decimal("61.320"),
    )
    assert (burst.quantity, burst.price.amount, burst.monthly) == (1460, Decimal("0.096"), Decimal("140.160"))
    assert burst.price.key == "ec2.regions.us-east-1.prices.m5.large"
    assert reserved.upfront == 0


def test_scheduled_fleets_have_no_break_even_and_say_so() -> None:
    result = compare(two_level(scaling="scheduled"), load_pricing("aws"))
    assert result.break_even == ()
    assert any("Break-even is solved for fixed fleets only" in line for line in result.assumptions)


def test_the_scheduled_auto_pick_is_no_dearer_than_any_named_type() -> None:
    table = load_pricing("aws")
    picked = compare(two_level(scaling="scheduled", instances=()), table).server_options[0]
    named = server(two_level(scaling="scheduled"))
    assert picked.monthly <= named.monthly  # type: ignore[attr-defined]


def test_json_carries_the_profile_and_the_fleets_hours() -> None:
    result = run_cli(
        *TWO_LEVEL_FLAGS,
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    traffic = data["workload"]["traffic"]
    assert traffic["period"] == "day" and traffic["peak_to_mean"] == "1.5"
    assert [Decimal(w) for w in traffic["profile"]][:1] == [Decimal(1) / 16]
    (option,) = (o for o in data["options"] if o["kind"] == "server")
    assert option["hourly_counts"] == [6] * 12 + [2] * 12
    assert Decimal(option["instance_hours"]) == 2920


def test_a_flat_run_has_no_traffic_keys() -> None:
    data = json.loads(run_cli("compare", "--rps", "4", "--ms", "100", "--format", "json").stdout)
    assert "traffic" not in data["workload"] and "scaling" not in data["workload"]
    assert all("instance_hours" not in o for o in data["options"])


@pytest.mark.parametrize(
    ("hourly", "message"),
    [
        ("1,2,3", "Error: --hourly: expected 24 or 168 values (a day or a week), got 3"),
        (",".join(["1"] * 23 + ["-1"]), "Error: --hourly: value 24: expected a number of at least 0, got -1"),
    ],
)
def test_bad_hourly_weights_exit_2_with_one_line(hourly: str, message: str) -> None:
    result = run_cli("compare", "--rpd", "1000", "--ms", "100", "--hourly", hourly)
    assert result.exit_code == 2
    assert result.stderr.strip() == message


def test_hourly_and_traffic_together_are_refused() -> None:
    result = run_cli("compare", "--ms", "100", "--hourly", HOURLY, "--traffic", "examples/traffic-weekly.csv")
    assert result.exit_code == 2
    assert result.stderr.strip() == "Error: --hourly: give --hourly or --traffic, not both"


def test_a_workload_file_reads_its_traffic_file_from_its_own_folder(tmp_path: Path) -> None:
    (tmp_path / "day.csv").write_text("requests\n" + "100\n" * 12 + "300\n" * 12)
    (tmp_path / "workloads.yaml").write_text(
        "version: 1\nworkloads:\n  api: {ms: 100, traffic: day.csv, scaling: scheduled, deploy: lambda}\n"
    )
    result = run_cli("compare", "--profile", str(tmp_path / "workloads.yaml"), "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert "4800" in result.stdout  # the file's volume: 12 x 100 + 12 x 300 requests a day


def test_a_workload_files_bad_hourly_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "workloads.yaml"
    path.write_text(
        "version: 1\nworkloads:\n  api:\n    ms: 100\n    rpd: 10\n    deploy: lambda\n    hourly: [1, 2]\n"
    )
    result = run_cli("compare", "--profile", str(path))
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"Error: {path}:7: workloads.api.hourly: expected 24 or 168 values (a day or a week), got 2"
    )


def test_the_breakeven_command_refuses_a_scheduled_fleet() -> None:
    result = run_cli(
        "breakeven", "--rpd", "1000", "--ms", "100", "--hourly", HOURLY, "--scaling", "scheduled"
    )
    assert result.exit_code == 2
    assert (
        result.stderr.strip()
        == "Error: --scaling: break-even is solved for fixed fleets only; use --scaling fixed"
    )


def test_a_scheduled_fleet_is_labelled_with_its_range() -> None:
    result = run_cli(
        *TWO_LEVEL_FLAGS,
    )
    assert result.exit_code == 0, result.stderr
    assert "ec2:m5.large x 2 to 6" in result.stdout
    assert "Instance-hours a month of m5.large: 4,380 fixed, 2,920 scheduled (2 to 6 instances)." in " ".join(
        result.stdout.replace("\n  ", " ").split()
    ).replace("- ", "")


def test_the_day_chart_data_add_up_to_the_months_costs() -> None:
    from costcalc.model.day_plot import day_plot_data

    workload = two_level(scaling="scheduled")
    data = day_plot_data(workload, load_pricing("aws"))
    assert data.fleet == (6,) * 12 + (2,) * 12
    # 4 req/s on average: 6 req/s in the busy hours, 2 in the quiet ones.
    assert data.requests == (Decimal(21600),) * 12 + (Decimal(7200),) * 12
    assert data.labels[0] == "00:00" and data.labels[13] == "13:00"
    recurs = Decimal(730) / 24  # each hour of the day recurs this often in a month
    cent = Decimal("0.000000001")
    lam, server = data.comparison.lambda_option, data.comparison.server_options[0]
    assert (sum(data.lambda_cost) * recurs).quantize(cent) == lam.monthly.quantize(cent)
    assert (sum(data.server_cost) * recurs).quantize(cent) == server.monthly.quantize(cent)


def test_plot_with_a_traffic_shape_draws_the_day(tmp_path: Path) -> None:
    out = tmp_path / "day.png"
    result = run_cli("plot", "--rps", "4", "--ms", "1000", "--hourly", HOURLY, "--out", str(out))
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes().startswith(b"\x89PNG")


def test_provisioned_concurrency_follows_the_curve_hour_by_hour() -> None:
    """Two-level curve: 6 req/s in hours 0-11, 2 in hours 12-23, 1 s billed each, so 6 and 2 concurrent.

    N = 2 serves 2 of 6 in the busy hours and all 2 in the quiet ones: 2 req/s all day, half the month's
    10,512,000 requests. ``auto`` gives each hour its own N (6, then 2) and serves them all.
    """
    from costcalc.model.provisioned import provisioned_plan

    table = load_pricing("aws")
    # At 1,769 MB Lambda has one vCPU, so the second measured on a server is a second there too.
    fixed = two_level(provisioned_concurrency=2, memory=1769)
    plan = provisioned_plan(fixed, table)
    assert plan is not None and plan.share == Decimal("0.5")
    assert plan.concurrency_hours == 2 * 730
    auto = provisioned_plan(two_level(provisioned_concurrency="auto", memory=1769), table)
    assert auto is not None and auto.share == 1
    assert [s.concurrency for s in auto.stretches] == [6] * 12 + [2] * 12
    assert auto.concurrency_hours == Decimal(96) * 730 / 24
    # 08:00 to 20:00: 4 busy hours at 2 of 6 and 8 quiet hours at 2 of 2 = 24 of 96 request-hours a day.
    window = provisioned_plan(
        two_level(provisioned_concurrency=2, provisioned_hours="8-20", memory=1769), table
    )
    assert window is not None and window.share == Decimal("0.25")
    assert two_level(provisioned_hours="8-20").provisioned_hours == 365


def test_provisioned_concurrency_under_a_shape_has_no_break_even_and_says_why() -> None:
    result = compare(two_level(provisioned_concurrency=2), load_pricing("aws"))
    assert result.break_even == ()
    assert any("Break-even is not solved with provisioned concurrency" in line for line in result.assumptions)
    refused = run_cli(
        "breakeven", "--rps", "4", "--ms", "1000", "--hourly", HOURLY, "--provisioned-concurrency", "2"
    )
    assert refused.exit_code == 2 and "break-even is not solved" in refused.stderr
    hours = run_cli("compare", "--rps", "4", "--ms", "100", "--hourly", HOURLY, "--provisioned-concurrency", "2",
                    "--provisioned-hours", "100")  # fmt: skip
    assert hours.exit_code == 2 and "give the enabled hours of the day, such as 8-20" in hours.stderr
