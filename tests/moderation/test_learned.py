"""The shipped learned tier: safe artifacts, scores, evidence on the right words, batch equals single."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import numpy as np
import pytest

from civility.moderation.categories import Category
from civility.moderation.detector import Detector, NormalizedText
from civility.moderation.detectors.learned import LearnedDetector, LearnedModel, ModelFileError
from civility.moderation.normalize import normalize

MODELS = Path(__file__).resolve().parents[2] / "src" / "civility" / "moderation" / "models"
LEARNED = frozenset(
    {
        Category.VIOLENCE,
        Category.HATE,
        Category.PROFANITY,
        Category.VULGARITY,
        Category.DISCOURTESY,
        Category.SPAM,
    }
)


@pytest.fixture(scope="module")
def detector() -> LearnedDetector:
    return LearnedDetector()


def score(detector: LearnedDetector, text: str, category: Category) -> float:
    return detector.detect(normalize(text)).scores[category]


def test_artifacts_are_plain_arrays_and_json_not_pickles() -> None:
    with zipfile.ZipFile(MODELS / "learned.npz") as archive:
        for name in archive.namelist():
            assert name.endswith(".npy")
            header = archive.read(name)[:128]
            assert b"'descr': '|O'" not in header and b"'descr': 'O'" not in header
    with np.load(MODELS / "learned.npz", allow_pickle=False) as arrays:
        assert arrays["weights"].dtype == np.int8
    config = json.loads((MODELS / "learned.json").read_text(encoding="utf-8"))
    assert set(config["categories"]) == {c.value for c in LEARNED}
    assert sum(p.stat().st_size for p in MODELS.glob("learned.*")) < 5_000_000


def test_the_detector_implements_the_shared_interface(detector: LearnedDetector) -> None:
    assert isinstance(detector, Detector)
    assert detector.categories == LEARNED
    assert detector.time_budget_ms > 0


@pytest.mark.parametrize(
    "text",
    [
        "",
        "ok",
        "Thanks for the article.",
        "!!!!",
        "😀😀😀",
        "a" * 5000,
        "ÅÄÖ ß ﬁ İstanbul",
        "line\nbreaks\there",
    ],
)
def test_scores_are_probabilities_for_every_category(detector: LearnedDetector, text: str) -> None:
    output = detector.detect(normalize(text))
    assert set(output.scores) == LEARNED
    assert all(0.0 <= value <= 1.0 for value in output.scores.values())
    for span in output.spans:
        assert 0 <= span.start < span.end <= len(text)


CLEAR = [
    (
        Category.VIOLENCE,
        "I know where you live and I will shoot you and your family.",
        "The drone strike killed several ISIS fighters near Mosul, officials said.",
    ),
    (
        Category.HATE,
        "All Muslims are filthy animals and should be thrown out of this country.",
        "As a gay Muslim woman I disagree with the author about the zoning plan.",
    ),
    (
        Category.PROFANITY,
        "This is fucking bullshit, what a load of crap.",
        "The council meets again on Tuesday to vote on the budget.",
    ),
    (
        Category.VULGARITY,
        "Send me pics of your tits and your pussy, I want to suck your dick.",
        "Breast cancer screening should start earlier, my doctor said.",
    ),
    (
        Category.DISCOURTESY,
        "You are a pathetic idiot and nobody cares about your stupid opinion.",
        "I see your point, but the numbers in the report say otherwise.",
    ),
    (
        Category.SPAM,
        "I make $5,000 a week working from home!!! Start today at www.easy-cash99.xyz/join",
        "The full report is here: https://www.cbo.gov/publication/59710 — page 12 has the numbers.",
    ),
]


@pytest.mark.parametrize(("category", "positive", "negative"), CLEAR, ids=[c.value for c, _, _ in CLEAR])
def test_each_category_fires_on_a_clear_example_and_not_on_a_clear_negative(
    detector: LearnedDetector, category: Category, positive: str, negative: str
) -> None:
    assert score(detector, positive, category) >= 0.5
    assert score(detector, negative, category) < 0.3


@pytest.mark.parametrize(
    "text",
    [
        "This bill is killing small business in our town.",
        "I'd kill for that recipe, it looks amazing.",
        "Terrorism experts say the bombing in Kabul was planned for months.",
    ],
)
def test_news_language_and_figurative_kill_are_not_violence(detector: LearnedDetector, text: str) -> None:
    assert score(detector, text, Category.VIOLENCE) < 0.5


@pytest.mark.parametrize(
    "text",
    [
        "Jews celebrate Hanukkah in December.",
        "Gay people can marry in most states.",
        "My daughter is transgender and I am proud of her.",
        "The mosque on Elm street opens its doors to everyone on Friday.",
        "Immigrants built this country.",
    ],
)
def test_mentioning_an_identity_is_not_hate(detector: LearnedDetector, text: str) -> None:
    assert score(detector, text, Category.HATE) < 0.5


def test_dehumanising_a_group_is_hate(detector: LearnedDetector) -> None:
    assert score(detector, "Jews are vermin and should be exterminated.", Category.HATE) >= 0.5


def test_evidence_points_at_the_insult_in_the_original_text(detector: LearnedDetector) -> None:
    text = "Honestly the plan is fine, but you are a complete idiot."
    output = detector.detect(normalize(text))
    words = {text[s.start : s.end].lower() for s in output.spans if s.category is Category.DISCOURTESY}
    assert "idiot" in words
    assert not words & {"honestly", "plan", "fine"}


def test_evidence_for_an_obfuscated_insult_covers_the_original_characters(detector: LearnedDetector) -> None:
    text = "you are a st.u.p.i.d idi0t"
    output = detector.detect(normalize(text))
    assert output.scores[Category.DISCOURTESY] >= 0.5
    spans = [text[s.start : s.end] for s in output.spans if s.category is Category.DISCOURTESY]
    assert "idi0t" in spans


def test_spam_evidence_includes_the_link(detector: LearnedDetector) -> None:
    text = "Great article! I earn $7,500 a month from home, see www.cash-secret.top/start now"
    output = detector.detect(normalize(text))
    spam_spans = [text[s.start : s.end] for s in output.spans if s.category is Category.SPAM]
    assert any("cash" in span for span in spam_spans)


def test_batch_and_single_give_the_same_scores_and_spans(detector: LearnedDetector) -> None:
    texts = [normalize(t) for t in [*(p for _, p, _ in CLEAR), *(n for _, _, n in CLEAR), "", "ok"]]
    batch = detector.detect_batch(texts)
    for text, together in zip(texts, batch, strict=True):
        alone = detector.detect(text)
        assert together.spans == alone.spans
        for category in LEARNED:
            assert together.scores[category] == pytest.approx(alone.scores[category], abs=1e-6)


def test_an_empty_batch_gives_no_outputs(detector: LearnedDetector) -> None:
    assert detector.detect_batch([]) == []


def test_spans_use_the_offset_map_of_the_normalised_text(detector: LearnedDetector) -> None:
    original = "WHAT an IDIOT you are"
    lowered = original.lower()
    text = NormalizedText(original, lowered, (*range(len(lowered)), len(original)))
    spans = [s for s in detector.detect(text).spans if s.category is Category.DISCOURTESY]
    assert [original[s.start : s.end] for s in spans] == ["IDIOT"]


def test_missing_artifacts_raise_a_model_file_error(tmp_path: Path) -> None:
    with pytest.raises(ModelFileError, match="cannot read"):
        LearnedModel.load(tmp_path)


def test_mismatched_weights_are_refused(tmp_path: Path) -> None:
    shutil.copy(MODELS / "learned.json", tmp_path / "learned.json")
    np.savez(
        tmp_path / "learned.npz", weights=np.zeros((10, 6), dtype=np.int8), scale=np.ones(6, dtype=np.float32)
    )
    with pytest.raises(ModelFileError, match="do not match"):
        LearnedModel.load(tmp_path)


def test_object_arrays_are_refused_not_unpickled(tmp_path: Path) -> None:
    shutil.copy(MODELS / "learned.json", tmp_path / "learned.json")
    np.savez(tmp_path / "learned.npz", weights=np.array([{"a": 1}], dtype=object), scale=np.ones(6))
    with pytest.raises(ModelFileError):
        LearnedModel.load(tmp_path)
