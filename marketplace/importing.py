"""Bulk import of listings from JSONL or CSV: reading rows with their line numbers, mapping columns to listing
fields and validating a row completely before anything is written. Used by `manage.py import_listings`."""
import csv
import datetime
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from accounts.models import Region
from core.text import clean_text

from .models import CollaborationType, Listing, Sector, Technology

# The EU topics give budgets in euro; listings hold CNY. A fixed, documented rate keeps imports reproducible
# (about the 2025-2026 average); override with --eur-cny-rate.
DEFAULT_EUR_CNY_RATE = Decimal("7.8")
SUMMARY_LENGTH = 200
TITLE_MAX = Listing._meta.get_field("title").max_length
EXTERNAL_ID_MAX = Listing._meta.get_field("external_id").max_length

TARGET_FIELDS = (
    "title", "summary", "title_alt", "summary_alt", "description", "keywords",
    "sectors", "technologies", "collaboration_types", "trl_min",
    "trl_max", "ip_status", "budget_min", "budget_max", "province", "city", "metro_area", "remote_ok", "deadline",
    "visibility", "external_id", "source_url",
)

# Known shapes of the shared datasets, recognised by a column only they have.
SHAPES = {
    "csl-papers": {
        "detect": "abstract",
        "mapping": {"title": "title", "description": "abstract", "keywords": "keywords", "external_id": "id"},
        "currency": "CNY",
        "attribution": "CSL: A Large-scale Chinese Scientific Literature Dataset (Li et al., COLING 2022)",
    },
    "eu-funding-topics": {
        "detect": "budget_min_eur",
        "mapping": {
            "title": "title", "description": "description", "keywords": "keywords", "deadline": "deadline",
            "budget_min": "budget_min_eur", "budget_max": "budget_max_eur", "external_id": "id", "source_url": "url",
        },
        "currency": "EUR",
        "attribution": "© European Union, EU Funding & Tenders Portal",
    },
}


class RowError(Exception):
    """A row that cannot be imported; the message says why."""


@dataclass
class ImportOptions:
    mapping: dict
    currency: str = "CNY"
    eur_cny_rate: Decimal = DEFAULT_EUR_CNY_RATE
    attribution: str = ""
    taxonomy: dict = field(default_factory=dict)


def detect_shape(row):
    for name, shape in SHAPES.items():
        if shape["detect"] in row:
            return name
    return None


def default_mapping(shape):
    if shape:
        return dict(SHAPES[shape]["mapping"])
    return {name: name for name in TARGET_FIELDS}


def parse_map_arguments(values):
    """["field=column", ...] -> {field: column}; raises ValueError with a readable message."""
    mapping = {}
    for value in values or []:
        target, sep, column = value.partition("=")
        target, column = target.strip(), column.strip()
        if not sep or not target or not column:
            raise ValueError(f"--map takes field=column, not {value!r}")
        if target not in TARGET_FIELDS:
            raise ValueError(f"unknown listing field {target!r}; choose from {', '.join(TARGET_FIELDS)}")
        mapping[target] = column
    return mapping


def count_lines(path):
    with open(path, "rb") as handle:
        return sum(1 for _ in handle)


def read_rows(path, fmt):
    """Yield (line_number, row dict or RowError). A bad line is yielded as an error, never raised."""
    if fmt == "jsonl":
        with open(path, encoding="utf-8-sig") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as error:
                    yield number, RowError(f"invalid JSON ({error.msg} at column {error.colno})")
                    continue
                if not isinstance(row, dict):
                    yield number, RowError("a line must hold a JSON object")
                    continue
                yield number, row
    else:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            start = reader.line_num
            for row in reader:
                if None in row:
                    yield start + 1, RowError("more values than header columns")
                else:
                    yield start + 1, row
                start = reader.line_num


def load_taxonomy_slugs():
    return {
        "sectors": {term.slug: term.pk for term in Sector.objects.all()},
        "technologies": {term.slug: term.pk for term in Technology.objects.all()},
        "collaboration_types": {term.slug: term.pk for term in CollaborationType.objects.all()},
    }


# --- value parsers: each returns a clean value or raises RowError ---


def _text(value, *, multiline=False):
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        raise RowError("expected text, found a list or object")
    return clean_text(str(value), multiline=multiline).strip()


def _list(value):
    if value is None or value == "":
        return []
    parts = value if isinstance(value, list) else re.split(r"[,;，、|]", str(value))
    return [word for word in (clean_text(str(part)).strip() for part in parts) if word]


def _int_in(name, value, low, high):
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise RowError(f"{name} must be a whole number from {low} to {high}, not {value!r}") from None
    if not low <= number <= high:
        raise RowError(f"{name} must be from {low} to {high}, not {number}")
    return number


def _choice(name, value, choices):
    value = _text(value)
    if value not in choices:
        raise RowError(f"{name} must be one of {', '.join(choices)}, not {value!r}")
    return value


