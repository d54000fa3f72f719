import Foundation
import Runtime
import Testing
import Web
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

struct RouterTests {
    @Test("routes by method and path; a known path with another method is 405, an unknown one 404")
    func routing() async {
        var router = Router()
        router.add("POST", "/sms") { request in .json("{\"echo\":\(request.body.count)}") }
        #expect(await router.handle(HTTPRequest(method: "POST", path: "/sms", body: [1, 2, 3])).bodyText == "{\"echo\":3}")
        #expect(await router.handle(HTTPRequest(method: "GET", path: "/sms")).status == 405)
        #expect(await router.handle(HTTPRequest(method: "GET", path: "/nope")).status == 404)
    }

    @Test("/readyz is 503 while any check fails and names each check")
    func readiness() async {
        var router = Router()
        let database = Locked(false)
        OpsRoutes.install(into: &router, checks: [.init("kafka") { true }, .init("postgres") { database.value }], metrics: MetricsRegistry())
        let notReady = await router.handle(HTTPRequest(method: "GET", path: "/readyz"))
        #expect(notReady.status == 503)
        #expect(notReady.bodyText == "{\"ready\":false,\"checks\":{\"kafka\":true,\"postgres\":false}}")
        database.withLock { $0 = true }
        #expect(await router.handle(HTTPRequest(method: "GET", path: "/readyz")).status == 200)
        #expect(await router.handle(HTTPRequest(method: "GET", path: "/healthz")).status == 200)
    }
}

extension HTTPResponse {
    var bodyText: String { String(decoding: body, as: UTF8.self) }
}

struct HTTPServerLiveTests {
    @Test("a live server on a free port answers GET with query, POST with body, and refuses an oversized body with 413")
    func live() async throws {
        var router = Router()
        router.add("GET", "/status") { request in .json("{\"outId\":\"\(request.query["outId"] ?? "")\"}") }
        router.add("POST", "/sms") { request in .text(request.bodyText + "|" + (request.headers["content-type"] ?? "")) }
        let server = try HTTPServer(configuration: .init(port: 0, maxBodyBytes: 1024), router: router, logger: Logger(label: "test"))
        defer { server.stop() }
        #expect(server.port != 0)

        let (statusBody, statusResponse) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(server.port)/status?outId=DB1")!)
        #expect((statusResponse as? HTTPURLResponse)?.statusCode == 200)
        #expect(String(decoding: statusBody, as: UTF8.self) == "{\"outId\":\"DB1\"}")

        var post = URLRequest(url: URL(string: "http://127.0.0.1:\(server.port)/sms")!)
        post.httpMethod = "POST"
        post.setValue("application/json", forHTTPHeaderField: "Content-Type")
        post.httpBody = Data("二氧化硫超标".utf8)
        let (postBody, _) = try await URLSession.shared.data(for: post)
        #expect(String(decoding: postBody, as: UTF8.self) == "二氧化硫超标|application/json")

        post.httpBody = Data(repeating: 0x41, count: 4096)
        let (_, tooLarge) = try await URLSession.shared.data(for: post)
        #expect((tooLarge as? HTTPURLResponse)?.statusCode == 413)
    }

    @Test("binding an address that is not IPv4 fails with a clear error")
    func badAddress() {
        #expect(throws: HTTPServer.StartError.self) {
            _ = try HTTPServer(configuration: .init(host: "not-an-address", port: 0), router: Router(), logger: Logger(label: "test"))
        }
    }
}
