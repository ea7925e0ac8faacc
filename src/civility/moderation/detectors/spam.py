"""Spam rules: link dropping, scams (crypto, work from home, fake support numbers), adult bait,
promotions, shouting, and near-identical repeated posts.

Features are combined as a noisy-OR of per-feature probabilities, so one weak cue (a single link, some
capitals) stays low and several together (a shortened link + "earn $500 a day") are near-certain. An
honest reader comment that cites a source (one link to a news site, an encyclopaedia, a .gov or .edu
domain) is a negative, not spam.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from civility.moderation.categories import Category
from civility.moderation.detector import DetectorOutput, EvidenceSpan, NormalizedText
from civility.moderation.detectors._text import span, words_of
from civility.moderation.detectors.near_duplicates import (
    InMemoryRecentStore,
    RecentCommentStore,
    signature,
)
from civility.moderation.pipeline import ModerationContext

_TLDS = (
    r"(?:com|net|org|info|biz|xyz|io|co|ru|cn|top|site|online|club|shop|ly|me|tk|us|uk|click|link|live|store|"
    r"win|loan|bid|icu|buzz|fun|vip|pro|gg|to|cc|ws)"
)
_URL = re.compile(
    rf"(?:https?://|www\.)[^\s<>\"']+|\b(?:[a-z0-9-]+\.)+{_TLDS}\b(?:/[^\s<>\"']*)?",
    re.IGNORECASE,
)
# Every link holds "://", "www." or a dot before a top-level domain; these are found far faster than
# `_URL` scans a comment (a dot is a literal prefix the engine jumps between).
_WWW = re.compile(r"www\.", re.IGNORECASE)
_DOT_TLD = re.compile(rf"\.{_TLDS}", re.IGNORECASE)
_SHORTENERS = re.compile(
    r"\b(?:bit\.ly|tinyurl\.com|goo\.gl|t\.co|ow\.ly|is\.gd|buff\.ly|rebrand\.ly|cutt\.ly|shorturl\.at|"
    r"tiny\.cc|t\.ly|rb\.gy|s\.id|linktr\.ee|wa\.me|t\.me)\b",
    re.IGNORECASE,
)
_SUSPICIOUS_TLD = re.compile(
    r"\.(?:xyz|top|click|loan|win|bid|icu|buzz|tk|ru|cn|vip|fun|live|online|site|club)\b", re.IGNORECASE
)
_REPUTABLE = re.compile(
    r"\b(?:wikipedia\.org|bbc\.co\.uk|bbc\.com|reuters\.com|apnews\.com|nytimes\.com|theguardian\.com|"
    r"washingtonpost\.com|ft\.com|economist\.com|nature\.com|science\.org|who\.int|europa\.eu|"
    r"[a-z0-9.-]+\.gov(?:\.[a-z]{2})?|[a-z0-9.-]+\.edu|[a-z0-9.-]+\.ac\.uk|nih\.gov|arxiv\.org|"
    r"doi\.org|ourworldindata\.org|cdc\.gov|ons\.gov\.uk|npr\.org|pbs\.org|aljazeera\.com|"
    r"bloomberg\.com|wsj\.com|cnn\.com|nbcnews\.com|cbsnews\.com|latimes\.com|politico\.com|"
    r"snopes\.com|factcheck\.org|youtube\.com/watch|"
    # reference works and more newsrooms readers cite
    r"books\.google\.com|scholar\.google\.com|archive\.org|jstor\.org|britannica\.com|plos\.org|"
    r"thelancet\.com|nejm\.org|bmj\.com|pewresearch\.org|cbc\.ca|abc\.net\.au|usatoday\.com|"
    r"theatlantic\.com|newyorker\.com|propublica\.org|axios\.com|time\.com|forbes\.com|"
    r"independent\.co\.uk|telegraph\.co\.uk|thetimes\.co\.uk|spiegel\.de|lemonde\.fr|dw\.com|"
    r"france24\.com|afp\.com|foxnews\.com|abcnews\.go\.com|nbcnews\.com|usnews\.com|"
    r"theglobeandmail\.com|smh\.com\.au|irishtimes\.com|scientificamerican\.com)\b",
    re.IGNORECASE,
)
_FAMILIES: tuple[tuple[str, float, re.Pattern[str]], ...] = (
    ("crypto", 0.75, re.compile(
        r"\b(?:bitcoin|btc|crypto(?:currency)?|forex|binary options?|investment (?:plan|platform|manager|"
        r"expert)|double your (?:money|investment|bitcoin)|trading (?:signals?|platform|expert|account|"
        r"strategy)|mining pool|usdt|nft drop|passive income|invest(?:ed)? (?:\$|with)|returns? of \d+%|"
        r"guaranteed (?:profit|returns?)|profit of \$?\d+|\d+x returns?|airdrop|wallet (?:recovery|"
        r"address))\b")),
    ("work_from_home", 0.75, re.compile(
        r"\b(?:work(?:ing)? from home|earn(?:ing|ed|s)? (?:\$|up to|over|an extra|extra)|make \$\d+|"
        r"\$\d[\d,]*(?:\.\d+)? (?:per|a|an|every) (?:hour|day|week|month)|(?:per|a) (?:hour|day|"
        r"week) from home|"
        r"online job|easy money|extra income|side hustle|i(?:'m| am) (?:now )?making \$|"
        r"my (?:aunt|uncle|neighbou?r|friend|sister|cousin|mom|mum|wife|husband|brother|"
        r"best friend)(?:'s \w+)? "
        r"(?:makes|made|earns|earned|gets|got) \$?\d|just (?:bought|got) (?:a|her|his|"
        r"my) (?:brand )?(?:new )?"
        r"(?:car|house|bmw|mercedes|tesla|porsche)|this is what i do|copy this (?:link|site)|go to this "
        r"(?:site|website|link)|(?:check|visit|open) (?:this|my) (?:link|profile|site|page|bio)|"
        r"no experience (?:needed|required)|be your own boss|financial freedom|quit my (?:job|9 to 5))\b")),
    ("adult", 0.8, re.compile(
        r"\b(?:hot (?:singles|girls|moms|women|milfs?)|sexy (?:girls|singles|women|pics)|(?:girls|singles|"
        r"women|"
        r"milfs?) (?:in|near|from) your (?:area|city|town)|meet (?:local )?(?:singles|girls|women)|"
        r"webcam|cam ?girls?|onlyfans|nudes|dating (?:site|app)|hook ?up tonight|click my (?:profile|pic)|"
        r"see my (?:pics|photos|profile|videos)|18\+|xxx|adult (?:dating|site|content)|naughty (?:girls|"
        r"pics)|"
        r"lonely (?:girls|wives|women))\b")),
    ("support_scam", 0.8, re.compile(
        r"\b(?:customer (?:care|support|service) (?:number|helpline|phone)|(?:support|helpline|help line|"
        r"tech support|customer care) (?:number|no\.?|phone|line)|toll[- ]free|call (?:now|us|today|\+?\d)|"
        r"(?:coinbase|binance|paypal|amazon|microsoft|apple|facebook|cash ?app|metamask|trust ?wallet|norton|"
        r"mcafee|quickbooks|blockchain|netflix|gmail|instagram) (?:support|customer|help ?line|helpdesk|"
        r"care|number|phone)|(?:recover|recovery of|retrieve) (?:your |my |lost |stolen |hacked )+"
        r"(?:funds|account|crypto|bitcoin|money|wallet)|hacked account|contact (?:him|her|them|us) (?:on|via|"
        r"through) (?:whats ?app|telegram|instagram|email|e-mail)|"
        # taking the conversation off the site: "DM me on telegram", "message us via WhatsApp"
        r"(?:dm|pm|message|msg|text|contact|reach|add|inbox|hit) (?:me|us) (?:up )?(?:on|via|at|through) "
        r"(?:whats ?app|telegram|signal|wickr|kik|snap ?chat|insta(?:gram)?|ig)|"
        r"(?:whats ?app|telegram)\s*(?:me|us)?\s*[:+]?\s*"
        r"\+?\d+|spell ?caster|love spell|spiritual (?:healer|doctor|father|mother)|native doctor|herbal "
        r"(?:doctor|medicine|cure|remedy)|brings? back (?:your |my |lost |ex[- ]?)*(?:lovers?|ex|partner|"
        r"husband|wife|boyfriend|girlfriend))\b")),
    # loan and credit scams: "we offer loans at 2% interest", "repair your credit score in 30 days"
    ("loan", 0.75, re.compile(
        r"\b(?:(?:we|i) (?:offer|give|grant|provide|lend) (?:\w+ )?(?:loans?|financial (?:help|assistance))|"
        r"loan (?:offers?|lenders?|company|companies|agency|firm)|(?:interest )?rate of \d+ ?%|"
        r"\d+ ?% interest rate|apply for (?:a|your|our) loan|(?:urgent|quick|fast|instant|easy|"
        r"guaranteed) loans?|credit (?:repair|fix)|(?:repair|fix|boost|raise) your (?:credit|score)|bad "
        r"credit|debt relief|consolidate your debts?)\b")),
    ("prize", 0.75, re.compile(
        r"\b(?:you(?:'ve| have)? (?:won|been selected|been chosen)|(?:to )?claim (?:your |ur )?(?:prize|"
        r"reward|"
        r"cash|gift|voucher)|free entry|(?:txt|text|reply|send) [a-z0-9]+ to \d{4,6}|call 0?9\d{8,}|"
        r"[£$€]\d[\d,]* (?:prize|cash|reward|bonus)|cash prize|guaranteed (?:prize|cash|reward)|"
        r"you are (?:awarded|entitled)|selected to receive|unsubscribe|opt out|stop to \d+)\b")),
    ("self_promotion", 0.6, re.compile(
        r"\b(?:check (?:out )?(?:my|me|our) (?:channel|page|video|videos|music|song|songs|new|youtube|"
        r"profile|"
        r"blog|site|website|mixtape|art)|check (?:me|us) out|subscribe (?:to )?(?:me|my|us|our)|"
        r"(?:sub|subscribe|like|follow)(?: and| &)? (?:subscribe|like|comment|follow|share)|"
        r"please (?:subscribe|check|visit|watch|support) (?:my|me|our)|visit my (?:channel|page|profile)|"
        r"my new (?:song|video|single|album|mixtape)|sub4sub|follow4follow|"
        r"(?:i )?sub back|sub (?:to )?(?:me|my)|add me (?:on|as|pls|plz|please)|"
        r"give (?:it|this|me|my \w+) a (?:like|thumbs up)|"
        r"like (?:this|my) comment (?:if|so|for|and)|"
        r"check out this (?:video|playlist|channel) on youtube)\b")),
    ("promotion", 0.4, re.compile(
        r"\b(?:buy now|order now|shop now|limited (?:time|offer)|discount code|promo code|coupon|"
        r"free (?:shipping|trial|gift|iphone|money|followers)|click (?:here|the link|my link)|"
        r"visit (?:our|my) (?:site|website|channel|page|store|shop)|subscribe to (?:my|our)|"
        r"check out my (?:channel|page|site|website|music|video|store|shop|new \w+)|follow me|use code|"
        r"\d+% off|best price|cheap (?:viagra|pills|meds|loans|rolex)|seo services?|backlinks|guest posts?|"
        r"sign up (?:now|today|here)|dm (?:me|us) for|link in (?:my )?bio|giveaway|"
        r"congratulations you)\b")),
)


def _words(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


# Per family, words of which every match holds at least one as a whole word (the families are matched
# between word boundaries on the lowercase normalised text), plus literal strings for phrases without one
# ("18+"): a comment with none of them cannot match the family, and its regular expression is skipped.
_FAMILY_GATES: tuple[tuple[frozenset[str], tuple[str, ...]], ...] = (
    (
        _words(
            "bitcoin btc crypto cryptocurrency forex binary investment double trading mining usdt nft "
            "passive invest invested return returns guaranteed profit airdrop wallet"
        ),
        (),
    ),
    (
        _words(
            "home earn earning earned earns hour day week month online income hustle making makes made "
            "bought gets got copy link site website profile page bio experience boss financial quit"
        ),
        ("make $", "easy money", "what i do"),
    ),
    (
        _words(
            "hot sexy area city town meet webcam cam camgirl camgirls onlyfans nudes dating tonight "
            "click xxx adult naughty lonely"
        ),
        ("18+", "see my"),
    ),
    (
        _words(
            "customer support helpline help toll call coinbase binance paypal amazon microsoft apple "
            "facebook cash cashapp metamask trust trustwallet norton mcafee quickbooks blockchain netflix "
            "gmail instagram recover recovery retrieve hacked contact whats whatsapp whatsappme "
            "whatsappus telegram telegramme telegramus spell spellcaster signal wickr kik snap snapchat "
            "insta ig spiritual native herbal brings bring"
        ),
        ("love spell",),
    ),
    (
        _words(
            "offer give grant provide lend loan loans rate interest apply urgent quick fast instant easy "
            "guaranteed credit repair fix boost raise debt consolidate"
        ),
        (),
    ),
    (
        _words(
            "won claim entry txt text reply send call prize cash reward bonus guaranteed awarded "
            "entitled selected unsubscribe opt"
        ),
        ("been selected", "been chosen", "stop to "),
    ),
    (
        _words("check subscribe sub follow please visit channel"),
        ("like and ", "like & ", "like subscribe", "like like", "like comment", "like follow", "like share",
         "my new ", "add me ", " a like", " a thumbs up", "like this comment ", "like my comment "),
    ),
    (
        _words(
            "buy order shop limited discount promo coupon free click visit subscribe check follow code "
            "price cheap seo backlinks guest sign dm link giveaway congratulations"
        ),
        ("% off",),
    ),
)
assert len(_FAMILY_GATES) == len(_FAMILIES)
LONE_PHRASE = 0.35
# ... but asking readers to subscribe to or check out the writer's own channel is the pitch itself
SELF_PROMOTION_LONE = 0.55
_REPEATED_PUNCTUATION = re.compile(r"([!?$€£*])\1{3,}")
# money bags, banknotes, fire, rocket, lips, "no one under 18", check marks and arrows
_EMOJI_BAIT = re.compile(
    "[\U0001f4b0\U0001f4b5\U0001f4b8\U0001f525\U0001f680\U0001f48b\U0001f51e\u2705\u27a1]"
)
_LETTER = re.compile(r"[^\W\d_]")
_CAPITAL = re.compile(r"[A-Z\u00c0-\u00de\u0391-\u03a9\u0410-\u042f]")
_PHONE_LIKE = re.compile(r"\+?\d[\d\s().-]{8,}\d")


def _is_reputable(link: str) -> bool:
    """The link's host is a reputable source or one of its subdomains ("www.bbc.co.uk", not
    "bbc.co.uk.prizes.ru"); a YouTube video counts too (`_REPUTABLE`)."""
    rest = link.split("://", 1)[-1]
    host = rest.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0].rstrip(".").lower()
    labels = host.split(".")
    if any(_REPUTABLE.fullmatch(".".join(labels[i:])) for i in range(len(labels) - 1)):
        return True
    return _REPUTABLE.fullmatch(rest.split("?", 1)[0].lower().removeprefix("www.")) is not None


def cites_only_reputable_sources(original: str) -> bool:
    """Whether the comment links somewhere and every link is a reputable source other than a video (a
    reader citing the BBC or a .gov page): the fusion phase does not let a context-blind spam score hold
    such a comment."""
    if "://" not in original and not _DOT_TLD.search(original) and not _WWW.search(original):
        return False
    links = [link.group() for link in _URL.finditer(original)]
    # a video link is how channel self-promotion looks too: only news, reference and public sources excuse
    return bool(links) and all(_is_reputable(link) and "youtube." not in link.lower() for link in links)


def _noisy_or(probabilities: list[float]) -> float:
    remaining = 1.0
    for probability in probabilities:
        remaining *= 1.0 - probability
    return 1.0 - remaining


class SpamDetector:
    """Rule-based spam scoring plus near-duplicate detection against recent comments."""

    name = "spam"
    categories = frozenset({Category.SPAM})
    time_budget_ms = 100.0
    context_aware = True

    def __init__(self, store: RecentCommentStore | None = None, duplicate_threshold: float = 0.75) -> None:
        self.store: RecentCommentStore = store or InMemoryRecentStore()
        self.duplicate_threshold = duplicate_threshold

    @classmethod
    def from_options(cls, options: Mapping[str, Any]) -> SpamDetector:
        return cls(duplicate_threshold=float(options.get("duplicate_threshold", 0.75)))

    def detect(self, text: NormalizedText) -> DetectorOutput:
        """Score without the recent-comment store (no context)."""
        probabilities, spans = self._features(text)
        return self._output(probabilities, spans)

    def detect_in_context(self, text: NormalizedText, context: ModerationContext) -> DetectorOutput:
        probabilities, spans = self._features(text)
        sig = signature(text.text) if context.live else None
        if sig is not None:
            duplicates = self.store.check_and_add(context.site, context.author, sig, self.duplicate_threshold)
            if duplicates.same_author >= 1 or duplicates.count >= 2:
                probabilities.append(0.7)
            elif duplicates.count == 1:
                probabilities.append(0.3)
        return self._output(probabilities, spans)

    @staticmethod
    def _output(probabilities: list[float], spans: list[EvidenceSpan]) -> DetectorOutput:
        score = _noisy_or(probabilities)
        return DetectorOutput(scores={Category.SPAM: score}, spans=spans if score > 0.0 else [])

    def _features(self, text: NormalizedText) -> tuple[list[float], list[EvidenceSpan]]:
        original = text.original
        normalized = text.text
        probabilities: list[float] = []
        spans: list[EvidenceSpan] = []
        may_link = "://" in original or _DOT_TLD.search(original) or _WWW.search(original)
        # the domain of an e-mail address ("tips@localpaper.com") is no link
        links = (
            [link for link in _URL.finditer(original) if original[link.start() - 1 : link.start()] != "@"]
            if may_link
            else []
        )
        reputable = [link for link in links if _is_reputable(link.group())]
        dubious = [link for link in links if link not in reputable]
        for link in dubious:
            spans.append(EvidenceSpan(link.start(), link.end(), Category.SPAM))
        if dubious:
            probabilities.append(0.3 if len(dubious) == 1 else 0.4 if len(dubious) == 2 else 0.45)
            link_chars = sum(len(link.group()) for link in dubious)
            if link_chars / max(1, len(original.strip())) > 0.4:
                probabilities.append(0.25)
            if any(_SHORTENERS.search(link.group()) for link in dubious):
                probabilities.append(0.5)
            if any(_SUSPICIOUS_TLD.search(link.group()) for link in dubious):
                probabilities.append(0.35)
        families = 0
        words = words_of(normalized)
        for (family, weight, pattern), (gate, literals) in zip(_FAMILIES, _FAMILY_GATES, strict=True):
            if gate.isdisjoint(words) and not any(literal in normalized for literal in literals):
                continue
            matches = list(pattern.finditer(normalized))
            if matches:
                # one scam phrase alone is often a reader discussing it ("the crypto crash", "a toll-free
                # line"); two phrases of a family, or one with a link or a phone number, is the pitch
                families += 1
                lone = SELF_PROMOTION_LONE if family == "self_promotion" else LONE_PHRASE
                probabilities.append(weight if len(matches) >= 2 else lone)
                spans.extend(span(text, *match.span(), Category.SPAM) for match in matches)
        if families and (links or _PHONE_LIKE.search(original)):
            probabilities.append(0.5)
        # shouting: over 70 % capitals among 20+ letters, which needs at least 14 capitals, so the letters
        # are only counted when there are that many capitals (most comments have a few)
        capitals = len(_CAPITAL.findall(original))
        if capitals >= 14:
            letters = len(_LETTER.findall(original))
            if letters >= 20 and capitals / letters > 0.7:
                probabilities.append(0.25)
        if _REPEATED_PUNCTUATION.search(original):
            probabilities.append(0.15)
        if not original.isascii() and len(_EMOJI_BAIT.findall(original)) >= 2:
            probabilities.append(0.25)
        return probabilities, spans
