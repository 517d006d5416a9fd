#!/bin/sh
# iptables-docker.sh - inbound firewall that keeps Docker's rules, installed by iptfleet on
# {{ host }}. Rendered from iptfleet's Templates/iptables-docker.sh: local edits are overwritten.
#
# Usage: iptables-docker.sh start|stop|restart|check|preview|status
#   start, restart  build the whole filter table (Docker's chains and rules kept, ours rebuilt),
#                   check it with iptables-restore --test, back up the old rules, apply in one call
#   stop            the same, without our rules: everything open, Docker's rules kept
#   check           build and validate the start ruleset; change nothing
#   preview         as check, then print each family's live filter table and the new one
#                   ("==> live IPv4", "==> new IPv4", ...); iptfleet deploy --diff shows the diff
#   status          say whether the firewall is active; exit 0 if it is, 3 if not
# Exit codes: 0 done, 1 apply failed (previous rules put back), 2 usage, 3 not active (status),
#   4 cannot run here (not root, no iptables, backend missing, locked), 5 ruleset rejected by
#   iptables-restore --test (nothing changed), 6 cannot read the rules or write the backup
#   (nothing changed).
# Environment: IPTABLES_DOCKER_STATE_DIR (default /var/lib/iptables-docker; backups in
#   its backups/), IPTABLES_DOCKER_BACKEND (auto|nft|legacy, overrides iptables_backend).

set -u
set -f
umask 077
LC_ALL=C
export LC_ALL
PATH=$PATH:/usr/local/sbin:/usr/sbin:/sbin

# ---- The policy, rendered from the inventory ----------------------------------------------
DOCKER_PRESERVE={{ docker_preserve }}
IPV6={{ ipv6_enabled }}
ICMP={{ icmp_enabled }}
SWARM={{ swarm_enabled }}
SWARM_ESP={{ swarm_overlay_encryption }}
{% if published_rules %}
PUBLISHED=1
{% else %}
PUBLISHED=0
{% endif %}
SSH_PORT={{ ssh_port }}
SSH_SOURCES_4="{{ ssh_sources_v4|join:" " }}"
SSH_SOURCES_6="{{ ssh_sources_v6|join:" " }}"
SWARM_SOURCES_4="{{ swarm_sources_v4|join:" " }}"
SWARM_SOURCES_6="{{ swarm_sources_v6|join:" " }}"
BACKEND=${IPTABLES_DOCKER_BACKEND:-{{ backend }}}
BACKUP_KEEP={{ backup_keep }}
STATE_DIR=${IPTABLES_DOCKER_STATE_DIR:-/var/lib/iptables-docker}

# iptables_allow_rules: allow_rule FAMILY PROTO PORTS "IPV4 SOURCES" "IPV6 SOURCES" "DESC"
allow_rules() {
{% for rule in allow_rules %}
	allow_rule "$1" {{ rule.proto }} {{ rule.ports }} "{{ rule.sources_v4|join:" " }}" "{{ rule.sources_v6|join:" " }}" "{{ rule.desc }}"
{% endfor %}
	:
}

# docker_published_rules: published_rule FAMILY PASS PROTO PORTS "IPV4 SOURCES" "IPV6 SOURCES" "DESC"
published_rules() {
{% for rule in published_rules %}
	published_rule "$1" "$2" {{ rule.proto }} {{ rule.ports }} "{{ rule.sources_v4|join:" " }}" "{{ rule.sources_v6|join:" " }}" "{{ rule.desc }}"
{% endfor %}
	:
}

# ---- Names -------------------------------------------------------------------------------
ME=iptables-docker
CH_INPUT=IPTFLEET-INPUT
CH_SCANS=IPTFLEET-SCANS
CH_LOG=IPTFLEET-LOG
CH_PUBLISHED=IPTFLEET-PUBLISHED
BACKUP_DIR=$STATE_DIR/backups
WORK=

