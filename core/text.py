"""The one cleaner for text people type: web forms (core.forms), API serializers (api.serializers.fields) and
the bulk importer (marketplace.importing) all pass free text through `clean_text`."""
import re

# Bidirectional controls and zero-width characters are invisible yet reorder or hide what a reader sees
# ("Lab\u202efdp.exe" shows as "Labexe.pdf"): display spoofing, never part of a name, title or message.
INVISIBLE = re.compile("[\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]")
# Control characters. NUL is left for the fields' own validators, which refuse it with a message.
CONTROL_IN_LINE = re.compile("[\x01-\x1f\x7f-\x9f\u2028\u2029]+")  # a one-line value: each run becomes a space
CONTROL_IN_TEXT = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # multi-line text keeps \t, \n and \r


def clean_text(value, *, multiline=False):
    """`value` without invisible formatting characters and control characters (line breaks and tabs survive in
    multi-line text). Anything that is not a string is returned as it is."""
    if not isinstance(value, str):
        return value
    value = INVISIBLE.sub("", value)
    if multiline:
        return CONTROL_IN_TEXT.sub("", value)
    return CONTROL_IN_LINE.sub(" ", value)
