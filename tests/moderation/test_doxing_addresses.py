"""Doxing: postal addresses and phone numbers in many countries' formats, and what is not one.

The addresses are written here in the shapes Faker and real posts use (house number before or after the
street, unit designators, each country's postcode line), none generated at test time.
"""

from __future__ import annotations

import pytest
from doxing_support import found, warmed_detector
from moderation_functional_cases import CASES

from civility.moderation.detectors import addresses
from civility.moderation.detectors.doxing import DoxingDetector


@pytest.fixture(scope="module")
def detector() -> DoxingDetector:
    return warmed_detector()


ADDRESSES = [
    # (locale, address) in the sentence "He lives at {}." and alone
    ("en_US", "9791 Regina Mountains, Andreaborough, VT 62139"),
    ("en_US", "083 Crosby Plaza Apt. 533, Farleytown, MT 73436"),
    ("en_US", "690 Sanchez Union Suite 625, Christopherhaven, CT 21957"),
    ("en_US", "743 Rachel Burgs, North Debratown, FM 50466"),
    ("en_US", "PSC 1241, Box 5868, APO AP 25384"),
    ("en_GB", "97 Lynda Bridge, Smithbury, W88 6FJ"),
    ("en_GB", "Flat 0, Francesca Plains, South Joyceborough, SR08 7UX"),
    ("en_GB", "Studio 69, Catherine Gardens, Carrollburgh, NR5 7WE"),
    ("en_CA", "41586 Kevin Radial, Mathishaven, NS V7K 3R6"),
    ("en_CA", "595 Browning Shoals Apt. 682, South Stephanie, NU Y7J8X6"),
    ("en_AU", "17 Kennedy Laneway, East Tony, VIC, 2609"),
    ("en_AU", "Unit 37 06 Jacob Triangle, Davidmouth, VIC, 3344"),
    ("en_AU", "70/720 Carmen Concourse, Danielside, TAS, 2666"),
    ("en_AU", "7 Candace Top, Gonzalezstad, WA, 5230"),  # an everyday street type, with its state line
    ("en_AU", "4/8 Patrick Upper, South Ronald, ACT, 2915"),
    ("en_IN", "H.No. 97, Bhatti, Nandyal-833788"),
    ("en_IN", "39/150, Bal Nagar, Eluru-608377"),
    ("en_NZ", "Apt. 841, 77 Scott Avenue, Port Stratfordtown 8543"),
    ("en_NZ", "395 Maungatanga Circuit, Wakawhakawhenua 2602"),
    ("de_DE", "Schleichstraße 19, 48337 Lichtenfels"),
    ("de_DE", "Anne-Kathrin-Kreusel-Ring 10-57, 22830 Plauen"),
    ("de_AT", "Mitterlehnerstr. 53, 4740 Sankt Pölten"),
    ("de_CH", "Bühlmannstrasse 77, 4170 Renens"),
    ("fr_FR", "98, avenue Lucie Fernandes, 29750 Barbe"),
    ("fr_FR", "87, rue de Barre, 29793 Samson"),
    ("fr_CA", "1777 avenue Poirier, Lavoie, NS A4T2L6"),
    ("es_ES", "Paseo de Ágata Cabo 24, Toledo, 47608"),
    ("es_ES", "Pasaje Juan Pablo Granados 115 Apt. 08 , Jaén, 45989"),
    ("es_MX", "Boulevard Zacatecas 763 Interior 170, San Elsa los altos, AGS 43915-0008"),
    ("it_IT", "Via Elisa, 991 Appartamento 84, 39053, Cornedo All'Isarco (BZ)"),
    ("it_IT", "Strada Taliercio, 47, 56011, Gabella (PI)"),
    ("nl_NL", "Sarastraat 9, 5907JO, Hasselt"),
    ("nl_NL", "Ceylinweg 517, 6286FU, Axel"),
    ("nl_BE", "Jannehof 15, 1008, Moha"),
    ("pt_BR", "Largo Alves, 1, Vila Da Ária, 63608377 Ferreira / ES"),
    ("pt_BR", "Jardim Campos, 87, Vila Da Luz, 31706-690 da Mata de Silveira / SE"),
    ("pt_BR", "Distrito Cirino, 81, Mantiqueira, 20355-744 Cirino Verde / AP"),
    ("pt_BR", "Trecho de Pacheco, 37, Aeroporto, 74892-731 Abreu do Amparo / PI"),
    ("fr_CH", "rue Maxime Bugnon 65, 7367 Crevoisier-sur-Isella"),
    ("da_DK", "Stoltenbergsvej 553, 6223 Stenløse"),
    ("sv_SE", "Industrigatan 32, 43556 Karlskrona"),
    ("pl_PL", "ul. Wodna 09, 51-152 Łaziska Górne"),
    ("cs_CZ", "Na Zahrádkách 58, 762 12 Polná"),
    ("pt_PT", "R. Jorge Leite, 46, 3784-621 Reguengos de Monsaraz"),
]

