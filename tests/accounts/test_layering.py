"""accounts sits below marketplace: listings know organisations, never the reverse (an import circle otherwise).
Organisation pages get their listings from marketplace's template tags."""
import ast
from pathlib import Path

import accounts

ACCOUNTS = Path(accounts.__file__).resolve().parent


def imported_modules(path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


def test_accounts_imports_nothing_from_marketplace():
    offending = sorted(
        f"{path.relative_to(ACCOUNTS.parent)}: {module}"
        for path in ACCOUNTS.rglob("*.py")
        for module in imported_modules(path)
        if module == "marketplace" or module.startswith("marketplace.")
    )
    assert list(ACCOUNTS.rglob("*.py")), "the walk found no module"
    assert offending == []
