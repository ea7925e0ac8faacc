"""`ModerationEngine`: the public entry point of the moderation library.

    engine = ModerationEngine.load()
    result = engine.moderate("some comment", policy=PolicyConfig())
    result.decision, result.scores, result.spans, result.reasons, result.to_json()

`load` builds the default detectors through the plugin registry (the learned model joins when its module
and artifacts are installed), the shipped calibration and the evidence-span tagger; per-site extra
detectors from `PolicyConfig.detectors` are built once per distinct configuration and cached.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Sequence

from civility.moderation.calibration import Calibration
from civility.moderation.detector import Detector
from civility.moderation.phases import (
    DecisionPhase,
    DetectionPhase,
    EvidencePhase,
    FusionPhase,
    NormalizationPhase,
    PrerequisitesPhase,
)
from civility.moderation.phases.prerequisites import DEFAULT_MAX_LENGTH
from civility.moderation.pipeline import Clock, ModerationContext, ModerationState, Phase, Pipeline
from civility.moderation.policy_config import DetectorSpec, PolicyConfig
from civility.moderation.registry import DetectorRegistry, DetectorUnavailable, default_registry
from civility.moderation.result import ModerationResult, Reason, Status
from civility.moderation.span_tagger import SpanTagger

__all__ = ["ModerationContext", "ModerationEngine", "ModerationResult", "Reason", "Status"]

logger = logging.getLogger("civility.moderation")

# The learned model explains (finds evidence words for) only categories it scores near a flag: evidence
# for a score far below every default threshold would never be shown and costs most of its time.
DEFAULT_DETECTORS: tuple[str | DetectorSpec, ...] = (
    "lexicon",
    "violence_rules",
    "hate_rules",
    "doxing",
    "spam",
    DetectorSpec(name="learned", options={"evidence_threshold": 0.45}),
)
OPTIONAL_DETECTORS = frozenset({"learned"})


class ModerationEngine:
    """Scores comments against the seven categories and decides under a site's policy."""

    def __init__(
        self,
        detectors: Sequence[Detector],
        calibration: Calibration | None = None,
        registry: DetectorRegistry | None = None,
        max_length: int = DEFAULT_MAX_LENGTH,
        clock: Clock = time.perf_counter,
        cpu_clock: Clock = time.thread_time,
        span_tagger: SpanTagger | None = None,
    ) -> None:
        self.detectors = tuple(detectors)
        self.calibration = calibration or Calibration.identity()
        self.registry = registry or DetectorRegistry()
        self.max_length = max_length
        self.clock = clock
        self.cpu_clock = cpu_clock
        self.span_tagger = span_tagger
        self._pipelines: dict[str, Pipeline] = {}
        self._lock = threading.Lock()
        self._default_pipeline = self._build_pipeline(self.detectors)

    @classmethod
    def load(
        cls,
        detectors: Sequence[str | DetectorSpec] = DEFAULT_DETECTORS,
        registry: DetectorRegistry | None = None,
        max_length: int = DEFAULT_MAX_LENGTH,
    ) -> ModerationEngine:
        """The engine with the shipped detectors and calibration (optional ones only where installed)."""
        registry = registry or default_registry()
        built: list[Detector] = []
        for spec in detectors:
            name = spec if isinstance(spec, str) else spec.name
            try:
                built.append(registry.create(spec))
            except DetectorUnavailable as error:
                if name not in OPTIONAL_DETECTORS:
                    raise
                logger.info("optional detector %s not loaded: %s", name, error)
        for detector in built:
            warm_up = getattr(detector, "warm_up", None)
            if callable(warm_up):
                warm_up()
        return cls(built, Calibration.load_shipped(), registry, max_length, span_tagger=SpanTagger.load())

    @property
    def detector_names(self) -> list[str]:
        return [detector.name for detector in self.detectors]

    def moderate(
        self,
        text: str,
        policy: PolicyConfig | None = None,
        context: ModerationContext | None = None,
    ) -> ModerationResult:
        """Score one comment and decide under `policy` (the seed policy by default)."""
        policy = policy or _DEFAULT_POLICY
        state = ModerationState(text=text, policy=policy, context=context or ModerationContext())
        return self._pipeline_for(policy).run(state)

    def moderate_batch(
        self,
        texts: Sequence[str],
        policy: PolicyConfig | None = None,
        context: ModerationContext | None = None,
    ) -> list[ModerationResult]:
        """Score many comments at once (detectors that can, vectorise); results in input order."""
        policy = policy or _DEFAULT_POLICY
        shared = context or ModerationContext()
        states = [ModerationState(text=text, policy=policy, context=shared) for text in texts]
        return self._pipeline_for(policy).run_batch(states)

    def _pipeline_for(self, policy: PolicyConfig) -> Pipeline:
        if not policy.detectors:
            return self._default_pipeline
        key = "|".join(spec.model_dump_json() for spec in policy.detectors)
        pipeline = self._pipelines.get(key)
        if pipeline is None:
            with self._lock:
                extra = [self.registry.create(spec) for spec in policy.detectors]
                pipeline = self._build_pipeline([*self.detectors, *extra])
                self._pipelines[key] = pipeline
        return pipeline

    def _build_pipeline(self, detectors: Sequence[Detector]) -> Pipeline:
        phases: list[Phase] = [
            PrerequisitesPhase(self.max_length),
            NormalizationPhase(),
            DetectionPhase(detectors, self.clock, self.cpu_clock),
            FusionPhase(detectors, self.calibration),
        ]
        if self.span_tagger is not None:
            phases.append(EvidencePhase(self.span_tagger))
        phases.append(DecisionPhase())
        return Pipeline(phases)


_DEFAULT_POLICY = PolicyConfig()
