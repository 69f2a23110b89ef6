"""Running workflows at the same moment from several threads, each on its own database
connection: the concurrency tests of every module (PostgreSQL; row locks need it)."""

from __future__ import annotations

import contextlib
import threading

from django.db import connections

from gonghui.core.scoping import unscoped


def at_once(target, n: int, *, unscope: bool = False, timeout: float = 120) -> list:
    """Call `target(i)` for i in 0…n-1, each in its own thread, released together by a
    barrier. Answers the results in order, an exception in place of its result (the test
    reports it). `unscope`: run outside any organisation scope, as a worker would."""
    barrier = threading.Barrier(n)
    results: list = [None] * n

    def work(i):
        try:
            barrier.wait(timeout=30)
            with unscoped() if unscope else contextlib.nullcontext():
                results[i] = target(i)
        except Exception as exc:  # noqa: BLE001 - reported by the test
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=timeout)
    return results
