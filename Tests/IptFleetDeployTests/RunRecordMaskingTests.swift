import IptFleetDeploy
import Testing

/// The command line kept in a run record has every secret-looking value replaced by `***`.
struct RunRecordMaskingTests {
    @Test(arguments: [
        ("ansible_password=hunter2", "ansible_password=***"),
        ("--extra-vars=ansible_become_pass=hunter2", "--extra-vars=ansible_become_pass=***"),
        (#"{"ansible_password": "hunter2", "swarm_enabled": true}"#, #"{"ansible_password": ***, "swarm_enabled": true}"#),
        ("vault_secret: 'a b c'", "vault_secret: ***"),
        ("API_TOKEN=abc swarm_enabled=yes", "API_TOKEN=*** swarm_enabled=yes"),
        ("swarm_enabled=yes", "swarm_enabled=yes"),
        ("-i", "-i"),
    ])
    func secretValuesAreMasked(argument: String, masked: String) {
        #expect(RunRecord.masked([argument]) == [masked])
    }
}
