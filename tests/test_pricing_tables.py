import csv
import os
import re
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest

from costcalc import FileFormatError, PricingError, bundled_names, load_pricing
from costcalc.catalog.bundled import resolve_alias
from costcalc.catalog.cache import entry_path
from costcalc.catalog.model import Arch
from tests.conftest import REPO, run_cli
from tests.tables import MINIMAL_TABLE, write_table

REFERENCE = REPO / "pricing" / "sources"


@pytest.mark.parametrize("name", bundled_names())
def test_every_bundled_table_loads_and_validates(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COSTCALC_CACHE_DIR", "")  # parse the YAML itself, not a cached copy
    table = load_pricing(name)
    assert table.currency == "USD"
    assert table.source and table.sources
    assert "us-east-1" in table.lambda_.regions
    assert table.ec2.instance_names("us-east-1")


def test_bundled_tables_ship_the_facts_the_issue_names() -> None:
    launch = load_pricing("aws-2015")
    assert launch.lambda_.billing_increment_ms == 100
    assert (launch.lambda_.memory_mb.minimum, launch.lambda_.memory_mb.maximum) == (128, 1536)
    assert launch.lambda_.memory_mb.step == 64
    region = launch.lambda_.regions["us-east-1"].archs[Arch.X86_64]
    assert region.request.amount == Decimal("0.0000002")
    assert region.duration[0].price.amount == Decimal("0.00001667")
    current = load_pricing("aws")
    assert current.lambda_.billing_increment_ms == 1
    assert current.lambda_.memory_mb.maximum == 10240
    assert (current.lambda_.free_tier.requests, current.lambda_.free_tier.gb_seconds) == (1_000_000, 400_000)
    assert set(current.lambda_.regions["eu-west-1"].archs) == {Arch.X86_64, Arch.ARM64}


def test_a_table_repr_names_it_without_dumping_it() -> None:
    text = repr(load_pricing("aws-2015"))
    assert text.startswith("PricingTable(name='aws-2015', as_of='2015-11-27', path=")
    assert len(text) < 300


def test_alias_aws_means_the_newest_table() -> None:
    newest = max(bundled_names(), key=lambda name: load_pricing(name).as_of)
    assert resolve_alias("aws") == newest
    assert load_pricing("aws").name == newest


def test_current_table_holds_every_reference_ec2_price() -> None:
    table = load_pricing("aws")
    with (REFERENCE / "ec2-ondemand-linux.csv").open() as handle:
        rows = [row for row in csv.DictReader(handle) if row["vcpu"]]
    for row in rows:
        found = table.ec2.offer(row["region"], row["instance_type"])
        assert found is not None, row
        assert found.hourly.amount == Decimal(row["hourly_usd"])
        assert found.instance.vcpu == int(row["vcpu"])


@pytest.mark.parametrize(
    ("name", "price"),
    [
        ("t3.micro", "0.0104"),
        ("m5.large", "0.096"),
        ("c5.large", "0.085"),
        ("t4g.micro", "0.0084"),
        ("m7g.large", "0.0816"),
        ("t2.micro", "0.0116"),
        ("r5.large", "0.126"),
        ("m6i.large", "0.096"),
    ],
)
def test_reference_spot_checks(name: str, price: str) -> None:
    found = load_pricing("aws").ec2.offer("us-east-1", name)
    assert found is not None and found.hourly.amount == Decimal(price)


def test_user_table_by_path(tmp_path: Path) -> None:
    table = load_pricing(str(write_table(tmp_path)))
    assert table.name == "fixture"
    assert table.ec2.offer("test-1", "small.one") is not None


def test_missing_table_file_is_a_pricing_error(tmp_path: Path) -> None:
    with pytest.raises(PricingError, match="no such pricing file"):
        load_pricing(str(tmp_path / "nope.yaml"))
    with pytest.raises(PricingError, match="is a directory, not a pricing file"):
        load_pricing(str(tmp_path))


def test_unknown_table_name_lists_the_known_ones() -> None:
    with pytest.raises(PricingError, match=r"unknown pricing table 'nope' \(known: aws, aws-2015"):
        load_pricing("nope")


def test_a_near_miss_table_name_gets_a_suggestion_and_any_case_is_accepted() -> None:
    with pytest.raises(PricingError, match=r"'awz' \(did you mean 'aws'\?\)"):
        load_pricing("awz")
    assert load_pricing("AWS-2015").name == "aws-2015"


def broken(tmp_path: Path, old: str, new: str) -> str:
    assert old in MINIMAL_TABLE
    path = write_table(tmp_path, MINIMAL_TABLE.replace(old, new, 1))
    with pytest.raises(FileFormatError) as caught:
        load_pricing(path)
    return str(caught.value).replace(str(path), "FILE")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "        small.one: 0.05",
            "        small.one: abc",
            "FILE:43: ec2.regions.test-1.prices.small.one: expected a decimal number, got 'abc'",
        ),
        (
            "        small.one: 0.05",
            "        small.one: -0.05",
            "FILE:43: ec2.regions.test-1.prices.small.one: expected a non-negative number, got '-0.05'",
        ),
        (
            "        small.one: 0.05",
            "        small.one: .nan",
            "FILE:43: ec2.regions.test-1.prices.small.one: expected a finite decimal number, got '.nan'",
        ),
        (
            "currency: USD",
            "currency: USD\ncolour: blue",
            "FILE:3: colour: unknown key (expected one of: api_gateway, as_of, cloudwatch_logs, currency, "
            "data_transfer, ebs, ec2, fargate, lambda, lambda_managed, load_balancer, notes, public_ipv4, source, "
            "sources, version)",
        ),
        ("version: 1", "version: 7", "FILE:1: version: unsupported version 7 (supported: 1)"),
        ("version: 1\n", "", "FILE:1: (top): missing key 'version'"),
        ("as_of: 2026-01-01", "as_of: soon", "FILE:3: as_of: expected a date (YYYY-MM-DD), got 'soon'"),
        (
            "    small.one: {vcpu: 1,",
            "    small.one: {vcpu: two,",
            "FILE:36: ec2.instance_types.small.one.vcpu: expected a whole number (at most 18 digits), got 'two'",
        ),
        (
            "  source: fixture\n  billing",
            "  source: nowhere\n  billing",
            "FILE:8: lambda.source: unknown source 'nowhere' (sources: fixture)",
        ),
        (
            "          - {price: 0.001}",
            "          - {up_to: 9000, price: 0.001}",
            "FILE:22: lambda.regions.test-1.x86_64.per_gb_second[2]: the last tier must be open (no up_to)",
        ),
        (
            "          - {up_to: 3000, price: 0.005}",
            "          - {up_to: 500, price: 0.005}",
            "FILE:21: lambda.regions.test-1.x86_64.per_gb_second[1].up_to: tier bounds must increase",
        ),
        (
            "        arm.one: 0.001",
            "        arm.one: 0.001\n        ghost.one: 0.1",
            "FILE:46: ec2.regions.test-1.prices.ghost.one: instance type 'ghost.one' is not listed "
            "under ec2.instance_types",
        ),
        (
            "source: test fixture",
            "source: !!python/object:os.system test",
            "FILE:4: source: tag !!python/object:os.system is not allowed",
        ),
        (
            "        burst.two: 0.01",
            "        small.one: 0.01",
            "FILE:44: ec2.regions.test-1.prices.small.one: duplicate key",
        ),
    ],
)
def test_malformed_tables_name_file_line_and_key(tmp_path: Path, old: str, new: str, message: str) -> None:
    assert broken(tmp_path, old, new) == message


