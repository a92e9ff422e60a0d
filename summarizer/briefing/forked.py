"""Work done on the second core while this process does other work: a forked child that sends back its result.

A briefing of one large story has stages that do not need each other (positions and open
questions beside deadlines). Forking costs a few milliseconds and no copying (the child sees
the parent's memory), so it is used only for large stories, only where fork exists, and
only in a process with a single thread (a forked copy of a process with other threads may
find a lock held forever). Anywhere else, or if the child fails, the work is done here.
"""

from __future__ import annotations

import os
import pickle
import threading
from collections.abc import Callable
from typing import Any


def beside(work: Callable[[], Any]) -> Callable[[], Any]:
    """Start `work` in a forked child if that is safe; returns a function that gives its result."""
    if not hasattr(os, "fork") or threading.active_count() > 1:
        return _done(work())
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: compute, send, leave without running the parent's cleanup
        try:
            try:
                data = pickle.dumps((True, work()), protocol=pickle.HIGHEST_PROTOCOL)
            except BaseException as err:  # the parent does the work itself
                data = pickle.dumps((False, repr(err)))
            with os.fdopen(write, "wb") as out:
                out.write(data)
        finally:
            os._exit(0)
    os.close(write)

    def result() -> Any:
        with os.fdopen(read, "rb") as stream:
            data = stream.read()
        os.waitpid(pid, 0)
        ok, value = pickle.loads(data) if data else (False, "no result")
        return value if ok else work()

    return result


def _done(value: Any) -> Callable[[], Any]:
    return lambda: value
