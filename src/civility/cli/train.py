"""`civility train`: retrain the shipped moderation models from ../shared/data (needs a source checkout)."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import click

_REPO = Path(__file__).resolve().parents[3]


@click.command(name="train")
@click.option(
    "--data",
    type=click.Path(path_type=Path, file_okay=False),
    default=_REPO.parent / "shared" / "data",
    show_default=True,
    help="The shared training-data folder.",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=_REPO / "src" / "civility" / "moderation" / "models",
    show_default=True,
    help="Where to write learned.npz and learned.json.",
)
@click.option(
    "--metrics",
    type=click.Path(path_type=Path, dir_okay=False),
    default=_REPO / "training" / "metrics.json",
    show_default=True,
    help="Where to write the dev and held-out-source metrics.",
)
@click.option("--no-heldout", is_flag=True, help="Skip the second run that leaves whole sources out.")
def train(data: Path, out: Path, metrics: Path, no_heldout: bool) -> None:
    """Train the fast-tier models reproducibly (fixed seeds) and report dev metrics."""
    if not (_REPO / "training" / "__main__.py").is_file():
        raise click.ClickException(
            "civility train needs a source checkout (the training/ folder is not installed)"
        )
    if not (data / "README.md").is_file():
        raise click.BadParameter(f"{data} is not the shared data folder (no README.md)", param_hint="--data")
    if str(_REPO) not in sys.path:
        sys.path.insert(0, str(_REPO))
    entry = importlib.import_module("training.__main__")
    args = ["--data", str(data), "--out", str(out), "--metrics", str(metrics)]
    if no_heldout:
        args.append("--no-heldout")
    code = entry.main(args)
    if code:
        raise SystemExit(code)
