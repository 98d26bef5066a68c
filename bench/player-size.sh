#!/usr/bin/env bash
# The binary-size impact table of the `kryon` player: builds it with the size-tuned `player`
# profile (opt-level z, fat LTO, one codegen unit, stripped, panic = unwind for the runtime's
# catch_unwind) for every preset and for each VM alone, and measures the stripped size and,
# for the presets, the time from start to the first presented frame of the player's test app
# (`player/tests/apps/form.krb`, Lua) in the terminal host.
#
#   bench/player-size.sh                    # everything; writes docs/data/player-sizes.json
#   bench/player-size.sh minimal lua-vm     # re-measures these rows, keeps the others
#
# Rows: the presets (minimal embedded data desktop full) and the VMs alone (none lua-vm
# javascript-vm python-vm wren-vm micropython-vm, built as `VM,window,tui,clipboard` with no
# other VM; `none` is the player for apps without scripts). Each build takes minutes (fat
# LTO); they share one target directory. Measure on an idle machine: the start-up times are
# wall-clock.
set -euo pipefail
shopt -s inherit_errexit
cd "$(dirname "$0")/.."

all_presets=(minimal embedded data desktop full)
all_alone=(none lua-vm javascript-vm python-vm)
# The VMs the runtime has beyond those three (each behind its cargo feature).
for vm in wren-vm micropython-vm; do
    grep -q "^$vm = " runtime/Cargo.toml && all_alone+=("$vm")
done

wanted=("$@")
if [ ${#wanted[@]} -eq 0 ]; then
    wanted=("${all_presets[@]}" "${all_alone[@]}")
fi
is_wanted() {
    local w
    for w in "${wanted[@]}"; do [ "$w" = "$1" ] && return 0; done
    return 1
}
for w in "${wanted[@]}"; do
    case " ${all_presets[*]} ${all_alone[*]} " in
        *" $w "*) ;;
        *) echo "error: no row \`$w\` (rows: ${all_presets[*]} ${all_alone[*]})" >&2; exit 2 ;;
    esac
done

export CARGO_TERM_COLOR=never
mkdir -p docs/data
out=docs/data/player-sizes.json
machine="$(nproc) cores, $(uname -m), rustc $(rustc --version | cut -d' ' -f2)"
date=$(date -u +%Y-%m-%d)
app=player/tests/apps/form.krb
bin=target/player-size/player/kryon

declare -A vms_of=(
    [minimal]="Lua" [embedded]="Lua, JavaScript" [web]="Lua, JavaScript" [data]="Lua, Python"
    [desktop]="Lua, JavaScript, Python" [full]="every VM the runtime has"
)

# Builds the player with these cargo features and prints its stripped size.
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

# The rows of the last run (one JSON object a line), kept where this run does not measure them.
declare -A row_of
if [ -f "$out" ]; then
    while IFS= read -r line; do
        name=$(sed -n 's/.*"\(preset\|vm\)": "\([^"]*\)".*/\2/p' <<< "$line")
        line="${line#"${line%%[![:space:]]*}"}"
        [ -n "$name" ] && row_of[$name]="${line%,}"
    done < "$out"
fi
machine_row="\"date\": \"$date\", \"machine\": \"$machine\""
# Prints the known rows of these names as the items of a JSON array.
json_rows() {
    local rows=() name
    for name in "$@"; do
        [ -n "${row_of[$name]:-}" ] && rows+=("${row_of[$name]}")
    done
    local i sep
    for i in "${!rows[@]}"; do
        sep=","
        [ "$i" -eq $(( ${#rows[@]} - 1 )) ] && sep=""
        echo "    ${rows[$i]}$sep"
    done
}
# Writes the JSON file and the tables from the rows known so far (after every row, so a
# failed build keeps the rows measured before it).
write_outputs() {
{
    echo "{"
    echo "  \"machine\": \"$machine\","
    echo "  \"date\": \"$date\","
    echo "  \"command\": \"bench/player-size.sh [ROW...]\","
    echo "  \"player\": ["
    json_rows "${all_presets[@]}"
    echo "  ],"
    echo "  \"vm_alone\": ["
    json_rows "${all_alone[@]}"
    echo "  ]"
    echo "}"
} > "$out"
echo "wrote $out" >&2

# A field of a row: a string's text, or a number.
field() {
    local text
    text=$(sed -n "s/.*\"$1\": \"\([^\"]*\)\".*/\1/p" <<< "$2")
    [ -n "$text" ] || text=$(sed -n "s/.*\"$1\": \([0-9.]*\).*/\1/p" <<< "$2")
    echo "$text"
}
mib() { awk "BEGIN { printf \"%.2f\", $1 / 1048576 }"; }

# The tables in docs/build-configuration.md, between their markers, are this file's rows.
doc=docs/build-configuration.md
table=$(mktemp)
{
    echo "<!-- sizes:start (written by bench/player-size.sh) -->"
    echo "| preset | VMs | stripped size | start to first frame (form.krb, terminal host) | measured |"
    echo "|---|---|---|---|---|"
    for preset in "${all_presets[@]}"; do
        row=${row_of[$preset]:-}
        [ -z "$row" ] && continue
        bytes=$(field bytes "$row")
        echo "| \`$preset\` | ${vms_of[$preset]} | $(mib "$bytes") MiB ($bytes bytes) | $(field first_frame_ms "$row") ms | $(field date "$row"), $(field machine "$row") |"
    done
    none=$(field bytes "${row_of[none]:-}")
    if [ -n "$none" ]; then
        echo
        echo "Each VM alone (\`--no-default-features --features VM,window,tui,clipboard\`), against the player with no VM (\`none\`: apps without scripts):"
        echo
        echo "| VM | stripped size | added by the VM | measured |"
        echo "|---|---|---|---|"
        for vm in "${all_alone[@]}"; do
            row=${row_of[$vm]:-}
            [ -z "$row" ] && continue
            bytes=$(field bytes "$row")
            added=$(awk "BEGIN { printf \"%+.2f MiB\", ($bytes - $none) / 1048576 }")
            [ "$vm" = none ] && added="—"
            echo "| \`$vm\` | $(mib "$bytes") MiB ($bytes bytes) | $added | $(field date "$row") |"
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
}

for preset in "${all_presets[@]}"; do
    is_wanted "$preset" || continue
    bytes=$(build "$preset,window,tui,clipboard")
    ms=$(first_frame)
    echo "   $bytes bytes, first frame in $ms ms" >&2
    row_of[$preset]="{\"preset\": \"$preset\", \"bytes\": $bytes, \"first_frame_ms\": $ms, $machine_row}"
    write_outputs
done
for vm in "${all_alone[@]}"; do
    is_wanted "$vm" || continue
    features="window,tui,clipboard"
    [ "$vm" != none ] && features="$vm,$features"
    bytes=$(build "$features")
    echo "   $bytes bytes" >&2
    row_of[$vm]="{\"vm\": \"$vm\", \"bytes\": $bytes, $machine_row}"
    write_outputs
done

