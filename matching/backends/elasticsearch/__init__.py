"""The Elasticsearch backend (`backend.py`): the queries it builds (`queries.py`), the client and its errors
(`client.py`), the index behind the alias (`index.py`)."""
from .backend import ElasticsearchBackend

__all__ = ["ElasticsearchBackend"]