say() { printf '%s: %s\n' "$ME" "$*"; }
warn() { printf '%s: warning: %s\n' "$ME" "$*" >&2; }
die() { code=$1; shift; printf '%s: error: %s\n' "$ME" "$*" >&2; exit "$code"; }
have() { command -v "$1" >/dev/null 2>&1; }
line() { printf '%s\n' "$*"; }
family_name() { if [ "$1" = 4 ]; then echo IPv4; else echo IPv6; fi; }

# ---- Rules -------------------------------------------------------------------------------
# Sets SRC to "-s NET " (nothing for "anyone") and MATCH to the destination-port match.
source_option() {
	case $1 in
	0.0.0.0/0 | ::/0) SRC= ;;
	*) SRC="-s $1 " ;;
	esac
}
port_match() {
	case $1:$2 in
	*,* | udplite:*) MATCH="-m multiport --dports $2" ;;
	*) MATCH="-m $1 --dport $2" ;;
	esac
}
sources_of() { if [ "$1" = 4 ]; then SOURCES=$2; else SOURCES=$3; fi; }

allow_rule() {
	sources_of "$1" "$4" "$5"
	port_match "$2" "$3"
	for net in $SOURCES; do
		source_option "$net"
		line "-A $CH_INPUT $SRC-p $2 $MATCH -m conntrack --ctstate NEW -m comment --comment \"$6\" -j ACCEPT"
	done
}

# Pass "allow": RETURN (on to Docker's rules) for the listed sources; pass "drop": DROP the
# rest. All allows come before all drops, so a port named by several rules admits them all.
published_rule() {
	sources_of "$1" "$5" "$6"
	saved_ifs=$IFS
	IFS=,
	for port in $4; do
		IFS=$saved_ifs
		if [ "$2" = allow ]; then
			for net in $SOURCES; do
				source_option "$net"
				line "-A $CH_PUBLISHED $SRC-p $3 -m conntrack --ctorigdstport $port -m comment --comment \"$7\" -j RETURN"
			done
		else
			line "-A $CH_PUBLISHED -p $3 -m conntrack --ctorigdstport $port -m comment --comment \"$7\" -j DROP"
		fi
	done
	IFS=$saved_ifs
}

# Accept from SOURCES: accept_from FAMILY "IPV4 SOURCES" "IPV6 SOURCES" MATCH...
accept_from() {
	sources_of "$1" "$2" "$3"
	shift 3
	for net in $SOURCES; do
		source_option "$net"
		line "-A $CH_INPUT $SRC$* -j ACCEPT"
	done
}

# Our chains' declarations (start only).
our_chains() {
	printf ':%s - [0:0]\n' "$CH_INPUT" "$CH_LOG" "$CH_SCANS"
	if [ "$PUBLISHED" = 1 ]; then printf ':%s - [0:0]\n' "$CH_PUBLISHED"; fi
}

