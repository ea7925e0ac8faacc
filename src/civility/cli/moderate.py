"""`civility moderate`: score one comment, or a JSONL file of them, against the comment policy.

    civility moderate "some text"              scores, decision, the text with flagged words coloured
    civility moderate --file comments.jsonl    one {"text": ...} object per line ("-" reads stdin)
    civility moderate --json ...               one JSON object per input line, in order (the stable shape
                                               in docs/moderation.md); a bad line gives
                                               {"error": "...", "line": N} and the exit status 1

Files are scored in batches through `ModerationEngine.moderate_batch`; a progress bar is shown on a
terminal for inputs of 1,000 lines or more.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING

import click

if TYPE_CHECKING:
    from civility.moderation.engine import ModerationEngine
    from civility.moderation.policy_config import PolicyConfig
    from civility.moderation.result import ModerationResult

PROGRESS_MIN_LINES = 1000
_COLOURS = {
    "violence": "red",
    "hate": "magenta",
    "profanity": "yellow",
    "vulgarity": "bright_yellow",
    "doxing": "cyan",
    "discourtesy": "bright_red",
    "spam": "blue",
}


@dataclass(frozen=True, slots=True)
class _Line:
    number: int
    text: str | None
    error: str | None


@click.command("moderate")
@click.argument("text", required=False)
@click.option("--file", "file_", metavar="PATH", help='A JSONL file of {"text": ...} objects; "-" for stdin.')
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per comment (stable shape).")
@click.option(
    "--policy",
    "policy_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A JSON file with a policy (PolicyConfig: per-category thresholds and actions).",
)
@click.option("--batch-size", default=256, show_default=True, type=click.IntRange(1, 100_000))
def moderate(
    text: str | None, file_: str | None, as_json: bool, policy_path: Path | None, batch_size: int
) -> None:
    """Score TEXT (or every line of --file) and print the decision under the policy."""
    if (text is None) == (file_ is None):
        raise click.UsageError('give either TEXT or --file PATH (use "-" for standard input)')
    policy = _load_policy(policy_path)
    from civility.moderation.engine import ModerationEngine

    engine = ModerationEngine.load()
    if text is not None:
        result = engine.moderate(text, policy=policy)
        if as_json:
            click.echo(json.dumps(result.to_json(), ensure_ascii=False))
        else:
            _print_human(text, result)
        return
    assert file_ is not None
    failed = _moderate_file(engine, file_, policy, as_json, batch_size)
    if failed:
        click.echo(f"{failed} line(s) could not be scored", err=True)
        sys.exit(1)


def _load_policy(path: Path | None) -> PolicyConfig:
    from pydantic import ValidationError

    from civility.moderation.policy_config import PolicyConfig

    if path is None:
        return PolicyConfig()
    try:
        return PolicyConfig.model_validate_json(path.read_text(encoding="utf-8"))
    except ValidationError as error:
        raise click.BadParameter(f"{path}: {error}", param_hint="--policy") from error


def _moderate_file(
    engine: ModerationEngine, source: str, policy: PolicyConfig, as_json: bool, batch_size: int
) -> int:
    """Score every line; returns the number of lines that failed."""
    if source == "-":
        handle: IO[str] = sys.stdin
        total = None
    else:
        path = Path(source)
        if not path.is_file():
            raise click.BadParameter(f"no such file: {source}", param_hint="--file")
        with path.open(encoding="utf-8", errors="replace") as counter:
            total = sum(1 for _ in counter)
        handle = path.open(encoding="utf-8", errors="replace")
    progress = None
    if total is not None and total >= PROGRESS_MIN_LINES and sys.stderr.isatty():
        from tqdm import tqdm

        progress = tqdm(total=total, unit="comment", file=sys.stderr)
    failed = 0
    try:
        batch: list[_Line] = []
        for line in _read_lines(handle):
            batch.append(line)
            if len(batch) >= batch_size:
                failed += _flush(engine, batch, policy, as_json)
                if progress is not None:
                    progress.update(len(batch))
                batch = []
        failed += _flush(engine, batch, policy, as_json)
        if progress is not None:
            progress.update(len(batch))
    finally:
        if progress is not None:
            progress.close()
        if handle is not sys.stdin:
            handle.close()
    return failed


def _read_lines(handle: IO[str]) -> Iterator[_Line]:
    for number, raw in enumerate(handle, start=1):
        yield _parse_line(number, raw)


def _parse_line(number: int, raw: str) -> _Line:
    stripped = raw.strip()
    if not stripped:
        return _Line(number, None, "empty line: expected a JSON object with a \"text\" field")
    try:
        value = json.loads(stripped)
    except json.JSONDecodeError as error:
        return _Line(number, None, f"invalid JSON: {error.msg} at column {error.colno}")
    if not isinstance(value, dict):
        return _Line(number, None, 'expected a JSON object with a "text" field')
    text = value.get("text")
    if not isinstance(text, str):
        return _Line(number, None, 'field "text" is missing or not a string')
    return _Line(number, text, None)


def _flush(engine: ModerationEngine, batch: list[_Line], policy: PolicyConfig, as_json: bool) -> int:
    texts = [line.text for line in batch if line.text is not None]
    results = iter(engine.moderate_batch(texts, policy=policy)) if texts else iter(())
    failed = 0
    for line in batch:
        if line.error is not None:
            failed += 1
            payload: dict[str, object] = {"error": line.error, "line": line.number}
            if as_json:
                click.echo(json.dumps(payload, ensure_ascii=False))
            else:
                click.echo(f"line {line.number}: error: {line.error}")
            continue
        result = next(results)
        if as_json:
            click.echo(json.dumps(result.to_json(), ensure_ascii=False))
        else:
            flagged = ", ".join(f"{reason.category.value} {reason.score:.2f}" for reason in result.reasons)
            click.echo(f"line {line.number}: {result.decision.value}" + (f" ({flagged})" if flagged else ""))
    return failed


def _print_human(text: str, result: ModerationResult) -> None:
    decision_colour = {"allow": "green", "nudge": "yellow", "hold": "bright_red", "reject": "red"}
    decision = result.decision.value
    click.echo("decision: " + click.style(decision, fg=decision_colour[decision], bold=True))
    for category, score in result.scores.items():
        bar = "#" * round(score * 20)
        click.echo(f"  {category.value:<12} {score:4.2f} {click.style(bar, fg=_COLOURS[category.value])}")
    click.echo("text: " + highlight(text, result))
    reasons = [*result.notes, *(reason.describe() for reason in result.reasons)]
    if reasons:
        click.echo("reasons:")
        for reason in reasons:
            click.echo(f"  - {reason}")


def highlight(text: str, result: ModerationResult) -> str:
    """`text` with every evidence span coloured by its category (overlaps take the first span's colour)."""
    colour_at: list[str | None] = [None] * len(text)
    for span in result.spans:
        for index in range(max(0, span.start), min(len(text), span.end)):
            if colour_at[index] is None:
                colour_at[index] = _COLOURS[span.category.value]
    pieces: list[str] = []
    start = 0
    for index in range(1, len(text) + 1):
        if index == len(text) or colour_at[index] != colour_at[start]:
            chunk = text[start:index]
            colour = colour_at[start]
            pieces.append(click.style(chunk, fg=colour, bold=True, underline=True) if colour else chunk)
            start = index
    return "".join(pieces)
