"""Writing price tables: the validated plain form back to schema-1 YAML, atomically.

``validate_table`` reads a table into plain data; ``table_document`` is its
inverse, so a table can be built or merged in plain form and written out.
A table is validated before anything is written, then written to a temporary
file beside the target and renamed over it: an interrupted or failed write
never leaves a broken or half table. SIGTERM and SIGHUP unwind like Ctrl-C
(see ``unwinding_signals``), so the temporary file goes too; one left by a
``kill -9`` is swept by a later write to the same folder.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import signal
import stat
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from costcalc.catalog.schema import Plain, validate_table

if TYPE_CHECKING:
    from costcalc.catalog.plain import (
        PlainCommitments,
        PlainEc2Region,
        PlainFargateArch,
        PlainPrice,
        PlainTable,
        PlainTier,
    )
from costcalc.errors import InputError
from costcalc.yaml_source import load_yaml


def _price(plain: PlainPrice) -> Any:
    if isinstance(plain, str):
        return plain
    out = {"price": plain["amount"]}
    out.update({key: plain[key] for key in ("confidence", "note") if key in plain})
    return out


def _tiers(tiers: list[PlainTier]) -> list[Plain]:
    out = []
    for tier in tiers:
        price = _price(tier["price"])
        entry: Plain = {} if tier["up_to"] is None else {"up_to": tier["up_to"]}
        entry.update(price if isinstance(price, dict) else {"price": price})
        out.append(entry)
    return out


def _meta(plain: Mapping[str, Any], inherited: str | None = None) -> Plain:
    out: Plain = {}
    if plain.get("source"):
        out["source"] = list(plain["source"])
    if plain.get("confidence") and plain["confidence"] != inherited:
        out["confidence"] = plain["confidence"]
    return out


def _ec2_region(plain: PlainEc2Region) -> Plain:
    """A region's EC2 prices: its own source's, then each older source's, as the schema reads them."""
    older = plain.get("older", [])
    from_older = {name for group in older for name in group["names"]}
    prices = plain["prices"]
    out: Plain = {
        **_meta(plain),
        **({"partial": plain["partial"]} if "partial" in plain else {}),
        **({"as_of": plain["as_of"]} if "as_of" in plain else {}),
        "prices": {name: _price(p) for name, p in prices.items() if name not in from_older},
    }
    groups = {  # a caller may have cut prices from the plain form: a group writes what is left
        group["source"][0]: {
            "as_of": group["as_of"],
            "confidence": group["confidence"],
            "prices": {name: _price(prices[name]) for name in group["names"] if name in prices},
        }
        for group in older
    }
    groups = {source: group for source, group in groups.items() if group["prices"]}
    if groups:
        out["older"] = groups
    return out


def _sourced_section(plain: Mapping[str, Any], rate: Callable[[str, Any], Any] = lambda _, r: r) -> Plain:
    """A sourced section: its source, confidence and date, then each entry's rates, ``rate(key, value)``
    writing one as the schema reads it."""
    out: Plain = {"source": list(plain["source"]), "confidence": plain["confidence"]}
    if "as_of" in plain:
        out["as_of"] = plain["as_of"]
    out["rates"] = {
        name: {key: rate(key, value) for key, value in rates.items()}
        for name, rates in plain["rates"].items()
    }
    return out


def _arch_price(arch: str, price: Any) -> Any:
    """A Lambda plan rate: a price per architecture."""
    return _price(price)


def _fargate_rate(arch: str, prices: PlainFargateArch) -> Plain:
    """A Fargate plan rate: an architecture's prices."""
    return _fargate_arch(prices)


def _fargate_arch(prices: PlainFargateArch) -> Plain:
    return {"per_vcpu_hour": _price(prices["per_vcpu_hour"]), "per_gb_hour": _price(prices["per_gb_hour"])}


def _commitments(plain: PlainCommitments) -> Plain:
    return {
        section: _sourced_section(plain[section])
        for section in ("spot", "reserved", "savings_plans")
        if section in plain
    }


