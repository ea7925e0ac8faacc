"""Synthetic training text generated in code, for what ../shared/data lacks.

* News-comment spam (the data has only SMS and music-video spam): work-from-home and crypto scams, SEO link
  drops, adult-site bait, fake support numbers and copy-pasted promotions; and, as negatives, honest reader
  comments that carry a link to a source, a price or a phone number of a public office.
* Context negatives: news language about war, terrorism and drone strikes, figurative "kill", medical and
  anatomical words, and comments that merely mention an identity.
* A few register gaps: threats against one person in a comment-thread register, insults aimed at another
  commenter, and swearing that is not abuse.
Everything is drawn from a seeded `random.Random`, so a run is reproducible.
"""

from __future__ import annotations

import csv
import random
import string
from pathlib import Path

from training.datasets import TOXIC, Example


def _pick(rng: random.Random, items: list[str] | tuple[str, ...]) -> str:
    return items[rng.randrange(len(items))]


_TLDS = ("com", "net", "xyz", "info", "biz", "top", "online", "site", "club", "ru", "io", "shop")
_WORDS = (
    "cash",
    "easy",
    "profit",
    "crypto",
    "money",
    "win",
    "best",
    "deal",
    "hot",
    "fast",
    "rich",
    "pro",
    "smart",
    "invest",
    "earn",
    "bonus",
    "trade",
    "coin",
    "home",
    "job",
    "work",
    "daily",
    "secret",
)


def _domain(rng: random.Random) -> str:
    name = _pick(rng, _WORDS) + _pick(rng, ("", "-", "")) + _pick(rng, _WORDS)
    if rng.random() < 0.4:
        name += str(rng.randrange(1, 999))
    return f"{name}.{_pick(rng, _TLDS)}"


def _link(rng: random.Random) -> str:
    dom = _domain(rng)
    style = rng.randrange(5)
    path = "".join(rng.choice(string.ascii_lowercase + string.digits) for _ in range(rng.randrange(3, 9)))
    if style == 0:
        return f"https://{dom}/{path}"
    if style == 1:
        return f"http://www.{dom}"
    if style == 2:
        return f"www.{dom}/?ref={path}"
    if style == 3:
        return f"https://bit.ly/{path}"
    return dom


def _phone(rng: random.Random) -> str:
    a, b, c = rng.randrange(200, 999), rng.randrange(200, 999), rng.randrange(1000, 9999)
    return _pick(
        rng, (f"+1 ({a}) {b}-{c}", f"1-800-{b}-{c}", f"{a}.{b}.{c}", f"+44 20 {b} {c}", f"{a}-{b}-{c}")
    )


def _money(rng: random.Random) -> str:
    amount = rng.choice((85, 97, 250, 350, 500, 750, 1500, 3000, 5000, 7500, 12000, 18000))
    return _pick(
        rng, (f"${amount}", f"${amount:,}", f"{amount} dollars", f"£{amount}", f"€{amount}", f"${amount}k")
    )


