import Foundation
import Runtime

/// Which devices may send data: MN registered and PW matching, from the registry. Answers are
/// cached briefly so a busy device does not cost a query per frame; a registry change reaches
/// Ingest within `cacheLifetime`.
actor DeviceDirectory {
    struct Credentials: Sendable {
        let mn: String
        let password: String
        /// Strict devices may not use the three lenient-only deviations (hj212.md, last section).
        let strict: Bool
    }

    enum RefusalReason: String, Sendable {
        case unknownDevice = "unknown_device"
        case wrongPassword = "wrong_password"

        func detail(mn: String) -> String {
            switch self {
            case .unknownDevice: "MN \(mn) is not a registered monitoring point"
            case .wrongPassword: "PW does not match the password registered for MN \(mn)"
            }
        }
    }

    enum Verdict: Sendable {
        case accepted(strict: Bool)
        case refused(RefusalReason)
        case unavailable(any Error)
    }

    typealias Lookup = @Sendable (String) async throws -> Credentials?

    private let lookup: Lookup
    private let cacheLifetime: Duration
    private var cache: [String: (credentials: Credentials?, fetched: ContinuousClock.Instant)] = [:]

    init(cacheLifetime: Duration = .seconds(60), lookup: @escaping Lookup) {
        self.lookup = lookup
        self.cacheLifetime = cacheLifetime
    }

    func check(mn: String, password: String?) async -> Verdict {
        let credentials: Credentials?
        if let cached = cache[mn], ContinuousClock.now - cached.fetched < cacheLifetime {
            credentials = cached.credentials
        } else {
            do {
                credentials = try await lookup(mn)
                cache[mn] = (credentials, .now)
            } catch {
                return .unavailable(error)
            }
        }
        guard let credentials else { return .refused(.unknownDevice) }
        guard credentials.password == (password ?? "") else { return .refused(.wrongPassword) }
        return .accepted(strict: credentials.strict)
    }
}
