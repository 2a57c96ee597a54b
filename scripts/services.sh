#!/usr/bin/env bash
# Real Elasticsearch, PostgreSQL and Redis for tests and development, without Docker.
#
#   scripts/services.sh up       start what is not already answering on its port (SERVICES="es pg redis" subset)
#   scripts/services.sh down     stop what we started from our runtime dir (SERVICES subset), idempotent
#   scripts/services.sh status   one line per service
#   scripts/services.sh env      export lines for ELASTICSEARCH_URL, DATABASE_URL, REDIS_URL
#
# Versions and ports: scripts/services.env. Downloads are kept in .cache/downloads/, runtime state
# (Elasticsearch install + throwaway data, PostgreSQL cluster, Redis, pid files, logs) in .cache/services/,
# or in /tmp/ctx-services-<uid>-<hash> when the service user cannot traverse the project directory.
# Elasticsearch and PostgreSQL refuse to run as root, so when run as root every service runs as the
# unprivileged system user "ctxsvc" (created when missing). Missing Debian packages are installed with apt-get.
set -euo pipefail
umask 022

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/services.env
source "$ROOT/scripts/services.env"

: "${SERVICES:=es pg redis}"
: "${ES_START_TIMEOUT:=120}"
SVC_USER="${SVC_USER:-ctxsvc}"

CACHE="$ROOT/.cache"
DOWNLOADS="$CACHE/downloads"
STATE="$CACHE/services"              # always in the project: started-by-us and the runtime-dir pointer
STARTED_FILE="$STATE/started-by-us"
ES_ZIP="$DOWNLOADS/elasticsearch-${ES_VERSION}.zip"
ES_ARTIFACT="org.elasticsearch.distribution.integ-test-zip:elasticsearch:${ES_VERSION}:zip"

log() { printf '[services] %s\n' "$*"; }
err() { printf '[services] ERROR: %s\n' "$*" >&2; }
die() { err "$*"; exit 1; }
is_root() { [ "$(id -u)" = 0 ]; }

# ---------------------------------------------------------------------------------------------- packages
APT_UPDATED=0
apt_install() {  # apt_install pkg...  (apt-get update once per run)
    [ "$#" -gt 0 ] || return 0
    local sudo=()
    if ! is_root; then
        command -v sudo >/dev/null 2>&1 || die "missing packages: $* (run as root or install them)"
        sudo=(sudo)
    fi
    log "installing Debian packages: $*"
    if [ "$APT_UPDATED" = 0 ]; then
        "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
        APT_UPDATED=1
    fi
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@"
}

find_java_home() {
    local cand
    if [ -n "${ES_JAVA_HOME:-}" ] && [ -x "$ES_JAVA_HOME/bin/java" ]; then echo "$ES_JAVA_HOME"; return 0; fi
    for cand in /usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/java-17-openjdk-*; do
        if [ -x "$cand/bin/java" ]; then echo "$cand"; return 0; fi
    done
    return 1
}

pg_newest_bin() {
    local d
    d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)"
    [ -n "$d" ] && [ -x "$d/initdb" ] && echo "$d"
}

ensure_packages() {  # for the services in $SERVICES, plus chromium for browser tests
    local need=()
    command -v curl >/dev/null 2>&1 || need+=(curl)
    if want es; then
        command -v mvn >/dev/null 2>&1 || need+=(maven)
        command -v unzip >/dev/null 2>&1 || need+=(unzip)
        find_java_home >/dev/null || need+=(openjdk-17-jre-headless)
    fi
    if want pg; then
        pg_newest_bin >/dev/null || need+=(postgresql)
    fi
    if want redis; then
        { command -v redis-server && command -v redis-cli; } >/dev/null 2>&1 || need+=(redis-server)
    fi
    [ -x /usr/bin/chromium ] || need+=(chromium)
    # A CJK font so that screenshots show Chinese; msgfmt so that the catalogues compile.
    fc-list 2>/dev/null | grep -qi "wenquanyi\|noto sans cjk" || need+=(fonts-wqy-microhei)
    command -v msgfmt >/dev/null 2>&1 || need+=(gettext)
    apt_install "${need[@]}"
}

ensure_user() {
    is_root || return 0
    if ! id -u "$SVC_USER" >/dev/null 2>&1; then
        log "creating system user $SVC_USER"
        useradd --system --no-create-home --shell /usr/sbin/nologin "$SVC_USER"
    fi
}

