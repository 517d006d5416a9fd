#!/bin/sh
# SSH transport benchmark: IptFleetSSH (libssh2) against OpenSSH's ssh, side by side, on one
# private sshd on 127.0.0.1. Needs root, openssh-server, openssh-client.
# Usage: Benchmarks/ssh/run.sh [hosts] [rounds]      (defaults: 50 hosts, 5 rounds)
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
ssh-keygen -q -t ed25519 -N '' -f "$WORK/host_ed25519"
ssh-keygen -q -t ed25519 -N '' -f "$WORK/id_ed25519"
cp "$WORK/id_ed25519.pub" "$WORK/authorized_keys"
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
echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'); $(ssh -V 2>&1); libssh2 $(dpkg-query -W -f='${Version}' libssh2-1 2>/dev/null)"
"$BIN" --port "$PORT" --key "$WORK/id_ed25519" --known-hosts "$WORK/known_hosts" --hosts "$HOSTS" --rounds "$ROUNDS"
