"""A compiled form of price tables, so a run never re-parses YAML it has seen.

PyYAML needs about 1.6 s a megabyte. The validated plain form of a table is
kept in ``marshal`` format (as Python keeps ``.pyc`` files) together with the
exact YAML bytes it was built from. An entry is used only when those bytes
equal the file's current bytes, so an edited table is never served stale. The
two are compared a chunk at a time, and the table is read whole only on a miss:
holding a megabyte table in memory costs a run more than comparing it.

EC2 prices are kept one file per region beside the entry, and read only when
a run asks for that region: an all-region catalog costs a run no more than
the regions it uses. Region files carry the entry's generation, so they are
used only with the entry they were written with.

Every compiled file is checked before it is believed. ``marshal`` trusts its
input: a few damaged bytes can crash it, change a price, or ask it for
gigabytes. So each file starts with a fixed header (a signature naming the
format, the generation, the payload's length and a BLAKE2b digest of them and
the payload), and its payload reaches ``marshal.loads`` only when the file's
size is what the header says, within a bound set by the table's own size, and
the digest matches. A region file must also carry the digest its entry records
for it. An entry ends with its copy of the YAML, which is compared with the
table file rather than hashed. What fails any check is a miss: the table is
parsed from its YAML and the entry written again, so damage is repaired once
rather than paid for on every later run.

The digests are not keyed, on purpose. They guard against damage: torn or
partial writes, disk errors, another version's files, a region file of
another entry. They do not guard against someone who can write the cache
folder: it is the user's own (``~/.cache/costcalc`` or
``$COSTCALC_CACHE_DIR``), and whoever can write there can edit the user's
price tables too.

Writers never undo one another. Each file is written under a temporary name
and renamed into place, the region files before the entry that names them.
Cleanup removes only files of this table that no entry on disk names and that
are older than ``STALE_AFTER_SECONDS``: another process may have written its
region files and not yet its entry.
"""

from __future__ import annotations

import marshal
import os
import stat
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from costcalc._version import __version__
from costcalc.catalog.model import LazyRegions
from costcalc.catalog.schema import validate_table
from costcalc.errors import FileFormatError

try:  # the builtin BLAKE2: ``hashlib`` would load OpenSSL too, a few ms of every run
    from _blake2 import blake2b
except ImportError:  # an interpreter built without it
    from hashlib import blake2b

if TYPE_CHECKING:
    from io import BufferedReader

    from costcalc.catalog.plain import PlainTable

# Bump when the plain form or the file layout changes, so old entries stop matching.
COMPILED_FORMAT = 9
_STAMP = (COMPILED_FORMAT, __version__, marshal.version, tuple(sys.version_info[:2]))

# The header: signature, generation (12 hex digits), payload length, digest of all before it and the payload.
# The signature's first byte is no marshal type code, so an older costcalc rejects the file at once.
_SIGNATURE = b"\x00costcalc" + COMPILED_FORMAT.to_bytes(2, "little")
_GENERATION = 12
_LENGTH = 8
_DIGEST = 32
_SIGNED = len(_SIGNATURE) + _GENERATION + _LENGTH
_HEADER = _SIGNED + _DIGEST

STALE_AFTER_SECONDS = 600
"""Files no entry names are removed only when older than this: a writer may still be between them."""


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
    table = _Table(_Source(path))
    if shipped:
        cached = table.served_from(shipped_entry_path(path))
        if cached is not None:
            return cached
    entry = table.user_entry()
    if entry:
        cached = table.served_from(entry)
        if cached is not None:
            return cached
    return table.parsed()


def compile_table(path: str, out: str) -> None:
    """Validate the table at ``path`` and write its compiled form to ``out`` (used when building wheels)."""
    data = _Source(path).data()
    _write_entry(out, data, _validate(path, data), quiet=False)


_CHUNK = 1 << 16
"""Compared a chunk at a time: buffers this size stay in the CPU cache, a whole table's would not."""


