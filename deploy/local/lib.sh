# shellcheck shell=bash
# Shared helpers for deploy/local/*.sh. Source it; do not run it.
#   ROOT   repository root (two levels above this file)
#   STATE  ${LOOKALIKE_STATE:-$ROOT/.state}   (gitignored: pg/ kafka/ run/ logs/)
#   CACHE  ${LOOKALIKE_CACHE:-$HOME/.cache/lookalike}   (downloads, outside the tree)
set -euo pipefail

LOCAL_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$LOCAL_DIR/../.." && pwd)
STATE=${LOOKALIKE_STATE:-$ROOT/.state}
CACHE=${LOOKALIKE_CACHE:-${HOME:-/root}/.cache/lookalike}
mkdir -p "$STATE" "$CACHE"
STATE=$(cd "$STATE" && pwd)
CACHE=$(cd "$CACHE" && pwd)
RUN_DIR=$STATE/run
LOG_DIR=$STATE/logs
mkdir -p "$RUN_DIR" "$LOG_DIR"

step() { printf '==> %s\n' "$*"; }
warn() { printf '!!! %s\n' "$*" >&2; }
die() { printf '!!! %s\n' "$*" >&2; exit 1; }

# Seconds since the epoch with decimals, and "N.Ns" since a given start.
now() { date +%s.%N; }
since() { awk -v s="$1" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1fs", e - s }'; }

# port_open HOST PORT: true when something accepts TCP connections there.
port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

# wait_for_port HOST PORT TIMEOUT_S [PID]: wait until the port accepts connections;
# fail early if PID (when given) dies.
wait_for_port() {
  local host=$1 port=$2 timeout=$3 pid=${4:-} deadline
  deadline=$(( $(date +%s) + timeout ))
  until port_open "$host" "$port"; do
    if [[ -n $pid ]] && ! kill -0 "$pid" 2>/dev/null; then return 1; fi
    (( $(date +%s) < deadline )) || return 1
    sleep 0.2
  done
}

need_root() { [[ $(id -u) == 0 ]] || die "$1 needs root (apt-get)"; }

# pkg_installed PKG: true when dpkg has PKG fully installed.
pkg_installed() {
  [[ $(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null || true) == installed ]]
}

# apt_install PKG...: installs the missing ones; output goes to $LOG_DIR/apt.log.
# Runs `apt-get update` when the lists are empty or an install fails on stale lists.
apt_install() {
  local missing=() p log=$LOG_DIR/apt.log
  for p in "$@"; do pkg_installed "$p" || missing+=("$p"); done
  ((${#missing[@]})) || return 0
  need_root "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  if ! compgen -G '/var/lib/apt/lists/*_Packages*' >/dev/null; then
    apt-get update >>"$log" 2>&1 || { tail -n 20 "$log" >&2; die "apt-get update failed (see $log)"; }
  fi
  if ! apt-get install -y --no-install-recommends "${missing[@]}" >>"$log" 2>&1; then
    apt-get update >>"$log" 2>&1 || true
    apt-get install -y --no-install-recommends "${missing[@]}" >>"$log" 2>&1 \
      || { tail -n 20 "$log" >&2; die "apt-get install ${missing[*]} failed (see $log)"; }
  fi
}

# pid_alive PIDFILE PATTERN: true when the pid in PIDFILE runs and its command line
# contains PATTERN (guards against a recycled pid).
pid_alive() {
  local pidfile=$1 pattern=$2 pid
  [[ -s $pidfile ]] || return 1
  pid=$(<"$pidfile")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  tr "\\0" " " <"/proc/$pid/cmdline" 2>/dev/null | grep -F -- "$pattern" >/dev/null
}
