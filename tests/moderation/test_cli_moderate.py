"""`civility moderate`: human output with highlights, the stable JSON shape, and error lines."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from civility.cli import main

CATEGORIES = ["violence", "hate", "profanity", "vulgarity", "doxing", "discourtesy", "spam"]


def run(*args: str, stdin: str | None = None, color: bool = False) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["moderate", *args], input=stdin, color=color)
    return result.exit_code, result.stdout, result.stderr


def test_one_text_prints_decision_scores_and_highlighted_words() -> None:
    code, out, _ = run("Shut up, you moron", color=True)
    assert code == 0
    assert "decision: " in out and "nudge" in out
    assert all(category in out for category in CATEGORIES)
    assert "\x1b[" in out.split("text: ")[1]  # flagged words are coloured
    assert "moron" in out


def test_one_text_as_json_has_exactly_the_documented_shape() -> None:
    code, out, _ = run("--json", "Shut up, you moron")
    assert code == 0
    payload = json.loads(out)
    assert list(payload) == ["decision", "scores", "spans", "reasons"]
    assert list(payload["scores"]) == CATEGORIES
    assert payload["decision"] == "nudge"
    text = "Shut up, you moron"
    assert "moron" in [text[span["start"] : span["end"]] for span in payload["spans"]]


def test_file_lines_come_back_in_order_with_error_lines_and_a_failing_status(tmp_path: Path) -> None:
    source = tmp_path / "comments.jsonl"
    source.write_text(
        "\n".join(
            [
                json.dumps({"text": "Lovely piece, thank you."}),
                "{not json",
                json.dumps({"text": "call me at 0161 496 0123, he lives at 12 Oak Street"}),
                json.dumps({"body": "no text field"}),
                json.dumps(["not", "an", "object"]),
                json.dumps({"text": "You are an idiot"}),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    code, out, err = run("--json", "--file", str(source), "--batch-size", "2")
    assert code == 1
    lines = [json.loads(line) for line in out.splitlines()]
    assert len(lines) == 6
    assert lines[0]["decision"] == "allow"
    assert lines[1] == {"error": lines[1]["error"], "line": 2} and "JSON" in lines[1]["error"]
    # doxing is held for a moderator and has no reject tier: a stable "hold" case
    assert lines[2]["decision"] == "hold" and lines[2]["scores"]["doxing"] >= 0.5
    assert lines[3]["line"] == 4 and "text" in lines[3]["error"]
    assert lines[4]["line"] == 5
    assert lines[5]["decision"] == "nudge"
    assert "3 line(s)" in err


def test_standard_input_with_only_good_lines_exits_zero() -> None:
    stdin = "\n".join(json.dumps({"text": text}) for text in ["hello", "what the fuck"]) + "\n"
    code, out, _ = run("--json", "--file", "-", stdin=stdin)
    assert code == 0
    decisions = [json.loads(line)["decision"] for line in out.splitlines()]
    assert decisions == ["allow", "nudge"]


def test_file_without_json_prints_one_summary_per_line() -> None:
    stdin = json.dumps({"text": "you idiot"}) + "\n" + "oops\n"
    code, out, _ = run("--file", "-", stdin=stdin)
    assert code == 1
    assert out.splitlines()[0].startswith("line 1: nudge (discourtesy")
    assert out.splitlines()[1].startswith("line 2: error: invalid JSON")


def test_text_and_file_together_is_a_usage_error() -> None:
    code, _, err = run("hello", "--file", "-")
    assert code == 2
    assert "either TEXT or --file" in err


def test_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    code, _, err = run("--file", str(tmp_path / "missing.jsonl"))
    assert code == 2
    assert "no such file" in err


def test_a_policy_file_changes_the_decision(tmp_path: Path) -> None:
    policy = tmp_path / "policy.json"
    policy.write_text(json.dumps({"rules": {"profanity": {"threshold": 0.5, "action": "reject"}}}))
    code, out, _ = run("--json", "--policy", str(policy), "what the fuck")
    assert code == 0
    assert json.loads(out)["decision"] == "reject"