def test_yaml_syntax_errors_name_the_line(tmp_path: Path) -> None:
    message = broken(tmp_path, "currency: USD", "currency: [USD")
    assert message.startswith("FILE:3: malformed YAML: ")
    assert "\n" not in message


def test_yaml_aliases_are_refused_rather_than_expanded(tmp_path: Path) -> None:
    text = MINIMAL_TABLE.replace("sources:\n", "sources: &s\n", 1).replace("notes:", "x:")
    text = text.replace("api_gateway:\n", "notes: *s\napi_gateway:\n", 1)
    path = write_table(tmp_path, text)
    with pytest.raises(FileFormatError, match="notes: YAML aliases are not supported"):
        load_pricing(path)


def test_an_empty_file_is_reported(tmp_path: Path) -> None:
    path = write_table(tmp_path, "")
    with pytest.raises(FileFormatError, match="the file is empty"):
        load_pricing(path)


# --- the compiled cache ------------------------------------------------------


def test_an_edited_table_is_never_served_from_a_stale_cache(tmp_path: Path, isolated_cache: Path) -> None:
    path = write_table(tmp_path)
    assert load_pricing(path).ec2.offer("test-1", "small.one").hourly.amount == Decimal("0.05")  # type: ignore[union-attr]
    assert os.path.exists(entry_path(str(isolated_cache), str(path)))
    # Same size, same mtime granularity: only the bytes differ.
    path.write_text(MINIMAL_TABLE.replace("small.one: 0.05", "small.one: 0.07"))
    assert load_pricing(path).ec2.offer("test-1", "small.one").hourly.amount == Decimal("0.07")  # type: ignore[union-attr]