class _Source:
    """A table file: its size up front, its bytes read whole only when a run must parse them."""

    def __init__(self, path: str) -> None:
        self.path = path
        try:
            self.size = os.stat(path).st_size
        except OSError as exc:
            raise FileFormatError.unreadable(path, exc) from None
        self._served: tuple[int, int, int] | None = None  # the file as it was when an entry was served
        self._compared: tuple[int, int, int] | None = None  # as it was at the last comparison that held
        self._data: bytes | None = None

    def data(self) -> bytes:
        """The file's bytes, the same file an entry matched earlier in this run (if one did)."""
        if self._data is None:
            try:
                with open(self.path, "rb") as handle:
                    found = _identity(os.fstat(handle.fileno()))
                    self._data = handle.read()
            except OSError as exc:
                raise FileFormatError.unreadable(self.path, exc) from None
            if self._served not in (None, found):
                # Part of this run was served from an entry of the earlier text; never mix the two.
                raise FileFormatError(self.path, None, "", "changed while costcalc was reading it; run again")
        return self._data

    def served(self) -> None:
        """Record that an entry matching the file as last compared is being served."""
        self._served = self._compared

    def matches(self, copy: BufferedReader) -> bool:
        """Whether the rest of ``copy`` is exactly this file's bytes (``copy`` is positioned on them).

        Once an entry was served, only the file as it was then can match: a later entry of an edited
        text must not complete a table that the earlier text began.
        """
        try:
            with open(self.path, "rb", opener=_nonblocking) as handle:
                info = os.fstat(handle.fileno())
                if not stat.S_ISREG(info.st_mode) or info.st_size != self.size:
                    return False
                if self._served not in (None, _identity(info)):
                    return False
                ours, theirs = bytearray(_CHUNK), bytearray(_CHUNK)
                left = self.size
                while left:
                    if left < _CHUNK:
                        ours, theirs = bytearray(left), bytearray(left)
                    if handle.readinto(ours) != len(ours) or copy.readinto(theirs) != len(ours):
                        return False
                    if ours != theirs:
                        return False
                    left -= len(ours)
                if handle.read(1) or copy.read(1):
                    return False
        except OSError:
            return False
        self._compared = _identity(info)
        return True


def _identity(info: os.stat_result) -> tuple[int, int, int]:
    return info.st_ino, info.st_size, info.st_mtime_ns


def _validate(path: str, data: bytes) -> PlainTable:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise FileFormatError(path, None, "", "not UTF-8 text") from None
    from costcalc.yaml_source import load_yaml  # only a miss parses YAML

    return validate_table(load_yaml(path, text))


class _Table:
    """One run's view of a table file: its bytes, its compiled forms, and its YAML parsed at most once."""

    def __init__(self, source: _Source) -> None:
        self.path = source.path
        self.source = source
        self._parsed: PlainTable | None = None

    def user_entry(self) -> str | None:
        directory = cache_dir()
        return entry_path(directory, self.path) if directory else None

    def parsed(self) -> PlainTable:
        """The table parsed from its YAML, written to the user cache: the repair of any miss."""
        if self._parsed is None:
            data = self.source.data()
            self._parsed = _validate(self.path, data)
            entry = self.user_entry()
            if entry:
                _write_entry(entry, data, self._parsed)
        return self._parsed

    def served_from(self, entry: str) -> PlainTable | None:
        """The table from the compiled entry at ``entry``, or None when it is not current and whole."""
        compiled = _Entry.read(entry, self.source)
        if compiled is None:
            return None

        def loader(section: str) -> Callable[[str], Any]:
            def load(region: str) -> Any:
                found = compiled.region(region, section)
                if found is None and self._parsed is None:
                    found = self._from_user_entry(entry, region, section)
                # Nothing compiled holds it whole: parse the table, which also rewrites the user entry.
                return found if found is not None else self.parsed()["ec2"][section][region]  # type: ignore[literal-required]

            return load

        head = compiled.head
        for section in LAZY_SECTIONS:
            names = [name for name, in_section in map(_split_key, compiled.digests) if in_section == section]
            head["ec2"][section] = LazyRegions(names, loader(section))
        return cast("PlainTable", head)  # written by _write_entry from a validated table, digest checked

    def _from_user_entry(self, failed: str, region: str, section: str) -> Any:
        # A wheel's region file that fails cannot be rewritten where it is; the repair went to the user
        # cache, and serves every later run from there.
        entry = self.user_entry()
        compiled = _Entry.read(entry, self.source) if entry and entry != failed else None
        return compiled.region(region, section) if compiled else None


