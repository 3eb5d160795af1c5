"""A plain compare loads only what it uses: no YAML parser, no workload-file, budget or diff code."""

import os
import subprocess
import sys

import pytest

SCRIPT = """
import sys
from costcalc.cli import main
sys.argv = ["costcalc", "compare", "--rpd", "16000", "--ms", "200"]
try:
    main()
except SystemExit:
    pass
loaded = sorted(m for m in sys.modules if m in ("yaml", "textwrap") or m.startswith(("costcalc.", "rich.rule")))
print(" ".join(loaded), file=sys.stderr)
"""

NOT_ON_THE_COMPARE_PATH = {
    "yaml",
    "textwrap",
    "costcalc.workload_files.profile",
    "costcalc.workload_files.check",
    "costcalc.workload_files.schema",
    "costcalc.workload_files.diff",
    "costcalc.model.budgets",
    "costcalc.model.sweeps",
    "costcalc.model.compare_many",
    "costcalc.catalog.review",
    "costcalc.render.data",
    "costcalc.render.markdown",
    "costcalc.render.html",
    "costcalc.render.chart",
    "costcalc.yaml_source",
    "costcalc.model.explain",
    "rich.rule",
}


def test_compare_loads_no_code_it_does_not_use(isolated_cache: object) -> None:
    env = dict(os.environ)
    subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, check=True)  # warm the cache
    done = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, check=True)
    loaded = set(done.stderr.split())
    assert "costcalc.model.comparison" in loaded  # the probe sees costcalc's modules at all
    assert not loaded & NOT_ON_THE_COMPARE_PATH


def test_importing_the_library_leaves_the_cycle_collector_as_it_found_it() -> None:
    # The import pauses the collector for its own sake only: a notebook's session keeps what it had.
    probe = "import gc, sys; {} import costcalc; print(gc.isenabled(), 'costcalc.model.comparison' in sys.modules)"
    for before, expected in (("", "True True"), ("gc.disable();", "False True")):
        done = subprocess.run(
            [sys.executable, "-c", probe.format(before)], capture_output=True, text=True, check=True
        )
        assert done.stdout.split() == expected.split()


def test_the_costcalc_process_runs_without_the_cycle_collector_and_main_leaves_it_alone(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import gc

    from costcalc.cli import main, run

    monkeypatch.setattr(sys, "argv", ["costcalc", "--version"])
    try:
        with pytest.raises(SystemExit) as called:
            main()
        assert called.value.code == 0 and gc.isenabled()  # in-process callers keep their collector
        with pytest.raises(SystemExit) as ran:
            run()
        assert ran.value.code == 0 and not gc.isenabled()
        assert capsys.readouterr().out.startswith("costcalc, version ")
    finally:
        gc.enable()
