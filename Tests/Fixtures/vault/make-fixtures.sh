#!/usr/bin/env bash
# Regenerates the vault fixtures of this directory with the real ansible-vault (ansible-core
# from Scripts/ansible-venv). Each run makes new ciphertexts (random salts); the tests only
# need the passwords and plaintexts below to stay the same.
set -euo pipefail
cd "$(dirname "$0")"
VAULT="$(dirname "$(../../../Scripts/ansible-venv)")/ansible-vault"
SCRATCH="$(mktemp -d)"; trap 'rm -rf "$SCRATCH"' EXIT
touch "$SCRATCH/ansible.cfg"
export PYTHONWARNINGS=ignore ANSIBLE_CONFIG="$SCRATCH/ansible.cfg"

printf 'iptfleet-test-default\n' > password-default
printf 'iptfleet-test-prod\n' > password-prod
printf 'iptfleet-test-dev\n' > password-dev

# Whole files, format 1.1 (no vault id) and 1.2 (vault id prod).
printf 'db_password: hunter2-file-1.1\nssh_allow_cidr: 10.11.0.0/16\n' > vars-1.1.yml
"$VAULT" encrypt --vault-password-file password-default vars-1.1.yml
printf 'db_password: hunter2-file-1.2\nssh_allow_cidr: 10.12.0.0/16\n' > vars-1.2-prod.yml
"$VAULT" encrypt --vault-id prod@password-prod vars-1.2-prod.yml

# Inline values (encrypt_string), one per password.
{
    echo "plain_value: not a secret"
    "$VAULT" encrypt_string --vault-password-file password-default 'inline secret 1.1' --name secret_default
    "$VAULT" encrypt_string --vault-id prod@password-prod 'inline secret prod' --name secret_prod
    "$VAULT" encrypt_string --vault-id dev@password-dev 'inline secret dev' --name secret_dev
} > inline.yml

# Inline values of variables iptfleet uses (the command-line tests' project), and one whose
# decrypted value is not valid (the error must not show it).
{
    "$VAULT" encrypt_string --vault-id prod@password-prod '10.20.0.0/16' --name ssh_allow_cidr
    "$VAULT" encrypt_string --vault-password-file password-default 'become-secret-inline' --name ansible_become_password
} > inline-used.yml
"$VAULT" encrypt_string --vault-password-file password-default 'backend-secret-value' --name iptables_backend > inline-bad-backend.yml

# The inventory-compatibility cases: inline values (no password needed to list them) and a
# vault-encrypted group_vars file (listed with password-default).
CASES=../inventories
{
    echo "web_plain: hello"
    "$VAULT" encrypt_string --vault-password-file password-default 'web secret 1.1' --name web_secret
    "$VAULT" encrypt_string --vault-id prod@password-prod 'web secret prod' --name web_prod_secret
    echo "nested:"
    echo "  - name: first"
    "$VAULT" encrypt_string --vault-password-file password-default 'nested secret' --name token | sed '1s/^/    /'
} > "$CASES/42-inline-vault/group_vars/web.yml"
# JSON's form of an encrypted value, which Ansible's JSON decoder reads as one.
printf 'json secret' > "$SCRATCH/plain"
"$VAULT" encrypt --vault-password-file password-default "$SCRATCH/plain"
python3 -c 'import json, sys; print(json.dumps({"db_token": {"__ansible_vault": open(sys.argv[1]).read()}}, indent=2))' "$SCRATCH/plain" \
    > "$CASES/42-inline-vault/group_vars/db.json"
printf 'db_secret: file secret\nssh_allow_cidr: 10.9.0.0/16\n' > "$CASES/43-vault-file/group_vars/db.yml"
"$VAULT" encrypt --vault-password-file password-default "$CASES/43-vault-file/group_vars/db.yml"
cp password-default "$CASES/43-vault-file/vault-password"

# Vault-encrypted inventories, YAML and INI (Ansible's yaml and ini plugins decrypt them).
printf 'all:\n  children:\n    web:\n      hosts:\n        w1:\n          token: yaml inventory secret\n' > "$CASES/44-vault-inventory/hosts.yml"
"$VAULT" encrypt --vault-id prod@password-prod "$CASES/44-vault-inventory/hosts.yml"
printf '[db]\nd1 x=1 token="ini inventory secret"\n' > "$CASES/44-vault-inventory/hosts.ini"
"$VAULT" encrypt --vault-id prod@password-prod "$CASES/44-vault-inventory/hosts.ini"
printf 'hosts.yml\nhosts.ini\n' > "$CASES/44-vault-inventory/sources"
cp password-prod "$CASES/44-vault-inventory/vault-password"

# Bad-input corpus cases: a vault file cut short, and one opened with a wrong password.
head -3 vars-1.1.yml > ../bad-inputs/80-vault-truncated/group_vars/all.yml
cp vars-1.1.yml ../bad-inputs/82-vault-wrong-password/group_vars/all.yml
