"""Celery is configured in one place: config/settings/base.py's CELERY_* settings (queues, routes, the beat
schedule, time limits, results) and the retry policy of config/celery_app.py; a task names itself and, when it
retries transient errors, takes RETRY_TRANSIENT, nothing else."""
import ast
from pathlib import Path

from config.celery_app import RETRY_TRANSIENT, app

ROOT = Path(__file__).resolve().parents[2]
ALLOWED = {"name", "bind", "base"}


def called(decorator):
    return getattr(decorator.func, "id", None) or getattr(decorator.func, "attr", None)


def task_decorators():
    """(where, the decorator call) of every task defined with options."""
    for path in sorted(ROOT.glob("*/tasks.py")) + [ROOT / "config/celery_app.py"]:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef):
                for decorator in node.decorator_list:
                    if isinstance(decorator, ast.Call) and called(decorator) in {"shared_task", "task"}:
                        yield f"{path.relative_to(ROOT)}:{node.name}", decorator


def test_tasks_take_no_options_that_belong_to_the_settings():
    found = {where: sorted(k.arg for k in call.keywords if k.arg is not None and k.arg not in ALLOWED)
             for where, call in task_decorators()}
    assert len(found) > 15
    assert {where: options for where, options in found.items() if options} == {}
    spread = {ast.unparse(k.value) for _, call in task_decorators() for k in call.keywords if k.arg is None}
    assert spread == {"RETRY_TRANSIENT"}


def test_the_settings_reach_every_task():
    app.loader.import_default_modules()
    ours = {name: task for name, task in app.tasks.items() if not name.startswith("celery.")}
    assert ours and all(task.ignore_result for task in ours.values())
    for name in ("matching.tasks.matches_rebuild_task", "matching.tasks.ensure_index_task"):
        assert (ours[name].soft_time_limit, ours[name].time_limit) == (3000, 3300)
    assert ours["core.tasks.process_events"].autoretry_for == RETRY_TRANSIENT["autoretry_for"]
    assert not getattr(ours["core.tasks.dispatch_outbox"], "autoretry_for", None)
