"""A plain compare loads only what it uses: no YAML parser, no workload-file, budget or diff code."""

import os
import subprocess
import sys

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
