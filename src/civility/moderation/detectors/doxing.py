"""Doxing: personal information that locates or identifies a person, alone or with a cue.

Found on the ORIGINAL text (normalisation would change digits): phone numbers through libphonenumber in
several regions (GB, US, DE, FR, IN, ... and any "+" international number; phone-shaped numbers that no
region validates only with a cue), e-mail addresses, postal addresses in many countries' formats (see
`addresses`), US SSNs and UK National Insurance numbers, card numbers
that pass Luhn, IBANs that pass mod-97, IPv4/IPv6 addresses, exact coordinates and licence plates named as
such. A cue ("he lives at", "her address is", "call him at") raises the score; a business number in a
sales or support pitch is spam's business, not doxing.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping
from typing import Any

import phonenumbers

from civility.moderation.categories import Category
from civility.moderation.detector import DetectorOutput, EvidenceSpan, NormalizedText
from civility.moderation.detectors.addresses import (
    STREET,
    STREET_WORDS,
    find_addresses,
    letter_words,
)

_LENIENCY = phonenumbers.Leniency.VALID
PHONE_REGIONS = ("GB", "US", "DE", "FR", "IN", "CA", "AU", "ES", "IT", "NL", "IE", "BR")
_DIGIT = re.compile(r"\d")
_DIGIT_RUN = re.compile(r"(?:\d[\s().\-/]{0,3}){7,}")
# A digit run with what may precede it in a phone number ("+", "(").
_PHONE_WINDOW = re.compile(
    r"(?<![\w@/.\-+=])[+(]?\d[\d\s().\-]{5,}\d(?:\s?(?:x|ext\.?|extension)\s?\d{1,6})?(?![\w/])"
)
_EXTENSION = re.compile(r"\s?(?:x|ext\.?|extension)\s?\d{1,6}$")
# Shapes that are phone numbers even where libphonenumber finds none valid (an unassigned area code, a
# number from a region we do not parse): "+55 73 1430-4432", "00388542143", "(460)648-7647x5938",
# "1399 1615"; such a number counts only with a cue, or when it carries an international prefix.
_PHONE_SHAPE = re.compile(
    r"(?:\+|00)\d[\d\s().\-]{6,}"
    r"|(?:1[-.\s]?)?(?:\(\d{3}\)\s?|\d{3}[-.\s])\d{3}[-.\s]\d{4}"
    r"|\(?0\d{1,4}\)?(?:[\s.\-]\d{2,5}){1,4}"
    r"|\d{2,5}(?:[\s.\-]\d{2,5}){1,3}|\d{8,12}"
)
# Numbers that are not phones whatever a region's plan says: "2.124.821.694 views", "2018-09-14 23:56".
_THOUSANDS = re.compile(r"\d{1,3}(?:[.,]\d{3})+")
_DATE = re.compile(r"(?:19|20)\d\d[-/.]\d{1,2}[-/.]\d{1,2}\b|\d{1,2}[-/.]\d{1,2}[-/.](?:19|20)?\d\d\b")
# Identifiers inside links and @handles are not someone's details ("@dale0987654321", ".../s1600/...").
_LINK_OR_HANDLE = re.compile(r"(?:https?://|www\.)\S+|@[\w.-]+:?\w*|\b\S+\.(?:com|net|org|jpg|png|gif)\S*")
# The author sharing their own details is not doxing: "my email is ...", "call me on ...".
_SELF_DISCLOSURE = re.compile(
    r"\b(?:(?:my|our) (?:e-?mail(?: address)?|number|phone(?: number)?|cell|mobile|address|ip)|"
    r"(?:call|text|e-?mail|contact|reach|message|ring) (?:me|us))\b",
    re.IGNORECASE,
)
# Street types that are everyday words too ("a 2 point conversion way"): an address only when capitalised
# ("12 Abbey Way") or with a cue.
_EMAIL = re.compile(r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}\b")
# An organisation's mailbox, not a person's: "send tips to tips@localpaper.com", "info@council.gov.uk".
ROLE_MAILBOXES = frozenset(
    {"tips", "info", "contact", "news", "newsdesk", "newsroom", "editor", "editors", "letters", "press",
     "support", "help", "hello", "admin", "office", "enquiries", "inquiries", "sales", "service", "team",
     "feedback", "webmaster", "media", "comms", "jobs", "careers", "hr", "billing", "noreply", "no-reply",
     "complaints", "readers", "corrections", "advertising", "subscriptions", "customerservice", "mail"}
)
# The English street pattern and its gate words (names kept for the gate tests).
_ADDRESS = STREET
_STREET_WORDS = STREET_WORDS
_SSN = re.compile(r"\b(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}\b")
_NI_NUMBER = re.compile(
    r"\b(?![DFIQUV])[A-CEGHJ-PR-TW-Z](?![DFIQUVO])[A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b"
)
_CARD = re.compile(r"\b(?:\d[ -]?){12,18}\d\b")
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b")
_IPV4 = re.compile(r"\b(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)\b")
_IPV6 = re.compile(r"(?<![\w:])(?:[0-9a-fA-F]{1,4}:){2,7}[0-9a-fA-F]{0,4}(?::[0-9a-fA-F]{1,4}){0,6}(?![\w:])")
_COORDINATES = re.compile(
    r"(?<![\d.])(-?\d{1,2}\.\d{4,})°?\s*[NS]?,\s*(-?\d{1,3}\.\d{4,})°?\s*[EW]?(?![\d.])"
)
_PLATE = re.compile(
    r"\b(?:licen[cs]e plate|number plate|plate number|plates?|reg(?:istration)?(?: number)?|tag)"
    r"(?: number)?(?: is|:|#)?\s+([A-Z0-9]{2,4}[ -]?[A-Z0-9]{2,4})\b",
    re.IGNORECASE,
)
_PLATE_WORDS = frozenset({"plate", "plates", "reg", "registration", "tag"})
_CUE = re.compile(
    r"\b(?:(?:he|she|they|this guy|this woman|that guy|that woman|the author|the writer|the reporter|"
    r"this clown|this idiot|your (?:wife|husband|kid|son|daughter|mom|mother|dad|father))"
    r"(?: still| now)? (?:lives?|is living|are living|works?|stays?|sleeps?) (?:at|on|in)|"
    r"(?:his|her|their|your) (?:home |house |real |street |cell |mobile |private |personal |work )?"
    r"(?:address|number|phone|cell|mobile|email|e-mail|ip|ip address|location|coordinates|plate|"
    r"licen[cs]e plate|ssn|social security|ni number|national insurance|card|bank)|"
    r"(?:call|text|ring|email|e-mail|message|visit) (?:him|her|them)|address is|lives? at|"
    r"found (?:his|her|their)|here(?:'s| is) (?:his|her|their)|dox+(?:ed|ing)?|"
    r"(?:go|let's|lets) (?:visit|find) (?:him|her|them)|pay (?:him|her|them) a visit|show up at|"
    r"everyone (?:call|text|email|visit)|spam (?:his|her|their) (?:phone|number|inbox)|"
    r"(?:he|she|they)(?:'s|'re| is| are)(?: right)? (?:at|here|staying)|"
    r"(?:posts?|posting|comments?|commenting|writes?|writing|edits?|editing) from (?:the |this |that )?ip\b|"
    r"(?:son|sa) (?:numéro|adresse)|(?:seine|ihre) (?:nummer|adresse|handynummer)|wohnt (?:in|an)|"
    r"habite (?:au|à|rue)|write to|where (?:\w+ ){0,2}lives|moved to|send (?:it|this|them|\w+s) to|"
    r"traced (?:him|her|them)|posts? from|home address|"
    r"(?:call|text|e-?mail|message|ring|write to|visit|find) (?:the|that|this) (?:idiot|moron|clown|guy|"
    r"woman|man|girl|dude|loser|creep|jerk|fool|author|writer|reporter|bitch|asshole|prick)s? (?:at|on)|"
    r"(?:his|her|their) (?:social|credit card|bank account|visa|house))\b",
    re.IGNORECASE,
)
_BUSINESS = re.compile(
    r"\b(?:call (?:now|us|today|our)|contact us|for more info|customer (?:care|support|service)|support "
    r"(?:line|number|team)|help ?line|hotline|toll[- ]free|whats ?app|telegram|our (?:team|office|company|"
    r"store|shop|agents?|experts?)|we (?:offer|provide|buy|sell|are available)|free (?:quote|consultation)|"
    r"order now|discount|promo|24/7|recover(?:y)?|hacked|wallet|bitcoin|crypto|loan|investment|"
    r"opening hours|open (?:daily|mon)|book (?:now|online|a table)|reservations?|box office|"
    # an office that answers the public: "the Capitol switchboard is (202) 224-3121", "call your senator"
    r"switchboard|call your (?:representatives?|senators?|congress(?:man|woman|person)?|mps?|councill?ors?|"
    r"mayor|governor|legislators?)|(?:constituency|district|congressional|senate|campaign|council|"
    r"mayor's|governor's) office|"
    # a public place or event: where a rally, a market or a new shop is, is no one's private detail
    r"open to (?:the )?public|every(?:one|body)(?:'s| is)? welcome|all (?:are )?welcome|free (?:entry|"
    r"admission)|join us at|meet (?:us|everyone|everybody) at|venue|"
    r"(?:at|in) the (?:town hall|village hall|city hall|guildhall|civic centre|civic center|community "
    r"(?:centre|center|hall)|public library|library|parish church|cathedral|museum|stadium|leisure centre)|"
    r"(?:the|a|our|this) (?:\w+ )?(?:rally|protest|"
    r"march|vigil|town hall|public meeting|meeting|event|concert|festival|market|fair|exhibition|"
    r"fundraiser|memorial service|hearing|parade) (?:is|was|will be|starts|started|takes place|at|on)|"
    r"(?:the|a|our) new (?:cafe|café|restaurant|shop|store|pub|bar|bakery|branch|office|library|clinic)|"
    # a business's address and hours: "the store opens at 9am at 100 Main Street"
    r"(?:the|our|this|that|a) (?:\w+ )?(?:store|shop|restaurant|cafe|café|pub|bar|bakery|office|clinic|"
    r"branch|gallery|gym|salon|pharmacy|supermarket|garage|hotel) (?:opens|is open|reopens|closes|is located|"
    r"has moved|moved)|"
    # an institution's or a public service's line: "call Crime Stoppers at 1-800-222-8477", "the school's
    # number is ...", toll-free numbers (no private person has one)
    r"crime ?stoppers|tip ?line|tips? line|non-emergency|(?:the )?(?:school|hospital|police|city|county|"
    r"council|station|department|agency|district|court|clinic|library|church|newspaper|paper|company|"
    r"firm|bank|airline|office)'s (?:main |front desk |)?(?:number|phone|line)|"
    r"(?:\+?1[ .-]?)?\(?8(?:00|33|44|55|66|77|88)\)?[ .-]?\d{3}[ .-]?\d{4}|0800 ?\d{3} ?\d{3,4})\b",
    re.IGNORECASE,
)


def luhn_valid(digits: str) -> bool:
    """The Luhn checksum of a card number (digits only)."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def iban_valid(candidate: str) -> bool:
    """ISO 13616 mod-97 check of an IBAN (spaces allowed)."""
    iban = candidate.replace(" ", "").upper()
    if not 15 <= len(iban) <= 34:
        return False
    rearranged = iban[4:] + iban[:4]
    number = "".join(str(int(char, 36)) for char in rearranged)
    return int(number) % 97 == 1


