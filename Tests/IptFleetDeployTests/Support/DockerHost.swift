import Foundation

/// A booted lab host with a real Docker engine (a `Scripts/lab` Docker flavour): containers from
/// the image `local/busybox` (imported at boot, no registry), listeners, and what Docker wrote
/// into iptables.
struct DockerHost: Sendable {
    /// What busybox httpd in a `local/busybox` container serves at `/` (the lab image's `/www`).
    static let webPage = "iptfleet lab"

    let fleet: LabFleet
    let host: LabFleet.Host

    /// A command's output on the host, without the trailing newline; throws unless it exits 0.
    @discardableResult
    func sh(_ command: String, timeout: TimeInterval = 120) throws -> String {
        try fleet.runChecked(command, on: host, timeout: timeout).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Waits until dockerd answers and `local/busybox` is there.
    func waitForDocker(seconds: Int = 90) throws {
        try sh("for i in $(seq \(seconds * 2)); do docker image inspect local/busybox >/dev/null 2>&1 && exit 0; sleep 0.5; done; docker info; exit 1")
    }

    /// Runs busybox httpd in a container publishing `port` (restarted with dockerd and at boot).
    func runWebContainer(_ name: String, publishing port: Int, restart: Bool = true) throws {
        try sh("docker run -d --stop-timeout 1 --name \(name) \(restart ? "--restart always " : "")-p \(port):80 local/busybox httpd -f -p 80 -h /www >/dev/null")
        try waitForContainers([name])
    }

    /// Waits until every named container runs.
    func waitForContainers(_ names: [String], seconds: Int = 90) throws {
        let check = names.map { "[ \"$(docker inspect -f '{{.State.Running}}' \($0) 2>/dev/null)\" = true ]" }.joined(separator: " && ")
        try sh("for i in $(seq \(seconds * 2)); do if \(check); then exit 0; fi; sleep 0.5; done; docker ps -a; exit 1")
    }

    /// A host listener on `port`, IPv4 and IPv6, that is also there after a reboot (an enabled unit).
    func installListener(port: Int) throws {
        let unit = "[Unit]\nDescription=test listener \(port)\n[Service]\nExecStart=/usr/bin/python3 -m http.server --bind :: \(port)\n[Install]\nWantedBy=multi-user.target\n"
        try sh("printf '\(unit)' >/etc/systemd/system/listen-\(port).service && systemctl enable --now listen-\(port).service >/dev/null 2>&1"
            + " && for i in $(seq 50); do ss -ltn | grep -q ':\(port) ' && exit 0; sleep 0.1; done; exit 1")
    }

    /// What a fresh container (on the Docker network `network`, the default bridge when nil)
    /// fetched from `url` (busybox wget, bounded by the host's `timeout`), or "" when it got nothing.
    func containerFetch(_ url: String, network: String? = nil, seconds: Int = 15) throws -> String {
        let on = network.map { "--network \($0) " } ?? ""
        return try fleet.run("timeout -s KILL \(seconds) docker run --rm \(on)local/busybox wget -q -O - \(url)", on: host, timeout: TimeInterval(seconds + 30))
            .standardOutput
    }

    /// Runs busybox httpd in a container on the Docker network `network` publishing `port`.
    func runWebContainer(_ name: String, on network: String, publishing port: Int) throws {
        try sh("docker run -d --stop-timeout 1 --name \(name) --restart always --network \(network) -p \(port):80 local/busybox httpd -f -p 80 -h /www >/dev/null")
        try waitForContainers([name])
    }

    /// The admin's own rule from Docker's documentation, `-I DOCKER-USER -i eth0 -p tcp --dport
    /// PORT ! -s ADMIN -j DROP`, per family, put in place now and at every boot before the
    /// firewall and Docker start (a unit), as an admin who keeps it would.
    func installAdminDockerUserRule(port: Int, admins: (v4: String, v6: String)) throws {
        let script = """
            #!/bin/sh
            for spec in 'iptables \(admins.v4)' 'ip6tables \(admins.v6)'; do
              set -- $spec
              rule="DOCKER-USER -i eth0 -p tcp -m tcp --dport \(port) ! -s $2 -j DROP"
              $1 -N DOCKER-USER 2>/dev/null || true
              $1 -C $rule 2>/dev/null || $1 -I $rule
            done

            """
        let unit = "[Unit]\nDescription=an admin DOCKER-USER rule\nDefaultDependencies=no\nBefore=iptables-docker.service docker.service\n"
            + "[Service]\nType=oneshot\nRemainAfterExit=yes\nExecStart=/usr/local/sbin/admin-docker-user.sh\n[Install]\nWantedBy=multi-user.target\n"
        try sh("cat >/usr/local/sbin/admin-docker-user.sh <<'EOF'\n\(script)EOF\nchmod 755 /usr/local/sbin/admin-docker-user.sh"
            + " && printf '\(unit)' >/etc/systemd/system/admin-docker-user.service && systemctl enable --now admin-docker-user.service >/dev/null 2>&1")
    }

    /// The chains `FORWARD` jumps to, in order (a chain jumped to twice is there twice), for
    /// `iptables` or `ip6tables`.
    func forwardJumps(_ command: String = "iptables") throws -> [String] {
        try sh("\(command) -S FORWARD").split(separator: "\n").compactMap { line in
            let words = line.split(separator: " ")
            guard words.first == "-A", let jump = words.firstIndex(of: "-j"), jump + 1 < words.count else { return nil }
            return String(words[jump + 1])
        }
    }
}
