"""The working-memory budget: never more than its total at once, and first come first served."""
from __future__ import annotations

import threading
import time

import pytest

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


def test_first_goes_before_those_waiting_and_each_wait_ends_in_time():
    from detectors.working_memory import Busy

    budget = Budget(100 * MB)
    order = []
    holder = budget.hold(80 * MB)

    def wait(name: str, size: int, first: bool) -> None:
        try:
            with budget.reserve(size, timeout=10, first=first):
                order.append(name)
        except Busy:
            order.append(f"{name} busy")

    photo = threading.Thread(target=wait, args=("photo", 50 * MB, False))
    photo.start()
    deadline = time.monotonic() + 10
    while len(budget._line) < 1 and time.monotonic() < deadline:
        time.sleep(0.01)
    video = threading.Thread(target=wait, args=("video", 60 * MB, True))
    video.start()
    while len(budget._line) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    budget.give(holder)
    for thread in (photo, video):
        thread.join(timeout=20)
    assert order == ["video", "photo"]
    assert budget.free == budget.total


def test_bytes_kept_only_for_later_are_given_up_for_work_that_needs_them():
    budget = Budget(100 * MB)

    class Kept:
        def __init__(self) -> None:
            self.held = budget.hold(70 * MB)

        def reclaim(self, size: int) -> None:
            if self.held and budget.free < size:
                budget.give(self.held)
                self.held = 0

    kept = Kept()
    budget.add_reclaimer(kept.reclaim)
    with budget.reserve(50 * MB, timeout=1):
        assert kept.held == 0 and budget.free == 50 * MB
    assert budget.free == budget.total


def test_searches_a_video_already_paid_for_reserve_nothing_more():
    from detectors import working_memory

    free = working_memory.budget().free
    with working_memory.covering():
        with working_memory.reserve(10 * working_memory.BUDGET_BYTES, timeout=0.1):
            assert working_memory.budget().free == free


def test_work_that_cannot_fit_beside_what_went_first_is_busy_at_once():
    from detectors.working_memory import Busy

    budget = Budget(100 * MB)
    video = budget.hold(70 * MB, first=True)
    started = time.monotonic()
    with pytest.raises(Busy):
        budget.hold(40 * MB, timeout=10)
    assert time.monotonic() - started < 1  # not after its 10 s: its check slot is free at once
    with budget.reserve(30 * MB, timeout=1):  # what fits beside it still runs
        pass
    budget.give(video, first=True)
    with budget.reserve(40 * MB, timeout=1):
        assert budget.free == 60 * MB
