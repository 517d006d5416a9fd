import CLibSSH2

/// A host-key algorithm family, with its names in the SSH protocol, in libssh2 and in known_hosts.
enum HostKeyType: CaseIterable {
    case ed25519, ecdsa256, ecdsa384, ecdsa521, rsa, dss

    /// The order in which host-key algorithms are offered when known_hosts says nothing about
    /// the host (OpenSSH's order: modern keys first).
    static let defaultOrder: [HostKeyType] = [.ed25519, .ecdsa256, .ecdsa384, .ecdsa521, .rsa, .dss]

    init?(libssh2Type: Int32) {
        switch libssh2Type {
        case LIBSSH2_HOSTKEY_TYPE_ED25519: self = .ed25519
        case LIBSSH2_HOSTKEY_TYPE_ECDSA_256: self = .ecdsa256
        case LIBSSH2_HOSTKEY_TYPE_ECDSA_384: self = .ecdsa384
        case LIBSSH2_HOSTKEY_TYPE_ECDSA_521: self = .ecdsa521
        case LIBSSH2_HOSTKEY_TYPE_RSA: self = .rsa
        case LIBSSH2_HOSTKEY_TYPE_DSS: self = .dss
        default: return nil
        }
    }

    /// The algorithm name, as in known_hosts lines and `HostKeyAlgorithms`.
    var algorithmName: String {
        switch self {
        case .ed25519: "ssh-ed25519"
        case .ecdsa256: "ecdsa-sha2-nistp256"
        case .ecdsa384: "ecdsa-sha2-nistp384"
        case .ecdsa521: "ecdsa-sha2-nistp521"
        case .rsa: "ssh-rsa"
        case .dss: "ssh-dss"
        }
    }

    /// The host-key algorithms offered for this type, best first. An RSA host key is verified
    /// with rsa-sha2-512 or rsa-sha2-256 (RFC 8332, libssh2 >= 1.11): OpenSSH 8.8 and later no
    /// longer sign with ssh-rsa (SHA-1) by default, which stays last for older servers.
    var offeredAlgorithms: [String] {
        switch self {
        case .rsa: ["rsa-sha2-512", "rsa-sha2-256", "ssh-rsa"]
        default: [algorithmName]
        }
    }

    /// The `LIBSSH2_KNOWNHOST_KEY_*` bits for this type.
    var knownHostMask: Int32 {
        switch self {
        case .ed25519: LIBSSH2_KNOWNHOST_KEY_ED25519
        case .ecdsa256: LIBSSH2_KNOWNHOST_KEY_ECDSA_256
        case .ecdsa384: LIBSSH2_KNOWNHOST_KEY_ECDSA_384
        case .ecdsa521: LIBSSH2_KNOWNHOST_KEY_ECDSA_521
        case .rsa: LIBSSH2_KNOWNHOST_KEY_SSHRSA
        case .dss: LIBSSH2_KNOWNHOST_KEY_SSHDSS
        }
    }

    /// The host-key algorithm preference for a host: the types known_hosts holds for it first
    /// (otherwise a host known only by its ed25519 key would present ECDSA and read as unknown),
    /// then the rest in the default order.
    static func preference(known: [HostKeyType]) -> String {
        (known + defaultOrder.filter { !known.contains($0) }).flatMap(\.offeredAlgorithms).joined(separator: ",")
    }
}
