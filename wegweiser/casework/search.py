"""Finding persons by any spelling of their name, a partial birth date or a phone number.

Two steps: the database index proposes candidates whose name key shares trigrams with the query (SQLite FTS5
trigram table, PostgreSQL pg_trgm GIN index, or a plain scan where neither exists), then `name_similarity`
and the birth date re-rank them in Python. The name key itself (`names.person_name_key`) does the hard part:
folding scripts and transliterations onto one phonetic skeleton.
"""

from dataclasses import dataclass, field
from functools import cache

from django.db import connection
from django.db.models import Q, QuerySet

from wegweiser.casework.models import Person
from wegweiser.casework.names import name_similarity, name_tokens
from wegweiser.core.partial_dates import PartialDate

# How many candidates the index hands to the re-ranking; enough that the right person is among them.
CANDIDATE_LIMIT = 300
# Below this name similarity a candidate is not shown as a search result.
SEARCH_MIN_SCORE = 0.34
# Intake shows a candidate as a likely duplicate when the whole score (names, birth date, phone) reaches the
# threshold and the names are close enough for what the birth dates say: a full date that agrees lets names of
# 0.75 through, a year that agrees (or a 1 January placeholder, which says no more) asks for 0.8, a year slip
# between two real full dates with the same day and month 0.9, no birth date on one side 0.9; a year slip where
# one side knows only the year, or a contradicting date, never (a phone may still).
# Measured with bench/casework_search.py (100,000 persons, 19 % of the full dates 1 January, SQLite): dropping
# the partial-date slips (exact namesakes a year apart, 7 % of all newcomers warned about for 1 % of the recall)
# took the warnings for newcomers not in the database from 36.7 % to 29 % at recall 0.893 -> 0.885. The bench
# prints the frontier: no rule on names and birth dates alone reaches 10 % at recall 0.92 (at 10 % recall is
# about 0.5), since a namesake born the same year looks like the person to the data.
DUPLICATE_NAME_MIN_BY_BIRTH = {
    "day": 0.75,
    "year": 0.8,
    "day_slip": 0.9,
    "slip": float("inf"),
    "unknown": 0.9,
    "conflict": float("inf"),
}
DUPLICATE_NAME_MIN = DUPLICATE_NAME_MIN_BY_BIRTH["day"]
DUPLICATE_THRESHOLD = 0.7
# "Very likely the same person": the same real full birth date on both sides (no 1 January placeholder, no year
# slip: a namesake born on the same day a year apart is no rarer than the slip) and names at least this alike.
# Measured with bench/casework_search.py (100,000 persons, SQLite, with placeholder dates in the corpus):
# precision 0.998 over 481 marks; at 0.75 0.992, and with year slips admitted 0.971.
LIKELY_SAME_NAME_MIN = 0.8

BIRTH_MATCH_BONUS = 0.15
EXACT_BIRTH_BONUS = 0.1
# A birth year one off is a common typing or registration slip: it lowers the score a little, no more.
NEAR_BIRTH_PENALTY = 0.2
# ... and when a real day and month agree on both sides (one person in 365 shares them), the slip is the likelier
# reading: ranked just below an agreeing date, above namesakes who only share the year with weaker names.
# bench/casework_search.py (100,000 persons, SQLite): top 10 with a birth year 0.981 -> 0.984.
SAME_DAY_SLIP_BONUS = 0.1
BIRTH_CONFLICT_PENALTY = 0.6
PHONE_MATCH_BONUS = 0.4
# Trigrams found in more persons than this are left out of the index query (they select nearly everyone
# and weigh little in the ranking), as long as enough rarer ones remain.
COMMON_TRIGRAM_DOCUMENTS = 2000
MIN_TRIGRAMS = 3
# Fewer candidates than this from a strict index query: ask again more loosely.
MIN_CANDIDATES = 20


@dataclass
class Match:
    person: Person
    score: float
    reasons: list[str] = field(default_factory=list)
    name_score: float = 0.0
    likely_same: bool = False
    birth_agreement: str = "unknown"  # see _birth_agreement
    # False for a candidate outside the reader's remit: named by record number only (selectors.candidates_for_user).
    visible: bool = True


def query_tokens(*texts: str) -> list[str]:
    seen: dict[str, None] = {}
    for text in texts:
        for token in name_tokens(text or ""):
            seen.setdefault(token, None)
    return list(seen)


@cache
def _index_kind(alias: str = "default") -> str:
    """Which name index this database has: "fts5" (trigrams and birth year, SQLite), "trgm" (pg_trgm) or "scan"."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'casework_person_name_fts_vocab'")
            return "fts5" if cursor.fetchone() else "scan"
        if connection.vendor == "postgresql":
            cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = 'casework_person_name_key_trgm'")
            return "trgm" if cursor.fetchone() else "scan"
    return "scan"


def _birth_years(birth: PartialDate) -> list[int]:
    """The birth years a search with this birth date looks at: its year and the years either side (a slip of
    one year is common in registrations and calendar conversions)."""
    return [birth.year - 1, birth.year, birth.year + 1]


def fts_year_token(year: int | None) -> str:
    """The birth year as the index's one trigram (migration 0004 writes it with the same rule in SQL)."""
    if year is None:
        return "___"
    return f"{max(0, min(999, year - 1800)):03d}"


