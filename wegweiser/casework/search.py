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
from wegweiser.casework.partial_dates import PartialDate

# How many candidates the index hands to the re-ranking; enough that the right person is among them.
CANDIDATE_LIMIT = 300
# Below this name similarity a candidate is not shown as a search result.
SEARCH_MIN_SCORE = 0.34
# Intake shows a candidate as a likely duplicate when the names alone are this close and the whole score
# (names, birth date, phone) reaches the threshold; a contradicting birth date pulls the score below it.
DUPLICATE_NAME_MIN = 0.75
DUPLICATE_THRESHOLD = 0.7

BIRTH_MATCH_BONUS = 0.15
EXACT_BIRTH_BONUS = 0.1
BIRTH_CONFLICT_PENALTY = 0.6
PHONE_MATCH_BONUS = 0.4


@dataclass
class Match:
    person: Person
    score: float
    reasons: list[str] = field(default_factory=list)
    name_score: float = 0.0


def query_tokens(*texts: str) -> list[str]:
    seen: dict[str, None] = {}
    for text in texts:
        for token in name_tokens(text or ""):
            seen.setdefault(token, None)
    return list(seen)


@cache
def _index_kind(alias: str = "default") -> str:
    """Which name index this database has: "fts5", "trgm" or "scan"."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'casework_person_name_fts'")
            return "fts5" if cursor.fetchone() else "scan"
        if connection.vendor == "postgresql":
            cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = 'casework_person_name_key_trgm'")
            return "trgm" if cursor.fetchone() else "scan"
    return "scan"


def _trigrams(tokens: list[str]) -> list[str]:
    grams: dict[str, None] = {}
    for token in tokens:
        for start in range(len(token) - 2):
            grams.setdefault(token[start : start + 3], None)
    return list(grams)


def candidate_ids(tokens: list[str], limit: int = CANDIDATE_LIMIT) -> list[int]:
    """Ids of persons whose name key resembles the tokens, best first (by the index's own measure)."""
    if not tokens:
        return []
    kind = _index_kind()
    with connection.cursor() as cursor:
        if kind == "fts5":
            grams = _trigrams(tokens)
            if grams:
                expression = " OR ".join(f'"{gram}"' for gram in grams)
                cursor.execute(
                    "SELECT rowid FROM casework_person_name_fts WHERE casework_person_name_fts MATCH %s "
                    "ORDER BY rank LIMIT %s",
                    [expression, limit],
                )
                return [row[0] for row in cursor.fetchall()]
        elif kind == "trgm":
            conditions = " OR ".join(["%s <%% name_key"] * len(tokens))
            ranking = " + ".join(["word_similarity(%s, name_key)"] * len(tokens))
            cursor.execute(
                f"SELECT id FROM casework_person WHERE {conditions} ORDER BY {ranking} DESC LIMIT %s",  # noqa: S608 - only placeholders are interpolated
                [*tokens, *tokens, limit],
            )
            return [row[0] for row in cursor.fetchall()]
    condition = Q()
    for token in tokens:
        condition |= Q(name_key__contains=token[:4])
    return list(Person.objects.filter(condition).order_by("id").values_list("id", flat=True)[: limit * 3])


def birth_filter(birth: PartialDate) -> Q:
    """Persons whose stored birth date is compatible with `birth` (or unknown)."""
    return Q(birth_date__in=birth.prefixes()) | Q(birth_date__startswith=birth.iso()) | Q(birth_date="")


def score_person(person: Person, *, query_text: str, birth: PartialDate | None = None, phone: str = "") -> Match:
    reasons: list[str] = []
    name_score = name_similarity(query_text, person.name_key) if query_text.strip() else 0.0
    score = name_score
    if score:
        reasons.append("name")
    if birth is not None and person.birth_date is not None:
        if person.birth_date.is_compatible(birth):
            score += BIRTH_MATCH_BONUS
            if birth.precision == "day" and person.birth_date == birth:
                score += EXACT_BIRTH_BONUS
            reasons.append("birth_date")
        else:
            score -= BIRTH_CONFLICT_PENALTY
    if phone and person.phone == phone:
        score += PHONE_MATCH_BONUS
        reasons.append("phone")
    return Match(person=person, score=round(score, 4), reasons=reasons, name_score=name_score)


def rank(
    persons: QuerySet[Person],
    *,
    query_text: str,
    birth: PartialDate | None = None,
    phone: str = "",
    limit: int = 20,
    min_score: float = 0.0,
) -> list[Match]:
    """Search `persons` (an already scoped queryset) and return the best matches, best first."""
    tokens = query_tokens(query_text)
    if tokens:
        ids = candidate_ids(tokens)
        if phone:
            ids += list(persons.filter(phone=phone).values_list("id", flat=True)[:50])
        pool = persons.filter(id__in=ids)
    elif phone:
        pool = persons.filter(phone=phone)
    elif birth is not None:
        pool = persons.filter(birth_filter(birth)).exclude(birth_date="")[:CANDIDATE_LIMIT]
    else:
        return []
    matches = [score_person(person, query_text=query_text, birth=birth, phone=phone) for person in pool]
    if tokens:
        matches = [m for m in matches if (m.score >= min_score and "name" in m.reasons) or "phone" in m.reasons]
    else:
        matches = [m for m in matches if m.score > -BIRTH_CONFLICT_PENALTY / 2]
    matches.sort(key=lambda m: (-m.score, m.person.family_names, m.person.given_names, m.person.pk))
    return matches[:limit]
