"""gunicorn settings: `gunicorn -c config/gunicorn.py config.wsgi` (the Dockerfile's command).

Environment: PORT (8000), WEB_CONCURRENCY (workers, 4), GUNICORN_TIMEOUT (60), PROMETHEUS_MULTIPROC_DIR (the
metrics of all workers; emptied here at start, as prometheus_client requires)."""
import os
import shutil

bind = "0.0.0.0:" + os.environ.get("PORT", "8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
max_requests = 2000  # a slow leak cannot grow without bound; the jitter keeps workers from restarting together
max_requests_jitter = 200
accesslog = None  # one JSON line per request comes from the application (ops.metrics, logger "ctx.access")
# gunicorn's own messages as JSON lines too, like the application's.
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "pythonjsonlogger.json.JsonFormatter",
                            "fmt": "%(asctime)s %(levelname)s %(name)s %(process)d %(message)s",
                            "rename_fields": {"asctime": "time", "levelname": "level"}}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}},
    "loggers": {"gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}


def on_starting(server):
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory:
        shutil.rmtree(directory, ignore_errors=True)  # counts of a previous run would be added to this one's
        os.makedirs(directory, exist_ok=True)


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
