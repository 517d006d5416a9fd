import CLibSSH2

extension SSHSession {
    /// Checks the key the server presented against known_hosts and applies the host-key policy.
    func verifyHostKey(knownHosts: KnownHosts, name: String, knownTypes: [HostKeyType]) throws(SSHError) -> HostKeyFingerprint {
        let session = try connectedHandle()
        var length = 0
        var rawType: Int32 = 0
        guard let keyPointer = libssh2_session_hostkey(session, &length, &rawType),
              let type = HostKeyType(libssh2Type: rawType),
              let digestPointer = libssh2_hostkey_hash(session, LIBSSH2_HOSTKEY_HASH_SHA256)
        else {
            throw .handshakeFailed(endpoint: options.endpoint, detail: "the server presented no host key libssh2 can check")
        }
        let key = [UInt8](UnsafeRawBufferPointer(start: keyPointer, count: length))
        let digest = [UInt8](UnsafeRawBufferPointer(start: digestPointer, count: 32))
        let fingerprint = HostKeyFingerprint(keyType: type.algorithmName, sha256Digest: digest)
        let endpoint = options.endpoint
        let path = knownHosts.path

        switch knownHosts.verdict(for: name, key: key, type: type) {
        case .match:
            return fingerprint
        case .revoked:
            throw .hostKeyRevoked(endpoint: endpoint, keyType: type.algorithmName, fingerprint: fingerprint.sha256, knownHostsPath: path)
        case .notFound where knownTypes.isEmpty:
            guard options.hostKeyPolicy == .acceptNew else {
                throw .hostKeyUnknown(endpoint: endpoint, keyType: type.algorithmName, fingerprint: fingerprint.sha256, knownHostsPath: path)
            }
            try knownHosts.record(name: name, type: type, key: key)
            return fingerprint
        case .mismatch, .notFound:
            // A different key of the same type, or a key of a type known_hosts has none of while
            // it has others: both are a changed identity, never recorded automatically.
            throw .hostKeyChanged(
                endpoint: endpoint, knownHostsName: name, keyType: type.algorithmName, fingerprint: fingerprint.sha256,
                knownHostsPath: path, knownKeyTypes: knownTypes.map(\.algorithmName))
        }
    }
}