def table_document(plain: PlainTable) -> Plain:
    """The YAML document (as Python data) of a table in plain form."""
    lam = plain["lambda"]
    regions = {}
    for region, r in lam["regions"].items():
        entry = _meta(r)
        storage = r.get("ephemeral_storage")
        if storage is not None:
            entry["ephemeral_storage_per_gb_second"] = _price(storage)
        for arch in ("x86_64", "arm64"):
            if arch in r:
                entry[arch] = {
                    "per_million_requests": _price(r[arch]["per_million_requests"]),
                    "per_gb_second": _tiers(r[arch]["per_gb_second"]),
                }
                provisioned = r[arch].get("provisioned")
                if provisioned is not None:
                    entry[arch]["provisioned"] = {
                        "per_gb_second": _price(provisioned["per_gb_second"]),
                        "duration_per_gb_second": _price(provisioned["duration_per_gb_second"]),
                    }
        if "savings_plans" in r:
            entry["savings_plans"] = _sourced_section(r["savings_plans"], _arch_price)
        regions[region] = entry
    per_vcpu = lam["memory_mb_per_vcpu"]
    lambda_doc: Plain = {
        **({"source": list(lam["source"])} if lam.get("source") else {}),
        **({"memory_mb_per_vcpu": _price(per_vcpu)} if per_vcpu is not None else {}),
        "billing_increment_ms": lam["billing_increment_ms"],
        "max_duration_ms": lam["max_duration_ms"],
        "memory_mb": lam["memory_mb"],
        **({"ephemeral_storage_mb": lam["ephemeral_storage_mb"]} if lam.get("ephemeral_storage_mb") else {}),
        "free_tier": lam["free_tier"],
        "regions": regions,
    }
    document: Plain = {
        "version": plain["version"],
        "currency": plain["currency"],
        "as_of": plain["as_of"],
        "source": plain["source"],
        "sources": plain["sources"],
    }
    if plain.get("notes"):
        document["notes"] = plain["notes"]
    document["lambda"] = lambda_doc
    if plain.get("api_gateway"):
        document["api_gateway"] = {
            "regions": {
                region: {
                    **_meta(r),
                    **{k: {"per_million_requests": _tiers(r[k])} for k in ("rest", "http") if k in r},
                }
                for region, r in plain["api_gateway"].items()
            }
        }
    if plain.get("load_balancer"):
        document["load_balancer"] = {
            "regions": {
                region: {
                    **_meta(r),
                    "per_hour": _price(r["per_hour"]),
                    "per_lcu_hour": _price(r["per_lcu_hour"]),
                }
                for region, r in plain["load_balancer"].items()
            }
        }
    ec2 = plain["ec2"]
    document["ec2"] = {
        **({"source": list(ec2["source"])} if ec2.get("source") else {}),
        "instance_types": ec2["instance_types"],
        "regions": {region: _ec2_region(r) for region, r in ec2["regions"].items()},
    }
    commitments = {region: _commitments(c) for region, c in ec2.get("commitments", {}).items() if c}
    if commitments:
        document["ec2"]["commitments"] = commitments
    if plain["cloudwatch_logs"]:
        document["cloudwatch_logs"] = {
            "regions": {
                region: {
                    **_meta(r),
                    "standard_per_gb": _price(r["standard_per_gb"]),
                    "lambda_per_gb": _tiers(r["lambda_per_gb"]),
                }
                for region, r in plain["cloudwatch_logs"].items()
            }
        }
    transfer = plain["data_transfer"]
    if transfer is not None:
        document["data_transfer"] = {
            "free_gb_per_month": transfer["free_gb_per_month"],
            "regions": {
                region: {**_meta(r), "internet_per_gb": _tiers(r["internet_per_gb"])}
                for region, r in transfer["regions"].items()
            },
        }
    if plain["ebs"]:
        document["ebs"] = {
            "regions": {
                region: {**_meta(r), "volume": r["volume"], "per_gb_month": _price(r["per_gb_month"])}
                for region, r in plain["ebs"].items()
            }
        }
    ipv4 = plain["public_ipv4"]
    if ipv4 is not None:
        document["public_ipv4"] = {**_meta(ipv4), "per_hour": _price(ipv4["per_hour"])}
    fargate = plain.get("fargate")
    if fargate:
        document["fargate"] = {
            **_meta(fargate),
            "included_storage_gb": fargate["included_storage_gb"],
            "task_sizes": [
                {"vcpu": t["vcpu"], "memory_gb": list(t["memory_gb"])} for t in fargate["task_sizes"]
            ],
            "regions": {
                region: {
                    **_meta(r, fargate["confidence"]),
                    **{arch: _fargate_arch(r[arch]) for arch in ("x86_64", "arm64") if arch in r},
                    **(
                        {"ephemeral_storage_per_gb_hour": _price(storage)}
                        if (storage := r["ephemeral_storage_per_gb_hour"]) is not None
                        else {}
                    ),
                    **(
                        {"savings_plans": _sourced_section(r["savings_plans"], _fargate_rate)}
                        if "savings_plans" in r
                        else {}
                    ),
                }
                for region, r in fargate["regions"].items()
            },
        }
    managed = plain.get("lambda_managed")
    if managed:
        document["lambda_managed"] = {
            **_meta(managed),
            "management_fee": _price(managed["management_fee"]),
            "per_million_requests": _price(managed["per_million_requests"]),
            "default_instances": managed["default_instances"],
            "min_environment_mb": managed["min_environment_mb"],
            "os_reserved": {
                "vcpu": managed["os_reserved_vcpu"],
                "memory_gb": managed["os_reserved_memory_gb"],
            },
            "memory_gb_per_vcpu": managed["memory_gb_per_vcpu"],
            "concurrency_per_vcpu": dict(managed["concurrency_per_vcpu"]),
            "families": list(managed["families"]),
        }
    return document


