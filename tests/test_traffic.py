"""Traffic shapes: hand-worked shares and fleets, folded CloudWatch-style series, and one line per bad file."""

from __future__ import annotations

import datetime
import random
import time
from decimal import Decimal
from pathlib import Path

import pytest

from costcalc.errors import FileFormatError, InputError
from costcalc.model.traffic import TrafficShape, hour_label, hourly_fleet, instance_hours
from costcalc.money import EXACT
from costcalc.units import HOURS_PER_MONTH, SECONDS_PER_MONTH
from costcalc.workload_files.traffic_file import parse_timestamp, read_traffic
from tests.conftest import REPO

MONDAY = datetime.datetime(2026, 11, 2)
TWO_LEVEL = [3] * 12 + [1] * 12
"""12 hours at 3x and 12 at 1x: 48 units a day, peak share 3/48, quiet share 1/48."""


def write(tmp_path: Path, text: str, name: str = "traffic.csv") -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def csv_series(rows: list[tuple[datetime.datetime, int]], header: str = "Timestamp,Invocations") -> str:
    return header + "\n" + "".join(f"{stamp:%Y-%m-%dT%H:%M:%SZ},{count}\n" for stamp, count in rows)


def error_of(path: str) -> FileFormatError:
    with pytest.raises(FileFormatError) as caught:
        read_traffic(path)
    return caught.value


# --- the shape -------------------------------------------------------------------------------


def test_a_two_level_day_has_shares_of_3_and_1_in_48_and_a_peak_of_one_and_a_half_times_the_mean() -> None:
    shape = TrafficShape.from_weights(TWO_LEVEL)
    assert shape.period == "day"
    assert shape.requests_per_day is None
    assert shape.source == "--hourly"
    assert shape.total == 48
    assert shape.peak_to_mean == Decimal("1.5")
    assert shape.weights[0] == Decimal("0.0625")  # 3/48
    assert shape.weights[12] == EXACT.divide(Decimal(1), Decimal(48))
    assert tuple(shape.busiest_hour) == (0, "00:00")
    assert tuple(shape.quietest_hour) == (12, "12:00")


def test_hourly_requests_spread_a_month_by_the_shape_in_requests_per_second() -> None:
    shape = TrafficShape.from_weights(TWO_LEVEL)
    average_one_per_second = SECONDS_PER_MONTH
    rates = shape.hourly_requests(average_one_per_second)
    assert rates == (Decimal("1.5"),) * 12 + (Decimal("0.5"),) * 12
    # 12 busy hours and 12 quiet ones, each recurring 730/24 times a month, give the month back.
    assert sum(rates) * 3600 * HOURS_PER_MONTH / 24 == SECONDS_PER_MONTH


def test_a_week_profile_spreads_each_hour_over_730_over_168_recurrences() -> None:
    week = [2] * 24 + [1] * 144  # Monday twice as busy as any other day: 192 units a week
    rates = TrafficShape.from_weights(week).hourly_requests(SECONDS_PER_MONTH)
    assert rates[0] == Decimal(2 * 168) / 192
    assert rates[167] == Decimal(168) / 192


def test_a_flat_shape_gives_every_hour_the_average_rate() -> None:
    rates = TrafficShape.from_weights([5] * 168).hourly_requests(Decimal(2_628_000))
    assert set(rates) == {Decimal(1)}


def test_counts_give_the_volume_of_a_day_or_a_seventh_of_a_week() -> None:
    assert TrafficShape.from_counts([100] * 24, "a.csv").requests_per_day == 2400
    week = TrafficShape.from_counts([10] * 168, "b.csv")
    assert week.requests_per_day == 240
    assert week.requests_per_month == Decimal(240) * 730 / 24


@pytest.mark.parametrize(
    ("index", "period", "label"),
    [
        (0, "day", "00:00"),
        (23, "day", "23:00"),
        (0, "week", "Mon 00:00"),
        (26, "week", "Tue 02:00"),
        (167, "week", "Sun 23:00"),
    ],
)
def test_hours_are_labelled_by_clock_and_by_weekday(index: int, period: str, label: str) -> None:
    assert hour_label(index, period) == label  # type: ignore[arg-type]


def test_ties_name_the_earliest_hour() -> None:
    shape = TrafficShape.from_weights([1] * 100 + [4, 4] + [1] * 66)
    assert tuple(shape.busiest_hour) == (100, "Fri 04:00")
    assert shape.quietest_hour.hour == 0


