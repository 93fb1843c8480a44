#!/usr/bin/env bash
# The team stack on one machine, without Docker: `make team` / `make team-down`.
#
#   deploy/team.sh up      PostgreSQL (a private cluster in $TEAM_DIR/pg), `mlflow server` on it
#                          with proxied artifacts, a Ray head and one Ray worker node, and the
#                          dashboard pointed at all of them; waits until each answers
#   deploy/team.sh down    stops what `up` started (pid files in $TEAM_DIR/pids)
#   deploy/team.sh status  what runs, and where
#   deploy/team.sh env     the environment that points a process at the stack (eval it)
#   deploy/team.sh deps    only create the mlflow server's venv (CI does this first)
#
# Settings (environment): TEAM_DIR (default ./.team), TEAM_PG_PORT (5433), TEAM_MLFLOW_PORT
# (5000), TEAM_RAY_PORT (6379), TEAM_DASHBOARD_PORT (8501), TEAM_DASHBOARD=0 to leave the
# dashboard out, TEAM_MLFLOW_VENV (./.team/mlflow-venv: created on first use with the full
# `mlflow` at the version of requirements.txt's mlflow-skinny). Logs: $TEAM_DIR/logs/.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
TEAM_DIR="$(mkdir -p "${TEAM_DIR:-$ROOT/.team}" && cd "${TEAM_DIR:-$ROOT/.team}" && pwd)"
PG_PORT="${TEAM_PG_PORT:-5433}"
MLFLOW_PORT="${TEAM_MLFLOW_PORT:-5000}"
RAY_PORT="${TEAM_RAY_PORT:-6379}"
DASHBOARD_PORT="${TEAM_DASHBOARD_PORT:-8501}"
MLFLOW_VENV="${TEAM_MLFLOW_VENV:-$ROOT/.team/mlflow-venv}"
VENV="$ROOT/.venv"
PG_BIN="${TEAM_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}"
LOGS="$TEAM_DIR/logs"
# Ray's token authentication, with the stack's own token: every process of the stack, and
# any client (`eval "$(deploy/team.sh env)"`), reads it from this file.
export RAY_AUTH_MODE=token RAY_AUTH_TOKEN_PATH="$TEAM_DIR/ray-auth-token"
PIDS="$TEAM_DIR/pids"
DB_URL="postgresql+psycopg://cnnlab:cnnlab@127.0.0.1:$PG_PORT/mlflow"
MLFLOW_VERSION="$(sed -n 's/^mlflow-skinny==\([^ ]*\).*/\1/p' "$ROOT/requirements.txt")"
PSYCOPG_PIN="$(grep -o '^psycopg\[binary\]==[^ ]*' "$ROOT/requirements.txt")"

say() { printf 'team: %s\n' "$*"; }
die() { printf 'team: %s\n' "$*" >&2; exit 1; }

# PostgreSQL refuses to run as root: then the cluster belongs to the postgres user.
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

wait_for() {  # wait_for SECONDS WHAT COMMAND...
    local deadline=$((SECONDS + $1)) what=$2; shift 2
    until "$@" >/dev/null 2>&1; do
        [ $SECONDS -lt $deadline ] || die "$what did not come up within the deadline (logs: $LOGS)"
        sleep 0.5
    done
}

http_ok() { "$VENV/bin/python" -c "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)" "$1"; }

alive() { [ -f "$PIDS/$1.pid" ] && kill -0 "$(cat "$PIDS/$1.pid")" 2>/dev/null; }

start_group() {  # start_group NAME COMMAND... : in its own session, so `down` ends all it spawned
    local name=$1; shift
    if alive "$name"; then say "$name already running (pid $(cat "$PIDS/$name.pid"))"; return; fi
    setsid "$@" >"$LOGS/$name.log" 2>&1 < /dev/null &
    echo $! > "$PIDS/$name.pid"
}

stop_group() {
    local name=$1 pid
    [ -f "$PIDS/$name.pid" ] || return 0
    pid=$(cat "$PIDS/$name.pid")
    if kill -0 "$pid" 2>/dev/null; then
        kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
        kill -KILL -- "-$pid" 2>/dev/null || true
        say "stopped $name"
    fi
    rm -f "$PIDS/$name.pid"
}

