"""Workload files: named workloads, what each runs on, and what each may cost (YAML, version 1).

```yaml
version: 1
pricing: aws          # default table for every workload
region: us-east-1     # default region
workloads:
  orders-api: {rpd: 16000, ms: 200, memory: 512, deploy: lambda, budget: {monthly: 5}}
```

A file is checked whole before anything is priced: structure and types here,
values by ``Workload``; every error names the file, line and key.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from costcalc.errors import FileFormatError, InputError, one_line
from costcalc.model.budgets import Budget
from costcalc.model.deploy import Deploy
from costcalc.model.workload import FieldSpec, Workload, workload_fields
from costcalc.yaml_source import YamlNode, load_yaml

FILE_VERSIONS = (1,)

_READ_KIND: dict[str, Callable[[YamlNode, FieldSpec], Any]] = {
    "number": lambda node, spec: node.number(),
    "whole": lambda node, spec: node.whole(minimum=1),
    "switch": lambda node, spec: node.boolean(),
    "text": lambda node, spec: node.text(),
    "choice": lambda node, spec: node.choice(spec.choices),
    "names": lambda node, spec: tuple(n.text() for n in node.items()) if node.is_sequence else (node.text(),),
}
# Workload keys and how each is read, generated from Workload's fields.
_SPECS = {spec.key or name: (name, spec) for name, _, spec in workload_fields()}
WORKLOAD_KEYS = tuple(_SPECS)
_FIELD_OF_KEY = {key: name for key, (name, _) in _SPECS.items()}
_KEY_OF_FIELD = {name: key for key, name in _FIELD_OF_KEY.items()}
SHAPE_KEYS = ("hourly", "traffic")
"""The keys that give a workload's traffic shape: weights, or a file relative to the workload file."""


def _read(key: str, node: YamlNode) -> Any:
    """One workload key's value; the word for None (``none``) becomes None."""
    _, spec = _SPECS[key]
    value = _READ_KIND[spec.kind](node, spec)
    return None if spec.none and value == spec.none else value


@dataclass(frozen=True, slots=True)
class WorkloadEntry:
    """One named workload of a file."""

    name: str
    workload: Workload
    deploy: Deploy
    budget: Budget | None
    line: int
    key_lines: Mapping[str, int]
    """Line of each key given in the file, to place errors found later."""


@dataclass(frozen=True, slots=True)
class WorkloadFile:
    """A validated workload file."""

    path: str
    pricing: str
    """The table named in the file (``aws`` when it names none)."""
    pricing_line: int | None
    entries: tuple[WorkloadEntry, ...]

    def error(self, entry: WorkloadEntry, field: str, message: str) -> FileFormatError:
        """An error about ``field`` of ``entry``, at the line of its key (or of the workload)."""
        key = _KEY_OF_FIELD.get(field, field)
        line = entry.key_lines.get(key, entry.line)
        where = f"workloads.{entry.name}.{key}" if key in entry.key_lines else f"workloads.{entry.name}"
        return FileFormatError(self.path, line, where, message)


def load_workload_file(
    path: str,
    overrides: Mapping[str, Any] | None = None,
    only: str | None = None,
) -> WorkloadFile:
    """Read and check a workload file; ``overrides`` (flag values) replace file values.

    ``only`` keeps one workload by name. Keys of ``overrides`` are workload
    keys as in the file (``instance``, not ``instances``).
    """
    root = load_yaml(path)
    top = root.fields(("version", "workloads"), ("pricing", "region"))
    version = top["version"].whole()
    if version not in FILE_VERSIONS:
        supported = ", ".join(map(str, FILE_VERSIONS))
        raise top["version"].error(f"unsupported version {version} (supported: {supported})")
    default_region = top["region"].text() if "region" in top else None
    entries = [
        _entry(path, name, node, default_region, overrides or {}) for name, node in top["workloads"].entries()
    ]
    if not entries:
        raise top["workloads"].error("no workloads")
    if only is not None:
        chosen = [e for e in entries if e.name == only]
        if not chosen:
            known = ", ".join(e.name for e in entries)
            raise InputError("workload", f"no workload {only!r} in {path} (it has: {known})")
        entries = chosen
    pricing = top.get("pricing")
    return WorkloadFile(
        path=path,
        pricing=pricing.text() if pricing else "aws",
        pricing_line=pricing.line if pricing else None,
        entries=tuple(entries),
    )


def _entry(
    path: str,
    name: str,
    node: YamlNode,
    default_region: str | None,
    overrides: Mapping[str, Any],
) -> WorkloadEntry:
    if one_line(name) != name or not name.strip():
        raise node.error("a workload's name must be printable text")
    fields = node.fields(("deploy",), (*WORKLOAD_KEYS, *SHAPE_KEYS, "budget"))
    values = {key: _read(key, child) for key, child in fields.items() if key in _SPECS}
    if any(key in fields for key in SHAPE_KEYS):
        values["shape"] = _shape(path, fields)
    if default_region is not None:
        values.setdefault("region", default_region)
    values.update(overrides)
    key_lines = {key: child.key_line for key, child in fields.items()}
    try:
        deploy = Deploy.parse(fields["deploy"].text())
    except ValueError as exc:
        raise fields["deploy"].error(str(exc)) from None
    budget = _budget(fields["budget"]) if "budget" in fields else None
    try:
        workload = Workload(**{_FIELD_OF_KEY.get(key, key): value for key, value in values.items()})
    except InputError as exc:
        key = _KEY_OF_FIELD.get(exc.field, exc.field)
        line = key_lines.get(key, node.key_line)
        where = f"workloads.{name}.{key}" if key in key_lines else f"workloads.{name}"
        raise FileFormatError(path, line, where, exc.message) from None
    return WorkloadEntry(name, workload, deploy, budget, node.key_line, key_lines)


def _shape(path: str, fields: Mapping[str, YamlNode]) -> Any:
    """The shape a workload's ``hourly`` weights or ``traffic`` file gives; errors at that key's line."""
    from costcalc.workload_files.shape_input import shape_from

    hourly, traffic = fields.get("hourly"), fields.get("traffic")
    at = hourly if hourly is not None else traffic
    assert at is not None
    if hourly is not None and not hourly.is_sequence:
        raise hourly.error("expected a list of 24 or 168 numbers")
    try:
        return shape_from(
            [item.number() for item in hourly.items()] if hourly is not None else None,
            traffic.text() if traffic is not None else None,
            os.path.dirname(path),
        )
    except InputError as exc:
        message = "give hourly or traffic, not both" if hourly and traffic else exc.message
        raise at.error(message) from None


def _budget(node: YamlNode) -> Budget:
    fields = node.fields((), ("monthly", "daily"))
    if not fields:
        raise node.error("expected monthly and/or daily")
    amounts = {key: child.decimal(positive=True) for key, child in fields.items()}
    try:
        return Budget(monthly=amounts.get("monthly"), daily=amounts.get("daily"))
    except InputError as exc:
        raise fields[exc.field.removeprefix("max_")].error(exc.message) from None
