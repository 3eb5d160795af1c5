"""A compiled form of price tables, so a run never re-parses YAML it has seen.

PyYAML needs about 1.6 s a megabyte. The validated plain form of a table is
kept in ``marshal`` format (as Python keeps ``.pyc`` files) together with the
exact YAML bytes it was built from. An entry is used only when those bytes
equal the file's current bytes, so an edited table is never served stale.

EC2 prices are kept one file per region beside the entry, and read only when
a run asks for that region: an all-region catalog costs a run no more than
the regions it uses. Region files carry the entry's generation, so they are
used only with the entry they were written with.
"""

from __future__ import annotations

import marshal
import os
import sys
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, cast

from costcalc._version import __version__
from costcalc.catalog.schema import validate_table
from costcalc.errors import FileFormatError

if TYPE_CHECKING:
    from costcalc.catalog.plain import PlainTable

# Bump when the plain form changes shape, so old entries stop matching.
COMPILED_FORMAT = 6
_STAMP = (COMPILED_FORMAT, __version__, marshal.version, tuple(sys.version_info[:2]))


def cache_dir() -> str | None:
    """Where compiled tables go: ``$COSTCALC_CACHE_DIR`` (empty turns caching off), else the user cache."""
    configured = os.environ.get("COSTCALC_CACHE_DIR")
    if configured is not None:
        return configured or None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "costcalc")


def entry_path(directory: str, path: str) -> str:
    """The cache entry of the table at ``path``: one per table file."""
    import zlib  # a bundled table found in the wheel never gets here

    absolute = os.path.abspath(path)
    stem = os.path.splitext(os.path.basename(absolute))[0]
    return os.path.join(directory, f"{stem}-{zlib.crc32(absolute.encode()):08x}.marshal")


def shipped_entry_path(path: str) -> str:
    """Where a wheel carries the compiled form of a bundled table: ``compiled/<stem>.marshal`` beside it."""
    stem = os.path.splitext(os.path.basename(path))[0]
    return os.path.join(os.path.dirname(path), "compiled", f"{stem}.marshal")


def load_plain(path: str, *, shipped: bool = False) -> PlainTable:
    """The validated plain form of the table at ``path``, from a compiled form when one is current.

    ``shipped`` says the table is bundled, so the wheel may carry its compiled
    form (built at install time by ``hatch_build.py``); the user cache comes next.
    """
    data = _read_source(path)
    if shipped:
        cached = _read_entry(shipped_entry_path(path), data, path)
        if cached is not None:
            return cached
    directory = cache_dir()
    entry = entry_path(directory, path) if directory else None
    if entry:
        cached = _read_entry(entry, data, path)
        if cached is not None:
            return cached
    plain = _validate(path, data)
    if entry:
        _write_entry(entry, data, plain)
    return plain


def compile_table(path: str, out: str) -> None:
    """Validate the table at ``path`` and write its compiled form to ``out`` (used when building wheels)."""
    data = _read_source(path)
    _write_entry(out, data, _validate(path, data), quiet=False)


def _read_source(path: str) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        raise FileFormatError(path, None, "", "no such file") from None
    except OSError as exc:
        raise FileFormatError(path, None, "", f"cannot read: {exc.strerror}") from None


def _validate(path: str, data: bytes) -> PlainTable:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise FileFormatError(path, None, "", "not UTF-8 text") from None
    from costcalc.yaml_source import load_yaml  # only a miss parses YAML

    return validate_table(load_yaml(path, text))


class LazyRegions(Mapping[str, Any]):
    """EC2 regions by name, each read from its compiled file the first time it is asked for."""

    def __init__(self, names: list[str], load: Callable[[str], Any]) -> None:
        self._names = names
        self._load = load
        self._loaded: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self._loaded:
            if name not in self._names:
                raise KeyError(name)
            self._loaded[name] = self._load(name)
        return self._loaded[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


def _region_file(entry: str, generation: str, region: str) -> str:
    return f"{entry[: -len('.marshal')]}.{generation}.{region}.marshal"


def _read_entry(entry: str, source: bytes, path: str = "") -> PlainTable | None:
    try:
        with open(entry, "rb") as handle:
            stamp, cached_source, generation, names, plain = marshal.loads(handle.read())
    except (OSError, EOFError, ValueError, TypeError):
        return None  # missing or damaged: a miss, never trusted
    if stamp != _STAMP or cached_source != source or not isinstance(plain, dict):
        return None

    def load(region: str) -> Any:
        try:
            with open(_region_file(entry, generation, region), "rb") as handle:
                region_stamp, region_generation, prices = marshal.loads(handle.read())
            if (region_stamp, region_generation) == (_STAMP, generation):
                return prices
        except (OSError, EOFError, ValueError, TypeError):
            pass
        # A region file gone or damaged: parse the table itself rather than trust it.
        return _validate(path or entry, source)["ec2"]["regions"][region]

    plain["ec2"]["regions"] = LazyRegions(list(names), load)
    return cast("PlainTable", plain)  # written by _write_entry from a validated table


def _write_entry(entry: str, source: bytes, plain: PlainTable, *, quiet: bool = True) -> None:
    """Write region files, then the entry, each atomically; a cache that cannot be written is skipped."""
    directory = os.path.dirname(entry) or "."
    generation = os.urandom(6).hex()
    regions = plain["ec2"]["regions"]
    head = {**plain, "ec2": {**plain["ec2"], "regions": {}}}
    try:
        os.makedirs(directory, exist_ok=True)
        for region, prices in regions.items():
            _write_atomically(_region_file(entry, generation, region), (_STAMP, generation, prices))
        _write_atomically(entry, (_STAMP, source, generation, sorted(regions), head))
        # Region files of earlier generations are no longer reachable: remove them.
        prefix = os.path.basename(entry)[: -len(".marshal")] + "."
        for name in os.listdir(directory):
            if name.startswith(prefix) and f".{generation}." not in name and name != os.path.basename(entry):
                os.unlink(os.path.join(directory, name))
    except OSError:
        if not quiet:
            raise


def _write_atomically(target: str, value: Any) -> None:
    import tempfile

    fd, temp = tempfile.mkstemp(dir=os.path.dirname(target) or ".", prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            marshal.dump(value, handle)
        os.replace(temp, target)
    except BaseException:
        os.unlink(temp)
        raise
