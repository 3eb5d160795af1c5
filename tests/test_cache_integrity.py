"""The compiled cache never serves a wrong figure: damaged, planted, torn or raced files are misses, repaired once."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path

import pytest

from costcalc import FileFormatError, PricingTable, Workload, compare, load_pricing
from costcalc.catalog import cache
from costcalc.catalog.cache import compile_table, entry_path, load_plain
from costcalc.catalog.schema import table_from_plain
from tests.tables import MINIMAL_TABLE

WORKLOAD = Workload(rpd=16000, ms=200, instances=("m5.large",), purchases=("spot", "reserved:1y"))
EC2_REGIONS = 27  # every region of the bundled table with EC2 prices
KEPT_TYPES = {"m5.large", "t3.micro", "c5.large", "m6g.large"}

# Loads a table the way a later run does, reads every EC2 region, and says whether it parsed YAML.
# Given a gate file, it says it is ready and waits for the gate, so that many runs load at the same moment.
LATER_RUN = """
import os, sys, time
from costcalc import Workload, compare, load_pricing
from costcalc.catalog.cache import load_plain
from costcalc.catalog.schema import table_from_plain
path = sys.argv[1]
if len(sys.argv) > 3:
    open(f"{sys.argv[3]}.{os.getpid()}", "w").close()
    deadline = time.monotonic() + 60
    while not os.path.exists(sys.argv[3]) and time.monotonic() < deadline:
        time.sleep(0.002)
if sys.argv[2] == "shipped":
    table = table_from_plain("prices", load_plain(path, shipped=True), path)
else:
    table = load_pricing(path)
regions = {name: dict(prices) for name, prices in table.ec2.regions.items()}
workload = Workload(rpd=16000, ms=200, instances=("m5.large",), purchases=("spot", "reserved:1y"))
options = compare(workload, table).options
print("yaml" in sys.modules, len(regions), *(option.monthly for option in options))
"""


@pytest.fixture(scope="session")
def small_table_text(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The current bundled table cut to a few instance types: every EC2 region, parsed in milliseconds."""
    from costcalc.catalog.bundled import table_path
    from costcalc.catalog.schema import validate_table
    from costcalc.catalog.writer import write_table
    from costcalc.yaml_source import load_yaml

    plain = validate_table(load_yaml(table_path("aws")[1]))
    ec2 = plain["ec2"]
    ec2["instance_types"] = {k: v for k, v in ec2["instance_types"].items() if k in KEPT_TYPES}
    regions = {}
    for name, region in ec2["regions"].items():
        prices = {k: v for k, v in region["prices"].items() if k in KEPT_TYPES}
        regions[name] = {
            **region,
            "prices": prices,
            "by_price": [k for k in region["by_price"] if k in prices],
        }
    ec2["regions"] = regions
    ec2["commitments"] = {
        name: {
            kind: {**section, "rates": {k: v for k, v in section["rates"].items() if k in KEPT_TYPES}}
            for kind, section in sections.items()
        }
        for name, sections in ec2["commitments"].items()
    }
    out = tmp_path_factory.mktemp("small") / "small.yaml"
    write_table(plain, str(out))
    return out.read_text()


@pytest.fixture
def table_file(tmp_path: Path, small_table_text: str) -> Path:
    path = tmp_path / "prices.yaml"
    path.write_text(small_table_text)
    return path


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache of this test's own, so its files can be counted."""
    directory = tmp_path / "cache"
    monkeypatch.setenv("COSTCALC_CACHE_DIR", str(directory))
    return directory


def figures(table: PricingTable) -> list[Decimal]:
    """Every option's monthly cost, Spot and Reserved too: on-demand and commitment files both count."""
    return [option.monthly for option in compare(WORKLOAD, table).options]


def parsed(path: Path, monkeypatch: pytest.MonkeyPatch) -> PricingTable:
    """The table parsed from its YAML, no cache involved: the truth a cached table must equal."""
    with monkeypatch.context() as patch:
        patch.setenv("COSTCALC_CACHE_DIR", "")
        return load_pricing(path)


def entry_of(directory: Path, path: Path) -> Path:
    return Path(entry_path(str(directory), str(path)))


def region_files(directory: Path, path: Path) -> list[Path]:
    """The region files of the generation the entry on disk names."""
    entry = entry_of(directory, path)
    generation = cache._generation_on_disk(str(entry))
    return sorted(directory.glob(f"{entry.stem}.{generation}.*.marshal"))