TEMP_PREFIX, TEMP_SUFFIX = ".costcalc-", ".yaml.tmp"
STALE_AFTER = 10 * 60
"""Seconds after which a temporary table beside the target is an orphan: a write takes well under one."""


def check_target(out: str) -> None:
    """Refuse, before any work, a target that cannot become a table file: a folder, or a missing folder."""
    if os.path.isdir(out):
        raise InputError("out", f"cannot write {out}: {os.strerror(errno.EISDIR)}")
    if not os.path.isdir(os.path.dirname(os.path.abspath(out))):
        raise InputError("out", f"cannot write {out}: {os.strerror(errno.ENOENT)}")


def write_table(plain: PlainTable, out: str, header: str = "") -> None:
    """Write ``plain`` as YAML to ``out``: validated first, then written beside it and renamed into place.

    An existing ``out`` keeps its permissions; a new one gets the usual ones (0666 less the umask).
    """
    import yaml

    # The C emitter, where PyYAML has it: the pure-Python one takes seconds on an all-region table.
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    text = header + yaml.dump(
        table_document(plain), Dumper=dumper, sort_keys=False, default_flow_style=False, width=110
    )
    # Validated from memory, before any file exists: errors name the target, and a kill
    # during the (slow) validation leaves nothing behind.
    validate_table(load_yaml(out, text))
    check_target(out)
    directory = os.path.dirname(os.path.abspath(out))
    with unwinding_signals():
        sweep_stale_temporaries(directory)
        temp = ""
        try:
            fd, temp = _create_temporary(directory)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                with contextlib.suppress(FileNotFoundError):
                    os.chmod(temp, stat.S_IMODE(os.stat(out).st_mode))  # keep the old table's mode
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())  # the data is on disk before the name points at it
            os.replace(temp, out)
        except BaseException as exc:
            if temp:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(temp)
            if isinstance(exc, OSError):
                raise InputError("out", f"cannot write {out}: {exc.strerror or exc}") from None
            raise


def _create_temporary(directory: str) -> tuple[int, str]:
    """A new file beside the target, created as ``open`` would (so the umask applies), never 0600."""
    while True:
        temp = os.path.join(directory, f"{TEMP_PREFIX}{secrets.token_hex(8)}{TEMP_SUFFIX}")
        try:
            return os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), temp
        except FileExistsError:
            continue


def sweep_stale_temporaries(directory: str, older_than: float = STALE_AFTER) -> list[str]:
    """Remove costcalc's own temporary tables in ``directory`` left by a killed write; returns their paths.

    Only regular files named ``.costcalc-*.yaml.tmp`` and untouched for ``older_than`` seconds go.
    """
    removed: list[str] = []
    cutoff = time.time() - older_than
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return removed
    for entry in entries:
        if not (entry.name.startswith(TEMP_PREFIX) and entry.name.endswith(TEMP_SUFFIX)):
            continue
        try:
            if entry.is_file(follow_symlinks=False) and entry.stat(follow_symlinks=False).st_mtime < cutoff:
                os.unlink(entry.path)
                removed.append(entry.path)
        except OSError:
            continue  # gone already, or not ours to remove
    return removed


class Terminated(SystemExit):
    """SIGTERM or SIGHUP arrived: unwinding so that temporary files go, then exiting 128 + the signal."""

    def __init__(self, signum: int) -> None:
        super().__init__(128 + signum)
        self.signum = signum


def _unwind(signum: int, _frame: object) -> None:
    raise Terminated(signum)


@contextlib.contextmanager
def unwinding_signals() -> Iterator[None]:
    """While inside, SIGTERM and SIGHUP raise ``Terminated``, so ``finally`` blocks clean up.

    Their default action kills the process on the spot. Only signals still at that default
    are taken over, only in the main thread (the only one Python delivers signals to), and
    the defaults come back on the way out; nested uses leave the outer one in charge.
    """
    taken = []
    if threading.current_thread() is threading.main_thread():
        for name in ("SIGTERM", "SIGHUP"):
            number = getattr(signal, name, None)
            if number is not None and signal.getsignal(number) == signal.SIG_DFL:
                signal.signal(number, _unwind)
                taken.append(number)
    try:
        yield
    finally:
        for number in taken:
            signal.signal(number, signal.SIG_DFL)
