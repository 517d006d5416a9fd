#!/usr/bin/env bash
# Fleet deploy benchmark (issue 5): `iptfleet deploy` against ansible-playbook (playbook.yml,
# builtin copy + systemd) and pyinfra (pyinfra_deploy.py, files.put + systemd.service) on the
# same lab hosts: a first install on clean hosts and an immediate no-change re-run, for 20 and
# 50 hosts. README: see Docs/benchmarks.md, section "Fleet deploy".
#
#   sudo Benchmarks/deploy/run.sh [SIZES...]        (default sizes: 20 50)
#
# Per size N: `Scripts/lab up N --name benchN`; the files are rendered once per host with
# `iptfleet render all --out` and all three tools install exactly those files. Then REPS rounds;
# in each round every tool (order rotated per round) does: install (timed) → check every host
# (unit active, INPUT policy DROP, both files with the rendered sha256, owner and mode) →
# no-change run (timed) → check the unit was not restarted → reset (iptfleet uninstall, remove
# /var/lib/iptables-docker and ~/.ansible) → check every host is clean again. Every run starts
# cold: no SSH connection survives from one run to the next (Ansible's ControlPersist masters are
# closed after each run). Every run uses FORKS and strict host-key checking with the lab's
# known_hosts. Round trips: sshd on every host logs at VERBOSE, and after each run the script
# counts per host the TCP connections, public-key auth queries, exec sessions and sftp sessions
# in the run's time window; tcpdump on the lab bridge records the first host's traffic, from
# which the client→server "flights" that waited for the server are counted (= round trips).
# Wall time and peak RSS come from /usr/bin/time -v. The lab is always taken down.
#
# Environment:
#   IPTFLEET         iptfleet binary (default: .build-release/release/iptfleet)
#   REPS             rounds per size (default 3; the table gives medians)
#   FORKS            parallel hosts for every tool (default 20)
#   TOOLS            subset/order of "iptfleet ansible pyinfra"
#   RESULTS          output directory (default: a new /tmp/iptfleet-deploy-bench.XXXXXX)
#   PYINFRA_VENV     default ~/.cache/iptfleet/pyinfra-venv (created, pyinfra==PYINFRA_VERSION)
#   PYINFRA_VERSION  default 3.10.0
#   ANSIBLE: from Scripts/ansible-venv (ansible-core 2.19.14)
#
# Needs: root, the lab's packages (Docs/lab.md), time, tcpdump, python3-venv (Debian).
set -euo pipefail
export LC_ALL=C.UTF-8   # Ansible refuses a non-UTF-8 locale

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
LAB="$ROOT/Scripts/lab"
IPTFLEET="$(readlink -f "${IPTFLEET:-$ROOT/.build-release/release/iptfleet}")"
REPS="${REPS:-3}"
FORKS="${FORKS:-20}"
read -r -a TOOLS <<<"${TOOLS:-iptfleet ansible pyinfra}"
PYINFRA_VENV="${PYINFRA_VENV:-$HOME/.cache/iptfleet/pyinfra-venv}"
PYINFRA_VERSION="${PYINFRA_VERSION:-3.10.0}"
BRIDGE="${IPTFLEET_LAB_BRIDGE:-iptflbr0}"
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(20 50)

SCRIPT_PATH=/usr/local/sbin/iptables-docker.sh
UNIT=iptables-docker.service
UNIT_PATH=/etc/systemd/system/$UNIT

