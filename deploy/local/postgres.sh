#!/usr/bin/env bash
# PostgreSQL 15 + pgvector in a private cluster under $STATE/pg, on 127.0.0.1 only.
#   postgres.sh install   apt-get postgresql-15 (+ server-dev), build pgvector from Debian trixie's source package
#   postgres.sh start     install if needed, initdb if needed, start, create role/db lookalike + extension vector
#   postgres.sh stop      pg_ctl stop -m fast
#   postgres.sh status    running/stopped + versions; exit 0 if running, 3 if not
# Env: LOOKALIKE_PG_PORT (5432), LOOKALIKE_DB_PASSWORD (lookalike), LOOKALIKE_PG_SHARED_BUFFERS (¼ of RAM, ≤ 4GB),
#      LOOKALIKE_STATE, LOOKALIKE_CACHE.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PG_VERSION=15
PG_BIN=/usr/lib/postgresql/$PG_VERSION/bin
PG_CONFIG=$PG_BIN/pg_config
VECTOR_CONTROL=/usr/share/postgresql/$PG_VERSION/extension/vector.control
PG_PORT=${LOOKALIKE_PG_PORT:-5432}
DB_NAME=lookalike
DB_USER=lookalike
DB_PASSWORD=${LOOKALIKE_DB_PASSWORD:-lookalike}
PG_DIR=$STATE/pg
PG_DATA=$PG_DIR/data
PG_LOG=$PG_DIR/postgres.log
PG_SOCK=$PG_DIR/sock
# A unix socket path must stay under ~107 bytes.
(( ${#PG_SOCK} < 80 )) || PG_SOCK=/tmp

# Run a command as the cluster owner: user postgres when we are root, else ourselves.
as_pg() {
  if [[ $(id -u) == 0 ]]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}
psql_pg() { PGOPTIONS="-c client_min_messages=warning" as_pg "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_SOCK" -p "$PG_PORT" -U postgres "$@"; }

vector_version() { sed -n "s/^default_version *= *'\(.*\)'/\1/p" "$VECTOR_CONTROL" 2>/dev/null; }

install_postgres() {
  local pkgs=("postgresql-$PG_VERSION" "postgresql-server-dev-$PG_VERSION") missing=() p fresh=0 t0
  for p in "${pkgs[@]}"; do pkg_installed "$p" || missing+=("$p"); done
  if ((${#missing[@]} == 0)); then
    step "postgres: ${pkgs[*]} already installed ($("$PG_BIN/postgres" --version | awk '{print $3}'))"
    return
  fi
  pkg_installed "postgresql-$PG_VERSION" || fresh=1
  t0=$(now)
  step "postgres: apt-get install ${missing[*]}"
  apt_install "${missing[@]}"
  step "postgres: installed ${missing[*]} in $(since "$t0")"
  ((fresh)) && quiet_packaged_cluster
  return 0
}

# On a machine with an init system, installing postgresql-NN creates and starts the Debian
# cluster NN/main on port 5432. This project runs its own cluster: stop that one and keep it
# from starting at boot (only right after we installed the package ourselves).
quiet_packaged_cluster() {
  command -v pg_lsclusters >/dev/null || return 0
  if pg_lsclusters -h 2>/dev/null | awk -v v="$PG_VERSION" '$1 == v && $2 == "main" && $4 ~ /online/ { f = 1 } END { exit !f }'; then
    step "postgres: apt started Debian's own cluster $PG_VERSION/main: stopping it, start.conf = manual"
    pg_ctlcluster "$PG_VERSION" main stop || true
    echo manual >"/etc/postgresql/$PG_VERSION/main/start.conf"
  fi
}

# The machine's own Debian mirror, as apt sees it (never a hard-coded host).
# shellcheck disable=SC2016  # $(REPO_URI) is apt's format placeholder, not a shell expansion
debian_mirror() {
  local codename uri
  codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")
  uri=$(apt-get indextargets --format '$(REPO_URI)' 'Origin: Debian' 'Label: Debian' "Codename: $codename" | sort -u | head -n 1)
  [[ -n $uri ]] || uri=$(apt-get indextargets --format '$(REPO_URI)' 'Origin: Debian' | grep -v security | sort -u | head -n 1)
  [[ -n $uri ]] || die "cannot read the Debian mirror from 'apt-get indextargets' (run apt-get update?)"
  echo "$uri"
}

install_pgvector() {
  if [[ -f $VECTOR_CONTROL ]]; then
    step "postgres: pgvector $(vector_version) already installed"
    return
  fi
  apt_install build-essential dpkg-dev
  local t0 work mirror src log=$LOG_DIR/pgvector-build.log
  t0=$(now)
  work=$CACHE/pgvector
  rm -rf "$work/src" "$work/lists" "$work/cache"
  mkdir -p "$work/src" "$work/lists/partial" "$work/cache/archives/partial"
  if ! compgen -G '/var/lib/apt/lists/*_Packages*' >/dev/null; then apt-get update >>"$LOG_DIR/apt.log" 2>&1; fi
  mirror=$(debian_mirror)
  step "postgres: building pgvector from Debian trixie's source package ($mirror)"
  echo "deb-src $mirror trixie main" >"$work/sources.list"
  # A private sources list, lists dir and cache: the machine's apt setup stays untouched.
  local apt_opts=(-o "Dir::Etc::sourcelist=$work/sources.list" -o "Dir::Etc::sourceparts=-"
                  -o "Dir::State::lists=$work/lists" -o "Dir::Cache=$work/cache"
                  -o "APT::Sandbox::User=root")
  {
    apt-get "${apt_opts[@]}" update
    (cd "$work/src" && apt-get "${apt_opts[@]}" source pgvector)
  } >"$log" 2>&1 || { tail -n 20 "$log" >&2; die "fetching pgvector's source package failed (see $log)"; }
  src=$(find "$work/src" -mindepth 1 -maxdepth 1 -type d -name 'pgvector-*' | head -n 1)
  [[ -n $src ]] || die "apt-get source pgvector produced no pgvector-* folder (see $log)"
  local ver=${src##*/pgvector-}
  [[ $(printf '%s\n' 0.7.0 "$ver" | sort -V | head -n 1) == 0.7.0 ]] || die "pgvector $ver from trixie is older than 0.7"
  {
    make -C "$src" -j"$(nproc)" PG_CONFIG="$PG_CONFIG"
    make -C "$src" install PG_CONFIG="$PG_CONFIG"
  } >>"$log" 2>&1 || { tail -n 20 "$log" >&2; die "building pgvector $ver failed (see $log)"; }
  [[ -f $VECTOR_CONTROL ]] || die "pgvector installed, but $VECTOR_CONTROL is missing"
  step "postgres: pgvector $(vector_version) installed in $(since "$t0")"
}

cmd_install() {
  local t0; t0=$(now)
  install_postgres
  install_pgvector
  step "postgres: install done in $(since "$t0")"
}

running() { [[ -f $PG_DATA/PG_VERSION ]] && as_pg "$PG_BIN/pg_ctl" status -D "$PG_DATA" >/dev/null 2>&1; }

init_cluster() {
  [[ -f $PG_DATA/PG_VERSION ]] && return
  step "postgres: initdb in $PG_DATA"
  mkdir -p "$PG_DIR"
  if [[ $(id -u) == 0 ]]; then
    chown postgres:postgres "$PG_DIR"
    runuser -u postgres -- test -w "$PG_DIR" \
      || die "user postgres cannot write $PG_DIR (a parent folder is not traversable?); set LOOKALIKE_STATE elsewhere"
  fi
  as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U postgres -E UTF8 --locale=C.UTF-8 \
    --auth-local=peer --auth-host=scram-sha-256 >"$PG_DIR/initdb.log" 2>&1 \
    || { tail -n 20 "$PG_DIR/initdb.log" >&2; die "initdb failed (see $PG_DIR/initdb.log)"; }
  echo "include_if_exists = 'lookalike.conf'" | as_pg tee -a "$PG_DATA/postgresql.conf" >/dev/null
}

# LOOKALIKE_PG_SHARED_BUFFERS, else a quarter of the memory, at most 4GB (the HNSW index of 1M 512-D faces is 2.6GB).
shared_buffers() {
  if [[ -n ${LOOKALIKE_PG_SHARED_BUFFERS:-} ]]; then echo "$LOOKALIKE_PG_SHARED_BUFFERS"; return; fi
  local kb
  kb=$(awk '/^MemTotal:/ {print $2}' /proc/meminfo)
  echo "$(( kb / 4 / 1024 > 4096 ? 4096 : kb / 4 / 1024 ))MB"
}

cmd_start() {
  local t0; t0=$(now)
  if [[ ! -x $PG_BIN/postgres || ! -f $VECTOR_CONTROL ]]; then cmd_install; fi
  init_cluster
  if running; then
    step "postgres: already running on 127.0.0.1:$PG_PORT (nothing to do)"
  else
    if port_open 127.0.0.1 "$PG_PORT"; then
      local other=""
      command -v pg_lsclusters >/dev/null && other=$(pg_lsclusters -h 2>/dev/null | awk -v p="$PG_PORT" '$3 == p { print $1, $2, "(" $4 ")" }')
      [[ -z $other ]] || warn "postgres: Debian cluster on port $PG_PORT: $other; stop it with: pg_ctlcluster VERSION NAME stop"
      die "postgres: port 127.0.0.1:$PG_PORT is taken by another process; stop it or set LOOKALIKE_PG_PORT"
    fi
    mkdir -p "$PG_SOCK"
    [[ $(id -u) == 0 && $PG_SOCK != /tmp ]] && chown postgres:postgres "$PG_SOCK" "$PG_DIR"
    as_pg tee "$PG_DATA/lookalike.conf" >/dev/null <<EOF
# written by deploy/local/postgres.sh on every start
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_SOCK'
# HNSW searches touch thousands of index pages: kept in shared buffers they are hits, not reads
shared_buffers = '$(shared_buffers)'
EOF
    step "postgres: starting on 127.0.0.1:$PG_PORT (log $PG_LOG)"
    [[ $(id -u) == 0 ]] && { touch "$PG_LOG"; chown postgres:postgres "$PG_LOG"; }
    as_pg "$PG_BIN/pg_ctl" start -D "$PG_DATA" -l "$PG_LOG" -w -t 60 >/dev/null \
      || { tail -n 20 "$PG_LOG" >&2; die "PostgreSQL did not start (see $PG_LOG)"; }
  fi
  local had_role had_db
  had_role=$(psql_pg -d postgres -tAc "SELECT count(*) FROM pg_roles WHERE rolname = '$DB_USER'")
  had_db=$(psql_pg -d postgres -tAc "SELECT count(*) FROM pg_database WHERE datname = '$DB_NAME'")
  # template1 first, so every database created later (tests, migrations) has the extension.
  # the password goes in on stdin (a psql string: \ and ' escaped), not as an argument anyone can read in ps
  local pw=${DB_PASSWORD//\\/\\\\}
  pw=${pw//\'/\\\'}
  psql_pg -d postgres >/dev/null <<SQL
\\set pw '$pw'
SELECT format('CREATE ROLE $DB_USER LOGIN CREATEDB PASSWORD %L', :'pw')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$DB_USER') \gexec
SELECT format('ALTER ROLE $DB_USER PASSWORD %L', :'pw') \gexec
\c template1
CREATE EXTENSION IF NOT EXISTS vector;
\c postgres
SELECT 'CREATE DATABASE $DB_NAME OWNER $DB_USER'
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = '$DB_NAME') \gexec
\c $DB_NAME
CREATE EXTENSION IF NOT EXISTS vector;
SQL
  local what
  what="role $DB_USER $([[ $had_role == 1 ]] && echo exists || echo created)"
  what+=", database $DB_NAME $([[ $had_db == 1 ]] && echo exists || echo created)"
  step "postgres: $what, extension vector in template1 + $DB_NAME"
  step "postgres: ready in $(since "$t0"): jdbc:postgresql://127.0.0.1:$PG_PORT/$DB_NAME user $DB_USER"
}

cmd_stop() {
  if running; then
    step "postgres: stopping (pg_ctl stop -m fast)"
    as_pg "$PG_BIN/pg_ctl" stop -D "$PG_DATA" -m fast -w -t 60 >/dev/null
    step "postgres: stopped"
  else
    step "postgres: not running (nothing to do)"
  fi
}

cmd_status() {
  if running; then
    local pid server vector
    pid=$(head -n 1 "$PG_DATA/postmaster.pid")
    server=$(psql_pg -d postgres -tAc "SHOW server_version" | awk '{print $1}')
    vector=$(psql_pg -d "$DB_NAME" -tAc "SELECT extversion FROM pg_extension WHERE extname = 'vector'" 2>/dev/null || true)
    step "postgres: running (pid $pid) on 127.0.0.1:$PG_PORT, PostgreSQL $server, pgvector ${vector:-missing in $DB_NAME}, data $PG_DATA"
    return 0
  fi
  step "postgres: stopped (data $PG_DATA$([[ -f $PG_DATA/PG_VERSION ]] || echo ', not initialised'))"
  return 3
}

case ${1:-} in
  install) cmd_install ;;
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  *) echo "usage: $0 install|start|stop|status" >&2; exit 2 ;;
esac
