#!/bin/sh
# An inventory script with _meta.hostvars: never called with --host.
case "$1" in
--list) cat <<'JSON'
{
    "web": {"hosts": ["web1", "web2"], "vars": {"http_port": 80, "ratio": 2.0}, "children": ["canary"]},
    "canary": ["web3"],
    "db": {"hosts": ["db1"]},
    "solo": {"only_var": "a host named like its group"},
    "prod": {"children": ["web", "db"], "vars": {"env": "prod"}},
    "_meta": {"hostvars": {"web1": {"ansible_host": "10.0.0.1", "tags": ["a", "b"]}, "db1": {"ansible_port": 2222}, "ghost": {"x": 1}}}
}
JSON
;;
--host) echo "called with --host" >&2; exit 3 ;;
*) exit 2 ;;
esac
