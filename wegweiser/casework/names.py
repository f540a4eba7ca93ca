"""Name keys for finding persons across scripts and transliterations.

INTERFACE (fixed): the rest of casework calls only these three functions (and may read the constant
`AUTOMATIC_PROPOSAL_SIMILARITY`).

- `name_tokens(text)`: the phonetic skeleton tokens of one name in any script (Latin, Cyrillic, Arabic ...),
  lower-case ASCII a-z, one token per name part, articles like al-/el- removed.
- `person_name_key(*names)`: the index key of a person from all their name parts (given and family names in
  Latin letters and in the original script): the sorted unique tokens joined by spaces.
- `name_similarity(query, key)`: 0.0 to 1.0, how well a typed query matches a stored person key; order of
  parts does not matter (swapped given and family names match).

How a skeleton is made. A person's name reaches the Migrationszentrum in many spellings: the passport's
official transliteration (Oleksandr Shevchenko), a German one (Olexandr Schewtschenko), a Russian-style one
(Aleksandr), a scientific one (Ševčenko), the original script (Олександр Шевченко, محمد الخطيب) and typos.
Each part is first brought to Latin letters by its script: Ukrainian Cyrillic with the official KMU table
(`translitua`), other Cyrillic and Ge'ez with `anyascii`, Arabic-script names (Arabic, Dari, Pashto, Sorani)
with a consonant table below, because short vowels are not written there. The Latin text is then folded to a
skeleton in which the spellings of one sound meet: sh/sch/ch/tsch/zh/ts/z/s become `s`, w/v/f/ph `f`,
h/g/gh `g` (Ukrainian г is Hryhorii in the passport, Grigoriy in Russian style), kh/q/ck/hard c `k`, x `ks`,
double letters one; vowels (with y and j, which are vowels in German and Ukrainian spellings) are dropped
inside the part, a leading vowel becomes `a` and a trailing i/y/ij sound becomes `i` (Andrii = Andrey =
Andrej = `andri`, Ali = علي = `ali`, but Alaa = `al`). The Arabic article (al-, el-, ad- ...) is removed, and
Abd al-X, Abdul X and Abdulx become one part, as do X Allah/ullah and X ad-Din. Dropping the vowels is what
lets محمد (mhmd) meet Mohammed and Muhammad; it also lets Mahmoud meet Mohammed, which the second name and the
birth date have to tell apart.
"""

import re
import unicodedata
from functools import lru_cache

import translitua
from anyascii import anyascii
from pyarabic import araby

# A merge is proposed automatically only at or above this similarity, with the same full birth date and sex;
# calibrated on generated variants, twins and siblings (tests/test_name_matching_quality.py and
# bench/names_quality.py print precision and recall by threshold).
AUTOMATIC_PROPOSAL_SIMILARITY = 0.9

_UKRAINIAN_LETTERS = frozenset("іїєґІЇЄҐ")

# Letters whose diacritic carries a sound that plain ASCII would lose (š is sh, not s).
_LATIN_LETTERS = str.maketrans(
    {
        "š": "sh",
        "ş": "sh",
        "ș": "sh",
        "ž": "zh",
        "č": "ch",
        "ç": "c",  # Turkish; typed without the cedilla it is c, and both fold alike
        "ć": "ch",
        "ŝ": "shch",
        "ț": "t",
        "ţ": "t",
        "ß": "ss",
        "ı": "i",
        "ł": "l",
        "đ": "d",
        "ø": "o",
        "æ": "ae",
        "œ": "oe",
        "ə": "e",
    }
)

# Sound units of a Latin spelling and the class they fold to; "A" is a vowel, "I" an i-like vowel (i, y, j).
_LATIN_UNITS = {
    "schtsch": "s",
    "shch": "s",
    "chtch": "s",
    "tsch": "s",
    "dsch": "I",
    "dzh": "I",
    "sch": "s",
    "tch": "s",
    "sh": "s",
    "zh": "s",
    "ch": "s",
    "kh": "k",
    "gh": "g",
    "ph": "f",
    "th": "t",
    "dh": "d",
    "dt": "t",
    "ts": "s",
    "tc": "s",
    "tz": "s",
    "cz": "s",
    "sz": "s",
    "dj": "I",
    "ck": "k",
    "ce": "sA",
    "ci": "sI",
    "cy": "sI",
    "x": "ks",
    "c": "k",
    "q": "k",
    "a": "A",
    "e": "A",
    "o": "A",
    "u": "A",
    "i": "I",
    "y": "I",
    "j": "I",
    "w": "f",
    "v": "f",
    "f": "f",
    "h": "g",
    "g": "g",
    "z": "s",
}
_GERMAN_CH = re.compile(r"(?<![st])([aeiou])ch(?=[bdfgklmnpqrstvwz])")
_LATIN_UNIT = re.compile("|".join(sorted((re.escape(unit) for unit in _LATIN_UNITS), key=len, reverse=True)) + "|.")

