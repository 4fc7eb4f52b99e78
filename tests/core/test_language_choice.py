"""Which language rigcheck speaks: --lang, else the environment as gettext reads it, else English."""

import pytest

from rigcheck import i18n


@pytest.mark.parametrize("tag, language", [
    ("fil", "fil"), ("fil_PH", "fil"), ("fil_PH.UTF-8", "fil"), ("tl", "fil"), ("tl_PH", "fil"),
    ("tl_PH.ISO8859-1", "fil"), ("tgl", "fil"), ("fil-PH", "fil"), ("en", "en"), ("en_US.UTF-8", "en"),
    ("en_PH", "en"), ("C", None), ("POSIX", None), ("", None), ("de_DE.UTF-8", None), ("C.UTF-8", None),
])
def test_a_locale_tag_reaches_the_language_it_means(tag, language):
    assert i18n.language_of_tag(tag) == language


def test_the_first_variable_set_decides_as_in_gettext():
    assert i18n.language_from_environment({"LANG": "tl_PH.UTF-8"}) == "fil"
    assert i18n.language_from_environment({"LC_ALL": "en_US.UTF-8", "LANG": "fil_PH.UTF-8"}) == "en"
    # LANGUAGE is a preference list: a language rigcheck does not speak is passed over.
    assert i18n.language_from_environment({"LANGUAGE": "de:fil", "LANG": "en_US.UTF-8"}) == "fil"
    # A locale rigcheck does not speak is a choice all the same: not overruled by a later variable.
    assert i18n.language_from_environment({"LC_ALL": "de_DE.UTF-8", "LANG": "fil_PH"}) is None
    assert i18n.language_from_environment({}) is None


def test_lang_wins_over_the_environment_and_an_unknown_one_is_refused():
    assert i18n.resolve_language("fil", {"LANG": "en_US.UTF-8"}) == "fil"
    assert i18n.resolve_language(None, {"LANG": "tl_PH"}) == "fil"
    assert i18n.resolve_language(None, {"LANG": "C"}) in i18n.LANGUAGES
    with pytest.raises(ValueError):
        i18n.resolve_language("klingon", {})


def test_speaking_switches_for_a_block_and_back():
    i18n.set_language("en")
    with i18n.speaking("fil"):
        assert i18n.current_language() == "fil"
    assert i18n.current_language() == "en"
    assert i18n._("Untranslated words stay as they are") == "Untranslated words stay as they are"
    assert i18n.ngettext("%(n)d check", "%(n)d checks", 2) == "%(n)d checks"
