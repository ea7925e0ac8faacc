"""The fast tier's shortcuts decide exactly what the general code they skip would."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from civility.moderation import normalize as normalize_module
from civility.moderation.detectors.learned import LearnedDetector, LearnedModel, _row_table
from civility.moderation.normalize import normalize

# every ASCII control character, spaces, newlines, carriage returns and a few letters
_ASCII_SPACEY = st.text(
    alphabet=[chr(c) for c in range(32)] + [chr(127), " ", "a", "B", ".", "\n"], max_size=16
)


@settings(max_examples=800, deadline=None)
@given(_ASCII_SPACEY)
def test_the_ascii_whitespace_check_is_the_whitespace_regex(text: str) -> None:
    folded = normalize_module._fold_one_to_one(text)
    assert folded is not None
    expected = normalize_module._WHITESPACE.search(folded) is not None
    assert normalize_module._ascii_fold_has_whitespace_run(folded) is expected


@settings(max_examples=300, deadline=None)
@given(_ASCII_SPACEY)
def test_ascii_texts_with_whitespace_runs_collapse_them(text: str) -> None:
    result = normalize(text)
    assert normalize_module._WHITESPACE.search(result.text) is None
    assert len(result.offsets) == len(result.text) + 1


def test_rewritten_offsets_point_at_the_original_characters() -> None:
    text = "You  are\n\n a  stuuuupid b1tch"
    result = normalize(text)
    assert result.text == "you are a stupid bitch"
    # each collapsed run maps to its first character, each undone leet character to itself
    assert "".join(text[result.offsets[i]] for i in range(len(result.text))) == "You are\na stupid b1tch"
    assert result.offsets[-1] == len(text)


def test_the_model_weights_are_a_view_of_the_padded_rows() -> None:
    model = LearnedModel.load()
    table = _row_table(model.weights)
    assert table.shape == (model.weights.shape[0], 8) and table.flags.c_contiguous
    assert np.shares_memory(table, model.weights)
    assert np.array_equal(table[:, : model.weights.shape[1]], model.weights)
    assert not table[:, model.weights.shape[1] :].any()


def test_weights_given_unpadded_are_copied_into_padded_rows() -> None:
    model = LearnedModel.load()
    plain = np.ascontiguousarray(model.weights)
    table = _row_table(plain)
    assert not np.shares_memory(table, plain)
    assert np.array_equal(table[:, : plain.shape[1]], plain)
    detector = LearnedDetector(model)
    copied = LearnedDetector(
        LearnedModel(model.categories, model.config, plain, model.intercept, model.platt_a, model.platt_b)
    )
    texts = [normalize(t) for t in ["you are a stupid idiot", "lovely recipe, thanks", "kill them all"]]
    for a, b in zip(detector.detect_batch(texts), copied.detect_batch(texts), strict=True):
        assert a.scores == b.scores and a.spans == b.spans
