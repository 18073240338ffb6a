"""Python's cyclic garbage collector paused around short, allocation-heavy work.

A national count builds some 150,000 input tuples and as many decisions in a few seconds,
and a report's PDF makes WeasyPrint build hundreds of thousands of boxes. Nearly all of
them live until the work is done, so each collection the allocations trigger walks them
again without freeing anything. On this kind of machine (bench/README.md, issue 17) that
cost a third of the count and a fifth of a region's PDF. Paused, the objects are
reference-counted as always; only cycles wait, and the first collection after the pause
handles everything allocated during it in one pass. The region report's peak memory
was the same with and without the pause (202 and 204 MB).

Nested and concurrent pauses (threads of one process) share one counter: the collector
runs again when the last pause ends, and stays off if it was off before the first one.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_SLOT = threading.Lock()
_actief = 0
_was_aan = False


@contextmanager
def zonder_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector for the duration of the block."""
    global _actief, _was_aan  # noqa: PLW0603 (one counter per process, under the lock)
    with _SLOT:
        if _actief == 0:
            _was_aan = gc.isenabled()
            gc.disable()
        _actief += 1
    try:
        yield
    finally:
        with _SLOT:
            _actief -= 1
            if _actief == 0 and _was_aan:
                gc.enable()
