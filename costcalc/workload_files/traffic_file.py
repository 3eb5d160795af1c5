"""Traffic files: request counts by hour, or a timestamped series, read into a ``TrafficShape``.

The suffix decides the format. A CSV file (``.csv``) holds one of:

* one column of 24 counts (a day, 00:00 first) or 168 (a week, Monday 00:00 first);
* two columns ``hour,requests``, hours 0 to 23 or 0 to 167, each once, in any order;
* two columns ``timestamp,requests``: ISO 8601 timestamps (``2026-11-02T14:05:00Z``,
  ``2026-11-02 14:05:00``, ``2026-11-02T15:05:00+01:00``) at any period, such as a CloudWatch
  ``Invocations`` or ALB ``RequestCount`` export of 1-, 5- or 60-minute sums.

The first row may be a header (any text that does not start like a number); lines that start
with ``#`` are comments, and blank lines are skipped. A YAML file (``.yaml``, ``.yml``) is a
list of 24 or 168 counts, or a mapping with ``version: 1`` and one of ``hourly: [...]`` or
``series: [{timestamp: ..., requests: ...}, ...]``.

A timestamped series is folded: the counts in each clock hour (UTC; a timestamp without a zone
is taken as UTC) are added up, and each hour of the week (when the series spans 7 days or more)
or of the day (otherwise) is the average of the clock hours that fall on it. Only hours present
in the data count, so a gap in an export is not read as an hour without traffic. CloudWatch
omits a period with no data points rather than writing 0; a quiet service exported that way
should be exported with gaps filled (metric math ``FILL(m1, 0)``), or an hour that never has
traffic is refused as missing. A clock hour only partly covered (a series that starts at 14:35)
counts as a whole one: export whole hours.

Every problem is one ``FileFormatError`` naming the file and line: a bad timestamp or count
names its row; a problem of the whole series (too few values, all zero) names its first row.
CSV is read as a stream, so a month of 1-minute rows (43,200) reads in a fraction of a second;
YAML is parsed whole, so long series belong in CSV.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import itertools
import os
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import BinaryIO, Protocol

from costcalc.errors import FileFormatError, InputError
from costcalc.model.traffic import HOURS_IN, PERIOD_OF, Period, TrafficShape, hour_label
from costcalc.money import exact
from costcalc.numbers import NumberError, parse_decimal, shown
from costcalc.yaml_source import MAX_FILE_BYTES, YamlNode, load_yaml

FILE_VERSIONS = (1,)
"""The ``version:`` values a YAML traffic mapping may have."""
MIN_CLOCK_HOURS = 24
"""Clock hours a timestamped series must cover at least: fewer cannot fill a day."""
_WEEK = HOURS_IN["week"]
_DAY = HOURS_IN["day"]
_HOUR = re.compile(r"[0-9]{1,3}")
_NOT_FINITE = {"nan", "snan", "inf", "infinity"}
_UTC = datetime.timezone.utc
ZERO = Decimal(0)


def read_traffic(path: str | os.PathLike[str]) -> TrafficShape:
    """The traffic shape in a CSV or YAML file (by its suffix); see the module docstring for the layouts.

    A series of hourly counts, or a timestamped series folded into an average day or week, gives
    both the shape and the volume (``requests_per_day``).
    """
    name = os.fspath(path)
    suffix = os.path.splitext(name)[1].lower()
    if suffix == ".csv":
        return _read_csv(name)
    if suffix in (".yaml", ".yml"):
        return _read_yaml(name)
    got = shown(suffix) if suffix else "no suffix"
    raise FileFormatError(name, None, "", f"expected a .csv, .yaml or .yml traffic file, got {got}")


def parse_timestamp(text: str) -> datetime.datetime:
    """An ISO 8601 timestamp as a naive UTC ``datetime``; one without a zone is taken as UTC.

    Raises ``ValueError`` with a message for people.
    """
    cleaned = text.strip()
    if cleaned[-1:] in ("Z", "z"):
        # Python 3.10's fromisoformat does not read the Z suffix that CloudWatch writes.
        cleaned = cleaned[:-1] + "+00:00"
    try:
        stamp = datetime.datetime.fromisoformat(cleaned)
        if stamp.tzinfo is not None:
            stamp = stamp.astimezone(_UTC).replace(tzinfo=None)
    except (ValueError, OverflowError):  # overflow: a zone that moves year 1 or 9999 off the calendar
        raise ValueError(
            f"expected an ISO 8601 timestamp such as 2026-11-02T14:05:00Z, got {shown(text)}"
        ) from None
    return stamp


class _Series:
    """A timestamped series summed by clock hour, row by row (mutable while reading)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.hours: dict[int, Decimal] = {}
        """Requests in each clock hour, keyed by the date's ordinal x 24 + the hour."""
        self.lines: dict[datetime.datetime, int] = {}
        """The line of each timestamp read, to name both lines of a duplicate."""
        self.first_line: int | None = None

    def add(self, line: int, key: str, stamp: datetime.datetime, count: Decimal) -> None:
        """Count ``count`` requests at ``stamp``, read on ``line``."""
        earlier = self.lines.setdefault(stamp, line)
        if earlier != line:
            raise FileFormatError(
                self.path, line, key, f"duplicate timestamp {stamp.isoformat()}Z (first on line {earlier})"
            )
        if self.first_line is None:
            self.first_line = line
        hour = stamp.toordinal() * 24 + stamp.hour
        self.hours[hour] = self.hours.get(hour, ZERO) + count

    @exact
    def fold(self) -> TrafficShape:
        """The average day (or week, for a series spanning 7 days or more) of the hourly totals."""
        line = self.first_line or 1
        if len(self.hours) < MIN_CLOCK_HOURS:
            raise FileFormatError(
                self.path,
                line,
                "",
                f"too few points to fold: the series covers {len(self.hours)} clock hours, "
                f"at least {MIN_CLOCK_HOURS} needed",
            )
        if not any(self.hours.values()):
            raise FileFormatError(self.path, line, "", "every count is zero: the series has no shape")
        span = max(self.hours) - min(self.hours) + 1
        period: Period = "week" if span >= _WEEK else "day"
        size = HOURS_IN[period]
        sums = [ZERO] * size
        occurrences = [0] * size
        for hour, count in self.hours.items():
            # Ordinal 1 (0001-01-01) was a Monday, so key - 24 counts hours from a Monday 00:00.
            slot = (hour - _DAY) % size
            sums[slot] += count
            occurrences[slot] += 1
        if 0 in occurrences:
            missing = hour_label(occurrences.index(0), period)
            raise FileFormatError(
                self.path,
                line,
                "",
                f"no data for {missing} in a series folded into a {period}; "
                "export gaps as 0 (CloudWatch metric math: FILL(m1, 0))",
            )
        return TrafficShape.from_counts(
            [total / seen for total, seen in zip(sums, occurrences, strict=True)], source=self.path
        )


