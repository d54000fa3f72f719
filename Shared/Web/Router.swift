/// Routes requests by method and exact path; handlers are async so they may query the database.
public struct Router: Sendable {
    public typealias Handler = @Sendable (HTTPRequest) async -> HTTPResponse

    private var routes: [String: Handler] = [:]

    public init() {}

    public mutating func add(_ method: String, _ path: String, _ handler: @escaping Handler) {
        routes["\(method) \(path)"] = handler
    }

    public func handle(_ request: HTTPRequest) async -> HTTPResponse {
        if let handler = routes["\(request.method) \(request.path)"] { return await handler(request) }
        if routes.keys.contains(where: { $0.hasSuffix(" \(request.path)") }) {
            return .json("{\"error\":\"method_not_allowed\"}", status: 405)
        }
        return .notFound
    }
}
