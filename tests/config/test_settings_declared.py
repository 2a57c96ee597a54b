"""Every setting the code reads is declared in config/settings/base.py, and each app reads its own through its
`app_settings` object (core/app_settings.py): no `getattr(settings, ...)` with a default of its own elsewhere, and
outside those modules only Django's own settings are read from `django.conf.settings` directly."""
import ast
from pathlib import Path

from django.conf import global_settings

ROOT = Path(__file__).resolve().parents[2]
SKIPPED = {".venv", ".cache", ".git", "node_modules", "tests"}
DJANGOS_OWN = {name for name in dir(global_settings) if name.isupper()} | {"BASE_DIR"}


def code_files():
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if SKIPPED.isdisjoint(relative.parts) and relative.parts[:2] != ("config", "settings"):
            yield relative


def declared_in_base():
    tree = ast.parse((ROOT / "config/settings/base.py").read_text())
    names = set()
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
        names |= {target.id for target in targets if isinstance(target, ast.Name) and target.id.isupper()}
    return names


def settings_names(tree):
    """The local names `django.conf.settings` is imported as."""
    return {alias.asname or alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
            and node.module == "django.conf" for alias in node.names if alias.name == "settings"}


def app_settings_reads(tree):
    """`self._setting("NAME", default)` in an app_settings module, with its class's `prefix`."""
    for cls in (node for node in ast.walk(tree) if isinstance(node, ast.ClassDef)):
        prefix = next((stmt.value.value for stmt in cls.body if isinstance(stmt, ast.Assign)
                       and any(getattr(t, "id", None) == "prefix" for t in stmt.targets)), "")
        for node in ast.walk(cls):
            if (isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "_setting"
                    and isinstance(node.args[0], ast.Constant)):
                yield node.lineno, prefix + node.args[0].value


def reads(path):
    """[(line, setting name, how)] for one module; how is "attribute", "getattr" or "app_settings"."""
    tree = ast.parse((ROOT / path).read_text())
    names = settings_names(tree)
    found = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in names
                and node.attr.isupper()):
            found.append((node.lineno, node.attr, "attribute"))
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "getattr"
              and node.args and isinstance(node.args[0], ast.Name) and node.args[0].id in names):
            if isinstance(node.args[1], ast.Constant):
                found.append((node.lineno, node.args[1].value, "getattr"))
            elif path.name != "app_settings.py":  # there, `_setting(NAME)` calls name what is read
                found.append((node.lineno, "?", "getattr"))
    if path.name == "app_settings.py":
        found += [(line, name, "app_settings") for line, name in app_settings_reads(tree)]
    return found


def test_the_walk_sees_the_apps_and_their_app_settings():
    files = set(code_files())
    assert Path("marketplace/services/__init__.py") in files or Path("marketplace/services.py") in files
    read = {name for path in files if path.name == "app_settings.py" for _, name, _ in reads(path)}
    assert {"SEARCH_BACKEND", "INSIGHTS_VIEW_COUNTER", "WEBHOOK_ALLOWED_HOSTS", "SITE_URL"} <= read


def test_getattr_on_settings_only_inside_app_settings_modules():
    found = [f"{path}:{line} getattr(settings, {name!r}, ...)" for path in code_files()
             if path.name != "app_settings.py" for line, name, how in reads(path) if how == "getattr"]
    assert found == []


def test_every_setting_the_code_reads_is_declared_in_base():
    declared = declared_in_base()
    found = [f"{path}:{line} {name}" for path in code_files() for line, name, _ in reads(path)
             if name not in declared]
    assert found == []


def test_outside_app_settings_the_code_reads_only_djangos_own_settings_directly():
    found = [f"{path}:{line} settings.{name}" for path in code_files()
             if path.name != "app_settings.py" and path.parts[0] != "config"
             for line, name, how in reads(path) if how == "attribute" and name not in DJANGOS_OWN]
    assert found == []
