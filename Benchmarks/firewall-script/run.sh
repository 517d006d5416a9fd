#!/usr/bin/env bash
# Time `iptables-docker.sh start` (rendered by iptfleet) against the upstream approach, one
# iptables process per rule (one-process-per-rule.sh), on a network namespace that holds the
# rules Docker 28 writes for CONTAINERS published containers (about 200 rules), side by side
# with hyperfine. Both end in the same ruleset (checked). IPv6 is off so that both do the same
# work; a third row times the new script with IPv6 on.
#
#   sudo Benchmarks/firewall-script/run.sh [MARKDOWN_OUT]     (default: ./firewall-script-benchmark.md)
#
# Environment:
#   IPTFLEET     iptfleet binary (default: .build/release/iptfleet)
#   BACKEND      nft or legacy (default: nft)
#   CONTAINERS   published containers (default 62: 15 + 3 x 62 = 201 Docker rules)
#   RUNS/WARMUP  hyperfine --runs / --warmup (default 30 / 3)
#
# Needs: root, iproute2, iptables, hyperfine, python3 (all Debian packages). Only touches a
# network namespace it creates (iptf-bench-PID) and deletes on exit.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
OUT_MD="${1:-firewall-script-benchmark.md}"
IPTFLEET="${IPTFLEET:-$ROOT/.build/release/iptfleet}"
BACKEND="${BACKEND:-nft}"
CONTAINERS="${CONTAINERS:-62}"
RUNS="${RUNS:-30}"
WARMUP="${WARMUP:-3}"
NS="iptf-bench-$$"
IPT="iptables-$BACKEND"

