#!/usr/bin/env bash
# The binary-size impact table of the `kryon` player: builds it with the size-tuned `player`
# profile (opt-level z, fat LTO, one codegen unit, stripped, panic = unwind for the runtime's
# catch_unwind) for every preset, and measures the stripped size and the time from start to
# the first presented frame of the bundled counter in the terminal host.
#
#   bench/player-size.sh            # every preset; writes docs/data/player-sizes.json
#   bench/player-size.sh minimal    # some presets
#
# Each build takes minutes (fat LTO); the presets share one target directory.
set -euo pipefail
cd "$(dirname "$0")/.."

presets=("$@")
if [ ${#presets[@]} -eq 0 ]; then
    presets=(minimal embedded data desktop full)
fi

export CARGO_TERM_COLOR=never
mkdir -p docs/data
out=docs/data/player-sizes.json
machine="$(nproc) cores, $(uname -m), rustc $(rustc --version | cut -d' ' -f2)"
date=$(date -u +%Y-%m-%d)
cargo build --release --locked -q --bin kryc
./target/release/kryc build examples/counter.kry --preset full -o target/counter-size.krb >/dev/null

rows=()
for preset in "${presets[@]}"; do
    echo "== kryon --features $preset" >&2
    cargo build --locked -q -p kryon-player --profile player --no-default-features \
        --features "$preset,window,tui" --target-dir target/player-size
    bin=target/player-size/player/kryon
    bytes=$(stat -c %s "$bin")
    # Start to first frame, in the terminal host (no display needed): --frames 1 exits after
    # the first frame is drawn. The median of 5 runs, in ms.
    times=()
    for _ in 1 2 3 4 5; do
        start=$(date +%s%N)
        script -qec "$bin --tui --frames 1 target/counter-size.krb" /dev/null >/dev/null 2>&1 || true
        end=$(date +%s%N)
        times+=($(( (end - start) / 1000000 )))
    done
    median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p)
    echo "   $bytes bytes, first frame in ${median} ms" >&2
    rows+=("{\"preset\": \"$preset\", \"bytes\": $bytes, \"first_frame_ms\": $median}")
done

{
    echo "{"
    echo "  \"machine\": \"$machine\","
    echo "  \"date\": \"$date\","
    echo "  \"command\": \"bench/player-size.sh ${presets[*]}\","
    echo "  \"player\": ["
    for i in "${!rows[@]}"; do
        sep=","
        [ "$i" -eq $(( ${#rows[@]} - 1 )) ] && sep=""
        echo "    ${rows[$i]}$sep"
    done
    echo "  ]"
    echo "}"
} > "$out"
echo "wrote $out" >&2
