#!/usr/bin/env bash
# Dead letters: what failed for good on the *.dlq topics, and sending it back once the cause is fixed.
#   dlq.sh list [--topic T]     per dead-letter topic: letters not yet replayed, by origin topic and reason
#   dlq.sh replay [--topic T]   re-publish those letters to the topic they failed on (same key, so the same partition),
#                               then mark them done (consumer group lookalike-dlq-replay): none is replayed twice
# Env: LOOKALIKE_KAFKA (bootstrap servers, default 127.0.0.1:$LOOKALIKE_KAFKA_PORT or 127.0.0.1:9092), LOOKALIKE_STATE.
# DeadLetters.java runs as a single-file program on the local broker's class path (it has the Kafka client).
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

BOOTSTRAP=${LOOKALIKE_KAFKA:-127.0.0.1:${LOOKALIKE_KAFKA_PORT:-9092}}
case ${1:-} in
  list | replay) ;;
  *) sed -n '3,4p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
step "dlq: $1 on $BOOTSTRAP"
exec "$LOCAL_DIR/kafka.sh" tool "$LOCAL_DIR/DeadLetters.java" --bootstrap "$BOOTSTRAP" "$@"