IDS = [f"{locale}-{index}" for index, (locale, _) in enumerate(ADDRESSES)]


@pytest.mark.parametrize(("locale", "address"), ADDRESSES, ids=IDS)
def test_an_address_with_a_cue_is_doxing_and_its_span_covers_it(
    detector: DoxingDetector, locale: str, address: str
) -> None:
    score, spans = found(detector, f"He lives at {address}.")
    assert score >= 0.9, locale
    covered = max((len(span) for span in spans if span in address), default=0)
    assert covered >= len(address) // 2, (locale, spans)


@pytest.mark.parametrize(("locale", "address"), ADDRESSES, ids=IDS)
def test_an_address_alone_scores_moderately(detector: DoxingDetector, locale: str, address: str) -> None:
    alone, _ = found(detector, f"Nice place, {address}")
    with_cue, _ = found(detector, f"Found her house: {address}")
    assert 0.5 <= alone < with_cue, locale


@pytest.mark.parametrize(
    "text",
    [
        "Go visit him at 97 Lynda Bridge, Smithbury, W88 6FJ lol",
        "Found her house: Schleichstraße 19, 48337 Lichtenfels",
        "9 Alec Tor, Lisaton, NT, 2792 is where that clown lives",
        "Send it to 1 Julie Villas, New Amanda, VIC, 2916",
        "Her address is PO Box 706, Smithtown 0289",
    ],
)
def test_cue_sentences_around_an_address(detector: DoxingDetector, text: str) -> None:
    score, spans = found(detector, text)
    assert score >= 0.9
    assert spans and all(any(char.isdigit() for char in span) for span in spans)


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("call him on 001-503-488-5421x43044", "001-503-488-5421x43044"),
        ("his cell is 345-619-5683x2374", "345-619-5683x2374"),
        ("her number is (460)648-7647x5938", "(460)648-7647x5938"),
        ("text her on 0044 7911 123456", "0044 7911 123456"),
        ("call him at +914948366946", "+914948366946"),
        ("her number is +55 73 1430-4432", "+55 73 1430-4432"),
        ("his cell: 1399 1615", "1399 1615"),
        ("call him on 281.256.5938 ext. 7784", "281.256.5938 ext. 7784"),
    ],
)
def test_phones_with_extensions_prefixes_and_unassigned_codes_with_a_cue(
    detector: DoxingDetector, text: str, phone: str
) -> None:
    score, spans = found(detector, text)
    assert score >= 0.9
    assert phone in spans


def test_a_cue_naming_the_target_by_an_insult_counts(detector: DoxingDetector) -> None:
    score, spans = found(detector, "email the idiot at mary.k21@gmail.com")
    assert score >= 0.9
    assert spans == ["mary.k21@gmail.com"]


def test_an_unassigned_number_without_a_cue_or_prefix_is_not_enough(detector: DoxingDetector) -> None:
    score, _ = found(detector, "the code was 560-597-5351 apparently")
    assert score < 0.5


