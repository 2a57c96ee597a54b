"""Thin views over accounts.services and accounts.selectors, split by page group."""
