"""Work on the translation catalogues from the shell.

  python scripts/po.py missing LANG [APP ...]       print untranslated msgids as a JSON object to fill in
  python scripts/po.py fill LANG FILE.json [APP ...] write translations {msgid: msgstr} (a list of forms for
                                                      plurals, keyed by the singular msgid) into the catalogues
                                                      that hold those msgids, then compile them

Run `make messages` first so the catalogues hold every current string.
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wegweiser.settings_test")

import django  # noqa: E402

django.setup()

from wegweiser.core.i18n import app_dirs, is_translated, po_path, read_catalog, write_catalog  # noqa: E402


def _apps(names: list[str]) -> list[Path]:
    return [d for d in app_dirs() if not names or d.name in names]


def missing(language: str, names: list[str]) -> None:
    out: dict[str, object] = {}
    for app_dir in _apps(names):
        path = po_path(app_dir, language)
        if not path.exists():
            continue
        for message in read_catalog(path, language):
            if message.id and not is_translated(message):
                key = message.id[0] if isinstance(message.id, tuple) else message.id
                out[key] = ["", ""] if isinstance(message.id, tuple) else ""
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


def fill(language: str, source: str, names: list[str]) -> None:
    translations = json.loads(Path(source).read_text(encoding="utf-8"))
    used = set()
    for app_dir in _apps(names):
        path = po_path(app_dir, language)
        if not path.exists():
            continue
        catalog = read_catalog(path, language)
        for message in catalog:
            key = message.id[0] if isinstance(message.id, tuple) else message.id
            if key in translations and translations[key]:
                value = translations[key]
                message.string = tuple(value) if isinstance(message.id, tuple) else value
                message.flags.discard("fuzzy")
                used.add(key)
        write_catalog(catalog, path)
    unused = set(translations) - used
    if unused:
        print(f"not found in any catalogue: {sorted(unused)}", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) < 3 or sys.argv[1] not in {"missing", "fill"}:
        sys.exit(__doc__)
    if sys.argv[1] == "missing":
        missing(sys.argv[2], sys.argv[3:])
    else:
        fill(sys.argv[2], sys.argv[3], sys.argv[4:])
