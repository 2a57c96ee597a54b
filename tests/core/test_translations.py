"""Both catalogues are complete, the committed .mo files say what the .po files say, and the site speaks both."""
import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

LOCALE = Path(settings.BASE_DIR) / "locale"
CATALOGUES = {"zh_Hans": 1, "en": 2}  # locale -> number of plural forms
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")
MARKUP = re.compile(r"</?(?:strong|em|a|code|br|kbd)\b[^>]*>")


def read_po(path):
    """The header and entries of a .po file as dicts (msgctxt, msgid, msgid_plural, msgstr, msgstr[n], flags).

    Stdlib only: gettext's tools (makemessages, msgmerge, msgcat) separate entries with a blank line."""
    entries = []
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
        entry, field = {"flags": set()}, None
        for line in block.splitlines():
            line = line.strip()
            if line.startswith("#,"):
                entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#"):  # comments, references, obsolete (#~) entries
                continue
            elif line.startswith('"'):
                entry[field] += ast.literal_eval(line)
            elif line:
                field, _, value = line.partition(" ")
                entry[field] = ast.literal_eval(value)
        if "msgid" in entry:
            entries.append(entry)
    header = next(e for e in entries if e["msgid"] == "")
    return header, [e for e in entries if e["msgid"] != ""]


def translations(entry, nplurals):
    if "msgid_plural" in entry:
        return [entry.get(f"msgstr[{n}]", "") for n in range(nplurals)]
    return [entry.get("msgstr", "")]


@pytest.fixture(params=sorted(CATALOGUES), ids=sorted(CATALOGUES))
def catalogue(request):
    locale = request.param
    header, entries = read_po(LOCALE / locale / "LC_MESSAGES" / "django.po")
    mo = LOCALE / locale / "LC_MESSAGES" / "django.mo"
    assert mo.exists(), f"{mo} is missing: run compilemessages and commit it"
    with mo.open("rb") as f:
        compiled = gettext.GNUTranslations(f)
    return locale, header, entries, compiled


def test_every_entry_is_translated_and_none_is_fuzzy(catalogue):
    locale, header, entries, _ = catalogue
    assert len(entries) > 500, "the catalogue looks truncated: run makemessages"
    untranslated = [e["msgid"] for e in entries if not all(translations(e, CATALOGUES[locale]))]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert untranslated == [], f"{locale}: {len(untranslated)} untranslated, e.g. {untranslated[:5]}"
    assert fuzzy == [], f"{locale}: {len(fuzzy)} fuzzy, e.g. {fuzzy[:5]}"
    assert "fuzzy" not in header["flags"]


def test_the_plural_forms_header_fits_the_language(catalogue):
    locale, header, _, compiled = catalogue
    expected = {"zh_Hans": "nplurals=1; plural=0;", "en": "nplurals=2; plural=(n != 1);"}[locale]
    assert f"Plural-Forms: {expected}" in header["msgstr"]
    assert compiled.info()["plural-forms"] == expected


def test_translations_keep_every_placeholder_and_tag(catalogue):
    locale, _, entries, _ = catalogue
    broken = []
    for entry in entries:
        formatted = "python-format" in entry["flags"]
        for text in translations(entry, CATALOGUES[locale]):
            if formatted and sorted(PLACEHOLDER.findall(text)) != sorted(PLACEHOLDER.findall(entry["msgid"])):
                broken.append((entry["msgid"], text))
            if sorted(MARKUP.findall(text)) != sorted(MARKUP.findall(entry["msgid"])):
                broken.append((entry["msgid"], text))
    assert broken == []


def test_the_compiled_catalogue_says_what_the_po_file_says(catalogue):
    """The .mo files are committed: a .po edited without compilemessages would show up here."""
    locale, _, entries, compiled = catalogue
    stale = []
    for entry in entries:
        expected = translations(entry, CATALOGUES[locale])
        context = entry.get("msgctxt")
        if "msgid_plural" in entry:
            counts = [1] if locale == "zh_Hans" else [1, 2]
            for n, want in zip(counts, expected, strict=False):
                got = (compiled.npgettext(context, entry["msgid"], entry["msgid_plural"], n) if context
                       else compiled.ngettext(entry["msgid"], entry["msgid_plural"], n))
                if got != want:
                    stale.append(entry["msgid"])
        else:
            got = compiled.pgettext(context, entry["msgid"]) if context else compiled.gettext(entry["msgid"])
            if got != expected[0]:
                stale.append(entry["msgid"])
    assert stale == [], f"{locale}: the .mo is older than the .po (run compilemessages), e.g. {stale[:5]}"


@pytest.mark.django_db
def test_the_home_page_is_chinese_by_default_and_english_after_switching(client):
    chinese = client.get(reverse("marketplace:home")).content.decode()
    assert '<html lang="zh-hans">' in chinese
    assert "<title>" in chinese and "· 文化科技产学研对接平台</title>" in chinese

    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = client.get(reverse("marketplace:home")).content.decode()
    assert '<html lang="en">' in english
    assert "· CultureTech Exchange</title>" in english and "文化科技产学研对接平台" not in english
