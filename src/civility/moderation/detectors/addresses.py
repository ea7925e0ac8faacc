"""Postal addresses in many countries' formats, found on the original text with character spans.

An address is a cluster of parts found near each other: a street (an English name with a house number
and a street suffix from the USPS list, "17 Jones Light", "Flat 0, Francesca Plains"; a German or Dutch
compound with its number, "Schleichstraße 19", "Sarastraat 9"; a French, Spanish, Italian or Portuguese
street type before the name, "98, avenue Lucie Fernandes", "Via Elisa, 991") and a postcode line (a US
state and ZIP, a Canadian or UK postcode, an Australian state and postcode, an Indian PIN after its city,
a Brazilian CEP, a 4- or 5-digit postcode before a town, a Dutch "1234 AB"). A street with its number
scores moderately alone; with a postcode line it scores higher; a postcode line or a street without a
number alone scores low (years, counts and product names look like them), so that only a cue ("he lives
at") lifts it to a flag. Well-known public addresses ("1600 Pennsylvania Avenue", "10 Downing Street")
are not someone's details.
"""

from __future__ import annotations

import functools
import re


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# USPS Publication 28 street suffixes (names and standard abbreviations) with the Commonwealth and Indian
# ones Faker and real addresses use ("Laneway", "Arcade", "Nagar", "Chowk").
_SUFFIXES = _words(
    "alley aly allee anex anx arcade arc avenue av ave bayou byu beach bch bend bnd bluff bluffs blf blfs "
    "bottom btm boulevard blvd branch br bridge brg brook brooks brk brks burg burgs bg bgs bypass byp "
    "camp cp canyon cyn cape cpe causeway cswy center centre centers ctr ctrs circle circles cir cirs "
    "circus cliff cliffs clf clfs close club clb common commons cmn cmns corner corners cor cors course "
    "crse court courts ct cts cove coves cv cvs creek crk crescent cres crest crst crossing xing "
    "crossroad crossroads xrd xrds curve curv dale dl dam dm divide dv drive drives dr drs end esplanade "
    "estate estates est ests expressway expy extension extensions ext exts fall falls fls ferry fry field "
    "fields fld flds flat flats flt flts ford fords frd frds forest frst forge forges frg frgs fork forks "
    "frk frks fort ft freeway fwy garden gardens gdn gdns gateway gtwy glade glen glens gln glns green "
    "greens grn grns grove groves grv grvs harbor harbour harbors hbr hbrs haven hvn heights hts highway "
    "hwy hill hills hl hls hollow holw inlet inlt island islands is iss isle junction junctions jct jcts "
    "key keys ky kys knoll knolls knl knls lake lakes lk lks land landing lndg lane ln laneway light "
    "lights lgt lgts loaf lf lock locks lck lcks lodge ldg loop mall manor manors mnr mnrs meadow meadows "
    "mdw mdws mews mill mills ml mls mission msn motorway mtwy mount mt mountain mountains mtn mtns neck "
    "nck orchard orch oval overpass opas parade park parks parkway parkways pkwy pass passage psge path "
    "pike pine pines pne pnes place pl plain plains pln plns plaza plz point points pt pts port ports prt "
    "prts prairie pr promenade quay radial radl ramp ranch rnch rapid rapids rpd rpds reach rest rst "
    "ridge ridges rdg rdgs rise river riv road roads rd rds route rte row rue run shoal shoals shl shls "
    "shore shores shr shrs skyway skwy spring springs spg spgs spur spurs square squares sq sqs station "
    "sta strand stravenue stra stream strm street streets st sts summit smt terrace ter tce throughway "
    "trwy trace trce track trak trafficway trfy trail trl trailer trlr triangle tunnel tunl turnpike tpke "
    "underpass upas union unions un uns valley valleys vly vlys viaduct village villages vlg vlgs ville "
    "vl vista vis walk walks wall way ways well wells wl wls wharf wynd nagar chowk marg colony gali ganj "
    "bazar bazaar vihar enclave layout zila reserve tor villas siding ronde parklands roadside "
    "approach deviation plateau view "
    # Australia Post's street types (AS 4590) that are no everyday words: "70/720 Carmen Concourse",
    # "395 Maungatanga Circuit" (New Zealand uses them too); the everyday ones are `_WEAK_SUFFIXES`
    "alleyway amble anchorage artery basin brae broadway byway centreway chase circlet circuit colonnade "
    "concourse copse corso courtyard crossway cruiseway cutting dell distributor driveway elbow entrance "
    "fairway firetrail footway foreshore frontage grange gully highroad interchange lees lookout meander "
    "mew nook outlook pathway piazza quadrangle quadrant quays ramble retreat ridgeway riverway riviera "
    "roadway rosebowl thoroughfare tollway trunkway vale walkway"
)
# Australian street types that are everyday words ("7 Candace Top", "4/8 Patrick Upper", "8 Jason Link"):
# such a street is weak (`_WEAK_STREET`) until a state and postcode line stands beside it.
_WEAK_SUFFIXES = _words(
    "access block brace break brow cross dip edge follow front gap gate gates ground line link little lower "
    "part pocket range ride ring round slope sound stairs steps strip subway top turn upper"
)
# The lowercase words one of which every English street holds (the gate of `STREET`).
STREET_WORDS = frozenset({*_SUFFIXES, "strasse", "straße"})
_WEAK_STREET_WORDS = frozenset(_WEAK_SUFFIXES)
# Two-letter abbreviations that are everyday words or initials ("Is", "Un", "Br") are left out of the
# pattern (not of the gate): only these stand for a street type often enough.
_SHORT = frozenset({"st", "rd", "dr", "ct", "ln", "pl", "sq", "av", "mt", "pt", "hl"})
_PATTERN_SUFFIXES = sorted(
    (word.capitalize() for word in _SUFFIXES if len(word) > 2 or word in _SHORT), key=len, reverse=True
)
# a full name ("Court") ends the street; an abbreviation ("Ct.", "Ave") may carry its period
_SUFFIX = (
    "(?:"
    + "|".join(w for w in _PATTERN_SUFFIXES if len(w) > 4)
    + "|(?:"
    + "|".join(w for w in _PATTERN_SUFFIXES if len(w) <= 4)
    + r")\.?)"
)
_UPPER = "A-ZÀ-ÖØ-ÞŁŚŹŻ"
_LETTERS = re.compile(r"[^\W\d_]+")
_NAME = rf"[{_UPPER}](?:[\w'’-]|\.(?=\w))*"
_UNIT = r"(?:Flat|Apt\.?|Apartment|Unit|Suite|Ste\.?|Studio|Level|Room|Floor|H\.\s?No\.?|House No\.?|#)"
_HOUSE = r"\d{1,5}(?:[/-]\d{1,5})?[A-Za-z]?"
# a numbered street's name: "310 West 55th Street", "12 5th Avenue"
_ORDINAL = r"\d{1,3}(?:st|nd|rd|th)"
# "17 Jones Light", "Flat 0, Francesca Plains", "Level 3 1 Johnson Arcade", "39/150, Bal Nagar",
# "083 Crosby Plaza Apt. 533": names and suffix capitalised (a lowercase "2 point conversion way" is no
# address; `_LOWER_STREET` reads the lowercase ones with an unambiguous suffix).
STREET = re.compile(
    rf"(?:\b{_UNIT}\s?#?\w{{1,5}},?\s(?:{_HOUSE},?\s)?|(?<![\w.,/-]){_HOUSE},?\s)"
    rf"(?:(?!(?:The|On|At|In|Of|And|To|For|From|Near|By|Is|Was|Or|Million|Billion|Thousand|Hundred)\s)"
    rf"(?:{_NAME}|{_ORDINAL})\s){{1,3}}"
    rf"(?:State\s)?{_SUFFIX}(?![\w'’-])(?:,?\s{_UNIT}\s?#?\d{{1,5}}[A-Za-z]?\b)?"
)
_WEAK_SUFFIX = "|".join(sorted((word.capitalize() for word in _WEAK_SUFFIXES), key=len, reverse=True))
WEAK_STREET = re.compile(
    rf"(?<![\w.,/-]){_HOUSE},?\s"
    rf"(?:(?!(?:The|On|At|In|Of|And|To|For|From|Near|By|Is|Was|Or|Million|Billion|Thousand|Hundred)\s)"
    rf"{_NAME}\s){{1,3}}(?:{_WEAK_SUFFIX})(?![\w'’-])"
)
_LOWER_STREET_WORDS = frozenset(
    {"street", "st", "road", "rd", "avenue", "ave", "lane", "ln", "boulevard", "blvd", "crescent", "highway",
     "parkway", "strasse", "straße"}
)
_LOWER_STREET = re.compile(
    r"(?<![\w.,/-])\d{1,5}[a-z]?,? (?:(?!(?:on|at|in|of|and|to|for|from|near|by|pm|am|the|or|is|was)\b)"
    r"[A-Za-z][a-z'-]+ ){1,3}(?:street|st|road|rd|avenue|ave|lane|ln|boulevard|blvd|crescent|highway|"
    r"parkway|strasse|straße)\b\.?",
    re.IGNORECASE,
)
# German and Dutch compounds with the number after: "Schleichstraße 19", "Mitterlehnerstr. 53",
# "Anne-Kathrin-Kreusel-Ring 10-57", "Sarastraat 9", "Gerritsingel 7".
_COMPOUND = re.compile(
    rf"\b[{_UPPER}][\w'’.-]*?(?:(?:straße|strasse|str\.|weg|gasse|platz|allee|damm|ufer|steig|pfad|"
    r"chaussee|markt|gässli|straat|laan|dreef|gracht|plein|singel|kade|dijk|steeg|boulevard|hof|pad|"
    r"baan|lei|ring|gade|vej|gatan|vägen|gränd|stræde|torv|plads)|"
    r"-(?:Straße|Strasse|Ring|Weg|Platz|Allee|Gasse|Damm|Ufer|Markt))"
    r"\s?\d{1,4}[a-z]?(?:\s?[-/]\s?\d{1,4}[a-z]?)?\b"
)
_TOWN = rf"{_NAME}(?:[\s-]{_NAME}){{0,3}}"
# A European address line in any language: a street with its number, a comma, a postcode and its town
# ("Furugatan 6, 26818 Karlskrona", "ul. Wodna 09, 51-152 Łaziska Górne", "Na Pomezí 7, 656 81 Břidličná",
# "R. Jorge Leite, 46, 3784-621 Reguengos"); a year is neither a house number ("During 2020, 50000 People")
# nor a postcode ("Apollo 13, 1970 Film"), and a 4-digit postcode ("Psalm 23, 1611 King James") counts only
# with a street word (`_COMPOUND`, `_ROMANCE`).
_ADDRESS_LINE = re.compile(
    rf"\b{_NAME}(?:\s{_NAME}){{0,3}},?\s(?:N°\s?)?(?!(?:19|20)\d\d\b)\d{{1,4}}[a-z]?(?:/\d{{1,4}})?,\s(?!(?:19|20)\d\d\b)"
    rf"(?:\d{{5}}|\d{{3}}\s\d{{2}}|\d{{2}}-\d{{3}}|\d{{4}}-\d{{3}})\s{_TOWN}"
)
_NUMBER_COMMA_NUMBER = re.compile(r"\d,\s\d")
# A street type before the name, with the house number before ("98, avenue Lucie Fernandes", "1777
# avenue Poirier") or after ("Via Elisa, 991", "Calle Mayor 5"); a lowercase type needs the number before
# (an English "via Twitter, 3 people" is no address).
_ROMANCE_TYPES = _words(
    "rue avenue boulevard bd chemin allée allee impasse place quai route montée cours passage square "
    "rond-point voie sentier faubourg promenade esplanade parvis calle c/ avenida avda paseo plaza camino "
    "carretera carrer pasaje pasadizo ronda rambla travesía glorieta callejón cañada cuesta urbanización "
    "vía circunvalación retorno peatonal privada cerrada andador prolongación calzada diagonal acceso "
    "vial c. corredor continuación circuito ampliación viaducto via viale vicolo canale piazza piazzale "
    "corso largo strada contrada borgo incrocio rotonda stretto lungomare traversa salita rua travessa "
    "alameda praça jardim lago pátio esplanada rodovia estrada viela vila quadra ladeira lagoa parque "
    "vereda setor sítio condomínio colônia chácara praia núcleo loteamento viaduto conjunto "
    "rang allé periférico residencial estação av. avda. diag. carrera cr. transversal "
    # Brazilian types Faker's pt_BR addresses use ("Distrito Cirino, 81", "Trecho de Pacheco, 37")
    "aeroporto campo distrito favela fazenda feira morro passarela recanto trecho trevo vale área"
)


