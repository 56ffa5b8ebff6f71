#!/usr/bin/env bash
# Upload a folder of photos to ingest-service, with a progress bar and a summary. Safe to re-run: photos
# already stored come back as duplicates.
#   import.sh DIR [--group G] [--unlabelled]
# Labels come from DIR/manifest.csv (file,member,group; no quoted commas) when present, else from the layout:
#   DIR/<team>/<member>.<ext>   DIR/<team>/<member>/<any>.<ext>   DIR/<member>.<ext>
# --group sets the group of every photo; --unlabelled uploads without member labels (e.g. group photos).
# Env: LOOKALIKE_INGEST_URL (http://127.0.0.1:8081), LOOKALIKE_API_KEY (default: the local stack's key).
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

URL=${LOOKALIKE_INGEST_URL:-http://127.0.0.1:8081}
DIR=${1:-}
[[ -n $DIR && -d $DIR ]] || die "usage: lookalike import DIR [--group G] [--unlabelled]  (DIR must be a folder)"
shift
FORCE_GROUP="" UNLABELLED=false
while (($#)); do
  case $1 in
    --group) FORCE_GROUP=${2:?--group needs a name}; shift 2 ;;
    --unlabelled) UNLABELLED=true; shift ;;
    *) die "unknown option $1" ;;
  esac
done
KEY=${LOOKALIKE_API_KEY:-$("$LOCAL_DIR/services.sh" api-key)}
curl -fsS -o /dev/null "$URL/q/health/ready" || die "ingest-service is not answering at $URL: start the stack with ./lookalike up"

files=() members=() groups=()
if [[ -f $DIR/manifest.csv ]]; then
  line=0
  while IFS=, read -r file member group _ || [[ -n ${file:-} ]]; do
    file=${file%$'\r'} member=${member%$'\r'} group=${group%$'\r'}
    line=$((line + 1))
    # a first line whose file is not an image is a header (file,member,group or path,identity,group)
    if ((line == 1)) && [[ ! ${file,,} =~ \.(jpe?g|png|webp)$ ]]; then continue; fi
    [[ -z $file ]] && continue
    files+=("$DIR/$file") members+=("$member") groups+=("$group")
  done <"$DIR/manifest.csv"
else
  while IFS= read -r -d '' path; do
    rel=${path#"$DIR"/}
    IFS=/ read -r -a parts <<<"$rel"
    name=${parts[-1]%.*}
    case ${#parts[@]} in
      1) member=$name group="" ;;
      2) member=$name group=${parts[0]} ;;
      *) member=${parts[1]} group=${parts[0]} ;;
    esac
    files+=("$path") members+=("$member") groups+=("$group")
  done < <(find -L "$DIR" -type f \( -iname '*.jpg' -o -iname '*.jpeg' -o -iname '*.png' -o -iname '*.webp' \) -print0 | sort -z)
fi
total=${#files[@]}
((total)) || die "no photos (jpg, jpeg, png, webp) found under $DIR"
step "import: $total photos from $DIR to $URL"

new=0 dup=0 refused=0 reasons=() body=$(mktemp)
trap 'rm -f "$body"' EXIT
for ((i = 0; i < total; i++)); do
  args=(-F "image=@${files[i]}")
  $UNLABELLED || [[ -z ${members[i]} ]] || args+=(--form-string "member=${members[i]}")
  group=${FORCE_GROUP:-${groups[i]}}
  [[ -z $group ]] || args+=(--form-string "group=$group")
  args+=(--form-string "source=import:${files[i]#"$DIR"/}")
  # the key as a header file, not an argument: it stays out of the process list
  code=$(curl -sS -o "$body" -w '%{http_code}' -H @<(printf 'X-API-Key: %s' "$KEY") "${args[@]}" "$URL/api/photos" || echo 000)
  case $code in
    201) new=$((new + 1)) ;;
    200) dup=$((dup + 1)) ;;
    *) refused=$((refused + 1))
       reasons+=("${files[i]#"$DIR"/}: HTTP $code $(grep -o '"detail":"[^"]*"' "$body" | cut -d'"' -f4 || true)") ;;
  esac
  done_n=$((i + 1)) width=30
  filled=$((done_n * width / total))
  printf '\r[%-*s] %d/%d  new %d  duplicate %d  refused %d' "$width" "$(printf '%*s' "$filled" '' | tr ' ' '#')" \
    "$done_n" "$total" "$new" "$dup" "$refused"
done
printf '\n'
step "import: $new new, $dup duplicate, $refused refused"
for r in "${reasons[@]}"; do printf '    refused %s\n' "$r"; done
