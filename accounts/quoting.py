"""How text that users chose, and addresses, are shown to other people in what the platform sends: quoted as
data, on one line, short; an address masked for whoever merely holds a link."""
import re
import unicodedata

MAIL_NAME_MAX = 60
_QUOTES = re.compile(r"[\"“”„‟「」『』«»]")


def quote_for_mail(text, *, limit=MAIL_NAME_MAX):
    """A name chosen by users, made safe to quote in a mail the platform sends: one line, no control or
    invisible characters, no quotation marks that could close our quote early, at most `limit` characters."""
    text = "".join(" " if unicodedata.category(c)[0] in {"C", "Z"} else c for c in text or "")
    text = " ".join(_QUOTES.sub("'", text).split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def mask_email(email):
    """The address an invitation went to, recognisable by its owner but not readable by whoever holds the link:
    "colleague@example.com" -> "c***e@example.com"."""
    local, _at, domain = (email or "").partition("@")
    return f"{local[:1]}***{local[-1:] if len(local) > 2 else ''}@{domain}"