@pytest.mark.parametrize(
    "text",
    [
        "The White House is at 1600 Pennsylvania Avenue.",
        "The PM spoke at the 10 Downing Street briefing this morning.",
        "Sherlock Holmes lived at 221B Baker Street.",
        "I think the 2020 election was decided by 44,000 votes in three states.",
        "We drove Route 66 all the way to Santa Monica.",
        "Highway 101 was closed for hours, and I-95 was closed too.",
        "In 1984 there were 300 deaths on that road.",
        "The company filed for Chapter 11 last year.",
        "It was a 5-4 ruling, and the court meets again at 10:30 am.",
        "Tickets cost $45.99 and the Lakers won 112-104.",
        "Call 911 if you see anything.",
        "Born on 12/05/1998, she turned 25 on 2023-05-12.",
        "Flight BA 2490 was delayed 3 hours.",
        "Studio 54 was the place to be in 1977.",
        "We need to get this to 1 Billion Views!!",
        "During 2020, 50000 People lost their jobs.",
        "The 1996 Miller's Reach fire burned 37,000 acres.",
        "how can there be 2.124.821.694 views",
        "@USER 2018-09-14 23:56 Congratulations! You are on no blocklists",
        "World War 2 ended in 1945, 75 years ago.",
        "I got this via Twitter, 3 people sent it.",
        "Spring 2021 was wet; String 3 on my guitar broke.",
        "Over 300 Main Street businesses closed this year.",
        "The Vatican is at Piazza San Pietro, 00120 Città del Vaticano.",
        "Buckingham Palace, London SW1A 1AA is the King's residence.",
        "He was sentenced to 25 years in 2014 Federal Court.",
        "Flight UA 1549 landed on the Hudson.",
        "In 1999 Tony Blair visited Belfast.",
        "Win A 15 Shot Rotary Polish Flare Launcher",
        "Why would this be 1 way street?",
        "Psalm 23, 1611 King James",
        "Apollo 13, 1970 Film",
    ],
)
def test_public_places_dates_and_counts_are_not_doxing(detector: DoxingDetector, text: str) -> None:
    score, spans = found(detector, text)
    assert score < 0.5, spans


def test_a_phone_number_is_not_read_as_a_town_and_postcode(detector: DoxingDetector) -> None:
    score, spans = found(detector, "Call 0161 496 0123 now")
    assert spans == ["0161 496 0123"]
    assert score >= 0.5


GATE_TEXTS = [
    *(address for _, address in ADDRESSES),
    "he lives at 12 oak street",
    "Go visit him at 97 Lynda Bridge, Smithbury, W88 6FJ lol",
    "Her address is PO Box 706, Smithtown 0289",
    "rond-point Dupont 3, 75001 Paris",
    "Over 300 Main Street businesses closed, via Twitter, 3 people",
    *(case.text for case in CASES),
]


@pytest.mark.parametrize("text", GATE_TEXTS)
def test_the_address_gates_never_hide_a_match(text: str) -> None:
    """Each gated pattern matches only where its cheap necessary condition holds (as in
    tests/moderation/test_rule_gates.py): a pattern edited without its gate fails here."""
    words = addresses.letter_words(text)
    if addresses.STREET.search(text):
        assert not addresses.STREET_WORDS.isdisjoint(words)
        assert addresses._NUMBER_THEN_NAME.search(text)
    if addresses._LOWER_STREET.search(text) and text.isascii():
        assert not addresses._LOWER_STREET_WORDS.isdisjoint(words)
    everything = addresses.romance_pattern(addresses._ROMANCE_WORDS)
    matches = [match.group() for match in everything.finditer(text)]
    if matches:
        present = words & addresses._ROMANCE_WORDS
        assert [m.group() for m in addresses.romance_pattern(present).finditer(text)] == matches
    if addresses._BOX.search(text):
        assert not addresses._BOX_WORDS.isdisjoint(words)
    if addresses._UNIT_ALONE.search(text):
        assert "#" in text or not addresses._UNIT_WORDS.isdisjoint(words)
    runs = [len(run) for run in addresses._DIGIT_RUN.findall(text)] or [0]
    for pattern, _, digits in addresses._POSTCODES:
        if pattern.search(text):
            assert max(runs) >= digits
            assert digits > 1 or addresses._LETTER_DIGIT.search(text)


def test_the_gate_texts_exercise_every_gated_pattern() -> None:
    everything = addresses.romance_pattern(addresses._ROMANCE_WORDS)
    patterns = [
        addresses.STREET,
        addresses._LOWER_STREET,
        everything,
        addresses._BOX,
        addresses._UNIT_ALONE,
        *(pattern for pattern, _, _ in addresses._POSTCODES),
    ]
    for pattern in patterns:
        assert any(pattern.search(text) for text in GATE_TEXTS), pattern.pattern[:60]


@pytest.mark.parametrize(
    "text",
    [
        "Win A 15 Shot Rotary Polish Flare Launcher",
        "We won 3 Games Straight Top of the table",
        "Chapter 12 Part Two comes out soon",
    ],
)
def test_everyday_street_types_without_a_postcode_line_are_not_an_address(
    detector: DoxingDetector, text: str
) -> None:
    score, _ = found(detector, text)
    assert score < 0.5