def test_a_damaged_cache_entry_is_ignored_and_rewritten(tmp_path: Path, isolated_cache: Path) -> None:
    path = write_table(tmp_path)
    load_pricing(path)
    entry = Path(entry_path(str(isolated_cache), str(path)))
    entry.write_bytes(b"\x00garbage")
    assert load_pricing(path).name == "fixture"
    assert entry.read_bytes() != b"\x00garbage"


def test_a_cached_table_equals_a_freshly_parsed_one(monkeypatch: pytest.MonkeyPatch) -> None:
    cached_first, cached_again = load_pricing("aws"), load_pricing("aws")
    monkeypatch.setenv("COSTCALC_CACHE_DIR", "")
    fresh = load_pricing("aws")
    assert cached_first == cached_again == fresh


def test_an_unwritable_cache_directory_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("COSTCALC_CACHE_DIR", str(blocker / "cache"))
    assert load_pricing(write_table(tmp_path)).name == "fixture"


def test_ec2_regions_are_read_only_when_asked_for(tmp_path: Path) -> None:
    path = write_table(tmp_path)
    load_pricing(path)  # writes the compiled form
    table = load_pricing(path)  # reads it
    regions = table.ec2.regions
    assert type(regions).__name__ == "LazyRegions"
    assert regions._loaded == {}  # type: ignore[attr-defined]
    assert table.ec2.offer("test-1", "small.one") is not None
    assert list(regions._loaded) == ["test-1"]  # type: ignore[attr-defined]


def test_a_damaged_region_file_falls_back_to_the_yaml(tmp_path: Path, isolated_cache: Path) -> None:
    path = write_table(tmp_path)
    load_pricing(path)
    entry = Path(entry_path(str(isolated_cache), str(path)))
    (region_file,) = [
        p for p in isolated_cache.iterdir() if p.name.startswith(entry.stem + ".") and p != entry
    ]
    region_file.write_bytes(b"garbage")
    assert load_pricing(path).ec2.offer("test-1", "small.one").hourly.amount == Decimal("0.05")  # type: ignore[union-attr]


def test_rewriting_an_entry_removes_the_old_region_files(tmp_path: Path, isolated_cache: Path) -> None:
    path = write_table(tmp_path)
    load_pricing(path)
    entry = Path(entry_path(str(isolated_cache), str(path)))
    (old,) = [p for p in isolated_cache.iterdir() if p.name.startswith(entry.stem + ".") and p != entry]
    an_hour_ago = time.time() - 3600  # old enough that no writer can still be on its way to naming it
    os.utime(old, (an_hour_ago, an_hour_ago))
    path.write_text(MINIMAL_TABLE.replace("small.one: 0.05", "small.one: 0.06"))
    load_pricing(path)
    region_files = [p for p in isolated_cache.iterdir() if p.name.startswith(entry.stem + ".") and p != entry]
    assert len(region_files) == 1  # only the current generation's test-1
    assert region_files != [old]


