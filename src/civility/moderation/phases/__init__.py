"""The phases of the moderation pipeline, in the order the engine runs them."""

from civility.moderation.phases.decision import DecisionPhase
from civility.moderation.phases.detection import DetectionPhase
from civility.moderation.phases.evidence import EvidencePhase
from civility.moderation.phases.fusion import FusionPhase
from civility.moderation.phases.normalization import NormalizationPhase
from civility.moderation.phases.prerequisites import PrerequisitesPhase

__all__ = [
    "DecisionPhase",
    "DetectionPhase",
    "EvidencePhase",
    "FusionPhase",
    "NormalizationPhase",
    "PrerequisitesPhase",
]