def region_file(directory: Path, path: Path, region: str = "us-east-1") -> Path:
    (found,) = [p for p in region_files(directory, path) if p.name.endswith(f".{region}.marshal")]
    return found


def later_run(path: Path, how: str = "user") -> tuple[bool, int, list[Decimal]]:
    """A new process's run: whether it parsed YAML, how many regions it read, and its figures."""
    done = subprocess.run(
        [sys.executable, "-c", LATER_RUN, str(path), how],
        env=dict(os.environ),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    parsed_yaml, regions, *monthly = done.stdout.split()
    return parsed_yaml == "True", int(regions), [Decimal(m) for m in monthly]


def reset(directory: Path, files: dict[Path, bytes]) -> None:
    """Put the cache back as it was: exactly these files with these bytes."""
    for path in directory.iterdir():
        if path not in files:
            path.unlink()
    for path, data in files.items():
        if path.read_bytes() != data:
            path.write_bytes(data)


# --- damaged and planted files ---------------------------------------------------


def test_a_flipped_byte_anywhere_in_any_compiled_file_never_changes_a_figure(
    table_file: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    truth = parsed(table_file, monkeypatch)
    expected = figures(truth)
    load_pricing(table_file)  # compiles it
    pristine = {
        p: p.read_bytes() for p in [entry_of(cache_dir, table_file), *region_files(cache_dir, table_file)]
    }
    assert len(pristine) == 1 + len(truth.ec2.regions) + len(truth.ec2.commitments)
    rng = random.Random(10)
    for path, data in pristine.items():
        # The header is where a flip could mislead a reader about sizes; the rest is the payload.
        head, rest = (8, 24) if path == entry_of(cache_dir, table_file) else (2, 2)
        positions = rng.sample(range(64), head) + rng.sample(range(64, len(data)), rest)
        for position in positions:
            reset(cache_dir, pristine)
            damaged = bytearray(data)
            damaged[position] ^= rng.randrange(1, 256)
            path.write_bytes(damaged)
            table = load_pricing(table_file)
            assert figures(table) == expected, (path.name, position)
            assert table == truth, (path.name, position)  # every region's prices, not only the one compared


@pytest.mark.parametrize("which", ["entry", "region file"])
def test_a_truncated_compiled_file_is_rebuilt(
    which: str, table_file: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = figures(parsed(table_file, monkeypatch))
    load_pricing(table_file)
    target = entry_of(cache_dir, table_file) if which == "entry" else region_file(cache_dir, table_file)
    target.write_bytes(target.read_bytes()[: target.stat().st_size // 2])
    assert figures(load_pricing(table_file)) == expected
    assert later_run(table_file) == (False, EC2_REGIONS, expected)  # repaired: served whole, no YAML parsed


# The first bytes of a marshalled list of 2**31 - 1 items: marshal would try to allocate 16 GB for it.
HOSTILE = b"[\xff\xff\xff\x7f"


@pytest.mark.parametrize("which", ["entry", "region file"])
@pytest.mark.parametrize("content", ["five hostile bytes", "a huge sparse file"])
def test_a_hostile_compiled_file_costs_little_time_or_memory(
    which: str, content: str, table_file: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = figures(parsed(table_file, monkeypatch))
    load_pricing(table_file)
    target = entry_of(cache_dir, table_file) if which == "entry" else region_file(cache_dir, table_file)
    if content == "five hostile bytes":
        target.write_bytes(HOSTILE)
    else:
        with target.open("r+b") as handle:
            handle.truncate(1 << 32)  # 4 GB that take no disk, behind a valid header
    started = time.perf_counter()
    tracemalloc.start()
    try:
        got = figures(load_pricing(table_file))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert got == expected
    assert peak < 64 << 20
    assert time.perf_counter() - started < 10


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
@pytest.mark.parametrize("which", ["entry", "region file"])
def test_a_pipe_in_place_of_a_compiled_file_does_not_block(
    which: str, table_file: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = figures(parsed(table_file, monkeypatch))
    load_pricing(table_file)
    target = entry_of(cache_dir, table_file) if which == "entry" else region_file(cache_dir, table_file)
    target.unlink()
    os.mkfifo(target)
    _, regions, got = later_run(table_file)  # a process of its own: a blocked open would time out
    assert (regions, got) == (EC2_REGIONS, expected)


def test_a_planted_region_file_with_an_edited_price_is_refused(
    table_file: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    truth = parsed(table_file, monkeypatch)
    expected = figures(truth)
    load_pricing(table_file)
    target = region_file(cache_dir, table_file)
    price = truth.ec2.regions["us-east-1"]["prices"]["m5.large"]
    assert isinstance(price, str)
    us_east_1 = truth.ec2.regions["us-east-1"]
    edited = dict(us_east_1, prices={**us_east_1["prices"], "m5.large": "0.069"})
    generation = target.name.split(".")[-3]
    # Sealed as a writer would seal it, with a digest of its own: still not the digest the entry records.
    target.write_bytes(cache._pack(generation, ("us-east-1", edited))[0])
    assert figures(load_pricing(table_file)) == expected
    # Edited in place, the digest in its own header no longer matches.
    target = region_file(cache_dir, table_file)  # of the entry that repair wrote
    data = target.read_bytes()
    assert price.encode() in data
    target.write_bytes(data.replace(price.encode(), b"0.069"))
    assert figures(load_pricing(table_file)) == expected


def test_an_entry_with_an_edited_lambda_price_is_refused(
    table_file: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = figures(parsed(table_file, monkeypatch))
    load_pricing(table_file)
    entry = entry_of(cache_dir, table_file)
    data = entry.read_bytes()
    # Only the compiled prices, not the entry's copy of the YAML: that copy still matches the table file.
    source = table_file.read_bytes()
    start = data.index(source)
    compiled, rest = data[:start], data[start + len(source) :]
    gb_second = b"0.0000166667"  # us-east-1 x86_64, first tier
    assert gb_second in compiled + rest
    entry.write_bytes(
        compiled.replace(gb_second, b"0.0000966667") + source + rest.replace(gb_second, b"0.0000966667")
    )
    assert figures(load_pricing(table_file)) == expected


def test_an_entry_naming_a_missing_region_file_is_repaired(
    table_file: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = figures(parsed(table_file, monkeypatch))
    load_pricing(table_file)
    entry = entry_of(cache_dir, table_file)
    before = entry.read_bytes()
    region_file(cache_dir, table_file).unlink()
    assert figures(load_pricing(table_file)) == expected
    assert entry.read_bytes() != before  # written again, with every region file it names
    assert later_run(table_file) == (False, EC2_REGIONS, expected)


@pytest.mark.parametrize("where", ["comment start", "chunk boundary", "last byte"])
def test_a_one_byte_edit_anywhere_in_a_many_chunk_table_is_a_miss(
    where: str, table_file: Path, cache_dir: Path
) -> None:
    # A comment makes the table span several comparison chunks; one letter of it changes, size kept.
    text = table_file.read_text() + "# " + "x" * (3 * cache._CHUNK) + "\n"
    table_file.write_text(text)
    assert later_run(table_file)[0]  # parsed, then compiled
    assert not later_run(table_file)[0]  # served from the entry
    position = {"comment start": len(text) - 3 * cache._CHUNK, "chunk boundary": 2 * cache._CHUNK}.get(
        where, len(text) - 2
    )
    assert text[position] == "x"
    table_file.write_text(text[:position] + "y" + text[position + 1 :])
    assert later_run(table_file)[0]  # the edit was seen: parsed again


def test_a_table_edited_during_a_run_that_then_parses_it_is_one_clear_error(
    table_file: Path, cache_dir: Path
) -> None:
    load_pricing(table_file)  # compiles it
    plain = load_plain(str(table_file))  # served from the entry; regions are read when asked for
    region_file(cache_dir, table_file).unlink()
    table_file.write_text(table_file.read_text() + "# edited\n")
    # The missing region must come from the YAML, which no longer is what the rest was served from.
    with pytest.raises(FileFormatError, match="changed while costcalc was reading it"):
        plain["ec2"]["regions"]["us-east-1"]


def test_an_entry_of_an_edited_text_never_completes_a_table_begun_from_the_earlier_one(
    table_file: Path, cache_dir: Path
) -> None:
    text = table_file.read_text()
    start = text.index("\n    us-east-1:\n      source:", text.index("\nec2:"))
    price = text.index("m5.large: '0.096'", start) + len("m5.large: '")
    edited = text[:price] + "0.999" + text[price + len("0.096") :]  # the same size, another price
    table_file.write_text(edited)
    load_plain(str(table_file))  # an earlier run compiled the edited text into the user cache
    table_file.write_text(text)
    shipped = table_file.parent / "compiled" / f"{table_file.stem}.marshal"
    compile_table(str(table_file), str(shipped))
    plain = load_plain(str(table_file), shipped=True)  # served from the wheel's entry of the first text
    (wheel_region,) = shipped.parent.glob(f"{table_file.stem}.*.us-east-1.marshal")
    wheel_region.unlink()
    table_file.write_text(edited)  # edited mid-run: the user entry now matches the file, not the head
    with pytest.raises(FileFormatError, match="changed while costcalc was reading it"):
        plain["ec2"]["regions"]["us-east-1"]


def test_a_damaged_region_file_of_a_wheel_is_repaired_in_the_user_cache(
    table_file: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = figures(parsed(table_file, monkeypatch))
    shipped = table_file.parent / "compiled" / f"{table_file.stem}.marshal"
    compile_table(str(table_file), str(shipped))
    (damaged,) = shipped.parent.glob(f"{table_file.stem}.*.us-east-1.marshal")
    damaged.write_bytes(b"damaged")
    table = table_from_plain("prices", load_plain(str(table_file), shipped=True), str(table_file))
    assert figures(table) == expected
    # The wheel cannot be rewritten; the user cache took the repair, and serves every later run.
    assert later_run(table_file, "shipped") == (False, EC2_REGIONS, expected)


@pytest.mark.parametrize("quoted", ["'../outside\\a:b'", '"x\\0y"', "'x y'"])
def test_region_names_that_are_not_file_names_are_refused_before_anything_is_cached(
    quoted: str, tmp_path: Path, cache_dir: Path
) -> None:
    path = tmp_path / "odd.yaml"
    path.write_text(MINIMAL_TABLE + f"    {quoted}:\n      prices:\n        small.one: 0.06\n")
    with pytest.raises(FileFormatError, match="expected a name of lower-case letters"):
        load_pricing(path)
    # Nothing is written outside the cache.
    assert sorted(p.name for p in tmp_path.iterdir() if p != cache_dir) == ["odd.yaml"]


# --- writers at the same time ------------------------------------------------------


def test_twenty_first_runs_at_once_leave_a_whole_entry(
    table_file: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = figures(parsed(table_file, monkeypatch))
    gate = table_file.parent / "go"
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", LATER_RUN, str(table_file), "user", str(gate)],
            env=dict(os.environ),
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(20)
    ]
    deadline = time.monotonic() + 60
    while len(list(gate.parent.glob("go.*"))) < 20 and time.monotonic() < deadline:
        time.sleep(0.01)  # until every run has started and waits at the gate
    gate.touch()
    outputs = [run.communicate(timeout=120)[0].split() for run in runs]
    assert [run.returncode for run in runs] == [0] * 20
    assert sum(output[0] == "True" for output in outputs) > 1  # several wrote the entry at once
    for _, regions, *monthly in outputs:
        assert (regions, [Decimal(m) for m in monthly]) == (str(EC2_REGIONS), expected)
    assert later_run(table_file) == (False, EC2_REGIONS, expected)  # the entry left has every region file


def test_young_region_files_no_entry_names_are_kept(table_file: Path, cache_dir: Path) -> None:
    load_pricing(table_file)
    first = region_files(cache_dir, table_file)
    table_file.write_text(table_file.read_text() + "# edited\n")
    load_pricing(table_file)
    assert region_files(cache_dir, table_file) != first  # a new generation
    # Another writer may have written these and be about to write the entry that names them.
    assert all(path.exists() for path in first)


def test_cleanup_keeps_the_files_of_the_entry_on_disk_however_old(table_file: Path, cache_dir: Path) -> None:
    load_pricing(table_file)
    entry, files = entry_of(cache_dir, table_file), region_files(cache_dir, table_file)
    leftover = cache_dir / f".{entry.name}.abc.tmp"  # of a writer that died before renaming it
    leftover.write_bytes(b"half an entry")
    unnamed = cache_dir / f"{entry.stem}.{'1' * 12}.us-east-1.marshal"
    unnamed.write_bytes(b"a region file no entry names")
    an_hour_ago = time.time() - 3600
    for path in cache_dir.iterdir():
        os.utime(path, (an_hour_ago, an_hour_ago))
    # Another process's cleanup: it wrote generation 0, then the entry on disk replaced its own.
    cache._remove_stale(str(entry), "0" * 12)
    assert sorted(cache_dir.iterdir()) == sorted([entry, *files])
