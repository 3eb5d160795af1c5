"""Python's cycle collector paused around work that allocates much and leaves no cycles.

Reference counting frees costcalc's objects (prices, rows, results): the
collector finds a few hundred cyclic objects in a whole import of a large
offer file, yet it rescans every live object each time enough are allocated.
Loading the package, or streaming a big offer file, pays that for nothing.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cycle collector off for the block, then as it was (a caller that turned it off keeps it off).

    The switch is the process's: another thread's pause that overlaps this one can end it early, which
    costs time, never a wrong result.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
