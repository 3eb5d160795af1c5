"""Writing price tables: the validated plain form back to schema-1 YAML, atomically.

``validate_table`` reads a table into plain data; ``table_document`` is its
inverse, so a table can be built or merged in plain form and written out.
Every write goes to a temporary file that is validated, then renamed over the
target: an interrupted or failed write never leaves a broken or half table.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from costcalc.catalog.schema import Plain, validate_table

if TYPE_CHECKING:
    from costcalc.catalog.plain import PlainEc2Region, PlainPrice, PlainTable, PlainTier
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
    return document


def write_table(plain: PlainTable, out: str, header: str = "") -> None:
    """Write ``plain`` as YAML to ``out``: validated in a temporary file first, then renamed into place."""
    import yaml

    text = header + yaml.safe_dump(
        table_document(plain), sort_keys=False, default_flow_style=False, width=110
    )
    directory = os.path.dirname(os.path.abspath(out))
    try:
        fd, temp = tempfile.mkstemp(dir=directory, prefix=".costcalc-", suffix=".yaml.tmp")
    except OSError as exc:
        raise InputError("out", f"cannot write {out}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        validate_table(load_yaml(temp, text))  # never rename a table that does not load
        os.replace(temp, out)
    except BaseException:
        os.unlink(temp)
        raise
