#!/usr/bin/env python3
"""An old-style inventory script without _meta: Ansible asks for each host with --host."""
import json
import sys

GROUPS = {"fw": {"hosts": ["fw1", "fw2"], "vars": {"policy": "drop"}}, "edge": ["fw2", "edge9"]}
HOSTS = {"fw1": {"ansible_host": "198.51.100.1", "open_ports": [22, 443]}, "fw2": {}, "edge9": {"zone": "Zürich"}}

if sys.argv[1:] == ["--list"]:
    print(json.dumps(GROUPS))
elif len(sys.argv) == 3 and sys.argv[1] == "--host":
    print(json.dumps(HOSTS.get(sys.argv[2], {})))
else:
    sys.exit("usage: inventory.py --list | --host NAME")
