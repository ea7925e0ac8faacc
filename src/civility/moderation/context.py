"""Context that turns a keyword hit into a non-hit: quotes, mentions, counter-speech, idioms, news.

"Context beats keywords": a slur quoted in order to condemn it, "I'd kill for that recipe", "this bill is
killing small business", a report about a drone strike, an anatomical word in a medical sentence, or a
reader naming their own identity ("as a gay Muslim woman I disagree") is not violence, hate or vulgarity.
`analyze` finds these regions once per comment (on the normalised text) for every detector and for the
fusion phase, which discounts learned scores whose evidence lies only inside them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from civility.moderation.detector import NormalizedText
from civility.moderation.detectors._text import words_of

Region = tuple[int, int]

_QUOTED = re.compile(r"\"[^\"\n]{1,300}\"|(?<![a-z])'[^'\n]{2,300}'(?![a-z])")
_MENTION = re.compile(
    r"\b(?:the (?:word|term|slur|phrase|label|insult)s?|called (?:me|him|her|them|us|you|it)(?: an?)?|"
    r"(?:was|were|got|been|being|get|gets) called(?: an?)?|"
    r"calling (?:me|him|her|them|us|people|someone)(?: an?)?|call (?:me|him|her|them|us|people)(?: an?)?|"
    r"(?:says?|said|saying|wrote|writes|shouted|yelled|using|used|use) (?:the )?(?:word )?)"
    r"\s*[\"']?([a-z*]+(?: [a-z*]+)?)"
)
_CONDEMNATION = (
    r"(?:so |really |just |deeply |plainly |completely |utterly )?(?:bigoted|bigotry|racist|racism|sexist|"
    r"homophobic|transphobic|antisemitic|islamophobic|hateful|hate speech|wrong|ignorant|disgusting|"
    r"not ok|not okay|unacceptable|offensive|a slur|dehumanising|dehumanizing|false|a lie|vile)"
)
# Counter-speech: a hateful claim reported in order to condemn it, or a hateful stance denied.
_COUNTER_SPEECH = re.compile(
    rf"\b(?:(?:saying|calling|to say|to call|claiming|to claim|that|this|it|which)\b[^.!?\n]{{0,80}}?"
    rf"\b(?:is|was|'s|are) {_CONDEMNATION}|"
    rf"(?:that's|thats|it's|its) {_CONDEMNATION}|"
    r"(?:don't|do not|dont|never|doesn't|does not|didn't|did not|won't|will not) (?:hate|despise)|"
    r"not all \w+ are|stop (?:calling|saying|using)|"
    r"(?:wrong|racist|bigoted|hateful|unfair) to (?:say|call|claim)|"
    r"(?:don't|do not|dont) (?:think|believe) (?:that )?(?:all )?\w+ (?:are|is)|"
    r"there is no place for|no one should (?:say|call)|condemn|stand with|solidarity with|"
    r"(?:misconception|myth|stereotype|falsehood|lie|trope) that|(?:a|just a|only a) (?:myth|stereotype)|"
    r"nothing more than a (?:myth|stereotype)|"
    # the claim answered in the next sentence: "... more crime? That myth was debunked decades ago."
    r"(?:that|this|the) (?:myth|stereotype|lie|trope|claim|canard) (?:was|has been|is|got) (?:long )?"
    r"(?:debunked|disproven|refuted|false|racist|nonsense)|"
    # a view reported, not held: "opposition is based on claims such as that homosexuality is unnatural"
    r"(?:claims|arguments|assertions) (?:such as )?that|(?:opponents|critics) (?:argue|claim|say) that|"
    r"the (?:idea|notion|assertion) that|"
    # support for a group's rights, the opposite of an attack: "women deserve equal pay for equal work";
    # not when denied ("don't deserve the same rights") or taken back ("..., but I wish they wouldn't")
    r"(?<!n't )(?<!not )(?<!never )\bdeserves? (?:equal|the same|respect|dignity|better|protection|"
    r"equality|fair|basic|human|civil|to be (?:safe|respected|treated (?:equally|fairly|with respect)|heard|"
    r"included))(?![^.!?\n]*\bbut\b))"
)
# A threat denied or ruled out: "I'm not going to kill you", "nobody should be shot".
_NEGATED_VIOLENCE = re.compile(
    r"(?:(?:\b(?:not|never|nobody|no one|noone)\b|n't\b)(?: \w+){0,4}"
    # "no woman deserves to die", "no child should be hurt": a negative subject, not an interjection
    r"|\bno (?:\w+ ){1,2}(?:deserves?|should|ought to|must|needs? to|has to)(?: \w+){0,2})"
    r" (?:kill|hurt|harm|shoot|shot|stab|attack|hit|beat|punch|die|dead|murder|bomb|burn|hang)\w*"
)
# A generalisation about a group denied: "Muslims are not terrorists", "immigrants aren't criminals".
_DENIED_GENERALISATION = re.compile(
    r"\b(?:[a-z]+s|women|men|people|children) (?:are|were)(?:n't| not| never| no)\b|"
    # a condemnation of what a group is, denied: "homosexuality is not a disease", "being gay isn't a sin"
    r"\b(?:homosexuality|being gay|being trans|being transgender|gay marriage|same-sex marriage|"
    r"transgenderism) (?:is|was)(?:n't| not| never) (?:a |an )?(?:sin|disease|mental illness|abomination|"
    r"choice|unnatural|wrong|evil|sick|perverted|disorder)\b|"
    r"\bnot (?:all|every|most) \w+|\bno (?:group|religion|race|people) (?:is|are)\b|"
    r"\b(?:should|must|can|could)(?:n't| not| never) be (?:treated|seen|called|viewed|considered|labell?ed|"
    r"trivial\w+|blamed|judged|stereotyped)"
)
_NEWS_VIOLENCE = re.compile(
    r"\b(?:isis|isil|al[- ]qaeda|taliban|hamas|hezbollah|jihadis\w*|militants?|insurgents?|terroris\w+|"
    r"drones?|air ?strikes?|strikes?|bombings?|shelling|missiles?|troops|soldiers|army|military|pentagon|"
    r"war|wars|warfare|invasion|ceasefire|casualties|civilians|officials|government|regime|police|"
    r"shooting|gunman|massacre|genocide|assassinat\w+|attack(?:s|ed)?|killed|wounded|victims?|reported|"
    r"according to|court|trial|sentenced|convicted|murder(?:s|ed)? (?:case|trial|charge|rate)|murdered|"
    r"kidnapped|kidnapping|abducted|assaulted|hostages?|fighters|rebels|gunmen|raid|arrested|"
    # the policy debates about violence: "gun control won't stop criminals from getting guns"
    r"gun (?:control|laws?|rights|owners(?:hip)?|violence|reform|lobby)|(?:second|2nd) amendment|"
    r"background checks?|crime rates?|"
    # and about punishment and life and death: "the death penalty should be abolished"
    r"death (?:penalty|sentences?)|capital punishment|death row|lethal injection)\b"
)
_VIOLENCE_IDIOM = re.compile(
    r"\b(?:(?:would|'d|could) (?:kill|die) for|kill(?:ing)? for (?:a|an|some|that|this|the|one)\b|"
    r"kill(?:s|ing|ed)? (?:small |local )?(?:business(?:es)?|jobs|the economy|competition|the mood|"
    r"the vibe|time|the bill|the deal|the motion|the proposal|the lights|the engine|two birds|it)|"
    r"killing (?:it|me)|(?:dying|dyin) (?:to|for)|"
    # "a cake to die for", not "he deserves to die for what he did"
    r"(?<!deserves )(?<!deserve )(?<!deserved )(?<!should )(?<!ought )(?<!has )(?<!have )to die for|"
    r"killer (?:app|deal|feature|recipe|view|"
    r"performance|song|line|instinct|blow|goal|finish|combo|smile|look|outfit|shot|hook|question|point|"
    r"argument|cameo|heels|queen|bees?|whales?|robots?)|overkill|killjoy|dressed to kill|"
    r"murder(?:ed|s)? (?:the|that|this) (?:song|beat|solo|track|stage|cover)|"
    r"shoot(?:s|ing)? (?:me |us |him |her |them |you )?(?:an? )?(?:email|e-mail|message|text|note|line|dm)|"
    r"shoot(?:ing)? (?:for|a video|a film|the film|photos?|hoops)|"
    r"bomb(?:ed|s)? (?:the|my|an?|that) (?:exam|test|interview|audition|quiz)|the bomb\b|photo ?bomb|"
    r"slay(?:s|ed|ing)?|crush(?:ed|ing)? it|knock(?:ed)? it out of the park|beat (?:the|them at|the) "
    r"(?:record|game|odds|deadline|traffic|heat|rush)|beat(?:ing)? (?:your|my|his|her|their|our) (?:best )?"
    r"(?:time|record|score|personal best|pb|high score)|fight (?:climate|poverty|cancer|corruption|crime|"
    r"the disease|for)|war on (?:drugs|poverty|terror|christmas)|attack (?:the problem|this problem)|"
    r"kill (?:switch|shot|count|chain|zone)|"
    r"shoot(?:ing)? the (?:messenger|breeze|shit)|shoot (?:your|my|his|her|their) shot|"
    r"shoot(?:ing)? from the hip|"
    r"shoot(?:s|ing)? (?:yourself|themselves|himself|herself|ourselves|itself) in the foot|"
    r"punch(?:ing|es)? (?:up|down|above (?:its|his|her|their|our|my|your) weight)\b|"
    r"beat(?:ing)? (?:a dead horse|around the bush)|(?:bite|bit|biting|dodge|dodged|dodging|sweating) "
    r"(?:the |a )?bullets?|(?:gonna|going to|will|'ll|would) kill me (?:if|when|for)\b|"
    r"(?:beat|kill|destroy|crush|smash|murder|thrash) (?:you|u|him|her|them|me|us) (?:at|in|on) (?:a |the )?"
    r"(?:next )?(?:chess|poker|cards|game|games|match|round|race|election|polls|debate|tennis|golf|football|"
    r"soccer|quiz|trivia|scrabble|fifa|court|argument|arguments|sales)|"
    # sport: a result ("we murdered them 5-0", "crushed the Jets 42-7", "beat us badly"), a sacking
    # ("time to fire the coach")
    r"(?:beat|beaten|murder(?:ed)?|kill(?:ed)?|destroy(?:ed)?|slaughter(?:ed)?|crush(?:ed)?|massacre[d]?|"
    r"thrash(?:ed)?|hammer(?:ed)?|smash(?:ed)?|demolish(?:ed)?|annihilate[d]?|whip(?:ped)?|spank(?:ed)?)"
    r" (?:us|them|the [a-z]+(?: [a-z]+)?|[a-z]+) (?:by )?\d{1,3} ?[-–] ?\d{1,3}\b|"
    r"(?:beat|beaten|thrash(?:ed)?|hammer(?:ed)?|crush(?:ed)?|smash(?:ed)?) (?:us|them) (?:badly|again|"
    r"twice|easily|comfortably|soundly|at home|away|in the (?:final|game|match|semis?|semifinal|playoffs?|"
    r"league|cup|derby|series|tournament))|"
    r"fir(?:e|ed|ing) (?:the|that|this|our|your|their|his|her) (?:head |new |old |interim )?(?:coach|"
    r"manager|gm|general manager|coordinator|ceo|chief|boss|director|commissioner|referee|ref|staff|"
    r"chancellor|superintendent|principal|secretary|minister|cabinet)\b|"
    # a shot that is no gunshot: "get a flu shot", "that idea should be shot down", "give it a shot"
    r"(?:flu|covid|booster|vaccine|measles|tetanus|allergy|cortisone|insulin|b12) shots?|"
    r"get (?:a|the|your|his|her|their|my|our) (?:flu |booster |covid |vaccine )?shots?\b|"
    r"(?:idea|plan|proposal|bill|motion|amendment|request|pitch|theory|argument)s? (?:was |were |got |"
    r"should be |will be |would be )?shot down|(?:give|take|have) (?:it )?a shot|"
    r"a shot at (?:the|a|an|it|this|that|winning|victory|glory|redemption)\b|long shot|big shots?|"
    r"shots? of (?:whiskey|vodka|tequila|espresso|rum|gin)|(?:mug|screen|slap|jump|moon) ?shots?|"
    # a warning and a bout: "watch your back when hiking", "the boxer punched him in the face and won"
    r"watch your back (?:when|while|on|out|around|in the|for)\b|"
    r"(?:boxer|fighter|champ|champion|wrestler|challenger|kickboxer)s? (?:\w+ )?(?:punched|knocked|hit|"
    r"kicked|beat|floored|decked|stopped))"
)
_SELF_IDENTITY = re.compile(
    r"\b(?:as an?|i am an?|i'm an?|im an?|we are|we're|us|fellow|my fellow|proud|being an?)"
    r"((?: [a-z]+){1,4})"
)
_MEDICAL = re.compile(
    r"\b(?:doctor|nurse|patient|medical|clinic|hospital|cancer|screening|exam|examination|surgery|"
    r"anatomy|biology|health|disease|infection|symptoms?|diagnos\w+|treatment|breastfeed\w*|"
    r"breast cancer|prostate|cervical|gynaec\w+|gynec\w+|urolog\w+|pregnan\w+|birth|sex education|"
    r"education|textbook|vaccin\w+|hpv|std|sti)\b"
)


# Gates (see `detectors._text.words_of`): a comment holding none of a pattern's words (whole words,
# matched between word boundaries) and none of its literal strings (parts of words, or phrases) cannot
# match it, and most comments hold none, so the pattern is not run.
_MENTION_WORDS = frozenset(
    {"called", "calling", "call", "say", "says", "said", "saying", "wrote", "writes", "shouted", "yelled",
     "using", "used", "use"}
)
_MENTION_LITERALS = ("the word", "the term", "the slur", "the phrase", "the label", "the insult")
_COUNTER_SPEECH_LITERALS = (
    # the condemnations (which may run on into a longer word), then the other phrases
    "bigot", "racis", "sexist", "homophobic", "transphobic", "antisemitic", "islamophobic", "hate", "wrong",
    "ignorant", "disgusting", "not ok", "unacceptable", "offensive", "a slur", "dehumani", "false", "a lie",
    "vile", "despise", "not all", "stop", "unfair", "n't think", "not think", "dont think", "n't believe",
    "not believe", "dont believe", "no place", "no one should", "condemn", "stand with", "solidarity with",
    "misconception", "myth", "stereotype", "falsehood", "lie that", "trope", "claims", "arguments",
    "assertion", "opponents", "critics", "idea that", "notion that", "deserve",
)
# the acts `_NEGATED_VIOLENCE` ends with: most comments with a "not" or an "n't" name none of them
_NEGATED_VIOLENCE_VERBS = (
    "kill", "hurt", "harm", "shoot", "shot", "stab", "attack", "hit", "beat", "punch", "die", "dead",
    "murder", "bomb", "burn", "hang",
)
_NEGATED_VIOLENCE_WORDS = frozenset({"not", "never", "n", "t", "nobody", "no", "noone"})  # "t": "don't"
_NEWS_VIOLENCE_WORDS = frozenset(
    {"isis", "isil", "qaeda", "taliban", "hamas", "hezbollah", "militant", "militants", "insurgent",
     "insurgents", "drone", "drones", "air", "airstrike", "airstrikes", "strike", "strikes", "bombing",
     "bombings", "shelling", "missile", "missiles", "troops", "soldiers", "army", "military", "pentagon",
     "war", "wars", "warfare", "invasion", "ceasefire", "casualties", "civilians", "officials", "government",
     "regime", "police", "shooting", "gunman", "massacre", "genocide", "attack", "attacks", "attacked",
     "killed", "wounded", "victim", "victims", "reported", "according", "court", "trial", "sentenced",
     "convicted", "murder", "murders", "murdered", "kidnapped", "kidnapping", "abducted", "assaulted",
     "hostage", "hostages", "fighters", "rebels", "gunmen", "raid", "arrested", "gun", "amendment",
     "background", "crime"}
)
_NEWS_VIOLENCE_LITERALS = (
    "jihadis", "terroris", "assassinat", "death penalty", "death sentence", "capital punishment", "death row",
    "lethal injection",
)
_VIOLENCE_IDIOM_LITERALS = (
    "kill", "die", "dyin", "murder", "shoot", "bomb", "slay", "crush", "knock", "beat", "fight", "war on",
    "attack", "destroy", "smash", "thrash", "punch", "bullet", "slaughter", "massacre", "hammer", "demolish",
    "annihilate", "whip", "spank", "fire", "firing", "shot", "watch your back", "boxer", "fighter", "champ",
    "wrestler", "challenger",
)
_DENIED_GENERALISATION_LITERALS = (
    "are n", "aren't", "were n", "weren't", "is n", "isn't", "was n", "wasn't", "not all", "not every",
    "not most", "no group", "no religion",
    "no race", "no people", "n't be ", "not be ", "never be ",
)
_SELF_IDENTITY_WORDS = frozenset({"as", "am", "m", "im", "we", "us", "fellow", "proud", "being"})
_MEDICAL_WORDS = frozenset(
    {"doctor", "nurse", "patient", "medical", "clinic", "hospital", "cancer", "screening", "exam",
     "examination", "surgery", "anatomy", "biology", "health", "disease", "infection", "symptom", "symptoms",
     "treatment", "breast", "prostate", "cervical", "birth", "sex", "education", "textbook", "hpv", "std",
     "sti"}
)
_MEDICAL_LITERALS = ("diagnos", "breastfeed", "gynaec", "gynec", "urolog", "pregnan", "vaccin")


def _holds(text: str, words: frozenset[str], gate: frozenset[str], literals: tuple[str, ...] = ()) -> bool:
    return not gate.isdisjoint(words) or any(literal in text for literal in literals)


@dataclass(frozen=True, slots=True)
class ContextFacts:
    """Regions of the normalised text where a keyword is not used as abuse, and whole-comment facts."""

    quoted: tuple[Region, ...]
    mentioned: tuple[Region, ...]
    violence_idioms: tuple[Region, ...]
    self_identity: tuple[Region, ...]
    counter_speech: bool
    news_violence: bool
    medical: bool
    negated_violence: bool
    denied_generalisation: bool

    def is_quoted_or_mentioned(self, start: int, end: int) -> bool:
        """Whether [start, end) lies inside a quotation or is the object of "the word ..."/"called me ..."."""
        return _inside(start, end, self.quoted) or _inside(start, end, self.mentioned)

    def is_violence_idiom(self, start: int, end: int) -> bool:
        return _overlaps(start, end, self.violence_idioms)

    def is_self_identity(self, start: int, end: int) -> bool:
        return _inside(start, end, self.self_identity)


def _inside(start: int, end: int, regions: tuple[Region, ...]) -> bool:
    return any(begin <= start and end <= finish for begin, finish in regions)


def _overlaps(start: int, end: int, regions: tuple[Region, ...]) -> bool:
    return any(begin < end and start < finish for begin, finish in regions)


# Words that, alone beside a quotation, agree with it rather than report or condemn it.
_ENDORSING = frozenset(
    {"lol", "lmao", "this", "so", "true", "exactly", "truth", "facts", "fact", "yes", "yep", "amen", "agreed",
     "same", "preach", "based", "indeed", "period", "100"}
)
_LETTERS = re.compile(r"[a-z0-9]+")


def _quotations(text: str) -> tuple[Region, ...]:
    """The quotations of `text`, less one that is the whole comment: a comment that only repeats a
    quotation ('"ALL WOMEN ARE BORN LIARS"', '"send them all back" so true') says it, it does not
    report or condemn it."""
    found = tuple(match.span() for match in _QUOTED.finditer(text))
    if not found:
        return found
    outside = text
    for start, end in reversed(found):
        outside = outside[:start] + " " + outside[end:]
    if set(_LETTERS.findall(outside)) <= _ENDORSING:
        return ()
    return found


# A call for violence: an appeal or a wish before a violent act ("the soldiers should shoot the protesters",
# "those officials deserve a bullet", "someone needs to take out the governor"), or an order to do it
# ("Burn down the police station", "String up the corrupt officials"). News language ("police",
# "officials", "government") does not explain such a comment away.
_VIOLENT_ACT = (
    r"(?:kill\w*|murder\w*|shoot\w*|shot|stab\w*|hang\w*|hung|lynch\w*|burn\w*|bomb\w*|beat\w*|"
    r"attack\w*|punch\w*|slit\w*|strangl\w*|execut\w*|exterminat\w*|bullets?|massacr\w*|"
    r"slaughter\w*|behead\w*|tortur\w*|gas|gass\w*|nuke\w*|drown\w*|poison\w*|annihilat\w*|"
    r"eradicat\w*|smash\w*|string (?:\w+ )?up|strung up|take (?:\w+ ){0,2}out|wipe (?:\w+ )?out|"
    r"blow (?:\w+ )?up|round (?:\w+ )?up|torch\w*|firing squad|nooses?|gallows|guillotin\w*)"
)
_CALL_FOR_VIOLENCE = re.compile(
    r"\b(?:should|must|needs? to|ought to|deserves?|let's|lets|gotta|has to|have to|hope|wish|someone|"
    r"somebody|time to|why not)\b(?:\W+[a-z']+){0,5}?\W+" + _VIOLENT_ACT + r"\b"
    r"|(?:^|[.!?\n]\s*)(?:now |just |go |please |and )?(?:kill|shoot|hang|lynch|burn|bomb|stab|behead|"
    r"execute|murder|slaughter|gas|nuke|torch|string up|take out|wipe out|blow up|round up)\b"
)


@lru_cache(maxsize=256)
def calls_for_violence(normalized: str) -> bool:
    """Whether a normalised comment appeals for, wishes or orders a violent act (`_CALL_FOR_VIOLENCE`)."""
    return _CALL_FOR_VIOLENCE.search(normalized) is not None


def analyze(text: NormalizedText) -> ContextFacts:
    """Find the non-abusive contexts in one normalised comment (cached: several detectors ask)."""
    return _analyze(text.text)


@lru_cache(maxsize=512)
def _analyze(normalized: str) -> ContextFacts:
    words = words_of(normalized)
    text = normalized
    return ContextFacts(
        quoted=_quotations(text) if '"' in text or "'" in text else (),
        mentioned=tuple(match.span(1) for match in _MENTION.finditer(text))
        if _holds(text, words, _MENTION_WORDS, _MENTION_LITERALS)
        else (),
        violence_idioms=tuple(match.span() for match in _VIOLENCE_IDIOM.finditer(text))
        if any(literal in text for literal in _VIOLENCE_IDIOM_LITERALS)
        else (),
        self_identity=tuple(match.span(1) for match in _SELF_IDENTITY.finditer(text))
        if not _SELF_IDENTITY_WORDS.isdisjoint(words)
        else (),
        counter_speech=any(literal in text for literal in _COUNTER_SPEECH_LITERALS)
        and _COUNTER_SPEECH.search(text) is not None,
        news_violence=_holds(text, words, _NEWS_VIOLENCE_WORDS, _NEWS_VIOLENCE_LITERALS)
        and _NEWS_VIOLENCE.search(text) is not None,
        medical=_holds(text, words, _MEDICAL_WORDS, _MEDICAL_LITERALS) and _MEDICAL.search(text) is not None,
        negated_violence=not _NEGATED_VIOLENCE_WORDS.isdisjoint(words)
        and any(verb in text for verb in _NEGATED_VIOLENCE_VERBS)
        and _NEGATED_VIOLENCE.search(text) is not None,
        denied_generalisation=any(literal in text for literal in _DENIED_GENERALISATION_LITERALS)
        and _DENIED_GENERALISATION.search(text) is not None,
    )
