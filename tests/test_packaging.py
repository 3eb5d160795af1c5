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
    build = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out)]
    subprocess.run([*build, str(REPO)], check=True)
    (built,) = out.glob("costcalc-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel installed (without dependencies, offline) into a folder of its own."""
    target = tmp_path_factory.mktemp("site")
    install = [
        sys.executable,
        "-m",
        "pip",
        "install",
        "-q",
        "--no-deps",
        "--no-index",
        "--target",
        str(target),
    ]
    subprocess.run([*install, str(wheel)], check=True)
    return target


def run_installed(site: Path, cwd: Path, cache: str, *argv: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(site), "COSTCALC_CACHE_DIR": cache}
    return subprocess.run([sys.executable, *argv], cwd=cwd, env=env, capture_output=True, text=True)


def test_wheel_ships_every_bundled_table(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    for table in (REPO / "pricing").glob("*.yaml"):
        assert f"costcalc/pricing/{table.name}" in names
        assert f"costcalc/pricing/compiled/{table.stem}.marshal" in names
    assert "costcalc/py.typed" in names


def test_wheel_leaves_out_the_source_data_the_tables_are_built_from(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert (REPO / "pricing" / "sources" / "ec2-ondemand-linux.csv").is_file()
    assert not [name for name in names if "/sources/" in name or name.endswith(".csv")]


def test_installed_wheel_runs_from_another_directory(installed: Path, tmp_path: Path) -> None:
    cache = str(tmp_path / "cache")
    code = "import costcalc, costcalc.catalog.bundled as t; print(costcalc.__file__); print(t.bundled_dir())"
    located = run_installed(installed, tmp_path, cache, "-c", code)
    assert located.stdout.splitlines() == [
        str(installed / "costcalc" / "__init__.py"),
        str(installed / "costcalc" / "pricing"),
    ]
    done = run_installed(
        installed, tmp_path, cache, "-m", "costcalc", "compare", "--rpd", "16000", "--ms", "200"
    )
    assert done.returncode == 0, done.stderr
    assert "Lambda is" in done.stdout


def test_first_run_of_an_installed_wheel_parses_no_yaml(installed: Path, tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from costcalc import Workload, compare\n"
        "compare(Workload(rpd=16000, ms=200), 'aws')\n"
        "print('yaml' in sys.modules)"
    )
    done = run_installed(installed, tmp_path, "", "-c", code)  # "": no user cache at all
    assert done.stdout.strip() == "False", done.stderr
