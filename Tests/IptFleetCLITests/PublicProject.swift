import Foundation
import Testing
import TestSupport

/// One way a public Ansible project of `Tests/Fixtures/public-projects/` is used: where its
/// users run Ansible and with which options (see the README there for where each project comes
/// from and what was added to it).
struct PublicProject: Sendable, CustomTestStringConvertible {
    static let corpus = Repository.fixture("public-projects")

    /// The name of the case (the project's directory, and a suffix when a project has several).
    let name: String
    /// Where the commands run, relative to the corpus: the project's own working directory.
    let directory: String
    /// `-i` sources, relative to `directory`; none when the project's ansible.cfg names its inventory.
    var sources: [String] = []
    /// `--playbook-dir`, relative to `directory`: where the project's playbooks live when that is
    /// not `directory`. The debug playbook of the variables comparison is put there.
    var playbookDirectory: String?
    /// `-e` arguments (`@file` relative to `directory`).
    var extraVars: [String] = []
    /// Environment the project's users set (`ANSIBLE_CONFIG`, `ANSIBLE_VAULT_PASSWORD_FILE`).
    var environment: [String: String] = [:]
    /// Hosts whose `--host` view is compared besides the first and the last.
    var hostsToView: [String] = []

    var testDescription: String { name }

    /// The project's copy in the corpus (the first component of `directory`).
    var projectRoot: String { Self.corpus + "/" + directory.split(separator: "/")[0] }

    /// The options both `ansible-inventory` and `iptfleet inventory`/`vars` get.
    var inventoryArguments: [String] {
        sources.flatMap { ["-i", $0] } + (playbookDirectory.map { ["--playbook-dir", $0] } ?? []) + extraVars.flatMap { ["-e", $0] }
    }


    static let all: [PublicProject] = [
        // An inventory script named by ansible.cfg (it reads group_vars/all/site-specific);
        // group_vars/all/ holds extension-less YAML files.
        PublicProject(name: "securedrop", directory: "securedrop/install_files/ansible-base"),
        // The same project's INI staging inventory: [g:children] and group_vars/<group>.yml.
        PublicProject(name: "securedrop-staging", directory: "securedrop/install_files/ansible-base", sources: ["inventory-staging"]),
        // ansible.cfg names the INI inventory; group_vars/all/ beside inventory and playbook;
        // secrets in a whole-file vault, referenced from plain vars with Jinja.
        PublicProject(name: "demo-site", directory: "demo-site", environment: ["ANSIBLE_VAULT_PASSWORD_FILE": "vault-password-for-tests"]),
        // A large INI inventory (children of children); the playbook directory's
        // group_vars/all/*.yml; the operator's globals.yml as -e @file with Jinja in the role's variables.
        PublicProject(name: "kolla-ansible", directory: "kolla-ansible", sources: ["ansible/inventory/multinode"], playbookDirectory: "ansible",
                      extraVars: ["@etc/kolla/globals.yml"], hostsToView: ["localhost"]),
        // ansible.cfg `inventory = ./inventory`; section headers with comments, quoted [all:vars],
        // IP addresses as host names; extension-less group_vars files.
        PublicProject(name: "postgresql_cluster", directory: "postgresql_cluster/automation"),
        // A YAML inventory with flow mappings; group_vars only beside the playbooks (metal/).
        PublicProject(name: "homelab", directory: "homelab/metal", sources: ["inventories/prod.yml"]),
        // INI with [g:vars]; group_vars/ beside inventory and playbook.
        PublicProject(name: "raspberry-pi-dramble", directory: "raspberry-pi-dramble", sources: ["inventory"]),
        // An INI template with a `%env%` group, inline comments, many children; host_vars/HOST/
        // directories with an extension-less `vault` file; vars files naming no group or host.
        PublicProject(name: "OpenConext-deploy", directory: "OpenConext-deploy", sources: ["environments/template/inventory"],
                      hostsToView: ["docker2.example.com", "mongo1.example.com"]),
        // ANSIBLE_CONFIG names an environment's ansible.cfg, whose inventory is two directories
        // (INI `groups` files, a YAML hosts.yml, group_vars/all/ with many files); Jinja role variables.
        PublicProject(name: "ansible-slurm-appliance", directory: "ansible-slurm-appliance",
                      environment: ["ANSIBLE_CONFIG": "environments/site/ansible.cfg"], hostsToView: ["slurm-control"]),
        // ansible.cfg `inventory = ./inventory/hosts.yml`: YAML with hosts without values.
        PublicProject(name: "rke2-ansible", directory: "rke2-ansible"),
        // Two YAML inventories (the project keeps its settings in the inventory); ansible.cfg
        // sets hash_behaviour=merge.
        PublicProject(name: "cp-ansible", directory: "cp-ansible", sources: ["hosts.yml", "iptables_docker.yml"]),
        // An inventory directory (groups, hosts, hosts.example) with ranges and group_vars/<g>/ files.
        PublicProject(name: "kayobe", directory: "kayobe", sources: ["etc/kayobe/inventory"], hostsToView: ["ctl02", "cmp-b"]),
        // ansible.cfg `inventory = $PWD/inventories/`: a directory with an INI file and two
        // inventory scripts (one a bash/python polyglot), which find no VMs and print empty groups.
        PublicProject(name: "forklift", directory: "forklift"),
    ]
}
