"""Work off the event loop: parsing, validation and compatibility in a few big-stack threads.

A 100k-property schema takes seconds to validate and check; done on the event loop it stalled
every other client, read-only ones included. Handlers hand such work to `run_heavy`; store
reads go through `run_light`, so that a read never waits behind a queue of heavy requests (nor
blocks the loop on the store's lock while a writer holds it).

The threads get a large stack and the interpreter a higher recursion limit, so that a deeply
nested yet valid schema (200 nested records) parses and checks instead of failing with
RecursionError; what is nested beyond `MAX_DEPTH` is refused before the recursion starts.
"""

from __future__ import annotations

import asyncio
import functools
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")

HEAVY_WORKERS = 2  # at most this many parses/checks at once; the 2nd core stays for the loop
LIGHT_WORKERS = 4
THREAD_STACK = 256 * 1024 * 1024  # virtual: only the pages a deep recursion touches are used
RECURSION_LIMIT = 20_000

_lock = threading.Lock()
_pools: dict[str, ThreadPoolExecutor] = {}


def _pool(name: str, workers: int) -> ThreadPoolExecutor:
    with _lock:
        pool = _pools.get(name)
        if pool is None:
            if sys.getrecursionlimit() < RECURSION_LIMIT:
                sys.setrecursionlimit(RECURSION_LIMIT)
            previous = threading.stack_size(THREAD_STACK)
            try:
                pool = ThreadPoolExecutor(workers, thread_name_prefix=f"registry-{name}")
                # Start every thread now, while the stack size is set for them: the barrier
                # keeps each task busy, so the pool must create a new thread for the next one.
                barrier = threading.Barrier(workers, timeout=30)
                for future in [pool.submit(barrier.wait) for _ in range(workers)]:
                    future.result()
            finally:
                threading.stack_size(previous)
            _pools[name] = pool
        return pool


async def run_heavy(function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run CPU-heavy `function` (parse, validate, compare) in the bounded heavy pool."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(_pool("heavy", HEAVY_WORKERS),
                                      functools.partial(function, *args, **kwargs))


async def run_light(function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run a quick blocking call (a store read or write, a small body's JSON) off the loop."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(_pool("light", LIGHT_WORKERS),
                                      functools.partial(function, *args, **kwargs))


def start() -> None:
    """Create the threads now (at server start) rather than on the first request."""
    _pool("heavy", HEAVY_WORKERS)
    _pool("light", LIGHT_WORKERS)
