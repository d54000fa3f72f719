import Channels
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Transmits a `ChannelRequest` exactly as the adapter built it and hands back the raw answer.
/// A thrown error means no answer arrived in time (timeout, connection lost): the provider may or
/// may not have acted on the request.
struct ChannelTransport: Sendable {
    let timeout: Duration

    struct NoAnswer: Error, CustomStringConvertible {
        let description: String
    }

    func send(_ request: ChannelRequest) async throws(NoAnswer) -> ChannelResponse {
        var urlRequest = URLRequest(url: request.url)
        urlRequest.httpMethod = request.method
        for header in request.headers { urlRequest.setValue(header.value, forHTTPHeaderField: header.name) }
        if !request.body.isEmpty { urlRequest.httpBody = Data(request.body) }
        let prepared = urlRequest
        let limit = timeout
        do {
            // The deadline is enforced here: URLRequest's timeout is an idle timeout, and on Linux
            // a gateway that accepts the connection and stays silent is not always cut off by it.
            return try await withThrowingTaskGroup(of: ChannelResponse?.self) { group in
                group.addTask {
                    let (data, response) = try await URLSession.shared.data(for: prepared)
                    return ChannelResponse(statusCode: (response as? HTTPURLResponse)?.statusCode ?? 0, body: data)
                }
                group.addTask {
                    try await Task.sleep(for: limit)
                    return nil
                }
                let first = try await group.next() ?? nil
                group.cancelAll()
                guard let first else { throw NoAnswer(description: "no answer within \(limit)") }
                return first
            }
        } catch let error as NoAnswer {
            throw NoAnswer(description: "\(request.method) \(request.endpoint)\(request.path): \(error.description)")
        } catch {
            throw NoAnswer(description: "\(request.method) \(request.endpoint)\(request.path): \(error.localizedDescription)")
        }
    }
}
