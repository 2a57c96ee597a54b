"""The Chinese interface speaks one way (#15 item 12): 您 never 你, 电子邮箱 for e-mail (not 邮箱 alone, 电子邮件,
Email), full-width ：and ；inside Chinese sentences. Checked over our catalogue (which also overrides allauth's
wording) and the Chinese text written straight into our templates, so it cannot come back."""
import re
from pathlib import Path

from django.conf import settings
from django.utils import translation

from tests.core.test_translations import LOCALE, read_po

CJK = r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef“”]"
RULES = {
    "你 instead of 您": re.compile(r"你"),
    "e-mail not called 电子邮箱": re.compile(r"电子邮件|(?<!电子)邮箱|e-?mail|Email|EMAIL", re.IGNORECASE),
    "ASCII : or ; beside Chinese": re.compile(rf"{CJK}\s*[:;]|[:;]\s*{CJK}"),
}
TEMPLATES = Path(settings.BASE_DIR) / "templates"
HAN = re.compile(r"[\u4e00-\u9fff]")
PLACEHOLDER_OR_MARKUP = re.compile(
    r"%\(\w+\)[sd]|\{\w+\}|\{\{.*?\}\}|\{%.*?%\}|<[^>]+>|&\w+;|https?://\S+|[\w.+-]+@[\w.-]+")


def problems(text):
    text = PLACEHOLDER_OR_MARKUP.sub(" ", text)
    return [name for name, rule in RULES.items() if rule.search(text)]


def chinese_translations():
    _header, entries = read_po(LOCALE / "zh_Hans" / "LC_MESSAGES" / "django.po")
    for entry in entries:
        for key, value in entry.items():
            if key.startswith("msgstr") and value:
                yield entry["msgid"], value


def test_the_chinese_catalogue_keeps_one_register_one_word_for_email_and_full_width_punctuation():
    found = {msgid: (text, problems(text)) for msgid, text in chinese_translations() if problems(text)}
    assert found == {}


def test_our_templates_chinese_text_follows_the_same_rules():
    found = {}
    for path in TEMPLATES.rglob("*"):
        if path.suffix not in {".html", ".txt"}:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if HAN.search(line) and problems(line):
                found[f"{path.relative_to(TEMPLATES)}:{number}"] = (line.strip(), problems(line))
    assert found == {}


def test_the_scanner_catches_each_rule():
    assert problems("你的账户") == ["你 instead of 您"]
    assert problems("请确认您的Email地址") == ["e-mail not called 电子邮箱"]
    assert problems("请查收邮箱") == ["e-mail not called 电子邮箱"] and problems("请查收电子邮箱") == []
    assert problems("原因: 预算不足") == ["ASCII : or ; beside Chinese"] and problems("原因：预算不足") == []
    assert problems("%(name)s：%(count)s 条") == []


def test_allauths_pages_use_our_wording_in_chinese():
    """allauth ships its own zh_Hans catalogue; ours comes first in LOCALE_PATHS and overrides it."""
    with translation.override("zh-hans"):
        for message in ["Confirm Email Address", "Email Addresses", "Password Reset", "Sign In"]:
            text = translation.gettext(message)
            assert not problems(text), (message, text)


def test_every_password_error_reads_in_chinese():
    from django.contrib.auth.password_validation import password_validators_help_texts, validate_password
    from django.core.exceptions import ValidationError

    from accounts.models import User

    user = User(email="wang.xiaoming@example.com")
    messages = []
    with translation.override("zh-hans"):
        for password in ["123", "password", "wang.xiaoming"]:
            try:
                validate_password(password, user)
            except ValidationError as error:
                messages += error.messages
        messages += password_validators_help_texts()  # shown under the password field
    assert len(messages) >= 8
    assert [m for m in messages if re.search(r"[A-Za-z]{3,}", m) or problems(m)] == []


def test_templates_put_a_colon_between_translated_parts_through_the_colon_tag():
    """`{{ label }}: {{ text }}` prints an ASCII colon in Chinese too; {% colon %} writes it per language."""
    glued = re.compile(r"(%\}|\}\})[:;] ")
    found = [f"{path.relative_to(TEMPLATES)}:{number}" for path in TEMPLATES.rglob("*.html")
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if glued.search(re.sub(r"\{%\s*blocktranslate.*?endblocktranslate\s*%\}", "", line))]
    assert found == []
    from django.template import engines

    tag = engines["django"].from_string("{{ a }}{% colon %}{{ b }}")
    for language, expected in [("zh-hans", "原因：预算"), ("en", "原因: 预算")]:
        with translation.override(language):
            assert tag.render({"a": "原因", "b": "预算"}) == expected
