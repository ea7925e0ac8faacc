"""Word sets the fusion phase uses to check what a context-blind model's evidence actually is.

A learned model marks the words that pushed its score up. When the only words behind a "hate" score are
identity words ("My wife is an immigrant from Mexico"), the comment mentions an identity and attacks
nobody; when none of the words behind a "violence" score is a violent word ("Shut up, you moron"), the
score is the model generalising from the insult, not a threat.
"""

from __future__ import annotations

IDENTITY_WORDS = frozenset(
    [
        "muslim",
        "muslims",
        "islam",
        "islamic",
        "jew",
        "jews",
        "jewish",
        "judaism",
        "black",
        "blacks",
        "white",
        "whites",
        "asian",
        "asians",
        "african",
        "africans",
        "american",
        "americans",
        "mexican",
        "mexicans",
        "mexico",
        "latino",
        "latina",
        "latinx",
        "latinos",
        "latinas",
        "hispanic",
        "hispanics",
        "arab",
        "arabs",
        "arabic",
        "immigrant",
        "immigrants",
        "immigration",
        "migrant",
        "migrants",
        "refugee",
        "refugees",
        "gay",
        "gays",
        "lesbian",
        "lesbians",
        "bisexual",
        "bi",
        "trans",
        "transgender",
        "queer",
        "lgbt",
        "lgbtq",
        "lgbtqia",
        "nonbinary",
        "non-binary",
        "cis",
        "straight",
        "heterosexual",
        "homosexual",
        "woman",
        "women",
        "wife",
        "wives",
        "husband",
        "husbands",
        "man",
        "men",
        "girl",
        "girls",
        "boy",
        "boys",
        "female",
        "females",
        "male",
        "males",
        "mother",
        "mothers",
        "father",
        "fathers",
        "daughter",
        "son",
        "christian",
        "christians",
        "christianity",
        "catholic",
        "catholics",
        "hindu",
        "hindus",
        "sikh",
        "sikhs",
        "buddhist",
        "buddhists",
        "atheist",
        "atheists",
        "chinese",
        "japanese",
        "korean",
        "indian",
        "indians",
        "pakistani",
        "pakistanis",
        "canadian",
        "european",
        "europeans",
        "british",
        "french",
        "german",
        "russian",
        "israeli",
        "israelis",
        "palestinian",
        "palestinians",
        "iranian",
        "syrian",
        "afghan",
        "somali",
        "nigerian",
        "deaf",
        "blind",
        "disabled",
        "disability",
        "autistic",
        "autism",
        "people",
        "person",
        "persons",
        "community",
        "communities",
        "minority",
        "minorities",
        "race",
        "racial",
        "ethnic",
        "ethnicity",
        "religion",
        "religious",
        "faith",
        "culture",
        "gender",
        "sexuality",
        "native",
        "natives",
        "indigenous",
        "elderly",
        "old",
        "young",
        "teen",
        "teens",
        "kids",
        "children",
    ]
)

FUNCTION_WORDS = frozenset(
    [
        # the wh-ever words: "Women can do whatever they want" names a group and nothing about it
        "whatever",
        "whoever",
        "whenever",
        "wherever",
        "however",
        "a",
        "an",
        "the",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "am",
        "i",
        "you",
        "he",
        "she",
        "it",
        "we",
        "they",
        "me",
        "him",
        "her",
        "us",
        "them",
        "my",
        "your",
        "his",
        "its",
        "our",
        "their",
        "this",
        "that",
        "these",
        "those",
        "of",
        "in",
        "on",
        "at",
        "to",
        "from",
        "for",
        "with",
        "by",
        "and",
        "or",
        "but",
        "as",
        "so",
        "not",
        "no",
        "do",
        "does",
        "did",
        "have",
        "has",
        "had",
        "will",
        "would",
        "can",
        "could",
        "should",
        "shall",
        "may",
        "might",
        "must",
        "there",
        "here",
        "what",
        "which",
        "who",
        "whom",
        "whose",
        "many",
        "some",
        "all",
        "any",
        "every",
        "each",
        "much",
        "more",
        "most",
        "very",
        "just",
        "also",
        "too",
    ]
)

