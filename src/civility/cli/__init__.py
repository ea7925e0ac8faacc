"""The `civility` command. Each subcommand lives in its own module, imported only when it runs."""

from __future__ import annotations

import importlib

import click

# name -> "module:attribute"; lazy so that `civility moderate` never imports the web stack.
# Each command module registers itself here by name; help text is listed without importing it.
SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "demo": ("civility.cli.demo:demo", "Serve a sample news article with a seeded comment section."),
    "init": ("civility.cli.server:init", "Write a fully commented sample configuration (TOML)."),
    "serve": ("civility.cli.server:serve", "Run the comment server (checks the database schema first)."),
    "migrate": ("civility.cli.server:migrate", "Bring the database schema up to date."),
    "moderate": ("civility.cli.moderate:moderate", "Score comments against the comment policy."),
    "train": ("civility.cli.train:train", "Retrain the shipped moderation models from ../shared/data."),
    "tune": ("civility.cli.tune:tune", "Recalibrate a site's thresholds to its moderators' decisions."),
    "user": ("civility.cli.users:user", "Manage accounts: moderators, admins and commenters."),
}


class LazyGroup(click.Group):
    """A click group whose subcommands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(SUBCOMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        entry = SUBCOMMANDS.get(cmd_name)
        if entry is None:
            return None
        module_name, attribute = entry[0].split(":")
        command = getattr(importlib.import_module(module_name), attribute)
        assert isinstance(command, click.Command)
        return command


    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, SUBCOMMANDS[name][1]) for name in self.list_commands(ctx)]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


@click.group(cls=LazyGroup)
@click.version_option(package_name="civility")
def main() -> None:
    """Civility: a self-hosted comment section that enforces your comment policy."""
