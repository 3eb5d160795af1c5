"""Hostile offer files, interrupted writes and misbehaving servers (issue 10): one line, or it works.

The HTTP tests use a real server on 127.0.0.1 that misbehaves on purpose; every
download in them has a deadline of a few seconds, so none can hang.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import stat
import subprocess
import sys
import threading
import time
import tracemalloc
from collections.abc import Callable, Iterator
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from costcalc import CostcalcError, FileFormatError, load_pricing
from costcalc.catalog.aws_offers import importer
from costcalc.catalog.aws_offers.fetch import FetchError, byte_size, download, fetch_offers, offer_url
from costcalc.catalog.aws_offers.importer import Collected, _Ec2Filter, import_offers, read_offer
from costcalc.catalog.writer import sweep_stale_temporaries, write_table
from tests.conftest import REPO, run_cli
from tests.offers import EC2_ROWS, ec2_csv, lambda_csv, lambda_json, write

OFFER = "/offers/v1.0/aws/AmazonEC2/current/us-east-1/index.csv"
LAMBDA_OFFER = "/offers/v1.0/aws/AWSLambda/current/us-east-1/index.csv"


def one_line_error(result: object, *parts: str) -> None:
    """Exit 2 and exactly one stderr line, ``Error: ...``, holding each of ``parts``."""
    exit_code, stderr = result.exit_code, result.stderr  # type: ignore[attr-defined]
    assert exit_code == 2, stderr
    assert stderr.startswith("Error: ") and stderr.count("\n") == 1, stderr
    for part in parts:
        assert part in stderr, stderr


def temporaries(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.startswith(".costcalc-"))


# --- interrupts -----------------------------------------------------------------------


def test_ctrl_c_exits_130_with_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from costcalc.catalog import bundled
    from costcalc.cli import main

    def interrupted() -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(bundled, "bundled_tables", interrupted)
    monkeypatch.setattr(sys, "argv", ["costcalc", "pricing", "list"])
    with pytest.raises(SystemExit) as caught:
        main()
    assert caught.value.code == 130  # the shell's 128 + SIGINT; click said "Aborted!" and exited 1
    assert capsys.readouterr().err.strip() == "Interrupted"


def test_errors_and_explicit_exits_keep_their_codes(monkeypatch: pytest.MonkeyPatch) -> None:
    from costcalc.cli import main

    for argv, code in ((["--version"], 0), (["compare", "--rpd", "x"], 2), (["--bogus"], 2)):
        monkeypatch.setattr(sys, "argv", ["costcalc", *argv])
        with pytest.raises(SystemExit) as caught:
            main()
        assert caught.value.code == code, argv


# --- writing a table ------------------------------------------------------------------


def aws_plain() -> dict[str, object]:
    import copy

    from costcalc.catalog.bundled import table_path
    from costcalc.catalog.cache import load_plain

    return copy.deepcopy(load_plain(table_path("aws")[1]))  # type: ignore[arg-type]


def test_a_table_that_fails_validation_is_named_by_its_target_and_nothing_is_written(tmp_path: Path) -> None:
    plain = aws_plain()
    plain["as_of"] = "yesterday"
    out = tmp_path / "table.yaml"
    with pytest.raises(FileFormatError) as caught:
        write_table(plain, str(out))  # type: ignore[arg-type]
    assert str(caught.value).startswith(f"{out}:3: as_of: expected a date")
    assert list(tmp_path.iterdir()) == []


def test_a_replaced_table_keeps_its_mode(tmp_path: Path) -> None:
    out = tmp_path / "table.yaml"
    for mode in (0o644, 0o640, 0o600):
        out.write_text("old table\n")
        out.chmod(mode)
        import_offers([write(tmp_path, "ec2.csv", ec2_csv())], str(out))
        assert stat.S_IMODE(out.stat().st_mode) == mode
        assert load_pricing(str(out)).name == "table"


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_a_new_table_follows_the_umask(tmp_path: Path, umask: int, mode: int) -> None:
    ec2 = write(tmp_path, "ec2.csv", ec2_csv())
    old = os.umask(umask)
    try:
        import_offers([ec2], str(tmp_path / "new.yaml"))
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.yaml").stat().st_mode) == mode


def test_stale_temporary_tables_of_a_killed_import_are_swept_and_nothing_else(tmp_path: Path) -> None:
    an_hour_ago = time.time() - 3600
    stale, fresh = tmp_path / ".costcalc-dead1234.yaml.tmp", tmp_path / ".costcalc-live5678.yaml.tmp"
    others = [tmp_path / "mine.yaml.tmp", tmp_path / ".costcalc-notes.txt", tmp_path / "table.yaml"]
    for path in (stale, fresh, *others):
        path.write_text("half a table\n")
    for path in (stale, *others):
        os.utime(path, (an_hour_ago, an_hour_ago))
    folder = tmp_path / ".costcalc-folder.yaml.tmp"
    folder.mkdir()
    os.utime(folder, (an_hour_ago, an_hour_ago))
    import_offers([write(tmp_path, "ec2.csv", ec2_csv())], str(tmp_path / "table.yaml"))
    assert not stale.exists()
    assert fresh.exists() and folder.is_dir() and all(p.exists() for p in others)
    assert sweep_stale_temporaries(str(tmp_path), older_than=0) == [str(fresh)]


STALLED_IMPORT = """
import os, signal, sys, time
signal.signal(signal.SIGINT, signal.default_int_handler)  # as in a terminal, even under a runner that ignores it
table, replace = sys.argv[2], os.replace
def stalled(source, target):
    if target != table:
        return replace(source, target)  # the compiled-table cache
    print("writing", flush=True)
    time.sleep(60)
