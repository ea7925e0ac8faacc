"""Hate rules: dehumanisation, generalisation, exclusion and hatred aimed at protected groups.

These catch hate without slurs ("Muslims are vermin", "they are parasites", "all immigrants are
criminals", "Jews should be deported", "I hate gays") which a lexicon cannot. Mentioning a group is never
enough ("as a gay Muslim woman I disagree"): a pattern needs a group AND an attack. Negation ("I don't
hate Jews"), quotation and counter-speech ("saying 'all Muslims are terrorists' is bigoted") cancel it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from civility.moderation.categories import Category
from civility.moderation.context import analyze
from civility.moderation.detector import DetectorOutput, EvidenceSpan, NormalizedText
from civility.moderation.detectors._text import (
    EVIDENCE_FLOOR,
    expansions,
    gate_words,
    negated_before,
    span,
    words_of,
)
from civility.moderation.segment import is_known_word
from civility.moderation.vocabulary import WILDLIFE_WORDS

GROUPS = (
    r"(?:muslims?|islamists?|jews|jewish people|blacks|black people|black men|black women|african americans|"
    r"africans|gays|gay people|gay men|lesbians|homosexuals|queers|trans people|transgenders?|trannies|"
    r"transgender people|bisexuals|immigrants|migrants|refugees|asylum seekers|illegals|mexicans|latinos|"
    r"illegal aliens|illegal immigrants|undocumented immigrants|"
    r"hispanics|asians|chinese people|the chinese|chinese|arabs|middle easterners|indians|pakistanis|"
    r"hindus|sikhs|christians|catholics|atheists|women|females|girls|feminists|gypsies|roma|natives|"
    r"native americans|disabled people|the disabled|retards|autistic people|whites|white people|"
    r"foreigners|these people|those people|their kind|his kind|her kind|your kind|that race|this race|"
    # the n-word as a name for Black people: the lexicon scores its "-a" spellings as profanity
    # (`lexicon.VERNACULAR_SLURS`), so an attack on "niggas" must be found here
    r"niggers|niggas|niggaz|niggahs|nigguhs)"
)
_THEY = r"(?:they|them|these people|those people)"
_DEHUMANISING = (
    r"(?:vermin|animals|rats|cockroaches|roaches|parasites|subhuman|sub-human|savages|a disease|a plague|"
    r"a cancer|filth|scum|trash|garbage|pigs|dogs|apes|monkeys|insects|leeches|a virus|an infestation|"
    r"invaders|not human|less than human|barely human|inferior|an inferior race|a lower race|"
    r"mentally ill|an abomination|abominations|degenerates|perverts|groomers|pedophiles|rapists|"
    r"terrorists|criminals|thieves|animals|beasts|breeding like rabbits|property|possessions|"
    r"(?:genetically |biologically |naturally |inherently )?less (?:intelligent|evolved|civili[sz]ed|human))"
)
_NEGATIVE_TRAITS = (
    r"(?:stupid|dumb|idiots|morons|incompetent|primitive|backward|savages?|filthy|untrustworthy|dishonest|"
    r"not to be trusted|can'?t be trusted|too emotional|"
    r"lazy|dirty|greedy|violent|evil|disgusting|dangerous|worthless|useless|inferior|criminals|hypocrites|"
    r"terrorists|thieves|liars|rapists|all the same|a threat|the problem|the enemy|ruining (?:this|our|the) "
    r"\w+|destroying (?:this|our|the) \w+|taking over|replacing us|not welcome|a burden|parasites|"
    # a group ranked at the bottom: "women are the dumbest people on earth", "Muslims are lower than dirt",
    # "immigrants are not worth anything" (a negation that is the attack: `_NEGATIVE_ATTACK`)
    r"the (?:dumbest|stupidest|worst|ugliest|laziest|dirtiest|lowest|most (?:disgusting|pathetic|useless|"
    r"worthless|stupid|evil|violent|dangerous|repulsive|vile))|lower than (?:dirt|scum|animals|rats|pigs|"
    r"dogs|vermin|trash|garbage|insects|worms)|not worth (?:anything|shit|a thing|saving|respecting|the air "
    r"they breathe)|worth nothing|a waste of (?:space|oxygen|air|skin)|repulsive|vile|pathetic)"
)
# what a group is or believes, as a thing that can be condemned
_CONDEMNED = (
    r"(?:homosexuality|being gay|being lesbian|being bisexual|being queer|being homosexual|gay marriage|"
    r"same-sex marriage|same sex marriage|transgenderism|being trans|being transgender|islam|judaism)"
    r"(?: itself)?"
)
# up to two words between "are" and the trait: "women are too stupid", "they are all so lazy"
_ANIMAL_NAMES = re.compile(
    r"\b(?:black|brown|african|negro) (?:apes?|monkeys?|baboons?|gorillas?|chimps?|chimpanzees?|savages|"
    r"beasts)\b|"
    r"\b(?:ethnic|racial|foreign|immigrant|migrant|muslim|islamic|jewish|black|arab|african|asian|mexican|"
    r"gypsy|third world) (?:scum|filth|vermin|parasites|savages|cockroaches|rats|animals)\b"
)
_GROUP_INSULTS = (
    r"(?:stupid|dumb|dimwit(?:ted)?|lazy|filthy|dirty|ugly|greedy|worthless|useless|disgusting|vile|subhuman|"
    r"inferior|retarded|brainless|ignorant|smelly|stinking|stinky|savage|primitive|nasty|evil|sneaky|"
    r"thieving|lying)"
)
_INTENSIFIERS = (
    r"(?:(?:all|always|so|just|too|really|very|naturally|inherently|genetically|simply|mostly|generally|"
    r"basically|such) ){0,2}"
)
_PATTERNS: tuple[tuple[re.Pattern[str], float], ...] = (
    (re.compile(rf"\b{GROUPS} (?:are|r|is|were)(?: all| just| nothing but| no better than| like| basically)?"
                rf"(?: \w+)? {_DEHUMANISING}\b"), 0.9),
    (re.compile(rf"\b{_THEY}(?:'re| are| r)(?: all| just| nothing but| no better than| like| basically)?"
                rf" {_DEHUMANISING}\b"), 0.75),
    (re.compile(rf"\ball {GROUPS} (?:are|r|should|must) (?:\w+ )?{_NEGATIVE_TRAITS}\b"), 0.88),
    (re.compile(rf"\b{GROUPS} (?:are|r) {_INTENSIFIERS}{_NEGATIVE_TRAITS}\b"), 0.78),
    (re.compile(rf"\b{GROUPS} (?:should|must|need to|ought to|have to|deserve to) (?:all )?(?:be )?"
                r"(?:deported|expelled|banned|removed|exterminated|gassed|killed|shot|sterili[sz]ed|"
                r"locked up|wiped out|eradicated|purged|go back|leave (?:this|our) country|get out|"
                r"not be allowed|die|burn|hang)\b"), 0.9),
    # "i ?": a spaced-out "I h a t e" is joined with the pronoun by normalisation
    (re.compile(rf"\bi ?(?:hate|despise|can't stand|cannot stand|loathe) (?:all |the )?{GROUPS}\b"), 0.88),
    (re.compile(r"\bgo back to (?:your|their|ur) (?:own )?(?:country|countries|continent|jungle|desert|"
                r"cave|hut|shithole)\b|\bgo back where (?:you|they) came from\b"), 0.85),
    (re.compile(rf"\b(?:kill|gas|exterminate|deport|hang|lynch|shoot|nuke|eradicate|wipe out|get rid of) "
                rf"(?:all (?:of )?"
                rf"(?:the |these |those )?|the |these |those |every )?{GROUPS}\b"), 0.92),
    # conspiracy tropes: a group said to secretly run institutions ("Jews control the banks and the media")
    (re.compile(rf"\b(?:the )?{GROUPS} (?:secretly |really |basically )?"
                r"(?:control|controls|run|runs|own|owns|rule|rules|are behind|pull the strings of) "
                r"(?:the |all the |our |this )?(?:banks?|media|world|government|governments|money|finance|"
                r"hollywood|press|politicians|elections?)\b"),
     0.8),
    # crime pinned on a group: "blacks commit most of the crime", "immigrants are responsible for the rapes"
    # ("blacks commit more crime", "immigrants cause so much of the violence")
    (re.compile(rf"\b{GROUPS} (?:commit|commits|cause|are responsible for|do) (?:(?:most|all|almost all|"
                r"the majority|half|\d+ ?%) of (?:the |all )?|(?:more|the most|all the|so much|so many|"
                r"way more|far more|a lot more|most) (?:of the )?)(?:crimes?|violence|rapes?|murders?|"
                r"shootings?|stabbings?|robberies)\b"), 0.78),
    # what a group is or does, condemned as such: "homosexuality is an abomination", "islam is a cancer"
    (re.compile(rf"\b{_CONDEMNED} is (?:(?:a choice|wrong|a lifestyle choice) and )?(?:an abomination|a sin|"
                r"a disease|a mental illness|a cancer|"
                r"a plague|a death cult|a cult(?: of death)?|not a religion(?: of peace)?|unnatural|"
                r"disgusting|evil|perverted|sick)\b"), 0.78),
    # white-supremacist codes: "despite being 13%", "white genocide is happening", "the great replacement
    # is real", "Jews will not replace us". Corroboration for the stacked fusion, not a flag of their own:
    # the sources label only about half of their uses hate (13 of 24). The antisemitic echo "(((them)))"
    # is left out: they label 19 of 105 uses hate.
    (re.compile(r"\bdespite being 13\b|\b13 ?% of the population,? "
                r"(?:they|blacks|black people) (?:commit|do|are responsible for)|\bwhite genocide (?:is|has)|"
                r"\bgreat replacement is (?:real|happening|true|coming|here)|\b(?:jews|you) will not replace "
                r"us\b"), 0.55),
    # a group kept away from others or its lives said not to matter: "gay people shouldn't be allowed near
    # children", "keep those Asians out of our neighbourhood", "black lives don't matter"
    (re.compile(rf"\b{GROUPS} (?:should(?:n't| not| never)|must(?:n't| not| never)|can't|cannot) be allowed "
                r"(?:to|near|in|around|into|anywhere)\b"), 0.85),
    (re.compile(rf"\bkeep (?:all )?(?:the |those |these |them |all the )?{GROUPS} (?:out|away)\b"), 0.8),
    (re.compile(r"\b(?:black|white|gay|trans|muslim|jewish|asian|brown|immigrant|native) lives "
                r"(?:don't|do not|dont|doesn't|never) matter\b"), 0.85),
    # discrimination called for: "no self-respecting business should hire a woman", "never rent to a Muslim"
    (re.compile(
        r"\b(?:no|never|nobody|no one)(?: [\w'-]+){0,3} "
        r"(?:hire|hires|employ|employs|rent to|sell to|serve|promote|trust|vote for|marry|let in) "
        r"(?:a |an |any |another )?(?:woman|female|black|black man|black woman|muslim|jew|jewish person|gay|"
        r"gay man|lesbian|trans person|transgender|immigrant|mexican|asian|arab|indian|pakistani|gypsy|"
        r"disabled person|foreigner)s?\b(?! (?:just|simply|only|merely) because)"
    ), 0.8),
    # a group kept in its "place": "women belong in the kitchen", "a woman's place is in the home"
    (re.compile(rf"\b{GROUPS} (?:belong|should stay|should be kept|ought to stay|need to stay) in the "
                r"(?:kitchen|home)\b|\ba woman'?s place is in the (?:kitchen|home)\b"), 0.85),
    # ... or in a cage: "Muslims belong in a zoo", "trans people belong in mental hospitals"
    (re.compile(rf"\b{GROUPS} (?:all )?belong (?:in|behind) (?:a |the )?(?:zoos?|cages?|camps?|concentration "
                r"camps?|gas chambers?|ovens?|jail|prison|bars|gutter|trash|sewers?|dumpsters?|mental "
                r"(?:hospitals?|asylums?|institutions?)|asylums?)\b"), 0.85),
    # a group denied equality or respect: "women will never be equal to us", "I don't respect Muslims"
    (re.compile(rf"\b{GROUPS} (?:will|can) never be (?:equal|our equals|as good as us|as smart as us|"
                r"human|one of us|real (?:women|men|people))\b"), 0.8),
    (re.compile(rf"\bi (?:don't|do not|dont|will never|won't|can't|cannot|refuse to) (?:respect|trust|"
                rf"tolerate|accept) (?:any |the |these |those )?{GROUPS}\b"), 0.8),
    # a people named by an adjective and called animals or vermin: "black apes", "ethnic scum", "Islamic
    # parasites" (no group noun, so the patterns above miss them); not among wildlife words (`WILDLIFE_WORDS`)
    (_ANIMAL_NAMES, 0.88),
    # a group named with an insult before it: "stupid women", "filthy Muslims", "dimwit women" (not the
    # in-group "-a" spellings, which the lexicon reads as vernacular, nor "girls": "ugly girls can fight")
    (re.compile(rf"\b{_GROUP_INSULTS} (?!niggas|niggaz|niggahs|nigguhs|girls\b|these |those |their |his |"
                rf"her |your ){GROUPS}\b"), 0.8),
    # sexist and other stereotypes of incapacity or worth: "women can't drive", "girls are bad at math",
    # "females are only good for cooking", "women don't deserve the right to vote", "a woman's opinion is
    # worth nothing", "she only got the job because she's a woman", "trans women are just men in dresses"
    (re.compile(rf"\b{GROUPS} (?:can't|cannot|can not|are unable to) (?:\w+ )?(?:drive|think|lead|reason|do "
                r"maths?|be trusted|handle (?:power|money|responsibility)|control themselves)\b"), 0.85),
    (re.compile(rf"\b{GROUPS} are (?:just |naturally |all )?bad at (?:maths?|science|driving|leading|"
                r"leadership|logic|thinking)\b"), 0.85),
    (re.compile(rf"\b{GROUPS} (?:are )?only good for\b"), 0.85),
    (re.compile(rf"\b{GROUPS} (?:don't|do not|dont|shouldn't|should not) (?:deserve|have|get) (?:the )?"
                r"(?:right to|rights|vote|to vote|equal|equality|respect)\b"), 0.85),
    (re.compile(r"\ban? (?:woman|female|black|muslim|jew|immigrant|gay|trans)(?:'s)? (?:opinion|vote|word|"
                r"life|voice) (?:is worth nothing|is worthless|means nothing|doesn't matter|does not matter|"
                r"counts for nothing)\b"), 0.8),
    (re.compile(r"\bonly got (?:the|her|his|that|this) (?:job|position|role|promotion|seat|place|award) "
                r"because (?:she'?s|she is|he'?s|he is|they'?re|they are) (?:a |an )?(?:woman|female|black|"
                r"muslim|gay|trans|minority|immigrant|girl)\b"), 0.8),
    (re.compile(r"\btrans (?:women|woman) (?:are|is) (?:just |only |really |still |nothing but )?"
                r"(?:men|a man|males?|dudes|guys)\b|\btrans (?:men|man) (?:are|is) (?:just |only |really |"
                r"still |nothing but )?(?:women|a woman|females?|girls)\b"), 0.8),
    (re.compile(r"\bmake me a sandwich\b|\b(?:get|go) back (?:in|to|into) the kitchen\b"), 0.8),
    # a group called children to be kept under control, or after money only: "women are basically children
    # who need to be controlled", "women only want money"
    (re.compile(rf"\b(?!these |those ){GROUPS} are (?:basically |just |like |no better than |nothing but |"
                r"mere |all just )(?:children|kids|toddlers|babies)\b|"
                rf"\b(?!these |those ){GROUPS} are (?:children|kids) in (?:grown[- ]?ups?'? |adult )"
                r"bodies\b"),
     0.8),
    (re.compile(rf"\b{GROUPS}(?: \w+){{0,4}} (?:need|needs) to be (?:controlled|kept in line|put in (?:their|"
                r"its) place|tamed|disciplined|kept on a leash|kept in check)\b"), 0.8),
    (re.compile(rf"\b{GROUPS} (?:only|just) (?:want|care about|love) (?:your |our |men's )?(?:money|"
                r"attention|cash|welfare|handouts|benefits)\b"), 0.75),
    # the conspiracy trope as an adjective: "the jew run media", "jewish-controlled banks"
    (re.compile(r"\bjew(?:ish)?[- ]?(?:run|controlled|owned|dominated) (?:media|banks?|press|hollywood|"
                r"government|news|system)\b"), 0.8),
    # a group shunned: "I would rather die than live next to immigrants"
    (re.compile(rf"\b(?:rather die than|would never|refuse to) (?:live|work|sit|eat|sleep|be) (?:next to|"
                rf"near|with|around|among) (?:any |the |these |those )?{GROUPS}\b"), 0.8),
    # a group kept from children as a danger to them: "gays shouldn't be around children"
    (re.compile(rf"\b{GROUPS} (?:shouldn't|should not|should never|must not|mustn't|can't|cannot) be "
                r"(?:allowed )?(?:around|near|with|alone with|left alone with) (?:children|kids|our kids|"
                r"our children|minors)\b"), 0.8),
    # a group said to take what is "ours": "immigrants are stealing our jobs", "they're taking our women"
    (re.compile(rf"\b{GROUPS} (?:are |keep |just |all )?(?:stealing|taking|steal|take|took|stole) (?:all )?"
                r"(?:our|all our|your) (?:jobs|women|country|benefits|homes|houses|land|welfare|money)\b"),
     0.75),
)
_GROUP_WORDS = gate_words(GROUPS)
# Per pattern, word sets that a match must each touch (see `_text.gate_words`): the group and the attack
# are matched with no letter on either side, so each is a whole word of the comment.
_GATES: tuple[tuple[frozenset[str], ...], ...] = (
    (_GROUP_WORDS, gate_words(_DEHUMANISING)),
    (gate_words(_THEY), gate_words(_DEHUMANISING)),
    (frozenset({"all"}), _GROUP_WORDS, gate_words(_NEGATIVE_TRAITS)),
    (_GROUP_WORDS, gate_words(_NEGATIVE_TRAITS)),
    (_GROUP_WORDS, gate_words("(?:should|must|need to|ought to|have to|deserve to)")),
    # the verb may be joined with "i": "ihate" (a spaced-out "i h a t e")
    (_GROUP_WORDS, frozenset({"hate", "despise", "stand", "loathe", "ihate", "idespise", "iloathe"})),
    (frozenset({"back"}),),
    (
        _GROUP_WORDS,
        gate_words("(?:kill|gas|exterminate|deport|hang|lynch|shoot|nuke|eradicate|wipe out|get rid of)"),
    ),
    (
        _GROUP_WORDS,
        gate_words("(?:control|controls|run|runs|own|owns|rule|rules|are behind|pull the strings of)"),
        gate_words("(?:banks?|media|world|government|governments|money|finance|hollywood|press|politicians|"
                   "elections?)"),
    ),
    (
        _GROUP_WORDS,
        gate_words("(?:crimes?|violence|rapes?|murders?|shootings?|stabbings?|robberies)"),
    ),
    (gate_words(_CONDEMNED),),
    (frozenset({"despite", "population", "genocide", "replacement", "replace"}),),
    (_GROUP_WORDS, frozenset({"allowed"})),
    (_GROUP_WORDS, frozenset({"keep"})),
    (frozenset({"lives"}), frozenset({"matter"})),
    (
        frozenset({"hire", "hires", "employ", "employs", "rent", "sell", "serve", "promote", "trust", "vote",
                   "marry", "let"}),
        frozenset({"woman", "women", "female", "females", "black", "blacks", "muslim", "muslims", "jew",
                   "jews", "jewish", "gay", "gays", "lesbian", "lesbians", "trans", "transgender",
                   "transgenders", "immigrant", "immigrants", "mexican", "mexicans", "asian", "asians",
                   "arab", "arabs", "indian", "indians", "pakistani", "pakistanis", "gypsy", "gypsys",
                   "disabled", "foreigner", "foreigners"}),
    ),
    (frozenset({"kitchen", "home"}),),
    (_GROUP_WORDS, frozenset({"belong"})),
    (_GROUP_WORDS, frozenset({"never"})),
    (_GROUP_WORDS, frozenset({"respect", "trust", "tolerate", "accept"})),
    (
        frozenset({"black", "brown", "african", "negro", "ethnic", "racial", "foreign", "immigrant",
                   "migrant", "muslim", "islamic", "jewish", "arab", "asian", "mexican", "gypsy", "world"}),
        frozenset({"ape", "apes", "monkey", "monkeys", "baboon", "baboons", "gorilla", "gorillas", "chimp",
                   "chimps", "chimpanzee", "chimpanzees", "savages", "beasts", "scum", "filth", "vermin",
                   "parasites", "cockroaches", "rats", "animals"}),
    ),
    (_GROUP_WORDS, gate_words(_GROUP_INSULTS)),
    (_GROUP_WORDS, frozenset({"can", "cannot", "unable"}),
     frozenset({"drive", "think", "lead", "reason", "math", "maths", "trusted", "handle", "control"})),
    (_GROUP_WORDS, frozenset({"bad"}),
     frozenset({"math", "maths", "science", "driving", "leading", "leadership", "logic", "thinking"})),
    (_GROUP_WORDS, frozenset({"only"}), frozenset({"good"})),
    (_GROUP_WORDS, frozenset({"deserve", "have", "get"}),
     frozenset({"right", "rights", "vote", "equal", "equality", "respect"})),
    (frozenset({"opinion", "vote", "word", "life", "voice"}),
     frozenset({"worth", "worthless", "nothing", "matter"})),
    (frozenset({"because"}), frozenset({"job", "position", "role", "promotion", "seat", "place", "award"})),
    (frozenset({"trans"}), frozenset({"men", "man", "males", "male", "dudes", "guys", "women", "woman",
                                     "females", "female", "girls"})),
    (frozenset({"sandwich", "kitchen"}),),
    (_GROUP_WORDS, frozenset({"children", "kids", "toddlers", "babies"})),
    (_GROUP_WORDS, frozenset({"need", "needs"}),
     frozenset({"controlled", "line", "place", "tamed", "disciplined", "leash", "check"})),
    (_GROUP_WORDS, frozenset({"want", "care", "love"}),
     frozenset({"money", "attention", "cash", "welfare", "handouts", "benefits"})),
    (frozenset({"jew", "jewish"}), frozenset({"run", "controlled", "owned", "dominated"})),
    (_GROUP_WORDS, frozenset({"rather", "would", "refuse"}),
     frozenset({"next", "near", "with", "around", "among"})),
    (_GROUP_WORDS, frozenset({"children", "kids", "minors"}), frozenset({"around", "near", "with"})),
    (_GROUP_WORDS, frozenset({"stealing", "taking", "steal", "take", "took", "stole"})),
)
assert len(_GATES) == len(_PATTERNS)
_VIOLENT_EXCLUSION = re.compile(r"exterminat|gass|killed|shot|wiped out|eradicat|purged|\bdie\b|burn|hang|"
                                r"\bkill\b|lynch|nuke")
_NOT_VIOLENT = re.compile(r"rather die than")  # the writer's own death as a figure of speech
# Hatred of a group named before it: "I have met many women and I hate every single one of them",
# "Trans people think they're special. I hate them." (the group within `_REFERENCE_REACH` characters)
_HATED_BY_REFERENCE = re.compile(
    r"\bi (?:really |just |truly )?(?:hate|despise|loathe|detest|can't stand|cannot stand) (?:them|every "
    r"(?:single )?one of them|all of them|each (?:and every )?one of them|each of them|their kind)\b"
)
_GROUP = re.compile(rf"\b{GROUPS}\b")
# Group names the generic words of `GROUPS` are not ("people", "those"...), for `_transposed_names`
_GENERIC = frozenset({"people", "persons", "these", "those", "their", "kind", "race", "that", "this", "your"})
_REFERENCE_REACH = 120
_REFERENCE_WORDS = frozenset({"hate", "despise", "loathe", "detest", "stand"})


_NEGATION = re.compile(r"\bnot\b|n't\b")
# Attacks that are worded with a negation ("Muslims are not human", "immigrants are not welcome", "women
# should not be allowed to vote"): their "not" is the attack, not a denial of it ("Muslims are not
# terrorists" keeps its negation and is let through).
_NEGATIVE_ATTACK = re.compile(
    r"(?:\bnot|n't|\bnever) (?:human|people|welcome|be allowed|allowed|matter|a religion|worth|respect|"
    r"trust|tolerate|accept|deserve|have the right|have rights|get to vote|drive|think|lead|reason|do "
    r"maths?|be trusted|handle|control themselves|be around|be near|be left alone)\b|will not replace us|"
    r"does not matter|doesn't matter|"
    r"can not"
)


_JOINED_VERBS = ("ihate", "hate", "hateall", "ihateall", "killall", "kill", "deportall", "gasall", "gas",
                 "exterminate", "exterminateall")
_JOINED_TRAITS = ("disgusting", "vermin", "scum", "animals", "trash", "garbage", "subhuman", "filth",
                  "parasites", "evil", "stupid", "inferior", "worthless", "rapists", "terrorists",
                  "criminals")


@lru_cache(maxsize=1)
def _joined_attacks() -> frozenset[str]:
    """Attacks written as one word, as in hashtags or with the spaces left out: "ihatewomen",
    "#KillAllMuslims", "Womenaredisgusting" (a segmentation of every long word would also cut innocent
    ones: these are looked up whole)."""
    names = {expansion.replace(" ", "") for expansion in expansions(GROUPS)} - _GENERIC
    names = {name for name in names if name.isalpha() and len(name) >= 4}
    joined = {verb + name for verb in _JOINED_VERBS for name in names}
    joined |= {name + "are" + trait for name in names for trait in _JOINED_TRAITS}
    return frozenset(joined)


@lru_cache(maxsize=1)
def _transposed_names() -> dict[str, str]:
    """Group names with two neighbouring letters swapped ("wmoen", "Msulims", "balck"), as typed in a
    hurry or to slip past a filter, each to the name; a swap that makes a known word ("tarns") is left."""
    names = {word for expansion in expansions(GROUPS) for word in expansion.split(" ")}
    swapped: dict[str, str] = {}
    for name in sorted(names - _GENERIC):
        if len(name) < 3 or not name.isalpha():
            continue
        for i in range(len(name) - 1):
            variant = name[:i] + name[i + 1] + name[i] + name[i + 2 :]
            if variant != name and variant not in names and not is_known_word(variant):
                swapped.setdefault(variant, name)
    return swapped


def _untransposed(text: str, words: frozenset[str]) -> str:
    """`text` with transposed group names put right (the same length, so every offset still holds)."""
    swapped = _transposed_names()
    found = swapped.keys() & words
    if not found:
        return text
    pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, found)) + r")\b")
    return pattern.sub(lambda match: swapped[match.group()], text)


class HateRulesDetector:
    """Rule-based detector of hate without slurs (see the module docstring)."""

    name = "hate_rules"
    categories = frozenset({Category.HATE, Category.VIOLENCE})
    time_budget_ms = 100.0
    context_aware = True

    @classmethod
    def from_options(cls, options: Mapping[str, Any]) -> HateRulesDetector:
        return cls()

    def warm_up(self) -> None:
        """Build the transposed group names (and read the word list they are checked against) and the
        joined attacks now, not on the first comment's clock."""
        _transposed_names()
        _joined_attacks()

    def detect(self, text: NormalizedText) -> DetectorOutput:
        words = words_of(text.text)
        normalized = _untransposed(text.text, words)
        if normalized is not text.text:
            words = words_of(normalized)
        hate = violence = 0.0
        spans: list[EvidenceSpan] = []
        facts = None
        has_group = not _GROUP_WORDS.isdisjoint(words)
        for (pattern, value), gates in zip(_PATTERNS, _GATES, strict=True):
            # most comments name no group: that gate is read once, the others as sets in C
            if any(not has_group if gate is _GROUP_WORDS else gate.isdisjoint(words) for gate in gates):
                continue
            if pattern is _ANIMAL_NAMES and not WILDLIFE_WORDS.isdisjoint(words):
                continue  # "the black monkeys of the rainforest are endangered"
            for match in pattern.finditer(normalized):
                if facts is None:
                    facts = analyze(text)
                start, end = match.span()
                if negated_before(normalized, start) or _NEGATION.search(
                    _NEGATIVE_ATTACK.sub(" ", match.group())
                ):
                    continue
                score = value
                if facts.counter_speech or facts.is_quoted_or_mentioned(start, end):
                    score *= 0.25
                hate = max(hate, score)
                if score >= EVIDENCE_FLOOR:
                    spans.append(span(text, start, end, Category.HATE))
                    if _VIOLENT_EXCLUSION.search(_NOT_VIOLENT.sub(" ", match.group())):
                        violence = max(violence, 0.9)
                        spans.append(span(text, start, end, Category.VIOLENCE))
        joined = _joined_attacks() & words
        if joined:
            for match in re.finditer(r"[a-z]+", normalized):
                if match.group() in joined and not negated_before(normalized, match.start()):
                    hate = max(hate, 0.85)
                    spans.append(span(text, match.start(), match.end(), Category.HATE))
        if not _REFERENCE_WORDS.isdisjoint(words) and not _GROUP_WORDS.isdisjoint(words):
            for match in _HATED_BY_REFERENCE.finditer(normalized):
                start, end = match.span()
                group = _GROUP.search(normalized, max(0, start - _REFERENCE_REACH), start)
                if group is None or negated_before(normalized, start):
                    continue
                if facts is None:
                    facts = analyze(text)
                score = 0.85
                if facts.counter_speech or facts.is_quoted_or_mentioned(start, end):
                    score *= 0.25
                hate = max(hate, score)
                if score >= EVIDENCE_FLOOR:
                    spans.append(span(text, group.start(), group.end(), Category.HATE))
                    spans.append(span(text, start, end, Category.HATE))
        return DetectorOutput(scores={Category.HATE: hate, Category.VIOLENCE: violence}, spans=spans)
