import CLibSSH2
import Foundation

/// Mutable state that libssh2 callbacks reach through the session's `abstract` pointer.
final class CallbackState {
    /// The answer to keyboard-interactive prompts while that method is being tried, else nil.
    var keyboardInteractiveAnswer: String?
}

extension SSHSession {
    /// Authenticates as `options.user`, in the order OpenSSH users expect: ssh-agent, key files,
    /// password, keyboard-interactive. Only methods the server offers are tried. RSA keys (file,
    /// encrypted file or agent) sign with rsa-sha2-512, else rsa-sha2-256, as the server's
    /// `server-sig-algs` allow: libssh2 >= 1.11 chooses, and falls back to ssh-rsa for servers that
    /// announce no server-sig-algs.
    ///
    /// - Throws: `SSHError.authenticationFailed` listing what the server offered and what was
    ///   tried (never a secret); `timedOut` after `operationTimeout`.
    public func authenticate() throws(SSHError) {
        let session = try connectedHandle()
        guard authenticatedWith == nil else { return }
        let deadline = Deadline(after: options.operationTimeout)
        let user = options.user
        let list = try performReturning("authentication", until: deadline) {
            libssh2_userauth_list(session, user, UInt32(user.utf8.count))
        }
        guard let list else {
            if libssh2_userauth_authenticated(session) != 0 {
                authenticatedWith = "none"
                return
            }
            throw failure("asking for authentication methods")
        }
        let offered = String(cString: list).split(separator: ",").map(String.init)
        var attempts = AuthenticationAttempts()

        if offered.contains("publickey") {
            if let agentPath = options.agentSocketPath, try authenticateWithAgent(at: agentPath, deadline: deadline, attempts: &attempts) {
                return
            }
            for candidate in options.identityFileCandidates {
                if try authenticate(withKeyFile: candidate.path, explicit: candidate.explicit, deadline: deadline, attempts: &attempts) {
                    return
                }
            }
        }
        if let password = options.password {
            if offered.contains("password"), try authenticate(withPassword: password, deadline: deadline, attempts: &attempts) {
                return
            }
            if offered.contains("keyboard-interactive"),
               try authenticateKeyboardInteractive(password: password, deadline: deadline, attempts: &attempts) {
                return
            }
        }
        throw .authenticationFailed(user: user, endpoint: options.endpoint, offered: offered, tried: attempts.tried, hint: attempts.hint)
    }

    // MARK: - Methods

    private func authenticateWithAgent(at socketPath: String, deadline: Deadline, attempts: inout AuthenticationAttempts) throws(SSHError) -> Bool {
        let session = try connectedHandle()
        guard let agent = libssh2_agent_init(session) else {
            attempts.tried.append("ssh-agent (libssh2 could not set it up)")
            return false
        }
        defer { libssh2_agent_free(agent) }
        libssh2_agent_set_identity_path(agent, socketPath)
        guard libssh2_agent_connect(agent) == 0 else {
            attempts.tried.append("ssh-agent (cannot connect to \(socketPath))")
            return false
        }
        defer { libssh2_agent_disconnect(agent) }
        guard libssh2_agent_list_identities(agent) == 0 else {
            attempts.tried.append("ssh-agent (cannot list its keys)")
            return false
        }
        let user = options.user
        var keyTypes: [String] = []
        var previous: UnsafeMutablePointer<libssh2_agent_publickey>?
        var identity: UnsafeMutablePointer<libssh2_agent_publickey>?
        while libssh2_agent_get_identity(agent, &identity, previous) == 0, let current = identity {
            var blobReader = SSHWireReader(bytes: [UInt8](UnsafeBufferPointer(start: current.pointee.blob, count: current.pointee.blob_len)))
            keyTypes.append(blobReader.readString().map { String(decoding: $0, as: UTF8.self) } ?? "unknown")
            let isRSA = keyTypes.last == "ssh-rsa"
            let status = try withRSASignatureFallback(isRSA: isRSA) { () throws(SSHError) in
                try perform("authentication with ssh-agent", until: deadline) {
                    libssh2_agent_userauth(agent, user, current)
                }
            }
            if status == 0 {
                authenticatedWith = "publickey (ssh-agent)"
                return true
            }
            previous = current
        }
        attempts.tried.append(keyTypes.isEmpty ? "ssh-agent (no keys)" : "ssh-agent (\(keyTypes.count) keys: \(keyTypes.joined(separator: ", ")), all rejected)")
        if keyTypes.contains("ssh-rsa") { attempts.usedRSAKey = true }
        return false
    }

    private func authenticate(withKeyFile path: String, explicit: Bool, deadline: Deadline, attempts: inout AuthenticationAttempts) throws(SSHError) -> Bool {
        let key: PrivateKeyFile
        do {
            key = try PrivateKeyFile(path: path)
        } catch {
            // Missing default keys are normal; a missing key the user named is worth reporting.
            if explicit || error.reason != "no such file" { attempts.tried.append("key \(path) (\(error.reason))") }
            return false
        }
        var passphrase: SSHSecret?
        if key.isEncrypted {
            passphrase = options.passphraseProvider?.passphrase(forKey: path)
            guard passphrase != nil else {
                attempts.tried.append("key \(path) (encrypted, no passphrase given)")
                return false
            }
        }
        let session = try connectedHandle()
        let user = options.user
        let status = try withRSASignatureFallback(isRSA: key.keyType == "ssh-rsa") { () throws(SSHError) in
            try perform("authentication with key \(path)", until: deadline) {
                libssh2_userauth_publickey_fromfile_ex(session, user, UInt32(user.utf8.count), nil, path, passphrase?.value)
            }
        }
        if status == 0 {
            authenticatedWith = "publickey (\(path))"
            return true
        }
        if key.keyType == "ssh-rsa" { attempts.usedRSAKey = true }
        switch status {
        case LIBSSH2_ERROR_FILE, LIBSSH2_ERROR_METHOD_NOT_SUPPORTED:
            attempts.tried.append("key \(path) (" + (key.isEncrypted ? "cannot decrypt: wrong passphrase?" : "libssh2 cannot read this key format") + ")")
        default:
            attempts.tried.append("key \(path) (\(key.keyType ?? "key") rejected by the server)")
        }
        return false
    }

