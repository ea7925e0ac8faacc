"""The training script's pieces that decide what the model learns: splits, label mapping, synthetic text."""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from civility.cli import main  # noqa: E402
from training.datasets import Example, decode_impermium, load_edos, load_olid  # noqa: E402
from training.split import group_key, is_dev  # noqa: E402
from training.synthetic import spam_examples  # noqa: E402


def test_near_duplicates_share_a_group_key_and_therefore_a_split() -> None:
    a = "RT @someone: You are ALL idiots 100% https://t.co/xyz #tag"
    b = "you are all idiots 42% @other"
    assert group_key(a) == group_key(b)
    assert is_dev(Example(a, "olid", {})) == is_dev(Example(b, "olid", {}))
    assert group_key("Completely different words here") != group_key(a)


def test_synthetic_text_never_goes_to_dev() -> None:
    assert not any(is_dev(Example(f"generated comment number {i}", "synthetic_spam", {})) for i in range(200))


def test_impermium_quoting_and_escapes_are_decoded() -> None:
    assert decode_impermium('"I don\\xe2\\x80\\x99t agree\\\\nat all"') == "I don\u2019t agree\nat all"
    assert decode_impermium('"plain text"') == "plain text"
    assert decode_impermium('"A\\\\xc2\\\\xa0majority"') == "A\xa0majority"


def _write(path: Path, rows: list[dict[str, object]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def test_olid_group_targets_are_not_mapped_to_full_hate(tmp_path: Path) -> None:
    _write(
        tmp_path / "olid" / "olid_train.jsonl",
        [
            {"text": "a", "labels": {"subtask_a": "OFF", "subtask_b": "TIN", "subtask_c": "GRP"}},
            {"text": "b", "labels": {"subtask_a": "NOT", "subtask_b": None, "subtask_c": None}},
            {"text": "c", "labels": {"subtask_a": "OFF", "subtask_b": "UNT", "subtask_c": None}},
        ],
    )
    grp, clean, untargeted = list(load_olid(tmp_path))
    assert 0 < grp.labels["hate"] < 0.5
    assert set(clean.labels.values()) == {0.0}
    assert untargeted.labels["profanity"] > 0.5 and untargeted.labels["hate"] == 0.0


def test_edos_not_sexist_is_only_a_weak_hate_negative(tmp_path: Path) -> None:
    _write(
        tmp_path / "edos" / "edos_train_dev.jsonl",
        [
            {
                "text": "x [URL]",
                "labels": {"label_sexist": "not sexist", "label_category": "none", "label_vector": "none"},
            },
            {
                "text": "y",
                "labels": {
                    "label_sexist": "sexist",
                    "label_category": "1. threats, plans to harm",
                    "label_vector": "1.1 threats of harm",
                },
            },
        ],
    )
    not_sexist, threat = list(load_edos(tmp_path))
    assert not_sexist.labels == {"hate": 0.0} and not_sexist.weight < 0.5
    assert threat.labels["hate"] == 1.0 and threat.labels["violence"] == 1.0


def test_generated_spam_has_positives_and_link_bearing_honest_negatives() -> None:
    examples = spam_examples(random.Random(1), n_spam=60, n_honest=40)
    spam = [e for e in examples if e.labels["spam"] == 1.0]
    honest = [e for e in examples if e.labels["spam"] == 0.0]
    assert len(spam) == 60 and len(honest) == 40
    assert any("http" in e.text for e in honest)
    assert sum(("http" in e.text or "www." in e.text or "@" in e.text) for e in spam) > 20


def test_civility_train_names_a_bad_data_folder(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["train", "--data", str(tmp_path / "missing")])
    assert result.exit_code == 2
    assert "--data" in result.output and "README.md" in result.output
