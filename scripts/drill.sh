#!/usr/bin/env bash
# make drill: the failure drill on this machine with real processes (ops/drill). Needs what `make services-up`
# installs (JDK 17, PostgreSQL, Redis, the Elasticsearch integ-test-zip from Maven Central) and ports of its own
# (Elasticsearch 9226/9236 + transport 9326/9336, PostgreSQL 5456, Redis 6406, gunicorn 8096, worker metrics
# 9847/9848). Prints JSON; stops everything it started, also on failure or Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/services.env
source scripts/services.env

DRILL_DIR="${DRILL_DIR:-$PWD/.cache/drill}"
ES_ZIP=".cache/downloads/elasticsearch-${ES_VERSION}.zip"
ES_HOME_DIR=".cache/drill-es/elasticsearch-${ES_VERSION}"
SVC_USER="${SVC_USER:-ctxsvc}"

for tool in redis-server unzip mvn; do
    command -v "$tool" >/dev/null 2>&1 || { echo "[drill] $tool missing: run 'make services-up' once" >&2; exit 1; }
done
ls -d /usr/lib/jvm/java-17-openjdk-* >/dev/null 2>&1 || { echo "[drill] JDK 17 missing: run 'make services-up' once" >&2; exit 1; }
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { echo "[drill] PostgreSQL missing: run 'make services-up' once" >&2; exit 1; }
if [ "$(id -u)" = 0 ] && ! id -u "$SVC_USER" >/dev/null 2>&1; then
    useradd --system --no-create-home --shell /usr/sbin/nologin "$SVC_USER"
fi
if [ ! -s "$ES_ZIP" ]; then
    mkdir -p .cache/downloads
    mvn -B -q dependency:copy -Dartifact="org.elasticsearch.distribution.integ-test-zip:elasticsearch:${ES_VERSION}:zip" \
        -DoutputDirectory=.cache/downloads
fi
if [ ! -f "$ES_HOME_DIR/.unpacked" ]; then
    rm -rf .cache/drill-es && mkdir -p .cache/drill-es && unzip -qo "$ES_ZIP" -d .cache/drill-es && touch "$ES_HOME_DIR/.unpacked"
fi
java_home="${ES_JAVA_HOME:-$(ls -d /usr/lib/jvm/java-17-openjdk-* | head -n1)}"
export DRILL_DIR DRILL_ES_HOME="$PWD/$ES_HOME_DIR" DRILL_JAVA_HOME="$java_home" SVC_USER
exec .venv/bin/python -m ops.drill
