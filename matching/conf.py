"""Search settings, read at call time so that tests and commands can change them (never cached on classes)."""
from django.conf import settings

DEFAULT_ANALYZER_ZH = "ctx_zh_bigram"
DEFAULT_ANALYZER_EN = "ctx_en"


def backend_name():
    return getattr(settings, "SEARCH_BACKEND", "database")


def elasticsearch_url():
    return settings.ELASTICSEARCH_URL


def index_prefix():
    return getattr(settings, "SEARCH_INDEX_PREFIX", "ctx")


def listings_alias():
    """The name every reader and writer uses; it points at exactly one versioned index."""
    return f"{index_prefix()}-listings"


def analyzer_zh():
    return getattr(settings, "SEARCH_ANALYZER_ZH", DEFAULT_ANALYZER_ZH) or DEFAULT_ANALYZER_ZH


def analyzer_en():
    return getattr(settings, "SEARCH_ANALYZER_EN", DEFAULT_ANALYZER_EN) or DEFAULT_ANALYZER_EN


def index_replicas():
    return int(getattr(settings, "SEARCH_INDEX_REPLICAS", 0))


def request_timeout():
    return float(getattr(settings, "SEARCH_REQUEST_TIMEOUT", 10))
