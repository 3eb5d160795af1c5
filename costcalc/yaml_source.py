"""Safe YAML loading that keeps line numbers, and checked access to the values.

Files are composed (never constructed) with PyYAML's safe loader, so no tag can
run code; every node keeps its line, so an error names ``file:line: key``.
Scalars keep their source text, which lets prices become exact ``Decimal``s.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING

from costcalc.errors import FileFormatError
from costcalc.numbers import NumberError, parse_decimal, shown

if TYPE_CHECKING:
    import yaml

_YAML = "tag:yaml.org,2002:"
_SAFE_TAGS = {_YAML + t for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")}
_WHOLE = re.compile(r"[-+]?[0-9][0-9_]*")


MAX_FILE_BYTES = 64 * 1024 * 1024
"""The largest YAML file read: a price table of every region is a few MB; past this it is not ours."""


def read_text(path: str, limit: int = MAX_FILE_BYTES) -> str:
    """A YAML file's text: at most ``limit`` bytes of UTF-8, or one clear error naming the file."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise FileFormatError.unreadable(path, exc) from None
    if len(data) > limit:
        raise FileFormatError(
            path, None, "", f"larger than {limit // (1024 * 1024)} MB: not a file costcalc reads"
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise FileFormatError(path, line, "", "not UTF-8 text") from None


def load_yaml(path: str, text: str | None = None, limit: int = MAX_FILE_BYTES) -> YamlNode:
    """Parse a YAML file into a checked node tree; any syntax error names the file and line."""
    shown = path
    if text is None:
        text = read_text(path, limit)
    import yaml  # imported here: a run served from the compiled cache never needs it

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser, where PyYAML has it
    try:
        root = yaml.compose(text, Loader=loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = " ".join(str(exc.problem or exc.context or "invalid YAML").split())
        at = getattr(mark, "index", None)
        if "cannot start any token" in problem and at is not None and text[at : at + 1] == "\t":
            problem = "tabs are not allowed for indentation in YAML; indent with spaces"
        raise FileFormatError(shown, line, "", f"malformed YAML: {problem}") from None
    except yaml.reader.ReaderError as exc:
        # A control character: PyYAML's own message runs over two lines and names no line.
        line = text[: exc.position].count("\n") + 1
        character = f"{exc.character:#04x}" if isinstance(exc.character, int) else repr(exc.character)
        raise FileFormatError(
            shown, line, "", f"control character {character} is not allowed in YAML"
        ) from None
    except yaml.YAMLError as exc:
        raise FileFormatError(shown, None, "", f"malformed YAML: {exc}") from None
    if root is None:
        raise FileFormatError(shown, 1, "", "the file is empty")
    return YamlNode(root, shown, "", set())


class YamlNode:
    """One node of a composed YAML document, with the dotted key path that leads to it."""

    def __init__(
        self, node: yaml.Node, path: str, key: str, seen: set[int], key_line: int | None = None
    ) -> None:
        where = key_line or node.start_mark.line + 1
        if node.tag not in _SAFE_TAGS:
            raise FileFormatError(path, where, key or "(top)", f"tag {_short_tag(node.tag)} is not allowed")
        if _kind(node) in ("mapping", "sequence"):
            # A second visit means an alias: refuse it rather than expand it without bound.
            if id(node) in seen:
                raise FileFormatError(path, where, key, "YAML aliases are not supported")
            seen.add(id(node))
        self._node = node
        self._seen = seen
        self.path = path
        self.key = key
        self.line = node.start_mark.line + 1
        self.key_line = key_line or self.line

    def error(self, message: str) -> FileFormatError:
        """An error at this node: ``file:line: key: message``."""
        return FileFormatError(self.path, self.key_line, self.key or "(top)", message)

    def _child(self, node: yaml.Node, key: str, key_line: int | None = None) -> YamlNode:
        return YamlNode(node, self.path, key, self._seen, key_line)

    def _child_key(self, name: str) -> str:
        return f"{self.key}.{name}" if self.key else name

    @property
    def is_mapping(self) -> bool:
        """Whether this node is a mapping."""
        return _kind(self._node) == "mapping"

    @property
    def is_sequence(self) -> bool:
        """Whether this node is a list."""
        return _kind(self._node) == "sequence"

    def has(self, key: str) -> bool:
        """Whether this node is a mapping with ``key`` among its plain-text keys."""
        return self.is_mapping and any(
            _kind(k) == "scalar" and str(k.value) == key for k, _ in self._node.value
        )

    @property
    def is_null(self) -> bool:
        """Whether this node is an explicit null (``~``, ``null`` or nothing)."""
        return self._node.tag == _YAML + "null"

    def entries(self) -> Iterator[tuple[str, YamlNode]]:
        """Key/value pairs of a mapping with free-form string keys, rejecting duplicates."""
        if _kind(self._node) != "mapping":
            raise self.error(f"expected a mapping, got {self._describe()}")
        seen: set[str] = set()
        for key_node, value_node in self._node.value:
            if _kind(key_node) != "scalar" or key_node.tag not in _SAFE_TAGS:
                line = key_node.start_mark.line + 1
                raise FileFormatError(self.path, line, self.key or "(top)", "keys must be plain text")
            name = str(key_node.value)
            if name in seen:
                line = key_node.start_mark.line + 1
                raise FileFormatError(self.path, line, self._child_key(name), "duplicate key")
            seen.add(name)
            yield name, self._child(value_node, self._child_key(name), key_node.start_mark.line + 1)

    def fields(self, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> dict[str, YamlNode]:
        """A mapping with a fixed set of keys: unknown keys and missing required keys are errors."""
        found = dict(self.entries())
        allowed = set(required) | set(optional)
        for name, child in found.items():
            if name not in allowed:
                expected = ", ".join(sorted(allowed))
                raise FileFormatError(
                    self.path, child.key_line, child.key, f"unknown key (expected one of: {expected})"
                )
        for name in required:
            if name not in found:
                raise self.error(f"missing key '{name}'")
        return found

    def items(self) -> list[YamlNode]:
        """The elements of a sequence."""
        if _kind(self._node) != "sequence":
            raise self.error(f"expected a list, got {self._describe()}")
        return [self._child(n, f"{self.key}[{i}]") for i, n in enumerate(self._node.value)]

    def _scalar(self, expected: str) -> str:
        if _kind(self._node) != "scalar" or self.is_null:
            raise self.error(f"expected {expected}, got {self._describe()}")
        return str(self._node.value)

    def text(self) -> str:
        """A non-empty string (numbers written bare are taken as their text)."""
        value = self._scalar("text").strip()
        if not value:
            raise self.error("expected text, got an empty value")
        return value

    def decimal(
        self,
        *,
        positive: bool = False,
        allow_zero: bool = True,
        least: Decimal | None = None,
        most: Decimal | None = None,
    ) -> Decimal:
        """A non-negative (or positive) exact decimal from the scalar's own text, never via float.

        ``least`` and ``most`` bound it where the model needs bounds (a price, a billing increment).
        """
        value = self.number("decimal number")
        if (least is not None and value < least) or (most is not None and value > most):
            bounds = f"from {least:,f}" if least is not None else "from 0"
            raise self.error(f"expected a number {bounds} to {most:,f}, got {shown(str(self._node.value))}")
        if value < 0 or (value == 0 and (positive or not allow_zero)):
            raw = str(self._node.value)
            raise self.error(
                f"expected a {'positive' if positive else 'non-negative'} number, got {shown(raw)}"
            )
        return value

    def number(self, what: str = "number") -> Decimal:
        """Any finite decimal, of either sign, from the scalar's own text; range checks are the caller's."""
        raw = self._scalar(f"a {what}")
        if self._node.tag == _YAML + "bool":
            raise self.error(f"expected a {what}, got {shown(raw)}")
        try:
            return parse_decimal(raw)
        except NumberError as exc:
            raise self.error(str(exc).replace("number", what, 1)) from None

    def whole(self, *, minimum: int = 0) -> int:
        """A whole number written in decimal digits."""
        raw = self._scalar("a whole number").strip()
        if self._node.tag != _YAML + "int" or not _WHOLE.fullmatch(raw) or len(raw) > 18:
            raise self.error(f"expected a whole number (at most 18 digits), got {shown(raw)}")
        value = int(raw.replace("_", ""))
        if value < minimum:
            raise self.error(f"expected a whole number of at least {minimum}, got {shown(raw)}")
        return value

    def boolean(self) -> bool:
        """``true`` or ``false``."""
        raw = self._scalar("true or false")
        if self._node.tag != _YAML + "bool":
            raise self.error(f"expected true or false, got {shown(raw)}")
        return raw.lower() in ("true", "yes", "on", "y")

    def date(self) -> datetime.date:
        """An ISO date, ``YYYY-MM-DD``."""
        raw = self._scalar("a date (YYYY-MM-DD)").strip()
        try:
            return datetime.date.fromisoformat(raw)
        except ValueError:
            raise self.error(f"expected a date (YYYY-MM-DD), got {shown(raw)}") from None

    def choice(self, options: tuple[str, ...]) -> str:
        """One of a fixed set of words."""
        raw = self._scalar(f"one of {', '.join(options)}").strip()
        if raw not in options:
            raise self.error(f"expected one of {', '.join(options)}, got {shown(raw)}")
        return raw

    def _describe(self) -> str:
        if _kind(self._node) == "mapping":
            return "a mapping"
        if _kind(self._node) == "sequence":
            return "a list"
        if self.is_null:
            return "nothing"
        return shown(str(self._node.value))


def _kind(node: yaml.Node) -> str:
    """``scalar``, ``sequence`` or ``mapping``: the node's class id, without importing PyYAML here."""
    return str(getattr(node, "id", ""))


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_YAML) :] if tag.startswith(_YAML) else tag