# Our rules for family $1; $2 = Docker's bridges beyond docker*, br-*, veth* (docker_bridges).
our_rules() {
	fam=$1
	r="-A $CH_INPUT"
	line "-A INPUT -j $CH_INPUT"
	line "$r -i lo -j ACCEPT"
	if [ "$DOCKER_PRESERVE" = 1 ]; then
		# Containers may reach the host (upstream's "skip filter on docker ifaces").
		for iface in docker+ br-+ veth+ $2; do line "$r -i $iface -j ACCEPT"; done
	fi
	line "$r -p tcp -j $CH_SCANS"
	line "$r -p tcp -m tcp ! --tcp-flags FIN,SYN,RST,ACK SYN -m conntrack --ctstate NEW -j DROP"
	if [ "$fam" = 4 ]; then
		line "$r -f -j DROP"
		line "$r -m pkttype --pkt-type broadcast -j DROP"
	fi
	line "$r -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT"
	if [ "$fam" = 6 ]; then
		# IPv6 does not work without neighbour discovery, MLD queries and DHCPv6 replies.
		for type in 133 134 135 136; do
			line "$r -p ipv6-icmp -m icmp6 --icmpv6-type $type -m hl --hl-eq 255 -j ACCEPT"
		done
		line "$r -s fe80::/10 -p ipv6-icmp -m icmp6 --icmpv6-type 130 -j ACCEPT"
		line "$r -s fe80::/10 -p udp -m udp --sport 547 --dport 546 -j ACCEPT"
	fi
	accept_from "$fam" "$SSH_SOURCES_4" "$SSH_SOURCES_6" \
		"-p tcp -m tcp --dport $SSH_PORT -m conntrack --ctstate NEW -m comment --comment ssh"
	allow_rules "$fam"
	if [ "$SWARM" = 1 ]; then
		for port in tcp:2377 tcp:7946 udp:7946 udp:4789; do
			accept_from "$fam" "$SWARM_SOURCES_4" "$SWARM_SOURCES_6" \
				"-p ${port%%:*} -m ${port%%:*} --dport ${port#*:} -m conntrack --ctstate NEW -m comment --comment swarm"
		done
		if [ "$SWARM_ESP" = 1 ]; then
			accept_from "$fam" "$SWARM_SOURCES_4" "$SWARM_SOURCES_6" "-p esp -m comment --comment swarm-esp"
		fi
	fi
	if [ "$ICMP" = 1 ]; then
		if [ "$fam" = 4 ]; then
			line "$r -p icmp -m icmp --icmp-type 8 -j ACCEPT"
			line "$r -p icmp -m icmp --icmp-type 11 -j ACCEPT"
		else
			line "$r -p ipv6-icmp -m icmp6 --icmpv6-type 128 -j ACCEPT"
			line "$r -p ipv6-icmp -m icmp6 --icmpv6-type 3 -j ACCEPT"
		fi
	fi
	line "$r -j $CH_LOG"
	line "-A $CH_LOG -m limit --limit 2/min -j LOG --log-prefix \"IPTables-Dropped: \""
	line "-A $CH_LOG -j DROP"
	for flags in "FIN,PSH,URG FIN,PSH,URG" "FIN,SYN,RST,PSH,ACK,URG FIN,SYN,RST,PSH,ACK,URG" \
		"FIN,SYN,RST,PSH,ACK,URG NONE" "SYN,RST SYN,RST"; do
		line "-A $CH_SCANS -p tcp -m tcp --tcp-flags $flags -j DROP"
	done
	if [ "$PUBLISHED" = 1 ]; then
		published_rules "$fam" allow
		published_rules "$fam" drop
	fi
}

