#!/usr/bin/env bash
# Benchmark `iptfleet inventory --list` against `ansible-inventory --list` on a
# generated 10,000-host / 500-group inventory, side by side with hyperfine,
# and check that both print the same JSON.
#
#   Benchmarks/inventory/run.sh [MARKDOWN_OUT]     (default: ./inventory-benchmark.md)
#
# Environment:
#   IPTFLEET           iptfleet binary (default: .build/release/iptfleet)
#   ANSIBLE_INVENTORY  ansible-inventory binary (default: from Scripts/ansible-venv)
#   RUNS / WARMUP      hyperfine --runs / --warmup (default 5 / 1)
#   ANSIBLE_ONLY=1     benchmark ansible-inventory alone (no iptfleet needed)
#   KEEP_DIR=1         keep the generated inventory and outputs (path is printed)
#
# Needs: hyperfine (Debian: apt-get install hyperfine), python3.
# Exit status: 0 when the benchmark ran and the outputs are equal, 1 otherwise.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
OUT_MD="${1:-inventory-benchmark.md}"
case "$OUT_MD" in /*) ;; *) OUT_MD="$PWD/$OUT_MD" ;; esac
IPTFLEET="${IPTFLEET:-$ROOT/.build/release/iptfleet}"
case "$IPTFLEET" in /*) ;; *) IPTFLEET="$PWD/$IPTFLEET" ;; esac
RUNS="${RUNS:-5}"
WARMUP="${WARMUP:-1}"
ANSIBLE_ONLY="${ANSIBLE_ONLY:-0}"

die() { echo "run.sh: $*" >&2; exit 1; }

command -v hyperfine >/dev/null || die "hyperfine not found (Debian: apt-get install hyperfine)"
command -v python3 >/dev/null || die "python3 not found"
if [ "$ANSIBLE_ONLY" != "1" ] && [ ! -x "$IPTFLEET" ]; then
    die "iptfleet binary not found or not executable: $IPTFLEET
  build it first (swift build -c release) or set IPTFLEET=/path/to/iptfleet
  (ANSIBLE_ONLY=1 benchmarks ansible-inventory alone)"
fi
ANSIBLE_INVENTORY="${ANSIBLE_INVENTORY:-$("$ROOT/Scripts/ansible-venv")}"
[ -x "$ANSIBLE_INVENTORY" ] || die "ansible-inventory not executable: $ANSIBLE_INVENTORY"

WORK="$(mktemp -d)"
if [ "${KEEP_DIR:-0}" = "1" ]; then
    echo "run.sh: keeping $WORK"
else
    trap 'rm -rf "$WORK"' EXIT
fi
INV="$WORK/inventory"
mkdir -p "$WORK/cwd"
: > "$WORK/ansible.cfg"
# ansible-inventory also reads ./group_vars as playbook vars: run from an
# empty directory, with an empty config file, failing on unparsable sources.
cd "$WORK/cwd"
export ANSIBLE_CONFIG="$WORK/ansible.cfg" ANSIBLE_NOCOLOR=1
export ANSIBLE_INVENTORY_UNPARSED_FAILED=1 ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED=1

python3 "$HERE/generate.py" "$INV"
echo "run.sh: generated $(grep -c . "$INV/hosts.ini") INI lines, $(find "$INV/group_vars" -type f | wc -l) group_vars files in $INV"

q() { printf '%q' "$1"; }
ANSIBLE_CMD="$(q "$ANSIBLE_INVENTORY") -i $(q "$INV/hosts.ini") --list"
IPTFLEET_CMD="$(q "$IPTFLEET") inventory -i $(q "$INV/hosts.ini") --list"

# One run of each first: fail early on errors and compare the outputs.
eval "$ANSIBLE_CMD" > "$WORK/ansible.json" || die "ansible-inventory failed"
equal=skipped
if [ "$ANSIBLE_ONLY" != "1" ]; then
    eval "$IPTFLEET_CMD" > "$WORK/iptfleet.json" || die "iptfleet inventory failed"
    if python3 - "$WORK/ansible.json" "$WORK/iptfleet.json" <<'PY'
import json, sys
# NaN/Infinity are compared as text (NaN != NaN as floats).
a, b = (json.load(open(p, encoding="utf-8"), parse_constant=str) for p in sys.argv[1:3])
if a == b:
    sys.exit(0)
ah, bh = a.get("_meta", {}).get("hostvars", {}), b.get("_meta", {}).get("hostvars", {})
print("  groups only in ansible :", sorted(set(a) - set(b))[:10])
print("  groups only in iptfleet:", sorted(set(b) - set(a))[:10])
diff = [k for k in set(a) & set(b) if k != "_meta" and a[k] != b[k]]
print("  groups that differ     :", sorted(diff)[:10])
print("  hosts only in ansible  :", sorted(set(ah) - set(bh))[:10])
print("  hosts only in iptfleet :", sorted(set(bh) - set(ah))[:10])
hd = sorted(h for h in set(ah) & set(bh) if ah[h] != bh[h])
print("  hosts whose vars differ: %d, e.g. %s" % (len(hd), hd[:5]))
if hd:
    h = hd[0]
    for k in sorted(set(ah[h]) | set(bh[h])):
        if ah[h].get(k, "<missing>") != bh[h].get(k, "<missing>"):
            print("    %s.%s: ansible=%r iptfleet=%r" % (h, k, ah[h].get(k, "<missing>"), bh[h].get(k, "<missing>")))
sys.exit(1)
PY
    then equal=yes; else equal=no; fi
fi

cmds=(-n ansible-inventory "$ANSIBLE_CMD")
[ "$ANSIBLE_ONLY" = "1" ] || cmds+=(-n iptfleet "$IPTFLEET_CMD")
hyperfine --warmup "$WARMUP" --runs "$RUNS" --export-markdown "$OUT_MD" --export-json "$WORK/times.json" "${cmds[@]}"

# Medians and their ratio, from the same run.
python3 - "$WORK/times.json" <<'PY'
import json, sys
results = {r["command"]: r["median"] for r in json.load(open(sys.argv[1]))["results"]}
for name, median in results.items():
    print(f"run.sh: median {name}: {median * 1000:.1f} ms")
if len(results) == 2:
    print(f"run.sh: ratio of medians ansible-inventory / iptfleet: {results['ansible-inventory'] / results['iptfleet']:.1f}x")
PY
echo "run.sh: markdown written to $OUT_MD"
echo "run.sh: outputs equal as JSON: $equal"
[ "$equal" != no ]