_WFH = [
    "I make {money} a week working from home just a few hours a day. Check {link}",
    "My neighbor's daughter earns {money} per month on her laptop. Start today here {link}",
    "Start making {money} every week online from home!!! No experience needed, go to {link}",
    "Google is paying {money} per hour for simple online work. I started last month. Visit {link}",
    "Just got paid {money} this week for part-time work at home. Copy this site {link} for details",
    "I quit my office job and now I earn {money}/month from home. This is what I do ---> {link}",
    "Earn {money} a day with this easy home job, everyone can do it. More info: {link}",
    "WORK FROM HOME!! {money} weekly guaranteed, limited spots, apply now {link}",
]
_CRYPTO = [
    "I turned {money} into {money} in two weeks with this bitcoin trading bot {link}",
    "Thanks to expert trader Mrs. Jenny I recovered my losses and made {money}. "
    "Contact her on WhatsApp {phone}",
    "Crypto is the future! Invest {money} today and get 10x returns guaranteed. Join {link}",
    "Best investment platform 2024, I withdraw {money} every week. Message me on telegram @coinmaster{num}",
    "Free {coin} giveaway!!! Send 0.1 {coin} and receive 1 {coin} back. Hurry {link}",
    "I was scammed before but a recovery hacker got my {coin} back. Email recoverypro{num}@gmail.com",
    "Don't miss the {coin} presale, price will 100x next month, buy at {link}",
]
_SEO = [
    "Nice article. {anchor} {link}",
    "Great post, thanks for sharing. Also visit my website {link}",
    "Very informative! For the best {product} deals visit {link}",
    "I found this very helpful. Check out {link} for {product} at low prices",
    "{anchor}: {link} {anchor}: {link}",
    "cheap {product} online no prescription {link}",
    "Thanks for this. We provide the best {product} services in town: {link}",
    "buy {product} {link} best {product} {link} discount {product}",
]
_ADULT = [
    "Hot singles in your area are waiting for you {link}",
    "Bored tonight? Lonely girls want to chat, see my private photos at {link}",
    "Click my profile to see my pics, I'm online now {emoji}",
    "18+ only: free webcam shows, no signup {link}",
    "Wanna meet a real girl tonight? Sign up free at {link} {emoji}",
    "My naughty videos are on {link} don't tell anyone {emoji}",
]
_SUPPORT = [
    "Having trouble with your account? Call {brand} customer support toll free {phone} 24/7",
    "{brand} helpline number {phone} call now for instant help with refunds",
    "For {brand} tech support dial {phone}, our experts fix all problems",
    "Locked out of your {brand} account? Call our recovery team at {phone}",
    "{brand} refund department phone {phone} (toll free) available now",
]
_PROMO = [
    "BIG SALE!!! {product} 70% off today only at {link} use code SAVE{num}",
    "Subscribe to my channel for daily {topic} videos!! Link in bio {emoji}",
    "Follow me for more {topic} content, check out my page {link}",
    "Get your free {product} sample now, limited offer, just pay shipping {link}",
    "Our {product} changed my life, order yours today {link} {emoji}{emoji}",
    "Lose 20 pounds in 2 weeks with this one weird trick! {link}",
    "Want more followers? Buy real followers and likes cheap at {link}",
]
_SLOTS = {
    "coin": ["BTC", "ETH", "bitcoin", "USDT", "crypto", "dogecoin"],
    "product": [
        "viagra",
        "CBD oil",
        "replica watches",
        "payday loans",
        "web hosting",
        "SEO",
        "essay writing",
        "weight loss pills",
        "car insurance",
        "sneakers",
        "VPN",
        "casino bonus",
        "phone cases",
    ],
    "brand": [
        "Coinbase",
        "Facebook",
        "Amazon",
        "Cash App",
        "PayPal",
        "Microsoft",
        "Gmail",
        "Norton",
        "Binance",
    ],
    "topic": ["gaming", "makeup", "fitness", "prank", "music", "crypto"],
    "anchor": [
        "best essay writing service",
        "cheap flights",
        "buy instagram followers",
        "online casino",
        "payday loans",
        "SEO services",
        "replica watches",
        "casino bonus",
    ],
    "emoji": ["😍", "🔥", "💋", "😘", "💰", "👉", "✅"],
}


def _fill(template: str, rng: random.Random) -> str:
    out = template
    while "{" in out:
        start = out.index("{")
        end = out.index("}", start)
        key = out[start + 1 : end]
        if key == "link":
            value = _link(rng)
        elif key == "phone":
            value = _phone(rng)
        elif key == "money":
            value = _money(rng)
        elif key == "num":
            value = str(rng.randrange(10, 9999))
        else:
            value = _pick(rng, _SLOTS[key])
        out = out[:start] + value + out[end + 1 :]
    return out


def _vary(text: str, rng: random.Random) -> str:
    """Spammers' formatting: shouting, extra exclamation marks, line breaks, prefixes."""
    roll = rng.random()
    if roll < 0.15:
        text = text.upper()
    elif roll < 0.3:
        text = text.replace(". ", "!!! ", 1)
    if rng.random() < 0.2:
        text = _pick(rng, ("Hi everyone, ", "Hello friends! ", "Wow. ", "Honestly ", "")) + text
    if rng.random() < 0.15:
        text = text.replace(" ", "\n", 1)
    return text


