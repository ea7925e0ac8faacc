"""Violence rules: threats, calls for violence, wishes of harm and glorification, aimed at people.

Patterns need a speaker and an act ("I will shoot ..."), an appeal ("someone should kill ..."), a wish
("hope you die") or self-harm incitement ("kill yourself"). A target (you, him, them, a group) raises
the score; idioms ("I'd kill for that recipe", "this bill is killing small business"), negation ("I
would never hurt you") and quotation lower or cancel it. Reports about violence match none of these:
news language has no first-person threat.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from civility.moderation.categories import Category
from civility.moderation.context import analyze
from civility.moderation.detector import DetectorOutput, EvidenceSpan, NormalizedText
from civility.moderation.detectors._text import (
    EVIDENCE_FLOOR,
    NEGATION,
    expansions,
    gate_words,
    negated_before,
    passes,
    span,
    words_of,
)

# Acts that are violent whatever their object ("I'm going to start shooting").
_ACTS = (
    r"(?:kill|murder|shoot|stab|hang|lynch|strangle|slaughter|behead|execute|bomb|rape|torture|butcher|"
    r"slit|knife|exterminate|gas|drown|poison|blow up|put a bullet in|gun down|massacre)"
)
# Acts that are violent only when aimed at a person ("I will hurt you", not "I will cut the budget").
_PERSONAL_ACTS = (
    r"(?:hurt|beat|bash|punch|choke|smash|break|cut|end|destroy|eliminate|bury|burn|hunt down|hunt|find|"
    r"snap|strangle|kick|slap|skin|gut|run over|beat up|beat the \w+ out of|break your \w+|smash your \w+)"
)
_PERSON = (
    r"(?:you|u|ya|him|her|them|you all|y'all|everyone|everybody|anyone|anybody|all of (?:you|them)|@\w+|"
    # "I will hurt any woman who comes near me", "I'll beat the next Muslim I see": people, not things
    r"(?:any|every|the next) (?:\w+ )?(?:woman|women|man|men|person|people|girl|guy|boy|kid|child|muslim|"
    r"jew|immigrant|foreigner|refugee|mexican|arab|asian|christian|hindu|sikh|gay|lesbian|cop|officer)s?)"
)
_TARGET = (
    r"(?:you|u|ya|him|her|them|you all|y'all|everyone|everybody|your \w+|his \w+|her \w+|their \w+|"
    r"the (?:author|writer|journalist|reporter|mayor|judge|editor|moderator|mods?)|all of (?:you|them)|"
    r"every (?:last )?(?:one|\w+)|these \w+|those \w+|all (?:the )?\w+|@\w+)"
)
# Bodily harm done to a person ("slap her", "punch him in the face", "castrate him"): read only with a
# person as the object and in a mood that wants it done (an intent, an appeal, an imperative), never in a
# report ("he punched her", "they shot him in the head" tell what happened).
_HARM = (
    r"(?:slap|bitch slap|punch|smash|choke|strangle|stab|shank|shoot|castrate|whip|flog|beat|beat up|kick|"
    r"bash|stomp|curb stomp|pistol whip|hang|lynch|behead|execute|knock out|throttle|waterboard)"
)
_HARMED = (
    r"(?:castrated|flogged|whipped|beaten|lynched|strung up|gassed|tortured|curb stomped|beheaded|"
    r"strangled|hanged|stoned to death|beaten to death|shot dead|shot on sight|shot and killed|"
    r"hung (?:for|by|from|till|until)|executed for|nailed to the wall|burned alive|burnt alive|"
    r"lined up (?:against (?:a|the) wall|and shot)|put (?:up )?against (?:a|the) wall and shot|"
    r"dragged (?:out|into the streets?|through the streets?)|run over|mowed down|mown down)"
)
_KILLED = r"(?:shot|killed|murdered|exterminated|slaughtered|put down)\b"
_ABUSED = (
    r"(?:woman|man|girl|guy|bitch|bastard|idiot|clown|scum|scumbag|pig|cunt|slut|whore|asshole|dude|"
    r"chick|lady|moron|thug|traitor|creep|loser|jerk|fool|twat|prick|dick|hoe|skank|freak|perv|pervert)"
)
_VICTIM = rf"(?:her|him|them|you|u|(?:this|that|these|those) (?:\w+ )?{_ABUSED}s?)"
# what follows the victim when the words are not about harm: "kick them (all) out", "whip them into
# shape", "kick her to the curb", "kick them when they're down", "shoot her a text"
_NOT_HARM = (
    r"(?!self|selves|(?: all)? out\b| off\b| up\b| into shape| back\b| to the curb| when \S+ down|"
    r" an? (?:text|message|email|e-mail|note|line|dm|pm|call|look|glance|smile)\b)"
)
_PATTERNS: tuple[tuple[re.Pattern[str], float, float], ...] = (
    # (pattern, score with a target, score without one); group "target" marks the target when present
    (re.compile(
        rf"\b(?:i|we|i'll|we'll|ill|imma|ima)(?:'ll| ?will| ?shall|'m going to|'m gonna| am going to|"
        rf" am gonna|"
        rf"'re going to| are going to| gonna| want to| wanna| would love to| would like to| will gladly| "
        rf"should| could| might| swear i'll| promise i'll|)?(?: \w+){{0,2}} {_ACTS}(?:s|ed|ing)?"
        rf"(?: (?P<target>{_TARGET}))?"
    ), 0.93, 0.55),
    (re.compile(
        rf"\b(?:i|we|i'll|we'll|ill|imma|ima)(?:'ll| ?will| ?shall|'m going to|'m gonna| am going to|"
        rf" am gonna|'re going to| are going to| gonna| want to| wanna| would love to| swear i'll|"
        rf" promise i'll|)?(?: \w+){{0,2}} {_PERSONAL_ACTS}(?:s|ed|ing)? (?P<target>{_PERSON})\b"
    ), 0.88, 0.88),
    (re.compile(
        # people as such, with an appeal (not a prediction: "people will die if this bill passes"): "old
        # people should just die already", "boomers need to die"
        r"\b(?:people|folks|boomers|millennials|liberals|libs|conservatives|democrats|republicans|leftists|"
        r"lefties|trumpers|cops|politicians|men|women)(?: all)? (?:should|deserve to|need to|ought to|must) "
        r"(?:just |all |simply |all just )?(?:die|drop dead|be killed|be shot|be hanged|be hung|be executed|"
        r"be gassed|be put down)\b(?! with dignity| peacefully| in peace| at home| of old age| naturally)|"
        r"\b(?:you|u|he|she|they)(?: all)? (?:should|deserves? to|need to|ought to|will|are going to|"
        r"gonna|must) (?:\w+ )?(?:die|be killed|be shot|be hanged|be hung|be executed|be beaten|hang|burn|"
        r"rot|suffer|be raped|be gassed|be put down|get shot|get stabbed|get killed|get what's coming)"
    ), 0.9, 0.9),
    (re.compile(
        r"\b(?:hope|wish|pray|praying|hoping) (?:that )?(?:you|u|he|she|they|your \w+|his \w+|her \w+|"
        r"someone|somebody)(?: all)? (?:\w+ )?(?:die|dies|get killed|gets killed|get shot|gets shot|burn|"
        r"burns|rot|rots|suffer|suffers|get cancer|gets cancer|choke|chokes|drown|drowns|get raped|"
        r"gets raped|get hit by a \w+|gets hit by a \w+|get what \w+ deserves?|"
        r"(?:runs?|ran) (?:you|u|him|her|them) over\b|"
        r"(?:shoots?|kills?|stabs?|rapes?|murders?|strangles?|chokes?) (?:you|u|him|her|them)\b"
        r"(?! an? (?:text|message|email|e-mail|note|line|dm|pm|call|look|glance|smile)\b))"
    ), 0.9, 0.9),
    (_SELF_HARM := re.compile(
        r"\b(?:kill yourself|kill urself|kys|go die|drop dead|neck yourself|hang yourself|end yourself|"
        r"end your life|go jump off a \w+|unalive yourself|die in a fire|slit your wrists|"
        # self-harm urged in other words: "drink bleach", "nobody would miss you if you died"
        r"(?:go |just |please )?drink (?:some )?bleach|"
        r"(?:the )?world (?:would|will) be (?:a )?better (?:place )?without (?:you|u))\b"
    ), 0.92, 0.92),
    (re.compile(
        rf"\b(?:someone|somebody|people|we|they|y'all|you all|everyone) (?:should|needs? to|must|ought to|"
        rf"has to|have to|oughta) (?:just )?{_ACTS} (?P<target>{_TARGET})"
    ), 0.9, 0.6),
    (re.compile(
        rf"\b(?:let's|lets|time to|go) {_ACTS} (?P<target>{_TARGET})"
    ), 0.88, 0.55),
    (re.compile(
        r"\bi know where (?:you|u|he|she|they|your \w+) (?:live|lives|work|works|sleep|sleeps)\b|"
        r"\b(?:find|found|finding|track down|tracking down|look up|looking up) (?:out )?where "
        r"(?:you|u|he|she|they|your \w+) (?:live|lives|work|works|sleep|sleeps)\b|"
        r"\b(?:watch|better watch) your back\b|\bsleep with one eye open\b|"
        r"\b(?:you|u)(?:'re| are| r) (?:so |a )?dead(?: meat| man)?\b(?! to me)|"
        r"\byour days are numbered\b|\bi(?:'ll| will) make (?:you|u) (?:pay|regret|suffer)\b|"
        r"\bcoming for (?:you|u|your \w+)\b|\bput (?:you|u|him|her|them) in the ground\b|"
        r"\b(?:you|u)(?:'ll| will) (?:regret|pay for) (?:this|that|it)\b|"
        # veiled threats: "you'll get what's coming to you", "a lesson he won't forget", "it would be a
        # shame if something happened to your kids"
        r"\bwhat(?:'s| is) coming to (?:you|u)\b|"
        r"\bteach (?:you|u|him|her|them) a lesson (?:(?:you|he|she|they)(?:'ll| will)? )?"
        r"(?:won't|wont|will not|will never|never) forget\b|"
        r"\b(?:be a|be such a) (?:shame|pity) if (?:something|anything) (?:were to )?happen(?:ed|s)? to "
        r"(?:you|u|him|her|them|your \w+|his \w+|her \w+|their \w+)\b"
    ), 0.85, 0.85),
    (_DESERVED := re.compile(
        r"\b(?:deserved|deserves|deserve) to (?:die|be shot|be killed|be hanged|be raped|be beaten)\b|"
        r"\b(?:glad|good|happy|great) (?:that )?(?:he|she|they|those \w+|the \w+) (?:died|got shot|"
        r"got killed|"
        r"were killed|was killed|got what they deserved)\b|"
        r"\b(?:hang|shoot|lynch|gas|exterminate|kill|behead) (?:them|all of them|every one of them)\b|"
        r"\bshould be (?:shot|hanged|hung|executed|lynched|gassed|exterminated|put down) on sight\b"
    ), 0.85, 0.85),
    # an intent or appeal to harm a person: "I'd love to slap her", "someone should punch him", "I want
    # to shove ... ", "let's beat the hell out of them"
    (re.compile(
        rf"\b(?:should|shoulda|ought to|needs? to|i'd|id|i would|i want to|i wanna|i'd love to|i'd like to|"
        rf"i'll|i will|i'm gonna|im gonna|i am gonna|i'm going to|im going to|i am going to|let's|lets|"
        rf"we should|we need to|someone should|somebody should|someone needs to|somebody needs to)"
        rf"(?: \w+){{0,2}}? {_HARM} (?:the (?:\w+ )?out of )?(?P<target>{_VICTIM})\b{_NOT_HARM}"
    ), 0.8, 0.8),
    # an imperative at the start of a sentence: "Hang her publicly.", "Punch him in the face"
    (re.compile(
        rf"(?:^|[.!?\n]\s*)(?:(?:just|fucking|go|now|then) )?{_HARM} (?P<target>{_VICTIM})\b{_NOT_HARM}"
    ), 0.8, 0.8),
    # harm to a part of someone's body: "I'll break your legs", "I will rip your head off"
    (re.compile(
        r"\b(?:i'll|i will|ill|i'm gonna|im gonna|i am gonna|i'm going to|im going to|i am going to|i'd|"
        r"i would|we'll|we will|someone should|somebody should|someone needs to|somebody needs to)"
        r"(?: \w+){0,2}? (?:break|smash|snap|rip|cut|bash|kick|punch|slit|cave|knock|blow|beat|tear|gouge|"
        r"crack|split|stomp|bust) (?:in |off |out )?(?P<target>(?:your|his|her|their|ur|yo) (?:\w+ )?"
        r"(?:legs?|arms?|necks?|heads?|face|faces|skulls?|jaw|teeth|throats?|nose|knees?|kneecaps?|ribs|"
        r"spine|bones|fingers?|brains?|balls|guts|eyes?|lips?))\b"
    ), 0.85, 0.85),
    # intimidation: "wait until I catch you alone", "keep talking and see what happens", "I want to see
    # them all dead", "you will never walk again", "death to all ..." (one pattern each, so that each has
    # a gate of rare words: "see", "get" or "again" alone would run them on most comments)
    (re.compile(
        r"\b(?:wait|wait till|wait until|wait til|just wait|when|once|if) (?:until |till |til )?i "
        r"(?:catch|get|find|see) (?P<target>you|u|him|her|them) (?:alone|outside|in person|on the street|"
        r"after school|in a dark alley|in an alley)\b"
    ), 0.8, 0.8),
    (re.compile(
        r"\b(?:keep (?:\w+ing|it up|that up)|try me|do (?:it|that) again|say (?:it|that) again|"
        r"come (?:here|over here|at me)) and see what happens\b"
    ), 0.8, 0.8),
    (re.compile(
        r"\b(?:want|wanna|like|love|hope|wish|can't wait|cant wait) to see (?P<target>you|u|him|her|them|"
        r"all (?:the |of the |of )?\w+|every \w+|these \w+|those \w+)(?: all)? (?:dead|die|hang|hanged|burn|"
        r"shot|killed|executed|beaten|bleed|suffer)\b"
    ), 0.8, 0.8),
    (re.compile(
        r"\b(?:you|u|he|she|they)(?:'ll| will) never (?:walk|talk|breathe|wake up) again\b|"
        r"\bmake sure (?:you|u|he|she|they) (?:never|can't|cant|won't|wont) (?:walk|talk|breathe) again\b"
    ), 0.8, 0.8),
    (re.compile(r"\bdeath to (?:all|every|them|you|those|these)\b"), 0.8, 0.8),
    # "somebody should take that bitch out": an appeal to kill, not a date ("take her out to dinner")
    (re.compile(
        r"\b(?:someone|somebody|we|i'll|i will|i'm gonna|im gonna|gonna|should|needs? to|has to|have to) "
        r"(?:\w+ )?take (?P<target>him|her|them|(?:that|this|these|those) \w+) out\b"
        r"(?! (?:to|for|on|of|with|and|tonight|later|sometime|again|first)\b)(?!-)"
    ), 0.7, 0.7),
    # harm wished on someone in the passive: "they should be flogged", "he should be hung by his balls"
    # and killed outright: "the police should be shot", "doctors who do abortions should be killed" (not
    # "should get a shot", "should be shot down", "should be put down for a nap")
    (re.compile(
        rf"\b(?:should|must|ought to|needs? to|deserves? to|oughta) (?:all )?(?:be|get) "
        rf"(?:(?!(?:a|an|the|my|your|his|her|their|our|flu|booster)\b)\w+ )?"
        rf"(?:{_HARMED}|{_KILLED}(?! down| up| at| for| in the (?:arm|foot)))"
    ), 0.7, 0.7),
    # veiled threats: "you'd better pray we never meet", "I know what car you drive", "I'm coming to your
    # house tonight", "your kids will pay for what you wrote", "next time I see you, you're done", "get
    # ready to meet your maker" (one pattern per form, each gated by two word sets: `_GATES`)
    (re.compile(
        r"\b(?:you'?d|you had|u'?d) better (?:pray (?:we|i|you) never meet|hope (?:we|i|you) never meet|"
        r"watch your back|sleep with one eye)"
    ), 0.85, 0.85),
    (re.compile(
        r"\b(?:i|we) know (?:what car (?:you|u) drive|where (?:your|ur) (?:kids|children|family|wife|husband|"
        r"daughter|son)s? (?:go|goes|live|lives|are|is|work|works|sleep|sleeps)|"
        r"(?:your|ur) (?:address|license plate|licence plate))\b"
    ), 0.85, 0.85),
    (re.compile(
        r"\b(?:i'?m|i am|we'?re|we are|i'?ll|i will|we'?ll|we will) (?:be )?(?:coming|show(?:ing)? up|"
        r"turn(?:ing)? up|pay(?:ing)? (?:you )?a visit) (?:to|at) (?:your|ur) (?:house|home|door|doorstep|"
        r"place|work|office|school)\b"
        r"(?! (?:for|to) (?:dinner|lunch|the|a|christmas|breakfast|drinks|tea|coffee|a drink|a visit)\b)|"
        r"\bsee how (?:brave|tough|big|smart|funny|hard|clever) (?:you|u) are when\b"
    ), 0.85, 0.85),
    (re.compile(
        r"\b(?:your|ur) (?:kids|children|family|wife|husband|daughter|son|mother|mom|loved ones) (?:will|are "
        r"going to|gonna) (?:pay|suffer|regret)\b|"
        r"\bnext time (?:i|we) see (?:you|u),? (?:you'?re|you are|ur|you will|you'?ll|i'?ll|i will|we'?ll) "
        r"(?:done|dead|finished|regret|pay|get|be sorry)\b|"
        r"\b(?:get ready|prepare|time|ready) to meet (?:your|ur) maker\b|"
        # "your family isn't safe", "I have a gun and I know how to use it"
        r"\b(?:your|ur) (?:kids|children|family|wife|husband|daughter|son|mother|mom|loved ones) (?:isn'?t|"
        r"aren'?t|is not|are not|won'?t be|will not be) (?:safe|going to be safe)\b"
        r"(?! (?:in|at|on|from|with|if|because|when|near|around|there|here|until|while)\b)|"
        r"\b(?:i|we) (?:have|own|got|carry) (?:a |my |our )?(?:gun|guns|rifle|knife|shotgun|pistol) and "
        r"(?:i|we) know how to use (?:it|them)\b"
    ), 0.85, 0.85),
    # a threat worded with a negation: "don't make me kill you", "I don't want to hurt you, but I will"
    (re.compile(
        r"\b(?:don'?t|do not) make me (?:come over there and )?(?:kill|hurt|shoot|stab|beat|punch|smash|"
        r"strangle|choke|slap|end) (?:you|u|him|her|them)\b|"
        r"\b(?:kill|hurt|shoot|stab|beat|punch|harm)\w* (?:you|u)\b[^.!?\n]{0,20}\b(?:but|and) "
        r"(?:i|we)(?:'ll| will) if\b"
    ), 0.85, 0.85),
)
# Per pattern, word sets that a match must each touch (see `_text.gate_words`; words matched with no
# letter on either side), or None where an act may run on into a longer word ("kill" in "killers"): those
# patterns need one of `_ACT_STEMS` anywhere in the comment instead.
_ACT_STEMS = tuple(sorted(gate_words(_ACTS)))
# An act aimed at a person: its first word is whole, a one-word act perhaps inflected ("hurts you").
_PERSONAL_FIRST_WORDS = frozenset(
    {expansion.split(" ")[0] for expansion in expansions(_PERSONAL_ACTS)}
    | {act + suffix for act in expansions(_PERSONAL_ACTS) if " " not in act for suffix in ("s", "ed", "ing")}
)
_GATES: tuple[tuple[frozenset[str] | None, ...], ...] = (
    (None,),
    (_PERSONAL_FIRST_WORDS,),  # not the person: "@\w+" has no word
    (
        frozenset({"you", "u", "he", "she", "they", "people", "folks", "boomers", "millennials", "liberals",
                   "libs", "conservatives", "democrats", "republicans", "leftists", "lefties", "trumpers",
                   "cops", "politicians", "men", "women"}),
        gate_words("(?:should|deserves? to|need to|ought to|will|are going to|gonna|must)"),
    ),
    (frozenset({"hope", "wish", "pray", "praying", "hoping"}),),
    (frozenset({"yourself", "urself", "kys", "die", "dead", "life", "jump", "fire", "wrists", "bleach",
                "world"}),),
    (gate_words("(?:should|needs? to|must|ought to|has to|have to|oughta)"), None),
    (frozenset({"let", "lets", "time", "go"}), None),
    (
        frozenset(
            {"where", "back", "sleep", "dead", "numbered", "make", "coming", "ground", "regret", "pay",
             "lesson", "shame", "pity"}
        ),
    ),
    (
        frozenset({"deserved", "deserves", "deserve", "glad", "good", "happy", "great", "sight"})
        | gate_words("(?:hang|shoot|lynch|gas|exterminate|kill|behead)"),
    ),
    (gate_words(_HARM),),
    (gate_words(_HARM),),
    (
        gate_words(
            "(?:break|smash|snap|rip|cut|bash|kick|punch|slit|cave|knock|blow|beat|tear|gouge|crack|split|"
            "stomp|bust)"
        ),
        gate_words(
            "(?:legs?|arms?|necks?|heads?|face|faces|skulls?|jaw|teeth|throats?|nose|knees?|kneecaps?|ribs|"
            "spine|bones|fingers?|brains?|balls|guts|eyes?|lips?)"
        ),
    ),
    (frozenset({"alone", "outside", "person", "street", "school", "alley"}),),
    (frozenset({"happens"}),),
    (frozenset({"dead", "die", "hang", "hanged", "burn", "shot", "killed", "executed", "beaten", "bleed",
                "suffer"}),),
    (frozenset({"walk", "talk", "breathe", "wake"}),),
    (frozenset({"death"}),),
    (frozenset({"take"}), frozenset({"out"})),
    (
        gate_words(_HARMED) | {"shot", "killed", "murdered", "exterminated", "slaughtered", "put"},
        frozenset({"should", "must", "ought", "need", "needs", "deserve", "deserves", "oughta"}),
    ),
    (frozenset({"better"}), frozenset({"meet", "back", "eye"})),
    (frozenset({"know"}), frozenset({"drive", "address", "plate", "kids", "children", "family", "wife",
                                     "husband", "daughter", "son", "daughters", "sons"})),
    (frozenset({"coming", "show", "showing", "turn", "turning", "visit", "see"}),
     frozenset({"house", "home", "door", "doorstep", "place", "work", "office", "school", "brave", "tough",
                "big", "smart", "funny", "hard", "clever"})),
    (frozenset({"pay", "suffer", "regret", "next", "maker", "safe", "use"}),
     frozenset({"kids", "children", "family", "wife", "husband", "daughter", "son", "mother", "mom", "loved",
                "see", "maker", "gun", "guns", "rifle", "knife", "shotgun", "pistol"})),
    (frozenset({"make", "if"}), frozenset({"me", "will", "ll"})),
)
assert len(_GATES) == len(_PATTERNS)
_NEGATED = re.compile(NEGATION.pattern + r"|\bwould never\b|\bnever\b")
# a negative subject just before the match: "no woman deserves to die", "nobody should be shot"
_DENIED_SUBJECT = re.compile(r"\b(?:no|nobody|no one|noone|none of (?:us|them|you))(?: \w+){0,2} $")
# a negation that is part of the threat ("a lesson he won't forget"), not a denial of it
_THREATENING_NEGATION = re.compile(
    r"(?:pray|hope) (?:we|i|you) never meet|"
    r"(?:won't|wont|will not|will never|never) forget|(?:never|can't|cant|won't|wont) (?:walk|see|talk|"
    r"breathe|wake up) again|(?:isn'?t|aren'?t|is not|are not|won'?t be|will not be) (?:going to be )?safe|"
    r"(?:don'?t|do not) make me|(?:don'?t|do not) want to (?=(?:kill|hurt|shoot|stab|beat|punch|harm)\w* "
    r"(?:you|u)\b[^.!?\n]{0,20}\b(?:but|and) (?:i|we)(?:'ll| will) if\b)"
)


class ThreatDetector:
    """Rule-based violence detector (see the module docstring)."""

    name = "violence_rules"
    categories = frozenset({Category.VIOLENCE})
    time_budget_ms = 100.0
    context_aware = True

    @classmethod
    def from_options(cls, options: Mapping[str, Any]) -> ThreatDetector:
        return cls()

    def detect(self, text: NormalizedText) -> DetectorOutput:
        normalized = text.text
        best = 0.0
        spans: list[EvidenceSpan] = []
        facts = None
        words = words_of(normalized)
        acts: bool | None = None
        for (pattern, with_target, without_target), gates in zip(_PATTERNS, _GATES, strict=True):
            if not all(passes(gate, words) for gate in gates if gate is not None):
                continue
            if None in gates:
                if acts is None:
                    acts = any(stem in normalized for stem in _ACT_STEMS)
                if not acts:
                    continue
            for match in pattern.finditer(normalized):
                if facts is None:
                    facts = analyze(text)
                start, end = match.span()
                if (
                    facts.is_violence_idiom(start, end)
                    or _NEGATED.search(_THREATENING_NEGATION.sub(" ", match.group()))
                    or _DENIED_SUBJECT.search(normalized, max(0, start - 40), start)
                    # urged self-harm turned round: "please don't kill yourself", "don't drink bleach"
                    or ((pattern is _SELF_HARM or pattern is _DESERVED) and negated_before(normalized, start))
                ):
                    continue
                target = match.groupdict().get("target")
                value = with_target if target else without_target
                if facts.is_quoted_or_mentioned(start, end) or facts.counter_speech:
                    value *= 0.3
                best = max(best, value)
                if value >= EVIDENCE_FLOOR:
                    spans.append(span(text, start, end, Category.VIOLENCE))
        return DetectorOutput(scores={Category.VIOLENCE: best}, spans=spans)
