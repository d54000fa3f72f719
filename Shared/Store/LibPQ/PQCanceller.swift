import CLibPQ

/// Owns the `PGcancel` of one connection: the key with which a separate short connection asks
/// the server to cancel the statement running on ours.
///
/// `@unchecked Sendable`: libpq documents `PQcancel` as thread-safe for a `PGcancel` object that
/// is not freed meanwhile; the pointer is immutable and only `deinit` frees it, which cannot run
/// while a caller still holds this object.
final class PQCanceller: @unchecked Sendable {
    /// `PGcancel *` from `PQgetCancel`; freed by `PQfreeCancel` in `deinit` only.
    private let handle: OpaquePointer

    /// Copies the cancel key out of `connection` (the copy stays valid after the connection is
    /// closed). Returns nil when libpq cannot provide one (connection not established).
    init?(_ connection: OpaquePointer) {
        guard let handle = PQgetCancel(connection) else { return nil }
        self.handle = handle
    }

    deinit {
        PQfreeCancel(handle)
    }

    /// Asks the server to cancel whatever the connection is running. Blocks for a round trip:
    /// call it off the cooperative pool. Returns libpq's message when the request could not be
    /// sent (nil on success; success does not mean anything was running).
    func cancel() -> String? {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 256) { buffer in
            buffer.initialize(repeating: 0)
            guard PQcancel(handle, buffer.baseAddress, Int32(buffer.count)) == 0 else { return nil }
            return String(cString: buffer.baseAddress!)
        }
    }
}