_HONEST = [
    "The full report is here: {src} — page 12 has the numbers the article leaves out.",
    "Source for the claim about unemployment: {src}",
    "For anyone who wants to check, the court ruling is public: {src}",
    "This contradicts what the city council published last week ({src}).",
    "Here's the original study if you want to read it yourself: {src}. The sample size was small.",
    "The article should have linked the CBO estimate: {src}",
    "I paid {price} for the same repair last year, so the quoted price seems fair.",
    "If you're affected by the outage you can call the city's non-emergency line at 311.",
    "My grocery bill went from {price} to almost double in two years, this is not made up.",
    "The bill costs {price} per household according to the fiscal note ({src}).",
    "Wikipedia has a decent summary of the history: {src}",
    "Anyone can read the transcript of the hearing at {src}, it's worth it.",
    "The reporter's earlier piece explains the background better: {src}",
    "Data from the census bureau ({src}) shows the opposite trend since 2010.",
    "If you want to help the families, the Red Cross page is {src}",
    "I work from home three days a week and honestly the commute savings are real.",
    "Bitcoin dropped again today, I'm glad I never invested in it.",
    "My daughter earns decent money as a nurse, but the hours are brutal.",
    "Call your representative, the Capitol switchboard is (202) 224-3121.",
    "The sale of the old mill for {price} was approved by the board on Tuesday.",
    "Great reporting, thank you. I shared it with my book club.",
    "Subscribed to the paper again after reading this, we need local journalism.",
]
_SOURCES = [
    "https://www.cbo.gov/publication/59710",
    "https://en.wikipedia.org/wiki/Drone_strike",
    "https://www.bls.gov/news.release/empsit.nr0.htm",
    "https://www.supremecourt.gov/opinions/23pdf/22-451.pdf",
    "https://www.nature.com/articles/s41586-020-2649-2",
    "https://www.census.gov/library/stories.html",
    "https://apnews.com/article/election-2024",
    "https://www.reuters.com/world/middle-east/",
    "https://www.redcross.org/donate",
    "https://www.who.int/news-room/fact-sheets",
    "https://www.nytimes.com/2024/05/01/us/politics/budget.html",
    "https://data.cityofchicago.org",
]


def spam_examples(rng: random.Random, n_spam: int = 2600, n_honest: int = 1400) -> list[Example]:
    """Generated news-comment spam (positives) and honest link-bearing reader comments (negatives)."""
    families = [_WFH, _CRYPTO, _SEO, _ADULT, _SUPPORT, _PROMO]
    out: list[Example] = []
    promos: list[str] = []
    for i in range(n_spam):
        family = families[i % len(families)]
        text = _vary(_fill(_pick(rng, family), rng), rng)
        if family is _PROMO and rng.random() < 0.3 and promos:
            text = _pick(rng, promos)  # copy-pasted promotion, posted again verbatim
        promos.append(text)
        out.append(Example(text, "synthetic_spam", {"spam": 1.0}, 1.0))
    for _ in range(n_honest):
        text = _pick(rng, _HONEST).replace("{src}", _pick(rng, _SOURCES)).replace("{price}", _money(rng))
        out.append(Example(text, "synthetic_spam", {"spam": 0.0, **dict.fromkeys(TOXIC, 0.0)}, 1.0))
    return out