def test_weights_may_be_floats_ints_or_text() -> None:
    shape = TrafficShape.from_weights([0.7, "1.3", *[1] * 22])
    assert shape.hourly[:2] == (Decimal("0.7"), Decimal("1.3"))


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ([1] * 23, "hourly: expected 24 or 168 values (a day or a week), got 23"),
        ([1] * 25, "hourly: expected 24 or 168 values (a day or a week), got 25"),
        ([1] * 5 + [-1] + [1] * 18, "hourly: value 6: expected a number of at least 0, got -1"),
        ([float("nan")] + [1] * 23, "hourly: value 1: expected a finite number, got 'nan'"),
        ([1, "inf"] + [1] * 22, "hourly: value 2: expected a finite number, got 'inf'"),
        ([True] + [1] * 23, "hourly: value 1: expected a number, got True"),
        ([0] * 24, "hourly: all 24 values are zero: a shape needs some traffic"),
    ],
)
def test_bad_weights_are_one_input_error(values: list[object], message: str) -> None:
    with pytest.raises(InputError) as caught:
        TrafficShape.from_weights(values)  # type: ignore[arg-type]
    assert caught.value.field == "hourly"
    assert str(caught.value) == message


# --- scheduled fleets ------------------------------------------------------------------------


def test_a_scheduled_fleet_follows_demand_and_costs_fewer_instance_hours_than_a_fixed_one() -> None:
    # Each instance: 2 usable vCPUs at 50% target = 1 vCPU of demand.
    demand = [Decimal(3)] * 12 + [Decimal("0.6")] * 12
    counts = hourly_fleet(demand, Decimal(2), Decimal("0.5"), Decimal(0), 1)
    assert counts == (3,) * 12 + (1,) * 12
    assert instance_hours(counts, "day") == 1460  # (3 x 12 + 1 x 12) x 730 / 24
    fixed = (max(counts),) * 24
    assert instance_hours(fixed, "day") == 2190  # 3 x 730


def test_headroom_is_added_before_rounding_up_and_an_exact_fit_is_not_rounded_past() -> None:
    sizes = hourly_fleet([Decimal("2.5"), Decimal("2.6")], Decimal(1), Decimal(1), Decimal("0.2"), 0)
    assert sizes == (3, 4)  # 2.5 x 1.2 = 3 exactly; 2.6 x 1.2 = 3.12


def test_the_minimum_holds_in_idle_hours() -> None:
    assert hourly_fleet([Decimal(0), Decimal("0.1")], Decimal(4), Decimal("0.7"), Decimal(0), 2) == (2, 2)


def test_a_week_of_one_instance_is_730_instance_hours() -> None:
    assert instance_hours((1,) * 168, "week") == 730
    assert instance_hours((2,) * 24 + (1,) * 144, "week") == EXACT.divide(Decimal(192 * 730), Decimal(168))


def test_instance_hours_refuse_counts_that_do_not_fill_the_period() -> None:
    with pytest.raises(ValueError, match="a week has 168 hours, got 24 counts"):
        instance_hours((1,) * 24, "week")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            (Decimal(0), Decimal("0.7"), Decimal(0), 1),
            "usable_vcpus: expected a number greater than 0, got 0",
        ),
        ((Decimal(2), Decimal(0), Decimal(0), 1), "utilization: expected a number greater than 0, got 0"),
        ((Decimal(2), Decimal("0.7"), Decimal(-1), 1), "headroom: expected a number of at least 0, got -1"),
        (
            (Decimal(2), Decimal("0.7"), Decimal(0), -1),
            "min_instances: expected a whole number of at least 0, got -1",
        ),
    ],
)
def test_hourly_fleet_refuses_impossible_sizing(
    args: tuple[Decimal, Decimal, Decimal, int], message: str
) -> None:
    with pytest.raises(InputError) as caught:
        hourly_fleet([Decimal(1)], *args)
    assert str(caught.value) == message


# --- reading counts ----------------------------------------------------------------------------


def test_a_column_of_24_counts_with_a_header_and_comments(tmp_path: Path) -> None:
    text = "# made up\nrequests\n" + "".join(f"{v}\n" for v in TWO_LEVEL) + "\n"
    shape = read_traffic(write(tmp_path, text))
    assert shape.hourly == tuple(Decimal(v) for v in TWO_LEVEL)
    assert shape.requests_per_day == 48
    assert shape.peak_to_mean == Decimal("1.5")


