/// The column names and types of one result, shared by all its rows.
final class RowColumns: Sendable {
    let names: [String]
    let types: [PostgresType]
    private let indexByName: [String: Int]

    init(names: [String], types: [PostgresType]) {
        self.names = names
        self.types = types
        var index: [String: Int] = [:]
        // With duplicate names (`SELECT a.id, b.id`) the first one wins, as in libpq's PQfnumber.
        for (position, name) in names.enumerated() where index[name] == nil {
            index[name] = position
        }
        indexByName = index
    }

    func index(of name: String) -> Int? { indexByName[name] }
}
