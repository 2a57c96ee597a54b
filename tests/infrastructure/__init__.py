"""Smoke tests of the real services the suite runs against: Elasticsearch, PostgreSQL, Redis, Chromium."""