def _either_case(word: str) -> str:
    """`word` with its first letter in either case, escaped for a pattern ("[Rr]ue")."""
    return f"[{word[0].upper()}{word[0]}]{re.escape(word[1:])}"


# The word one of which every match of `_ROMANCE` holds, for each type (a type "rond-point" holds "rond").
_ROMANCE_GATE = {type_: max(_LETTERS.findall(type_), key=len) for type_ in _ROMANCE_TYPES}
_ROMANCE_WORDS = frozenset(_ROMANCE_GATE.values())


@functools.lru_cache(maxsize=256)
def romance_pattern(gate_words: frozenset[str]) -> re.Pattern[str]:
    """The street-type-first pattern for the types whose gate word is in `gate_words` (the comment's):
    one alternation of ~100 types tried at every character would cost far more than the rest of the
    detector, so each comment gets a pattern with only the types it may hold (compiled once, cached)."""
    types = sorted((t for t, word in _ROMANCE_GATE.items() if word in gate_words), key=len, reverse=True)
    return re.compile(
        rf"(?P<pre>(?<![\w.,/-])\d{{1,5}}[A-Za-z]?(?:\s?(?:bis|ter))?,?\s)?"
        rf"\b(?P<type>{'|'.join(_either_case(t) for t in types)})"
        rf"\s(?:(?:de\sla|de\sl'|del|de|di|da|du|des|dei|della|delle|degli|do|dos|das|la|le|l'|d')\s?)?"
        rf"(?P<name>{_NAME}(?:\s(?:(?:de|del|di|da|du|la|le|y|e)\s)?{_NAME}){{0,4}})"
        rf"(?P<post>,?\s(?:N°\s?)?\d{{1,4}}[A-Za-zª]?(?![\w-])(?=\s*(?:[,.;)#]|$|[{_UPPER}]|\d)))?"
    )