# ---- Docker's part of the current filter table ---------------------------------------------
# Reads `iptables-save -t filter`. With -v mode=candidates, prints the interfaces that Docker's
# own chains name (every DOCKER* chain but DOCKER-USER, which is the admin's) and that do not
# match docker*, br-*, veth*, one a line: docker_bridges then keeps the real bridges among them.
# Otherwise writes the built-in chain headers (INPUT policy from -v input, FORWARD's policy
# kept) and the declarations of the chains it keeps to the file -v decls, and the rules it keeps
# to stdout (in their order); -v bridges lists the Docker interfaces beyond the patterns. Kept:
# every chain whose name starts with DOCKER, any chain such a rule jumps to, and in
# INPUT/FORWARD/OUTPUT every rule that jumps to a kept chain, names a Docker interface, or is
# Docker's encrypted-overlay VXLAN rule; never our IPTFLEET-* chains or jumps to them. Plain
# POSIX awk: runs on mawk, gawk, busybox.
keep_awk() {
	cat <<'AWK'
function builtin(c) { return c == "INPUT" || c == "FORWARD" || c == "OUTPUT" }
function ours(c) { return substr(c, 1, 9) == "IPTFLEET-" }
function dockerish(c) { return substr(c, 1, 6) == "DOCKER" }
function pattern_iface(name) { return name ~ /^(docker|br-|veth)/ }
function docker_iface(name) { return pattern_iface(name) || (name in extra) }
function dockers_own(c) { return dockerish(c) && c != "DOCKER-USER" }
function parse(r,    s, t, n, i) {
	s = rule[r]
	gsub(/\\"/, "", s)
	gsub(/"[^"]*"/, "\"\"", s)
	n = split(s, t, " ")
	chain[r] = t[2]; target[r] = ""; nif[r] = 0; udp = 0; vxmatch = 0
	for (i = 3; i < n; i++) {
		if (t[i] == "-j" || t[i] == "-g") target[r] = t[i + 1]
		else if (t[i] == "-i" || t[i] == "-o") { nif[r]++; ifname[r, nif[r]] = t[i + 1]; ifdir[r, nif[r]] = t[i] }
		else if (t[i] == "-p" && t[i + 1] == "udp") udp = 1
		else if (t[i] == "-m" && (t[i + 1] == "u32" || t[i + 1] == "bpf")) vxmatch = 1
	}
	vxlan[r] = udp && vxmatch
	plain[r] = (n == 6)
}
function names_docker_iface(r,    k) {
	for (k = 1; k <= nif[r]; k++) if (docker_iface(ifname[r, k])) return 1
	return 0
}
# Upstream iptables-docker wrote "-A INPUT -i IF -j ACCEPT" and "-A OUTPUT -o IF -j ACCEPT":
# they are ours now, not Docker rules.
function upstream_leftover(r) {
	if (!plain[r] || target[r] != "ACCEPT" || nif[r] != 1) return 0
	return (chain[r] == "INPUT" && ifdir[r, 1] == "-i") || (chain[r] == "OUTPUT" && ifdir[r, 1] == "-o")
}
function wanted(r,    c, t) {
	c = chain[r]; t = target[r]
	if (!preserve || ours(t)) return 0
	if (c in keepchain) return 1
	if (!builtin(c)) return 0
	if (t in keepchain) return 1
	if (names_docker_iface(r)) return !upstream_leftover(r)
	return c == "INPUT" && vxlan[r]
}
BEGIN {
	forward = "ACCEPT"; n = 0; nc = 0
	nb = split(bridges, b, " ")
	for (i = 1; i <= nb; i++) extra[b[i]] = 1
}
/^#/ || /^\*/ || /^COMMIT/ || NF == 0 { next }
/^:/ {
	name = substr($1, 2)
	declared[name] = 1
	if (name == "FORWARD") forward = $2
	else if (!builtin(name)) chains[++nc] = name
	next
}
{
	line = $0
	if (substr(line, 1, 1) == "[") line = substr(line, index(line, " ") + 1)
	if (substr(line, 1, 3) == "-A ") rule[++n] = line
}
END {
	for (r = 1; r <= n; r++) parse(r)
	if (mode == "candidates") {
		for (r = 1; r <= n; r++) {
			if (!dockers_own(chain[r])) continue
			for (k = 1; k <= nif[r]; k++) {
				x = ifname[r, k]
				if (!pattern_iface(x) && !(x in seen) && x !~ /\+$/) { seen[x] = 1; print x }
			}
		}
		exit
	}
	for (i = 1; i <= nc; i++) if (preserve && dockerish(chains[i]) && !ours(chains[i])) keepchain[chains[i]] = 1
	changed = 1
	while (changed) {
		changed = 0
		for (r = 1; r <= n; r++) {
			if ((r in keep) || !wanted(r)) continue
			keep[r] = 1
			t = target[r]
			if ((t in declared) && !builtin(t) && !(t in keepchain) && !ours(t)) { keepchain[t] = 1; changed = 1 }
		}
	}
	if ("DOCKER-USER" in keepchain) {
		used = 0
		for (r in keep) if (chain[r] == "DOCKER-USER" || target[r] == "DOCKER-USER") used = 1
		if (!used) delete keepchain["DOCKER-USER"]
	}
	print "*filter" > decls
	print ":INPUT " input " [0:0]" > decls
	print ":FORWARD " forward " [0:0]" > decls
	print ":OUTPUT ACCEPT [0:0]" > decls
	for (i = 1; i <= nc; i++) if (chains[i] in keepchain) print ":" chains[i] " - [0:0]" > decls
	for (r = 1; r <= n; r++) if (r in keep) print rule[r]
}
AWK
}

