"""The detector plugin registry: built-in detectors register exactly as a publisher's own do.

A factory takes the options mapping of a `DetectorSpec` and returns a `Detector`. Names come from three
places, all through `DetectorRegistry.register`: the built-ins (`register_builtins`), installed packages'
`civility.detectors` entry points (each pointing at a factory), and "package.module:factory" paths given
directly in a site's settings. A factory may raise `DetectorUnavailable` (e.g. the learned model's files
are not installed); the engine then runs without that optional detector and says so in its log.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from importlib.metadata import entry_points
from typing import Any

from civility.moderation.detector import Detector
from civility.moderation.policy_config import DetectorSpec

DetectorFactory = Callable[[Mapping[str, Any]], Detector]
ENTRY_POINT_GROUP = "civility.detectors"


class DetectorUnavailable(RuntimeError):
    """An optional detector cannot run here (its artifacts or dependencies are missing)."""


class UnknownDetector(LookupError):
    """A detector name that is neither registered nor an importable "module:factory" path."""


class DetectorRegistry:
    """Maps detector names to factories."""

    def __init__(self) -> None:
        self._factories: dict[str, DetectorFactory] = {}

    def register(self, name: str, factory: DetectorFactory) -> None:
        """Make `name` available to policies and to the engine's default list."""
        self._factories[name] = factory

    def names(self) -> list[str]:
        return sorted(self._factories)

    def create(self, spec: DetectorSpec | str) -> Detector:
        """Build the detector `spec` names, with its options."""
        if isinstance(spec, str):
            spec = DetectorSpec(name=spec)
        factory = self._factories.get(spec.name)
        if factory is None:
            factory = _import_factory(spec.name)
        detector = factory(spec.options)
        if not isinstance(detector, Detector):
            raise TypeError(f"detector factory {spec.name!r} did not return a Detector")
        return detector

    def load_entry_points(self) -> None:
        """Register the factories that installed packages declare under `civility.detectors`."""
        for entry_point in entry_points(group=ENTRY_POINT_GROUP):
            self.register(entry_point.name, _lazy(entry_point.load))


def _lazy(load: Callable[[], Any]) -> DetectorFactory:
    def factory(options: Mapping[str, Any]) -> Detector:
        target = load()
        detector = target(options)
        assert isinstance(detector, Detector)
        return detector

    return factory


def _import_factory(path: str) -> DetectorFactory:
    module_name, _, attribute = path.partition(":")
    if not attribute:
        raise UnknownDetector(f"unknown detector {path!r}: not registered and not a 'module:factory' path")
    try:
        target = getattr(importlib.import_module(module_name), attribute)
    except (ImportError, AttributeError) as error:
        raise UnknownDetector(f"cannot import detector factory {path!r}: {error}") from error
    if not callable(target):
        raise UnknownDetector(f"detector factory {path!r} is not callable")
    return _lazy(lambda: target)


def default_registry() -> DetectorRegistry:
    """The built-ins plus every installed `civility.detectors` entry point."""
    from civility.moderation.detectors import register_builtins

    registry = DetectorRegistry()
    register_builtins(registry)
    registry.load_entry_points()
    return registry