_CONTEXT_NEGATIVES = [
    "The drone strike killed {n} ISIS fighters near {place}, according to the Pentagon.",
    "Terrorism experts say the attack in {place} was planned for months.",
    "The war in {place} has displaced more than {n} thousand civilians.",
    "Officials confirmed that the militants executed hostages last year, which is why the strike was ordered",
    "A suicide bomber killed {n} people at a market in {place} on Friday.",
    "The article explains how the terrorist group recruits young men online.",
    "Is a drone strike that kills civilians ever justified? I honestly don't know.",
    "The shooting suspect was arrested after a standoff with police.",
    "Historians estimate that the genocide killed hundreds of thousands of people.",
    "The bombing campaign destroyed most of the city's hospitals.",
    "This bill is killing small business in our town.",
    "The new tax is going to kill the local restaurant industry.",
    "I'd kill for that recipe, it looks amazing.",
    "That comedian absolutely killed it last night.",
    "My feet are killing me after the marathon.",
    "The traffic on the bridge is murder every morning.",
    "Our team got slaughtered in the second half, 42 to 7.",
    "She knocked it out of the park with that speech.",
    "Time to kill the filibuster, it has outlived its purpose.",
    "Breast cancer screening should start earlier, my doctor said.",
    "After my prostate exam the doctor recommended a biopsy.",
    "Testicular cancer is very treatable if caught early.",
    "The vaginal birth went fine, but recovery took weeks.",
    "Sex education in schools reduces teen pregnancy, the study found.",
    "The penis and testes are part of the male reproductive system.",
    "Rectal temperature is the most accurate for infants.",
    "Breastfeeding in public should be normal.",
    "As a gay Muslim woman I disagree with the author.",
    "I'm a Black veteran and I think this policy is wrong.",
    "As a Jewish mother of three I found this article moving.",
    "My husband is Mexican and we both voted for the measure.",
    "Speaking as a trans woman, the clinic closing worries me.",
    "I am a Christian and I support the refugees moving here.",
    "Muslims pray five times a day, and Ramadan starts next week.",
    "Many immigrants work in the farms around here.",
    "The Asian American community center hosts a festival every spring.",
    "Being deaf has never stopped me from enjoying concerts.",
    "The disabled veterans group is raising funds for ramps.",
    "Gay couples have been able to marry here since 2015.",
    "Native American tribes have lived on this land for centuries.",
    "Saying 'all Muslims are terrorists' is bigoted and wrong.",
    "I don't hate anyone because of their religion.",
    "Calling immigrants vermin is dehumanizing and we should reject it.",
    "The senator quoted the slur to show how ugly the messages were.",
    "Hate crimes against Jews rose last year, the FBI reports.",
    "The article discusses racism in housing policy since the 1950s.",
    "The film depicts violence during the civil war realistically.",
    "The police report says the victim was shot twice.",
    "Gun violence is a public health issue.",
    "He was sentenced to death for the murders in 1998.",
]
_PLACES = ("Syria", "Iraq", "Mosul", "Raqqa", "Kabul", "Gaza", "Ukraine", "Yemen", "Somalia", "Mali")


_FIGURATIVE_SUBJECTS = (
    "This bill",
    "The new tax",
    "Online shopping",
    "The mayor's plan",
    "Inflation",
    "This policy",
    "Amazon",
    "The minimum wage hike",
    "Red tape",
    "The zoning law",
    "Rising rents",
    "The tariff",
)
_FIGURATIVE_VERBS = (
    "is killing",
    "will kill",
    "is slowly killing",
    "has killed",
    "is murdering",
    "is strangling",
    "will destroy",
    "is slaughtering",
    "is choking",
    "is bleeding",
)
_FIGURATIVE_OBJECTS = (
    "small business",
    "jobs in this town",
    "the economy",
    "local news",
    "our downtown",
    "the middle class",
    "family farms",
    "innovation",
    "the housing market",
    "main street shops",
    "the restaurant industry",
    "competition",
)
_FIGURATIVE_OTHER = (
    "I'd kill for {food} like that.",
    "I would murder a plate of {food} right now.",
    "That {food} recipe is to die for.",
    "The band killed it last night.",
    "She absolutely killed that interview.",
    "This heat is killing me.",
    "My kids are going to kill me for posting this.",
    "We got destroyed in the fourth quarter.",
    "Time to kill the {thing} once and for all.",
    "The senator shot down the amendment.",
    "That joke bombed, but the rest of the show was great.",
    "He's a killer pianist.",
)
_FOOD = ("lasagna", "a good taco", "my grandma's pie", "fresh bread", "that chili", "a cold beer", "pho")
_THING = ("filibuster", "daylight saving time", "the parking rule", "this project", "the old stadium deal")
_NEWS_VIOLENCE = (
    "The drone strike killed {n} militants near {place}, the ministry said.",
    "An airstrike on {place} killed {n} civilians, according to the UN.",
    "ISIS claimed responsibility for the bombing that killed {n} people in {place}.",
    "Police said the gunman shot {n} people before he was arrested.",
    "The report details how the terrorist cell planned attacks in {place}.",
    "Dozens were wounded when a car bomb exploded in {place} on Monday.",
    "The army says it destroyed {n} weapons depots around {place}.",
    "Survivors of the massacre in {place} testified at the tribunal.",
    "The drone program has killed {n} suspected terrorists since 2015, analysts estimate.",
    "Is it legal to kill a citizen with a drone strike without trial? The court will decide.",
    "The hostage was executed by the militants, the family confirmed.",
    "Fighting in {place} left {n} soldiers dead over the weekend.",
)