@pytest.mark.parametrize("name", ["aws-2015", "aws-2026-07-20"])
def test_a_written_table_reads_back_as_the_same_typed_table(name: str, tmp_path: Path) -> None:
    from costcalc.catalog.bundled import table_path
    from costcalc.catalog.schema import table_from_plain, validate_table
    from costcalc.catalog.writer import write_table
    from costcalc.yaml_source import load_yaml

    _, path = table_path(name)
    plain = validate_table(load_yaml(path))
    out = tmp_path / f"{name}.yaml"
    write_table(plain, str(out))
    again = validate_table(load_yaml(str(out)))
    assert again == plain
    original, rewritten = table_from_plain(name, plain), table_from_plain(name, again)
    assert rewritten == original
    cheapest = original.ec2.regions["us-east-1"]["by_price"][0]
    assert rewritten.ec2.offer("us-east-1", cheapest) == original.ec2.offer("us-east-1", cheapest) is not None


@pytest.mark.parametrize("name", ["aws", "AWS-2015"])
def test_validate_takes_a_table_name_as_show_and_diff_do(name: str) -> None:
    result = run_cli("pricing", "validate", name)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(str(REPO / "pricing"))
    assert ": valid (version 1, as of " in result.stdout


def test_validate_says_one_region_not_one_regions() -> None:
    result = run_cli("pricing", "validate", "aws-2015")
    assert "1 Lambda region, 1 EC2 region, 8 instance types, 8 EC2 prices)" in result.stdout


def test_validate_of_a_directory_or_unknown_name_is_one_line(tmp_path: Path) -> None:
    assert run_cli("pricing", "validate", str(tmp_path)).stderr == (
        f"Error: {tmp_path}: is a directory, not a pricing file\n"
    )
    unknown = run_cli("pricing", "validate", "awz")
    assert unknown.exit_code == 2
    assert unknown.stderr.startswith("Error: unknown pricing table 'awz' (did you mean 'aws'?)")


def test_the_current_table_rebuilds_from_the_repository_alone(tmp_path: Path) -> None:
    # No folder outside the checkout: the build reads pricing/sources by default.
    out = tmp_path / "rebuilt.yaml"
    script = REPO / "scripts" / "build_current_table.py"
    subprocess.run([sys.executable, str(script), str(REFERENCE), str(out)], check=True, cwd=tmp_path)
    newest = REPO / "pricing" / f"{resolve_alias('aws')}.yaml"
    assert out.read_text() == newest.read_text()


@pytest.mark.parametrize("name", bundled_names())
def test_every_source_text_names_something_a_user_can_find(name: str) -> None:
    table = load_pricing(name)
    texts = [table.source, *table.sources.values(), table.notes or ""]
    for text in texts:
        assert "shared/reference" not in text
        for cited in re.findall(r"(?:pricing/sources|tests/data)/[\w./-]*\w", text):
            assert (REPO / cited).exists(), cited
    # A bare file name (not part of an upstream repository's path) is one of ours.
    bare = r"(?<![\w/.-])[\w-]+\.(?:md|csv)\b"
    cited_files = {word for text in texts for word in re.findall(bare, text)}
    assert cited_files or name != resolve_alias("aws")
    for cited in cited_files:
        assert (REFERENCE / cited).is_file(), cited


def test_every_source_file_has_its_provenance_in_the_readme() -> None:
    readme = (REFERENCE / "README.md").read_text()
    for data in REFERENCE.iterdir():
        if data.name != "README.md":
            assert f"`{data.name}`" in readme, data.name
    for sample in (REPO / "tests" / "data" / "offer-samples").iterdir():
        assert sample.name in readme, sample.name