# The interfaces a default route leaves by (IPv4 and IPv6), space-separated.
uplinks() {
	{
		awk 'NR > 1 && $2 == "00000000" && $8 == "00000000" { print $1 }' /proc/net/route
		awk '$1 == "00000000000000000000000000000000" && $2 == "00" && $10 != "lo" { print $10 }' /proc/net/ipv6_route
	} 2>/dev/null | sort -u | tr '\n' ' '
}

# Reads interface names (keep_awk's candidates) and prints those that are Docker's bridges,
# space-separated: a Linux bridge or a bridge port (a network made with
# com.docker.network.bridge.name=NAME, docker_gwbridge), with no hardware device behind it, and
# no default route through it. An admin's rule or a rule in a chain named DOCKER-* never makes
# the uplink a "Docker interface" whose every packet INPUT accepts.
docker_bridges() {
	up=$(uplinks)
	while read -r name; do
		case $name in '' | . | .. | *[!A-Za-z0-9_.@-]*) continue ;; esac
		sys=/sys/class/net/$name
		if [ -d "$sys/bridge" ] || [ -d "$sys/brport" ]; then
			case " $up " in *" $name "*)
				warn "$name carries a default route: not accepted as a Docker bridge"
				continue
				;;
			esac
			if [ -e "$sys/device" ]; then
				warn "$name is a hardware device: not accepted as a Docker bridge"
				continue
			fi
			printf '%s ' "$name"
		elif [ -e "$sys" ]; then
			warn "$name, named in Docker's chains, is not a bridge: its traffic is filtered like any other"
		fi
	done
}

# ---- Backend -----------------------------------------------------------------------------
# mode_of BINARY: nft or legacy, from `BINARY -V` ("v1.8.9 (nf_tables)"; before 1.8: legacy).
mode_of() {
	version=$("$1" -V 2>/dev/null) || return 1
	case $version in
	*nf_tables*) echo nft ;;
	*) echo legacy ;;
	esac
}

# tool_for MODE FAMILY: prints the command prefix (iptables-nft, ip6tables-legacy, iptables).
tool_for() {
	if [ "$2" = 4 ]; then base=iptables; else base=ip6tables; fi
	if have "$base-$1" && have "$base-$1-save" && have "$base-$1-restore"; then
		echo "$base-$1"
	elif have "$base" && have "$base-save" && have "$base-restore" && [ "$(mode_of "$base")" = "$1" ]; then
		echo "$base"
	else
		return 1
	fi
}

# Whether legacy tables exist for FAMILY (the kernel lists them; nothing is loaded to look).
legacy_tables() {
	if [ "$1" = 4 ]; then names=/proc/net/ip_tables_names; else names=/proc/net/ip6_tables_names; fi
	grep -q . "$names" 2>/dev/null
}

# The full ruleset of MODE for FAMILY, without loading anything (legacy only if present).
save_all() {
	if [ "$1" = legacy ] && ! legacy_tables "$2"; then return 0; fi
	saver=$(tool_for "$1" "$2") || return 0
	"$saver-save" 2>/dev/null
}

has_docker() { save_all "$1" 4 | grep -q '^:DOCKER'; }
has_rules() { save_all "$1" "$2" | grep -q -e '^-A ' -e '^\[[0-9]*:[0-9]*\] -A ' -e '^:[A-Z]* DROP '; }
other_mode() { if [ "$1" = nft ]; then echo legacy; else echo nft; fi; }