# Run a command as the service user (from a directory it can read: pg_ctl and java dislike an unreadable cwd).
as_svc() {
    if is_root; then
        (cd / && runuser -u "$SVC_USER" -- "$@")
    else
        (cd / && "$@")
    fi
}
svc_chown() { if is_root; then chown -R "$SVC_USER:" "$@"; fi; }

# ---------------------------------------------------------------------------------------------- runtime dir
RT=""
resolve_runtime() {
    mkdir -p "$DOWNLOADS" "$STATE"
    local fallback
    fallback="/tmp/ctx-services-$(id -u)-$(printf '%s' "$ROOT" | sha1sum | cut -c1-12)"
    if ! is_root; then
        RT="$STATE"
    elif id -u "$SVC_USER" >/dev/null 2>&1 && runuser -u "$SVC_USER" -- test -x "$STATE" 2>/dev/null; then
        RT="$STATE"
    else
        RT="$fallback"
        if [ -n "${1:-}" ]; then
            log "$SVC_USER cannot traverse $ROOT; service runtime lives in $RT instead"
        fi
    fi
    if [ "$RT" != "$STATE" ] && [ -n "${1:-}" ]; then
        if [ -e "$RT" ] && [ "$(stat -c %u "$RT")" != "$(id -u)" ]; then
            die "$RT exists but is not owned by us; remove it or move the project"
        fi
        mkdir -p -m 0755 "$RT"
    fi
}

ES_HOME() { echo "$RT/es/elasticsearch-${ES_VERSION}"; }

