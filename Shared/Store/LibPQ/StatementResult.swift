/// What a statement produced, copied out of its `PGresult`.
struct StatementResult: Sendable {
    let rows: [Row]
    let affectedRows: Int
    let commandTag: String
}
