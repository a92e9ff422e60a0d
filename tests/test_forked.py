"""summarizer.briefing.forked: part of a large story's briefing on the second core, the same result as here."""

from __future__ import annotations

import os
import threading

from summarizer.briefing.forked import beside


def test_the_work_is_done_in_another_process_and_its_result_comes_back():
    result = beside(lambda: (os.getpid(), [n * n for n in range(1000)]))()
    pid, squares = result
    assert squares == [n * n for n in range(1000)]
    assert pid != os.getpid()  # forked: this test runs single-threaded


def test_a_failure_in_the_child_is_done_again_here():
    parent = os.getpid()

    def work():
        if os.getpid() != parent:
            raise RuntimeError("the child fails")
        return "done here"

    assert beside(work)() == "done here"


def test_a_process_with_other_threads_does_the_work_itself():
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert beside(os.getpid)() == os.getpid()
    finally:
        stop.set()
        other.join()


def test_two_started_at_once_each_give_their_own_whole_result():
    # A large story's positions and questions are each worked out beside the parent's own work; each result is
    # larger than a pipe holds, and they are read in the other order than started.
    first = beside(lambda: (os.getpid(), "a" * 300_000))
    second = beside(lambda: (os.getpid(), "b" * 300_000))
    (pid_b, b), (pid_a, a) = second(), first()
    assert (a, b) == ("a" * 300_000, "b" * 300_000)
    assert len({pid_a, pid_b, os.getpid()}) == 3