# ---------------------------------------------------------------------------------------------- probes
want() { case " $SERVICES " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
pid_alive() {  # running and not a zombie
    [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null || return 1
    [ "$(sed -n 's/^[0-9]* (.*) \([A-Za-z]\) .*/\1/p' "/proc/$1/stat" 2>/dev/null)" != Z ]
}
read_pid() { [ -s "$1" ] && head -n1 "$1" | tr -dc '0-9' || true; }

es_health() { curl -s -m 3 "http://127.0.0.1:$ES_PORT/_cluster/health" 2>/dev/null || true; }
es_status_of() { sed -n 's/.*"status":"\([a-z]*\)".*/\1/p' <<<"$1"; }
es_up() { local s; s="$(es_status_of "$(es_health)")"; [ "$s" = green ] || [ "$s" = yellow ]; }
pg_ready_bin() { command -v pg_isready 2>/dev/null || { local b; b="$(pg_newest_bin || true)"; [ -n "$b" ] && echo "$b/pg_isready"; }; }
pg_up() {
    local b; b="$(pg_ready_bin || true)"
    if [ -n "$b" ]; then "$b" -q -h 127.0.0.1 -p "$PG_PORT" -t 2 >/dev/null 2>&1; else port_open "$PG_PORT"; fi
}
redis_up() { [ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null || true)" = PONG ]; }

es_pid() { read_pid "$RT/es/es.pid"; }
pg_pid() { read_pid "$RT/pg/data/postmaster.pid"; }
redis_pid() { read_pid "$RT/redis/redis.pid"; }

record_started() {  # record_started name: in .cache/services/started-by-us (union) and $STARTED_BY_US_OUT
    local name="$1"
    touch "$STARTED_FILE"
    grep -qx "$name" "$STARTED_FILE" || echo "$name" >>"$STARTED_FILE"
    if [ -n "${STARTED_BY_US_OUT:-}" ]; then echo "$name" >>"$STARTED_BY_US_OUT"; fi
}
forget_started() {
    local name="$1"
    [ -f "$STARTED_FILE" ] || return 0
    grep -vx "$name" "$STARTED_FILE" >"$STARTED_FILE.tmp" || true
    mv "$STARTED_FILE.tmp" "$STARTED_FILE"
}

# ---------------------------------------------------------------------------------------------- Elasticsearch
es_fetch() {
    if [ -s "$ES_ZIP" ] && unzip -tqq "$ES_ZIP" >/dev/null 2>&1; then
        log "elasticsearch: using cached $ES_ZIP (no download)"
        return 0
    fi
    rm -f "$ES_ZIP"
    log "elasticsearch: fetching $ES_ARTIFACT from Maven Central"
    mvn -B -q -Dstyle.color=never dependency:copy -Dartifact="$ES_ARTIFACT" -DoutputDirectory="$DOWNLOADS"
    [ -s "$ES_ZIP" ] || die "elasticsearch: $ES_ZIP not found after mvn dependency:copy"
}

es_start() {
    local java_home home t0 t1 rc=0 waited=0 health status pid
    java_home="$(find_java_home)" || die "elasticsearch: no JDK 17 found (install openjdk-17-jre-headless)"
    es_fetch
    home="$(ES_HOME)"
    if [ ! -f "$home/.unpacked" ]; then
        log "elasticsearch: unpacking into $RT/es"
        rm -rf "$home"
        mkdir -p "$RT/es"
        unzip -qo "$ES_ZIP" -d "$RT/es"
        touch "$home/.unpacked"
    fi
    # Throwaway data (and logs) each time it starts.
    rm -rf "$RT/es/data" "$RT/es/tmp" "$RT/es/logs"
    mkdir -p "$RT/es/data" "$RT/es/logs" "$RT/es/tmp" "$home/config/jvm.options.d"
    rm -f "$RT/es/es.pid"
    cat >"$home/config/elasticsearch.yml" <<EOF
# Written by scripts/services.sh: a single-node test cluster of our own. Do not edit.
cluster.name: ctx-test
node.name: ctx-test-node
discovery.type: single-node
xpack.security.enabled: false
network.host: 127.0.0.1
http.port: $ES_PORT
transport.port: $ES_TRANSPORT_PORT
cluster.routing.allocation.disk.threshold_enabled: false
path.data: "$RT/es/data"
path.logs: "$RT/es/logs"
EOF
    printf -- '-Xms%s\n-Xmx%s\n' "$ES_HEAP" "$ES_HEAP" >"$home/config/jvm.options.d/ctx-heap.options"
    svc_chown "$RT/es"

    log "elasticsearch $ES_VERSION: starting on 127.0.0.1:$ES_PORT (transport $ES_TRANSPORT_PORT, heap $ES_HEAP, JDK $java_home)"
    t0=$(date +%s.%N)
    # -d: the launcher detaches once the node is up (or exits non-zero when it fails). setsid: the node gets a
    # session of its own, so a Ctrl-C aimed at the caller (make test) does not reach it; we stop it ourselves.
    as_svc setsid -w env ES_JAVA_HOME="$java_home" ES_TMPDIR="$RT/es/tmp" ES_JAVA_OPTS="${ES_JAVA_OPTS:-}" \
        "$home/bin/elasticsearch" -d -p "$RT/es/es.pid" >"$RT/es/launcher.log" 2>&1 &
    local launcher=$!
    while :; do
        health="$(es_health)"
        status="$(es_status_of "$health")"
        if [ "$status" = green ] || [ "$status" = yellow ]; then break; fi
        if ! pid_alive "$launcher"; then
            wait "$launcher" || rc=$?
            pid="$(es_pid)"
            if [ "$rc" != 0 ] || ! pid_alive "$pid"; then
                es_fail "launcher exited with code $rc"
                return 1
            fi
            launcher=""
        fi
        if [ "$waited" -ge "$ES_START_TIMEOUT" ]; then
            es_fail "not healthy after ${ES_START_TIMEOUT}s"
            return 1
        fi
        if [ "$waited" -gt 0 ] && [ $((waited % 5)) = 0 ]; then
            log "elasticsearch: waiting for /_cluster/health ... ${waited}s"
        fi
        sleep 1
        waited=$((waited + 1))
    done
    [ -z "$launcher" ] || wait "$launcher" || true
    t1=$(date +%s.%N)
    log "elasticsearch: healthy ($status) after $(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f", b-a}')s, pid $(es_pid)"
    record_started es
}

es_fail() {
    err "elasticsearch: $1"
    echo "----- $RT/es/launcher.log (tail) -----" >&2
    tail -n 40 "$RT/es/launcher.log" >&2 2>/dev/null || true
    local f
    for f in "$RT/es/logs/ctx-test.log"; do
        [ -f "$f" ] && { echo "----- $f (tail) -----" >&2; tail -n 60 "$f" >&2; }
    done
    es_stop >/dev/null 2>&1 || true
}

es_processes() {  # pids of processes running from our ES install (launcher CLI and server JVM)
    pgrep -f -- "$(ES_HOME)/" 2>/dev/null | grep -vxF -f <(ancestors) || true
}

ancestors() {  # this shell and its ancestors: never matched as left-overs
    local p=$$ pp
    echo "$BASHPID"
    while [ -n "$p" ] && [ "$p" -gt 1 ] 2>/dev/null; do
        echo "$p"
        pp="$(awk '{print $4}' "/proc/$p/stat" 2>/dev/null || true)"
        [ "$pp" = "$p" ] && break
        p="$pp"
    done
}

es_stop() {
    local pids
    pids="$(printf '%s\n' "$(es_pid)" "$(es_processes)" | grep -E '^[0-9]+$' | sort -u || true)"
    stop_pids elasticsearch "$pids" 30 || return 1
    wait_port_closed elasticsearch "$ES_PORT" 15
    rm -f "$RT/es/es.pid"
}

# ---------------------------------------------------------------------------------------------- PostgreSQL
pg_bin_for_data() {  # the bin dir matching an existing cluster's PG_VERSION, else the newest
    local v
    if [ -f "$RT/pg/data/PG_VERSION" ]; then
        v="$(cat "$RT/pg/data/PG_VERSION")"
        if [ -x "/usr/lib/postgresql/$v/bin/postgres" ]; then echo "/usr/lib/postgresql/$v/bin"; return 0; fi
        die "postgresql: $RT/pg/data is a PostgreSQL $v cluster but /usr/lib/postgresql/$v is not installed (remove the dir to re-create)"
    fi
    pg_newest_bin || die "postgresql: no /usr/lib/postgresql/*/bin/initdb (install postgresql)"
}

pg_start() {
    local bin locale q
    bin="$(pg_bin_for_data)"
    mkdir -p "$RT/pg/run"
    svc_chown "$RT/pg"
    if [ ! -f "$RT/pg/data/PG_VERSION" ]; then
        locale=C
        if locale -a 2>/dev/null | grep -qix 'c.utf-\?8'; then locale=C.UTF-8; fi
        log "postgresql: initdb $RT/pg/data ($($bin/postgres --version))"
        rm -rf "$RT/pg/data"
        as_svc "$bin/initdb" -D "$RT/pg/data" -U postgres -E UTF8 --locale="$locale" \
            --auth-local=trust --auth-host=scram-sha-256 >"$RT/pg/initdb.log" 2>&1 \
            || { cat "$RT/pg/initdb.log" >&2; die "postgresql: initdb failed"; }
        echo "include_if_exists = 'ctx.conf'" >>"$RT/pg/data/postgresql.conf"
    else
        log "postgresql: reusing cluster in $RT/pg/data"
    fi
    q="$(printf '%s' "$RT/pg/run" | sed "s/'/''/g")"
    cat >"$RT/pg/data/ctx.conf" <<EOF
# Written by scripts/services.sh each start: test-only settings (no durability).
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$q'
fsync = off
full_page_writes = off
synchronous_commit = off
max_connections = 100
EOF
    svc_chown "$RT/pg/data/ctx.conf"
    log "postgresql: starting on 127.0.0.1:$PG_PORT"
    if ! as_svc "$bin/pg_ctl" -D "$RT/pg/data" -l "$RT/pg/postgres.log" -w -t 60 start >/dev/null; then
        err "postgresql: pg_ctl start failed"
        tail -n 40 "$RT/pg/postgres.log" >&2 || true
        return 1
    fi
    local psql=("$bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$RT/pg/run" -p "$PG_PORT" -U postgres -d postgres)
    if [ "$(as_svc "${psql[@]}" -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$PG_USER'")" != 1 ]; then
        as_svc "${psql[@]}" -c "CREATE ROLE \"$PG_USER\" LOGIN CREATEDB PASSWORD '$PG_PASSWORD'"
    else
        as_svc "${psql[@]}" -c "ALTER ROLE \"$PG_USER\" LOGIN CREATEDB PASSWORD '$PG_PASSWORD'"
    fi
    if [ "$(as_svc "${psql[@]}" -tAc "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'")" != 1 ]; then
        as_svc "${psql[@]}" -c "CREATE DATABASE \"$PG_DB\" OWNER \"$PG_USER\""
    fi
    log "postgresql: ready (role $PG_USER with CREATEDB, database $PG_DB), pid $(pg_pid)"
    record_started pg
}

pg_stop() {
    local pid bin
    pid="$(pg_pid)"
    if pid_alive "$pid"; then
        bin="$(pg_bin_for_data)"
        as_svc "$bin/pg_ctl" -D "$RT/pg/data" -m fast -w -t 30 stop >/dev/null 2>&1 || true
    fi
    stop_pids postgresql "$(printf '%s\n' "$pid" | grep -E '^[0-9]+$' || true)" 15 || return 1
    wait_port_closed postgresql "$PG_PORT" 15
}

# ---------------------------------------------------------------------------------------------- Redis
redis_start() {
    mkdir -p "$RT/redis"
    rm -f "$RT/redis/redis.pid"
    svc_chown "$RT/redis"
    log "redis: starting on 127.0.0.1:$REDIS_PORT"
    as_svc redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no \
        --daemonize yes --dir "$RT/redis" --pidfile "$RT/redis/redis.pid" --logfile "$RT/redis/redis.log"
    local i
    for i in $(seq 1 50); do
        redis_up && break
        sleep 0.2
    done
    if ! redis_up; then
        err "redis: not answering on $REDIS_PORT"
        tail -n 30 "$RT/redis/redis.log" >&2 || true
        return 1
    fi
    log "redis: ready, pid $(redis_pid)"
    record_started redis
}

redis_stop() {
    local pid
    pid="$(redis_pid)"
    if pid_alive "$pid"; then
        redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
    fi
    stop_pids redis "$(printf '%s\n' "$pid" | grep -E '^[0-9]+$' || true)" 10 || return 1
    wait_port_closed redis "$REDIS_PORT" 10
    rm -f "$RT/redis/redis.pid"
}

# ---------------------------------------------------------------------------------------------- stopping helpers
stop_pids() {  # stop_pids name "pids" timeout: TERM, wait, then KILL
    local name="$1" pids="$2" timeout="$3" p alive i
    alive=""
    for p in $pids; do pid_alive "$p" && alive="$alive $p"; done
    [ -n "$alive" ] || return 0
    kill -TERM $alive 2>/dev/null || true
    for i in $(seq 1 $((timeout * 5))); do
        alive=""
        for p in $pids; do pid_alive "$p" && alive="$alive $p"; done
        [ -n "$alive" ] || return 0
        sleep 0.2
    done
    err "$name: pid(s)$alive still running after ${timeout}s; sending KILL"
    kill -KILL $alive 2>/dev/null || true
    sleep 1
    for p in $alive; do pid_alive "$p" && { err "$name: pid $p survived KILL"; return 1; }; done
    return 0
}

wait_port_closed() {
    local name="$1" port="$2" timeout="$3" i
    for i in $(seq 1 $((timeout * 5))); do
        port_open "$port" || return 0
        sleep 0.2
    done
    err "$name: port $port still open (not our process?)"
    return 1
}

ours_running() {  # ours_running name: is a process from our runtime dir alive?
    case "$1" in
        es) pid_alive "$(es_pid)" || [ -n "$(es_processes)" ] ;;
        pg) pid_alive "$(pg_pid)" ;;
        redis) pid_alive "$(redis_pid)" ;;
    esac
}

