"""HateCheck-style functional test cases (Röttger et al., 2021), written for Civility's seven categories.

Each case names the function it tests, the category in question and whether that category must be
flagged (score at or above the default threshold of 0.5). `test_functional.py` (beside this file) checks
every case; `bench/moderation_functional.py` reports accuracy per function in docs/moderation.md.
"""

from __future__ import annotations

from dataclasses import dataclass

from civility.moderation.categories import Category

V, H, P, U, D, C, S = (
    Category.VIOLENCE,
    Category.HATE,
    Category.PROFANITY,
    Category.VULGARITY,
    Category.DOXING,
    Category.DISCOURTESY,
    Category.SPAM,
)


@dataclass(frozen=True, slots=True)
class FunctionalCase:
    function: str
    text: str
    category: Category
    flagged: bool


def _cases(function: str, category: Category, flagged: bool, *texts: str) -> list[FunctionalCase]:
    return [FunctionalCase(function, text, category, flagged) for text in texts]


CASES: list[FunctionalCase] = [
    *_cases(
        "hate: explicit dehumanisation of a group",
        H,
        True,
        "Muslims are vermin.",
        "Immigrants are parasites and should be deported.",
        "Jews are rats, every one of them.",
        "Gay people are an abomination.",
    ),
    *_cases(
        "hate: implicit dehumanisation",
        H,
        True,
        "They are vermin.",
        "These people are animals, nothing more.",
        "They're parasites, all of them.",
    ),
    *_cases(
        "hate: hatred and exclusion",
        H,
        True,
        "I hate all Muslims.",
        "Jews control the banks and the media.",
        "Immigrants should go back where they came from.",
        "All women are stupid and should not be allowed to vote.",
        "Go back to your own country.",
    ),
    *_cases(
        "hate: slurs used as abuse",
        H,
        True,
        "Shut up, you stupid faggot.",
        "Get out of here, n*gger.",
        "Those dykes are disgusting.",
    ),
    *_cases(
        "hate: spelling variations",
        H,
        True,
        "Musl1ms are v3rmin.",
        "Muslіms are vermіn.",
        "f.a.g.g.o.t",
        "I h a t e all Jews.",
    ),
    *_cases(
        "hate: negation is not hate",
        H,
        False,
        "I don't hate Jews.",
        "Muslims are not terrorists.",
        "I would never say gay people are sick.",
        "Not all immigrants are criminals, obviously.",
    ),
    *_cases(
        "hate: counter-speech and quoting is not hate",
        H,
        False,
        "Saying 'all Muslims are terrorists' is bigoted.",
        "Calling immigrants vermin is dehumanising and wrong.",
        'He shouted "Jews are rats" and was arrested. Good.',
        "Stop calling gay people an abomination, it is hateful.",
        "It's an antisemitic myth that Jews control the banks.",
    ),
    *_cases(
        "hate: slurs mentioned or reclaimed are not hate",
        H,
        False,
        "He called me a 'faggot' and I reported him.",
        "The word 'retard' is offensive, please don't use it.",
        "As a dyke myself, I loved this piece.",
    ),
    *_cases(
        "hate: identity mentions are not hate",
        H,
        False,
        "As a gay Muslim woman I disagree with the author.",
        "Jewish families celebrated Hanukkah downtown.",
        "Black people make up 13% of the population.",
        "My wife is an immigrant from Mexico.",
        "Many trans people face discrimination at work.",
        "I am a proud Muslim and a nurse.",
    ),
    *_cases(
        "violence: threats with a target",
        V,
        True,
        "I will kill you.",
        "I'm going to shoot him if he shows up again.",
        "Someone should hang the mayor.",
        "I hope you die in a fire.",
        "kys",
        "You deserve to be shot.",
        "I know where you live.",
        "I'm going to find where you live and hurt you.",
    ),
    *_cases(
        "violence: threats without a target",
        V,
        True,
        "I'm going to start shooting.",
        "I will burn it all down with everyone inside, I swear I'll kill.",
        "Kill them all.",
    ),
    *_cases("violence: spelling variations", V, True, "I will k1ll you.", "I w i l l kill you", "k.y.s"),
    *_cases(
        "violence: negation is not a threat",
        V,
        False,
        "I would never hurt anyone.",
        "I'm not going to kill you, relax.",
        "Nobody should be shot for this.",
    ),
    *_cases(
        "violence: idioms are not threats",
        V,
        False,
        "I'd kill for that recipe.",
        "This bill is killing small business.",
        "The comedian absolutely killed it last night.",
        "I'm dying to see the sequel.",
        "Shoot me an email when it's out.",
        "I will destroy your argument in the next post.",
        "I'm going to cut the budget for the parade.",
        "I'll beat you at chess any day.",
    ),
    *_cases(
        "violence: news about violence is not a threat",
        V,
        False,
        "The drone strike killed three ISIS commanders near the border.",
        "Terrorists attacked the embassy, killing 12 people.",
        "The army shelled the city for a week, officials said.",
        "ISIS claimed the bombing; the Pentagon said the strike was legal.",
    ),
    *_cases(
        "profanity: swearing is profanity",
        P,
        True,
        "This is f***ing brilliant.",
        "Holy shit, what a goal!",
        "What the fuck is this policy?",
        "That's bullsh1t.",
    ),
    *_cases(
        "profanity: clean text is not profanity",
        P,
        False,
        "This is brilliant.",
        "What a goal!",
        "Scunthorpe United won on Saturday.",
        "I grew shiitake mushrooms this year.",
    ),
    *_cases(
        "discourtesy: profanity that is not abuse",
        C,
        False,
        "This is f***ing brilliant, well done to the reporter.",
        "Holy shit, what a goal!",
    ),
    *_cases(
        "discourtesy: insults aimed at a person",
        C,
        True,
        "You are an idiot.",
        "Shut up, moron.",
        "f*** you",
        "You stupid bastard.",
        "Nobody asked you, clown.",
        "you are an 1d10t",
        "stuuuupid m0r0n",
    ),
    *_cases(
        "discourtesy: criticism of ideas is not an insult",
        C,
        False,
        "That policy is stupid.",
        "I think the author is wrong about the tax.",
        "This argument doesn't hold up.",
        "The plan seems foolish to me.",
        "If you throw trash out of your window, you get fined.",
    ),
    *_cases(
        "vulgarity: sexual content",
        U,
        True,
        "Suck my dick.",
        "Nice tits.",
        "She gave him a blowjob in the car.",
    ),
    *_cases(
        "vulgarity: medical, anatomical and everyday words are not vulgar",
        U,
        False,
        "Get a breast cancer screening, ask your doctor.",
        "The penis and testicles are examined for lumps.",
        "Sex education in schools should cover consent.",
        "Breastfeeding mothers need support at work.",
        "Suh had a sack the last time they played.",
    ),
    *_cases(
        "doxing: personal details with a cue",
        D,
        True,
        "He lives at 12 Oak Street, go pay him a visit.",
        "Her number is 0161 496 0123, everyone call her.",
        "Call him at (212) 555-0199 and tell him what you think.",
        "His address is Flat 3, 5 High Rd, London.",
        "Her email is jane.doe@example.com",
        "His SSN is 123-45-6789.",
    ),
    *_cases(
        "doxing: public and business information is not doxing",
        D,
        False,
        "The council meets at the town hall on Tuesday.",
        "The Prime Minister lives at 10 Downing Street.",
        "Call our support hotline 0800 123 4567 for a free quote!",
        "In 2024 the population was 1,234,567.",
    ),
    *_cases(
        "spam: scams and promotions",
        S,
        True,
        "Earn $500 a day working from home! Visit http://bit.ly/job123",
        "My aunt makes $80 per hour online. Check this link: www.cashjobs.xyz",
        "Hot singles in your area! Click my profile.",
        "Coinbase customer support number +1 888 555 0199, call now to recover your funds.",
        "Invest in bitcoin with our trading expert, guaranteed profit, WhatsApp +44 7700 900123",
    ),
    *_cases(
        "spam: reader comments with a source are not spam",
        S,
        False,
        "The figures are here: https://www.ons.gov.uk/employment - unemployment fell.",
        "Source: https://en.wikipedia.org/wiki/Drone_strike",
        "Great article, thank you for the careful reporting.",
        "Read the full report at nytimes.com before commenting please.",
    ),
]
