/// The fields of a server error report, as libpq hands them over.
struct ServerErrorFields: Sendable {
    var sqlState: SQLState?
    var message: String?
    var detail: String?
    var hint: String?
    var schema: String?
    var table: String?
    var column: String?
    var constraint: String?
}
