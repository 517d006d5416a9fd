#!/bin/sh
# The upstream way of applying a firewall, for comparison: save a backup, flush, then one
# iptables process per policy, chain and rule (upstream iptables-docker.sh runs `$IPT -A ...`
# for each of its rules after flushing). Reads a complete ruleset in iptables-save format and
# ends in exactly that state, so it can be timed against iptables-docker.sh start.
#
#   one-process-per-rule.sh IPTABLES RULESET BACKUP
#     IPTABLES  iptables-nft or iptables-legacy;  RULESET  iptables-save output;  BACKUP  file
set -eu
ipt=$1
ruleset=$2
"$ipt-save" -c >"$3"
sed -n 's/^\*//p' "$ruleset" | while read -r table; do
	"$ipt" -t "$table" -F
	"$ipt" -t "$table" -X
	"$ipt" -t "$table" -Z
done
table=
while IFS= read -r line; do
	case $line in
	\**) table=${line#\*} ;;
	:*)
		chain=${line#:}
		policy=${chain#* }
		chain=${chain%% *}
		policy=${policy%% *}
		if [ "$policy" = - ]; then "$ipt" -t "$table" -N "$chain"; else "$ipt" -t "$table" -P "$chain" "$policy"; fi
		;;
	-A*) eval "\"\$ipt\" -t \"\$table\" $line" ;;
	esac
done <"$ruleset"
