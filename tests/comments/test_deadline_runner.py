"""DeadlineRunner: the caller stops waiting at the deadline; stuck calls cannot pile up threads."""

from __future__ import annotations

import threading
import time

import pytest

from civility.comments.deadline_runner import DeadlineRunner


def _wait_until_idle(runner: DeadlineRunner) -> None:
    deadline = time.monotonic() + 10
    while runner.in_flight and time.monotonic() < deadline:
        threading.Event().wait(0.005)
    assert runner.in_flight == 0


def test_a_call_within_the_limit_answers_its_result() -> None:
    assert DeadlineRunner(workers=1).run(lambda: 6 * 7, timeout_s=10) == 42


def test_a_call_that_raises_raises_in_the_caller() -> None:
    def broken() -> int:
        raise MemoryError("engine fell over")

    with pytest.raises(MemoryError, match="fell over"):
        DeadlineRunner(workers=1).run(broken, timeout_s=10)


def test_a_stuck_call_times_out_and_a_call_queued_behind_it_is_never_run() -> None:
    runner = DeadlineRunner(workers=1)
    release = threading.Event()
    ran: list[str] = []

    def stuck() -> None:
        release.wait(timeout=30)
        ran.append("stuck")

    with pytest.raises(TimeoutError):
        runner.run(stuck, timeout_s=0.05)
    with pytest.raises(TimeoutError):  # the only thread is stuck: this one waits in the queue, then gives up
        runner.run(lambda: ran.append("queued"), timeout_s=0.05)
    release.set()
    _wait_until_idle(runner)
    assert ran == ["stuck"], "a call whose caller gave up before it started must not run"
    assert runner.run(lambda: "free again", timeout_s=10) == "free again"


def test_the_threads_are_few_daemons_started_on_first_use() -> None:
    before = {t.name for t in threading.enumerate()}
    runner = DeadlineRunner(workers=2, name="civility-test-runner")
    assert not any(t.name.startswith("civility-test-runner") for t in threading.enumerate())
    for _ in range(5):
        runner.run(lambda: None, timeout_s=10)
    started = [
        t for t in threading.enumerate() if t.name not in before and t.name.startswith("civility-test-runner")
    ]
    assert len(started) == 2 and all(t.daemon for t in started)
