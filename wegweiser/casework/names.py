"""Name keys for finding persons across scripts and transliterations.

INTERFACE (fixed; the implementation below is a first, simple version to be replaced by the name-matching
work): the rest of casework calls only these three functions.

- `name_tokens(text)`: the phonetic skeleton tokens of one name in any script (Latin, Cyrillic, Arabic ...),
  lower-case ASCII a-z, one token per name part, articles like al-/el- removed.
- `person_name_key(*names)`: the index key of a person from all their name parts (given and family names in
  Latin letters and in the original script): the sorted unique tokens joined by spaces.
- `name_similarity(query, key)`: 0.0 to 1.0, how well a typed query matches a stored person key; order of
  parts does not matter (swapped given and family names match).
"""

from anyascii import anyascii


def name_tokens(text: str) -> list[str]:
    ascii_text = anyascii(text or "").lower()
    tokens = []
    for part in ascii_text.replace("-", " ").split():
        token = "".join(ch for ch in part if "a" <= ch <= "z")
        if token:
            tokens.append(token)
    return tokens


def person_name_key(*names: str) -> str:
    tokens = {token for name in names for token in name_tokens(name)}
    return " ".join(sorted(tokens))


def name_similarity(query: str, key: str) -> float:
    wanted = set(name_tokens(query))
    have = set(key.split())
    if not wanted or not have:
        return 0.0
    return len(wanted & have) / len(wanted)