def _shape_of_counts(path: str, counts: list[Decimal], line: int) -> TrafficShape:
    """The shape of 24 or 168 hourly counts, whose first one is on ``line``."""
    if len(counts) not in PERIOD_OF:
        raise FileFormatError(
            path, line, "", f"expected 24 or 168 values (a day or a week), got {len(counts)}"
        )
    if not any(counts):
        raise FileFormatError(path, line, "", f"all {len(counts)} values are zero: the series has no shape")
    try:
        return TrafficShape.from_counts(counts, source=path)
    except InputError as exc:  # checked above; kept so a new rule there still names the file
        raise FileFormatError(path, line, "", exc.message) from None


# --- CSV -------------------------------------------------------------------------------------


def _open(path: str) -> BinaryIO:
    try:
        handle = open(path, "rb")  # noqa: SIM115 - the caller closes it
    except OSError as exc:
        raise FileFormatError.unreadable(path, exc) from None
    if os.fstat(handle.fileno()).st_size > MAX_FILE_BYTES:
        handle.close()
        raise FileFormatError(
            path, None, "", f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MB: not a traffic series"
        )
    return handle


def _lines(handle: BinaryIO, path: str) -> Iterator[str]:
    """The file's lines for ``csv.reader``, one for one, so its ``line_num`` is the line in the file.

    Each line is decoded on its own, so a byte that is not UTF-8 is reported on its line;
    a comment line becomes an empty one, which ``csv.reader`` reads as an empty row.
    """
    for number, raw in enumerate(handle, start=1):
        if number == 1 and raw.startswith(codecs.BOM_UTF8):  # spreadsheets write one
            raw = raw[len(codecs.BOM_UTF8) :]
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise FileFormatError(path, number, "", "not UTF-8 text") from None
        yield "\n" if line.startswith("#") else line


def _is_header(cell: str) -> bool:
    """Whether a first row's first cell is a column name rather than a value or a timestamp."""
    text = cell.strip()
    return bool(text) and text[0] not in "0123456789+-." and text.lower() not in _NOT_FINITE


def _count(path: str, line: int, key: str, text: str) -> Decimal:
    try:
        value = parse_decimal(text)
    except NumberError as exc:
        raise FileFormatError(path, line, key, str(exc)) from None
    if value < 0:
        raise FileFormatError(path, line, key, f"expected a non-negative number, got {shown(text.strip())}")
    return value


class _Rows(Protocol):
    """What ``csv.reader`` is to the functions here: rows, and the line the last one ended on."""

    line_num: int

    def __iter__(self) -> Iterator[list[str]]: ...


_Numbered = Iterator[tuple[int, list[str]]]
"""Rows with values, each with its line."""