# Arabic-script letters (Arabic, Persian/Dari, Pashto, Sorani) straight to skeleton classes. Short vowels are
# not written, so only long vowels and the glottal letters give "A"/"I"; waw is decided by position.
_ARABIC_CLASSES = {
    "ا": "A",
    "آ": "A",
    "أ": "A",
    "إ": "A",
    "ٱ": "A",
    "ى": "A",
    "ء": "A",
    "ؤ": "A",
    "ئ": "A",
    "ع": "A",
    "ۆ": "A",
    "ە": "A",
    "ة": "",
    "ب": "b",
    "پ": "p",
    "ت": "t",
    "ث": "t",
    "ټ": "t",
    "ٹ": "t",
    "ط": "t",
    "ج": "I",
    "چ": "s",
    "ح": "g",
    "ه": "g",
    "غ": "g",
    "گ": "g",
    "خ": "k",
    "ق": "k",
    "ك": "k",
    "ک": "k",
    "د": "d",
    "ذ": "d",
    "ض": "d",
    "ډ": "d",
    "ڈ": "d",
    "ر": "r",
    "ڕ": "r",
    "ړ": "r",
    "ز": "s",
    "ژ": "s",
    "ږ": "s",
    "س": "s",
    "ش": "s",
    "ښ": "s",
    "ص": "s",
    "ظ": "s",
    "ځ": "s",
    "څ": "s",
    "ف": "f",
    "ڤ": "f",
    "ل": "l",
    "ڵ": "l",
    "م": "m",
    "ن": "n",
    "ڼ": "n",
    "ں": "n",
    "ي": "I",
    "ی": "I",
    "ې": "I",
    "ێ": "I",
    "ۍ": "I",
    "ے": "I",
}
_ARABIC_WAW = "و"
_ARABIC_ARTICLE = "ال"
_ARABIC_ABD = "عبد"
_ARABIC_SUFFIXES = frozenset({"الله", "الدين"})  # Habib Allah, Nur ad-Din: one name written as two words

_LATIN_ARTICLES_SPACED = frozenset({"al", "el", "ul", "ol"})
_LATIN_ARTICLES_HYPHENATED = _LATIN_ARTICLES_SPACED | frozenset(
    {
        "il",
        "ar",
        "as",
        "ash",
        "ad",
        "an",
        "at",
        "az",
        "ath",
        "adh",
        "ed",
        "er",
        "es",
        "en",
        "et",
        "ez",
        "ud",
        "ur",
        "us",
    }
)
_LATIN_ABD = frozenset({"abd", "abdul", "abdel", "abdal", "abdol", "abdoul", "abdu", "abdil"})
_LATIN_ABD_JOINED = re.compile(r"^abd(?:u|e|a|o|ou|i)l(?=[a-z])")  # Abdulrahman, Abdelaziz, Abdallah
_LATIN_SUFFIXES = frozenset(
    {"din", "deen", "ddin", "uddin", "eddin", "addin", "oddin", "iddin", "ullah", "ollah", "allah"}
)

# Ge'ez: the kh-series (ኸ) is written k in Latin spellings of Tigrinya names (Tekle, not Tehle).
_GEEZ_KH = {chr(0x12B8 + i): chr(0x12A8 + i) for i in range(8)}

_WORD_SEPARATORS = re.compile(r"[\s,;/()\[\]{}.]+")
_HYPHENS = re.compile(r"[-‐‑–—_]+")
_APOSTROPHES = re.compile(r"['’ʼʻ`´ʿʾ′\"]")


def name_tokens(text: str) -> list[str]:
    return list(_text_tokens(text or ""))


def person_name_key(*names: str) -> str:
    tokens = {token for name in names for token in name_tokens(name)}
    return " ".join(sorted(tokens))


def name_similarity(query: str, key: str) -> float:
    wanted = _text_tokens(query or "")
    have = tuple(dict.fromkeys(key.split()))
    if not wanted or not have:
        return 0.0
    return _tokens_similarity(wanted, have)


