"""`civility tune --site SITE`: thresholds recalibrated to the site's own moderator decisions.

Shows each category's current and proposed threshold and the expected effect on the site's history
(precision and recall of "the engine stops it" against what moderators decided), then applies them
on confirmation (or at once with --yes). A running server picks them up on its next post.
"""

from __future__ import annotations

from pathlib import Path

import click

from civility.cli.server import _load, config_option


@click.command("tune")
@config_option
@click.option("--site", required=True, help="The site id whose decisions to learn from.")
@click.option("--yes", is_flag=True, help="Apply without asking.")
def tune(config_path: Path | None, site: str, yes: bool) -> None:
    """Propose per-category thresholds from the site's decisions, and apply them on confirmation."""
    from civility.moderators.tuning import ThresholdTuning
    from civility.storage.database import Database
    from civility.storage.migrate import schema_state

    settings, _path = _load(config_path)
    if site not in settings.sites:
        raise click.BadParameter(f"no site called {site!r} is configured", param_hint="--site")
    database = Database(settings.database_url)
    try:
        if not schema_state(database).up_to_date:
            raise click.ClickException("the database schema is behind the code; run `civility migrate` first")
        tuning = ThresholdTuning(database)
        proposal = tuning.propose(site, settings.sites[site].moderation)
        click.echo(f"{proposal.decisions} moderator decisions on {site}.")
        if not proposal.enough:
            click.echo(
                "Not enough decisions yet to tune (at least 20, of which at least 5 rejected or spam)."
            )
            return
        click.echo(f"{'category':<12} {'current':>8} {'proposed':>9}")
        for category in sorted(proposal.current):
            mark = "  *" if category in proposal.changed else ""
            click.echo(
                f"{category:<12} {proposal.current[category]:>8.2f} {proposal.proposed[category]:>9.2f}{mark}"
            )
        b, a = proposal.before, proposal.after
        click.echo(
            f"On this site's history: precision {b.precision:.2f} -> {a.precision:.2f}, "
            f"recall {b.recall:.2f} -> {a.recall:.2f}, F1 {b.f1:.2f} -> {a.f1:.2f}"
        )
        if not proposal.changed:
            click.echo("The current thresholds already fit the decisions best; nothing to change.")
            return
        if not yes and not click.confirm("Apply the proposed thresholds?", default=False):
            click.echo("Nothing changed.")
            return
        tuning.apply(site, proposal)
        click.echo(f"Applied to {site}; the server uses them from its next post.")
    finally:
        database.dispose()