class DoxingDetector:
    """Finds personal identifiers in the original text (see the module docstring)."""

    name = "doxing"
    categories = frozenset({Category.DOXING})
    time_budget_ms = 100.0
    context_aware = True

    def __init__(self, regions: tuple[str, ...] = PHONE_REGIONS) -> None:
        self.regions = regions

    @classmethod
    def from_options(cls, options: Mapping[str, Any]) -> DoxingDetector:
        regions = options.get("regions", PHONE_REGIONS)
        return cls(tuple(str(region).upper() for region in regions))

    def detect(self, text: NormalizedText) -> DetectorOutput:
        original = text.original
        found: list[tuple[int, int, float]] = []  # start, end, base score
        digits = len(_DIGIT.findall(original))
        words = letter_words(original) if digits else frozenset()
        if digits:
            found.extend(find_addresses(original, words))
        if digits >= 7 and _DIGIT_RUN.search(original):
            # where a phone number and an address overlap, the likelier reading wins: "28512-400" in a
            # Brazilian address is its postcode, "Call 0161 496 0123" no town and postcode
            for phone in self._phones(original):
                rivals = [span for span in found if span[0] < phone[1] and phone[0] < span[1]]
                if all(span[2] < phone[2] for span in rivals):
                    found = [span for span in found if span not in rivals]
                    found.append(phone)
        if digits >= 6:
            found.extend(self._numbers(original))
        if "@" in original:
            found.extend(
                (m.start(), m.end(), 0.45)
                for m in _EMAIL.finditer(original)
                if m.group().split("@", 1)[0].lower() not in ROLE_MAILBOXES
            )
        if "." in original and digits >= 4:  # an IPv4 address has four numbers, coordinates ten digits
            # an IP address alone is like an e-mail address alone: it needs a cue to be someone's (most
            # bare ones are the writer's signature, "71.234.12.9 (talk) 14:02, 3 May 2010 (UTC)")
            for match in _IPV4.finditer(original):
                if not _overlaps(match.start(), match.end(), found):
                    found.append((match.start(), match.end(), 0.45))
            for match in _COORDINATES.finditer(original):
                if abs(float(match.group(1))) <= 90 and abs(float(match.group(2))) <= 180:
                    found.append((match.start(), match.end(), 0.75))
        if original.count(":") >= 3:
            for match in _IPV6.finditer(original):
                if match.group().count(":") >= 3 and _is_ip(match.group()):
                    found.append((match.start(), match.end(), 0.45))
        # an ASCII comment's lowercase words gate the plate pattern (matched between word boundaries);
        # other comments may hold letters that match ASCII ones ("K" for "k")
        plates = digits > 0 and (not original.isascii() or not _PLATE_WORDS.isdisjoint(words))
        for match in _PLATE.finditer(original) if plates else ():
            plate = match.group(1)
            if any(c.isdigit() for c in plate) and any(c.isalpha() for c in plate):
                found.append((match.start(1), match.end(1), 0.8))
        if found and ("@" in original or "/" in original or "." in original):
            found = _outside_links_and_handles(found, original)
        if not found:
            return DetectorOutput(scores={Category.DOXING: 0.0})
        cue = _CUE.search(original) is not None
        self_disclosure = _SELF_DISCLOSURE.search(original) is not None and not cue
        business = _BUSINESS.search(original) is not None and not cue
        best = 0.0
        spans: list[EvidenceSpan] = []
        for start, end, base in found:
            score = base
            if cue:
                score = max(score, 0.95 if base >= 0.45 else base + 0.3)
            elif business and base < 0.9:
                score = 0.15
            elif self_disclosure and base < 0.9:
                score = min(score, 0.4)
            best = max(best, score)
            spans.append(EvidenceSpan(start, end, Category.DOXING))
        return DetectorOutput(scores={Category.DOXING: best}, spans=spans)

    def warm_up(self) -> None:
        """Load libphonenumber's metadata for every region now, not on the first comment's clock."""
        samples = []
        for region in self.regions:
            example = phonenumbers.example_number(region)
            if example is not None:
                samples.append(phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.NATIONAL))
                samples.append(
                    phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
                )
        self._phones(" or ".join(samples) + " or 123456789")

    def _phones(self, original: str) -> list[tuple[int, int, float]]:
        """Phone numbers valid in any of the regions (0.6); phone-shaped numbers possible in one of them
        (0.55 with an international prefix, else 0.45: a cue must say it is a phone). The matcher runs only
        on digit-run windows."""
        spans: list[tuple[int, int, float]] = []
        for candidate in _PHONE_WINDOW.finditer(original):
            window = candidate.group()
            # an IPv4 address ("194.126.85.214") is read as one, not as a phone number
            if _THOUSANDS.fullmatch(window) or _DATE.match(window) or _IPV4.fullmatch(window.strip()):
                continue
            found = False
            for region in self.regions:
                matcher = phonenumbers.PhoneNumberMatcher(window, region, leniency=_LENIENCY)
                for match in matcher:
                    if _THOUSANDS.fullmatch(match.raw_string):
                        continue
                    start, end = candidate.start() + match.start, candidate.start() + match.end
                    extension = _EXTENSION.search(window)
                    if extension and end < candidate.end() and candidate.start() + extension.start() <= end:
                        end = candidate.end()
                    if not _overlaps(start, end, spans):
                        spans.append((start, end, 0.6))
                    found = True
                if found:
                    break
            if not found:
                number = _EXTENSION.sub("", window)
                if _PHONE_SHAPE.fullmatch(number) and self._possible(number):
                    international = number.startswith(("+", "00"))
                    spans.append((candidate.start(), candidate.end(), 0.55 if international else 0.45))
        return spans

    def _possible(self, number: str) -> bool:
        """Whether `number` has a possible length for a phone number of one of the regions."""
        if number.startswith("00"):
            number = "+" + number[2:]
        for region in self.regions:
            try:
                parsed = phonenumbers.parse(number, region)
            except phonenumbers.NumberParseException:
                continue
            if phonenumbers.is_possible_number(parsed):
                return True
        return False

    def _numbers(self, original: str) -> list[tuple[int, int, float]]:
        spans: list[tuple[int, int, float]] = []
        for match in _SSN.finditer(original):
            spans.append((match.start(), match.end(), 0.9))
        for match in _NI_NUMBER.finditer(original):
            spans.append((match.start(), match.end(), 0.9))
        for match in _CARD.finditer(original):
            digits = re.sub(r"\D", "", match.group())
            if 13 <= len(digits) <= 19 and luhn_valid(digits) and len(set(digits)) > 2:
                spans.append((match.start(), match.end(), 0.95))
        for match in _IBAN.finditer(original):
            if iban_valid(match.group()):
                spans.append((match.start(), match.end(), 0.95))
        return spans


def _outside_links_and_handles(
    found: list[tuple[int, int, float]], original: str
) -> list[tuple[int, int, float]]:
    """Drop numbers that sit inside a link or an @handle; e-mail addresses are kept (they look like both)."""
    emails = {match.span() for match in _EMAIL.finditer(original)}
    hidden = [match.span() for match in _LINK_OR_HANDLE.finditer(original)]
    return [
        (start, end, base)
        for start, end, base in found
        if (start, end) in emails or not any(s <= start and end <= e for s, e in hidden)
    ]


def _overlaps(start: int, end: int, spans: list[tuple[int, int, float]]) -> bool:
    return any(begin < end and start < finish for begin, finish, _ in spans)


def _is_ip(candidate: str) -> bool:
    try:
        ipaddress.ip_address(candidate)
    except ValueError:
        return False
    return True
