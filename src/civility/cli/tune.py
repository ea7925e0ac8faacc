"""`civility tune --site SITE`: thresholds recalibrated to the site's own moderator decisions.

Shows each category's current and proposed threshold and the expected effect on the site's history
(precision and recall of "the engine stops it" against what moderators decided), then applies them
on confirmation (or at once with --yes). A running server picks them up on its next post. A category
the site's moderators keep approving may be proposed as "allow" (it no longer holds or nudges), with the
evidence: how many comments of the history only it stopped, and how many of those were approved. Each
change's effect made alone is shown too; --max-recall-loss bounds the recall the proposal may give up.

`civility tune --site SITE --model` retrains the site's model from its decisions instead (the desk also
does it by itself every `site_model_retrain_every` decisions), prints what cross-validation on the site's
history measured, and stores it; the model is used only where it measurably helps.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import click

from civility.cli.server import _load, config_option

if TYPE_CHECKING:
    from civility.moderation.policy_config import PolicyConfig
    from civility.moderators.tuning import Proposal
    from civility.settings import SiteSettings
    from civility.storage.database import Database


@click.command("tune")
@config_option
@click.option("--site", required=True, help="The site id whose decisions to learn from.")
@click.option("--yes", is_flag=True, help="Apply without asking.")
@click.option("--model", "site_model", is_flag=True, help="Retrain the site's model from its decisions.")
@click.option(
    "--max-recall-loss",
    type=click.FloatRange(0.0, 1.0),
    default=0.1,
    show_default=True,
    help="The most recall on the site's history the proposed thresholds may give up.",
)
def tune(config_path: Path | None, site: str, yes: bool, site_model: bool, max_recall_loss: float) -> None:
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
        if site_model:
            _retrain_model(database, settings.sites, site)
            return
        tuning = ThresholdTuning(database)
        policy = settings.sites[site].moderation
        proposal = tuning.propose(site, policy, max_recall_loss)
        click.echo(f"{proposal.decisions} moderator decisions on {site}.")
        if not proposal.enough:
            click.echo(
                "Not enough decisions yet to tune (at least 20, of which at least 5 rejected or spam)."
            )
            return
        _show(proposal, policy)
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


def _setting(threshold: float, action: str) -> str:
    from civility.moderators.tuning import is_allow

    return "allow" if is_allow(threshold) else f"{action} {threshold:.2f}"


def _show(proposal: Proposal, policy: PolicyConfig) -> None:
    """The table of current and proposed settings, then why each category is loosened and each effect."""
    actions = {category.value: rule.action.value for category, rule in policy.rules.items()}
    click.echo(f"{'category':<12} {'current':>12} {'proposed':>12}")
    for category in sorted(proposal.current):
        action = actions.get(category, "hold")
        mark = "  *" if category in proposal.changed else ""
        current = _setting(proposal.current[category], action)
        proposed = _setting(proposal.proposed[category], action)
        click.echo(f"{category:<12} {current:>12} {proposed:>12}{mark}")
    for category, found in sorted(proposal.evidence.items()):
        click.echo(
            f"Why {category} -> {_setting(proposal.proposed[category], actions.get(category, 'hold'))}: "
            f"{found.released} comments of this history were stopped only by {category} (with the other "
            f"proposed settings); moderators approved {found.approved} of them ({found.share:.0%})."
        )
    for category, effect in sorted(proposal.effect.items() if len(proposal.effect) > 1 else ()):
        click.echo(
            f"{category} changed alone: precision {proposal.before.precision:.2f} -> {effect.precision:.2f}, "
            f"recall {proposal.before.recall:.2f} -> {effect.recall:.2f}"
        )


def _retrain_model(database: Database, sites: Mapping[str, SiteSettings], site: str) -> None:
    from civility.moderators.site_learning import SiteModels

    if not sites[site].site_model:
        raise click.ClickException(f"the site model is off for {site} (sites.{site}.site_model = false)")
    training = SiteModels(database, sites).train(site)
    click.echo(f"{training.decisions} moderator decisions on {site} ({training.removals} removed).")
    if not training.enough:
        click.echo(
            f"Not enough decisions yet for a site model (at least {sites[site].site_model_min_decisions}, "
            "of which at least 20 rejected or spam)."
        )
        return
    b, a = training.before, training.after
    assert b is not None and a is not None
    click.echo(
        f"Cross-validated on this site's history: precision {b.precision:.2f} -> {a.precision:.2f}, "
        f"recall {b.recall:.2f} -> {a.recall:.2f}, F1 {b.f1:.2f} -> {a.f1:.2f}"
    )
    if training.model is None:
        click.echo("The site model does not improve on the engine here; it is not used.")
        return
    hold = "never" if training.hold_at > 1.0 else f"probability >= {training.hold_at:.2f}"
    tolerated = ", ".join(training.tolerated) or "no category"
    click.echo(
        f"In use from the next post: hold what the engine publishes at {hold}; publish what it holds "
        f"only for {tolerated} at probability < {training.allow_below:.2f}."
    )