mlflow_venv() {
    if [ ! -x "$MLFLOW_VENV/bin/mlflow" ] || ! "$MLFLOW_VENV/bin/mlflow" --version | grep -q "$MLFLOW_VERSION"; then
        say "installing mlflow==$MLFLOW_VERSION into $MLFLOW_VENV (a few minutes, once)"
        python3 -m venv "$MLFLOW_VENV"
        "$MLFLOW_VENV/bin/pip" install --quiet --upgrade pip
        "$MLFLOW_VENV/bin/pip" install --quiet "mlflow==$MLFLOW_VERSION" "$PSYCOPG_PIN"
    fi
}

postgres_up() {
    [ -x "$PG_BIN/postgres" ] || die "PostgreSQL is not installed (apt-get install postgresql)"
    local data="$TEAM_DIR/pg" run="$TEAM_DIR/pg-run"
    mkdir -p "$run"
    if [ ! -f "$data/PG_VERSION" ]; then
        mkdir -p "$data"
        local pw="$TEAM_DIR/pg-run/pwfile"
        echo cnnlab > "$pw"
        if [ "$(id -u)" = 0 ]; then chown postgres "$data" "$run" "$pw"; fi
        as_pg "$PG_BIN/initdb" -D "$data" -U cnnlab --pwfile="$pw" --auth=scram-sha-256 \
            -E UTF8 --locale=C.UTF-8 > "$LOGS/initdb.log" 2>&1 || die "initdb failed (see $LOGS/initdb.log)"
        rm -f "$pw"
    fi
    if [ "$(id -u)" = 0 ]; then chown postgres "$run"; touch "$LOGS/postgres.log"; chown postgres "$LOGS/postgres.log"; fi
    if ! as_pg "$PG_BIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then
        as_pg "$PG_BIN/pg_ctl" -D "$data" -l "$LOGS/postgres.log" -w -t 60 \
            -o "-p $PG_PORT -k $run -c listen_addresses=127.0.0.1" start >/dev/null ||
            die "PostgreSQL did not start (see $LOGS/postgres.log)"
    fi
    PGPASSWORD=cnnlab "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U cnnlab -d postgres -qtAc \
        "SELECT 1 FROM pg_database WHERE datname='mlflow'" | grep -q 1 ||
        PGPASSWORD=cnnlab "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U cnnlab mlflow
    say "PostgreSQL on 127.0.0.1:$PG_PORT (data in $data)"
}

ray_ready() {  # the cluster has the worker node's CPU
    "$VENV/bin/python" - "$RAY_PORT" <<'EOF'
import os, sys
os.environ["RAY_USAGE_STATS_ENABLED"] = "0"
import ray
ray.init(address=f"127.0.0.1:{sys.argv[1]}", logging_level="ERROR", log_to_driver=False)
sys.exit(0 if ray.cluster_resources().get("CPU", 0) >= 1 else 1)
EOF
}