class _Entry:
    """A compiled entry that passed its checks: its generation, region digests, and the rest of the table."""

    def __init__(
        self, path: str, generation: str, digests: dict[str, bytes], head: dict[str, Any], limit: int
    ) -> None:
        self.path = path
        self.generation = generation
        self.digests = digests
        self.head = head
        self.limit = limit

    @classmethod
    def read(cls, path: str, source: _Source) -> _Entry | None:
        """The entry at ``path`` when it verifies and was built from ``source`` by this version, else None."""
        limit = _size_limit(source.size)
        found = _read_compiled(path, limit, trailer=source)
        if found is None:
            return None
        generation, value = found
        if not (isinstance(value, tuple) and len(value) == 3):
            return None
        stamp, digests, head = value
        if stamp != _STAMP:
            return None
        if not (_is_digests(digests) and isinstance(head, dict) and isinstance(head.get("ec2"), dict)):
            return None
        source.served()
        return cls(path, generation, digests, head, limit)

    def region(self, region: str, section: str = "regions") -> Any:
        """``region``'s part of ``section`` from its file; None when missing or not the one recorded."""
        key = _section_key(region, section)
        digest = self.digests.get(key)
        if digest is None:
            return None
        found = _read_compiled(_region_file(self.path, self.generation, key), self.limit, digest=digest)
        if found is None or found[0] != self.generation:
            return None
        value = found[1]
        if not (isinstance(value, tuple) and len(value) == 2 and value[0] == key):
            return None
        part = value[1]
        if not isinstance(part, dict):
            return None
        if section == "regions" and not (
            isinstance(part.get("prices"), dict) and isinstance(part.get("by_price"), list)
        ):
            return None
        return part


LAZY_SECTIONS = ("regions", "commitments")
"""The parts of ``ec2`` kept one file per region, and read only for the regions a run asks for."""


def _section_key(region: str, section: str) -> str:
    # On-demand prices keep the bare region name, as before; other sections are prefixed.
    return region if section == "regions" else f"{section}/{region}"


def _split_key(key: str) -> tuple[str, str]:
    section, _, region = key.rpartition("/")
    return region, section or "regions"


def _is_digests(value: Any) -> bool:
    return isinstance(value, dict) and all(
        isinstance(name, str) and isinstance(digest, bytes) and len(digest) == _DIGEST
        for name, digest in value.items()
    )


def _size_limit(source_size: int) -> int:
    # A compiled payload holds at most the table's plain form, which marshal keeps in about as many bytes
    # as the YAML takes (the bundled tables, all files together: under one and a half times). Anything far
    # larger is not ours, and is refused before it is read.
    return 8 * source_size + (1 << 20)


def _region_file(entry: str, generation: str, region: str) -> str:
    # Region names are the table's keys; any but a plain name is spelled in hex, so that no key can name a
    # file outside the cache folder or hold a character no file name may.
    plain = region.isascii() and region.replace("-", "").replace("_", "").isalnum()
    name = region if plain else "=" + region.encode("utf-8", "surrogatepass").hex()
    return f"{entry[: -len('.marshal')]}.{generation}.{name}.marshal"


def _signed(generation: str, payload: bytes) -> bytes:
    return _SIGNATURE + generation.encode("ascii") + len(payload).to_bytes(_LENGTH, "little")


def _digest(signed: bytes, payload: bytes) -> bytes:
    hasher = blake2b(signed, digest_size=_DIGEST)
    hasher.update(payload)
    return hasher.digest()


def _pack(generation: str, value: Any, trailer: bytes = b"") -> tuple[bytes, bytes]:
    """A compiled file holding ``value`` (then ``trailer`` as it is), and its digest."""
    payload = marshal.dumps(value)
    signed = _signed(generation, payload)
    digest = _digest(signed, payload)
    return signed + digest + payload + trailer, digest


def _nonblocking(path: str, flags: int) -> int:
    # A FIFO planted under an entry's name would block a plain open for ever; this open returns at once,
    # and the file is then refused for not being a regular file.
    return os.open(path, flags | getattr(os, "O_NONBLOCK", 0))


