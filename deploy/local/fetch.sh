#!/usr/bin/env bash
# Fetch the face models and the sample photos from the npm registry (npm pack + untar) into
# $CACHE/npm/<name-without-scope>-<version>/package/, outside the source tree.
#   fetch.sh samples   @vladmandic/face-api@1.7.15          -> .../face-api-1.7.15/package/demo/sample{1..6}.jpg
#   fetch.sh models    faceplugin-face-recognition-js@0.0.1 -> .../faceplugin-face-recognition-js-0.0.1/package/model/*.onnx
#   fetch.sh all       both
# Idempotent: a package already unpacked is not fetched again; the model SHA-256s are checked every time.
# Env: LOOKALIKE_CACHE (default ~/.cache/lookalike).
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SAMPLES_PKG=@vladmandic/face-api
SAMPLES_VERSION=1.7.15
MODELS_PKG=faceplugin-face-recognition-js
MODELS_VERSION=0.0.1
# SHA-256 of the default model set (see shared docs/models.md).
declare -A MODEL_SHA256=(
  [fr_detect.onnx]=6c0256ccd3164f844736a401faf936ec2930764a87ae39442180887d0c5c8854
  [fr_landmark.onnx]=f10b0ba1d2a8a099adefede1ebf3733e44fe370715e7303dbeb7f59c02142258
  [fr_feature.onnx]=87aacdfe57510db2af90c0251df680e8eec88f122ee94712121d09bcaaaf3581
)
NPM_CACHE_DIR=$CACHE/npm

# fetch_package NAME VERSION: unpack NAME@VERSION into $NPM_CACHE_DIR/<name>-<version>/ and print that path.
fetch_package() {
  local name=$1 version=$2 dir tmp tgz
  dir=$NPM_CACHE_DIR/${name##*/}-$version
  if [[ -f $dir/package/package.json ]]; then
    step "fetch: $name@$version already in $dir" >&2
    echo "$dir"
    return
  fi
  command -v npm >/dev/null || die "npm is needed to fetch $name@$version (apt-get install npm)"
  mkdir -p "$NPM_CACHE_DIR"
  tmp=$(mktemp -d "$NPM_CACHE_DIR/.tmp-${name##*/}.XXXXXX")
  # shellcheck disable=SC2064
  trap "rm -rf '$tmp'" EXIT
  local t0; t0=$(now)
  step "fetch: npm pack $name@$version" >&2
  (cd "$tmp" && npm pack --silent "$name@$version" >"$tmp/npm-pack.out" 2>"$tmp/npm-pack.err") \
    || { cat "$tmp/npm-pack.err" >&2; die "npm pack $name@$version failed"; }
  tgz=$(find "$tmp" -maxdepth 1 -name '*.tgz' | head -n 1)
  [[ -n $tgz ]] || die "npm pack $name@$version produced no tarball"
  mkdir "$tmp/unpacked"
  tar -xzf "$tgz" -C "$tmp/unpacked" --no-same-owner
  [[ -f $tmp/unpacked/package/package.json ]] || die "$name@$version: the tarball has no package/package.json"
  if [[ -f $dir/package/package.json ]]; then
    rm -rf "$tmp"   # another run unpacked it meanwhile
  else
    rm -rf "$dir"
    mv -T "$tmp/unpacked" "$dir"
    rm -rf "$tmp"
  fi
  trap - EXIT
  step "fetch: $name@$version unpacked into $dir in $(since "$t0") ($(du -sh "$dir" | cut -f1))" >&2
  echo "$dir"
}

cmd_samples() {
  local dir demo i missing=()
  dir=$(fetch_package "$SAMPLES_PKG" "$SAMPLES_VERSION")
  demo=$dir/package/demo
  for i in 1 2 3 4 5 6; do [[ -s $demo/sample$i.jpg ]] || missing+=("sample$i.jpg"); done
  ((${#missing[@]} == 0)) || die "fetch: $demo lacks ${missing[*]}; delete $dir and run '$0 samples' again"
  # the demo folder also holds screenshots: the six group photos alone, as links, are what 'up' imports
  mkdir -p "$CACHE/samples"
  for i in 1 2 3 4 5 6; do ln -sfn "$demo/sample$i.jpg" "$CACHE/samples/sample$i.jpg"; done
  step "fetch: samples ready: $CACHE/samples/sample{1..6}.jpg (from $demo)"
}

cmd_models() {
  local dir model f want got bad=0
  dir=$(fetch_package "$MODELS_PKG" "$MODELS_VERSION")
  model=$dir/package/model
  for f in fr_detect.onnx fr_landmark.onnx fr_feature.onnx; do
    want=${MODEL_SHA256[$f]}
    if [[ ! -f $model/$f ]]; then
      warn "fetch: MODEL MISSING: $model/$f"
      bad=1
      continue
    fi
    got=$(sha256sum "$model/$f" | cut -d' ' -f1)
    if [[ $got != "$want" ]]; then
      warn "fetch: MODEL ALTERED: $model/$f has SHA-256 $got, expected $want"
      bad=1
    fi
  done
  ((bad == 0)) || die "fetch: the face models in $model do not match docs/models.md; delete $dir and run '$0 models' again (if it still fails, the registry package changed: do not use it)"
  step "fetch: models ready (SHA-256 verified: fr_detect, fr_landmark, fr_feature): $model"
}

case ${1:-} in
  samples) cmd_samples ;;
  models) cmd_models ;;
  all) cmd_models; cmd_samples ;;
  *) echo "usage: $0 samples|models|all" >&2; exit 2 ;;
esac
