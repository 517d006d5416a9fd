"""The pyinfra side of Benchmarks/deploy/run.sh.

Installs the files `iptfleet render` wrote for each host (rendered_dir/HOST/<remote path>) and
keeps the unit enabled and running; daemon-reloads and restarts it only when a file changed.

    pyinfra -y --parallel 20 --data rendered_dir=DIR INVENTORY Benchmarks/deploy/pyinfra_deploy.py
"""

from pyinfra import host
from pyinfra.operations import files, systemd
from pyinfra.operations.util import any_changed

UNIT = "iptables-docker.service"
rendered = f"{host.data.rendered_dir}/{host.name}"

script = files.put(
    name="Firewall script",
    src=f"{rendered}/usr/local/sbin/iptables-docker.sh",
    dest="/usr/local/sbin/iptables-docker.sh",
    user="root",
    group="root",
    mode="700",
)
unit = files.put(
    name="Systemd unit",
    src=f"{rendered}/etc/systemd/system/{UNIT}",
    dest=f"/etc/systemd/system/{UNIT}",
    user="root",
    group="root",
    mode="644",
)
# The conditions are evaluated when the operations run (after both puts). On a change: reload
# systemd if the unit file changed, then start the unit (not running) or restart it (running).
# Without a change: only make sure it is enabled and running.
changed = any_changed(script, unit)
systemd.daemon_reload(name="Reload systemd", _if=unit.did_change)
systemd.service(
    name="Restart firewall",
    service=UNIT,
    running=True,
    restarted=True,
    enabled=True,
    _if=changed,
)
systemd.service(
    name="Firewall unit enabled and running",
    service=UNIT,
    running=True,
    enabled=True,
    _if=lambda: not changed(),
)
