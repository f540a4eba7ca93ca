"""A labelled set of spelling variants for measuring duplicate detection (made here, deterministically).

Each base person has a Latin name (as in the passport) and the name in its original script; each variant is
what a caseworker might type at a second intake: parts swapped, the original script, no diacritics, another
transliteration, and only the year or month of birth. Negative queries combine names of different persons
with other birth years.
"""

import random
import unicodedata
from dataclasses import dataclass

import translitua

from wegweiser.core.partial_dates import PartialDate

UKRAINIAN_GIVEN = ["Олександр", "Юлія", "Андрій", "Оксана", "Дмитро", "Наталія", "Сергій", "Олена", "Максим", "Ірина"]
UKRAINIAN_FAMILY = ["Шевченко", "Коваленко", "Бондаренко", "Ткаченко", "Кравченко", "Мельник", "Лисенко", "Поліщук"]
ARABIC_GIVEN = [
    ("Mohammed", "محمد"),
    ("Ahmad", "أحمد"),
    ("Fatima", "فاطمة"),
    ("Omar", "عمر"),
    ("Khaled", "خالد"),
    ("Layla", "ليلى"),
    ("Yusuf", "يوسف"),
    ("Mariam", "مريم"),
]
ARABIC_FAMILY = [
    ("Al-Khatib", "الخطيب"),
    ("Haddad", "حداد"),
    ("Othman", "عثمان"),
    ("Darwish", "درويش"),
    ("Khalil", "خليل"),
    ("Nasser", "ناصر"),
]
DARI_GIVEN = [("Zahra", "زهرا"), ("Farid", "فرید"), ("Najib", "نجیب"), ("Hamid", "حمید")]
DARI_FAMILY = [("Ahmadi", "احمدی"), ("Rahimi", "رحیمی"), ("Karimi", "کریمی"), ("Sultani", "سلطانی")]
TURKISH_GIVEN = ["Mehmet", "Ayşe", "Mustafa", "Elif", "Emre", "Zeynep"]
TURKISH_FAMILY = ["Yılmaz", "Kaya", "Demir", "Çelik", "Şahin", "Öztürk"]
ROMANIAN_GIVEN = ["Ioana", "Andrei", "Mihai", "Elena", "Ștefan"]
ROMANIAN_FAMILY = ["Popescu", "Ionescu", "Munteanu", "Stoica", "Dumitrescu"]
ERITREAN_GIVEN = [("Tesfaye", "ተስፋዬ"), ("Selam", "ሰላም"), ("Yonas", "ዮናስ"), ("Dawit", "ዳዊት")]
ERITREAN_FAMILY = [("Tesfamariam", "ተስፋማርያም"), ("Haile", "ሃይለ"), ("Berhane", "በርሃነ"), ("Kidane", "ኪዳነ")]


@dataclass
class BasePerson:
    key: int
    given: str
    family: str
    given_original: str
    family_original: str
    birth: PartialDate
    origin: str


@dataclass
class Query:
    given: str
    family: str
    original: str
    birth: PartialDate | None
    expected: int | None  # the BasePerson.key this is a variant of, None for a new person
    kind: str


def _plain(text: str) -> str:
    text = text.replace("ı", "i").replace("İ", "I")
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def base_persons(n: int, seed: int = 7) -> list[BasePerson]:
    rng = random.Random(seed)
    persons = []
    for key in range(n):
        origin = rng.choice(["ua", "ar", "af", "tr", "ro", "er"])
        if origin == "ua":
            given_o, family_o = rng.choice(UKRAINIAN_GIVEN), rng.choice(UKRAINIAN_FAMILY)
            given, family = translitua.translit(given_o), translitua.translit(family_o)
        elif origin in {"ar", "af", "er"}:
            givens, families = {
                "ar": (ARABIC_GIVEN, ARABIC_FAMILY),
                "af": (DARI_GIVEN, DARI_FAMILY),
                "er": (ERITREAN_GIVEN, ERITREAN_FAMILY),
            }[origin]
            (given, given_o), (family, family_o) = rng.choice(givens), rng.choice(families)
        else:
            givens, families = (TURKISH_GIVEN, TURKISH_FAMILY) if origin == "tr" else (ROMANIAN_GIVEN, ROMANIAN_FAMILY)
            given, family, given_o, family_o = rng.choice(givens), rng.choice(families), "", ""
        year = rng.randint(1960, 2015)
        if rng.random() < 0.4:
            birth = PartialDate(year)
        else:
            birth = PartialDate(year, rng.randint(1, 12), rng.randint(1, 28))
        persons.append(BasePerson(key, given, family, given_o, family_o, birth, origin))
    return persons


def variants(persons: list[BasePerson], seed: int = 11) -> list[Query]:
    rng = random.Random(seed)
    queries = []
    for person in persons:
        year_only = PartialDate(person.birth.year)
        month = PartialDate(person.birth.year, person.birth.month) if person.birth.month else year_only
        queries.append(Query(person.family, person.given, "", year_only, person.key, "swapped"))
        queries.append(Query(_plain(person.given), _plain(person.family).upper(), "", month, person.key, "plain"))
        if person.given_original:
            queries.append(
                Query("", "", f"{person.given_original} {person.family_original}", person.birth, person.key, "script")
            )
        if person.origin == "ua" and rng.random() < 0.5:
            queries.append(
                Query(
                    translitua.translit(person.given_original, translitua.UkrainianGerman),
                    translitua.translit(person.family_original, translitua.UkrainianGerman),
                    "",
                    person.birth,
                    person.key,
                    "german",
                )
            )
    # New persons: the given name of one and the family name of another, born in a year no base person has.
    for index in range(len(persons) // 2):
        one, other = persons[index], persons[-index - 1]
        queries.append(Query(one.given, other.family, "", PartialDate(1950 + index % 8), None, "new"))
    return queries
