#!/usr/bin/env bash
# Single-node Kafka (KRaft, broker+controller) from Maven Central jars, data under $STATE/kafka.
#   kafka.sh install          resolve the classpath of deploy/local/kafka-broker/pom.xml into $STATE/kafka/classpath
#   kafka.sh start            install if needed, format storage once, start the broker, create the topics
#   kafka.sh stop             SIGTERM, wait up to 30 s, then SIGKILL
#   kafka.sh status           running/stopped + version; exit 0 if running, 3 if not
#   kafka.sh topics           create the project's topics (6 partitions each) if missing
#   kafka.sh tool CLASS ARGS  run a Kafka tool class on the broker's classpath (e.g. org.apache.kafka.tools.TopicCommand)
# Env: LOOKALIKE_KAFKA_PORT (9092), LOOKALIKE_KAFKA_CONTROLLER_PORT (9093), LOOKALIKE_STATE.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

KAFKA_PORT=${LOOKALIKE_KAFKA_PORT:-9092}
CONTROLLER_PORT=${LOOKALIKE_KAFKA_CONTROLLER_PORT:-9093}
BOOTSTRAP=127.0.0.1:$KAFKA_PORT
BROKER_DIR=$LOCAL_DIR/kafka-broker
POM=$BROKER_DIR/pom.xml
K_DIR=$STATE/kafka
K_DATA=$K_DIR/data
K_LOGS=$K_DIR/logs
K_OUT=$K_DIR/kafka.out
CP_FILE=$K_DIR/classpath
CP_STAMP=$K_DIR/classpath.pom.sha256
PROPS=$K_DIR/server.properties
CLUSTER_ID_FILE=$K_DIR/cluster-id
PID_FILE=$RUN_DIR/kafka.pid
TOPICS=(photos.uploaded photos.relabelled photos.deleted photos.rejected faces.embedded photos.uploaded.dlq)
PARTITIONS=6
mkdir -p "$K_DIR" "$K_LOGS"

java_major() { java -version 2>&1 | sed -n 's/.* version "\([0-9]*\).*/\1/p' | head -n 1; }

classpath_ok() {
  [[ -s $CP_FILE && -s $CP_STAMP ]] || return 1
  [[ $(sha256sum <"$POM") == "$(<"$CP_STAMP")" ]] || return 1
  local jar
  while IFS= read -r -d: jar || [[ -n $jar ]]; do jar=${jar%$'\n'}; [[ -f $jar ]] || return 1; done <"$CP_FILE"
}

kafka_version() { grep -o 'kafka_2\.13-[0-9.]*\.jar' "$CP_FILE" 2>/dev/null | sed 's/kafka_2\.13-\(.*\)\.jar/\1/' | head -n 1; }

cmd_install() {
  local t0; t0=$(now)
  command -v java >/dev/null || apt_install openjdk-17-jdk-headless
  command -v mvn >/dev/null || apt_install maven
  (( $(java_major) >= 17 )) || die "the Kafka broker needs Java 17+, found $(java_major)"
  if classpath_ok; then
    step "kafka: classpath already resolved (Kafka $(kafka_version), $(tr ':' '\n' <"$CP_FILE" | wc -l) jars)"
    return
  fi
  step "kafka: resolving the broker classpath with Maven ($POM)"
  local log=$LOG_DIR/kafka-install.log
  mvn -B -q -f "$POM" dependency:build-classpath -Dmdep.outputFile="$CP_FILE.tmp" >"$log" 2>&1 \
    || { tail -n 20 "$log" >&2; die "mvn dependency:build-classpath failed (see $log)"; }
  mv "$CP_FILE.tmp" "$CP_FILE"
  sha256sum <"$POM" >"$CP_STAMP"
  step "kafka: install done in $(since "$t0") (Kafka $(kafka_version), $(tr ':' '\n' <"$CP_FILE" | wc -l) jars in $CP_FILE)"
}

# Run a Kafka class (tool) on the classpath, logging WARN+ to stderr.
kafka_tool() {
  local class=$1; shift
  java -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
    -Dlog4j2.configurationFile="$BROKER_DIR/log4j2-tools.xml" \
    -cp "$(<"$CP_FILE")" "$class" "$@"
}

running() { pid_alive "$PID_FILE" kafka.Kafka; }

write_properties() {
  cat >"$PROPS" <<EOF
# written by deploy/local/kafka.sh on every start
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$K_DATA
num.partitions=$PARTITIONS
auto.create.topics.enable=true
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
EOF
}

format_storage() {
  [[ -f $K_DATA/meta.properties ]] && return
  local id
  if [[ -s $CLUSTER_ID_FILE ]]; then id=$(<"$CLUSTER_ID_FILE"); else
    id=$(kafka_tool kafka.tools.StorageTool random-uuid)
    echo "$id" >"$CLUSTER_ID_FILE"
  fi
  step "kafka: formatting storage in $K_DATA (cluster id $id)"
  kafka_tool kafka.tools.StorageTool format -t "$id" -c "$PROPS" >"$K_DIR/format.log" 2>&1 \
    || { tail -n 20 "$K_DIR/format.log" >&2; die "kafka storage format failed (see $K_DIR/format.log)"; }
}

