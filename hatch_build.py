"""Wheel build hook: ship each bundled price table's compiled form beside its YAML.

A fresh install then answers its first ``costcalc compare`` without parsing
YAML. The compiled form holds the YAML bytes it came from and the Python
version it was built with, so it is used only while both still match.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CompiledPricingHook(BuildHookInterface):  # type: ignore[type-arg]
    """Ship ``pricing/*.yaml`` as ``costcalc/pricing/`` with each one's compiled form beside it.

    Only the tables go in: ``pricing/sources/``, the data the current table is built from, stays
    in the repository and the sdist.
    """

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        """Compile the tables into a scratch folder and add them to the wheel."""
        if self.target_name != "wheel" or version == "editable":
            return
        sys.path.insert(0, self.root)
        from costcalc.catalog.cache import compile_table

        self._scratch = tempfile.mkdtemp(prefix="costcalc-compiled-")
        for table in sorted(Path(self.root, "pricing").glob("*.yaml")):
            build_data["force_include"][str(table)] = f"costcalc/pricing/{table.name}"
            compile_table(str(table), str(Path(self._scratch, f"{table.stem}.marshal")))
        for compiled in sorted(Path(self._scratch).iterdir()):  # each entry and its region files
            build_data["force_include"][str(compiled)] = f"costcalc/pricing/compiled/{compiled.name}"

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        """Remove the scratch folder."""
        scratch = getattr(self, "_scratch", None)
        if scratch:
            shutil.rmtree(scratch, ignore_errors=True)
