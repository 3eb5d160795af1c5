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

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from costcalc.budgets import Budget
from costcalc.errors import FileFormatError, InputError
from costcalc.prices import ApiGatewayKind, Arch
from costcalc.workload import Workload
from costcalc.yaml_source import YamlNode, load_yaml

FILE_VERSIONS = (1,)
LAMBDA = "lambda"
EC2_PREFIX = "ec2:"

# Workload keys, as the compare flags with underscores, and how each is read.
_READERS: dict[str, Callable[[YamlNode], Any]] = {
    "rpd": YamlNode.number,
    "rps": YamlNode.number,
    "requests_per_month": YamlNode.number,
    "ms": YamlNode.number,
    "memory": YamlNode.number,
    "arch": lambda node: node.choice(tuple(a.value for a in Arch)),
    "region": YamlNode.text,
    "free_tier": YamlNode.boolean,
    "storage": YamlNode.number,
    "api_gateway": lambda node: node.choice(("none", *(k.value for k in ApiGatewayKind))),
    "instance": lambda node: tuple(n.text() for n in node.items()) if node.is_sequence else (node.text(),),
    "peak_factor": YamlNode.number,
    "cpu_share": YamlNode.number,
    "utilization": YamlNode.number,
    "min_instances": lambda node: node.whole(minimum=1),
    "load_balancer": YamlNode.boolean,
}
WORKLOAD_KEYS = tuple(_READERS)
# Workload field names that differ from their file keys.
_FIELD_OF_KEY = {"instance": "instances"}
_KEY_OF_FIELD = {field: key for key, field in _FIELD_OF_KEY.items()}


@dataclass(frozen=True, slots=True)
class Deploy:
    """What a workload actually runs on: ``lambda`` or ``ec2:<type>``."""

    instance_type: str | None = None
    """None for Lambda."""

    @property
    def name(self) -> str:
        """The option name it matches: ``lambda`` or ``ec2:<type>``."""
        return LAMBDA if self.instance_type is None else f"{EC2_PREFIX}{self.instance_type}"

    @classmethod
    def parse(cls, text: str) -> Deploy:
        """``lambda`` or ``ec2:<type>``; raises ``ValueError`` otherwise."""
        if text == LAMBDA:
            return cls()
        if text.startswith(EC2_PREFIX) and len(text) > len(EC2_PREFIX):
            return cls(text[len(EC2_PREFIX) :])
        raise ValueError(f"expected lambda or ec2:<instance type>, got {text!r}")


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
    fields = node.fields(("deploy",), (*WORKLOAD_KEYS, "budget"))
    values = {key: _READERS[key](child) for key, child in fields.items() if key in _READERS}
    if default_region is not None:
        values.setdefault("region", default_region)
    values.update(overrides)
    if values.get("api_gateway") == "none":
        values["api_gateway"] = None
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


def _budget(node: YamlNode) -> Budget:
    fields = node.fields((), ("monthly", "daily"))
    if not fields:
        raise node.error("expected monthly and/or daily")
    return Budget(
        monthly=fields["monthly"].decimal(positive=True) if "monthly" in fields else None,
        daily=fields["daily"].decimal(positive=True) if "daily" in fields else None,
    )
