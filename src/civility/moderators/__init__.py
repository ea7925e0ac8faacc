"""Moderators' work (issue 6): the desk (queues, decisions, sanctions, audit), trust rules, statistics,
and tuning the site's thresholds from its own decisions."""
