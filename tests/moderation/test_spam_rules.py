"""Spam: scam families, link features, honest sources, and near-duplicate repeated posts."""

from __future__ import annotations

from civility.moderation.categories import Action, Category
from civility.moderation.detectors.near_duplicates import (
    InMemoryRecentStore,
    count_similar,
    signature,
    similarity,
)
from civility.moderation.detectors.spam import SpamDetector, cites_only_reputable_sources
from civility.moderation.engine import ModerationEngine
from civility.moderation.normalize import normalize
from civility.moderation.pipeline import ModerationContext

PROMOTION = "Check out my new channel for the best crypto tips every day, link in bio, you won't regret it"


def spam_score(text: str, detector: SpamDetector | None = None, author: str | None = None) -> float:
    detector = detector or SpamDetector()
    context = ModerationContext(site="s", author=author, live=True)
    output = detector.detect_in_context(normalize(text), context)
    return output.scores[Category.SPAM]


def test_scam_with_a_shortened_link_is_spam() -> None:
    assert spam_score("Earn $300 a day from home, no experience needed: bit.ly/3xYz") >= 0.9


def test_fake_support_number_is_spam() -> None:
    assert spam_score("Binance support number +1 (888) 555-0199, call now to recover your funds") >= 0.8


def test_adult_bait_is_spam() -> None:
    assert spam_score("Lonely girls in your area want to chat, see my profile") >= 0.5


def test_a_reader_citing_sources_is_not_spam() -> None:
    text = "The report says otherwise: https://www.reuters.com/world/ and https://www.cdc.gov/flu/"
    assert spam_score(text) < 0.3


def test_one_ordinary_link_is_not_spam() -> None:
    assert spam_score("I wrote about this on my blog last year, example.com/post, happy to discuss") < 0.5


def test_shouting_alone_is_not_spam() -> None:
    assert spam_score("THIS IS THE WORST DECISION THE COUNCIL HAS EVER MADE!!!!") < 0.5


def test_the_third_copy_of_a_long_comment_is_spam() -> None:
    detector = SpamDetector()
    scores = [
        spam_score(PROMOTION.replace("every day", f"every day {suffix}"), detector, author=f"a{index}")
        for index, suffix in enumerate(["", "!", "!!"])
    ]
    assert scores[0] < scores[2]
    assert scores[2] >= 0.7


def test_short_repeated_comments_are_not_spam() -> None:
    detector = SpamDetector()
    scores = [spam_score("Great article!", detector, author=f"a{index}") for index in range(5)]
    assert max(scores) < 0.5


def test_minhash_similarity_estimates_jaccard() -> None:
    first = signature(normalize(PROMOTION).text)
    second = signature(normalize(PROMOTION + " really").text)
    unrelated = signature(normalize("the council voted to close the library on sundays next year").text)
    assert first is not None and second is not None and unrelated is not None
    assert similarity(first, second) > 0.6
    assert similarity(first, unrelated) < 0.2


def test_signatures_are_counted_as_similar_exactly_as_one_by_one() -> None:
    base = signature(PROMOTION)
    assert base is not None
    # variants sharing 0..32 of the 32 values, and the thresholds at and around those shares
    others = [[*base[:k], *(value + 1 for value in base[k:])] for k in range(33)]
    for threshold in (0.0, 0.5, 0.75, 23 / 32, 24 / 32, 0.76, 1.0):
        expected = sum(1 for other in others if similarity(base, tuple(other)) >= threshold)
        assert count_similar(base, others, threshold) == expected
    assert count_similar(base, [], 0.75) == 0


def test_store_forgets_beyond_its_capacity() -> None:
    store = InMemoryRecentStore(capacity=2)
    sig = signature(normalize(PROMOTION).text)
    assert sig is not None
    assert store.check_and_add("s", None, sig, 0.8).count == 0
    assert store.check_and_add("s", None, sig, 0.8).count == 1
    assert store.check_and_add("s", None, sig, 0.8).count == 2
    assert store.check_and_add("s", None, sig, 0.8).count == 2  # the oldest copy was forgotten
    assert store.check_and_add("other-site", None, sig, 0.8).count == 0


def test_repeats_count_only_for_comments_being_posted() -> None:
    detector = SpamDetector()
    archive = ModerationContext(site="s", author="a", live=False)
    scores = [
        detector.detect_in_context(normalize(PROMOTION), archive).scores[Category.SPAM] for _ in range(4)
    ]
    assert scores[0] == scores[3]


def test_self_promotion_is_spam() -> None:
    assert spam_score("Hey guys check out my channel and subscribe to me, new video every week") >= 0.5


def test_prize_text_with_a_number_is_spam() -> None:
    text = "WINNER!! You have been selected to receive a £900 prize reward! To claim call 09061701461"
    assert spam_score(text) >= 0.8


def test_one_scam_phrase_in_a_discussion_is_not_spam() -> None:
    assert spam_score("Gorka, the crypto-Nazi, should have left the White House from the roof.") < 0.5
    assert spam_score("The bitcoin crash wiped out my cousin's savings, be careful out there.") < 0.5


def test_a_lookalike_of_a_reputable_host_is_not_a_source() -> None:
    assert cites_only_reputable_sources("The figures: https://www.bbc.co.uk/news/uk and data.census.gov/x")
    assert not cites_only_reputable_sources("Claim your prize at bbc.co.uk.prizes-win.ru today")
    assert not cites_only_reputable_sources("See bbc.com/news and cheap-pills.com")


def test_a_reader_pointing_to_a_news_site_is_not_held_as_spam() -> None:
    engine = ModerationEngine.load()
    result = engine.moderate("Read the full report at nytimes.com before commenting please")
    assert result.scores[Category.SPAM] < 0.5
    assert result.decision is Action.ALLOW
    # a pitch with the same reputable link is still spam: the rules found it
    pitch = "Earn $500 a day from home, no experience needed, details at nytimes.com and bit.ly/3xYz"
    assert engine.moderate(pitch).scores[Category.SPAM] >= 0.5


def test_a_reader_citing_a_reference_work_is_not_spam() -> None:
    from civility.moderation.detectors.spam import cites_only_reputable_sources

    assert cites_only_reputable_sources("see http://books.google.com/books?id=HHev0U1GfpEC&pg=PA51")
    assert cites_only_reputable_sources("archived at https://web.archive.org/web/2010/https://example.org")
    assert not cites_only_reputable_sources("http://books.google.com.prizes.ru/claim")
    assert not cites_only_reputable_sources("https://www.google.com/search?q=cheap+pills")