# Sets MODE (nft|legacy), WHY, and TOOL4/TOOL6 (TOOL6 empty: IPv6 not handled here).
select_backend() {
	case $BACKEND in
	nft | legacy)
		MODE=$BACKEND
		WHY="iptables_backend=$BACKEND"
		if [ "$DOCKER_PRESERVE" = 1 ] && has_docker "$(other_mode "$MODE")" && ! has_docker "$MODE"; then
			warn "Docker's chains are in iptables-$(other_mode "$MODE"), but iptables_backend=$MODE: this firewall goes into iptables-$MODE and leaves them alone"
		fi
		;;
	auto)
		default=
		if have iptables; then default=$(mode_of iptables); fi
		if [ -z "$default" ]; then
			if tool_for nft 4 >/dev/null; then default=nft; else default=legacy; fi
		fi
		in_nft=0
		in_legacy=0
		if has_docker nft; then in_nft=1; fi
		if has_docker legacy; then in_legacy=1; fi
		if [ $in_nft = 1 ] && [ $in_legacy = 0 ]; then
			MODE=nft
			WHY="auto: Docker's chains are in nf_tables"
		elif [ $in_legacy = 1 ] && [ $in_nft = 0 ]; then
			MODE=legacy
			WHY="auto: Docker's chains are in legacy iptables"
		else
			MODE=$default
			WHY="auto: the system's iptables is $default"
			if [ $in_nft = 1 ]; then
				warn "Docker's chains exist in both nf_tables and legacy iptables; using the system's iptables ($default)"
			fi
		fi
		;;
	*) die 4 "IPTABLES_DOCKER_BACKEND/iptables_backend must be auto, nft or legacy, not '$BACKEND'" ;;
	esac
	TOOL4=$(tool_for "$MODE" 4) || die 4 "no iptables for the $MODE backend on this host (looked for iptables-$MODE and iptables)"
	TOOL6=
	if [ -d /proc/sys/net/ipv6 ]; then TOOL6=$(tool_for "$MODE" 6) || TOOL6=; fi
	other=$(other_mode "$MODE")
	for f in 4 6; do
		if has_rules "$other" "$f"; then
			warn "mixed backends: $(family_name $f) rules also exist in $other iptables (see $(tool_for "$other" $f 2>/dev/null || echo "iptables-$other")-save); packets pass both, and this script manages only $MODE"
		fi
	done
}

# Sets TOOL to the command prefix for family $1.
tool_of() { if [ "$1" = 4 ]; then TOOL=$TOOL4; else TOOL=$TOOL6; fi; }

mode_label() { if [ "$1" = nft ]; then echo nf_tables; else echo legacy; fi; }

# ---- Files ---------------------------------------------------------------------------------
prepare_state() {
	if ! mkdir -p "$BACKUP_DIR" 2>/dev/null || ! chmod 700 "$STATE_DIR" "$BACKUP_DIR" 2>/dev/null; then
		die 6 "cannot create $BACKUP_DIR"
	fi
	WORK=$(mktemp -d "$STATE_DIR/run.XXXXXX") || die 6 "cannot create a work directory in $STATE_DIR"
	trap 'rm -rf "$WORK"' EXIT
	trap 'exit 130' INT TERM HUP
	if have flock; then
		exec 9>"$STATE_DIR/lock"
		flock -w 30 9 || die 4 "another $ME run holds $STATE_DIR/lock"
	fi
}

# Backup file names (NNNNNN-STAMP.vF), newest first.
backups() {
	find "$BACKUP_DIR" -type f -name '[0-9]*-*.v[46]' 2>/dev/null | sed 's|.*/||' | sort -r
}

# Saves every table of every family we touch as the next numbered backup; keeps BACKUP_KEEP.
backup() {
	last=$(backups | awk -F- 'NR == 1 { print $1 + 0 } END { if (NR == 0) print 0 }')
	stamp=$(printf '%06d-%s' $((last + 1)) "$(date -u +%Y%m%dT%H%M%SZ)")
	for bf in $FAMILIES; do
		file=$BACKUP_DIR/$stamp.v$bf
		tool_of "$bf"
		if ! "$TOOL-save" >"$file.part" 2>/dev/null || ! chmod 600 "$file.part" || ! mv -f "$file.part" "$file"; then
			die 6 "cannot write the backup $file"
		fi
	done
	backups | awk -F- -v keep="$BACKUP_KEEP" '!($1 in seen) { seen[$1] = 1; sets++ } sets > keep' |
		while read -r old; do rm -f "$BACKUP_DIR/$old"; done
	BACKUP=$BACKUP_DIR/$stamp
}

