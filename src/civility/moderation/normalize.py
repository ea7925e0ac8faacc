"""Evasion-normalisation of comment text, keeping a map from every output character to the original.

Readers who want a banned word through write it with look-alike letters ("іdіot" in Cyrillic), fullwidth or
mathematical letters, zero-width characters, accents, leetspeak ("b1tch"), separators ("f.u.c.k",
"i d i o t") or stretched letters ("stuuuupid"). `normalize` undoes all of these so that detectors and
models see one canonical, lowercase form, and `NormalizedText.offsets` maps each output character back to
the original character that produced it, so evidence spans are always shown over what the author wrote.

The steps, in order (each keeps the offset map):
0. escapes written out as text are decoded: "\\n", "\\'", "\\u00e9" and UTF-8 bytes such as
   "\\xe2\\x80\\x99", with one backslash or two, and HTML character references ("&amp;", "&#8217;")
   (exported comments carry them);
1. per character: compatibility decomposition (NFKD: fullwidth, math alphanumerics, ligatures, circled
   letters), case folding, removal of combining marks (accents, strike-through overlays) and of invisible
   format characters (zero-width space/joiner, soft hyphen, BOM), recomposition (NFKC), and a table of
   Cyrillic/Greek/Latin look-alikes; control and exotic space characters become a plain space;
2. runs of whitespace collapse to one space;
3. separators inside words are removed: three or more single letters separated by the same run of spaces,
   dots, dashes, underscores or slashes ("f.u.c.k", "i d i o t") are joined, also with a 2-3 letter
   fragment at either end when the separator is not a space ("st.u.p.i.d", "i.d.i.ot"); a run of six or
   more letters spelt one by one that is not itself a word is cut back into the likeliest words with a
   space from the author's separator ("y o u  a r e  a n  i d i o t" → "you are an idiot",
   `civility.moderation.segment`);
4. leetspeak is undone only inside tokens that mix letters with leet characters (so "2024", "$5", "5pm",
   "3rd" and "mp3"-like units survive): @→a, 4→a, 3→e, 1/!→i, |→l, 0→o, $/5→s, 7→t, 8→b, 9→g, €→e;
   a leading "@" (a mention) and trailing "!"/"|" (punctuation) are left alone;
5. stretched letters (three or more of the same) are reduced: vowels to one ("stuuuupid" → "stupid"),
   consonants to two ("asssss" → "ass").

The model-training scripts use this same function, so its output is a stable contract: change it only with
a retrained model.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable, Sequence

from civility.moderation.detector import NormalizedText
from civility.moderation.segment import split_words

# Look-alikes that NFKC does not fold, mapped to the Latin letter they imitate (applied after case folding).
_CONFUSABLES: dict[str, str] = {
    # Cyrillic
    "а": "a",
    "б": "b",
    "в": "b",
    "г": "r",
    "д": "d",
    "е": "e",
    "ё": "e",
    "з": "3",
    "и": "u",
    "й": "u",
    "к": "k",
    "л": "n",
    "м": "m",
    "н": "h",
    "о": "o",
    "п": "n",
    "р": "p",
    "с": "c",
    "т": "t",
    "у": "y",
    "х": "x",
    "ц": "u",
    "ч": "4",
    "ш": "w",
    "щ": "w",
    "ъ": "b",
    "ы": "bi",
    "ь": "b",
    "э": "e",
    "ю": "io",
    "я": "r",
    "ѕ": "s",
    "і": "i",
    "ї": "i",
    "ј": "j",
    "ԁ": "d",
    "ԛ": "q",
    "ԝ": "w",
    "ү": "y",
    "һ": "h",
    "ӏ": "l",
    "ɡ": "g",
    "ѵ": "v",
    "ѡ": "w",
    "ґ": "r",
    "є": "e",
    "ӕ": "ae",
    # Greek (after case folding)
    "α": "a",
    "β": "b",
    "γ": "y",
    "δ": "d",
    "ε": "e",
    "ζ": "z",
    "η": "n",
    "θ": "o",
    "ι": "i",
    "κ": "k",
    "λ": "l",
    "μ": "u",
    "ν": "v",
    "ξ": "e",
    "ο": "o",
    "π": "n",
    "ρ": "p",
    "σ": "o",
    "ς": "c",
    "τ": "t",
    "υ": "u",
    "φ": "o",
    "χ": "x",
    "ψ": "w",
    "ω": "w",
    "ϲ": "c",
    "ϳ": "j",
    # Latin letters that do not decompose
    "ɑ": "a",
    "ı": "i",
    "ł": "l",
    "ø": "o",
    "đ": "d",
    "ħ": "h",
    "ŀ": "l",
    "æ": "ae",
    "œ": "oe",
    "ɩ": "i",
    "ɪ": "i",
    "ʏ": "y",
    "ʀ": "r",
    "ʙ": "b",
    "ʜ": "h",
    "ɴ": "n",
    "ᴀ": "a",
    "ᴄ": "c",
    "ᴅ": "d",
    "ᴇ": "e",
    "ᴊ": "j",
    "ᴋ": "k",
    "ᴍ": "m",
    "ᴏ": "o",
    "ᴘ": "p",
    "ᴛ": "t",
    "ᴜ": "u",
    "ᴠ": "v",
    "ᴡ": "w",
    "ᴢ": "z",
    "ꜰ": "f",
    "ɢ": "g",
    "ʟ": "l",
    "ꞯ": "q",
    "ꜱ": "s",
    "ƅ": "b",
    "ɓ": "b",
    "ƈ": "c",
    "ɗ": "d",
    "ƒ": "f",
    "ɠ": "g",
    "ɦ": "h",
    "ƙ": "k",
    "ɱ": "m",
    "ɲ": "n",
    "ƥ": "p",
    "ʠ": "q",
    "ʂ": "s",
    "ƭ": "t",
    "ʋ": "v",
    "ⱳ": "w",
    "ƴ": "y",
    "ȥ": "z",
    "ɛ": "e",
    "ɔ": "o",
    "ʊ": "u",
    "ǝ": "e",
    # Cherokee capitals that look like Latin ones (case folding maps Cherokee small letters to these)
    "Ꭺ": "a",
    "Ᏼ": "b",
    "Ꮯ": "c",
    "Ꭰ": "d",
    "Ꭼ": "e",
    "Ꮐ": "g",
    "Ꮋ": "h",
    "Ꭻ": "j",
    "Ꮶ": "k",
    "Ꮮ": "l",
    "Ꮇ": "m",
    "Ꮲ": "p",
    "Ꭱ": "r",
    "Ꮪ": "s",
    "Ꭲ": "t",
    "Ꮩ": "v",
    "Ꮃ": "w",
    "Ꮓ": "z",
    # symbols and punctuation used as letters or separators
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2212": "-",
    "\u00b7": ".",
    "\u2022": ".",
    "\u2219": ".",
    "\u22c5": ".",
    "\u2024": ".",
    "\u2018": "'",
    "\u2019": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u201c": '"',
    "\u201d": '"',
}

# Characters removed outright besides combining marks (categories Mn, Me) and format characters (Cf).
_DROP_CATEGORIES = frozenset({"Mn", "Me", "Cf"})
_CACHE_LIMIT = 50_000
_char_cache: dict[str, str] = {}


_ASCII_CONTROLS = {code: "\n" if chr(code) in "\n\r" else " " for code in [*range(32), 127]}


def _fold_char(char: str) -> str:
    """The canonical form of one character: possibly empty, possibly several characters."""
    cached = _char_cache.get(char)
    if cached is not None:
        return cached
    category = unicodedata.category(char)
    if category in _DROP_CATEGORIES:
        result = ""
    elif category in ("Cc", "Zs", "Zl", "Zp"):
        result = "\n" if char in "\n\r\u2028\u2029" else " "
    else:
        decomposed = unicodedata.normalize("NFKD", char).casefold()
        decomposed = unicodedata.normalize("NFKD", decomposed)
        kept = "".join(c for c in decomposed if unicodedata.category(c) not in _DROP_CATEGORIES)
        composed = unicodedata.normalize("NFKC", kept)
        result = "".join(_CONFUSABLES.get(c, c) for c in composed).lower()
        code = ord(char)
        if 0x1F150 <= code <= 0x1F169 or 0x1F170 <= code <= 0x1F189:  # negative circled/squared letters
            result = chr(ord("a") + (code - 0x1F150) % 0x20)
        elif 0x1F1E6 <= code <= 0x1F1FF:  # regional indicator letters, used to spell words
            result = chr(ord("a") + code - 0x1F1E6)
    if len(_char_cache) < _CACHE_LIMIT:
        _char_cache[char] = result
    return result


_LEET: dict[str, str] = {
    "@": "a",
    "4": "a",
    "3": "e",
    "1": "i",
    "!": "i",
    "|": "l",
    "0": "o",
    "$": "s",
    "5": "s",
    "7": "t",
    "8": "b",
    "9": "g",
    "€": "e",
}
_LEET_CHARS = "".join(re.escape(c) for c in _LEET)
# Tokens (runs of letters, digits and leet characters) that contain at least one leet character: only
# these can need undoing, and letting the regex engine skip the rest saves a call per ordinary word.
_LEET_TOKEN = re.compile(rf"[a-z0-9{_LEET_CHARS}]*[{_LEET_CHARS}][a-z0-9{_LEET_CHARS}]*")
# A necessary condition for `_leet_core` to undo some token: inside one token (a run of `_TOKEN_CHAR`) a
# letter and, in the token's core, a leet character. That is: a leet character that is never stripped
# (or a non-leading "@") before a letter, or one after a letter ("!"/"|" only with a non-"!|" character
# after it, so not trailing). The second kind is searched in the reversed text, so that every pattern
# starts at a leet character (rare) instead of at every letter; where neither finds anything, no token
# changes and the leet pass is skipped.
_TOKEN_CHAR = rf"[a-z0-9{_LEET_CHARS}]"
# Each is written as one character class then a negative look-behind rather than as two alternatives, so
# that the regex engine can skip to the characters of the class ("x|@(?<=T@)" is "[x@](?<!(?<!T)@)").
_LEET_BEFORE_LETTER = re.compile(rf"[4310$5789€!|@](?<!(?<!{_TOKEN_CHAR})@){_TOKEN_CHAR}*?[a-z]")
_LEET_AFTER_LETTER_REVERSED = re.compile(rf"[@4310$5789€!|](?<!(?<![a-z0-9@$€])[!|]){_TOKEN_CHAR}*?[a-z]")


def _leet_possible(text: str) -> bool:
    """False only when no token of `text` has a leet character to undo (see `_leet_core`)."""
    return (
        _LEET_BEFORE_LETTER.search(text) is not None
        or _LEET_AFTER_LETTER_REVERSED.search(text[::-1]) is not None
    )


_HAS_LETTER = re.compile(r"[a-z]")
_HAS_LEET = re.compile(rf"[{_LEET_CHARS}]")
# Tokens that legitimately mix digits and letters: ordinals, amounts with units, decades, times.
_NUMERIC_WITH_UNIT = re.compile(
    r"[$€£]?\d+(?:[.,]\d+)*(?:st|nd|rd|th|s|am|pm|k|m|bn|b|x|g|gb|mb|tb|kb|km|kg|cm|mm|ml|lb|lbs|ft|h|hr|"
    r"hrs|min|mins|mph|kph|yo|d|p|px|mp|hz|ghz|mhz|v|w|kw|kwh|mw)"
)
_WHITESPACE = re.compile(r"\s{2,}")
# Three or more single word-characters separated by the same 1-3 separator characters: "f.u.c.k",
# "i d i o t" (the same separator throughout, so "a f.u.c.k" joins only the dotted word).
# With a dot, dash, underscore, slash or tilde (not a space, nor a backslash as in escaped "\\n") the
# first or last piece may be a 2-3 letter fragment next to at least three single characters:
# "st.u.p.i.d", "i.d.i.ot".
_SPLIT_WORD = re.compile(
    r"(?<![a-z0-9@$])[a-z]{2,3}(?P<lead>[.\-_/~]{1,3})[a-z0-9@$](?:(?P=lead)[a-z0-9@$]){2,}(?![a-z0-9])"
    r"|(?<![a-z0-9@$])[a-z0-9@$](?P<tail>[.\-_/~]{1,3})[a-z0-9@$](?:(?P=tail)[a-z0-9@$])+"
    r"(?P=tail)[a-z]{2,3}(?![a-z0-9])"
    r"|(?<![a-z0-9@$])[a-z0-9@$](?P<sep>[ .\-_/\\~]{1,3})[a-z0-9@$](?:(?P=sep)[a-z0-9@$])+(?![a-z0-9])"
)
# Every match of `_SPLIT_WORD` holds three single characters with the same separator run between them
# ("x.y.z"), the first not after another such character and the last not before a letter or digit; this
# much simpler pattern finds those (and a few more) far faster, and where it finds nothing `_SPLIT_WORD`
# cannot match either. (The look-behind comes after the first character so that the engine can skip to
# the characters that may start a match.)
_SPLIT_WORD_HINT = re.compile(
    r"[a-z0-9@$](?<![a-z0-9@$]{2})([ .\-_/\\~]{1,3})[a-z0-9@$]\1[a-z0-9@$](?![a-z0-9])"
)
# A necessary condition for `_SPLIT_WORD_HINT`, found faster still (it starts at a separator, not at
# every letter): the last two single characters "y.z" with a separator before each.
_SPLIT_WORD_TAIL = re.compile(r"[ .\-_/\\~][a-z0-9@$]([ .\-_/\\~]{1,3})[a-z0-9@$](?![a-z0-9])")
_SEPARATOR = frozenset(" .-_/\\~")
_SENTENCE_RUN = 6  # joined runs this long or longer may be spaced-out sentences, cut into words
_STRETCH = re.compile(r"([a-z])\1{2,}")
# Matches exactly where `_STRETCH` does, found faster (no repeat to count): the check before that pass.
_STRETCH_CHECK = re.compile(r"([a-z])\1\1")
# The identity offsets of texts up to this long, sliced from one tuple (faster than building a new one)
_IDENTITY_OFFSETS = tuple(range(10_001))
_VOWELS = frozenset("aeiouy")

_Chars = list[str]
_Offsets = list[int]


_PASSES: tuple[tuple[re.Pattern[str], Callable[[str, Sequence[int]], _Replacement]], ...]


def normalize(text: str) -> NormalizedText:
    """Normalise `text` against evasion; see the module docstring for the steps."""
    if "\\" in text or ("&" in text and ";" in text):
        unescaped = _unescape(text)
        if unescaped is not None:
            decoded, origin = unescaped
            inner = normalize(decoded)  # terminates: each level's text is shorter
            mapped = (*(origin[index] for index in inner.offsets[:-1]), len(text))
            return NormalizedText(original=text, text=inner.text, offsets=mapped)
    joined = _fold_one_to_one(text)
    # most comments fold one character for one (identity offsets) and need no rewriting: an offset list
    # is built only when a pass rewrites (a range stands for the identity until then)
    offsets: Sequence[int] | None = None
    if joined is None:
        chars, offsets = _fold_each(text)
        joined = "".join(chars)
    ascii_fold = offsets is None and text.isascii()
    for pattern, replace in _PASSES:
        # most comments need no rewriting in most passes: one search in C decides
        if pattern is _WHITESPACE and ascii_fold:
            if not _ascii_fold_has_whitespace_run(joined):
                continue
        elif pattern is _SPLIT_WORD and (
            _SPLIT_WORD_TAIL.search(joined) is None or _SPLIT_WORD_HINT.search(joined) is None
        ):
            continue
        if pattern is _LEET_TOKEN:
            if not _leet_possible(joined):
                continue
            # most leet-like tokens are numbers, "great!" or "@name", which stay: rewrite only if one changes
            if not any(_leet_core(token) is not None for token in pattern.findall(joined)):
                continue
        elif (_STRETCH_CHECK if pattern is _STRETCH else pattern).search(joined) is None:
            continue
        offsets, joined = _rewrite(
            range(len(joined)) if offsets is None else offsets, joined, pattern, replace
        )
    if offsets is None:
        size = len(text) + 1
        identity = _IDENTITY_OFFSETS[:size] if size <= len(_IDENTITY_OFFSETS) else tuple(range(size))
        return NormalizedText(original=text, text=joined, offsets=identity)
    return NormalizedText(original=text, text=joined, offsets=(*offsets, len(text)))


# Escapes written out as text, as comments exported from a database or a CSV file carry them (the Kaggle
# insult comments hold "\\n", "\\xa0" and "\\xe2\\x80\\x99" literally), with one backslash or two, and
# HTML character references ("&amp;", "&#8217;", "&nbsp;") of comments exported from web pages.
_ESCAPE = re.compile(
    r"(?:\\{1,2}x[0-9a-fA-F]{2})+|\\{1,2}u[0-9a-fA-F]{4}|\\{1,2}[ntr'\"]"
    r"|&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,9});"
)
_ESCAPED_CHARACTER = {"n": "\n", "t": " ", "r": " ", "'": "'", '"': '"'}


def _unescape(text: str) -> tuple[str, list[int]] | None:
    """Step 0: `text` with its written-out escapes decoded, and the index in `text` of each character
    (a decoded character points at the start of its escape); None when it has none."""
    pieces: list[str] = []
    origin: list[int] = []
    cursor = 0
    for match in _ESCAPE.finditer(text):
        start, end = match.span()
        escape = match.group().replace("\\", "")
        if escape[0] == "&":
            decoded = html.unescape(escape)
            if decoded == escape:  # not a character reference HTML knows
                continue
        elif escape[0] == "x":
            raw = bytes.fromhex(escape.replace("x", ""))
            try:
                decoded = raw.decode("utf-8")
            except UnicodeDecodeError:
                decoded = raw.decode("latin-1")
        elif escape[0] == "u":
            decoded = chr(int(escape[1:], 16))
        else:
            decoded = _ESCAPED_CHARACTER[escape]
        pieces.append(text[cursor:start])
        origin.extend(range(cursor, start))
        pieces.append(decoded)
        origin.extend([start] * len(decoded))
        cursor = end
    if not pieces:
        return None
    pieces.append(text[cursor:])
    origin.extend(range(cursor, len(text)))
    return "".join(pieces), origin


def _ascii_fold_has_whitespace_run(folded: str) -> bool:
    """Whether `_WHITESPACE` matches in the fold of an ASCII text, with four substring searches.

    The fold of an ASCII text has no whitespace but " " and "\n" (it turns every control character into
    one of them), so `_WHITESPACE` matches exactly where one of these pairs is.
    """
    return "  " in folded or ("\n" in folded and (" \n" in folded or "\n " in folded or "\n\n" in folded))


def _fold(text: str) -> tuple[_Chars, _Offsets]:
    """Step 1: the folded characters of `text` and the index in `text` of each."""
    folded = _fold_one_to_one(text)
    if folded is None:
        return _fold_each(text)
    return list(folded), list(range(len(text)))


def _fold_one_to_one(text: str) -> str | None:
    """The folded `text` when every character folds to exactly one character (the offsets are then the
    identity), else None."""
    if text.isascii():
        # ASCII needs only lowercasing and control characters made spaces (newlines kept)
        folded = text.lower()
        if not folded.isprintable():
            folded = folded.translate(_ASCII_CONTROLS)
        return folded
    # one translate with a table holding every distinct character of the text (a character missing from
    # the table costs a failed lookup per occurrence)
    table: dict[int, str] = {}
    for char in set(text):
        if char.isascii() and char.isprintable():
            table[ord(char)] = char.lower()
        else:
            folded_char = _fold_char(char)
            if len(folded_char) != 1:
                return None
            table[ord(char)] = folded_char
    return text.translate(table)


def _fold_each(text: str) -> tuple[_Chars, _Offsets]:
    chars: _Chars = []
    offsets: _Offsets = []
    for index, char in enumerate(text):
        if char.isascii() and char.isprintable():
            chars.append(char.lower())
            offsets.append(index)
            continue
        for produced in _fold_char(char):
            chars.append(produced)
            offsets.append(index)
    return chars, offsets


_Replacement = list[tuple[str, int]] | None


def _rewrite(
    offsets: Sequence[int],
    text: str,
    pattern: re.Pattern[str],
    replace: Callable[[str, Sequence[int]], _Replacement],
) -> tuple[Sequence[int], str]:
    """Apply `replace` to every match of `pattern` in `text` (whose characters come from `offsets`); it
    returns (char, offset) pairs or None to keep the match. Returns the new offsets and text.

    The unchanged stretches are copied as slices of the text and of the offsets (a range while they are
    the identity), not character by character."""
    pieces: list[str] = []
    new_offsets: _Offsets = []
    cursor = 0
    changed = False
    for match in pattern.finditer(text):
        start, end = match.span()
        replacement = replace(match.group(), offsets[start:end])
        if replacement is None:
            continue
        changed = True
        pieces.append(text[cursor:start])
        new_offsets += offsets[cursor:start]
        for char, offset in replacement:
            pieces.append(char)
            new_offsets.append(offset)
        cursor = end
    if not changed:
        return offsets, text
    pieces.append(text[cursor:])
    new_offsets += offsets[cursor:]
    return new_offsets, "".join(pieces)


def _collapse_whitespace(group: str, offsets: Sequence[int]) -> _Replacement:
    return [(" ", offsets[0])]


def _join_split_word(group: str, offsets: Sequence[int]) -> _Replacement:
    kept = [(char, offset) for char, offset in zip(group, offsets, strict=True) if char not in _SEPARATOR]
    if sum(1 for char, _ in kept if "a" <= char <= "z") < 2:
        return None
    pieces = [piece for piece in re.split(r"[ .\-_/\\~]+", group) if piece]
    # a fragment joins only single letters ("st.u.p.i.d"), not numbers ("ver.1.2.3")
    singles = sum(1 for piece in pieces if len(piece) == 1 and "a" <= piece <= "z")
    if any(len(piece) > 1 for piece in pieces) and singles < 2:
        return None
    letters = "".join(char for char, _ in kept)
    # only letters spelt one by one can be a spaced-out sentence: not short runs (initials and text-speak,
    # "n.w.a", "r u a"), fragments ("v-a.ccination"), or stretched letters, which the stretch pass reads
    spelt_out = (
        len(letters) >= _SENTENCE_RUN
        and len(pieces) == len(letters)
        and letters.isalpha()
        and letters.isascii()
        and _STRETCH_CHECK.search(letters) is None
    )
    cuts = set(split_words(letters) or ()) if spelt_out else None
    if not cuts:
        return kept
    # a spaced-out sentence ("y o u  a r e  a n  i d i o t") is cut back into its words; each space
    # comes from the separator before the word's first letter
    separator_offset: dict[int, int] = {}
    previous_letter = -1
    for index, char in enumerate(group):
        if char not in _SEPARATOR:
            separator_offset[len(separator_offset)] = offsets[previous_letter + 1]
            previous_letter = index
    words: list[tuple[str, int]] = []
    for index, pair in enumerate(kept):
        if index in cuts:
            words.append((" ", separator_offset[index]))
        words.append(pair)
    return words


def _leet_core(group: str) -> tuple[int, int] | None:
    """The [first, last) part of a leet token to undo (without a leading "@" and trailing "!"/"|"), or
    None when the token stays as it is."""
    if not _HAS_LEET.search(group) or not _HAS_LETTER.search(group):
        return None
    if _NUMERIC_WITH_UNIT.fullmatch(group):
        return None
    first = 1 if group[0] == "@" else 0
    last = len(group)
    while last > first and group[last - 1] in "!|":
        last -= 1
    core = group[first:last]
    if not _HAS_LETTER.search(core) or not _HAS_LEET.search(core):
        return None
    return first, last


def _undo_leet(group: str, offsets: Sequence[int]) -> _Replacement:
    bounds = _leet_core(group)
    if bounds is None:
        return None
    first, last = bounds
    pairs = list(zip(group, offsets, strict=True))
    middle = [(_LEET.get(char, char), offset) for char, offset in pairs[first:last]]
    return [*pairs[:first], *middle, *pairs[last:]]


def _reduce_stretch(group: str, offsets: Sequence[int]) -> _Replacement:
    keep = 1 if group[0] in _VOWELS else 2
    return [(group[0], offset) for offset in offsets[:keep]]


_PASSES = (
    (_WHITESPACE, _collapse_whitespace),
    (_SPLIT_WORD, _join_split_word),
    (_LEET_TOKEN, _undo_leet),
    (_STRETCH, _reduce_stretch),
)
