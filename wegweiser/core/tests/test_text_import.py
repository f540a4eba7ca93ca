"""decode_upload: the text of an uploaded file in the encoding it really has, or a refusal that says why."""

from pathlib import Path

import pytest
from django.utils import translation

from wegweiser.core.text_import import TextImportError, decode_upload, find_implausible

REGISTER_TEXT = (Path(__file__).resolve().parents[2] / "territory" / "data" / "gv-auszug-03459.csv").read_text(
    encoding="utf-8"
)


@pytest.mark.parametrize(
    "data",
    [
        REGISTER_TEXT.encode("utf-8"),
        REGISTER_TEXT.encode("utf-8-sig"),
        REGISTER_TEXT.encode("cp1252"),
        REGISTER_TEXT.encode("utf-16"),  # with a byte order mark, as Excel's "Unicode text" writes it
    ],
    ids=["utf-8", "utf-8-bom", "windows-1252", "utf-16-bom"],
)
def test_utf8_utf16_with_bom_and_windows_1252_decode_to_the_same_text(data):
    assert decode_upload(data) == REGISTER_TEXT


@pytest.mark.parametrize(
    ("data", "word"),
    [
        (REGISTER_TEXT.encode("mac_roman"), "OsnabrŸck"),
        (REGISTER_TEXT.encode("shift_jis_2004"), "Osnabr…‘ck"),
        # Shift-JIS proper has no ü: an encoder leaves a question mark.
        (REGISTER_TEXT.encode("cp932", errors="replace"), "Osnabr?ck"),
        # UTF-8 read as Windows-1252 and saved again as UTF-8.
        (REGISTER_TEXT.encode("utf-8").decode("cp1252").encode("utf-8"), "OsnabrÃ¼ck"),
        (REGISTER_TEXT.encode("utf-16-le"), "s\x00a\x00t\x00z\x00a\x00r\x00t\x00"),
    ],
    ids=["mac-roman", "shift-jis-2004", "shift-jis-replaced", "utf-8-twice", "utf-16-without-bom"],
)
def test_a_file_in_another_encoding_is_refused_naming_the_encodings_tried_and_the_word(data, word):
    with translation.override("en"), pytest.raises(TextImportError) as refused:
        decode_upload(data)

    assert refused.value.encodings == ["UTF-8", "Windows-1252"]
    assert "(UTF-8, Windows-1252)" in str(refused.value)
    assert refused.value.finding is not None
    assert refused.value.finding.word.startswith(word[:10])


def test_the_refusal_reads_in_german():
    with translation.override("de"), pytest.raises(TextImportError) as refused:
        decode_upload(REGISTER_TEXT.encode("mac_roman"))

    assert str(refused.value) == (
        "Die Datei ist in keiner der versuchten Zeichenkodierungen (UTF-8, Windows-1252) plausibler Text: "
        "Zeile 2 enthält „OsnabrŸck“. Sie wurde wohl in einer anderen Kodierung gespeichert; speichern Sie sie "
        "als UTF-8 und laden Sie sie erneut hoch."
    )


@pytest.mark.parametrize(
    "text",
    [
        "Quakenbrück, Stadt; Straße; ÄÖÜ äöü ß",
        "Café Élysée, Kiosk „Zur Börse“ – 12,5 % … 3 € · 20 °C § 45a",
        "Frage? Ja. L'Aquila (Sankt-Georgen), Nord-Süd",
        "tab\tseparated\r",
    ],
)
def test_ordinary_german_text_is_plausible(text):
    assert find_implausible(text) is None


def test_a_control_character_is_shown_by_its_code():
    with translation.override("en"), pytest.raises(TextImportError, match="holds “BeU\\+0000lm”"):
        decode_upload(b"name\nBe\x00lm\n")


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("Osnabrück".encode("utf-8-sig"), "UTF-8"),
        ("Osnabrück".encode(), "UTF-8"),
        ("Osnabrück".encode("cp1252"), "Windows-1252"),
        ("Osnabrück".encode("utf-16"), "UTF-16"),
    ],
)
def test_the_named_decoding_says_which_encoding_gave_plausible_text(data, encoding):
    from wegweiser.core.text_import import decode_upload_named

    assert decode_upload_named(data) == ("Osnabrück", encoding)
