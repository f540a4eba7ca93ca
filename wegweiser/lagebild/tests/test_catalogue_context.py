"""The Lagebild's statistics words carry a context, so its German ("Merkmal") does not leak into other apps
that use the same English word (integrationskonzept's "measure" is a "Maßnahme")."""

from django.utils import translation
from django.utils.translation import gettext, pgettext


def test_statistics_words_are_translated_in_their_context_only():
    with translation.override("de"):
        assert pgettext("statistics", "Measure") == "Merkmal"
        assert pgettext("statistics", "measure") == "Merkmal"
        assert pgettext("statistics", "Figure") == "Kennzahl"
        assert gettext("Measure") != "Merkmal"
        assert gettext("measure") != "Merkmal"