up() {
    mkdir -p "$LOGS" "$PIDS" "$TEAM_DIR/artifacts" "$TEAM_DIR/worker-home" "$TEAM_DIR/dashboard-home"
    [ -x "$VENV/bin/ray" ] || die "no project venv: run make once (it creates .venv)"
    mlflow_venv
    postgres_up
    if [ ! -s "$RAY_AUTH_TOKEN_PATH" ]; then
        (umask 077; "$VENV/bin/python" -c "import secrets; print(secrets.token_hex(32))" > "$RAY_AUTH_TOKEN_PATH")
    fi

    start_group mlflow \
        "$MLFLOW_VENV/bin/mlflow" server --host 127.0.0.1 --port "$MLFLOW_PORT" --workers 1 \
        --backend-store-uri "$DB_URL" --serve-artifacts --artifacts-destination "$TEAM_DIR/artifacts"
    wait_for 180 "mlflow server" http_ok "http://127.0.0.1:$MLFLOW_PORT/health"
    say "MLflow on http://127.0.0.1:$MLFLOW_PORT (artifacts in $TEAM_DIR/artifacts)"

    # Its own temp dir: a head in the default /tmp/ray writes /tmp/ray/ray_current_cluster,
    # and every plain ray.init() on this machine (a laptop dashboard, the tests) would then
    # try to join this cluster instead of starting its own.
    # The head schedules nothing (0 CPUs); training and sweep trials go to the worker node,
    # which keeps its own CNNLAB_HOME (caches), as a node on another machine would.
    # Ray cannot be held to 127.0.0.1 as PostgreSQL, mlflow and the dashboard are: `ray start`
    # turns a loopback --node-ip-address into this machine's address, and a worker node cannot
    # join a head bound to loopback. So the head's GCS ($RAY_PORT), raylet and client server
    # (10001) listen on this machine's address; the token refuses any client without it
    # (checked with ray 2.60), and the host's firewall should keep those ports closed too.
    # Ray's own dashboard is off (--include-dashboard false).
    start_group ray-head env RAY_USAGE_STATS_ENABLED=0 "$VENV/bin/ray" start --head --block \
        --port "$RAY_PORT" --num-cpus 0 --num-gpus 0 --include-dashboard false --disable-usage-stats \
        --temp-dir "$TEAM_DIR/ray"
    wait_for 120 "Ray head" "$VENV/bin/python" -c "import socket; socket.create_connection(('127.0.0.1', $RAY_PORT), 1)"
    start_group ray-worker env RAY_USAGE_STATS_ENABLED=0 CNNLAB_HOME="$TEAM_DIR/worker-home" \
        MLFLOW_TRACKING_URI="http://127.0.0.1:$MLFLOW_PORT" TF_CPP_MIN_LOG_LEVEL=2 \
        "$VENV/bin/ray" start --block --address "127.0.0.1:$RAY_PORT" --num-cpus 1 --disable-usage-stats
    wait_for 180 "Ray worker node" ray_ready
    say "Ray on 127.0.0.1:$RAY_PORT: a head (0 CPUs) and one worker node (1 CPU)"

    if [ "${TEAM_DASHBOARD:-1}" != 0 ]; then
        start_group dashboard env CNNLAB_HOME="$TEAM_DIR/dashboard-home" \
            MLFLOW_TRACKING_URI="http://127.0.0.1:$MLFLOW_PORT" RAY_ADDRESS="127.0.0.1:$RAY_PORT" \
            "$VENV/bin/streamlit" run "$ROOT/dashboard/app.py" --server.headless true \
            --server.address 127.0.0.1 --server.port "$DASHBOARD_PORT" --browser.gatherUsageStats false
        wait_for 120 "dashboard" http_ok "http://127.0.0.1:$DASHBOARD_PORT/_stcore/health"
        say "dashboard on http://127.0.0.1:$DASHBOARD_PORT"
    fi
    say "up; stop it with make team-down (logs in $LOGS)"
}

down() {
    for name in dashboard ray-worker ray-head mlflow; do stop_group "$name"; done
    rm -f "$TEAM_DIR/ray/ray_current_cluster"
    if [ -f "$TEAM_DIR/pg/PG_VERSION" ] && as_pg "$PG_BIN/pg_ctl" -D "$TEAM_DIR/pg" status >/dev/null 2>&1; then
        as_pg "$PG_BIN/pg_ctl" -D "$TEAM_DIR/pg" -m fast -w stop >/dev/null && say "stopped PostgreSQL"
    fi
}

status() {
    for name in mlflow ray-head ray-worker dashboard; do
        if alive "$name"; then say "$name running (pid $(cat "$PIDS/$name.pid"))"; else say "$name stopped"; fi
    done
    if [ -f "$TEAM_DIR/pg/PG_VERSION" ] && as_pg "$PG_BIN/pg_ctl" -D "$TEAM_DIR/pg" status >/dev/null 2>&1; then
        say "postgres running on 127.0.0.1:$PG_PORT"
    else
        say "postgres stopped"
    fi
}

env_lines() {
    echo "export MLFLOW_TRACKING_URI=http://127.0.0.1:$MLFLOW_PORT"
    echo "export RAY_ADDRESS=127.0.0.1:$RAY_PORT"
    echo "export RAY_AUTH_MODE=token RAY_AUTH_TOKEN_PATH=$RAY_AUTH_TOKEN_PATH"
}

case "${1:-}" in
    up) up ;;
    deps) mlflow_venv ;;
    down) down ;;
    status) status ;;
    env) env_lines ;;
    *) die "usage: $0 up|down|status|env|deps" ;;
esac
