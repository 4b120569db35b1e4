#!/usr/bin/env bash
# Thor Market Open: the two commands of the README.
#   ./thor run [--replay FILE]   Thor on the embedded default (SQLite file + simulator feed)
#   ./thor test [pytest args]    the whole test suite against real PostgreSQL and Redis,
#                                the dashboard's end-to-end tests in headless Chromium
# Both set up what they need from this repository's own files on first use.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)
VENV="$ROOT/.venv"
PY="$VENV/bin/python"

log() { printf '[thor] %s\n' "$*" >&2; }

python_env() {
    # (Re)install only when a requirements file changed since the last install.
    local reqs=$1 stamp="$VENV/.installed-$(basename "$1")"
    [ -x "$PY" ] || { log "creating $VENV"; python3 -m venv "$VENV"; }
    local want
    want=$(cat requirements*.txt | sha256sum | cut -d' ' -f1)
    if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
        log "installing Python packages from $reqs"
        "$PY" -m pip install -q --disable-pip-version-check -r "$reqs" 2> >(grep -v "is ignored: it is neither" >&2)
        echo "$want" > "$stamp"
    fi
}

start_services() {
    # PostgreSQL and Redis are installed on these machines; start them if stopped.
    if command -v pg_isready >/dev/null && ! pg_isready -q -h 127.0.0.1 -p 5432; then
        if command -v pg_ctlcluster >/dev/null; then
            log "starting PostgreSQL"
            pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
        fi
    fi
    if command -v redis-cli >/dev/null && ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
        if command -v redis-server >/dev/null; then
            log "starting Redis"
            mkdir -p /var/lib/redis /var/log/redis
            redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" \
                --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log || true
        fi
    fi
    for _ in $(seq 1 30); do
        pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null && redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 && return 0
        sleep 1
    done
    log "warning: PostgreSQL or Redis is not answering; tests needing them skip (fail under CI=true)"
}

browser() {
    # The end-to-end tests drive Debian's Chromium through Playwright (never a
    # browser download: Playwright comes from requirements-dev.txt and is told
    # to launch /usr/bin/chromium).
    [ -x /usr/bin/chromium ] && return 0
    if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
        log "no /usr/bin/chromium and no root apt-get: install Debian's chromium; end-to-end tests skip (fail under CI=true)"
        return 0
    fi
    log "installing Debian's chromium for the end-to-end tests"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q chromium >/dev/null \
        || { apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null; } \
        || log "installing chromium failed; end-to-end tests skip (fail under CI=true)"
}

frontend_build() {
    # The dashboard: install and build when its sources or lock file changed.
    if ! command -v npm >/dev/null; then
        log "npm not found: the dashboard is not built (the API still runs); install Node.js 20+"
        return 0
    fi
    local want stamp=frontend/node_modules/.thor-build
    want=$(cat frontend/package-lock.json frontend/index.html frontend/vite.config.ts \
        $(find frontend/src -type f | sort) | sha256sum | cut -d' ' -f1)
    if [ ! -f frontend/dist/index.html ] || [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
        log "building the dashboard"
        (cd frontend && npm ci --no-audit --no-fund --loglevel=error && npm run build --silent)
        echo "$want" > "$stamp"
    fi
}

frontend_test() {
    # Component tests, the production build, and the API types regenerated
    # from the OpenAPI schema: the front end may not drift from the API.
    (cd frontend && npm ci --no-audit --no-fund --loglevel=error && npm test --silent && npm run build --silent)
    mkdir -p var
    DATABASE_URL="sqlite:///$(mktemp -d)/schema.sqlite3" "$PY" manage.py spectacular --file var/schema.yml
    (cd frontend && npm run gen:api --silent)
    if ! git diff --exit-code -- frontend/src/api/schema.d.ts; then
        log "frontend/src/api/schema.d.ts is out of date: run 'npm run gen:api' in frontend/ and commit it"
        return 1
    fi
}

cmd_test() {
    python_env requirements-dev.txt
    start_services
    browser
    frontend_build  # the end-to-end tests of pass 1 load the built dashboard
    export THOR_STATE_DIR="${THOR_STATE_DIR:-$ROOT/var/test}"
    unset REDIS_URL
    local status=0
    log "pass 1: whole suite on PostgreSQL + Redis"
    DATABASE_URL="${THOR_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/thor}" \
        "$PY" -m pytest -n "${THOR_TEST_WORKERS:-2}" "$@" || status=$?
    [ $status -eq 0 ] || return $status
    log "pass 2: embedded default (SQLite file)"
    local sqlite_dir
    sqlite_dir=$(mktemp -d)
    DATABASE_URL="sqlite:///$sqlite_dir/thor-test.sqlite3" "$PY" -m pytest -n "${THOR_TEST_WORKERS:-2}" -m embedded "$@" || status=$?
    rm -rf "$sqlite_dir"
    # 5: pytest selected nothing (`./thor test -k X` where X has no embedded test), not a failure.
    [ $status -eq 0 ] || [ $status -eq 5 ] || return $status
    log "pass 3: the dashboard (vitest, build, API types)"
    frontend_test
}

cmd_run() {
    python_env requirements.txt
    frontend_build
    exec "$PY" manage.py run_thor "$@"
}

case "${1:-}" in
    test) shift; cmd_test "$@" ;;
    run) shift; cmd_run "$@" ;;
    *) echo "usage: ./thor run [--replay FILE] | ./thor test [pytest args]" >&2; exit 2 ;;
esac
