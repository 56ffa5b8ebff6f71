#!/usr/bin/env bash
# The three Quarkus services as background processes, logs and pids under $STATE.
#   services.sh start [SERVICE…]   start the built services (default: all) and wait until each is ready
#   services.sh stop [SERVICE…]    SIGTERM (graceful: consumers commit what they finished), then SIGKILL after 30 s
#   services.sh status             one line per service: running/stopped, port, readiness
# The API key for writes is generated once into $STATE/api-key (override with LOOKALIKE_API_KEYS).
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ALL=(ingest-service embed-service analysis-service)
declare -A PORT=([ingest-service]=8081 [embed-service]=8082 [analysis-service]=8080)

api_key() {
  local file=$STATE/api-key
  [[ -s $file ]] || { head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$file"; chmod 600 "$file"; }
  cat "$file"
}

jar() { echo "$ROOT/$1/target/quarkus-app/quarkus-run.jar"; }
ready() { curl -fsS -o /dev/null "http://127.0.0.1:${PORT[$1]}/q/health/ready" 2>/dev/null; }

start_one() {
  local svc=$1 pidfile=$RUN_DIR/$1.pid log=$LOG_DIR/$1.log pid deadline
  [[ -f $(jar "$svc") ]] || die "$svc is not built: run mvn -DskipTests package (./lookalike up does)"
  if pid_alive "$pidfile" "$svc"; then
    step "$svc: already running (pid $(<"$pidfile"))"
    return
  fi
  step "$svc: starting on :${PORT[$svc]} (log $log)"
  LOOKALIKE_API_KEYS=${LOOKALIKE_API_KEYS:-$(api_key)} \
    nohup java ${LOOKALIKE_JAVA_OPTS:--Xmx1g} -Dai.djl.offline=true -Djava.io.tmpdir="$STATE/tmp" \
    -jar "$(jar "$svc")" >"$log" 2>&1 &
  pid=$!
  echo "$pid" >"$pidfile"
  deadline=$(( $(date +%s) + 120 ))
  until ready "$svc"; do
    kill -0 "$pid" 2>/dev/null || { tail -n 30 "$log" >&2; die "$svc exited during start-up (see $log)"; }
    (( $(date +%s) < deadline )) || { tail -n 30 "$log" >&2; die "$svc not ready after 120 s (see $log)"; }
    sleep 0.5
  done
  step "$svc: ready"
}

stop_one() {
  local svc=$1 pidfile=$RUN_DIR/$1.pid pid i
  if ! pid_alive "$pidfile" "$svc"; then
    step "$svc: not running"
    rm -f "$pidfile"
    return
  fi
  pid=$(<"$pidfile")
  step "$svc: stopping (pid $pid)"
  kill "$pid"
  for ((i = 0; i < 300; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && { warn "$svc did not stop in 30 s: killing"; kill -9 "$pid"; }
  rm -f "$pidfile"
}

status_one() {
  local svc=$1 state=stopped
  if pid_alive "$RUN_DIR/$svc.pid" "$svc"; then
    state="running (pid $(<"$RUN_DIR/$svc.pid")), $(ready "$svc" && echo ready || echo NOT ready)"
  fi
  printf '%-17s :%-5s %s\n' "$svc" "${PORT[$svc]}" "$state"
}

mkdir -p "$STATE/tmp"
cmd=${1:-status}
shift || true
services=("$@")
((${#services[@]})) || services=("${ALL[@]}")
case $cmd in
  start) for s in "${services[@]}"; do start_one "$s"; done ;;
  stop) for ((i = ${#services[@]} - 1; i >= 0; i--)); do stop_one "${services[i]}"; done ;;
  status) for s in "${services[@]}"; do status_one "$s"; done ;;
  api-key) api_key; echo ;;
  *) die "usage: services.sh start|stop|status|api-key [SERVICE…]" ;;
esac
