"""Hostile offer files, interrupted writes and misbehaving servers (issue 10): one line, or it works.

The HTTP tests use a real server on 127.0.0.1 that misbehaves on purpose; every
download in them has a deadline of a few seconds, so none can hang.
"""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from costcalc import FileFormatError, load_pricing
from costcalc.catalog.aws_offers.importer import import_offers
from costcalc.catalog.writer import sweep_stale_temporaries, write_table
from tests.conftest import REPO, run_cli
from tests.offers import ec2_csv, write

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