die() { echo "run.sh: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "needs root (network namespace, iptables)"
command -v hyperfine >/dev/null || die "hyperfine is missing (apt-get install hyperfine)"
command -v "$IPT" >/dev/null || die "$IPT is missing (apt-get install iptables)"
[ -x "$IPTFLEET" ] || die "no iptfleet at $IPTFLEET (swift build -c release, or set IPTFLEET)"

WORK="$(mktemp -d)"
cleanup() { ip netns del "$NS" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
ip netns add "$NS"

# Docker 28's rules for one bridge (docker0) and CONTAINERS containers, each publishing port
# 8000+i to 80: a raw PREROUTING drop, a filter DOCKER accept and a nat DNAT per container.
docker_state() {
	local i address
	container() { echo "172.17.$(($1 / 250)).$(($1 % 250 + 2))"; }
	printf '*raw\n:PREROUTING ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n'
	for ((i = 0; i < CONTAINERS; i++)); do echo "-A PREROUTING -d $(container $i)/32 ! -i docker0 -j DROP"; done
	printf 'COMMIT\n*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n'
	for chain in DOCKER DOCKER-BRIDGE DOCKER-CT DOCKER-FORWARD DOCKER-ISOLATION-STAGE-1 DOCKER-ISOLATION-STAGE-2 DOCKER-USER; do
		echo ":$chain - [0:0]"
	done
	echo "-A FORWARD -j DOCKER-USER"
	echo "-A FORWARD -j DOCKER-FORWARD"
	for ((i = 0; i < CONTAINERS; i++)); do
		address=$(container $i)
		echo "-A DOCKER -d $address/32 ! -i docker0 -o docker0 -p tcp -m tcp --dport 80 -j ACCEPT"
	done
	cat <<'RULES'
-A DOCKER ! -i docker0 -o docker0 -j DROP
-A DOCKER-BRIDGE -o docker0 -j DOCKER
-A DOCKER-CT -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A DOCKER-FORWARD -j DOCKER-CT
-A DOCKER-FORWARD -j DOCKER-ISOLATION-STAGE-1
-A DOCKER-FORWARD -j DOCKER-BRIDGE
-A DOCKER-FORWARD -i docker0 -j ACCEPT
-A DOCKER-ISOLATION-STAGE-1 -i docker0 ! -o docker0 -j DOCKER-ISOLATION-STAGE-2
-A DOCKER-ISOLATION-STAGE-2 -o docker0 -j DROP
COMMIT
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:DOCKER - [0:0]
-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER
-A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER
-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE
-A DOCKER -i docker0 -j RETURN
RULES
	for ((i = 0; i < CONTAINERS; i++)); do
		echo "-A DOCKER ! -i docker0 -p tcp -m tcp --dport $((8000 + i)) -j DNAT --to-destination $(container $i):80"
	done
	echo COMMIT
}
docker_state >"$WORK/docker.save"
DOCKER_RULES=$(grep -c '^-A ' "$WORK/docker.save")

# The script, rendered by iptfleet for a policy with a bit of everything.
render() {
	printf 'bench ansible_host=127.0.0.1\n' >"$WORK/hosts.ini"
	"$IPTFLEET" render bench -i "$WORK/hosts.ini" --out "$WORK/$1" -e "$2" >"$WORK/render.log" 2>&1 ||
		die "iptfleet render failed: $(cat "$WORK/render.log")"
	echo "$WORK/$1/usr/local/sbin/iptables-docker.sh"
}
POLICY='"ssh_allow_cidr": ["10.231.0.0/24"], "swarm_enabled": true, "swarm_cidr": "10.231.0.0/24",
 "iptables_allow_rules": [{"desc": "web", "proto": "tcp", "port": [80, 443]}, {"desc": "api", "proto": "tcp", "port": 8443, "from": "10.231.0.2"}],
 "docker_published_rules": [{"desc": "app", "proto": "tcp", "port": 8001, "from": "10.231.0.0/24"}]'
SCRIPT4=$(render v4 "{$POLICY, \"iptables_ipv6\": false, \"iptables_backend\": \"$BACKEND\"}")
SCRIPT46=$(render v46 "{$POLICY, \"iptables_ipv6\": true, \"iptables_backend\": \"$BACKEND\"}")

in_ns() { ip netns exec "$NS" "$@"; }
reset="ip netns exec $NS $IPT-restore $WORK/docker.save"
export IPTABLES_DOCKER_STATE_DIR="$WORK/state"

# The target: what the new script makes of this host; the per-rule approach replays it.
$reset
in_ns sh "$SCRIPT4" start >/dev/null
in_ns "$IPT-save" | grep -v '^#' >"$WORK/target.save"
OURS=$(grep -c '^-A ' "$WORK/target.save")
$reset
in_ns sh "$HERE/one-process-per-rule.sh" "$IPT" "$WORK/target.save" "$WORK/backup.save"
in_ns "$IPT-save" | grep -v '^#' | diff -q - "$WORK/target.save" >/dev/null ||
	die "one-process-per-rule.sh did not reproduce the new script's ruleset"

hyperfine --style basic --runs "$RUNS" --warmup "$WARMUP" --prepare "$reset" \
	--export-json "$WORK/result.json" --export-markdown "$OUT_MD" \
	-n "iptables-docker.sh start (IPv4)" "ip netns exec $NS sh $SCRIPT4 start" \
	-n "one iptables process per rule (IPv4)" "ip netns exec $NS sh $HERE/one-process-per-rule.sh $IPT $WORK/target.save $WORK/backup.save" \
	-n "iptables-docker.sh start (IPv4 + IPv6)" "ip netns exec $NS sh $SCRIPT46 start"

python3 - "$WORK/result.json" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
median = {r["command"]: r["median"] for r in results}
new, old = median["iptables-docker.sh start (IPv4)"], median["one iptables process per rule (IPv4)"]
for name, value in median.items():
    print(f"median {value * 1000:8.1f} ms  {name}")
print(f"one-process-per-rule / iptables-docker.sh: {old / new:.1f}x")
PY
echo "backend: $BACKEND; Docker rules: $DOCKER_RULES ($CONTAINERS containers); rules after start: $OURS"
echo "hyperfine table: $OUT_MD"
