/// PostgreSQL array literals (`{"a","b"}`, `{1,2}`) bound as ONE text parameter and cast in SQL
/// (`$1::text[]`), so a batch of keys is a few parameters and `unnest`, not one row constructor
/// per key (which the planner expands into a large OR whose planning dominated the server's CPU).
public struct PostgresArrayText: Sendable {
    private var text = "{"
    private var isEmpty = true

    public init(capacity: Int = 1024) {
        text.reserveCapacity(capacity)
    }

    /// Appends a string element, double-quoted, with `"` and `\` escaped: any text survives.
    public mutating func append(_ element: String) {
        separate()
        text.append("\"")
        for character in element.unicodeScalars {
            if character == "\"" || character == "\\" { text.append("\\") }
            text.unicodeScalars.append(character)
        }
        text.append("\"")
    }

    public mutating func append<Integer: BinaryInteger>(_ element: Integer) {
        separate()
        text.append(String(element))
    }

    public mutating func append(_ element: Bool) {
        separate()
        text.append(element ? "t" : "f")
    }

    /// The finished literal.
    public var literal: String { text + "}" }

    private mutating func separate() {
        if !isEmpty { text.append(",") }
        isEmpty = false
    }
}