VIOLENT_STEMS = (
    "kill",
    "murder",
    "shoot",
    "shot",
    "stab",
    "die",
    "dead",
    "death",
    "hang",
    "hung",
    "lynch",
    "burn",
    "bomb",
    "gun",
    "knife",
    "blood",
    "beat",
    "hurt",
    "attack",
    "punch",
    "slit",
    "strangl",
    "chok",
    "execut",
    "exterminat",
    "bullet",
    "rape",
    "raping",
    "massacr",
    "slaughter",
    "behead",
    "tortur",
    "genocid",
    "gas",
    "nuke",
    "bury",
    "threat",
    "weapon",
    "rifle",
    "ammo",
    "explod",
    "violen",
    "assault",
    "wound",
    "drown",
    "poison",
    "annihilat",
    "eradicat",
    "terror",
    "war",
    # bodily harm without the words above ("smashed it across her head", "slap her face", "needs
    # impaling", "the hangman's noose"): a learned violence score whose evidence holds one of them is
    # not explained away as "no violent word"
    "smash",
    "slap",
    "stomp",
    "bludgeon",
    "pummel",
    "throttl",
    "suffocat",
    "decapitat",
    "castrat",
    "mutilat",
    "dismember",
    "maim",
    "impal",
    "skewer",
    "crucif",
    "incinerat",
    "noose",
    "gallows",
    "guillotin",
    "waterboard",
)


# Words about health, disability and sexuality that describe people, not attack them or arouse.
HEALTH_WORDS = frozenset(
    """
    mental illness illnesses disabilities disabled wheelchair condition conditions health diagnosis
    bisexuality homosexuality sexuality identity identities sex sexual sexually attraction attracted
    romantic romantically dating married marriage partner partners relationship relationships because
    must why how
    """.split()  # noqa: SIM905
)


# Neutral demographic, place and civic vocabulary ("The Muslim population in America has doubled",
# "Women are allowed to vote here": the learned tier reads "allowed" as hateful because its training
# rows say "... should not be allowed", which the hate rules find by themselves).
DEMOGRAPHIC_WORDS = frozenset(
    """
    america europe africa asia britain england canada india china israel population populations census
    percent percentage majority share number numbers grew grown growing doubled tripled rising last first
    year years decade decades country countries nation nations world city cities live lives living born
    citizens citizen neighbours neighbors family families history culture cultures today
    allowed vote votes voting voted voters election elections rights community communities
    mexico russia ukraine iran iraq syria afghanistan pakistan germany france japan korea cuba venezuela
    brazil australia palestine gaza usa uk wall border borders immigration tariff tariffs pay paid policy
    human humans equal equality pride month
    """.split()  # noqa: SIM905
)


def is_identity_or_function_word(word: str) -> bool:
    word = word.removeprefix("ex-").removesuffix("'s")  # "women's sports" names the group too
    return (
        word in IDENTITY_WORDS
        or word in FUNCTION_WORDS
        or word in HEALTH_WORDS
        or word in DEMOGRAPHIC_WORDS
        or word.rstrip("s") in IDENTITY_WORDS
    )


def is_violent_word(word: str) -> bool:
    return word.startswith(VIOLENT_STEMS)


# Words that are sexual by themselves (`is_sexual_word`): stems of unambiguous ones ("sex", "sexy",
# "porn", "nudes"), whole words for the short ones that also begin innocent words ("cock" but not
# "cocktail", "ass" but not "assassin", "cum" but not "cumbersome"), and everyday words that sexual
# comments are made of ("bend", "ride", "hard"), so that only evidence with none of them is explained away.
SEXUAL_STEMS = (
    "sex", "porn", "nude", "nudi", "naked", "horny", "orgasm", "erotic", "masturb", "genital", "erect",
    "blowjob", "handjob", "rimjob", "boob", "titties", "nipple", "penis", "vagina", "vulva", "clit",
    "dildo", "vibrator", "fetish", "bdsm", "bondage", "stripper", "hooker", "prostitut", "whore", "slut",
    "milf", "hentai", "incest", "rape", "molest", "grope", "fondl", "spank", "lick", "suck", "shag",
    "bang", "fuck", "cunt", "pussy", "pussies", "dick", "cock", "twat", "wank", "jizz", "semen", "sperm",
    "anal", "anus", "butt", "booty", "thong", "lingerie", "kinky", "seduc", "bedroom", "threesome",
    "onlyfans", "camgirl", "escort", "bitch", "hoe", "thot", "tits", "testicle", "scrot", "breast",
    "thigh", "crotch", "groin", "moan", "lust", "virgin", "panties", "naughty", "shit", "piss",
    "turd", "asshole", "arsehole",
)
SEXUAL_WORDS = frozenset(
    {"ass", "asses", "arse", "bra", "bras", "cum", "cums", "cumming", "puss", "tit", "bust", "bum", "hump",
     "humping",
     "nut", "nuts", "bone", "boner", "bed", "laid", "lay", "screw", "screwing", "blow", "swallow", "spit",
     "come", "cream", "wet", "hard", "ride", "riding", "body", "bodies", "hot", "bend", "kiss", "touch",
     "dirty", "strip", "balls", "ball", "hole", "holes", "mouth", "lips", "tongue", "legs", "knees",
     "naked", "nsfw", "xxx", "69", "d", "p", "dumbass", "jackass", "smartass", "fatass", "badass",
     "dumbasses", "jackasses", "foid", "foids"}
)
# innocent words that begin like a sexual one
_INNOCENT_STARTS = (
    "cocktail", "cockpit", "cockroach", "cockney", "cockerel", "peacock", "dickens", "dickinson",
    "analy", "analog", "banglad", "bangkok", "bangor", "butter", "button", "buttress", "lickety",
    "sextant", "sextet", "hoedown", "rapeseed",
)