leftover_pids() {  # processes from our runtime dir: in their command line, or as their working directory
    # (PostgreSQL's helper processes run in the data dir). Another checkout's services are never matched.
    local p cwd
    for p in $( { pgrep -f -- "$RT/" || true; if is_root && id -u "$SVC_USER" >/dev/null 2>&1; then pgrep -u "$SVC_USER" || true; fi; } | sort -u); do
        cwd="$(readlink "/proc/$p/cwd" 2>/dev/null || true)"
        if grep -qF -- "$RT/" "/proc/$p/cmdline" 2>/dev/null || [ "${cwd#"$RT"/}" != "$cwd" ]; then echo "$p"; fi
    done | grep -vxF -f <(ancestors) || true
}

leftovers_gone() {
    # Stopped daemons were re-parented to PID 1; until it reaps them they linger as zombies (harmless, but
    # visible to pgrep), so wait for that. Anything still really running is stopped by pid.
    local i p live zombies
    for i in $(seq 1 75); do
        live=""; zombies=""
        for p in $(leftover_pids); do
            if pid_alive "$p"; then live="$live $p"; elif [ -e "/proc/$p" ]; then zombies="$zombies $p"; fi
        done
        if [ -n "$live" ]; then
            err "left-over processes:$live"
            ps -o pid,user,args -p "$(echo $live | tr ' ' ,)" >&2 || true
            stop_pids leftovers "$live" 10 || return 1
            continue
        fi
        [ -n "$zombies" ] || return 0
        sleep 0.2
    done
    err "exited processes not yet reaped by PID 1 after 15s:$zombies"
    return 1
}

