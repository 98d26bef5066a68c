#!/usr/bin/env bash
# What each script VM costs an app, measured on this machine: the time to load a one-button
# app whose only function is in that VM's language (the VM started, its prelude run) and the
# resident memory one more such app takes (`runtime/benches/vm_start.rs`, criterion, release).
# Writes docs/data/vm-costs.json, which `kryc vms --recommend` embeds.
#
#   bench/vm-costs.sh
set -euo pipefail
cd "$(dirname "$0")/.."

export CARGO_TERM_COLOR=never
target=${CARGO_TARGET_DIR:-target}
mkdir -p docs/data
out=docs/data/vm-costs.json
machine="$(nproc) cores, $(uname -m), rustc $(rustc --version | cut -d' ' -f2)"
date=$(date -u +%Y-%m-%d)
command="cargo bench -p kryon-runtime --features desktop --bench vm_start"

log=$(mktemp)
$command > "$log"
rows=()
while read -r _ language memory; do
    estimates="$target/criterion/vm_start/$language/new/estimates.json"
    if [ ! -f "$estimates" ]; then
        echo "error: no criterion estimates for $language ($estimates)" >&2
        exit 1
    fi
    # The median, in ns, from criterion's estimates.
    median_ns=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["median"]["point_estimate"])' "$estimates")
    start_us=$(awk "BEGIN { printf \"%.1f\", $median_ns / 1000 }")
    [ "$memory" = unknown ] && memory=null
    echo "   $language: start ${start_us} µs, memory $memory bytes" >&2
    rows+=("{\"language\": \"$language\", \"start_us\": $start_us, \"memory_bytes\": $memory}")
done < <(grep '^vm-memory ' "$log")
rm -f "$log"

{
    echo "{"
    echo "  \"machine\": \"$machine\","
    echo "  \"date\": \"$date\","
    echo "  \"command\": \"bench/vm-costs.sh ($command)\","
    echo "  \"vms\": ["
    for i in "${!rows[@]}"; do
        sep=","
        [ "$i" -eq $(( ${#rows[@]} - 1 )) ] && sep=""
        echo "    ${rows[$i]}$sep"
    done
    echo "  ]"
    echo "}"
} > "$out"
echo "wrote $out" >&2