log() { printf 'bench: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

[ "$(id -u)" = 0 ] || die "needs root (the lab, tcpdump)"
[ -x "$IPTFLEET" ] || die "no iptfleet at $IPTFLEET (swift build -c release --scratch-path .build-release --product iptfleet)"
[ -x /usr/bin/time ] || die "/usr/bin/time is missing (apt-get install time)"
command -v tcpdump >/dev/null || die "tcpdump is missing (apt-get install tcpdump)"

# --- tools -------------------------------------------------------------------------------------
ANSIBLE_PLAYBOOK="$(dirname "$("$ROOT/Scripts/ansible-venv")")/ansible-playbook"
[ -x "$ANSIBLE_PLAYBOOK" ] || die "no ansible-playbook next to Scripts/ansible-venv's ansible-inventory"
PYINFRA="$PYINFRA_VENV/bin/pyinfra"
if ! "$PYINFRA_VENV/bin/python" -c "import importlib.metadata as m, sys; sys.exit(m.version('pyinfra') != '$PYINFRA_VERSION')" 2>/dev/null; then
    log "installing pyinfra==$PYINFRA_VERSION into $PYINFRA_VENV"
    [ -x "$PYINFRA_VENV/bin/python" ] || python3 -m venv "$PYINFRA_VENV"
    "$PYINFRA_VENV/bin/python" -m pip install --quiet --disable-pip-version-check "pyinfra==$PYINFRA_VERSION" >&2
fi

RESULTS="${RESULTS:-$(mktemp -d /tmp/iptfleet-deploy-bench.XXXXXX)}"
mkdir -p "$RESULTS"
RESULTS="$(cd "$RESULTS" && pwd)"
TSV="$RESULTS/results.tsv"
[ -f "$TSV" ] || printf 'hosts\ttool\trep\tphase\tseconds\tmaxrss_kb\tload1\tconns\tauth_queries\texecs\tsftp\tround_trips_host1\tconnections_host1\n' >"$TSV"

# --- cleanup: only what this script started ----------------------------------------------------
LABS_UP=()
TCPDUMP_PID=""
CP_DIRS=()
close_masters() { # close Ansible's ControlPersist masters under a control-path dir
    local s
    for s in "$1"/*; do
        if [ -S "$s" ]; then ssh -o ControlPath="$s" -O exit lab-control >/dev/null 2>&1 || true; fi
    done
}
cleanup() {
    local rc=$? name dir
    trap - EXIT INT TERM
    if [ -n "$TCPDUMP_PID" ]; then kill "$TCPDUMP_PID" 2>/dev/null || true; fi
    for dir in "${CP_DIRS[@]}"; do close_masters "$dir"; done
    for name in "${LABS_UP[@]}"; do "$LAB" down --name "$name" >&2 || log "lab down --name $name failed"; done
    [ "$rc" = 0 ] || log "failed (exit $rc); results so far in $RESULTS"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- helpers -----------------------------------------------------------------------------------
HOSTS=()
ADDRS=()
SSH_OPTS=()

# on_all DIR CMD: run CMD on every host at once (the lab's ssh_config); output in DIR/HOST.
on_all() {
    local dir=$1 cmd=$2 h p pids=() rc=0
    rm -rf "$dir" && mkdir -p "$dir"
    for h in "${HOSTS[@]}"; do
        # shellcheck disable=SC2029 # cmd is built here on purpose
        ssh "${SSH_OPTS[@]}" "$h" "$cmd" >"$dir/$h" 2>&1 &
        pids+=("$!")
    done
    for p in "${pids[@]}"; do wait "$p" || rc=1; done
    return "$rc"
}

# seconds and peak RSS from a /usr/bin/time -v report
elapsed() { awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, a, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + a[i]; printf "%.2f", s }' "$1"; }
maxrss() { awk -F': ' '/Maximum resident set size/ { print $2 }' "$1"; }

# Expected state of a host after an install: "active|-P INPUT DROP|sha mode owner group|…".
expected_state() {
    local h=$1 dir="$RENDERED/$1"
    printf 'active|-P INPUT DROP|%s 700 root root|%s 644 root root\n' \
        "$(sha256sum <"$dir$SCRIPT_PATH" | cut -c1-64)" "$(sha256sum <"$dir$UNIT_PATH" | cut -c1-64)"
}
STATE_CMD="printf '%s|%s|%s %s|%s %s|%s\n' \"\$(systemctl is-active $UNIT)\" \"\$(iptables -S INPUT | head -1)\" \
\"\$(sha256sum < $SCRIPT_PATH | cut -c1-64)\" \"\$(stat -c '%a %U %G' $SCRIPT_PATH)\" \
\"\$(sha256sum < $UNIT_PATH | cut -c1-64)\" \"\$(stat -c '%a %U %G' $UNIT_PATH)\" \
\"\$(systemctl show -p ActiveEnterTimestampMonotonic --value $UNIT)\""

# verify_installed TAG: every host has the rendered files, the unit active and INPUT DROP; keeps
# each host's unit start time in $RESULTS/state-TAG/HOST.
verify_installed() {
    local tag=$1 h got want bad=0
    on_all "$WORK/state-$tag" "$STATE_CMD" || true
    for h in "${HOSTS[@]}"; do
        got="$(cat "$WORK/state-$tag/$h")"
        want="$(expected_state "$h")"
        if [ "${got%|*}" != "$want" ]; then log "$h after $tag: got '$got', want '$want|…'"; bad=1; fi
    done
    [ "$bad" = 0 ] || die "$tag did not install the firewall on every host"
}

# verify_unchanged TAG_BEFORE TAG_AFTER: same state and the unit was not restarted in between.
verify_unchanged() {
    local h bad=0
    verify_installed "$2"
    for h in "${HOSTS[@]}"; do
        if ! cmp -s "$WORK/state-$1/$h" "$WORK/state-$2/$h"; then
            log "$h: changed by the no-change run: $(cat "$WORK/state-$1/$h") → $(cat "$WORK/state-$2/$h")"
            bad=1
        fi
    done
    [ "$bad" = 0 ] || die "$2: the no-change run changed or restarted something"
}

CLEAN_CMD="if [ -e $SCRIPT_PATH ] || [ -e $UNIT_PATH ] || [ -e /var/lib/iptables-docker ] || [ -e /root/.ansible ]; then echo files-left; \
elif systemctl is-active --quiet $UNIT; then echo unit-active; \
elif iptables-save | grep -q -e '^-A' -e '^:[A-Z]* DROP'; then echo iptables-rules-left; \
elif ip6tables-save | grep -q -e '^-A' -e '^:[A-Z]* DROP'; then echo ip6tables-rules-left; \
else echo clean; fi"

verify_clean() {
    local h bad=0
    on_all "$WORK/clean" "$CLEAN_CMD" || true
    for h in "${HOSTS[@]}"; do
        if [ "$(cat "$WORK/clean/$h")" != clean ]; then log "$h not clean: $(cat "$WORK/clean/$h")"; bad=1; fi
    done
    [ "$bad" = 0 ] || die "hosts are not clean before an install"
}

# reset: back to a clean host whatever installed the firewall.
reset_hosts() {
    "$IPTFLEET" uninstall -i "$lab/hosts.ini" --known-hosts "$lab/known_hosts" -f "$FORKS" >"$WORK/uninstall.log" 2>&1 ||
        die "iptfleet uninstall failed: $(tail -5 "$WORK/uninstall.log")"
    on_all "$WORK/rm" "rm -rf /var/lib/iptables-docker /root/.ansible" || die "cleaning the hosts failed"
    verify_clean
}

# count_sessions T0 T1: per host, from sshd's VERBOSE log in [T0, T1]: connections, public-key
# queries ("Postponed publickey"), exec sessions, sftp sessions. Prints "conns auth execs sftp",
# each the value every host had, or MIN-MAX when they differed.
count_sessions() {
    local t0=$1 t1=$2
    on_all "$WORK/sessions" "journalctl -u ssh -o cat --since @$t0 --until @$t1 | awk '
        /^Connection from/ { c++ } /^Postponed publickey/ { q++ }
        /^Starting session: command/ { e++ } /^Starting session: subsystem/ { s++ }
        END { print c + 0, q + 0, e + 0, s + 0 }'" || die "reading sshd logs failed"
    cat "$WORK"/sessions/* | awk '
        { for (i = 1; i <= 4; i++) { if (NR == 1 || $i < lo[i]) lo[i] = $i; if (NR == 1 || $i > hi[i]) hi[i] = $i } }
        END { for (i = 1; i <= 4; i++) printf "%s%s", (lo[i] == hi[i] ? lo[i] : lo[i] "-" hi[i]), (i < 4 ? "\t" : "\n") }'
}

# Round trips of the first host in a capture: per TCP connection, the runs of packets that carry
# data (or SYN) in one direction; every client run answered by a server run is one round trip.
# Prints "round_trips connections".
round_trips() {
    tcpdump -r "$1" -nn -tt 2>/dev/null | awk -v ctl="$2" '
        / IP / {
            src = $3; dst = $5; sub(/:$/, "", dst)
            len = 0; if (match($0, /length [0-9]+/)) len = substr($0, RSTART + 7, RLENGTH - 7) + 0
            syn = ($0 ~ /Flags \[S/)
            if (len == 0 && !syn) next
            client = (index(src, ctl ".") == 1)
            key = client ? src : dst
            if (!(key in last)) { conns++ }
            if (last[key] != (client ? "c" : "s")) {
                if (!client && last[key] == "c") rt++
                last[key] = client ? "c" : "s"
            }
        }
        END { print rt + 0, conns + 0 }'
}

# timed_run N TOOL REP PHASE: one timed run of TOOL, with the session count and capture.
timed_run() {
    local n=$1 tool=$2 rep=$3 phase=$4 tag="$1-$2-$3-$4" t0 t1 load cp secs rss sessions rt
    local -a cmd
    case "$tool" in
        iptfleet) cmd=("$IPTFLEET" deploy -i "$lab/hosts.ini" --known-hosts "$lab/known_hosts" -f "$FORKS") ;;
        ansible)
            cp="$WORK/cp-$tag"
            mkdir -p "$cp"
            CP_DIRS+=("$cp")
            cmd=(env ANSIBLE_PIPELINING=True ANSIBLE_SSH_CONTROL_PATH_DIR="$cp" "$ANSIBLE_PLAYBOOK"
                -i "$lab/hosts.ini" -f "$FORKS" -e "rendered_dir=$RENDERED"
                -e ansible_python_interpreter=/usr/bin/python3 "$HERE/playbook.yml") ;;
        pyinfra) cmd=("$PYINFRA" -y --parallel "$FORKS" --user root --key "$lab/id_ed25519"
                --data "ssh_known_hosts_file=$lab/known_hosts" --data ssh_strict_host_key_checking=yes
                --data "rendered_dir=$RENDERED" "$WORK/inventory.py" "$HERE/pyinfra_deploy.py") ;;
        *) die "unknown tool $tool" ;;
    esac
    tcpdump -i "$BRIDGE" -nn -U --immediate-mode -w "$WORK/$tag.pcap" "host ${ADDRS[0]} and tcp port 22" 2>"$WORK/tcpdump.log" &
    TCPDUMP_PID=$!
    for _ in $(seq 50); do grep -q listening "$WORK/tcpdump.log" && break; sleep 0.1; done
    sleep 1
    load="$(cut -d' ' -f1 /proc/loadavg)"
    t0=$EPOCHREALTIME
    if ! /usr/bin/time -v -o "$RESULTS/$tag.time" "${cmd[@]}" >"$RESULTS/$tag.log" 2>&1; then
        tail -20 "$RESULTS/$tag.log" >&2
        die "$tool $phase on $n hosts failed (log: $RESULTS/$tag.log)"
    fi
    t1=$EPOCHREALTIME
    sleep 0.5
    kill "$TCPDUMP_PID" 2>/dev/null || true
    wait "$TCPDUMP_PID" 2>/dev/null || true
    TCPDUMP_PID=""
    if [ "$tool" = ansible ]; then close_masters "$cp"; fi
    secs="$(elapsed "$RESULTS/$tag.time")"
    rss="$(maxrss "$RESULTS/$tag.time")"
    sessions="$(count_sessions "$t0" "$t1")"
    rt="$(round_trips "$WORK/$tag.pcap" "$CONTROLLER" | tr ' ' '\t')"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$tool" "$rep" "$phase" "$secs" "$rss" "$load" "$sessions" "$rt" >>"$TSV"
    log "$n hosts, $tool, round $rep, $phase: ${secs}s, peak RSS ${rss} KB, load $load; per host conns/auth-queries/execs/sftp: $(echo "$sessions" | tr '\t' ' '); host 1 round trips/connections: $(echo "$rt" | tr '\t' ' ')"
}

# The reference: N parallel `ssh HOST true` with OpenSSH's defaults (the lab's ssh_config).
ssh_true() {
    local n=$1 rep=$2 h p secs load t0 pids=()
    load="$(cut -d' ' -f1 /proc/loadavg)"
    t0=$EPOCHREALTIME
    for h in "${HOSTS[@]}"; do
        ssh -F "$lab/ssh_config" "$h" true &
        pids+=("$!")
    done
    for p in "${pids[@]}"; do wait "$p" || die "ssh $h true failed"; done
    secs="$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", b - a }')"
    printf '%s\tssh-true\t%s\trun\t%s\t\t%s\t\t\t\t\t\t\n' "$n" "$rep" "$secs" "$load" >>"$TSV"
    log "$n hosts, $n parallel ssh true: ${secs}s"
}

# The floor on these hosts: `iptfleet ping` connects, logs in and runs `id -un` on every host,
# nothing else. No tool that opens one SSH session per host can be faster than that here.
ping_floor() {
    local n=$1 rep=$2 load
    load="$(cut -d' ' -f1 /proc/loadavg)"
    /usr/bin/time -v -o "$RESULTS/$n-ping-$rep.time" "$IPTFLEET" ping -i "$lab/hosts.ini" --known-hosts "$lab/known_hosts" -f "$FORKS" \
        >"$RESULTS/$n-ping-$rep.log" 2>&1 || die "iptfleet ping failed (log: $RESULTS/$n-ping-$rep.log)"
    printf '%s\tiptfleet-ping\t%s\trun\t%s\t%s\t%s\t\t\t\t\t\t\n' "$n" "$rep" "$(elapsed "$RESULTS/$n-ping-$rep.time")" \
        "$(maxrss "$RESULTS/$n-ping-$rep.time")" "$load" >>"$TSV"
    log "$n hosts, iptfleet ping: $(elapsed "$RESULTS/$n-ping-$rep.time")s"
}

# --- the benchmark -----------------------------------------------------------------------------
{
    echo "date: $(date -u +%FT%TZ)"
    echo "nproc: $(nproc)"
    lscpu | grep 'Model name' || true
    echo "iptfleet: $IPTFLEET ($(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?'))"
    echo "ansible: $("$ANSIBLE_PLAYBOOK" --version | sed -n 1p)"
    echo "pyinfra: $("$PYINFRA" --version)"
    echo "openssh: $(ssh -V 2>&1)"
    echo "sizes: ${SIZES[*]}  reps: $REPS  forks: $FORKS  tools: ${TOOLS[*]}"
} | tee "$RESULTS/machine.txt" >&2

for n in "${SIZES[@]}"; do
    name="bench$n"
    if "$LAB" path --name "$name" >/dev/null 2>&1; then die "a lab '$name' is already up (not ours; not touching it)"; fi
    LABS_UP+=("$name")
    lab="$("$LAB" up "$n" --name "$name")"
    WORK="$RESULTS/work-$n"
    mkdir -p "$WORK"
    mapfile -t HOSTS < <(awk '/ ansible_host=/ { print $1 }' "$lab/hosts.ini")
    mapfile -t ADDRS < <(awk '/ ansible_host=/ { sub(/.*ansible_host=/, ""); print $1 }' "$lab/hosts.ini")
    [ "${#HOSTS[@]}" = "$n" ] || die "lab $name has ${#HOSTS[@]} hosts, not $n"
    CONTROLLER="${ADDRS[0]%.*}.1"
    SSH_OPTS=(-F "$lab/ssh_config" -o KexAlgorithms=curve25519-sha256 -o ConnectTimeout=10)

    # The files, rendered once per host; all tools install these.
    RENDERED="$WORK/rendered"
    /usr/bin/time -v -o "$RESULTS/$n-render.time" "$IPTFLEET" render all -i "$lab/hosts.ini" --out "$RENDERED" >"$WORK/render.log" 2>&1 ||
        die "render failed: $(cat "$WORK/render.log")"
    log "iptfleet render all ($n hosts): $(elapsed "$RESULTS/$n-render.time")s wall, $(awk -F': ' '/User time/ { print $2 }' "$RESULTS/$n-render.time")s user CPU"
    python3 - "$lab/hosts.ini" >"$WORK/inventory.py" <<'PY'
import re, sys
hosts = [(m.group(1), {"ssh_hostname": m.group(2)})
         for m in (re.match(r"^(\S+) ansible_host=(\S+)", line) for line in open(sys.argv[1])) if m]
print("lab = " + repr(hosts))
PY
    # sshd logs every session (for the counts); then let the hosts settle.
    on_all "$WORK/loglevel" "echo 'LogLevel VERBOSE' > /etc/ssh/sshd_config.d/90-bench-verbose.conf && systemctl reload ssh" ||
        die "cannot set sshd's LogLevel"
    # A reload makes sshd re-exec itself: wait until every host answers again.
    for try in $(seq 30); do
        if on_all "$WORK/answer" true; then break; fi
        [ "$try" -lt 30 ] || die "hosts do not answer SSH after the sshd reload"
        sleep 1
    done
    "$IPTFLEET" --help >/dev/null || true; "$ANSIBLE_PLAYBOOK" --version >/dev/null; "$PYINFRA" --version >/dev/null
    sleep 5
    verify_clean

    for ((rep = 1; rep <= REPS; rep++)); do
        ssh_true "$n" "$rep"
        ping_floor "$n" "$rep"
        for ((i = 0; i < ${#TOOLS[@]}; i++)); do
            tool="${TOOLS[$(((i + rep - 1) % ${#TOOLS[@]}))]}"
            timed_run "$n" "$tool" "$rep" install
            verify_installed "$n-$tool-$rep-install"
            sleep 2
            timed_run "$n" "$tool" "$rep" nochange
            verify_unchanged "$n-$tool-$rep-install" "$n-$tool-$rep-nochange"
            reset_hosts
            sleep 2
        done
    done
    "$LAB" down --name "$name" >&2
    LABS_UP=()
done

# --- summary -----------------------------------------------------------------------------------
python3 - "$TSV" >"$RESULTS/summary.md" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
def med(n, tool, phase):
    xs = [float(r["seconds"]) for r in rows if r["hosts"] == n and r["tool"] == tool and r["phase"] == phase]
    return (statistics.median(xs), xs) if xs else (None, [])
sizes = sorted({r["hosts"] for r in rows}, key=int)
print("| hosts | run | iptfleet [s] | ansible [s] | pyinfra [s] | ansible / iptfleet | pyinfra / iptfleet |")
print("|---:|:---|---:|---:|---:|---:|---:|")
for n in sizes:
    for phase, label in (("install", "install"), ("nochange", "no-change")):
        i, _ = med(n, "iptfleet", phase); a, _ = med(n, "ansible", phase); p, _ = med(n, "pyinfra", phase)
        f = lambda x: "–" if x is None else f"{x:.2f}"
        r = lambda x: "–" if x is None or i is None else f"{x / i:.1f}×"
        print(f"| {n} | {label} | {f(i)} | {f(a)} | {f(p)} | {r(a)} | {r(p)} |")
print()
for n in sizes:
    t, xs = med(n, "ssh-true", "run")
    if t is not None: print(f"{n} parallel `ssh HOST true`: median {t:.2f} s ({' '.join(f'{x:.2f}' for x in xs)})")
    t, xs = med(n, "iptfleet-ping", "run")
    p, _ = med(n, "pyinfra", "nochange"); a, _ = med(n, "ansible", "nochange")
    if t is not None:
        best = lambda x, name: "" if x is None else f"; {name} no-change / ping: {x / t:.1f}×"
        print(f"{n} hosts, `iptfleet ping` (the floor: connect, log in, one trivial command): median {t:.2f} s "
              f"({' '.join(f'{x:.2f}' for x in xs)}){best(a, 'ansible')}{best(p, 'pyinfra')}")
print()
print("| hosts | tool | run | samples [s] | peak RSS [MB] (max) | per host: TCP conns / auth queries / exec / sftp | round trips (host 1) |")
print("|---:|:---|:---|:---|---:|:---|---:|")
for n in sizes:
    for tool in ("iptfleet", "ansible", "pyinfra"):
        for phase in ("install", "nochange"):
            rs = [r for r in rows if r["hosts"] == n and r["tool"] == tool and r["phase"] == phase]
            if not rs: continue
            rss = max(int(r["maxrss_kb"]) for r in rs) / 1024
            counts = sorted({f'{r["conns"]} / {r["auth_queries"]} / {r["execs"]} / {r["sftp"]}' for r in rs})
            rts = sorted({r["round_trips_host1"] for r in rs})
            print(f"| {n} | {tool} | {phase} | {' '.join(r['seconds'] for r in rs)} | {rss:.1f} | {'; '.join(counts)} | {', '.join(rts)} |")
PY
cat "$RESULTS/summary.md"
log "results: $RESULTS"