def test_hour_and_requests_columns_may_come_in_any_order(tmp_path: Path) -> None:
    rows = [(hour, 10 + hour) for hour in range(168)]
    random.Random(1).shuffle(rows)
    shape = read_traffic(write(tmp_path, "hour,requests\n" + "".join(f"{h},{r}\n" for h, r in rows)))
    assert shape.period == "week"
    assert shape.hourly == tuple(Decimal(10 + hour) for hour in range(168))
    assert shape.requests_per_day == Decimal(sum(range(10, 178))) / 7


def test_a_yaml_list_and_a_yaml_hourly_mapping(tmp_path: Path) -> None:
    listed = read_traffic(write(tmp_path, "".join(f"- {v}\n" for v in TWO_LEVEL), "a.yaml"))
    mapped = read_traffic(write(tmp_path, f"version: 1\nhourly: {TWO_LEVEL}\n", "b.yml"))
    assert listed.hourly == mapped.hourly == tuple(Decimal(v) for v in TWO_LEVEL)


def test_a_spreadsheet_byte_order_mark_is_not_a_header(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes(b"\xef\xbb\xbf" + b"".join(b"%d\r\n" % v for v in TWO_LEVEL))
    assert read_traffic(str(path)).total == 48


@pytest.mark.parametrize("name", ["traffic-business-hours.csv", "traffic-weekly.csv"])
def test_the_examples_read_and_say_they_are_illustrations(name: str) -> None:
    path = REPO / "examples" / name
    shape = read_traffic(path)
    assert shape.period == ("day" if "business" in name else "week")
    assert "not measured data" in path.read_text().splitlines()[0]


# --- folding timestamped series ----------------------------------------------------------------


def test_a_five_minute_series_folds_into_the_average_day_of_its_hourly_totals(tmp_path: Path) -> None:
    # Three days of 5-minute sums; in hour h of day d each sum is (h + 1) x d, so the hour totals
    # 12 (h + 1) d and its average over d = 1, 2, 3 is 24 (h + 1).
    rows = [
        (MONDAY + datetime.timedelta(days=day - 1, hours=hour, minutes=minute), (hour + 1) * day)
        for day in (1, 2, 3)
        for hour in range(24)
        for minute in range(0, 60, 5)
    ]
    random.Random(7).shuffle(rows)  # exports need not be in order
    shape = read_traffic(write(tmp_path, csv_series(rows)))
    assert shape.period == "day"
    assert shape.hourly == tuple(Decimal(24 * (hour + 1)) for hour in range(24))
    assert shape.requests_per_day == 24 * sum(range(1, 25))
    assert shape.source.endswith("traffic.csv")


def test_a_series_of_two_weeks_starting_on_a_wednesday_folds_into_a_week_from_monday(tmp_path: Path) -> None:
    assert MONDAY.weekday() == 0
    start = MONDAY + datetime.timedelta(days=2)
    rows = []
    for offset in range(14 * 24):  # hourly sums: a 60-minute export
        stamp = start + datetime.timedelta(hours=offset)
        hour_of_week = stamp.weekday() * 24 + stamp.hour
        rows.append((stamp, (hour_of_week + 1) * (1 if offset < 168 else 3)))
    shape = read_traffic(write(tmp_path, csv_series(rows)))
    assert shape.period == "week"
    assert shape.hourly == tuple(Decimal(2 * (w + 1)) for w in range(168))
    assert shape.requests_per_day == Decimal(sum(2 * (w + 1) for w in range(168))) / 7
    assert shape.busiest_hour.label == "Sun 23:00"


def test_a_series_one_hour_short_of_a_week_folds_into_a_day(tmp_path: Path) -> None:
    rows = [(MONDAY + datetime.timedelta(hours=h), 7 * (h % 24 + 1)) for h in range(167)]
    shape = read_traffic(write(tmp_path, csv_series(rows)))
    assert shape.period == "day"
    assert shape.hourly == tuple(Decimal(7 * (h + 1)) for h in range(24))  # each hour averaged over its days


def test_an_hour_missing_from_the_data_is_averaged_over_the_hours_present(tmp_path: Path) -> None:
    rows = [(MONDAY + datetime.timedelta(hours=h), 10) for h in range(48) if h != 30]
    shape = read_traffic(write(tmp_path, csv_series(rows)))
    assert shape.hourly == (Decimal(10),) * 24  # 06:00 is the one hour of day 2 alone, not 10 + 0 over 2


def test_timestamps_in_any_zone_fold_in_utc(tmp_path: Path) -> None:
    assert parse_timestamp("2026-11-02T15:05:00+01:00") == datetime.datetime(2026, 11, 2, 14, 5)
    assert parse_timestamp("2026-11-02 14:05:00") == datetime.datetime(2026, 11, 2, 14, 5)
    assert parse_timestamp("2026-11-02T14:05:00z") == datetime.datetime(2026, 11, 2, 14, 5)
    rows = "".join(f"2026-11-02T{h:02d}:30:00-05:00,{h + 1}\n" for h in range(24))
    shape = read_traffic(write(tmp_path, "timestamp,requests\n" + rows))
    assert shape.hourly[5] == 1 and shape.hourly[4] == 24  # 00:30 at -05:00 is 05:30 UTC


def test_a_yaml_series_folds_like_a_csv_one(tmp_path: Path) -> None:
    points = "".join(f"  - {{timestamp: 2026-11-02T{h:02d}:00:00Z, requests: {h}}}\n" for h in range(24))
    shape = read_traffic(write(tmp_path, "version: 1\nseries:\n" + points, "t.yaml"))
    assert shape.hourly == tuple(Decimal(h) for h in range(24))


def test_a_month_of_one_minute_rows_folds_quickly(tmp_path: Path) -> None:
    rows = [(MONDAY + datetime.timedelta(minutes=m), (m // 60) % 168 % 5) for m in range(43_200)]
    path = write(tmp_path, csv_series(rows))
    started = time.perf_counter()
    shape = read_traffic(path)
    assert time.perf_counter() - started < 5  # well under 0.5 s on a laptop; this catches a blow-up
    assert shape.period == "week"
    assert shape.hourly[:6] == (Decimal(0), Decimal(60), Decimal(120), Decimal(180), Decimal(240), Decimal(0))


# --- one line for every bad file -------------------------------------------------------------


def hours_csv(counts: list[str]) -> str:
    return "requests\n" + "".join(f"{c}\n" for c in counts)


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (hours_csv(["1"] * 23), 2, "expected 24 or 168 values (a day or a week), got 23"),
        ("# note\n" + hours_csv(["1"] * 30), 3, "expected 24 or 168 values (a day or a week), got 30"),
        (hours_csv(["1"] * 4 + ["-5"] + ["1"] * 19), 6, "requests: expected a non-negative number, got '-5'"),
        (hours_csv(["1"] * 9 + ["NaN"] + ["1"] * 14), 11, "requests: expected a finite number, got 'NaN'"),
        (hours_csv(["inf"] + ["1"] * 23), 2, "requests: expected a finite number, got 'inf'"),
        (hours_csv(["1"] * 2 + ["lots"] + ["1"] * 21), 4, "requests: expected a number, got 'lots'"),
        (hours_csv(["0"] * 168), 2, "all 168 values are zero: the series has no shape"),
        ("requests\n# only a comment\n\n", 3, "no values"),
        ("1,2,3\n", 1, "expected 1 or 2 columns (requests, hour,requests or timestamp,requests), got 3"),
        ("5\n6,7\n", 2, "expected 1 column like the first row, got 2"),
        ('1\n"2\n', 2, "malformed CSV: unexpected end of data"),
        (
            "hour,requests\n" + "".join(f"{h},1\n" for h in [*range(23), 5]),
            25,
            "hour: hour 5 is given twice (first on line 7)",
        ),
        (
            "hour,requests\n" + "".join(f"{h},1\n" for h in [*range(23), 30]),
            2,
            "hour: no value for hour 23 (23:00)",
        ),
        ("hour,requests\n0,1\n168,1\n", 3, "hour: expected an hour from 0 to 167, got '168'"),
    ],
)
def test_a_bad_series_of_counts_is_one_line_naming_the_file_and_line(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    path = write(tmp_path, text)
    error = error_of(path)
    assert error.line == line
    assert str(error) == f"{path}:{line}: {message}"
    assert "\n" not in str(error)


def day_of_5_minute_rows(hours: int = 24) -> list[tuple[datetime.datetime, int]]:
    return [(MONDAY + datetime.timedelta(minutes=5 * i), 1) for i in range(hours * 12)]


def test_an_unparseable_timestamp_names_its_line(tmp_path: Path) -> None:
    text = csv_series(day_of_5_minute_rows()).replace("2026-11-02T01:00:00Z", "yesterday 01:00")
    path = write(tmp_path, text)
    assert str(error_of(path)) == (
        f"{path}:14: timestamp: expected an ISO 8601 timestamp such as 2026-11-02T14:05:00Z, got 'yesterday 01:00'"
    )


def test_a_duplicate_timestamp_names_both_lines_even_written_in_another_zone(tmp_path: Path) -> None:
    text = csv_series(day_of_5_minute_rows()) + "2026-11-02T01:05:00+01:00,4\n"
    path = write(tmp_path, text)
    assert str(error_of(path)) == (
        f"{path}:290: timestamp: duplicate timestamp 2026-11-02T00:05:00Z (first on line 3)"
    )


def test_a_series_covering_fewer_than_24_clock_hours_is_too_short_to_fold(tmp_path: Path) -> None:
    path = write(tmp_path, csv_series(day_of_5_minute_rows(23)))
    assert str(error_of(path)) == (
        f"{path}:2: too few points to fold: the series covers 23 clock hours, at least 24 needed"
    )


def test_an_all_zero_timestamped_series_has_no_shape(tmp_path: Path) -> None:
    rows = [(stamp, 0) for stamp, _ in day_of_5_minute_rows()]
    path = write(tmp_path, csv_series(rows))
    assert str(error_of(path)) == f"{path}:2: every count is zero: the series has no shape"


def test_a_week_with_an_hour_never_seen_says_which_and_how_to_fill_it(tmp_path: Path) -> None:
    rows = [
        (stamp, 1)
        for stamp in (MONDAY + datetime.timedelta(hours=h) for h in range(14 * 24))
        if (stamp.weekday(), stamp.hour) != (6, 3)
    ]
    path = write(tmp_path, csv_series(rows))
    assert str(error_of(path)) == (
        f"{path}:2: no data for Sun 03:00 in a series folded into a week; "
        "export gaps as 0 (CloudWatch metric math: FILL(m1, 0))"
    )


def test_a_negative_count_in_a_series_names_its_line(tmp_path: Path) -> None:
    text = csv_series(day_of_5_minute_rows()).replace("2026-11-02T00:10:00Z,1", "2026-11-02T00:10:00Z,-1")
    path = write(tmp_path, text)
    assert str(error_of(path)) == f"{path}:4: requests: expected a non-negative number, got '-1'"


def test_bytes_that_are_not_utf8_name_their_line(tmp_path: Path) -> None:
    path = tmp_path / "latin.csv"
    path.write_bytes(b"requests\n1\n\xe9\n")
    assert str(error_of(str(path))) == f"{path}:3: not UTF-8 text"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("traffic.txt", "expected a .csv, .yaml or .yml traffic file, got '.txt'"),
        ("traffic", "expected a .csv, .yaml or .yml traffic file, got no suffix"),
    ],
)
def test_other_suffixes_are_refused(tmp_path: Path, name: str, message: str) -> None:
    path = write(tmp_path, "1\n", name)
    assert str(error_of(path)) == f"{path}: {message}"


def test_a_missing_file_is_one_line(tmp_path: Path) -> None:
    path = str(tmp_path / "nowhere.csv")
    assert str(error_of(path)) == f"{path}: no such file"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- 1\n" * 23, ":1: (top): expected 24 or 168 values (a day or a week), got 23"),
        ("- 1\n" * 3 + "- .nan\n" + "- 1\n" * 20, ":4: [3]: expected a finite decimal number, got '.nan'"),
        ("- 1\n" * 3 + "- -2\n" + "- 1\n" * 20, ":4: [3]: expected a non-negative number, got '-2'"),
        ("hourly: [1]\n", ":1: (top): missing key 'version'"),
        ("version: 2\nhourly: [1]\n", ":1: version: unsupported version 2 (supported: 1)"),
        (
            "version: 1\n",
            ":1: (top): give exactly one of hourly: (counts by hour) and series: (timestamped counts)",
        ),
        ("version: 1\nhourly: [0, 0]\n", ":2: hourly: expected 24 or 168 values (a day or a week), got 2"),
        (
            "version: 1\nseries:\n  - {timestamp: soon, requests: 1}\n",
            ":3: series[0].timestamp: expected an ISO 8601 timestamp such as 2026-11-02T14:05:00Z, got 'soon'",
        ),
        (
            "version: 1\nseries:\n  - {timestamp: 2026-11-02T00:00:00Z}\n",
            ":3: series[0]: missing key 'requests'",
        ),
        ("42\n", ":1: (top): expected a list of 24 or 168 counts, or a mapping with hourly: or series:"),
    ],
)
def test_a_bad_yaml_series_is_one_line_naming_the_file_line_and_key(
    tmp_path: Path, text: str, message: str
) -> None:
    path = write(tmp_path, text, "traffic.yaml")
    assert str(error_of(path)) == path + message
