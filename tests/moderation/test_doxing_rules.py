"""Doxing: identifiers are found with their exact spans; checksums and context decide."""

from __future__ import annotations

import pytest
from doxing_support import found, warmed_detector

from civility.moderation.detectors.doxing import DoxingDetector, iban_valid, luhn_valid


@pytest.fixture(scope="module")
def detector() -> DoxingDetector:
    return warmed_detector()


@pytest.mark.parametrize(
    ("text", "identifier"),
    [
        ("call him on 0161 496 0123 tonight", "0161 496 0123"),  # GB
        ("his cell is (212) 555-0199", "(212) 555-0199"),  # US
        ("her number is 030 901820", "030 901820"),  # DE
        ("son numéro: 01 42 68 53 00", "01 42 68 53 00"),  # FR, with a French cue
        ("call him at 98765 43210", "98765 43210"),  # IN
        ("text her on +44 7911 123456", "+44 7911 123456"),
        ("he lives at 12 Oak Street", "12 Oak Street"),
        ("her address is Flat 3, 5 High Rd", "Flat 3, 5 High Rd"),
        ("his email is john.smith@example.org", "john.smith@example.org"),
        ("his SSN is 123-45-6789", "123-45-6789"),
        ("her NI number is AB 12 34 56 C", "AB 12 34 56 C"),
        ("his card is 4539 1488 0343 6467", "4539 1488 0343 6467"),
        ("her IBAN is GB82 WEST 1234 5698 7654 32", "GB82 WEST 1234 5698 7654 32"),
        ("his ip is 203.0.113.42", "203.0.113.42"),
        ("his ip is 2001:db8:85a3::8a2e:370:7334", "2001:db8:85a3::8a2e:370:7334"),
        ("she is at 51.507351, -0.127758 right now", "51.507351, -0.127758"),
        ("his licence plate is AB12 CDE", "AB12 CDE"),
    ],
)
def test_identifiers_with_a_cue_are_doxing(detector: DoxingDetector, text: str, identifier: str) -> None:
    score, spans = found(detector, text)
    assert score >= 0.9
    assert any(
        identifier in span_text or (span_text in identifier and len(span_text) > 6) for span_text in spans
    )


def test_an_identifier_alone_scores_but_less_than_with_a_cue(detector: DoxingDetector) -> None:
    alone, _ = found(detector, "0161 496 0123")
    with_cue, _ = found(detector, "call him on 0161 496 0123")
    assert 0.5 <= alone < with_cue


@pytest.mark.parametrize(
    "text",
    [
        "his card is 4539 1488 0343 6468",  # Luhn fails
        "her IBAN is GB82 WEST 1234 5698 7654 33",  # mod-97 fails
        "In 2024 the population was 1,234,567.",
        "Version 1.2.3 fixed it",
        "The Prime Minister lives at 10 Downing Street.",
        "Call our support hotline 0800 123 4567 for a free quote!",  # business number: spam's concern
        "The meeting is at 7 pm on Oak Street.",
    ],
)
def test_non_identifying_numbers_are_not_doxing(detector: DoxingDetector, text: str) -> None:
    score, _ = found(detector, text)
    assert score < 0.5


def test_checksums() -> None:
    assert luhn_valid("4111111111111111")
    assert not luhn_valid("4111111111111112")
    assert iban_valid("DE89 3704 0044 0532 0130 00")
    assert not iban_valid("DE89 3704 0044 0532 0130 01")


def test_a_bare_ip_address_needs_a_cue(detector: DoxingDetector) -> None:
    signature, _ = found(detector, "Please stop vandalizing the page. 71.234.12.9 (talk) 14:02, 3 May 2010")
    assert signature < 0.5
    end_of_comment, _ = found(detector, "we conform to laws, we need an orderly society. 194.126.85.214")
    assert end_of_comment < 0.5  # not read as a phone number either
    troll, spans = found(detector, "this troll posts from IP 84.12.33.201")
    assert troll >= 0.9 and "84.12.33.201" in spans


def test_an_institutions_line_and_toll_free_numbers_are_not_doxing(detector: DoxingDetector) -> None:
    for text in [
        "For tips call Crime Stoppers at 1-800-222-8477.",
        "The school's number is (555) 010-2323 if you want to complain.",
        "The hospital's main number is 020 7946 0958.",
    ]:
        score, _ = found(detector, text)
        assert score < 0.5, text
    with_cue, _ = found(detector, "Call him at 1-800-555-0199 and tell him what you think.")
    assert with_cue >= 0.9