def is_sexual_word(word: str) -> bool:
    """Whether a word of a normalised comment is sexual by itself (or, for short ambiguous ones, may be)."""
    return word in SEXUAL_WORDS or (word.startswith(SEXUAL_STEMS) and not word.startswith(_INNOCENT_STARTS))


# Words of the lexicon that are also the everyday name of an animal or a thing, and the words around them
# that say so: "the rooster, also called a cock, crowed at dawn", "the dyke broke in the flood", "a blue
# tit at the feeder", "the bitch had six puppies", "faggots and peas". In a comment holding one of its
# context words, such a word is read as the animal or thing.
_BIRDS = frozenset(
    {"rooster", "roosters", "hen", "hens", "chicken", "chickens", "poultry", "crowed", "crowing", "crows",
     "crow", "pheasant", "pheasants", "bird", "birds", "feeder", "feathers", "farm", "farmyard", "nest",
     "eggs", "hatched", "plumage", "species", "birdwatching", "rspb", "robin", "sparrow", "finch", "wren"}
)
_WATER = frozenset(
    {"flood", "floods", "flooding", "flooded", "water", "sea", "river", "dam", "dams", "levee", "levees",
     "canal", "canals", "polder", "polders", "dutch", "netherlands", "tide", "tides", "embankment",
     "breach", "breached", "storm", "surge", "drainage", "marsh", "fens"}
)
# (not "dog", "dogs": slang uses them beside "bitch" as often as a kennel does)
_DOGS = frozenset(
    {"puppy", "puppies", "litter", "litters", "whelp", "whelped", "whelping", "breeder", "breeders",
     "kennel", "kennels", "pedigree", "greyhound", "labrador", "spaniel", "terrier"}
)
_FOOD = frozenset({"peas", "gravy", "mash", "onion", "butcher", "butchers", "meatballs", "recipe", "dinner"})
_CATS = frozenset({"cat", "cats", "kitten", "kittens", "willow", "willows", "boots"})
# primates, which racists call people: read as the animals among wildlife words ("the black monkeys of the
# rainforest are endangered")
# (not "zoo" or "jungle": "they belong in a zoo", "go back to the jungle" are how the slur is used); the
# hate rules read their "black apes" pattern only without these words too
WILDLIFE_WORDS = frozenset(
    {"species", "wildlife", "primate", "primates", "endangered", "habitat", "sanctuary", "rainforest",
     "conservation", "mammal", "mammals", "safari", "zoologist", "biologist"}
)
# Sexual words that are also (parts of) people's names ("Dick Francis", "Peter Lewis", "Alan Cumming",
# "Dick Van Dyke"): the lexicon and the fusion read them as names when written as one
NAME_LIKE_WORDS = frozenset({"dick", "dyke", "cumming", "peter", "willy"})
HOMOGRAPH_CONTEXTS: dict[str, frozenset[str]] = {
    "monkey": WILDLIFE_WORDS,
    "monkeys": WILDLIFE_WORDS,
    "ape": WILDLIFE_WORDS,
    "apes": WILDLIFE_WORDS,
    "baboon": WILDLIFE_WORDS,
    "baboons": WILDLIFE_WORDS,
    "gorilla": WILDLIFE_WORDS,
    "gorillas": WILDLIFE_WORDS,
    "chimp": WILDLIFE_WORDS,
    "chimps": WILDLIFE_WORDS,
    "chimpanzee": WILDLIFE_WORDS,
    "chimpanzees": WILDLIFE_WORDS,
    "cock": _BIRDS,
    "cocks": _BIRDS,
    "tit": _BIRDS,
    "tits": _BIRDS,
    "booby": _BIRDS,
    "boobies": _BIRDS,
    "shag": _BIRDS,
    "shags": _BIRDS,
    "dyke": _WATER,
    "dykes": _WATER,
    "bitch": _DOGS,
    "bitches": _DOGS,
    "faggot": _FOOD,
    "faggots": _FOOD,
    "pussy": _CATS,
}


def is_homograph_in_context(word: str, words: frozenset[str]) -> bool:
    """Whether `word` (lowercase) is one of `HOMOGRAPH_CONTEXTS` and the comment's `words` (its lowercase
    letter runs) hold one of the words that make it the animal or thing."""
    context = HOMOGRAPH_CONTEXTS.get(word)
    return context is not None and not context.isdisjoint(words)
