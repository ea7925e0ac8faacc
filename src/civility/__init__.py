"""Civility: a self-hosted comment section that enforces the publisher's comment policy."""

__version__ = "0.1.0"
