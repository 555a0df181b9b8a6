"""The working-memory budget: never more than its total at once, and first come first served."""
from __future__ import annotations

import threading
import time

from detectors.working_memory import Budget

MB = 1024 * 1024


def test_reservations_never_add_up_past_the_budget_and_a_big_one_is_not_overtaken():
    budget = Budget(100 * MB)
    held, most, order = [0], [0], []
    lock = threading.Lock()

    def work(name: str, size: int, seconds: float) -> None:
        with budget.reserve(size):
            with lock:
                held[0] += size
                most[0] = max(most[0], held[0])
                order.append(name)
            time.sleep(seconds)
            with lock:
                held[0] -= size

    first = threading.Thread(target=work, args=("small-1", 60 * MB, 0.3))
    first.start()
    deadline = time.monotonic() + 10
    while budget.free == budget.total and time.monotonic() < deadline:
        time.sleep(0.01)
    big = threading.Thread(target=work, args=("big", 90 * MB, 0.1))
    big.start()
    while len(budget._line) < 1 and time.monotonic() < deadline:  # the big one is waiting
        time.sleep(0.01)
    # Fits beside small-1 at once, but came after the big one: it must wait its turn.
    small = threading.Thread(target=work, args=("small-2", 30 * MB, 0.1))
    small.start()
    for thread in (first, big, small):
        thread.join(timeout=10)
    assert order == ["small-1", "big", "small-2"]
    assert most[0] <= 100 * MB
    assert budget.free == budget.total


def test_a_reservation_bigger_than_the_budget_waits_for_all_of_it_and_ends():
    budget = Budget(50 * MB)
    with budget.reserve(400 * MB):
        assert budget.free == 0
    assert budget.free == 50 * MB


def test_a_reservation_that_does_not_come_free_in_time_is_busy_and_leaves_the_line():
    from detectors.working_memory import Busy

    budget = Budget(100 * MB)
    with budget.reserve(80 * MB):
        started = time.monotonic()
        try:
            with budget.reserve(50 * MB, timeout=0.2):
                raise AssertionError("reserved what was not free")
        except Busy:
            pass
        assert time.monotonic() - started < 5
        assert not budget._line  # the one behind it is not stuck behind a ticket that left
        with budget.reserve(20 * MB, timeout=0.2):
            assert budget.free == 0
    assert budget.free == budget.total


def test_take_never_waits_and_never_overtakes_one_waiting():
    budget = Budget(100 * MB)
    assert budget.take(70 * MB)
    assert not budget.take(40 * MB)
    reserved, done = threading.Event(), threading.Event()

    def wait_in_line() -> None:
        with budget.reserve(50 * MB):
            reserved.set()
            done.wait(10)

    waiter = threading.Thread(target=wait_in_line)
    waiter.start()
    deadline = time.monotonic() + 10
    while not budget._line and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not budget.take(10 * MB)  # fits, but the 50 MB one came first
    budget.give(70 * MB)
    assert reserved.wait(10)
    assert budget.free == 50 * MB
    done.set()
    waiter.join(timeout=10)
    assert budget.free == budget.total
