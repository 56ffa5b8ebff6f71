#!/usr/bin/env bash
# A member's privacy request: erase every photo labelled NAME, and with them the faces, thumbnails and the member's
# vector; and the faces named NAME (through People) in others' photos, which stay. Goes through analysis-service, which
# asks ingest-service (photos) and embed-service (named faces) and takes the name out of the pair lists.
#   erase-member.sh NAME
# Env: LOOKALIKE_ANALYSIS_URL (http://127.0.0.1:8080), LOOKALIKE_API_KEY (default: the local stack's key).
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

URL=${LOOKALIKE_ANALYSIS_URL:-http://127.0.0.1:8080}
NAME=${1:-}
[[ -n $NAME && $# == 1 ]] || die "usage: lookalike erase-member NAME  (the member label of the photos to erase)"
KEY=${LOOKALIKE_API_KEY:-$("$LOCAL_DIR/services.sh" api-key)}
# every byte percent-encoded: any name is one path segment
segment=$(printf '%s' "$NAME" | od -An -tx1 -v | tr -d ' \n' | sed 's/../%&/g')
body=$(mktemp)
trap 'rm -f "$body"' EXIT
# the key as a header file, not an argument: it stays out of the process list
code=$(curl -sS -o "$body" -w '%{http_code}' -X DELETE -H @<(printf 'X-API-Key: %s' "$KEY") "$URL/api/members/$segment" || echo 000)
case $code in
  200 | 202)
    photos=$(grep -o '"photos":[0-9]*' "$body" | cut -d: -f2)
    faces=$(grep -o '"faces":[0-9]*' "$body" | cut -d: -f2)
    elsewhere=$(grep -o '"facesInOthersPhotos":[0-9]*' "$body" | cut -d: -f2)
    step "erase-member: $NAME: ${photos:-?} photos erased with their bytes; ${faces:-?} faces labelled $NAME erased with their thumbnails, ${elsewhere:-?} of them in others' photos (those photos stay); the member's vector and the bystanders of its photos follow within seconds" ;;
  000) die "analysis-service is not answering at $URL: start the stack with ./lookalike up" ;;
  *) die "erase-member: HTTP $code: $(grep -o '"detail":"[^"]*"' "$body" | cut -d'"' -f4 || cat "$body")" ;;
esac
