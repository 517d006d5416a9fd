#!/usr/bin/env bash
# Compare two iptfleet binaries on `inventory --list` of the generated 10,000-host inventory
# (generate.py): the outputs must be byte-identical, and the runs alternate between the two
# binaries (A B A B …) so that a change in the machine's load hits both alike.
#
#   Benchmarks/inventory/compare-builds.sh OLD_BINARY NEW_BINARY [ROUNDS]   (default 11 rounds)
#
# Prints the median wall time of each and the ratio NEW / OLD. Exit status 1 when the outputs
# differ.
set -euo pipefail

[ $# -ge 2 ] || { sed -n '2,8p' "$0"; exit 2; }
OLD="$(realpath "$1")" NEW="$(realpath "$2")" ROUNDS="${3:-11}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
python3 "$HERE/generate.py" "$WORK/inventory" > /dev/null
cd "$WORK"

"$OLD" inventory -i inventory/hosts.ini --list > old.json
"$NEW" inventory -i inventory/hosts.ini --list > new.json
cmp -s old.json new.json || { echo "compare-builds.sh: the outputs differ (cmp old.json new.json)"; exit 1; }
echo "outputs: byte-identical, $(wc -c < new.json) bytes"

for _ in $(seq "$ROUNDS"); do
    for which in old new; do
        binary="$OLD"; [ "$which" = new ] && binary="$NEW"
        start=$(date +%s%N)
        "$binary" inventory -i inventory/hosts.ini --list > /dev/null
        echo $(( ($(date +%s%N) - start) / 1000000 )) >> "$which.ms"
    done
done
median() { sort -n "$1" | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
old_ms=$(median old.ms) new_ms=$(median new.ms)
echo "rounds: $ROUNDS; median old: ${old_ms} ms; median new: ${new_ms} ms; ratio new/old: $(awk -v a="$new_ms" -v b="$old_ms" 'BEGIN { printf "%.2f", a / b }')"
