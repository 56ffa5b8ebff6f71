#!/usr/bin/env bash
# Benchmarks against a running stack; they print figures and are not tests.
#   bench/run.sh ingest [--url URL] [--key KEY] [--clients 8] [--uploads 2000] [--warmup 200] [--no-baseline] [--keep]
#   bench/run.sh embed [ROUNDS]     the face pipeline alone (no servers needed): stage medians, photos/s, ORT floor, accuracy
#   bench/run.sh analysis [options] analysis-service's queries on synthetic vectors (needs PostgreSQL only), --help for options
#   bench/run.sh soak [--minutes 10] [--rate 20]  continuous uploads through services it starts itself (needs PostgreSQL
#                                   and Kafka, not the services of ./lookalike up): memory, lag, lost and duplicated uploads
# The API key comes from --key, else $LOOKALIKE_API_KEY, else ${LOOKALIKE_STATE:-$ROOT/.state}/api-key.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STATE=${LOOKALIKE_STATE:-$ROOT/.state}
MODULE=$ROOT/bench
CLASSPATH_FILE=$MODULE/target/classpath

die() { printf '!!! %s\n' "$*" >&2; exit 1; }

usage() {
  cat <<EOF
usage: bench/run.sh ingest [options]     uploads/s and latency of POST /api/photos, with a raw JDBC baseline
       bench/run.sh embed [ROUNDS]        face pipeline speed per stage against the bare OnnxRuntime floor, and accuracy
       bench/run.sh analysis [options]    k-NN, pair and average-face queries at 10k/100k/1M faces, index vs exact scan
       bench/run.sh soak [options]        minutes of steady uploads: heap and RSS per service, lag, lost/duplicated = 0?
       bench/run.sh ingest --help        all options (same for analysis and soak)
EOF
}

# Builds the module when its jar or class path file is missing or older than its sources.
build_if_needed() {
  local jar
  jar=$(compgen -G "$MODULE/target/bench-*.jar" | head -n 1 || true)
  if [[ -n $jar && -s $CLASSPATH_FILE ]] \
     && [[ -z $(find "$MODULE/pom.xml" "$ROOT/pom.xml" "$MODULE/src" "$ROOT/analysis-service/src/main" -newer "$jar" -print -quit) ]]; then
    return 0
  fi
  printf '==> building bench\n' >&2
  local log
  log=$(mktemp)
  # Offline first (fast, no network); online when the local repository lacks something.
  if ! (cd "$ROOT" && mvn -q -B -o -pl bench -am package -DskipTests) >"$log" 2>&1; then
    if ! (cd "$ROOT" && mvn -q -B -pl bench -am package -DskipTests) >"$log" 2>&1; then
      tail -n 30 "$log" >&2
      rm -f "$log"
      die "building bench failed (mvn -B -pl bench -am package -DskipTests)"
    fi
  fi
  rm -f "$log"
}

# Exports LOOKALIKE_API_KEY unless --key is among the arguments (the key stays out of the process list).
api_key() {
  local a
  for a in "$@"; do
    [[ $a == --key || $a == --key=* ]] && return 0
  done
  if [[ -z ${LOOKALIKE_API_KEY:-} ]]; then
    if [[ -s $STATE/api-key ]]; then
      LOOKALIKE_API_KEY=$(tr -d '[:space:]' <"$STATE/api-key")
    else
      die "no API key: set LOOKALIKE_API_KEY or pass --key (or start the stack with ./lookalike up, which writes $STATE/api-key)"
    fi
  fi
  export LOOKALIKE_API_KEY
}

# The pipeline benchmark lives with embed-service's test code (it shares the test photo helpers).
embed_bench() {
  local cp_file=$ROOT/embed-service/target/bench-classpath log
  log=$(mktemp)
  printf '==> building embed-service test classes\n' >&2
  if ! (cd "$ROOT" && mvn -q -B -pl embed-service -am test-compile dependency:build-classpath \
          -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath) >"$log" 2>&1; then
    tail -n 30 "$log" >&2
    rm -f "$log"
    die "building embed-service failed"
  fi
  rm -f "$log"
  "$ROOT/deploy/local/fetch.sh" all >/dev/null
  cd "$ROOT/embed-service"
  exec java -Xmx1g -Djava.awt.headless=true -Dai.djl.offline=true \
    -cp "target/test-classes:target/classes:$(<"$cp_file")" io.lookalike.embed.pipeline.PipelineBench "$@"
}

cmd=${1:-}
case $cmd in
  embed)
    shift
    embed_bench "$@"
    ;;
  analysis)
    shift
    build_if_needed
    exec java -Xmx1g -Dlookalike.root="$ROOT" -cp "$MODULE/target/classes:$(<"$CLASSPATH_FILE")" \
      io.lookalike.bench.AnalysisBench "$@"
    ;;
  soak)
    shift
    for s in ingest-service embed-service analysis-service; do
      [[ -f $ROOT/$s/target/quarkus-app/quarkus-run.jar ]] \
        || die "$s is not built: run mvn -B -DskipTests install (./lookalike up does)"
    done
    build_if_needed
    "$ROOT/deploy/local/fetch.sh" all >/dev/null
    # ServiceProcess finds the services' jars beside the working directory (../<service>/target)
    cd "$MODULE"
    exec java -Xmx512m -Djava.awt.headless=true -Dlookalike.root="$ROOT" \
      -cp "$MODULE/target/classes:$(<"$CLASSPATH_FILE")" io.lookalike.bench.SoakBench "$@"
    ;;
  ingest)
    shift
    for a in "$@"; do
      if [[ $a == -h || $a == --help ]]; then
        build_if_needed
        exec java -cp "$MODULE/target/classes:$(<"$CLASSPATH_FILE")" io.lookalike.bench.IngestBench --help
      fi
    done
    api_key "$@"
    build_if_needed
    exec java -Xms512m -Xmx512m -Djava.awt.headless=true -cp "$MODULE/target/classes:$(<"$CLASSPATH_FILE")" io.lookalike.bench.IngestBench "$@"
    ;;
  -h | --help | help)
    usage
    ;;
  *)
    usage >&2
    exit 2
    ;;
esac
