/// What one engine did in the packet-level test: for every check (a row) after every firewall
/// operation (a column), what was expected and what was seen. Renders as a Markdown table.
struct CompatibilityMatrix: Sendable {
    /// One observation.
    struct Cell: Sendable {
        let expected: Bool
        let observed: Bool
        var green: Bool { expected == observed }
    }

    let title: String
    /// The words for a true and a false observation of each row ("open"/"blocked", "yes"/"no").
    private(set) var rows: [(name: String, yes: String, no: String)] = []
    private(set) var columns: [String] = []
    private var cells: [String: Cell] = [:]

    init(title: String) { self.title = title }

    /// Records `observed` for `row` after `column`.
    mutating func record(_ row: String, after column: String, expected: Bool, observed: Bool, yes: String = "open", no: String = "blocked") {
        if !rows.contains(where: { $0.name == row }) { rows.append((row, yes, no)) }
        if !columns.contains(column) { columns.append(column) }
        cells[row + "\u{1F}" + column] = Cell(expected: expected, observed: observed)
    }

    /// The cells that were not as expected, one line each.
    var redCells: [String] {
        rows.flatMap { row in
            columns.compactMap { column in
                guard let cell = cells[row.name + "\u{1F}" + column], !cell.green else { return nil }
                return "\(row.name) after \(column): \(cell.observed ? row.yes : row.no), expected \(cell.expected ? row.yes : row.no)"
            }
        }
    }

    /// A Markdown table: ✅ when as expected, ❌ (with what was expected) when not.
    var markdown: String {
        var lines = ["| check | " + columns.joined(separator: " | ") + " |",
                     "|---|" + String(repeating: "---|", count: columns.count)]
        for row in rows {
            let values = columns.map { column -> String in
                guard let cell = cells[row.name + "\u{1F}" + column] else { return "–" }
                let seen = cell.observed ? row.yes : row.no
                if !cell.green { return "❌ \(seen) (expected \(cell.expected ? row.yes : row.no))" }
                return "✅ \(seen)"
            }
            lines.append("| \(row.name) | " + values.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n")
    }
}