os.replace = stalled  # the table's write stops with its temporary file in place
from costcalc.cli import main
sys.argv = ["costcalc", "pricing", "import", sys.argv[1], "--out", sys.argv[2]]
main()
"""


@pytest.mark.parametrize(("name", "code"), [("SIGTERM", 143), ("SIGHUP", 129), ("SIGINT", 130)])
def test_a_signal_during_the_write_leaves_the_old_table_and_no_temporary_file(
    tmp_path: Path, name: str, code: int
) -> None:
    out = tmp_path / "table.yaml"
    out.write_text("old table\n")
    ec2 = write(tmp_path, "ec2.csv", ec2_csv())
    child = subprocess.Popen(
        [sys.executable, "-c", STALLED_IMPORT, ec2, str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )
    try:
        assert child.stdout is not None and child.stdout.readline() == "writing\n"
        assert len(temporaries(tmp_path)) == 1
        child.send_signal(getattr(signal, name))
        _, stderr = child.communicate(timeout=30)
    finally:
        child.kill()
    assert child.returncode == code, stderr
    assert temporaries(tmp_path) == []
    assert out.read_text() == "old table\n"
    if name == "SIGINT":
        assert stderr.splitlines()[-1] == "Interrupted"
        assert "Aborted" not in stderr and "Traceback" not in stderr


def test_the_target_is_checked_before_any_file_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "d.yaml").mkdir()
    ec2 = write(tmp_path, "ec2.csv", ec2_csv())
    one_line_error(run_cli("pricing", "import", ec2, "--name", "d"), "cannot write d.yaml: Is a directory")
    one_line_error(
        run_cli("pricing", "import", "never-read.csv", "--out", "missing/t.yaml"),
        "cannot write missing/t.yaml: No such file or directory",
    )
    assert (tmp_path / "d.yaml").is_dir() and temporaries(tmp_path) == []


# --- hostile offer files --------------------------------------------------------------


def read(path: str) -> importer.OfferFile:
    return read_offer(path, Collected(), _Ec2Filter((), ()))


@pytest.mark.parametrize(
    ("service", "text", "column"),
    [
        ("EC2", ec2_csv(), '"TermType"'),
        ("EC2", ec2_csv(), '"Instance Type"'),
        ("EC2", ec2_csv(), '"vCPU"'),
        ("Lambda", lambda_csv(), '"PricePerUnit"'),
    ],
)
def test_a_csv_without_a_column_the_import_reads_is_one_line(
    tmp_path: Path, service: str, text: str, column: str
) -> None:
    path = write(tmp_path, "offer.csv", text.replace(column, '"Renamed"', 1))
    result = run_cli("pricing", "import", path, "--out", str(tmp_path / "o.yaml"))
    one_line_error(result, f"{path}:6: the header row has no '{column.strip(chr(34))}' column")


def test_a_json_file_cut_at_any_byte_is_called_truncated(tmp_path: Path) -> None:
    text = lambda_json()
    path = tmp_path / "cut.json"
    for cut in range(1, len(text.rstrip()), 7):
        path.write_text(text[:cut])
        with pytest.raises(FileFormatError, match=r"truncated: the JSON ends early$"):
            read(str(path))


def test_a_csv_cut_inside_the_last_quoted_field_is_refused(tmp_path: Path) -> None:
    # Before: a cut inside the last column still gave a row of full width, and the free-tier
    # rows after it were quietly taken from the base table.
    text = lambda_csv()
    at = text.index('"Global-Request"')
    at = text.index('"AWS Lambda"', at) + len('"AWS Lam')
    path = write(tmp_path, "cut.csv", text[:at])
    result = run_cli("pricing", "import", path, "--out", str(tmp_path / "o.yaml"))
    one_line_error(result, "truncated: the last row ends inside a quoted field")
    assert not (tmp_path / "o.yaml").exists()


def lambda_document() -> dict[str, object]:
    return json.loads(lambda_json())  # type: ignore[no-any-return]


def first(mapping: object) -> dict[str, object]:
    return next(iter(mapping.values()))  # type: ignore[attr-defined,no-any-return]


def wrong_dimensions(doc: dict[str, object]) -> None:
    first(first(doc["terms"]["OnDemand"]))["priceDimensions"] = [1, 2]  # type: ignore[index]


def wrong_attributes(doc: dict[str, object]) -> None:
    first(doc["products"])["attributes"] = "Linux"


def wrong_product(doc: dict[str, object]) -> None:
    doc["products"]["LAMBDA0000000000"] = 7  # type: ignore[index]


def wrong_price(doc: dict[str, object]) -> None:
    first(first(first(doc["terms"]["OnDemand"]))["priceDimensions"])["pricePerUnit"] = None  # type: ignore[index]


def wrong_group(doc: dict[str, object]) -> None:
    first(doc["products"])["attributes"]["group"] = ["AWS-Lambda-Requests"]  # type: ignore[index]


def wrong_region(doc: dict[str, object]) -> None:
    first(doc["products"])["attributes"]["regionCode"] = {"code": "us-east-1"}  # type: ignore[index]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (wrong_dimensions, "terms.OnDemand.LAMBDA0000000000.priceDimensions: expected an object, got a list"),
        (wrong_attributes, "products.LAMBDA0000000000.attributes: expected an object, got a string"),
        (wrong_product, "products.LAMBDA0000000000: expected an object, got a number"),
        (wrong_price, ".pricePerUnit: expected an object, got null"),
        (wrong_group, "products.LAMBDA0000000000.group: expected a string"),
        (wrong_region, "products.LAMBDA0000000000.regionCode: expected a string"),
    ],
)
def test_json_values_of_the_wrong_type_are_one_line(
    tmp_path: Path, change: Callable[[dict[str, object]], None], message: str
) -> None:
    doc = lambda_document()
    change(doc)
    path = write(tmp_path, "lambda.json", json.dumps(doc))
    one_line_error(run_cli("pricing", "import", path, "--out", str(tmp_path / "o.yaml")), message)


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("1e999999999", "malformed JSON: numeric (floating point) overflow"),
        (
            "1" * 5000,
            "malformed JSON: integer overflow",
        ),  # ijson's own conversion would crash the interpreter
        ('"1e999999999"', "expected a number from 0 to 1,000,000,000,000,000, got '1e999999999'"),
        ('"1e-999999999"', "expected a number from 0 to"),
        ('"NaN"', "expected a number from 0 to"),
        ("0.0000002", "pricePerUnit.USD: expected the price as a JSON string, as AWS writes it"),
    ],
)
def test_out_of_range_json_numbers_are_one_line(tmp_path: Path, number: str, message: str) -> None:
    text = lambda_json().replace('"0.0000002"', number, 1)
    path = write(tmp_path, "lambda.json", text)
    one_line_error(run_cli("pricing", "import", path, "--out", str(tmp_path / "o.yaml")), message)


@pytest.mark.parametrize(
    ("vcpu", "message"),
    [
        ("1e5000", "m5.large vcpu: expected a number from 0 to 1,000,000,000,000,000, got '1e5000'"),
        ("2.5", "m5.large vcpu: expected a whole number, got '2.5'"),
        ("many", "m5.large vcpu: expected a number, got 'many'"),
    ],
)
def test_a_bad_vcpu_is_one_line(tmp_path: Path, vcpu: str, message: str) -> None:
    rows = [(*EC2_ROWS[0][:2], vcpu, *EC2_ROWS[0][3:])]
    path = write(tmp_path, "ec2.csv", ec2_csv(rows))
    one_line_error(run_cli("pricing", "import", path, "--out", str(tmp_path / "o.yaml")), message)


@pytest.mark.parametrize("padding", [0, 40_000], ids=["one block", "several blocks"])
def test_a_trailing_comma_is_malformed_json_at_its_line_not_truncated(tmp_path: Path, padding: int) -> None:
    doc = lambda_document()
    for n in range(padding):  # other products, so that the error lies past the parser's first blocks
        doc["products"][f"OTHER{n:08d}"] = {"productFamily": "Other", "attributes": {"group": "none"}}  # type: ignore[index]
    text = json.dumps(doc, indent=1)
    at = text.index('"terms"')
    broken = text[:at].rstrip().rstrip(",") + ",\n}"  # ends after the products, with a trailing comma
    assert len(broken) > padding * 80
    path = write(tmp_path, "lambda.json", broken)
    line = broken.count("\n") + 1
    result = run_cli("pricing", "import", path, "--out", str(tmp_path / "o.yaml"))
    one_line_error(result, f"{path}:{line}: malformed JSON: invalid object key (must be a string)")


def peak_refusing(action: Callable[[], object]) -> int:
    """The peak memory of ``action``, which refuses its file."""
    tracemalloc.start()
    with pytest.raises(FileFormatError):
        action()
    _, top = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return top


def test_a_huge_one_line_csv_is_refused_in_flat_memory(tmp_path: Path) -> None:
    head = ec2_csv().split("\n")[0] + "\n"
    for name, text in (("no-newline.csv", "x" * 40_000_000), ("long-row.csv", head + '"a' * 20_000_000)):
        path = tmp_path / name
        path.write_text(text)
        with pytest.raises(FileFormatError, match=r"a row longer than 1,048,576 characters"):
            read(str(path))
        # Before: csv.Error escaped, and 1 GB of line cost 2 GB of memory.
        assert peak_refusing(lambda path=path: read(str(path))) < 8_000_000


def test_one_long_json_string_is_refused_at_once_in_flat_memory(tmp_path: Path) -> None:
    # Before: 64 MB took 8.4 s (quadratic in the parser), 1 GB did not finish in 15 minutes.
    for filler in (b"a", b'\\"', b"\\\\"):
        body = filler * (64_000_000 // len(filler))
        path = tmp_path / "long.json"
        path.write_bytes(b'{"offerCode": "AWSLambda", "disclaimer": "' + body + b'", "products": {}}')
        started = time.monotonic()
        with pytest.raises(FileFormatError, match=r"a JSON string or number longer than 1,048,576 bytes"):
            read(str(path))
        assert time.monotonic() - started < 2
        assert peak_refusing(lambda path=path: read(str(path))) < 12_000_000
    digits = tmp_path / "digits.json"
    digits.write_bytes(b'{"offerCode": "AWSLambda", "version": ' + b"7" * 3_000_000 + b"}")
    with pytest.raises(FileFormatError, match="longer than 1,048,576 bytes"):
        read(str(digits))


def unescaped_runs(data: bytes) -> int:
    """The longest run of bytes without an unescaped double quote, reading the escapes as JSON does."""
    longest = run = 0
    escaped = False
    for byte in data:
        if escaped:
            escaped = False
            run += 1
        elif byte == ord("\\"):
            escaped = True
            run += 1
        elif byte == ord('"'):
            run = 0
        else:
            run += 1
        longest = max(longest, run)
    return longest


def test_the_token_bound_reads_escapes_as_json_does_across_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    monkeypatch.setattr(importer, "TOKEN_LIMIT", 16)  # blocks of 16 bytes: escapes fall on every boundary
    rng = random.Random(10)
    for _ in range(3000):
        data = "".join(rng.choice(['"', "\\", "a", "\\\\", '\\"', "b" * 5]) for _ in range(40)).encode()
        source = importer._JsonSource(io.BytesIO(data), "x.json")  # type: ignore[arg-type]
        try:
            while source.read(16):
                pass
            refused = False
        except FileFormatError:
            refused = True
        assert refused == (unescaped_runs(data) > 16), data


def test_a_large_json_file_reads_in_linear_time(tmp_path: Path) -> None:
    # Strings just under the bound, back to back: the worst a file can do is a constant per byte.
    block = b'"' + b"s" * (1_048_000) + b'"'
    path = tmp_path / "big.json"
    path.write_bytes(
        b'{"offerCode": "AWSLambda", "publicationDate": "2026-11-20", "products": {}, "padding": ['
        + b",".join([block] * 48)
        + b'], "terms": {"OnDemand": {}}}'
    )
    started = time.monotonic()
    offer = read(str(path))
    assert offer.offer_code == "AWSLambda"
    assert time.monotonic() - started < 5  # about 0.2 s; quadratic rescans would take minutes


# --- offer files cut short ------------------------------------------------------------


@pytest.mark.parametrize("make", [ec2_csv, lambda_csv], ids=["ec2", "lambda"])
def test_a_csv_cut_at_any_byte_is_refused_in_one_line_or_flagged(
    tmp_path: Path, make: Callable[[], str]
) -> None:
    text = make()
    path = tmp_path / "cut.csv"
    refused = 0
    for cut in range(len(text)):
        path.write_text(text[:cut])
        try:
            offer = read(str(path))
        except CostcalcError as exc:
            assert "\n" not in str(exc)
            refused += 1
            continue
        # Read, then only where the cut falls at the end of a row, or with a warning
        # (a row cut just before an empty last column still has every column).
        at_row_end = text[cut - 1] == "\n"
        assert at_row_end or offer.warnings, (cut, text[cut - 20 : cut])
    assert refused > len(text) // 2


def test_a_lambda_csv_cut_between_rows_imports_with_a_warning(tmp_path: Path) -> None:
    text = lambda_csv()
    cut = text[: text.index('"LAMBDA0000000009"')]  # before the two free-tier rows
    out = tmp_path / "o.yaml"
    result = run_cli("pricing", "import", write(tmp_path, "cut.csv", cut), "--out", str(out))
    assert result.exit_code == 0, result.stderr
    warning, summary = result.stderr.splitlines()
    assert warning.startswith("Warning: ") and "cut.csv: no free-tier requests or gb_seconds band" in warning
    assert "is it cut short?" in warning
    assert summary.startswith(f"wrote {out}")
    whole = run_cli("pricing", "import", write(tmp_path, "whole.csv", text), "--out", str(out))
    assert "Warning" not in whole.stderr


def test_an_ec2_file_without_on_demand_rows_is_flagged(tmp_path: Path) -> None:
    reserved_only = [row for row in EC2_ROWS if row[-1] != "OnDemand"]
    lam = write(tmp_path, "lambda.csv", lambda_csv())
    result = import_offers(
        [write(tmp_path, "ec2.csv", ec2_csv(reserved_only)), lam], str(tmp_path / "o.yaml")
    )
    assert result.warnings == (
        f"{tmp_path / 'ec2.csv'}: no on-demand prices; a whole AmazonEC2 offer file has them: is it cut short?",
    )


def test_a_lambda_file_without_request_prices_is_flagged(tmp_path: Path) -> None:
    lines = lambda_csv().splitlines(keepends=True)
    kept = [line for line in lines if "AWS-Lambda-Requests" not in line or "Global-Request" in line]
    offer = read(write(tmp_path, "lambda.csv", "".join(kept)))
    assert [w.split(": ", 1)[1] for w in offer.warnings] == [
        "no request prices; a whole AWSLambda offer file has them: is it cut short?"
    ]


# --- pricing fetch: options -----------------------------------------------------------


@pytest.mark.parametrize(
    ("flag", "value", "message"),
    [
        ("--timeout", "nan", "Error: --timeout: expected a number of seconds above 0, got nan"),
        ("--timeout", "-1", "Error: --timeout: expected a number of seconds above 0, got -1.0"),
        ("--timeout", "inf", "Error: --timeout: expected a number of seconds above 0, got inf"),
        ("--deadline", "0", "Error: --deadline: expected a number of seconds above 0, got 0.0"),
        ("--deadline", "nan", "Error: --deadline: expected a number of seconds above 0, got nan"),
        ("--max-size", "lots", "Error: --max-size: expected a size such as 12GB, 500MB or 2000000 (bytes)"),
        ("--max-size", "0", "Error: --max-size: expected a size of at least 1 byte, got '0'"),
        ("--region", "a b", "Error: --region: expected an AWS region code such as us-east-1, got 'a b'"),
        ("--region", "é", "Error: --region: expected an AWS region code such as us-east-1, got 'é'"),
        ("--region", "../../x", "Error: --region: expected an AWS region code"),
        ("--endpoint", "http://[::1", "Error: --endpoint: expected a valid URL (Invalid IPv6 URL)"),
        ("--endpoint", "http://:80", "Error: --endpoint: expected a URL with a host"),
        ("--endpoint", "http://h:99999", "Error: --endpoint: expected a valid URL (Port out of range"),
        ("--endpoint", "http://a b", "Error: --endpoint: expected a URL without spaces"),
    ],
)
def test_bad_fetch_options_are_one_line(tmp_path: Path, flag: str, value: str, message: str) -> None:
    result = run_cli("pricing", "fetch", flag, value, "--out", str(tmp_path / "t.yaml"))
    one_line_error(result, message)


def test_fetch_refuses_a_folder_as_target_before_downloading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "d.yaml").mkdir()
    one_line_error(
        run_cli("pricing", "fetch", "--endpoint", "http://127.0.0.1:9", "--name", "d"),
        "Error: --out: cannot write d.yaml: Is a directory",
    )


# --- pricing fetch: a server that misbehaves ------------------------------------------


def test_sizes_read_as_people_write_them() -> None:
    assert byte_size("12GB") == 12_000_000_000
    assert byte_size(" 1.5 gib ") == 1_610_612_736
    assert byte_size("500mb") == 500_000_000
    assert byte_size("2048") == 2048
    assert byte_size(7) == 7


def test_the_fetch_help_and_readme_state_the_library_defaults() -> None:
    from costcalc.catalog.aws_offers.fetch import DEFAULT_DEADLINE, DEFAULT_MAX_SIZE
    from costcalc.cli.pricing import pricing_fetch

    helps = {param.name: getattr(param, "help", "") for param in pricing_fetch.params}
    assert helps["deadline"].endswith(f"[default: {DEFAULT_DEADLINE:g}]")
    stated = helps["max_size"].rsplit("[default: ", 1)[1].rstrip("]")
    assert byte_size(stated) == DEFAULT_MAX_SIZE
    readme = (REPO / "README.md").read_text()
    assert f"(default {stated};" in readme and f"(default {DEFAULT_DEADLINE:g} s)" in readme


class Server(ThreadingHTTPServer):
    daemon_threads = True
    routes: dict[str, Callable[[Handler], None]]
    requests: list[tuple[str, str]]
    release: threading.Event


class Handler(BaseHTTPRequestHandler):
    server: Server
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        self.server.requests.append((self.path, self.headers.get("Range") or ""))
        route = self.server.routes.get(self.path)
        if route is None:
            self.send_error(404, "Not Found")
            return
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up, as it should
            route(self)

    def raw(self, data: bytes) -> None:
        self.wfile.write(data)
        self.wfile.flush()
        self.close_connection = True


def body(data: bytes, status: int = 200, **headers: str) -> Callable[[Handler], None]:
    def send(handler: Handler) -> None:
        handler.send_response(status)
        given = {name.replace("_", "-"): value for name, value in headers.items()}
        for name, value in {"Content-Length": str(len(data)), **given}.items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(data)

    return send


def raw(data: bytes) -> Callable[[Handler], None]:
    return lambda handler: handler.raw(data)


def redirect(location: str, status: int = 302) -> Callable[[Handler], None]:
    def send(handler: Handler) -> None:
        handler.send_response(status)
        handler.send_header("Location", location)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    return send


def endless(handler: Handler) -> None:
    handler.send_response(200)
    handler.end_headers()
    handler.close_connection = True
    while True:
        handler.wfile.write(b"x" * 65536)


def drip(handler: Handler, burst: int = 0) -> None:
    handler.send_response(200)
    handler.send_header("Content-Length", "1000000")
    handler.end_headers()
    handler.close_connection = True
    handler.wfile.write(b"x" * burst)
    while not handler.server.release.is_set():
        handler.wfile.write(b"0123456789")
        handler.wfile.flush()
        time.sleep(0.05)


def drip_headers(handler: Handler) -> None:
    handler.wfile.write(b"HTTP/1.1 200 OK\r\n")
    handler.close_connection = True
    while not handler.server.release.is_set():
        handler.wfile.write(b"X-Slow: 1\r\n")
        handler.wfile.flush()
        time.sleep(0.05)


@pytest.fixture
def server() -> Iterator[Server]:
    httpd = Server(("127.0.0.1", 0), Handler)
    httpd.routes = {OFFER: body(ec2_csv().encode()), LAMBDA_OFFER: body(lambda_csv().encode())}
    httpd.requests, httpd.release = [], threading.Event()
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.release.set()
    httpd.shutdown()
    httpd.server_close()


def base(server: Server) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}"


def fetch_cli(server: Server, tmp_path: Path, *args: str) -> object:
    return run_cli(
        "pricing", "fetch", "--service", "AmazonEC2", "--endpoint", base(server), "--out", str(tmp_path / "t.yaml"),
        "--tries", "1", "--deadline", "10", *args,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("route", "message"),
    [
        (body(b"x", Content_Length="abc"), "the server sent a malformed Content-Length ('abc')"),
        (
            raw(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n100\r\nonly part of a chunk"),
            "the server's reply was malformed after 20 bytes: IncompleteRead",
        ),
        (
            raw(b"SPDY/9 maybe\r\n\r\n"),
            "the server's reply was malformed after 0 bytes: BadStatusLine: SPDY/9 maybe",
        ),
        (
            raw(b"HTTP/1.1 200 OK\r\nX-Big: " + b"h" * 70_000 + b"\r\n\r\n"),
            "LineTooLong: got more than 65536 bytes when reading header line",
        ),
        (body(b"", status=500), "download failed after 1 tries (500 Internal Server Error)"),
        (redirect(OFFER), "302 a redirect loop, or more than 5 redirects"),
        (body(b"", status=302), "302 no Location"),
        (redirect("http://[::1/x"), "the server redirects to a malformed URL"),
    ],
    ids=[
        "content-length",
        "chunk-cut",
        "status-line",
        "70kb-header",
        "500",
        "loop",
        "no-location",
        "bad-location",
    ],
)
def test_a_misbehaving_server_is_one_line(
    server: Server, tmp_path: Path, route: Callable[[Handler], None], message: str
) -> None:
    server.routes[OFFER] = route
    one_line_error(fetch_cli(server, tmp_path), message)
    assert not (tmp_path / "t.yaml").exists()


def test_a_chunked_reply_is_read_whole(server: Server, tmp_path: Path) -> None:
    data = ec2_csv().encode()
    chunks = (
        b"".join(b"%x\r\n%s\r\n" % (len(part), part) for part in (data[:1000], data[1000:])) + b"0\r\n\r\n"
    )
    server.routes[OFFER] = raw(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + chunks)
    result = fetch_cli(server, tmp_path)
    assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
    assert load_pricing(str(tmp_path / "t.yaml")).ec2.offers_by_name("us-east-1")["m7g.large"] == Decimal(
        "0.0816"
    )


def test_a_redirect_on_the_same_host_is_followed(server: Server, tmp_path: Path) -> None:
    server.routes["/moved"] = server.routes[OFFER]
    server.routes[OFFER] = redirect("/moved", 301)
    target = tmp_path / "ec2.csv"
    download(offer_url(base(server), "AmazonEC2", "us-east-1", "csv"), str(target), tries=1)
    assert target.read_bytes() == ec2_csv().encode()


def test_a_redirect_to_another_host_is_not_followed(server: Server, tmp_path: Path) -> None:
    port = server.server_address[1]
    server.routes["/moved"] = server.routes[OFFER]
    for elsewhere in (f"http://localhost:{port}/moved", "ftp://127.0.0.1/moved", "file:///etc/passwd"):
        server.routes[OFFER] = redirect(elsewhere)
        one_line_error(
            fetch_cli(server, tmp_path), f"the server redirects (302) to {elsewhere}, another host"
        )
    assert [path for path, _ in server.requests] == [OFFER] * 3  # nothing went anywhere else


def test_a_resumed_download_never_carries_its_range_to_another_host(server: Server, tmp_path: Path) -> None:
    data = ec2_csv().encode()
    half = len(data) // 2

    def half_then_elsewhere(handler: Handler) -> None:
        if handler.headers.get("Range"):
            redirect(f"http://localhost:{server.server_address[1]}/moved")(handler)
            return
        handler.send_response(200)
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.raw(data[:half])  # and the connection drops

    server.routes[OFFER] = half_then_elsewhere
    with pytest.raises(FetchError, match="another host or scheme; costcalc does not follow it"):
        download(f"{base(server)}{OFFER}", str(tmp_path / "ec2.csv"), tries=3, backoff=0)
    assert [r for r in server.requests if r[0] != OFFER] == []


def test_a_resume_at_the_wrong_byte_starts_over(server: Server, tmp_path: Path) -> None:
    data = ec2_csv().encode()
    half = len(data) // 2

    def wrong_resume(handler: Handler) -> None:
        if handler.headers.get("Range"):
            body(data[10:], status=206, Content_Range=f"bytes 10-{len(data) - 1}/{len(data)}")(handler)
        elif len([r for r in server.requests if r[0] == OFFER]) == 1:
            handler.send_response(200)
            handler.send_header("Content-Length", str(len(data)))
            handler.end_headers()
            handler.raw(data[:half])
        else:
            body(data)(handler)

    server.routes[OFFER] = wrong_resume
    target = tmp_path / "ec2.csv"
    download(f"{base(server)}{OFFER}", str(target), tries=3, backoff=0)
    assert target.read_bytes() == data
    assert [r[1] for r in server.requests] == ["", f"bytes={half}-", ""]


def test_an_endless_body_stops_at_the_size_limit(server: Server, tmp_path: Path) -> None:
    server.routes[OFFER] = endless
    result = fetch_cli(server, tmp_path, "--max-size", "5MB")
    one_line_error(result, "the file is larger than the limit of 5,000,000 bytes")


def test_a_content_length_above_the_limit_is_refused_before_the_body(server: Server, tmp_path: Path) -> None:
    server.routes[OFFER] = body(b"", Content_Length=str(13 * 10**9))
    result = fetch_cli(server, tmp_path)
    one_line_error(result, "the file has 13,000,000,000 bytes, more than the limit of 12,000,000,000")


@pytest.mark.parametrize("route", [drip, drip_headers], ids=["body", "headers"])
def test_a_trickle_stops_at_the_deadline(
    server: Server, tmp_path: Path, route: Callable[[Handler], None]
) -> None:
    # Ten bytes every 0.05 s: each read is quick, so --timeout alone would wait for ever.
    server.routes[OFFER] = route
    started = time.monotonic()
    result = fetch_cli(server, tmp_path, "--deadline", "1.5", "--timeout", "5", "--tries", "3")
    one_line_error(result, "not complete within the deadline of 1.5 s")
    assert time.monotonic() - started < 5


def test_the_deadline_covers_the_pause_between_tries(server: Server, tmp_path: Path) -> None:
    server.routes[OFFER] = body(b"", status=503)
    started = time.monotonic()
    with pytest.raises(FetchError, match="deadline of 1 s"):
        download(f"{base(server)}{OFFER}", str(tmp_path / "x"), tries=5, backoff=10, deadline=1)
    assert time.monotonic() - started < 3


def test_fetch_passes_on_the_import_warnings(server: Server, tmp_path: Path) -> None:
    text = lambda_csv()
    server.routes[LAMBDA_OFFER] = body(text[: text.index('"LAMBDA0000000009"')].encode())
    result = fetch_offers(["AWSLambda"], "us-east-1", str(tmp_path / "t.yaml"), endpoint=base(server))
    assert len(result.warnings) == 1 and "no free-tier" in result.warnings[0]


# --- interrupted downloads ------------------------------------------------------------


STALLED_FETCH = """
import signal, sys
signal.signal(signal.SIGINT, signal.default_int_handler)  # as in a terminal, even under a runner that ignores it
from costcalc.cli import main
sys.argv = ["costcalc", "pricing", "fetch", "--service", "AmazonEC2", "--endpoint", sys.argv[1], "--out", sys.argv[2]]
main()
"""


@pytest.mark.parametrize(("name", "code"), [("SIGTERM", 143), ("SIGINT", 130)])
def test_a_signal_during_a_download_removes_the_scratch_folder(
    server: Server, tmp_path: Path, name: str, code: int
) -> None:
    server.routes[OFFER] = lambda handler: drip(handler, burst=100_000)  # enough to show on disk
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    child = subprocess.Popen(
        [sys.executable, "-c", STALLED_FETCH, base(server), str(tmp_path / "t.yaml")],
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "TMPDIR": str(scratch)},
        cwd=REPO,
    )
    try:
        for _ in range(200):  # until the download is under way
            if any(path.stat().st_size for path in scratch.rglob("*.csv")):
                break
            time.sleep(0.05)
        assert [p.name for p in scratch.rglob("*.csv")] == ["AmazonEC2-us-east-1.csv"]
        child.send_signal(getattr(signal, name))
        _, stderr = child.communicate(timeout=30)
    finally:
        child.kill()
    assert child.returncode == code, stderr
    assert list(scratch.iterdir()) == []
    assert "Traceback" not in stderr
    if name == "SIGINT":
        assert stderr.splitlines()[-1] == "Interrupted"