@lru_cache(maxsize=100_000)
def _text_tokens(text: str) -> tuple[str, ...]:
    # Not deduplicated: a query "Ahmad Al-Ahmad" has two parts, and "Muhammad Al-Ahmad" must not cover both.
    return tuple(token for token in map(_skeleton, _words(text)) if token)


# Words: split a name into parts and join the parts that belong together ------------------------------------


def _words(text: str) -> list[str]:
    """The name parts of `text`, each prefixed by its script ("C" Ukrainian Cyrillic, "R" other Cyrillic,
    "A" Arabic script, "L" Latin and everything else), with articles dropped and compounds joined."""
    text = unicodedata.normalize("NFC", text or "")
    ukrainian = any(ch in _UKRAINIAN_LETTERS for ch in text)
    parts: list[tuple[str, str, bool]] = []  # (script, part, joined to the previous part by a hyphen)
    for word in _WORD_SEPARATORS.split(text):
        for position, piece in enumerate(p for p in _HYPHENS.split(word) if p):
            script = _script(piece, ukrainian)
            if script == "A":
                piece = araby.strip_tatweel(araby.strip_diacritics(piece))
            else:
                piece = _APOSTROPHES.sub("", piece.lower())
            if piece:
                parts.append((script, piece, position > 0))
    kept: list[tuple[str, str]] = []
    for index, (script, piece, _) in enumerate(parts):
        following = parts[index + 1] if index + 1 < len(parts) else None
        if script == "L" and following is not None and following[0] == "L":
            articles = _LATIN_ARTICLES_HYPHENATED if following[2] else _LATIN_ARTICLES_SPACED
            if piece in articles:
                continue
        kept.append((script, piece))
    words: list[str] = []
    index = 0
    while index < len(kept):
        script, piece = kept[index]
        following = kept[index + 1] if index + 1 < len(kept) else None
        if following is not None and following[0] == script:
            # Abd al-Rahman, Abdul Rahman, عبد الرحمن: one name
            if script == "L" and piece in _LATIN_ABD:
                piece = "abd" + following[1]
                index += 1
            elif script == "A" and piece == _ARABIC_ABD:
                piece += _strip_arabic_article(following[1])
                index += 1
        previous_same_script = bool(words) and words[-1][0] == script
        if previous_same_script and script == "L" and piece in _LATIN_SUFFIXES:
            words[-1] += piece  # Habib Ullah, Nur ad-Din
        elif previous_same_script and script == "A" and piece in _ARABIC_SUFFIXES:
            words[-1] += _strip_arabic_article(piece)
        else:
            words.append(script + piece)
        index += 1
    return words


def _script(piece: str, ukrainian: bool) -> str:
    for ch in piece:
        code = ord(ch)
        if 0x0400 <= code <= 0x052F:
            return "C" if ukrainian else "R"
        if 0x0600 <= code <= 0x06FF or 0x0750 <= code <= 0x077F or 0xFB50 <= code <= 0xFEFF:
            return "A"
    return "L"


def _strip_arabic_article(word: str) -> str:
    if word.startswith(_ARABIC_ARTICLE) and len(word) > 3:
        return word[2:]
    return word


# Skeletons -------------------------------------------------------------------------------------------------


@lru_cache(maxsize=200_000)
def _skeleton(word: str) -> str:
    script, text = word[0], word[1:]
    if script == "A":
        return _finish(_arabic_classes(text))
    if script == "C":
        latin = translitua.translit(text, translitua.UkrainianKMU)
    elif script == "R":
        latin = anyascii(text)
    else:
        latin = _latin(text)
    latin = "".join(ch for ch in latin.lower() if "a" <= ch <= "z")
    if script == "L":
        latin = _LATIN_ABD_JOINED.sub("abd", latin)
    return _finish(_latin_classes(latin))


def _latin(text: str) -> str:
    text = text.translate(_LATIN_LETTERS)
    if any(0x1200 <= ord(ch) <= 0x137F for ch in text):
        text = "".join(_GEEZ_KH.get(ch, ch) for ch in text)
    if not text.isascii():
        text = anyascii(text)
    return text


def _latin_classes(latin: str) -> str:
    latin = re.sub(r"(.)\1+", r"\1", latin)
    if latin.startswith("ch") and len(latin) > 2 and latin[2] not in "aeiouy":
        latin = "k" + latin[2:]  # Chmelnyzkyj, Chrystyna: German ch for х before a consonant
    # Achmed, Machmud: German ch after a vowel and before a consonant is the h of Ahmed, not the ch of Kravchuk
    latin = _GERMAN_CH.sub(r"\1h", latin)
    return "".join(_LATIN_UNITS.get(unit, unit) for unit in _LATIN_UNIT.findall(latin))