# ---------------------------------------------------------------------------------------------- commands
cmd_up() {
    local s
    for s in $SERVICES; do case "$s" in es | pg | redis) ;; *) die "unknown service '$s' (es pg redis)" ;; esac; done
    ensure_packages
    ensure_user
    resolve_runtime announce
    [ -z "${STARTED_BY_US_OUT:-}" ] || touch "$STARTED_BY_US_OUT"
    log "runtime dir: $RT"

    if want pg; then
        if pg_up; then
            log "postgresql: already answering on $PG_PORT, reusing it"
        elif port_open "$PG_PORT"; then
            die "postgresql: port $PG_PORT is taken by something that is not PostgreSQL"
        else
            pg_start
        fi
    fi
    if want redis; then
        if redis_up; then
            log "redis: already answering on $REDIS_PORT, reusing it"
        elif port_open "$REDIS_PORT"; then
            die "redis: port $REDIS_PORT is taken by something that is not Redis"
        else
            redis_start
        fi
    fi
    if want es; then
        if es_up; then
            log "elasticsearch: already answering on $ES_PORT, reusing it"
        elif port_open "$ES_PORT"; then
            die "elasticsearch: port $ES_PORT is open but /_cluster/health is not green/yellow"
        else
            es_start
        fi
    fi
    log "up: done (started by us so far: $(tr '\n' ' ' <"$STARTED_FILE" 2>/dev/null || true))"
}

