"""The wheel carries the price tables, and an installed copy works from any directory."""

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(REPO),
        ],
        check=True,
    )
    (built,) = out.glob("costcalc-*.whl")
    return built


def test_wheel_ships_every_bundled_table(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    for table in (REPO / "pricing").glob("*.yaml"):
        assert f"costcalc/pricing/{table.name}" in names
        assert f"costcalc/pricing/compiled/{table.stem}.marshal" in names
    assert "costcalc/py.typed" in names


def test_installed_wheel_runs_from_another_directory(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--no-index",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target), "COSTCALC_CACHE_DIR": str(tmp_path / "cache")}
    code = "import costcalc, costcalc.pricing_tables as t; print(costcalc.__file__); print(t.bundled_dir())"
    located = subprocess.run(
        [sys.executable, "-c", code], cwd=elsewhere, env=env, capture_output=True, text=True
    )
    assert located.stdout.splitlines() == [
        str(target / "costcalc" / "__init__.py"),
        str(target / "costcalc" / "pricing"),
    ]
    done = subprocess.run(
        [sys.executable, "-m", "costcalc", "compare", "--rpd", "16000", "--ms", "200"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "Lambda is" in done.stdout


def test_first_run_of_an_installed_wheel_parses_no_yaml(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--no-index",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
    )
    env = {**os.environ, "PYTHONPATH": str(target), "COSTCALC_CACHE_DIR": ""}  # no user cache at all
    code = (
        "import sys, costcalc\n"
        "from costcalc import Workload, compare\n"
        "compare(Workload(rpd=16000, ms=200), 'aws')\n"
        "print('yaml' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert done.stdout.strip() == "False", done.stderr
