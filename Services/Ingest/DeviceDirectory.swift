import Foundation
import Registry
import Runtime

/// Which devices may send data: MN registered and PW matching, from the registry. Answers are
/// cached so a busy device does not cost a query per frame; a registry change reaches Ingest
/// within `cacheLifetime`. A cached answer is read under a lock, without a hop to another
/// executor; the MNs that need the registry are gathered into one query per batch, so thousands
/// of devices reconnecting after a restart cost a few round trips, not one each.
final class DeviceDirectory: Sendable {
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

    /// The registry's answers for a batch of MNs at an instant; an MN it does not know is absent,
    /// one whose point cannot be read is a failure of its own.
    typealias Lookup = @Sendable ([String], Date) async throws -> [String: Result<DeviceCredentials, RegistryError>]

    private struct Cached: Sendable {
        /// nil: no point has this MN.
        let credentials: DeviceCredentials?
        let fetched: ContinuousClock.Instant
    }

    private let cache = Locked<[String: Cached]>([:])
    private let lookups: Batcher<String, Result<DeviceCredentials?, RegistryError>>
    private let cacheLifetime: Duration
    /// MNs kept at most (unknown ones included, so garbage MNs cannot grow memory); beyond, the
    /// cache starts again empty, which only costs lookups.
    private let capacity: Int

    init(cacheLifetime: Duration = .seconds(60), capacity: Int = 100_000, lookup: @escaping Lookup) {
        self.cacheLifetime = cacheLifetime
        self.capacity = capacity
        lookups = Batcher(maxBatch: 500) { mns in
            let found = try await lookup(Array(Set(mns)), Date())
            return mns.map { mn in found[mn].map { $0.map(Optional.some) } ?? .success(nil) }
        }
    }

    func check(mn: String, password: String?) async -> Verdict {
        let now = ContinuousClock.now
        let credentials: DeviceCredentials?
        if let cached = cache.withLock({ $0[mn] }), now - cached.fetched < cacheLifetime {
            credentials = cached.credentials
        } else {
            do {
                credentials = try await lookups.submit(mn).get()
            } catch {
                return .unavailable(error)
            }
            cache.withLock { cache in
                if cache.count >= capacity { cache.removeAll(keepingCapacity: true) }
                cache[mn] = Cached(credentials: credentials, fetched: now)
            }
        }
        guard let credentials else { return .refused(.unknownDevice) }
        guard credentials.password == (password ?? "") else { return .refused(.wrongPassword) }
        return .accepted(strict: credentials.mode == .strict)
    }
}