cmd_start() {
  local t0; t0=$(now)
  classpath_ok || cmd_install
  if running; then
    step "kafka: already running (pid $(<"$PID_FILE")) on $BOOTSTRAP (nothing to do)"
  else
    local p
    for p in "$KAFKA_PORT" "$CONTROLLER_PORT"; do
      port_open 127.0.0.1 "$p" && die "port 127.0.0.1:$p is taken by another process; set LOOKALIKE_KAFKA_PORT / LOOKALIKE_KAFKA_CONTROLLER_PORT"
    done
    write_properties
    format_storage
    step "kafka: starting on $BOOTSTRAP, controller 127.0.0.1:$CONTROLLER_PORT (log $K_LOGS/server.log)"
    # setsid + nohup: the broker outlives this shell and its terminal. The launcher writes its
    # own pid and then execs java (same pid), whether or not setsid had to fork.
    rm -f "$PID_FILE"
    # shellcheck disable=SC2016  # $$ and $1 belong to the inner shell
    setsid nohup bash -c 'echo $$ >"$1"; shift; exec "$@"' kafka-launcher "$PID_FILE" \
      java -Xms512m -Xmx512m -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true \
      -Dkafka.logs.dir="$K_LOGS" -Dlog4j2.configurationFile="$BROKER_DIR/log4j2.xml" \
      -cp "$(<"$CP_FILE")" kafka.Kafka "$PROPS" </dev/null >"$K_OUT" 2>&1 &
    local pid="" i
    for ((i = 0; i < 100; i++)); do [[ -s $PID_FILE ]] && break; sleep 0.1; done
    pid=$(cat "$PID_FILE" 2>/dev/null || true)
    [[ -n $pid ]] || die "kafka: the launcher wrote no pid file ($PID_FILE); see $K_OUT"
    if ! wait_for_port 127.0.0.1 "$KAFKA_PORT" 60 "$pid"; then
      warn "kafka: the broker did not open $BOOTSTRAP within 60 s; last log lines:"
      tail -n 30 "$K_LOGS/server.log" >&2 2>/dev/null || true
      tail -n 30 "$K_OUT" >&2 || true
      kill "$pid" 2>/dev/null || true
      rm -f "$PID_FILE"
      die "kafka did not start (see $K_LOGS/server.log and $K_OUT)"
    fi
    step "kafka: listening on $BOOTSTRAP after $(since "$t0") (pid $pid)"
  fi
  cmd_topics
  step "kafka: ready in $(since "$t0"): bootstrap servers $BOOTSTRAP"
}

cmd_topics() {
  running || die "kafka is not running (run: $0 start)"
  local t0 described count created=() existing=() wrong=() pids=() t i
  t0=$(now)
  described=$(kafka_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$BOOTSTRAP" --describe --exclude-internal 2>"$LOG_DIR/kafka-topics.log") \
    || { tail -n 20 "$LOG_DIR/kafka-topics.log" >&2; die "listing topics failed (see $LOG_DIR/kafka-topics.log)"; }
  for t in "${TOPICS[@]}"; do
    # Summary lines look like: "Topic: photos.uploaded<TAB>TopicId: ...<TAB>PartitionCount: 6<TAB>..."
    count=$(awk -v t="$t" -F'\t' '$1 == "Topic: " t && $3 ~ /^PartitionCount:/ { sub(/PartitionCount: */, "", $3); print $3 }' <<<"$described")
    if [[ -n $count ]]; then
      existing+=("$t")
      (( count >= PARTITIONS )) || wrong+=("$t($count)")
      continue
    fi
    created+=("$t")
  done
  # One JVM per topic (TopicCommand creates one topic per call), all in parallel.
  for t in "${created[@]}"; do
    kafka_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$BOOTSTRAP" --create --if-not-exists \
      --topic "$t" --partitions "$PARTITIONS" --replication-factor 1 >"$LOG_DIR/kafka-topic-$t.log" 2>&1 &
    pids+=($!)
  done
  for i in "${!created[@]}"; do
    t=${created[$i]}
    wait "${pids[$i]}" || { tail -n 20 "$LOG_DIR/kafka-topic-$t.log" >&2; die "creating topic $t failed (see $LOG_DIR/kafka-topic-$t.log)"; }
  done
  ((${#wrong[@]} == 0)) || warn "kafka: topics with fewer than $PARTITIONS partitions: ${wrong[*]}"
  step "kafka: topics ready in $(since "$t0"): created [${created[*]:-}] existing [${existing[*]:-}]"
}

cmd_stop() {
  if ! running; then
    rm -f "$PID_FILE"
    step "kafka: not running (nothing to do)"
    return
  fi
  local pid i
  pid=$(<"$PID_FILE")
  step "kafka: stopping pid $pid (SIGTERM, up to 30 s)"
  kill -TERM "$pid"
  for ((i = 0; i < 150; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  if kill -0 "$pid" 2>/dev/null; then
    warn "kafka: still alive after 30 s, sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    sleep 0.5
  fi
  rm -f "$PID_FILE"
  step "kafka: stopped"
}

cmd_status() {
  if running; then
    local state=listening
    port_open 127.0.0.1 "$KAFKA_PORT" || state="NOT listening yet"
    step "kafka: running (pid $(<"$PID_FILE")), $state on $BOOTSTRAP (controller $CONTROLLER_PORT), Kafka $(kafka_version), cluster $(cat "$CLUSTER_ID_FILE" 2>/dev/null), data $K_DATA"
    return 0
  fi
  step "kafka: stopped (data $K_DATA$([[ -f $K_DATA/meta.properties ]] || echo ', not formatted'))"
  return 3
}

case ${1:-} in
  install) cmd_install ;;
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  topics) cmd_topics ;;
  tool) shift; classpath_ok || cmd_install >&2; [[ $# -ge 1 ]] || die "usage: $0 tool CLASS [ARGS...]"; kafka_tool "$@" ;;
  *) echo "usage: $0 install|start|stop|status|topics|tool CLASS [ARGS...]" >&2; exit 2 ;;
esac