def _trigrams(tokens: list[str]) -> list[str]:
    grams: dict[str, None] = {}
    for token in tokens:
        for start in range(len(token) - 2):
            grams.setdefault(token[start : start + 3], None)
    return list(grams)


def _birth_sql(birth: PartialDate | None, column: str) -> tuple[str, list]:
    """An SQL condition (and its parameters): birth date unknown or within a year of `birth`'s year.

    Stored dates are ISO prefixes, so a year range is a range of strings and the birth-date index serves it.
    """
    if birth is None:
        return "", []
    return f" AND ({column} = '' OR ({column} >= %s AND {column} < %s))", [
        f"{birth.year - 1:04d}",
        f"{birth.year + 2:04d}",
    ]


def _selective(cursor, grams: list[str]) -> list[str]:
    """The trigrams worth asking the index for: the common ones only when too few rare ones remain."""
    marks = ", ".join(["%s"] * len(grams))
    cursor.execute(f"SELECT term, doc FROM casework_person_name_fts_vocab WHERE term IN ({marks})", grams)  # noqa: S608
    documents = dict(cursor.fetchall())
    by_rarity = sorted((gram for gram in grams if gram in documents), key=lambda gram: documents[gram])
    rare = [gram for gram in by_rarity if documents[gram] <= COMMON_TRIGRAM_DOCUMENTS]
    return rare if len(rare) >= MIN_TRIGRAMS else by_rarity[:MIN_TRIGRAMS]


# Similarity thresholds of pg_trgm: strict first (few, close candidates, fast), looser when that finds too few.
TRGM_STRICT = 0.6
TRGM_LOOSE = 0.3


def _trgm_candidates(cursor, query_key: str, birth: PartialDate | None, limit: int) -> list[int]:
    # The planner ANDs the trigram index with the birth-date index in one bitmap scan.
    birth_sql, birth_params = _birth_sql(birth, "birth_date")
    ids: list[int] = []
    # Within three birth years the loose threshold leaves few rows; without a birth date, strict comes first.
    for threshold in (TRGM_LOOSE,) if birth is not None else (TRGM_STRICT, TRGM_LOOSE):
        cursor.execute("SELECT set_limit(%s)", [threshold])
        cursor.execute(
            f"SELECT id FROM casework_person WHERE name_key %% %s{birth_sql} "  # noqa: S608 - only placeholders are interpolated
            "ORDER BY similarity(name_key, %s) DESC LIMIT %s",
            [query_key, *birth_params, query_key, limit],
        )
        ids = [row[0] for row in cursor.fetchall()]
        if len(ids) >= MIN_CANDIDATES:
            return ids
    if ids:
        return ids
    # Nothing even loosely: the query may be part of a name (only the family name, say), compared with the
    # closest part of each key.
    cursor.execute(
        f"SELECT id FROM casework_person WHERE %s <%% name_key{birth_sql} "  # noqa: S608 - only placeholders are interpolated
        "ORDER BY word_similarity(%s, name_key) DESC LIMIT %s",
        [query_key, *birth_params, query_key, limit],
    )
    return list(dict.fromkeys(ids + [row[0] for row in cursor.fetchall()]))


def candidate_ids(tokens: list[str], limit: int | None = None, birth: PartialDate | None = None) -> list[int]:
    """Ids of persons whose name key resembles the tokens (and whose birth date fits), best first."""
    if not tokens:
        return []
    limit = limit or CANDIDATE_LIMIT
    kind = _index_kind()
    with connection.cursor() as cursor:
        if kind == "fts5":
            grams = _selective(cursor, _trigrams(tokens)) if _trigrams(tokens) else []
            if grams:
                expression = "name_key : (" + " OR ".join(f'"{gram}"' for gram in grams) + ")"
                if birth is not None:
                    # The year is a column of the index: only entries born within a year (or unknown) are read.
                    years = [fts_year_token(year) for year in _birth_years(birth)] + [fts_year_token(None)]
                    expression += " AND birth_year : (" + " OR ".join(f'"{token}"' for token in years) + ")"
                cursor.execute(
                    "SELECT rowid FROM casework_person_name_fts WHERE casework_person_name_fts MATCH %s "
                    "ORDER BY bm25(casework_person_name_fts, 1.0, 0.0) LIMIT %s",
                    [expression, limit],
                )
                return [row[0] for row in cursor.fetchall()]
        elif kind == "trgm":
            return _trgm_candidates(cursor, " ".join(tokens), birth, limit)
    condition = Q()
    for token in tokens:
        condition |= Q(name_key__contains=token[:4])
    persons = Person.objects.filter(condition)
    if birth is not None:
        persons = persons.filter(birth_filter(birth))
    return list(persons.order_by("id").values_list("id", flat=True)[: limit * 3])