def _bool(name, value):
    if isinstance(value, bool):
        return value
    text = _text(value).lower()
    if text in {"1", "true", "yes", "y", "是"}:
        return True
    if text in {"0", "false", "no", "n", "否"}:
        return False
    raise RowError(f"{name} must be true or false, not {value!r}")


def _date(value):
    text = _text(value)
    try:
        return datetime.date.fromisoformat(text[:10])
    except ValueError:
        raise RowError(f"deadline must be a date like 2027-03-31, not {value!r}") from None


def _money(name, value, options):
    try:
        amount = Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError):
        raise RowError(f"{name} must be a number, not {value!r}") from None
    if amount < 0:
        raise RowError(f"{name} cannot be negative")
    if options.currency == "EUR":
        amount *= options.eur_cny_rate
    return int(amount.to_integral_value())


def summarise(text, length=SUMMARY_LENGTH):
    """The first ~`length` characters, cut after a sentence when one ends late enough."""
    text = re.sub(r"\s+", " ", text or "").strip()
    if len(text) <= length:
        return text
    head = text[:length]
    ends = [head.rfind(mark) for mark in ("。", "！", "？", "；", ". ", "! ", "? ")]
    cut = max(ends)
    if cut >= length * 0.5:
        return head[: cut + 1].strip()
    return head.rstrip() + "…"


def row_to_data(row, options):
    """Map and validate one row. Returns the keyword data for `listing_import`; raises RowError."""
    mapping = options.mapping

    def get(target):
        column = mapping.get(target)
        if column is None:
            return None
        value = row.get(column)
        return None if value == "" else value

    title = _text(get("title"))
    if not title:
        raise RowError("missing title")
    description = _text(get("description"), multiline=True)
    if len(title) > TITLE_MAX:
        # Keep the whole title in the description rather than losing it.
        description = f"**{title}**\n\n{description}".strip()
        title = title[: TITLE_MAX - 1].rstrip() + "…"
    summary = _text(get("summary")) or summarise(description) or title
    data = {"title": title, "summary": summary[:500], "description": description}
    for target, limit in (("title_alt", TITLE_MAX), ("summary_alt", 500)):
        if get(target) is not None:
            data[target] = _text(get(target))[:limit]

    if get("keywords") is not None:
        data["keywords"] = _list(get("keywords"))
    for target in ("sectors", "technologies", "collaboration_types"):
        if get(target) is not None:
            known = options.taxonomy[target]
            slugs = _list(get(target))
            unknown = [slug for slug in slugs if slug not in known]
            if unknown:
                raise RowError(f"unknown {target}: {', '.join(unknown)}")
            data[target] = [known[slug] for slug in slugs]
    for target in ("trl_min", "trl_max"):
        if get(target) is not None:
            data[target] = _int_in(target, get(target), 1, 9)
    if get("ip_status") is not None:
        data["ip_status"] = _choice("ip_status", get("ip_status"), Listing.IPStatus.values)
    if get("visibility") is not None:
        data["visibility"] = _choice("visibility", get("visibility"), Listing.Visibility.values)
    if get("metro_area") is not None:
        data["metro_area"] = _choice("metro_area", get("metro_area"), Region.values)
    if get("remote_ok") is not None:
        data["remote_ok"] = _bool("remote_ok", get("remote_ok"))
    for target in ("province", "city"):
        if get(target) is not None:
            data[target] = _text(get(target))[:50]
    if get("deadline") is not None:
        data["deadline"] = _date(get("deadline"))
    for target in ("budget_min", "budget_max"):
        if get(target) is not None:
            data[target] = _money(target, get(target), options)
    if data.get("budget_min") is not None and data.get("budget_max") is not None:
        if data["budget_min"] > data["budget_max"]:
            raise RowError("budget_min is above budget_max")
    if "trl_min" in data and "trl_max" in data and data["trl_min"] > data["trl_max"]:
        raise RowError("trl_min is above trl_max")

    extras = []
    if options.currency == "EUR" and (get("budget_min") is not None or get("budget_max") is not None):
        low, high = get("budget_min"), get("budget_max")
        amount = f"{low}" if low == high or high is None else f"{low or 0}–{high}"
        extras.append(f"Budget in the source: EUR {amount} (converted at 1 EUR = {options.eur_cny_rate} CNY).")
    source = _text(get("source_url"))
    if source:
        extras.append(f"Source: <{source}>")
    if options.attribution:
        extras.append(options.attribution)
    if extras:
        data["description"] = (data["description"] + "\n\n---\n\n" + "  \n".join(extras)).strip()

    external_id = _text(get("external_id"))
    if external_id:
        if len(external_id) > EXTERNAL_ID_MAX:
            raise RowError(f"external id longer than {EXTERNAL_ID_MAX} characters")
        data["external_id"] = external_id
    return data
