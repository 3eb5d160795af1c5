"""Hostile offer files, interrupted writes and misbehaving servers (issue 10): one line, or it works.

The HTTP tests use a real server on 127.0.0.1 that misbehaves on purpose; every
download in them has a deadline of a few seconds, so none can hang.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

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