_US_STATES = _words(
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY "
    "NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY AS GU MP PR VI FM MH PW AA AE AP"
)
_CA_PROVINCES = _words(
    "AB BC MB NB NL NS NT NU ON PE QC SK YT"
)
# Postcode lines, each with how strongly it alone says "address" (before any street is found near it).
# Postcode lines: the pattern, how strongly it alone says "address" (before any street is found near it),
# and the longest run of digits it needs (a cheap test that skips it on most comments).
_POSTCODES: tuple[tuple[re.Pattern[str], float, int], ...] = (
    (re.compile(rf"\b(?:{'|'.join(_US_STATES)})\s\d{{5}}(?:-\d{{4}})?\b"), 0.45, 5),
    (re.compile(rf"\b(?:{'|'.join(_CA_PROVINCES)})\s[A-Z]\d[A-Z]\s?\d[A-Z]\d\b"), 0.45, 1),
    (re.compile(r"\b(?:[A-Z]{1,2}\d[A-Z\d]?|GIR)\s?\d[ABD-HJLNP-UW-Z]{2}\b"), 0.45, 1),
    (re.compile(r"\b(?:NSW|VIC|QLD|WA|SA|TAS|ACT|NT),?\s\d{4}\b"), 0.45, 4),
    (re.compile(rf"\b{_TOWN}(?:-|,?\s)[1-9]\d{{5}}\b"), 0.3, 6),  # Indian city and PIN
    (re.compile(r"\b\d{5}-\d{3}\b"), 0.3, 5),  # Brazilian CEP
    (re.compile(r"\b(?:APO|FPO|DPO)\s(?:AA|AE|AP)\s\d{5}\b"), 0.45, 5),  # US military mail
    (re.compile(r"(?<=,\s)(?:[A-Z]{2,4}|Q\.\sROO)\s\d{5}(?:-\d{4})?\b"), 0.3, 5),  # a Mexican state and CP
    (re.compile(rf"\b{_TOWN},?\s\d{{4}}\b"), 0.15, 4),  # a town before its postcode (NZ, BE)
    (re.compile(rf"\b\d{{4,5}},?\s{_TOWN}"), 0.15, 4),  # a postcode before its town
    (re.compile(rf"\b[1-9]\d{{3}}\s?[A-Z]{{2}}\b(?:,?\s{_TOWN})?"), 0.15, 4),  # Dutch
)
_DIGIT_RUN = re.compile(r"\d+")
# Necessary conditions of a Canadian or UK postcode (an uppercase letter, then a digit) and of a `STREET`
# (a digit or "#" then a capitalised word, or a unit word that precedes "Flat 0, Francesca Plains").
_LETTER_DIGIT = re.compile(r"[A-Z]\d")
_NUMBER_THEN_NAME = re.compile(
    rf"[\d#][A-Za-z]?,?\s(?:[{_UPPER}]|{_ORDINAL}\s[{_UPPER}])|\b(?:Flat|Apt|Apartment|Unit|Suite|Ste|Studio|Level|Room|Floor|H\.)"
)
PUBLIC_ADDRESSES = re.compile(
    r"10,? downing st|1600 pennsylvania av|221b,? baker st|1600 amphitheatre p|1 infinite loop|"
    r"one apple park way|350 fifth av|30 rockefeller p|11 wall st|4059 mt\.? lee|1 hacker way|"
    r"55 rue du faubourg saint-honor|405 lexington av|20 w(?:est)? 34th st",
    re.IGNORECASE,
)
_STREET_SCORE = 0.65
_FULL_SCORE = 0.8
_WEAK = 0.15
_GAP = 45  # the most characters between two parts of one address
_WEAK_STREET = 0.45
_NAMED_STREET = 0.3
_FRENCH_TYPES = frozenset({"rue", "avenue", "boulevard", "chemin", "allée", "impasse", "quai"})
_YEAR = re.compile(r"(?:19|20)\d\d\s")
_NOUN_PHRASE = re.compile(r"\s(?!(?:in|near|at|by|and|apt|suite|unit|flat|lol)\b)[a-z]")
_BOX = re.compile(r"\b(?:P\.?\s?O\.?\s?Box|PSC|Box)\s\d{1,6}\b")
_BOX_WORDS = frozenset({"box", "psc"})
_UNIT_WORDS = frozenset(
    {"flat", "apt", "apartment", "unit", "suite", "ste", "studio", "level", "room", "floor", "no"}
)
_UNIT_ALONE = re.compile(rf"\b{_UNIT}\s?#?\d{{1,5}}[A-Za-z]?\b")
_ENGLISH_COMPOUNDS = frozenset(
    {"brigade", "renegade", "bearing", "offering", "starring", "recurring", "referring", "occurring",
     "scoring", "touring",
     "pouring", "soaring", "roaring", "sharing", "staring", "wearing", "hearing", "clearing", "fearing",
     "nearing", "steering", "catering", "covering", "gathering", "offspring", "monitoring", "mentoring",
     "featuring", "ignoring", "exploring", "restoring", "securing", "measuring", "requiring", "acquiring",
     "admiring", "inspiring", "expiring", "desiring", "entering", "suffering", "ordering", "wondering",
     "delivering", "considering", "answering", "remembering", "bothering", "whispering", "transferring"}
)
_BREAK = re.compile(r"[!?;:\n]|\.\s+[a-z]")


