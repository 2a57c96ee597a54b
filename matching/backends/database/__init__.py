"""The database backend (`backend.py`): tokenising (`tokens.py`), the ORM conditions (`filters.py`), the
PostgreSQL expressions its indexes answer (`postgres.py`) and BM25 (`bm25.py`)."""
from .backend import DatabaseBackend
from .bm25 import match_profiles

__all__ = ["DatabaseBackend", "match_profiles"]
