"""Synthetic news-comment spam and its honest look-alikes (`spam_examples`).

Positives: work-from-home and crypto scams, SEO link drops, adult-site bait, fake support numbers and
copy-pasted promotions, with spammers' formatting. Negatives: honest reader comments that carry a link to a
source, a price or a phone number of a public office. Part of `training.synthetic`.
"""

from __future__ import annotations

import random
import string

from training.datasets import TOXIC, Example
from training.synthetic_pick import pick

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
    name = pick(rng, _WORDS) + pick(rng, ("", "-", "")) + pick(rng, _WORDS)
    if rng.random() < 0.4:
        name += str(rng.randrange(1, 999))
    return f"{name}.{pick(rng, _TLDS)}"


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
    return pick(
        rng, (f"+1 ({a}) {b}-{c}", f"1-800-{b}-{c}", f"{a}.{b}.{c}", f"+44 20 {b} {c}", f"{a}-{b}-{c}")
    )


def _money(rng: random.Random) -> str:
    amount = rng.choice((85, 97, 250, 350, 500, 750, 1500, 3000, 5000, 7500, 12000, 18000))
    return pick(
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
            value = pick(rng, _SLOTS[key])
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
        text = pick(rng, ("Hi everyone, ", "Hello friends! ", "Wow. ", "Honestly ", "")) + text
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
        text = _vary(_fill(pick(rng, family), rng), rng)
        if family is _PROMO and rng.random() < 0.3 and promos:
            text = pick(rng, promos)  # copy-pasted promotion, posted again verbatim
        promos.append(text)
        out.append(Example(text, "synthetic_spam", {"spam": 1.0}, 1.0))
    for _ in range(n_honest):
        text = pick(rng, _HONEST).replace("{src}", pick(rng, _SOURCES)).replace("{price}", _money(rng))
        out.append(Example(text, "synthetic_spam", {"spam": 0.0, **dict.fromkeys(TOXIC, 0.0)}, 1.0))
    return out
