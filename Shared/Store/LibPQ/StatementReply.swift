/// The outcome of one statement on a `PQConnection`.
enum StatementReply {
    case success(StatementResult)
    /// `connectionBroken`: the connection is unusable after this failure.
    case failure(ServerErrorFields, connectionBroken: Bool)
}