def letter_words(original: str) -> frozenset[str]:
    """The lowercase runs of letters of `original`: a pattern that holds one of a list of whole words
    (case-sensitively, or ignoring case in an ASCII comment) can only match where this set holds it."""
    return frozenset(_LETTERS.findall(original.lower()))


def find_addresses(original: str, words: frozenset[str]) -> list[tuple[int, int, float]]:
    """(start, end, base score) for every address in `original` (a comment with a digit; `words`:
    its `letter_words`, which gate the patterns that hold a word of a list)."""
    parts: list[tuple[int, int, float, bool]] = []  # start, end, score, is a street
    # the longest run of digits gates the postcodes
    longest = max(len(run) for run in _DIGIT_RUN.findall(original))
    streets = not STREET_WORDS.isdisjoint(words) and _NUMBER_THEN_NAME.search(original) is not None
    for match in STREET.finditer(original) if streets else ():
        # "the 1996 Miller's Reach fire": a year, not a house; "300 Main Street businesses": a noun phrase
        phrase = _YEAR.match(match.group()) or _NOUN_PHRASE.match(original, match.end())
        parts.append((match.start(), match.end(), _WEAK_STREET if phrase else _STREET_SCORE, True))
    weak = not _WEAK_STREET_WORDS.isdisjoint(words) and _NUMBER_THEN_NAME.search(original) is not None
    for match in WEAK_STREET.finditer(original) if weak else ():
        if not _covered(match.start(), match.end(), parts):
            parts.append((match.start(), match.end(), _WEAK_STREET, True))
    # ignoring case, a pattern's "s" also matches a long "ſ": only an ASCII comment's words gate it
    if not _LOWER_STREET_WORDS.isdisjoint(words) or not original.isascii():
        for match in _LOWER_STREET.finditer(original):
            if not _covered(match.start(), match.end(), parts):
                parts.append((match.start(), match.end(), _WEAK_STREET, True))
    for match in _COMPOUND.finditer(original):
        word = match.group().split()[0].lower()
        english = word in _ENGLISH_COMPOUNDS or (word.endswith("ring") and len(word) < 7)
        parts.append((match.start(), match.end(), _WEAK if english else _STREET_SCORE, True))
    for match in _ADDRESS_LINE.finditer(original) if _NUMBER_COMMA_NUMBER.search(original) else ():
        parts.append((match.start(), match.end(), _FULL_SCORE, True))
    romance = words & _ROMANCE_WORDS
    for match in romance_pattern(romance).finditer(original) if romance else ():
        kind = match.group("type")
        named = kind[0].isupper() or kind in _FRENCH_TYPES  # "boulevard de Normand", not "via Twitter"
        numbered = match.group("pre") is not None or (match.group("post") is not None and named)
        score = _STREET_SCORE if numbered else _NAMED_STREET if named else _WEAK
        parts.append((match.start(), match.end(), score, True))
    for match in _BOX.finditer(original) if not _BOX_WORDS.isdisjoint(words) else ():
        parts.append((match.start(), match.end(), _NAMED_STREET, True))
    units = "#" in original or not _UNIT_WORDS.isdisjoint(words)
    for match in _UNIT_ALONE.finditer(original) if units else ():
        if not _covered(match.start(), match.end(), parts):
            parts.append((match.start(), match.end(), _WEAK, True))
    letter_digit = _LETTER_DIGIT.search(original) is not None
    for pattern, score, digits in _POSTCODES:
        if longest < digits or (digits == 1 and not letter_digit):
            continue
        for match in pattern.finditer(original):
            if not _overlapped(match.start(), match.end(), parts):
                parts.append((match.start(), match.end(), score, False))
    if not parts:
        return []
    parts.sort()
    clusters: list[list[tuple[int, int, float, bool]]] = [[parts[0]]]
    for part in parts[1:]:
        last_end = max(end for _, end, _, _ in clusters[-1])
        gap = original[last_end : part[0]] if part[0] > last_end else ""
        if len(gap) <= _GAP and not _BREAK.search(gap):
            clusters[-1].append(part)
        else:
            clusters.append([part])
    found: list[tuple[int, int, float]] = []
    for cluster in clusters:
        start = min(part[0] for part in cluster)
        end = max(part[1] for part in cluster)
        if PUBLIC_ADDRESSES.search(original[max(0, start - 3) : end + 3]):
            continue
        best = max(part[2] for part in cluster)
        street = any(part[3] for part in cluster)
        postcode = any(not part[3] for part in cluster)
        if street and postcode:
            # a street and a postcode line; two weak parts ("During 2020, 50000 People") only with a cue
            strong = any(part[3] and part[2] >= 0.5 for part in cluster) or any(
                not part[3] and part[2] >= 0.3 for part in cluster
            )
            best = _FULL_SCORE if strong else max(best, _WEAK_STREET)
        found.append((start, end, best))
    return found


def _covered(start: int, end: int, parts: list[tuple[int, int, float, bool]]) -> bool:
    return any(begin <= start and end <= finish for begin, finish, _, _ in parts)


def _overlapped(start: int, end: int, parts: list[tuple[int, int, float, bool]]) -> bool:
    """Whether a street part overlaps [start, end): its house number is no postcode."""
    return any(begin < end and start < finish for begin, finish, _, street in parts if street) or _covered(
        start, end, parts
    )
