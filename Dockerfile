# syntax=docker/dockerfile:1
# The CultureTech Exchange image: web (gunicorn, the default command), Celery worker and beat (compose.yaml
# gives them their commands). docs/deploy.md says how to run it.

# ---- build: dependencies, compiled translations, collected static files -------------------------------------
FROM python:3.11-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHONDONTWRITEBYTECODE=1
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
COPY requirements.txt /tmp/requirements.txt
RUN pip install -r /tmp/requirements.txt
WORKDIR /app
COPY . .
# The build needs settings, not secrets: throwaway values for these two commands only (never in the image's ENV).
RUN DJANGO_SETTINGS_MODULE=config.settings.production DJANGO_SECRET_KEY=build-only DJANGO_ALLOWED_HOSTS=build \
    DATABASE_URL=sqlite:////tmp/build.sqlite3 DJANGO_STATIC_ROOT=/app/staticfiles \
    sh -c "python manage.py compilemessages --ignore=.venv --ignore=.cache && python manage.py collectstatic --noinput"

# ---- runtime: slim, no compiler, no gettext, a user without privileges -----------------------------------------
FROM python:3.11-slim-bookworm AS runtime
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production \
    DJANGO_STATIC_ROOT=/app/staticfiles \
    DJANGO_MEDIA_ROOT=/app/media \
    PROMETHEUS_MULTIPROC_DIR=/tmp/prometheus \
    PORT=8000
RUN groupadd --system --gid 10001 ctx \
    && useradd --system --uid 10001 --gid ctx --home-dir /app --shell /usr/sbin/nologin ctx \
    && mkdir -p /app/media /var/lib/ctx /tmp/prometheus \
    && chown ctx:ctx /app/media /var/lib/ctx /tmp/prometheus
COPY --from=build /opt/venv /opt/venv
COPY --from=build --chown=root:root /app /app
WORKDIR /app
USER ctx
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status != 200)"]
CMD ["gunicorn", "-c", "config/gunicorn.py", "config.wsgi"]
