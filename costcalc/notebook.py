"""The one place results reach up to the views: notebook and REPL hooks.

Results hold data. So that a notebook shows them well without the caller
importing a renderer, every top-level result mixes in ``NotebookView``, whose
hooks import ``costcalc.render`` lazily, when a notebook or REPL asks:
``_repr_html_`` (Jupyter), ``__rich__`` (a rich console), ``__repr__`` (one
line), ``__str__`` (the terminal table as text, for ``print``), ``to_dict``
(the JSON document) and ``to_dataframe`` (pandas). These lazy imports are the
only ones against the layers' flow; the import-direction test allows them here
alone.

A dataclass writes its own ``__repr__``, so each result class takes this one
with ``__repr__ = NotebookView.__repr__``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from costcalc.render.views import Result


class NotebookView:
    """Views of a top-level result for notebooks, REPLs and scripts, built by ``costcalc.render``."""

    __slots__ = ()

    def _result(self) -> Result:
        return self  # type: ignore[return-value]  # every subclass is one of the Result types

    def to_dict(self) -> dict[str, Any]:
        """The JSON document of this result (``--format json``), decimals as exact strings."""
        from costcalc.render.data import document

        return document(self._result())

    def to_dataframe(self, exact: bool = False) -> Any:
        """The result's rows as a pandas DataFrame (needs pandas: ``pip install 'costcalc[notebook]'``).

        Money and quantities are floats, each converted once from its exact value, so the
        columns plot and compute; ``exact=True`` keeps them as ``Decimal``.
        """
        from costcalc.render.html import dataframe

        return dataframe(self._result(), exact=exact)

    def _repr_html_(self) -> str:
        from costcalc.render.html import html_table

        return html_table(self._result())

    def __rich__(self) -> Any:
        from costcalc.render import OutputFormat, render

        return render(self._result(), OutputFormat.TABLE)

    def __repr__(self) -> str:
        from costcalc.render.html import summary

        return summary(self._result())

    def __str__(self) -> str:
        from costcalc.render.html import text

        return text(self._result())
