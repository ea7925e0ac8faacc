"""The moderation engine: normalisation, detectors, per-category scores, evidence and policy."""