def _read_csv(path: str) -> TrafficShape:
    with _open(path) as handle:
        reader = csv.reader(_lines(handle, path), strict=True)
        try:
            return _read_rows(path, reader)
        except csv.Error as exc:
            raise FileFormatError(path, reader.line_num, "", f"malformed CSV: {exc}") from None


def _data_rows(reader: _Rows) -> _Numbered:
    """The rows that hold values: blank and comment lines skipped, and a header in the first row."""
    first = True
    for row in reader:
        if not "".join(row).strip():
            continue
        if first:
            first = False
            if _is_header(row[0]):
                continue
        yield reader.line_num, row


@exact
def _read_rows(path: str, reader: _Rows) -> TrafficShape:
    rows = _data_rows(reader)
    first = next(rows, None)
    if first is None:
        raise FileFormatError(path, max(reader.line_num, 1), "", "no values")
    line, row = first
    everything = itertools.chain([first], rows)
    if len(row) == 1:
        return _read_counts(path, line, everything)
    if len(row) == 2 and _HOUR.fullmatch(row[0].strip()):
        return _read_hours(path, line, everything)
    if len(row) == 2:
        return _read_series(path, everything)
    raise FileFormatError(
        path,
        line,
        "",
        f"expected 1 or 2 columns (requests, hour,requests or timestamp,requests), got {len(row)}",
    )


def _check_width(path: str, line: int, row: list[str], width: int) -> None:
    if len(row) != width:
        raise FileFormatError(
            path,
            line,
            "",
            f"expected {width} {'column' if width == 1 else 'columns'} like the first row, got {len(row)}",
        )


def _read_counts(path: str, first_line: int, rows: _Numbered) -> TrafficShape:
    counts: list[Decimal] = []
    for line, row in rows:
        _check_width(path, line, row, 1)
        counts.append(_count(path, line, "requests", row[0]))
    return _shape_of_counts(path, counts, first_line)


def _read_hours(path: str, first_line: int, rows: _Numbered) -> TrafficShape:
    counts: dict[int, Decimal] = {}
    lines: dict[int, int] = {}
    for line, row in rows:
        _check_width(path, line, row, 2)
        text = row[0].strip()
        if not _HOUR.fullmatch(text) or int(text) >= _WEEK:
            raise FileFormatError(
                path, line, "hour", f"expected an hour from 0 to {_WEEK - 1}, got {shown(text)}"
            )
        hour = int(text)
        if hour in lines:
            raise FileFormatError(
                path, line, "hour", f"hour {hour} is given twice (first on line {lines[hour]})"
            )
        lines[hour] = line
        counts[hour] = _count(path, line, "requests", row[1])
    if len(counts) in PERIOD_OF:
        missing = next((hour for hour in range(len(counts)) if hour not in counts), None)
        if missing is not None:
            label = hour_label(missing, PERIOD_OF[len(counts)])
            raise FileFormatError(path, first_line, "hour", f"no value for hour {missing} ({label})")
    return _shape_of_counts(path, [counts[hour] for hour in sorted(counts)], first_line)


def _read_series(path: str, rows: _Numbered) -> TrafficShape:
    series = _Series(path)
    for line, row in rows:
        _check_width(path, line, row, 2)
        try:
            stamp = parse_timestamp(row[0])
        except ValueError as exc:
            raise FileFormatError(path, line, "timestamp", str(exc)) from None
        series.add(line, "timestamp", stamp, _count(path, line, "requests", row[1]))
    return series.fold()


# --- YAML ------------------------------------------------------------------------------------


@exact
def _read_yaml(path: str) -> TrafficShape:
    root = load_yaml(path)
    if root.is_sequence:
        return _yaml_counts(path, root)
    if not root.is_mapping:
        raise root.error("expected a list of 24 or 168 counts, or a mapping with hourly: or series:")
    top = root.fields(("version",), ("hourly", "series"))
    version = top["version"].whole()
    if version not in FILE_VERSIONS:
        supported = ", ".join(map(str, FILE_VERSIONS))
        raise top["version"].error(f"unsupported version {version} (supported: {supported})")
    if ("hourly" in top) == ("series" in top):
        raise root.error("give exactly one of hourly: (counts by hour) and series: (timestamped counts)")
    if "hourly" in top:
        return _yaml_counts(path, top["hourly"])
    series = _Series(path)
    for item in top["series"].items():
        point = item.fields(("timestamp", "requests"))
        stamp_node = point["timestamp"]
        try:
            stamp = parse_timestamp(stamp_node.text())
        except ValueError as exc:
            raise stamp_node.error(str(exc)) from None
        series.add(stamp_node.key_line, stamp_node.key, stamp, point["requests"].decimal())
    return series.fold()


def _yaml_counts(path: str, node: YamlNode) -> TrafficShape:
    counts = [item.decimal() for item in node.items()]
    try:
        return _shape_of_counts(path, counts, node.key_line)
    except FileFormatError as exc:
        raise node.error(exc.message) from None