def birth_filter(birth: PartialDate) -> Q:
    """Persons whose stored birth date is compatible with `birth` (or unknown)."""
    return Q(birth_date__in=birth.prefixes()) | Q(birth_date__startswith=birth.iso()) | Q(birth_date="")


def score_person(person: Person, *, query_text: str, birth: PartialDate | None = None, phone: str = "") -> Match:
    return _score(
        person.name_key, person.birth_date, person.phone, person, query_text=query_text, birth=birth, phone=phone
    )


def _year_slip(stored: PartialDate, typed: PartialDate) -> bool:
    """One year apart and nothing else that both know disagrees: a typing or calendar-conversion slip.

    Two full dates that differ in day or month as well are two people, not a slip.
    """
    if abs(stored.year - typed.year) != 1:
        return False
    if None not in (stored.month, typed.month) and stored.month != typed.month:
        return False
    return None in (stored.day, typed.day) or stored.day == typed.day


def _score(
    name_key: str,
    birth_date: PartialDate | None,
    person_phone: str,
    person: Person | int,
    *,
    query_text: str,
    birth: PartialDate | None,
    phone: str,
) -> Match:
    reasons: list[str] = []
    name_score = name_similarity(query_text, name_key) if query_text.strip() else 0.0
    score = name_score
    # A 1 January placeholder on either side is compared as the year it says, so two of them never make a
    # "full" date match, and a placeholder never contradicts a real day and month of the same year.
    birth = birth.as_known() if birth is not None else None
    birth_date = birth_date.as_known() if birth_date is not None else None
    agreement = _birth_agreement(birth_date, birth)
    likely_same = name_score >= LIKELY_SAME_NAME_MIN and agreement == "day"
    if score:
        reasons.append("name")
    if birth is not None and birth_date is not None:
        if birth_date.is_compatible(birth):
            score += BIRTH_MATCH_BONUS
            if birth.precision == "day" and birth_date == birth:
                score += EXACT_BIRTH_BONUS
            reasons.append("birth_date")
        elif _year_slip(birth_date, birth):
            if agreement == "day_slip":
                score += SAME_DAY_SLIP_BONUS
            else:
                score -= NEAR_BIRTH_PENALTY
        else:
            score -= BIRTH_CONFLICT_PENALTY
    if phone and person_phone == phone:
        score += PHONE_MATCH_BONUS
        reasons.append("phone")
    return Match(  # type: ignore[arg-type]
        person=person,
        score=round(score, 4),
        reasons=reasons,
        name_score=name_score,
        likely_same=likely_same,
        birth_agreement=agreement,
    )


def _birth_agreement(stored: PartialDate | None, typed: PartialDate | None) -> str:
    """How two birth dates (placeholders already read as years) agree: "day" (both full and equal), "year"
    (compatible, but at least one knows no more than month or year), "day_slip" (both full, the same day and
    month a year apart), "slip" (a year apart, one side knowing less), "conflict", or "unknown" (one side has
    none)."""
    if stored is None or typed is None:
        return "unknown"
    if stored.is_compatible(typed):
        return "day" if stored.precision == typed.precision == "day" else "year"
    if not _year_slip(stored, typed):
        return "conflict"
    return "day_slip" if stored.precision == typed.precision == "day" else "slip"


def rank(
    persons: QuerySet[Person],
    *,
    query_text: str,
    birth: PartialDate | None = None,
    phone: str = "",
    limit: int = 20,
    min_score: float = 0.0,
) -> list[Match]:
    """Search `persons` (an already scoped queryset) and return the best matches, best first.

    Candidates are scored on their name key, birth date and phone alone; only the best `limit` are loaded
    as whole records.
    """
    tokens = query_tokens(query_text)
    if tokens:
        ids = candidate_ids(tokens, birth=birth)
        if phone:
            ids += list(persons.filter(phone=phone).values_list("id", flat=True)[:50])
        pool = persons.filter(id__in=ids)
    elif phone:
        pool = persons.filter(phone=phone)
    elif birth is not None:
        pool = persons.filter(birth_filter(birth)).exclude(birth_date="")[:CANDIDATE_LIMIT]
    else:
        return []
    rows = pool.values_list("id", "name_key", "birth_date", "phone")
    field = Person._meta.get_field("birth_date")
    matches = [
        _score(key, field.to_python(born), tel, pk, query_text=query_text, birth=birth, phone=phone)
        for pk, key, born, tel in rows
    ]
    if tokens:
        matches = [m for m in matches if (m.score >= min_score and "name" in m.reasons) or "phone" in m.reasons]
    else:
        matches = [m for m in matches if m.score > -BIRTH_CONFLICT_PENALTY / 2]
    matches.sort(key=lambda m: (not m.likely_same, -m.score, m.person))
    matches = matches[:limit]
    loaded = persons.in_bulk([m.person for m in matches])
    for match in matches:
        match.person = loaded[match.person]
    return matches
