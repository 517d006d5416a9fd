#!/bin/sh
# SSH transport benchmark: IptFleetSSH (libssh2) against OpenSSH's ssh, side by side, on one
# private sshd on 127.0.0.1. Needs root, openssh-server, openssh-client.
# Usage: [COMPARE_LIBSSH2=1] Benchmarks/ssh/run.sh [hosts] [rounds]   (defaults: 50 hosts, 5 rounds)
set -eu
HOSTS=${1:-50}
ROUNDS=${2:-5}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d /tmp/iptfleet-ssh-bench.XXXXXX)
SSHD_PID=
cleanup() {
    [ -n "$SSHD_PID" ] && kill "$SSHD_PID" 2>/dev/null && wait "$SSHD_PID" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

mkdir -p /run/sshd
# Log in as a plain /bin/sh account: root's shell start-up files (pyenv init on some machines)
# would be measured on every session otherwise, and dominate under load.
BENCH_USER=iptfleet-bench
id "$BENCH_USER" >/dev/null 2>&1 || useradd --no-create-home --home-dir / --shell /bin/sh "$BENCH_USER"
# "*": no password, but not locked ("!"), which sshd without PAM refuses even for a key.
usermod -p "*" --home / "$BENCH_USER"
chmod 755 "$WORK"
ssh-keygen -q -t ed25519 -N '' -f "$WORK/host_ed25519"
ssh-keygen -q -t ed25519 -N '' -f "$WORK/id_ed25519"
cp "$WORK/id_ed25519.pub" "$WORK/authorized_keys"
chmod 644 "$WORK/authorized_keys"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat > "$WORK/sshd_config" <<CONFIG
Port $PORT
ListenAddress 127.0.0.1
HostKey $WORK/host_ed25519
PidFile none
AuthorizedKeysFile $WORK/authorized_keys
StrictModes no
PermitRootLogin yes
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
MaxStartups 200
LogLevel ERROR
CONFIG
echo "[127.0.0.1]:$PORT $(cut -d' ' -f1,2 "$WORK/host_ed25519.pub")" > "$WORK/known_hosts"
/usr/sbin/sshd -D -f "$WORK/sshd_config" -E "$WORK/sshd.log" &
SSHD_PID=$!
i=0
until python3 -c "import socket; socket.create_connection(('127.0.0.1', $PORT), 1)" 2>/dev/null; do
    i=$((i + 1)); [ $i -lt 100 ] || { echo "sshd did not start"; cat "$WORK/sshd.log"; exit 1; }; sleep 0.05
done

cd "$ROOT"
swift build -c release --product ssh-bench --scratch-path "${SCRATCH:-.build-ssh}" >/dev/null
BIN=$(swift build -c release --product ssh-bench --scratch-path "${SCRATCH:-.build-ssh}" --show-bin-path)/ssh-bench
echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'); $(ssh -V 2>&1); system libssh2 package $(dpkg-query -W -f="\${Version}" libssh2-1 2>/dev/null)"
"$BIN" --port "$PORT" --key "$WORK/id_ed25519" --known-hosts "$WORK/known_hosts" --user "$BENCH_USER" --hosts "$HOSTS" --rounds "$ROUNDS"

# COMPARE_LIBSSH2=1: also the same IptFleetSSH scenarios linked against the system's libssh2
# (Debian 12: 1.10) beside the libssh2 the build uses (1.11.1 from .build-deps/), in the same run
# against the same sshd, alternating which goes first in each round. The 1.10 build comes from a
# copy of this tree without .build-deps/ (so Package.swift takes the system library), kept in
# .build-ssh-libssh2-system/ for the next run.
[ "${COMPARE_LIBSSH2:-0}" = 1 ] || exit 0
BASE="$ROOT/.build-ssh-libssh2-system"
mkdir -p "$BASE/src"
tar -C "$ROOT" -cf - Package.swift Sources Tests Benchmarks $( [ -f "$ROOT/Package.resolved" ] && echo Package.resolved ) | tar -C "$BASE/src" -xf -
(cd "$BASE/src" && swift build -c release --product ssh-bench --scratch-path "$BASE/build" >/dev/null)
BIN_SYSTEM=$(cd "$BASE/src" && swift build -c release --product ssh-bench --scratch-path "$BASE/build" --show-bin-path)/ssh-bench
echo "libssh2 comparison: $HOSTS sessions per sample, $ROUNDS rounds, the two builds alternating"
: > "$WORK/compare"
r=0
while [ $r -lt "$ROUNDS" ]; do
    if [ $((r % 2)) -eq 0 ]; then order="$BIN $BIN_SYSTEM"; else order="$BIN_SYSTEM $BIN"; fi
    for bin in $order; do
        "$bin" --port "$PORT" --key "$WORK/id_ed25519" --known-hosts "$WORK/known_hosts" --user "$BENCH_USER" --hosts "$HOSTS" --rounds 1 --library-only yes >> "$WORK/compare"
    done
    r=$((r + 1))
done
python3 - "$WORK/compare" "$HOSTS" <<'PY'
import statistics, sys
samples, version = {}, None
for line in open(sys.argv[1]):
    if line.startswith("libssh2 "):
        version = line.split()[1]
    elif line.startswith("iptfleet "):
        mode = line.split()[1]
        samples.setdefault((version, mode), []).append(float(line.split()[-1]))
versions = sorted({v for v, _ in samples})
hosts = int(sys.argv[2])
print("| libssh2 | scenario | median [s] | per session [ms] | samples [s] |")
print("|:---|:---|---:|---:|:---|")
for mode in ("sequential", "concurrent"):
    for v in versions:
        values = samples[(v, mode)]
        m = statistics.median(values)
        print(f"| {v} | {mode} | {m:.2f} | {m * 1000 / hosts:.0f} | {' '.join(f'{x:.2f}' for x in values)} |")
old, new = versions[0], versions[-1]
for mode in ("sequential", "concurrent"):
    ratio = statistics.median(samples[(new, mode)]) / statistics.median(samples[(old, mode)])
    print(f"ratio {mode} ({new} median / {old} median): {ratio:.2f}")
PY