# ---- Build, test, apply --------------------------------------------------------------------
# build VERB FAMILY: writes $WORK/new.vF from $WORK/current.vF.
build() {
	kind=$1
	fam=$2
	if [ "$kind" = start ]; then input=DROP; else input=ACCEPT; fi
	awk -v mode=candidates "$(keep_awk)" <"$WORK/current.v$fam" >"$WORK/candidates.v$fam" ||
		die 6 "awk failed reading the current $(family_name "$fam") rules"
	bridges=$(docker_bridges <"$WORK/candidates.v$fam")
	awk -v input="$input" -v preserve="$DOCKER_PRESERVE" -v decls="$WORK/decls.v$fam" \
		-v bridges="$bridges" "$(keep_awk)" <"$WORK/current.v$fam" >"$WORK/docker.v$fam" ||
		die 6 "awk failed reading the current $(family_name "$fam") rules"
	[ -s "$WORK/decls.v$fam" ] || die 6 "awk produced no table header for $(family_name "$fam")"
	{
		cat "$WORK/decls.v$fam"
		if [ "$kind" = start ]; then
			our_chains
			if [ "$PUBLISHED" = 1 ]; then
				grep -q '^:DOCKER-USER ' "$WORK/decls.v$fam" || echo ':DOCKER-USER - [0:0]'
				echo "-A DOCKER-USER -m conntrack --ctstate DNAT --ctdir ORIGINAL -j $CH_PUBLISHED"
				# FORWARD's jump to DOCKER-USER, first, as Docker's contract has it. Docker 20.10
				# writes none for IPv6 (ip6tables) and, whenever dockerd starts, inserts its
				# IPv6 rules above ours; before Docker starts there is none at all. Without it
				# first, the rules above are never seen. Any other copy is dropped below.
				echo '-A FORWARD -j DOCKER-USER'
			fi
		fi
		if [ "$kind" = start ] && [ "$PUBLISHED" = 1 ]; then
			sed '/^-A FORWARD -j DOCKER-USER$/d' "$WORK/docker.v$fam"
		else
			cat "$WORK/docker.v$fam"
		fi
		if [ "$kind" = start ]; then our_rules "$fam" "$bridges"; fi
		echo COMMIT
	} >"$WORK/new.v$fam" || die 6 "cannot write $WORK/new.v$fam"
}

# restore FAMILY FILE [--test]: iptables-restore; on failure prints why, with the bad line.
restore() {
	tool_of "$1"
	if "$TOOL-restore" -w 10 ${3:+"$3"} <"$2" 2>"$WORK/restore.err"; then return 0; fi
	sed "s/^/  /" "$WORK/restore.err" >&2
	bad=$(sed -n 's/^Error occurred at line: \([0-9]*\).*/\1/p' "$WORK/restore.err")
	if [ -n "$bad" ]; then printf '  line %s: %s\n' "$bad" "$(sed -n "${bad}p" "$2")" >&2; fi
	return 1
}

# FAMILIES: the families this run changes, "4" or "4 6". OFF6=1: IPv6 is off but our chains
# are still there, so IPv6 gets the stop ruleset.
plan_families() {
	FAMILIES=4
	OFF6=0
	if [ -n "$TOOL6" ]; then
		if [ "$IPV6" = 1 ]; then
			FAMILIES="4 6"
		elif "$TOOL6-save" -t filter 2>/dev/null | grep -q "^:$CH_INPUT "; then
			FAMILIES="4 6"
			OFF6=1
		fi
	elif [ "$IPV6" = 1 ]; then
		say "IPv6: not available on this host, skipped"
	fi
}