def _arabic_classes(text: str) -> str:
    text = _strip_arabic_article(text)
    if text.startswith(_ARABIC_ABD + _ARABIC_ARTICLE) and len(text) > 5:
        text = _ARABIC_ABD + text[5:]
    classes = []
    for position, ch in enumerate(text):
        if ch == _ARABIC_WAW:
            following = text[position + 1] if position + 1 < len(text) else ""
            # waw is w at the start and before a long a (Walid, Marwan), otherwise the vowel u/o (Nour).
            consonant = position == 0 or _ARABIC_CLASSES.get(following) == "A"
            classes.append("f" if consonant else "A")
        else:
            classes.append(_ARABIC_CLASSES.get(ch, ""))
    return "".join(classes)


def _finish(classes: str) -> str:
    """Leading vowels become "a", inner vowels go, a trailing i-like vowel becomes "i", repeats collapse."""
    length = len(classes)
    start = 0
    while start < length and classes[start] in "AI":
        start += 1
    end = length
    while end > start and classes[end - 1] in "AI":
        end -= 1
    out = ["a"] if start else []
    previous = ""
    for ch in classes[start:end]:
        if ch in "AI":
            previous = ""
        elif ch != previous:
            out.append(ch)
            previous = ch
    if end < length and "I" in classes[end:]:
        out.append("i")
    return "".join(out)


# Similarity ------------------------------------------------------------------------------------------------

# Substitutions between neighbouring sounds cost half.
_HALF_COST = {
    first + second: 0.5 for pair in ("bp", "dt", "gk", "sk", "fp", "sd") for first, second in (pair, pair[::-1])
}
_PARTNERS: dict[str, frozenset[str]] = {}
for _pair in _HALF_COST:
    _PARTNERS[_pair[0]] = _PARTNERS.get(_pair[0], frozenset()) | {_pair[1]}
_NO_PARTNERS: frozenset[str] = frozenset()
# Below this two parts count as unrelated; it also lets most pairs skip the edit distance.
_UNRELATED = 0.5


@lru_cache(maxsize=500_000)
def _token_similarity(a: str, b: str) -> float:
    if a == b:
        return 1.0
    if len(a) == 1 or len(b) == 1:
        # an initial ("O. Shevchenko") stands for any part with that first letter
        return 0.75 if a[0] == b[0] else 0.0
    best = _edit_similarity(a, b)
    # "Alkhatib", "Alali" written as one word against "al-Khatib", "al-Ali" (article dropped), and the
    # reverse; the article's vowel stands for the name's own leading vowel when it had one (Al-Ahmad).
    for joined, bare in ((a, b), (b, a)):
        if len(joined) >= 4 and joined.startswith("al") and not bare.startswith("al"):
            rest = joined[2:]
            if bare[0] == rest[0]:
                best = max(best, 0.95 * _edit_similarity(rest, bare))
            elif bare[0] == "a" and bare[1] == rest[0]:
                best = max(best, 0.95 * _edit_similarity("a" + rest, bare))
    return best


def _edit_similarity(a: str, b: str) -> float:
    longest = max(len(a), len(b))
    # The trailing-letter rule below saves at most half an edit: a cheap bound skips unrelated pairs.
    if 1.0 - (_missing_cost(a, b) - 0.5) / longest < _UNRELATED:
        return 0.0
    # Beyond this distance the pair is unrelated even after the trailing-letter rule below.
    cutoff = (1.0 - _UNRELATED) * longest + 0.5
    distance = _distance(a, b, cutoff)
    # A trailing h (Fatimah, Abdullah against Fatima, Abdulla) or i (Kidanie, Dimitri) costs half; not in
    # short names, where it is often all that tells two apart (Olga, Alla).
    for one, other in ((a, b), (b, a)):
        if len(one) > 3 and one[-1] in "gi" and other[-1] != one[-1] and 1.0 - (distance - 0.5) / longest >= _UNRELATED:
            distance = min(distance, 0.5 + _distance(one[:-1], other, cutoff))
    similarity = 1.0 - distance / longest
    return similarity if similarity >= _UNRELATED else 0.0


