/// What one host's operation came to, before the runner adds the host's name and the time it
/// took (`HostResult`).
struct HostOutcome {
    var status: HostStatus
    var changes: [String] = []
    var reason: String?
    var diff: String?
    var details: [String: String] = [:]

    init(_ status: HostStatus, changes: [String] = [], reason: String? = nil, diff: String? = nil, details: [String: String] = [:]) {
        self.status = status
        self.changes = changes
        self.reason = reason
        self.diff = diff
        self.details = details
    }
}
