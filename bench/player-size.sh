#!/usr/bin/env bash
# The binary-size impact table of the `kryon` player: builds it with the size-tuned `player`
# profile (opt-level z, fat LTO, one codegen unit, stripped, panic = unwind for the runtime's
# catch_unwind) for every preset, and measures the stripped size and the time from start to
# the first presented frame of the player's test app (`player/tests/apps/form.krb`, Lua) in
# the terminal host.
#
#   bench/player-size.sh            # every preset; writes docs/data/player-sizes.json
#   bench/player-size.sh minimal    # some presets
#
# Each build takes minutes (fat LTO); the presets share one target directory.
set -euo pipefail
shopt -s inherit_errexit
cd "$(dirname "$0")/.."

presets=("$@")
if [ ${#presets[@]} -eq 0 ]; then
    presets=(minimal embedded data desktop full)
    # Each VM alone, against a player with no VM at all: what one VM adds.
    alone=(none lua-vm javascript-vm python-vm)
else
    alone=()
fi

export CARGO_TERM_COLOR=never
mkdir -p docs/data
out=docs/data/player-sizes.json
machine="$(nproc) cores, $(uname -m), rustc $(rustc --version | cut -d' ' -f2)"
date=$(date -u +%Y-%m-%d)
# The app whose start is timed: the player's Lua-only test app (every preset runs it).
app=player/tests/apps/form.krb
bin=target/player-size/player/kryon

declare -A vms_of=(
    [minimal]="Lua" [embedded]="Lua, JavaScript" [web]="Lua, JavaScript" [data]="Lua, Python"
    [desktop]="Lua, JavaScript, Python" [full]="Lua, JavaScript, Python (every VM this runtime has)"
)

# Builds the player with these cargo features (plus both hosts) and prints its stripped size.
build() {
    echo "== kryon --features $1" >&2
    cargo build --locked -q -p kryon-player --profile player --no-default-features \
        --features "$1" --target-dir target/player-size
    stat -c %s "$bin"
}

# Start to first frame, in the terminal host (no display needed): --frames 1 exits after the
# first frame is drawn. The median of 5 runs, in ms.
first_frame() {
    local times=()
    for _ in 1 2 3 4 5; do
        start=$(date +%s%N)
        if ! script -qec "$bin --tui --frames 1 $app" /dev/null >/dev/null 2>&1; then
            echo "error: $bin --tui --frames 1 $app failed" >&2
            exit 1
        fi
        end=$(date +%s%N)
        times+=($(( (end - start) / 1000000 )))
    done
    printf '%s\n' "${times[@]}" | sort -n | sed -n 3p
}

rows=()
for preset in "${presets[@]}"; do
    bytes=$(build "$preset,window,tui")
    median=$(first_frame)
    echo "   $bytes bytes, first frame in ${median} ms" >&2
    rows+=("{\"preset\": \"$preset\", \"bytes\": $bytes, \"first_frame_ms\": $median}")
done
alone_rows=()
for vm in "${alone[@]}"; do
    features="window,tui"
    [ "$vm" != none ] && features="$vm,$features"
    bytes=$(build "$features")
    echo "   $bytes bytes" >&2
    alone_rows+=("{\"vm\": \"$vm\", \"bytes\": $bytes}")
done

# Prints a JSON array of the given objects, one a line.
json_array() {
    local items=("$@")
    for i in "${!items[@]}"; do
        sep=","
        [ "$i" -eq $(( ${#items[@]} - 1 )) ] && sep=""
        echo "    ${items[$i]}$sep"
    done
}

{
    echo "{"
    echo "  \"machine\": \"$machine\","
    echo "  \"date\": \"$date\","
    echo "  \"command\": \"bench/player-size.sh ${presets[*]}\","
    echo "  \"player\": ["
    json_array "${rows[@]}"
    echo "  ],"
    echo "  \"vm_alone\": ["
    [ ${#alone_rows[@]} -gt 0 ] && json_array "${alone_rows[@]}"
    echo "  ]"
    echo "}"
} > "$out"
echo "wrote $out" >&2

# The table in docs/build-configuration.md, between its markers, is this run's output.
doc=docs/build-configuration.md
if [ -f "$doc" ]; then
    table=$(mktemp)
    {
        echo "<!-- sizes:start (written by bench/player-size.sh) -->"
        echo "Measured $date on $machine: \`bench/player-size.sh ${presets[*]}\`."
        echo
        echo "| preset | VMs | stripped size | start to first frame (form.krb, terminal host) |"
        echo "|---|---|---|---|"
        for preset in "${presets[@]}"; do
            row=$(printf '%s\n' "${rows[@]}" | grep "\"preset\": \"$preset\"")
            bytes=$(echo "$row" | sed 's/.*"bytes": \([0-9]*\).*/\1/')
            ms=$(echo "$row" | sed 's/.*"first_frame_ms": \([0-9]*\).*/\1/')
            mib=$(awk "BEGIN { printf \"%.2f\", $bytes / 1048576 }")
            echo "| \`$preset\` | ${vms_of[$preset]} | $mib MiB ($bytes bytes) | $ms ms |"
        done
        if [ ${#alone_rows[@]} -gt 0 ]; then
            none=$(printf '%s\n' "${alone_rows[@]}" | grep '"vm": "none"' | sed 's/.*"bytes": \([0-9]*\).*/\1/')
            echo
            echo "Each VM alone (\`--no-default-features --features VM,window,tui\`), against the player with no VM (apps without scripts):"
            echo
            echo "| VM | stripped size | added by the VM |"
            echo "|---|---|---|"
            for vm in "${alone[@]}"; do
                row=$(printf '%s\n' "${alone_rows[@]}" | grep "\"vm\": \"$vm\"")
                bytes=$(echo "$row" | sed 's/.*"bytes": \([0-9]*\).*/\1/')
                mib=$(awk "BEGIN { printf \"%.2f\", $bytes / 1048576 }")
                added=$(awk "BEGIN { printf \"%+.2f MiB\", ($bytes - $none) / 1048576 }")
                [ "$vm" = none ] && added="—"
                echo "| \`$vm\` | $mib MiB ($bytes bytes) | $added |"
            done
        fi
        echo "<!-- sizes:end -->"
    } > "$table"
    awk -v table="$table" '
        /<!-- sizes:start/ { while ((getline line < table) > 0) print line; skip = 1; next }
        /<!-- sizes:end -->/ { skip = 0; next }
        !skip { print }
    ' "$doc" > "$doc.tmp" && mv "$doc.tmp" "$doc"
    rm -f "$table"
    echo "updated $doc" >&2
fi
