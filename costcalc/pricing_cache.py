"""A compiled form of price tables, so a run never re-parses YAML it has seen.

PyYAML needs about 1.6 s a megabyte. The validated plain form of a table is
kept in ``marshal`` format (as Python keeps ``.pyc`` files) together with the
exact YAML bytes it was built from. An entry is used only when those bytes
equal the file's current bytes, so an edited table is never served stale.
"""

from __future__ import annotations

import marshal
import os
import sys
import zlib

from costcalc import __version__
from costcalc.errors import FileFormatError
from costcalc.pricing_schema import Plain, validate_table

# Bump when the plain form changes shape, so old entries stop matching.
COMPILED_FORMAT = 2
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
    absolute = os.path.abspath(path)
    stem = os.path.splitext(os.path.basename(absolute))[0]
    return os.path.join(directory, f"{stem}-{zlib.crc32(absolute.encode()):08x}.marshal")


def load_plain(path: str) -> Plain:
    """The validated plain form of the table at ``path``, from the cache when it is current."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        raise FileFormatError(path, None, "", "no such file") from None
    except OSError as exc:
        raise FileFormatError(path, None, "", f"cannot read: {exc.strerror}") from None
    directory = cache_dir()
    entry = entry_path(directory, path) if directory else None
    if entry:
        cached = _read_entry(entry, data)
        if cached is not None:
            return cached
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise FileFormatError(path, None, "", "not UTF-8 text") from None
    from costcalc.yaml_source import load_yaml  # only a cache miss parses YAML

    plain = validate_table(load_yaml(path, text))
    if entry:
        _write_entry(entry, data, plain)
    return plain


def _read_entry(entry: str, source: bytes) -> Plain | None:
    try:
        with open(entry, "rb") as handle:
            stamp, cached_source, plain = marshal.loads(handle.read())
    except (OSError, EOFError, ValueError, TypeError):
        return None  # missing or damaged: a miss, never trusted
    if stamp != _STAMP or cached_source != source or not isinstance(plain, dict):
        return None
    return plain


def _write_entry(entry: str, source: bytes, plain: Plain) -> None:
    """Write atomically (temp file, then rename); a cache that cannot be written is skipped."""
    import tempfile

    directory = os.path.dirname(entry)
    try:
        os.makedirs(directory, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=directory, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as handle:
                marshal.dump((_STAMP, source, plain), handle)
            os.replace(temp, entry)
        except BaseException:
            os.unlink(temp)
            raise
    except OSError:
        pass
