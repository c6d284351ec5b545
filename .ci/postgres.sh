#!/usr/bin/env bash
# Makes sure a throw-away PostgreSQL 15 cluster runs on 127.0.0.1 for the integration tests, then prints its
# connection string as the last line of stdout (progress goes to stderr). Safe to run any number of times.
#
#   export KNOWLEDGEHUB_POSTGRES="$(bash .ci/postgres.sh | tail -n 1)"   # or: source .ci/postgres.sh
#
# Settings (environment): KH_PG_PORT (55432), KH_PG_DATA (/tmp/kh-pg), KH_PG_DATABASE (knowledgehub_test),
# KH_PG_BIN (the folder holding initdb/pg_ctl; found under /usr/lib/postgresql when unset).

kh_pg_main() (
  set -euo pipefail
  port=${KH_PG_PORT:-55432}
  data=${KH_PG_DATA:-/tmp/kh-pg}
  database=${KH_PG_DATABASE:-knowledgehub_test}
  log() { echo "postgres.sh: $*" >&2; }

  find_bin() {
    if [ -n "${KH_PG_BIN:-}" ]; then echo "$KH_PG_BIN"; return; fi
    if [ -x /usr/lib/postgresql/15/bin/pg_ctl ]; then echo /usr/lib/postgresql/15/bin; return; fi
    # Another major version is acceptable when 15 cannot be had (a newer Debian ships a newer default).
    local dir found=""
    for dir in /usr/lib/postgresql/*/bin; do
      [ -x "$dir/pg_ctl" ] && found=$(printf '%s\n%s\n' "$found" "$dir" | sort -V | tail -n 1)
    done
    [ -n "$found" ] && echo "$found"
  }

  bin=$(find_bin || true)
  if [ -z "$bin" ]; then
    if [ "$(id -u)" -ne 0 ]; then
      log "PostgreSQL server binaries are missing and installing them needs root (apt-get install postgresql-15)."
      exit 1
    fi
    log "installing PostgreSQL server packages"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends postgresql-15 >&2 \
      || apt-get install -y -qq --no-install-recommends postgresql >&2
    bin=$(find_bin || true)
    [ -n "$bin" ] || { log "no PostgreSQL server binaries after installing"; exit 1; }
  fi
  log "using $bin"

  # initdb and pg_ctl refuse to run as root, so a root caller hands them to the postgres account.
  if [ "$(id -u)" -eq 0 ]; then
    if ! id -u postgres >/dev/null 2>&1; then
      useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
    fi
    as_pg() { runuser -u postgres -- "$@"; }
    owner=postgres
  else
    as_pg() { "$@"; }
    owner=$(id -un)
  fi

  ready() { "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -t 1 >/dev/null 2>&1; }

  # A server that was killed (CI ends whatever a session left running) leaves postmaster.pid behind. Its
  # process may linger for a moment as a zombie, and its number may since belong to another program: either
  # makes the new server refuse to start with "lock file already exists".
  wait_for_old_server() {
    local pid
    pid=$(head -n 1 "$data/postmaster.pid" 2>/dev/null || true)
    [ -n "$pid" ] || return 0
    for _ in $(seq 1 30); do
      if ready || [ ! -e "/proc/$pid" ]; then return 0; fi
      if ! grep -q '^State:[[:space:]]*Z' "/proc/$pid/status" 2>/dev/null \
        && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" != "postgres" ]; then
        log "removing stale postmaster.pid (pid $pid is another program)"
        rm -f "$data/postmaster.pid"
        return 0
      fi
      sleep 1
    done
    if grep -q '^State:[[:space:]]*Z' "/proc/$pid/status" 2>/dev/null; then
      log "removing stale postmaster.pid (pid $pid is an unreaped zombie)"
      rm -f "$data/postmaster.pid"
    fi
  }

  if ! ready; then
    wait_for_old_server
  fi
  if ! ready; then
    mkdir -p "$data"
    if [ ! -f "$data/PG_VERSION" ]; then
      # A folder without PG_VERSION is a half-made cluster from an interrupted run: start it over.
      find "$data" -mindepth 1 -delete
      chown "$owner" "$data"
      chmod 700 "$data"
      log "initdb into $data"
      as_pg "$bin/initdb" -D "$data" --auth=trust --username=postgres --encoding=UTF8 --locale=C.UTF-8 >&2 \
        || as_pg "$bin/initdb" -D "$data" --auth=trust --username=postgres --encoding=UTF8 --no-locale >&2
    fi
    chown -R "$owner" "$data"
    log "starting on 127.0.0.1:$port"
    # The socket lives in the data folder: /var/run/postgresql only exists where the Debian package made it.
    as_pg "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$data -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      start >&2 || { log "pg_ctl start failed; server log follows"; tail -n 30 "$data/server.log" >&2 || true; exit 1; }
  fi

  for _ in $(seq 1 60); do
    ready && break
    sleep 1
  done
  ready || { log "PostgreSQL on 127.0.0.1:$port does not accept connections"; exit 1; }

  psql=("$bin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d postgres -tA)
  if [ "$("${psql[@]}" -c "SELECT 1 FROM pg_database WHERE datname = '$database'")" != "1" ]; then
    log "creating database $database"
    "${psql[@]}" -c "CREATE DATABASE \"$database\"" >&2
  fi

  echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=$database"
)

if KNOWLEDGEHUB_POSTGRES=$(kh_pg_main); then
  export KNOWLEDGEHUB_POSTGRES
  echo "$KNOWLEDGEHUB_POSTGRES"
else
  echo "postgres.sh: PostgreSQL could not be started" >&2
  # `return` when sourced, `exit` when run.
  return 1 2>/dev/null || exit 1
fi
