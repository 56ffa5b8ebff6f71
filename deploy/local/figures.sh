#!/usr/bin/env bash
# Key figures of the running services, read from their Prometheus endpoints (/q/metrics) with curl and awk: what
# `./lookalike status` prints after the service lines. The same meters feed the Grafana dashboards (deploy/grafana).
# Counters count since each service started; a figure whose service does not answer shows "–".
set -euo pipefail

scrape() { curl -fsS --max-time 3 "http://127.0.0.1:$1/q/metrics" 2>/dev/null || true; }
INGEST=$(scrape 8081)
EMBED=$(scrape 8082)
ANALYSIS=$(scrape 8080)

# value TEXT NAME [FILTER…]: sum of the samples NAME whose labels contain every FILTER (e.g. 'result="created"'),
# NaN samples skipped; "–" when the service did not answer.
value() {
  local text=$1 name=$2
  shift 2
  [[ -n $text ]] || { echo "–"; return; }
  awk -v name="$name" -v filters="$*" '
    /^#/ { next }
    { n = $1; sub(/\{.*/, "", n); if (n != name || $NF == "NaN") next
      k = split(filters, f, " "); for (i = 1; i <= k; i++) if (!index($0, f[i])) next
      s += $NF }
    END { printf "%.0f\n", s }' <<<"$text"
}

# largest TEXT NAME: the largest non-NaN sample NAME; "–" when there is none or the service did not answer.
largest() {
  [[ -n $1 ]] || { echo "–"; return; }
  awk -v name="$2" '
    /^#/ { next }
    { n = $1; sub(/\{.*/, "", n); if (n != name || $NF == "NaN") next
      if (!seen || $NF + 0 > m) m = $NF + 0; seen = 1 }
    END { if (seen) printf "%.0f\n", m; else print "–" }' <<<"$1"
}

# ratio A B: A / B with two decimals, or "–" when B is 0 or unknown.
ratio() {
  awk -v a="$1" -v b="$2" 'BEGIN { if (b == "–" || a == "–" || b + 0 == 0) print "–"; else printf "%.2f\n", a / b }'
}

# by_label TEXT NAME LABEL: "VALUE N, …" for each value of LABEL on the samples NAME, by value.
by_label() {
  [[ -n $1 ]] || { echo "–"; return; }
  awk -v name="$2" -v label="$3" '
    /^#/ { next }
    { n = $1; sub(/\{.*/, "", n); if (n != name) next
      if (!match($0, label "=\"[^\"]*\"")) next
      v = substr($0, RSTART + length(label) + 2, RLENGTH - length(label) - 3)
      if (!(v in sum)) order[++k] = v
      sum[v] += $NF }
    END { if (!k) { print "none yet"; exit }
          for (i = 2; i <= k; i++) for (j = i; j > 1 && order[j - 1] > order[j]; j--) { t = order[j]; order[j] = order[j - 1]; order[j - 1] = t }
          for (i = 1; i <= k; i++) printf "%s%s %.0f", (i > 1 ? ", " : ""), order[i], sum[order[i]]
          print "" }' <<<"$1"
}

# stage_medians TEXT: per embed stage, in pipeline order, the median interpolated within its histogram bucket (as
# Prometheus' histogram_quantile does; Micrometer's buckets are 10-33 % apart, which bounds the error).
stage_medians() {
  [[ -n $1 ]] || { echo "–"; return; }
  awk '
    BEGIN { k = split("decode detect landmarks align embed quality store", order, " ") }
    /^lookalike_embed_stage_seconds_bucket\{/ {
      match($0, /stage="[^"]*"/); s = substr($0, RSTART + 7, RLENGTH - 8)
      match($0, /le="[^"]*"/); le = substr($0, RSTART + 4, RLENGTH - 5)
      i = ++n[s]; bound[s, i] = (le == "+Inf" ? -1 : le + 0); cum[s, i] = $NF + 0 }
    END {
      if (!length(n)) { print "no photo yet"; exit }
      for (s in n) { known = 0; for (j = 1; j <= k; j++) if (order[j] == s) known = 1; if (!known) order[++k] = s }
      for (j = 1; j <= k; j++) {
        s = order[j]; total = (s in n) ? cum[s, n[s]] : 0; text = "–"
        if (total > 0) {
          rank = total / 2; lower = 0; below = 0
          for (i = 1; i <= n[s]; i++) {
            if (cum[s, i] >= rank) {
              upper = bound[s, i]
              t = (upper < 0) ? lower : lower + (upper - lower) * (rank - below) / (cum[s, i] - below)
              text = sprintf("%.1f ms", t * 1000); break
            }
            lower = bound[s, i]; below = cum[s, i]
          }
        }
        printf "%s%s %s", (j > 1 ? ", " : ""), s, text
      }
      print "" }' <<<"$1"
}

processed=$(value "$EMBED" lookalike_faces_per_photo_count)
no_face=$(value "$EMBED" lookalike_photos_rejected_total 'reason="NO_FACE"')
embedded=$( [[ $processed == "–" ]] && echo "–" || echo $((processed - no_face)) )
# Queries: analysis-service requests and their mean time; server-sent events (/api/changes) stay open, not queries.
queries=$( [[ -z $ANALYSIS ]] && echo "– requests, mean – ms" || awk '
  /^http_server_requests_seconds_(sum|count)\{/ && !/uri="\/api\/changes"/ {
    if ($1 ~ /_sum\{/) s += $NF; else c += $NF }
  END { printf "%.0f requests, mean %s ms\n", c, (c > 0 ? sprintf("%.1f", s / c * 1000) : "–") }' <<<"$ANALYSIS")

echo "Key figures (since each service started; /q/metrics):"
printf '  %-21s %s new, %s duplicate\n' "photos uploaded" \
  "$(value "$INGEST" lookalike_uploads_total 'result="created"')" "$(value "$INGEST" lookalike_uploads_total 'result="duplicate"')"
printf '  %-21s %s\n' "outbox backlog" "$(largest "$INGEST" lookalike_outbox_backlog)"
printf '  %-21s %s of %s processed, %s faces per photo\n' "photos embedded" "$embedded" "$processed" \
  "$(ratio "$(value "$EMBED" lookalike_faces_per_photo_sum)" "$processed")"
printf '  %-21s %s\n' "rejections" "$(by_label "$EMBED" lookalike_photos_rejected_total reason)"
printf '  %-21s %s\n' "embed stage medians" "$(stage_medians "$EMBED")"
printf '  %-21s ingest %s, embed %s, analysis %s\n' "consumer lag (max)" \
  "$(largest "$INGEST" kafka_consumer_fetch_manager_records_lag_max)" \
  "$(largest "$EMBED" kafka_consumer_fetch_manager_records_lag_max)" \
  "$(largest "$ANALYSIS" kafka_consumer_fetch_manager_records_lag_max)"
printf '  %-21s ingest %s, embed %s, analysis %s\n' "dead-letter records" \
  "$(value "$INGEST" lookalike_dlq_records_total)" "$(value "$EMBED" lookalike_dlq_records_total)" \
  "$(value "$ANALYSIS" lookalike_dlq_records_total)"
printf '  %-21s %s\n' "queries (analysis)" "$queries"
