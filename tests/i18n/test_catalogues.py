"""The shipped catalogues are complete, compiled and sound (CI runs these with every test run)."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale"
LANGUAGES = [code for code, _name in settings.LANGUAGES]
CATALOGUES = sorted(LOCALE.glob("*/LC_MESSAGES/*.po"))
NPLURALS = {"en": 2, "fr": 2, "de": 2, "es": 2, "fa": 2, "ar": 6}
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{(\w+)\}")


def catalogue_id(path: Path) -> str:
    return f"{path.parts[-3]}/{path.stem}"


def placeholders(text: str) -> set[str]:
    return {a or b for a, b in PLACEHOLDER.findall(text)}


def test_every_shipped_language_has_a_catalogue_and_nothing_else_ships():
    assert sorted({path.parts[-3] for path in CATALOGUES}) == sorted(LANGUAGES)
    assert all((LOCALE / code / "LC_MESSAGES" / "django.po").exists() for code in LANGUAGES)


@pytest.mark.parametrize("path", CATALOGUES, ids=catalogue_id)
def test_catalogue_has_no_untranslated_and_no_fuzzy_entries(path):
    catalogue = polib.pofile(str(path))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert (untranslated, fuzzy) == ([], [])
    assert not catalogue.metadata_is_fuzzy


@pytest.mark.parametrize("path", CATALOGUES, ids=catalogue_id)
def test_catalogue_says_its_language_and_that_languages_plural_forms(path):
    catalogue = polib.pofile(str(path))
    language = path.parts[-3]
    assert catalogue.metadata["Language"] == language
    plural_forms = catalogue.metadata["Plural-Forms"]
    assert f"nplurals={NPLURALS[language]};" in plural_forms.replace(" ", "")
    for entry in catalogue.translated_entries():
        if entry.msgid_plural:
            assert len(entry.msgstr_plural) == NPLURALS[language], entry.msgid


@pytest.mark.parametrize("path", CATALOGUES, ids=catalogue_id)
def test_translations_keep_the_placeholders_of_their_source(path):
    """A missing or misspelt %(name)s would raise or show the wrong value on the page. A plural
    form for an exact number ("two comments" in Arabic) may leave the number out."""
    for entry in polib.pofile(str(path)).translated_entries():
        if entry.msgid_plural:
            source = placeholders(entry.msgid) | placeholders(entry.msgid_plural)
            for form in entry.msgstr_plural.values():
                assert placeholders(form) <= source, (entry.msgid, form)
        else:
            assert placeholders(entry.msgstr) == placeholders(entry.msgid), entry.msgid


@pytest.mark.parametrize("path", CATALOGUES, ids=catalogue_id)
def test_the_compiled_catalogue_is_the_one_in_the_po_file(path):
    """`make compilemessages` was run after the last edit: the .mo committed says the same."""
    mo_path = path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing: run make compilemessages"

    def pairs(catalogue):
        return {
            (entry.msgctxt, entry.msgid): entry.msgstr_plural or entry.msgstr
            for entry in catalogue
            if entry.msgid and (entry.msgstr or entry.msgstr_plural) and "fuzzy" not in entry.flags
        }

    compiled = {
        key: {int(k): v for k, v in value.items()} if isinstance(value, dict) else value
        for key, value in pairs(polib.mofile(str(mo_path))).items()
    }
    assert compiled == pairs(polib.pofile(str(path))), "run make compilemessages"


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_the_english_catalogue_says_exactly_what_the_source_says(domain):
    """English is the source language: a guess carried over by msgmerge ("Oldest" shown as
    "Oldest first") must never reach an English page."""
    catalogue = polib.pofile(str(LOCALE / "en" / "LC_MESSAGES" / f"{domain}.po"))
    wrong = [
        entry.msgid
        for entry in catalogue
        if not entry.obsolete
        and (
            entry.msgstr_plural != {0: entry.msgid, 1: entry.msgid_plural}
            if entry.msgid_plural
            else entry.msgstr != entry.msgid
        )
    ]
    assert wrong == []
