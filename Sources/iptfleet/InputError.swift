/// Bad input, found before any host was contacted. Option groups and commands throw it;
/// `IptFleetCommand.main` prints each problem as `error: …`, then the closing note if there is
/// one, and exits with `ExitCode.badInput`.
struct InputError: Error {
    let problems: [String]
    let note: String?

    /// The note after input that stops a command that would contact hosts.
    static let nothingSent = "nothing was sent to any host."

    init(_ problems: [String], note: String? = nil) {
        self.problems = problems
        self.note = note
    }

    init(_ problem: String, note: String? = nil) {
        self.init([problem], note: note)
    }

    /// Prints the problems and the note on standard error.
    func report() {
        for problem in problems { Console.error(problem) }
        if let note { Console.note(note) }
    }
}
