"""Runs every detector within its time budget; a detector that fails sends the comment to review.

Budgets are measured, not pre-empted: a detector runs in the calling thread (threads per comment would
cost more than the detectors), and when it returns after its budget its output is discarded and the
comment is held, exactly as if it had raised. Logs name the detector and the failure, never the text.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from civility.moderation.detector import Detector, DetectorOutput, NormalizedText
from civility.moderation.pipeline import Clock, DetectorFailure, ModerationContext, ModerationState

logger = logging.getLogger("civility.moderation")


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

    def __init__(self, detectors: Sequence[Detector], clock: Clock = time.perf_counter) -> None:
        self.detectors = tuple(detectors)
        self.clock = clock

    def run(self, state: ModerationState) -> None:
        for detector in self.detectors:
            self._run_one(detector, state)

    def run_batch(self, states: Sequence[ModerationState]) -> None:
        for detector in self.detectors:
            batchable = isinstance(detector, BatchDetector) and not isinstance(detector, ContextualDetector)
            if batchable and self._run_batch(detector, states):
                continue
            for state in states:
                self._run_one(detector, state)

    def _run_one(self, detector: Detector, state: ModerationState) -> None:
        assert state.normalized is not None
        started = self.clock()
        try:
            if isinstance(detector, ContextualDetector):
                output = detector.detect_in_context(state.normalized, state.context)
            else:
                output = detector.detect(state.normalized)
        except Exception as error:  # any failure of a plug-in must hold the comment, not crash the site
            self._fail(state, DetectorFailure(detector.name, "error", type(error).__name__))
            return
        elapsed_ms = (self.clock() - started) * 1000.0
        if elapsed_ms > detector.time_budget_ms:
            detail = f"{elapsed_ms:.1f} ms > {detector.time_budget_ms:g} ms"
            self._fail(state, DetectorFailure(detector.name, "timeout", detail))
            return
        state.outputs[detector.name] = output

    def _run_batch(self, detector: Detector, states: Sequence[ModerationState]) -> bool:
        """Score all `states` in one call; False when that failed (then each is retried alone)."""
        assert isinstance(detector, BatchDetector)
        texts = [state.normalized for state in states if state.normalized is not None]
        if len(texts) != len(states):
            return False
        started = self.clock()
        try:
            outputs = detector.detect_batch(texts)
        except Exception as error:
            logger.warning("detector %s failed on a batch (%s); retrying one by one", detector.name,
                           type(error).__name__)
            return False
        elapsed_ms = (self.clock() - started) * 1000.0
        if len(outputs) != len(states) or elapsed_ms > detector.time_budget_ms * len(states):
            return False
        for state, output in zip(states, outputs, strict=True):
            state.outputs[detector.name] = output
        return True

    @staticmethod
    def _fail(state: ModerationState, failure: DetectorFailure) -> None:
        logger.warning("detector %s %s (%s): comment sent to review", failure.detector, failure.kind,
                       failure.detail)
        state.failures.append(failure)