    /// Runs one public-key attempt; for an RSA key the server rejected, once more signing with
    /// rsa-sha2-256. libssh2 (>= 1.11) signs with the first of rsa-sha2-512, rsa-sha2-256 that the
    /// server's `server-sig-algs` lists, but OpenSSH lists every algorithm it knows there, not its
    /// `PubkeyAcceptedAlgorithms`: a server that accepts only rsa-sha2-256 still lists -512.
    private func withRSASignatureFallback(isRSA: Bool, _ attempt: () throws(SSHError) -> Int32) throws(SSHError) -> Int32 {
        let status = try attempt()
        guard isRSA, status == LIBSSH2_ERROR_AUTHENTICATION_FAILED || status == LIBSSH2_ERROR_PUBLICKEY_UNVERIFIED else { return status }
        let session = try connectedHandle()
        // LIBSSH2_METHOD_SIGN_ALGO (libssh2 1.11), by its value so that this also compiles
        // against older headers; there libssh2 refuses the preference and nothing is retried.
        let signAlgorithm: Int32 = 10
        guard libssh2_session_method_pref(session, signAlgorithm, "rsa-sha2-256") == 0 else { return status }
        defer { _ = libssh2_session_method_pref(session, signAlgorithm, "rsa-sha2-512,rsa-sha2-256,ssh-rsa") }
        return try attempt()
    }

    private func authenticate(withPassword password: SSHSecret, deadline: Deadline, attempts: inout AuthenticationAttempts) throws(SSHError) -> Bool {
        let session = try connectedHandle()
        let user = options.user
        let secret = password.value
        let status = try perform("password authentication", until: deadline) {
            libssh2_userauth_password_ex(session, user, UInt32(user.utf8.count), secret, UInt32(secret.utf8.count), nil)
        }
        if status == 0 {
            authenticatedWith = "password"
            return true
        }
        attempts.tried.append(status == LIBSSH2_ERROR_PASSWORD_EXPIRED ? "password (expired: change it on the host)" : "password (rejected)")
        return false
    }

    private func authenticateKeyboardInteractive(password: SSHSecret, deadline: Deadline, attempts: inout AuthenticationAttempts) throws(SSHError) -> Bool {
        let session = try connectedHandle()
        let user = options.user
        callbackState.keyboardInteractiveAnswer = password.value
        defer { callbackState.keyboardInteractiveAnswer = nil }
        let status = try perform("keyboard-interactive authentication", until: deadline) {
            libssh2_userauth_keyboard_interactive_ex(session, user, UInt32(user.utf8.count), answerKeyboardInteractivePrompts)
        }
        if status == 0 {
            authenticatedWith = "keyboard-interactive"
            return true
        }
        attempts.tried.append("keyboard-interactive (password rejected)")
        return false
    }
}

/// What was tried so far, for the `authenticationFailed` message.
private struct AuthenticationAttempts {
    var tried: [String] = []
    var usedRSAKey = false

    var hint: String? {
        // libssh2 1.11 signs with rsa-sha2-512/256 as the server's server-sig-algs allow (RFC 8332),
        // for key files and the agent alike; only an older libssh2 is limited to ssh-rsa (SHA-1).
        guard usedRSAKey, libssh2_version(0x010B00) == nil else { return nil }
        return "RSA keys cannot work here: libssh2 1.10 signs with ssh-rsa (SHA-1) only, and OpenSSH 8.8 and later "
            + "reject that (no rsa-sha2-256/512 before libssh2 1.11). Use an ed25519 or ECDSA key "
            + "(ssh-keygen -t ed25519) and add it to the host's authorized_keys."
    }
}

/// Answers every keyboard-interactive prompt (PAM's "Password: ") with the session's password.
/// libssh2 frees the answers with the session's allocator, which is `malloc`'s `free`.
private func answerKeyboardInteractivePrompts(
    name: UnsafePointer<CChar>?, nameLength: Int32, instruction: UnsafePointer<CChar>?, instructionLength: Int32,
    promptCount: Int32, prompts: UnsafePointer<LIBSSH2_USERAUTH_KBDINT_PROMPT>?,
    responses: UnsafeMutablePointer<LIBSSH2_USERAUTH_KBDINT_RESPONSE>?, abstract: UnsafeMutablePointer<UnsafeMutableRawPointer?>?
) {
    guard let responses, let context = abstract?.pointee else { return }
    let state = Unmanaged<CallbackState>.fromOpaque(context).takeUnretainedValue()
    guard let answer = state.keyboardInteractiveAnswer else { return }
    for index in 0..<Int(max(promptCount, 0)) {
        responses[index].text = strdup(answer)
        responses[index].length = UInt32(answer.utf8.count)
    }
}
