"""Runs every detector within its time budget; a detector that fails sends the comment to review.

Budgets are measured, not pre-empted: a detector runs in the calling thread (threads per comment would
cost more than the detectors), and when it returns after its budget its output is discarded and the
comment is held, exactly as if it had raised. The budget is CPU time of the calling thread, so a busy
machine (other processes, other threads holding the GIL) does not send good comments to review; a
detector that waits (I/O, locks) is caught by the wall clock at `WALL_CLOCK_FACTOR` times its budget.
Logs name the detector and the failure, never the text.
"""

from __future__ import annotations

import gc
import logging
import time
from collections.abc import Sequence
from typing import Protocol, cast, runtime_checkable

from civility.moderation.detector import Detector, DetectorOutput, NormalizedText
from civility.moderation.pipeline import Clock, DetectorFailure, ModerationContext, ModerationState

logger = logging.getLogger("civility.moderation")
WALL_CLOCK_FACTOR = 30.0


class _GarbageCollectionTimer:
    """CPU time spent in the cyclic garbage collector, which runs inside whatever code allocates: a
    detector must not be blamed (and a comment held) for a collection of the whole process's heap."""

    def __init__(self) -> None:
        self.total = 0.0
        self._started = 0.0
        self._installed = False

    def install(self) -> None:
        if not self._installed:
            gc.callbacks.append(self._callback)
            self._installed = True

    def _callback(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._started = time.thread_time()
        else:
            self.total += time.thread_time() - self._started


_GC_TIMER = _GarbageCollectionTimer()


@runtime_checkable
class BatchDetector(Protocol):
    """A detector that scores many comments faster together (e.g. one matrix product)."""

    def detect_batch(self, texts: Sequence[NormalizedText]) -> list[DetectorOutput]: ...


@runtime_checkable
class ContextualDetector(Protocol):
    """A detector that needs more than the text (site, thread, author), e.g. near-duplicate spam."""

    def detect_in_context(self, text: NormalizedText, context: ModerationContext) -> DetectorOutput: ...


class DetectionPhase:
    """Calls each detector on the normalised text and keeps its output, or records its failure."""

    name = "detection"

    def __init__(
        self,
        detectors: Sequence[Detector],
        clock: Clock = time.perf_counter,
        cpu_clock: Clock = time.thread_time,
    ) -> None:
        self.detectors = tuple(detectors)
        self.clock = clock
        self.cpu_clock = cpu_clock
        _GC_TIMER.install()
        # protocol checks are slow; do them once per detector, not once per comment
        self._contextual = {id(d) for d in self.detectors if isinstance(d, ContextualDetector)}
        self._batchable = {id(d) for d in self.detectors if isinstance(d, BatchDetector)} - self._contextual

    def run(self, state: ModerationState) -> None:
        for detector in self.detectors:
            self._run_each(detector, (state,))

    def run_batch(self, states: Sequence[ModerationState]) -> None:
        for detector in self.detectors:
            if id(detector) in self._batchable and self._run_batch(detector, states):
                continue
            self._run_each(detector, states)

    def _run_each(self, detector: Detector, states: Sequence[ModerationState]) -> None:
        """Score the comments one by one. The clocks are read once between two comments (the end of one
        comment's run is the start of the next one's), not twice per comment: reading them is a
        noticeable share of a fast detector's time."""
        contextual = cast(ContextualDetector, detector) if id(detector) in self._contextual else None
        clock, cpu_clock = self.clock, self.cpu_clock
        started, started_cpu, started_gc = clock(), cpu_clock(), _GC_TIMER.total
        for state in states:
            assert state.normalized is not None
            try:
                if contextual is not None:
                    # checked once in __init__: a runtime Protocol isinstance per comment is slow
                    output = contextual.detect_in_context(state.normalized, state.context)
                else:
                    output = detector.detect(state.normalized)
            except Exception as error:  # any failure of a plug-in must hold the comment, not crash the site
                self._fail(state, DetectorFailure(detector.name, "error", type(error).__name__))
                started, started_cpu, started_gc = clock(), cpu_clock(), _GC_TIMER.total
                continue
            now, now_cpu, now_gc = clock(), cpu_clock(), _GC_TIMER.total
            overrun = self._overrun_between(
                detector.time_budget_ms, now - started, now_cpu - started_cpu, now_gc - started_gc
            )
            started, started_cpu, started_gc = now, now_cpu, now_gc
            if overrun is not None:
                self._fail(state, DetectorFailure(detector.name, "timeout", overrun))
                continue
            state.outputs[detector.name] = output

    def _overrun(self, budget_ms: float, started: float, started_cpu: float, started_gc: float) -> str | None:
        """A description of the budget overrun since the start times, or None within budget."""
        return self._overrun_between(
            budget_ms, self.clock() - started, self.cpu_clock() - started_cpu, _GC_TIMER.total - started_gc
        )

    @staticmethod
    def _overrun_between(budget_ms: float, wall_s: float, cpu_s: float, gc_s: float) -> str | None:
        """A description of the budget overrun of a run that took these times, or None within budget."""
        gc_ms = gc_s * 1000.0
        cpu_ms = cpu_s * 1000.0 - gc_ms
        wall_ms = wall_s * 1000.0 - gc_ms
        if cpu_ms > budget_ms:
            return f"{cpu_ms:.1f} ms CPU > {budget_ms:g} ms"
        if wall_ms > budget_ms * WALL_CLOCK_FACTOR:
            return f"{wall_ms:.1f} ms elapsed > {budget_ms * WALL_CLOCK_FACTOR:g} ms"
        return None

    def _run_batch(self, detector: Detector, states: Sequence[ModerationState]) -> bool:
        """Score all `states` in one call; False when that failed (then each is retried alone)."""
        assert isinstance(detector, BatchDetector)
        texts = [state.normalized for state in states if state.normalized is not None]
        if len(texts) != len(states):
            return False
        started, started_cpu, started_gc = self.clock(), self.cpu_clock(), _GC_TIMER.total
        try:
            outputs = detector.detect_batch(texts)
        except Exception as error:
            logger.warning("detector %s failed on a batch (%s); retrying one by one", detector.name,
                           type(error).__name__)
            return False
        overrun = self._overrun(detector.time_budget_ms * len(states), started, started_cpu, started_gc)
        if len(outputs) != len(states) or overrun is not None:
            return False
        for state, output in zip(states, outputs, strict=True):
            state.outputs[detector.name] = output
        return True

    @staticmethod
    def _fail(state: ModerationState, failure: DetectorFailure) -> None:
        logger.warning("detector %s %s (%s): comment sent to review", failure.detector, failure.kind,
                       failure.detail)
        state.failures.append(failure)
