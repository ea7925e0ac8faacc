"""Reproducible training of Civility's shipped moderation models from ../shared/data."""
