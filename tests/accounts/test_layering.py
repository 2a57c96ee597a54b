"""accounts sits below marketplace: listings know organisations, never the reverse (an import circle otherwise).
Organisation pages get their listings from marketplace's template tags. And roles are named in one place
(Membership.Role): who may do what is decided by accounts.permissions and marketplace.permissions, never by
comparing a role with a string."""
import ast
from pathlib import Path

from django.conf import settings

import accounts
from accounts.models import Membership

ACCOUNTS = Path(accounts.__file__).resolve().parent
ROOT = Path(settings.BASE_DIR)


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


def test_roles_are_named_only_by_the_membership_model():
    roles = set(Membership.Role.values)
    modules = [path for path in ROOT.rglob("*.py") if not {".venv", ".cache", "migrations", "tests"} & set(
        path.relative_to(ROOT).parts)]
    named = sorted(
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for path in modules if path != ACCOUNTS / "models.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and node.value in roles
    )
    assert len(modules) > 100, "the walk found too few modules"
    assert named == []