def figurative_and_news(rng: random.Random, n: int = 900) -> list[Example]:
    """Figurative "kill" about policies and food, and news reports of war and terrorism: not violence."""
    out: list[Example] = []
    for i in range(n):
        roll = i % 3
        if roll == 0:
            subject, verb = _pick(rng, _FIGURATIVE_SUBJECTS), _pick(rng, _FIGURATIVE_VERBS)
            text = f"{subject} {verb} {_pick(rng, _FIGURATIVE_OBJECTS)}."
        elif roll == 1:
            text = (
                _pick(rng, _FIGURATIVE_OTHER)
                .replace("{food}", _pick(rng, _FOOD))
                .replace("{thing}", _pick(rng, _THING))
            )
        else:
            text = (
                _pick(rng, _NEWS_VIOLENCE)
                .replace("{n}", str(rng.randrange(2, 90)))
                .replace("{place}", _pick(rng, _PLACES))
            )
        if rng.random() < 0.3:
            text = text.lower()
        out.append(Example(text, "synthetic_context", dict.fromkeys((*TOXIC, "spam"), 0.0), 1.0))
    return out


def context_negatives(rng: random.Random, copies: int = 3) -> list[Example]:
    """Discussing violence, figurative violence, medical words and identity mentions: none is toxic."""
    out: list[Example] = figurative_and_news(rng)
    for template in _CONTEXT_NEGATIVES:
        for _ in range(copies):
            text = template.replace("{n}", str(rng.randrange(2, 90))).replace("{place}", _pick(rng, _PLACES))
            if rng.random() < 0.3:
                text = text.lower()
            out.append(Example(text, "synthetic_context", dict.fromkeys((*TOXIC, "spam"), 0.0), 1.5))
    return out


_THREATS = [
    "I know where you live, {target}.",
    "Keep talking and I will find you and {harm} you.",
    "Someone should {harm} {third} before he does more damage.",
    "You deserve to be {harmed}, and I hope it happens soon.",
    "I'm going to {harm} you if I ever see you.",
    "Say that to my face and you'll end up in the hospital.",
    "{third} should be {harmed} in front of everyone.",
    "Watch your back, {target}, we're coming for you.",
    "I hope someone puts a bullet in {third}.",
    "People like you need to be lined up and {harmed}.",
    "If you come to the meeting I'll make sure you regret it.",
    "Burn his house down with him inside.",
]
_HARM = ["kill", "shoot", "hang", "stab", "beat", "bury", "strangle", "murder"]
_HARMED = ["killed", "shot", "hanged", "stabbed", "beaten to death", "strung up", "murdered", "executed"]
_INSULTS = [
    "You are an idiot and everyone here knows it.",
    "Only a moron would write a comment this stupid.",
    "Go back to school, you illiterate clown.",
    "Shut up, nobody asked for your pathetic opinion.",
    "You're a worthless troll, crawl back under your bridge.",
    "What a braindead take. Are you always this dumb?",
    "{name}, you're a liar and a coward.",
    "Typical {name}, too stupid to read past the headline.",
    "Nobody cares what a loser like you thinks.",
    "You clearly have the IQ of a potato.",
]
_PROFANE_NOT_ABUSE = [
    "This is fucking brilliant, best article all year.",
    "Holy shit, I had no idea the numbers were this bad.",
    "Damn, that's a great point.",
    "Well shit, there goes my weekend.",
    "This song is so fucking good.",
    "What the hell happened to this city?",
    "Bullshit, the report says the opposite.",
    "Fuck yeah, finally some good news.",
]
_NAMES = ["John", "Karen", "Mike", "buddy", "pal", "Steve", "Linda", "friend"]


def register_gaps(rng: random.Random, copies: int = 4) -> list[Example]:
    """Threats against one person, insults to another commenter, and swearing that is not abuse."""
    out: list[Example] = []
    for template in _THREATS:
        for _ in range(copies):
            text = (
                template.replace("{target}", _pick(rng, _NAMES))
                .replace("{third}", _pick(rng, ("him", "the mayor", "that judge", "her")))
                .replace("{harm}", _pick(rng, _HARM))
                .replace("{harmed}", _pick(rng, _HARMED))
            )
            out.append(Example(text, "synthetic_register", {"violence": 1.0, "spam": 0.0}, 1.0))
    for template in _INSULTS:
        for _ in range(copies):
            text = template.replace("{name}", _pick(rng, _NAMES))
            out.append(
                Example(
                    text,
                    "synthetic_register",
                    {"discourtesy": 1.0, "violence": 0.0, "hate": 0.0, "spam": 0.0},
                    1.0,
                )
            )
    for template in _PROFANE_NOT_ABUSE:
        for _ in range(copies):
            text = template if rng.random() < 0.6 else template.lower()
            out.append(
                Example(
                    text,
                    "synthetic_register",
                    {"profanity": 1.0, "discourtesy": 0.0, "hate": 0.0, "violence": 0.0, "spam": 0.0},
                    1.0,
                )
            )
    return out