def _read_compiled(
    path: str, limit: int, *, digest: bytes | None = None, trailer: _Source | None = None
) -> tuple[str, Any] | None:
    """The generation and value of the compiled file at ``path``, or None unless it verifies.

    At most ``limit`` payload bytes are read, and none reach ``marshal`` before
    the digest matches (and equals ``digest``, when the entry recorded one). The
    file must end in exactly ``trailer``: an entry's copy of its YAML, which is
    compared rather than hashed, being the larger part and known to the reader.
    """
    try:
        with open(path, "rb", opener=_nonblocking) as handle:
            size = os.fstat(handle.fileno())
            copied = trailer.size if trailer else 0
            most = _HEADER + limit + copied
            if not stat.S_ISREG(size.st_mode) or not _HEADER <= size.st_size <= most:
                return None
            signed, stored = handle.read(_SIGNED), handle.read(_DIGEST)
            length = int.from_bytes(signed[-_LENGTH:], "little")
            if not signed.startswith(_SIGNATURE) or _HEADER + length + copied != size.st_size:
                return None
            payload = handle.read(length)
            if len(payload) != length:
                return None
            if (digest is not None and stored != digest) or _digest(signed, payload) != stored:
                return None
            if trailer and not trailer.matches(handle):  # the longest check, so the last
                return None
    except OSError:
        return None  # missing or unreadable: a miss
    generation = signed[len(_SIGNATURE) : len(_SIGNATURE) + _GENERATION]
    try:
        return generation.decode("ascii"), marshal.loads(payload)
    except (EOFError, ValueError, TypeError, UnicodeDecodeError):
        return None  # only a file this format's writer signed gets here; refused all the same


def _write_entry(entry: str, source: bytes, plain: PlainTable, *, quiet: bool = True) -> None:
    """Write region files, then the entry, each atomically; a cache that cannot be written is skipped."""
    generation = os.urandom(_GENERATION // 2).hex()
    ec2: dict[str, Any] = dict(plain["ec2"])
    head = {**plain, "ec2": {**ec2, **{section: {} for section in LAZY_SECTIONS}}}
    files: dict[str, bytes] = {}
    digests: dict[str, bytes] = {}
    for section in LAZY_SECTIONS:
        parts = ec2.get(section, {})
        for region in sorted(parts):
            key = _section_key(region, section)
            files[_region_file(entry, generation, key)], digests[key] = _pack(
                generation, (key, parts[region])
            )
    entry_data, _ = _pack(generation, (_STAMP, digests, head), source)
    most = _HEADER + _size_limit(len(source))
    if len(entry_data) > most + len(source) or any(len(data) > most for data in files.values()):
        return  # a reader would refuse it; never seen in a real table
    files[entry] = entry_data  # written last: it names the others
    try:
        os.makedirs(os.path.dirname(entry) or ".", exist_ok=True)
        for target, data in files.items():
            _write_atomically(target, data)
        _remove_stale(entry, generation)
    except OSError:
        if not quiet:
            raise


def _write_atomically(target: str, data: bytes) -> None:
    import tempfile

    directory, name = os.path.split(target)
    fd, temp = tempfile.mkstemp(dir=directory or ".", prefix=f".{name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temp, target)
    except BaseException:
        os.unlink(temp)
        raise


def _generation_on_disk(entry: str) -> str | None:
    """The generation the entry at ``entry`` names now (perhaps another process's), from its header."""
    try:
        with open(entry, "rb", opener=_nonblocking) as handle:
            signed = handle.read(_SIGNED)
    except OSError:
        return None
    if not signed.startswith(_SIGNATURE):
        return None
    return signed[len(_SIGNATURE) : len(_SIGNATURE) + _GENERATION].decode("ascii", "replace")


def _remove_stale(entry: str, generation: str) -> None:
    """Remove this table's region files that no entry names, and writers' leftovers, once they are old.

    The files of ``generation`` (just written) and of the entry now on disk are
    kept whatever their age. Younger files are kept too: another process may have
    written its region files and not yet the entry that names them.
    """
    import time

    directory, entry_name = os.path.split(entry)
    directory = directory or "."
    stem = entry_name[: -len(".marshal")]
    keep = {generation, _generation_on_disk(entry)}
    now = time.time()
    for name in os.listdir(directory):
        if name.startswith(f".{stem}.") and name.endswith(".tmp"):
            pass  # a temporary file of a writer that died before renaming it
        elif name.startswith(f"{stem}.") and name.endswith(".marshal"):
            rest = name[len(stem) + 1 :]
            file_generation, dot = rest[:_GENERATION], rest[_GENERATION : _GENERATION + 1]
            if dot != "." or file_generation in keep or not _is_generation(file_generation):
                continue
        else:
            continue
        path = os.path.join(directory, name)
        try:
            if now - os.lstat(path).st_mtime > STALE_AFTER_SECONDS:
                os.unlink(path)
        except OSError:
            pass  # removed meanwhile by another process's cleanup


def _is_generation(text: str) -> bool:
    return len(text) == _GENERATION and all(c in "0123456789abcdef" for c in text)
