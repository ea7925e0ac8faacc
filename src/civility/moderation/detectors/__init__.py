"""Built-in detectors, registered through the same registry call a publisher's plug-in uses."""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any

from civility.moderation.detector import Detector
from civility.moderation.registry import DetectorRegistry, DetectorUnavailable


def _lexicon(options: Mapping[str, Any]) -> Detector:
    from civility.moderation.detectors.lexicon import LexiconDetector

    return LexiconDetector.from_options(options)


def _violence_rules(options: Mapping[str, Any]) -> Detector:
    from civility.moderation.detectors.threats import ThreatDetector

    return ThreatDetector.from_options(options)


def _hate_rules(options: Mapping[str, Any]) -> Detector:
    from civility.moderation.detectors.hate_rules import HateRulesDetector

    return HateRulesDetector.from_options(options)


def _doxing(options: Mapping[str, Any]) -> Detector:
    from civility.moderation.detectors.doxing import DoxingDetector

    return DoxingDetector.from_options(options)


def _spam(options: Mapping[str, Any]) -> Detector:
    from civility.moderation.detectors.spam import SpamDetector

    return SpamDetector.from_options(options)


def _wordlist(options: Mapping[str, Any]) -> Detector:
    from civility.moderation.detectors.wordlist import WordListDetector

    return WordListDetector.from_options(options)


def _learned(options: Mapping[str, Any]) -> Detector:
    """The trained model (civility.moderation.detectors.learned), when it and its artifacts are installed."""
    try:
        learned = importlib.import_module("civility.moderation.detectors.learned")
    except ImportError as error:
        raise DetectorUnavailable(f"learned detector module not installed: {error}") from error
    missing: tuple[type[Exception], ...] = (FileNotFoundError, getattr(learned, "ModelFileError", OSError))
    try:
        detector = learned.LearnedDetector(**dict(options))
    except missing as error:
        raise DetectorUnavailable(f"learned model artifacts missing or unreadable: {error}") from error
    if not isinstance(detector, Detector):
        raise TypeError("LearnedDetector.load() did not return a Detector")
    return detector


def register_builtins(registry: DetectorRegistry) -> None:
    """Register every built-in detector factory by name."""
    registry.register("lexicon", _lexicon)
    registry.register("violence_rules", _violence_rules)
    registry.register("hate_rules", _hate_rules)
    registry.register("doxing", _doxing)
    registry.register("spam", _spam)
    registry.register("wordlist", _wordlist)
    registry.register("learned", _learned)