_VULGAR_FRAMES = [
    "send me {w} pics",
    "she has a nice {w}",
    "look at that {w} lol",
    "I want your {w}",
    "show us your {w}",
    "{w} {w} {w}",
    "suck my {w}",
    "nice {w} in that photo",
    "bet you love {w}",
    "my {w} is ready for you",
    "all she wants is {w}",
    "more {w} please",
    "{w} videos are better than this article",
]
_SWEARS = ("fuck", "shit", "damn", "hell", "crap", "bitch", "bastard", "ass")


def lexicon_vulgarity(root: Path, rng: random.Random, n: int = 700) -> list[Example]:
    """Sexual-content sentences built from the surge lexicon's strong sexual terms (plain swears excluded)."""
    terms: list[str] = []
    with (root / "lexicons" / "surge_profanity_en.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["category_1"] != "sexual anatomy / sexual acts" or float(row["severity_rating"] or 0) < 2:
                continue
            word = row["text"].strip().lower()
            canonical = " ".join(row[f"canonical_form_{i}"] for i in (1, 2, 3)).lower()
            if any(s in canonical for s in _SWEARS) or row["category_2"] not in (
                "",
                "sexual anatomy / sexual acts",
            ):
                continue
            if word.isascii() and word.replace(" ", "").isalpha() and not any(s in word for s in _SWEARS):
                terms.append(word)
    out: list[Example] = []
    for _ in range(n if terms else 0):
        text = _pick(rng, _VULGAR_FRAMES).replace("{w}", _pick(rng, terms))
        out.append(Example(text, "synthetic_vulgar", {"vulgarity": 1.0, "spam": 0.0, "violence": 0.0}, 0.6))
    return out


_IDENTITY_FRAMES = (
    "As a {t} {noun} I disagree with this article.",
    "I'm {t} and I support the new park.",
    "My neighbors are {t} and they are lovely people.",
    "{t} people have lived in this town for generations.",
    "Being {t} is part of who I am.",
    "The {t} community center is hosting a food drive on Saturday.",
    "I am a {t} voter and this policy matters to me.",
    "Our new council member is {t}.",
    "There are many {t} families in our school district.",
    "The article interviews several {t} residents about the rent increase.",
    "Speaking as a {t} {noun}, the clinic closing worries me.",
    "My {noun2} is {t} and we both voted for the measure.",
)
_NOUNS = ("woman", "man", "person", "mother", "father", "veteran", "teacher", "nurse", "student")
_NOUNS2 = ("wife", "husband", "daughter", "son", "best friend", "boss", "doctor")


_GROUPS = (
    "Muslims",
    "Jews",
    "Christians",
    "Hindus",
    "Sikhs",
    "Buddhists",
    "atheists",
    "Catholics",
    "immigrants",
    "refugees",
    "Mexicans",
    "Asians",
    "Africans",
    "Arabs",
    "gay men",
    "lesbians",
    "bisexuals",
    "trans people",
    "women",
    "men",
    "Black people",
    "white people",
    "Latinos",
    "disabled people",
    "seniors",
    "teenagers",
    "Native Americans",
    "Chinese Americans",
    "Indians",
    "Canadians",
)
_GROUP_FRAMES = (
    "{g} are our neighbors, coworkers and friends.",
    "Many {g} live in this part of the city.",
    "{g} have contributed a lot to this town.",
    "I have many friends who are {g}.",
    "The reporter interviewed several {g} for this story.",
    "{g} in our county organized a charity run last weekend.",
    "Polls show {g} are split on the new tax.",
    "{g} deserve the same protections as everyone else.",
    "The museum has a new exhibit on the history of {g} in America.",
    "Like most {g} I know, my family just wants good schools.",
    "{g} were among the first volunteers after the flood.",
    "Are {g} more likely to vote by mail? The data says no.",
)


def group_mentions(rng: random.Random, n: int = 900) -> list[Example]:
    """Neutral statements about whole groups (plural nouns): negatives for every toxic category."""
    out: list[Example] = []
    for i in range(n):
        group = _GROUPS[i % len(_GROUPS)]
        text = _pick(rng, _GROUP_FRAMES).replace("{g}", group)
        text = text[0].upper() + text[1:]
        out.append(Example(text, "synthetic_identity", dict.fromkeys((*TOXIC, "spam"), 0.0), 1.0))
    return out


def identity_terms(root: Path) -> list[str]:
    """The 50 identity terms of the bias-madlibs list (no slurs): ethnicity, religion, gender, ..."""
    path = root / "madlibs_intersectional" / "identity_terms_bias_madlibs.txt"
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def identity_mentions(root: Path, rng: random.Random, n: int = 1200) -> list[Example]:
    """Comments that merely mention an identity: negatives for every toxic category (a fairness fix)."""
    terms = identity_terms(root)
    out: list[Example] = []
    for i in range(n):
        term = terms[i % len(terms)]
        text = (
            _pick(rng, _IDENTITY_FRAMES)
            .replace("{t}", term)
            .replace("{noun}", _pick(rng, _NOUNS))
            .replace("{noun2}", _pick(rng, _NOUNS2))
        )
        text = text[0].upper() + text[1:]
        labels = dict.fromkeys((*TOXIC, "spam"), 0.0)
        out.append(Example(text, "synthetic_identity", labels, 1.0, {"terms": [term]}))
    return out


_PLEASANTRIES = (
    "Hello",
    "Hello!",
    "Hello everyone",
    "Hi all!",
    "Hi",
    "Hey",
    "Thanks",
    "Thanks!",
    "Thank you",
    "Thank you!!",
    "Thanks for writing this",
    "Thanks for sharing",
    "Great article",
    "Good morning everyone",
    "Hello from Ohio!",
    "Wow",
    "Nice",
    "Agreed",
    "So true",
    "Well said!",
    "Bravo",
    "Interesting",
    "Hello, neighbors. Good piece.",
    "Thanks, this was helpful",
    "Hi, I have a question about the schedule",
)
_SWEARS_FREE = (
    "what the fuck",
    "wtf",
    "holy shit",
    "fuck this",
    "this is bullshit",
    "damn it",
    "goddamn",
    "shit happens",
    "fucking hell",
    "what a shitshow",
    "I'm so pissed off",
    "crap",
    "hell no",
    "fuck me, that's expensive",
    "oh shit",
    "this fucking weather",
    "bloody hell",
    "screw it",
    "damn right",
    "shit, I missed the vote",
)
_SWEAR_FRAMES = (
    "{s}",
    "{s}!",
    "{s}, that's a lot of money",
    "Honestly, {s}.",
    "{s}... the council did it again",
    "Well {s}",
    "{s}, I can't believe the score",
)


def small_talk_and_swearing(rng: random.Random, n_small: int = 500, n_swear: int = 500) -> list[Example]:
    """Short pleasantries (not spam, not toxic) and swearing aimed at nobody (profanity, not vulgarity)."""
    out: list[Example] = []
    for _ in range(n_small):
        text = _pick(rng, _PLEASANTRIES)
        text = text.lower() if rng.random() < 0.3 else text
        out.append(Example(text, "synthetic_small_talk", dict.fromkeys((*TOXIC, "spam"), 0.0), 1.0))
    for _ in range(n_swear):
        text = _pick(rng, _SWEAR_FRAMES).replace("{s}", _pick(rng, _SWEARS_FREE))
        text = text[0].upper() + text[1:] if rng.random() < 0.5 else text
        labels = {
            "profanity": 1.0,
            "vulgarity": 0.0,
            "discourtesy": 0.0,
            "hate": 0.0,
            "violence": 0.0,
            "spam": 0.0,
        }
        out.append(Example(text, "synthetic_register", labels, 1.0))
    return out


def generate(seed: int, root: Path) -> list[Example]:
    """All synthetic examples for one training run."""
    rng = random.Random(seed)
    return (
        spam_examples(rng)
        + context_negatives(rng)
        + register_gaps(rng)
        + lexicon_vulgarity(root, rng)
        + identity_mentions(root, rng)
        + group_mentions(rng)
        + small_talk_and_swearing(rng)
    )
