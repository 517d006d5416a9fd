/// Docker 28's rules (the docker-28.5 dump) moved onto the `TrafficLab` container
/// (10.231.0.130, fd00:231::c:2 behind docker0), with a second published port 8081 → 81.
enum LabDocker {
    static func dump(_ family: AddressFamily) -> String {
        var text = DockerDump.docker28.v4
        if family == .v4 {
            text = text.replacingOccurrences(of: "172.17.0.2", with: "10.231.0.130")
                .replacingOccurrences(of: "172.17.0.0/16", with: "10.231.0.128/26")
        } else {
            text = DockerDump.toIPv6(text)
        }
        var lines: [String] = []
        for line in text.split(separator: "\n").map(String.init) {
            lines.append(line)
            if line.hasPrefix("-A DOCKER -d "), line.hasSuffix("--dport 80 -j ACCEPT") {
                lines.append(line.replacingOccurrences(of: "--dport 80 ", with: "--dport 81 "))
            } else if line.hasPrefix("-A DOCKER "), line.contains("--dport 8080 -j DNAT"), line.hasSuffix(":80") {
                lines.append(String(line.dropLast(3)).replacingOccurrences(of: "--dport 8080", with: "--dport 8081") + ":81")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
