"""Measuring the engine, apart from it: quality on labelled sets (`quality.py`, figures in `metrics.py`) and
speed on a synthetic catalogue (`speed.py`, `catalogue.py`). The evaluation builds its own backend over an index
of its own corpus (ElasticsearchBackend(index=..., client=...)) or scores the corpus in memory (`match_profiles`):
it needs nothing of the backends that production does not use."""
