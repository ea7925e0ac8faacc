"""Calls that the caller stops waiting for after a wall-clock limit.

A Python thread cannot be interrupted, so a call that must not keep its caller past a deadline runs
on one of a few daemon threads while the caller waits on its future. Past the deadline the caller
gets `TimeoutError` and goes on; a call not yet started is cancelled, and one already running
finishes in the background, its result dropped. The threads are few and fixed, so calls stuck for
good (a detector waiting on something that never comes) cannot pile up threads: later calls then
queue, and time out, behind them. The threads start on first use, never at import, and being
daemons they never hold up the process's exit.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, TypeVar

T = TypeVar("T")

_Job = tuple["Future[Any]", Callable[[], Any]]


class DeadlineRunner:
    """Runs calls on `workers` daemon threads; `run` gives up waiting after `timeout_s`."""

    def __init__(self, workers: int = 8, name: str = "civility-deadline") -> None:
        self.workers = workers
        self.name = name
        self._jobs: queue.SimpleQueue[_Job] = queue.SimpleQueue()
        self._threads: list[threading.Thread] = []
        self._start_lock = threading.Lock()
        self._count_lock = threading.Lock()
        self._in_flight = 0

    @property
    def in_flight(self) -> int:
        """Calls queued or running, including those whose callers stopped waiting."""
        return self._in_flight

    def _count(self, delta: int) -> None:
        with self._count_lock:
            self._in_flight += delta

    def _start(self) -> None:
        with self._start_lock:
            while len(self._threads) < self.workers:
                thread = threading.Thread(
                    target=self._work, name=f"{self.name}-{len(self._threads)}", daemon=True
                )
                thread.start()
                self._threads.append(thread)

    def _work(self) -> None:
        while True:
            future, call = self._jobs.get()
            try:
                if not future.set_running_or_notify_cancel():
                    continue  # its caller stopped waiting before it started
                try:
                    future.set_result(call())
                except BaseException as error:  # handed to the caller, who decides
                    future.set_exception(error)
            finally:
                self._count(-1)

    def run(self, call: Callable[[], T], timeout_s: float) -> T:
        """The result of `call()`, or TimeoutError when it takes longer than `timeout_s` seconds."""
        if len(self._threads) < self.workers:
            self._start()
        future: Future[T] = Future()
        self._count(1)
        self._jobs.put((future, call))
        try:
            return future.result(timeout=timeout_s)
        except TimeoutError:
            future.cancel()
            raise