cmd_down() {
    local s stopped=() rc=0
    for s in $SERVICES; do case "$s" in es | pg | redis) ;; *) die "unknown service '$s' (es pg redis)" ;; esac; done
    resolve_runtime
    # Stop in reverse dependency order; only processes from our runtime dir are touched.
    for s in es redis pg; do
        want "$s" || continue
        if ours_running "$s"; then
            case "$s" in
                es) es_stop || rc=1 ;;
                pg) pg_stop || rc=1 ;;
                redis) redis_stop || rc=1 ;;
            esac
            stopped+=("$s")
        fi
        forget_started "$s"
    done
    if [ "$SERVICES" = "es pg redis" ] || { want es && want pg && want redis; }; then
        # Everything was asked to stop: nothing may remain as the service user or from our runtime dir.
        leftovers_gone || rc=1
        rm -f "$STARTED_FILE"
    fi
    if [ "${#stopped[@]}" -gt 0 ]; then log "stopped: ${stopped[*]}"; else log "nothing of ours was running"; fi
    return "$rc"
}

cmd_status() {
    resolve_runtime
    local health status version
    mine() { if ours_running "$1"; then echo " (ours, runtime $RT)"; else echo " (not started by us)"; fi; }
    if es_up; then
        health="$(es_health)"
        status="$(es_status_of "$health")"
        version="$(curl -s -m 3 "http://127.0.0.1:$ES_PORT/_nodes/_local?filter_path=nodes.*.version" \
            | sed -n 's/.*"version":"\([^"]*\)".*/\1/p')"
        printf '%-14s up    port %-5s version %s, health %s%s\n' elasticsearch "$ES_PORT" "${version:-?}" "$status" "$(mine es)"
    else
        printf '%-14s down  port %-5s\n' elasticsearch "$ES_PORT"
    fi
    if pg_up; then
        version="$(PGCONNECT_TIMEOUT=3 psql -X "$DATABASE_URL" -tAc 'SHOW server_version' 2>/dev/null || echo '? (cannot log in as DATABASE_URL)')"
        printf '%-14s up    port %-5s version %s%s\n' postgresql "$PG_PORT" "$version" "$(mine pg)"
    else
        printf '%-14s down  port %-5s\n' postgresql "$PG_PORT"
    fi
    if redis_up; then
        version="$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" info server 2>/dev/null | sed -n 's/^redis_version:\([^[:space:]]*\).*/\1/p')"
        printf '%-14s up    port %-5s version %s%s\n' redis "$REDIS_PORT" "${version:-?}" "$(mine redis)"
    else
        printf '%-14s down  port %-5s\n' redis "$REDIS_PORT"
    fi
    return 0
}

cmd_env() {
    printf 'export ELASTICSEARCH_URL=%q\n' "$ELASTICSEARCH_URL"
    printf 'export DATABASE_URL=%q\n' "$DATABASE_URL"
    printf 'export REDIS_URL=%q\n' "$REDIS_URL"
}

case "${1:-}" in
    up) cmd_up ;;
    down) cmd_down ;;
    status) cmd_status ;;
    env) cmd_env ;;
    *)
        echo "usage: $0 up|down|status|env   (SERVICES=\"es pg redis\" to pick a subset)" >&2
        exit 2
        ;;
esac