def _missing_cost(a: str, b: str) -> float:
    """A lower bound of `_distance`: every letter of one part that the other lacks needs its own edit,
    half an edit when the other has a related sound."""

    def side(one: str, other: str) -> float:
        cost = 0.0
        for ch in one:
            if ch not in other:
                cost += 1.0 if _PARTNERS.get(ch, _NO_PARTNERS).isdisjoint(other) else 0.5
        return cost

    return max(side(a, b), side(b, a), float(abs(len(a) - len(b))))


def _distance(a: str, b: str, cutoff: float = 1e9) -> float:
    """Edit distance with adjacent transpositions; substitutions of related sounds cost half. Stops early
    with a value above `cutoff` once every path exceeds it."""
    length = len(b)
    before_previous: list[float] = []
    previous = [float(j) for j in range(length + 1)]
    half_cost = _HALF_COST
    for i, x in enumerate(a, 1):
        current = [float(i)] * (length + 1)
        for j in range(1, length + 1):
            y = b[j - 1]
            if x == y:
                value = previous[j - 1]
            else:
                value = previous[j - 1] + half_cost.get(x + y, 1.0)
                if previous[j] + 1.0 < value:
                    value = previous[j] + 1.0
                if current[j - 1] + 1.0 < value:
                    value = current[j - 1] + 1.0
                if i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y and before_previous[j - 2] + 1.0 < value:
                    value = before_previous[j - 2] + 1.0
            current[j] = value
        if min(current) > cutoff:
            return cutoff + 1.0
        before_previous, previous = previous, current
    return previous[length]


@lru_cache(maxsize=100_000)
def _tokens_similarity(wanted: tuple[str, ...], have: tuple[str, ...]) -> float:
    best = _matching_score(wanted, have)
    if best >= 0.98:
        return best
    # A compound written apart on one side and together on the other (Gebre Medhin / Gebremedhin).
    for index in range(len(wanted) - 1):
        joined = wanted[index] + wanted[index + 1]
        if any(token[0] == joined[0] and abs(len(token) - len(joined)) <= 1 for token in have):
            best = max(best, _matching_score((*wanted[:index], joined, *wanted[index + 2 :]), have))
    for token in wanted:
        if len(token) < 5 or max(_token_similarity(token, part) for part in have) >= 0.8:
            continue
        for first in have:
            if first[0] != token[0]:
                continue
            for second in have:
                if second is first or abs(len(first) + len(second) - len(token)) > 1:
                    continue
                rest = tuple(part for part in have if part is not first and part is not second)
                best = max(best, _matching_score(wanted, (first + second, *rest)))
    return best


def _matching_score(wanted: tuple[str, ...], have: tuple[str, ...]) -> float:
    """Share of the query (weighted by part length) found in the key, each key part used once, lowered by
    the weakest matched part: a twin whose given name differs a little from the query's (Iryna and Olena,
    the same family name) must not reach the similarity of a respelling."""
    pairs = sorted(
        ((_token_similarity(w, h), wi, hi) for wi, w in enumerate(wanted) for hi, h in enumerate(have)),
        reverse=True,
    )
    matched: dict[int, int] = {}  # query part -> key part
    used_have: set[int] = set()
    score = 0.0
    weakest = 1.0
    for similarity, wi, hi in pairs:
        if similarity <= 0.0:
            break
        if wi in matched or hi in used_have:
            continue
        matched[wi] = hi
        used_have.add(hi)
        score += similarity * max(len(wanted[wi]), 2)
        weakest = min(weakest, similarity)
    # Ahmad Al-Ahmad, Sami Al-Shami: given and family name share a skeleton, so the key holds it once.
    # A query part may use a key part again when it is the same as another query part that matched it.
    reused = False
    for wi, token in enumerate(wanted):
        if wi in matched:
            continue
        for other, hi in list(matched.items()):
            if _token_similarity(token, wanted[other]) >= 0.9 and _token_similarity(token, have[hi]) >= 0.9:
                matched[wi] = hi
                score += _token_similarity(token, have[hi]) * max(len(token), 2)
                reused = True
                break
    total = sum(max(len(token), 2) for token in wanted)
    # Key parts the query did not mention (a second given name, or another person's first one) lower the
    # similarity a little, and more when a part was used twice, since then the unmentioned part is likely
    # the family name. A key part that only respells a matched one (Alkhatib beside Khatib) is mentioned.
    unmentioned = sum(
        1
        for hi, part in enumerate(have)
        if hi not in used_have and not any(_token_similarity(token, part) >= 0.8 for token in wanted)
    )
    share = score / total * (0.6 + 0.4 * weakest)
    return max(0.0, share - (0.1 if reused else 0.03) * min(unmentioned, 3))
