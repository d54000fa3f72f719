/// Inconsistent catalogue data. Every problem names the record and the field, so the person
/// editing the data file can find it.
public struct CatalogueError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Problem: Sendable, Hashable, CustomStringConvertible {
        public var record: String
        public var field: String
        public var message: String

        public init(record: String, field: String, message: String) {
            self.record = record
            self.field = field
            self.message = message
        }

        public var description: String { "\(record): \(field): \(message)" }
    }

    public var problems: [Problem]

    public init(problems: [Problem]) { self.problems = problems }

    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
