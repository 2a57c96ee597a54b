"""Search settings (SEARCH_*, ELASTICSEARCH_URL): see core/app_settings.py."""
from pathlib import Path

from django.conf import settings

from core.app_settings import AppSettings

DEFAULT_ANALYZER_ZH = "ctx_zh_bigram"
DEFAULT_ANALYZER_EN = "ctx_en"


class SearchSettings(AppSettings):
    prefix = "SEARCH_"

    @property
    def BACKEND(self):
        """"database" (the zero-service demo) or "elasticsearch"."""
        return self._setting("BACKEND", "database")

    @property
    def ELASTICSEARCH_URL(self):
        return settings.ELASTICSEARCH_URL

    @property
    def INDEX_PREFIX(self):
        return self._setting("INDEX_PREFIX", "ctx")

    @property
    def LISTINGS_ALIAS(self):
        """The name every reader and writer uses; it points at exactly one versioned index."""
        return f"{self.INDEX_PREFIX}-listings"

    @property
    def ANALYZER_ZH(self):
        return self._setting("ANALYZER_ZH", DEFAULT_ANALYZER_ZH) or DEFAULT_ANALYZER_ZH

    @property
    def ANALYZER_EN(self):
        return self._setting("ANALYZER_EN", DEFAULT_ANALYZER_EN) or DEFAULT_ANALYZER_EN

    @property
    def INDEX_REPLICAS(self):
        return int(self._setting("INDEX_REPLICAS", 0))

    @property
    def REQUEST_TIMEOUT(self):
        return float(self._setting("REQUEST_TIMEOUT", 10))

    @property
    def SIMILARITY(self):
        return self._setting("SIMILARITY", None)

    @property
    def PYTHON_ANALYSIS(self):
        """jieba words and Snowball stems made in Python (matching/analysis.py) beside the cluster's analyzers."""
        return bool(self._setting("PYTHON_ANALYSIS", True))

    @property
    def SHARED_DATA_DIR(self):
        """The public texts and judged sets the evaluation and the speed benchmark read."""
        return Path(settings.SHARED_DATA_DIR)


app_settings = SearchSettings()
