import IptFleetDeploy
import Testing

/// The command line kept in a run record has the whole value of every secret-named variable
/// given with `-e` replaced by `***`: the `-e` values are parsed as iptfleet reads them.
struct RunRecordMaskingTests {
    @Test(arguments: [
        (["-e", "ansible_password=hunter2"], ["-e", "ansible_password=***"]),
        (["--extra-vars=ansible_become_pass=hunter2"], ["--extra-vars=ansible_become_pass=***"]),
        (["-e", #"ansible_password=correct\ horse\ battery"#], ["-e", "ansible_password=***"]),
        (["-e", "ansible_become_password=ab,cd"], ["-e", "ansible_become_password=***"]),
        (["-e", "db_credential=hunter2 api_key=k1 swarm_enabled=yes"], ["-e", "api_key=*** db_credential=*** swarm_enabled=yes"]),
        (["-e", "VAULT_ID=v1 GITHUB_TOKEN=t1 secret_sauce=s1"], ["-e", "GITHUB_TOKEN=*** VAULT_ID=*** secret_sauce=***"]),
        (["-e", #"{"api_key": "s3cr3t-api-key", "vault_pass": "v\"p-rest", "swarm_enabled": true}"#],
         ["-e", #"{"api_key":"***","swarm_enabled":true,"vault_pass":"***"}"#]),
        (["-e", "{db: {password: nested-secret, host: db1}}"], ["-e", #"{"db":{"host":"db1","password":"***"}}"#]),
        (["-e", "vault_secret: 'a b c'"], ["-e", "***"]),
        (["-e", "ansible_ssh_private_key_file='/keys/id ed25519' user_name='a b'"],
         ["-e", "ansible_ssh_private_key_file='/keys/id ed25519' user_name='a b'"]),
        (["-e", "@vars/secrets.yml", "-i", "hosts.ini", "web"], ["-e", "@vars/secrets.yml", "-i", "hosts.ini", "web"]),
        (["-e", "ansible_password='unclosed"], ["-e", "***"]),
        (["swarm_password=not-a-variable"], ["swarm_password=not-a-variable"]),
    ])
    func secretValuesAreMaskedWhole(arguments: [String], masked: [String]) {
        #expect(RunRecord.masked(arguments) == masked)
    }
}