# run VERB (start|stop|check|preview)
run() {
	verb=$1
	case $verb in check | preview) ruleset=start ;; *) ruleset=$verb ;; esac
	[ "$(id -u)" = 0 ] || die 4 "must run as root"
	select_backend
	plan_families
	prepare_state
	for f in $FAMILIES; do
		tool_of "$f"
		"$TOOL-save" -t filter >"$WORK/current.v$f" 2>"$WORK/save.err" ||
			die 6 "$TOOL-save failed: $(cat "$WORK/save.err")"
		if [ "$f" = 6 ] && [ "$OFF6" = 1 ]; then build stop 6; else build "$ruleset" "$f"; fi
		restore "$f" "$WORK/new.v$f" --test ||
			die 5 "$TOOL-restore --test rejected the new $(family_name "$f") ruleset ($ruleset); nothing was changed"
	done
	if [ "$verb" = check ]; then
		for f in $FAMILIES; do
			say "check: $(family_name "$f") ruleset is valid ($(grep -c '^-A ' "$WORK/new.v$f") rules, $(mode_label "$MODE"))"
		done
		return 0
	fi
	if [ "$verb" = preview ]; then
		for f in $FAMILIES; do
			echo "==> live $(family_name "$f")"
			cat "$WORK/current.v$f"
			echo "==> new $(family_name "$f")"
			cat "$WORK/new.v$f"
		done
		return 0
	fi
	backup
	applied=
	for f in $FAMILIES; do
		if ! restore "$f" "$WORK/new.v$f"; then
			for g in $applied; do restore "$g" "$WORK/current.v$g" || warn "could not put back the previous $(family_name "$g") rules; see $BACKUP.v$g"; done
			die 1 "applying the $(family_name "$f") ruleset failed; previous rules are back (backup: $BACKUP.v*)"
		fi
		applied="$applied $f"
	done
	if [ "$verb" = start ] && [ -w /proc/sys/net/ipv4/tcp_syncookies ] &&
		[ "$(cat /proc/sys/net/ipv4/tcp_syncookies)" != 1 ]; then
		echo 1 >/proc/sys/net/ipv4/tcp_syncookies 2>/dev/null || warn "could not turn on tcp_syncookies"
	fi
	for f in $FAMILIES; do
		docker=$(grep -c '^-A ' "$WORK/docker.v$f")
		total=$(grep -c '^-A ' "$WORK/new.v$f")
		if [ "$f" = 6 ] && [ "$OFF6" = 1 ]; then
			say "IPv6: firewall removed (iptables_ipv6 is off), $docker Docker rules kept"
		elif [ "$verb" = start ]; then
			say "$(family_name "$f"): firewall on ($(mode_label "$MODE"), $WHY): $((total - docker)) rules of ours, $docker Docker rules kept"
		else
			say "$(family_name "$f"): firewall off, everything open ($(mode_label "$MODE")): $docker Docker rules kept"
		fi
	done
	say "backup of the previous rules: $BACKUP.v*"
}

status() {
	[ "$(id -u)" = 0 ] || die 4 "must run as root"
	select_backend
	plan_families
	active=1
	say "backend: $(mode_label "$MODE") ($WHY)"
	for f in 4 6; do
		tool_of "$f"
		if [ -z "$TOOL" ]; then say "IPv6: not available"; continue; fi
		table=$("$TOOL-save" -t filter 2>/dev/null)
		ours=$(printf '%s\n' "$table" | grep -c -e "^-A IPTFLEET-" -e "^-A [A-Z-]* .*-j IPTFLEET-")
		docker=$(printf '%s\n' "$table" | grep -c '^-A DOCKER')
		policy=$(printf '%s\n' "$table" | sed -n 's/^:INPUT \([A-Z]*\) .*/\1/p')
		if printf '%s\n' "$table" | grep -q "^-A INPUT -j $CH_INPUT\$"; then
			say "$(family_name "$f"): active (INPUT policy $policy, $ours rules of ours, $docker rules in DOCKER chains)"
		else
			say "$(family_name "$f"): not active (INPUT policy ${policy:-?}, $docker rules in DOCKER chains)"
			if [ "$f" = 4 ] || [ "$IPV6" = 1 ]; then active=0; fi
		fi
	done
	say "backups: $(backups | awk -F- '{ print $1 }' | uniq | wc -l | tr -d ' ') in $BACKUP_DIR, newest: $(backups | head -n 1)"
	[ "$active" = 1 ] || exit 3
}

case ${1:-} in
start | restart) run start ;;
stop) run stop ;;
check) run check ;;
preview) run preview ;;
status) status ;;
*)
	echo "usage: $0 start|stop|restart|check|preview|status" >&2
	exit 2
	;;
esac
