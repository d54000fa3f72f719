import Foundation
import Runtime

/// For each monitoring point and data command (MN, CN), the newest DataTime at or above every
/// data identity of that point this process could find in `ingest.data_keys`, so a frame whose
/// DataTime is strictly newer (the common case: devices send their data in time order) is known
/// to be new without asking PostgreSQL. Anything not strictly newer is looked up as before.
///
/// Why a strictly newer DataTime is new:
/// - The value is first taken from PostgreSQL (`max(data_time)` read with a lookup) and only ever
///   raised: by later reads and by every identity this process judged new, BEFORE that frame is
///   published and its identity stored. So every identity this process stores is at or below it.
/// - Identities stored by an earlier run are in PostgreSQL before this process reads (a process
///   stores a frame's identity before answering it; after a crash it stores nothing more).
/// - Another Ingest instance may store identities of the same point after our read. A device is
///   served by the connection it is on; the value is tied to the connection that last read it, and a
///   frame of the point on any other connection reads PostgreSQL again. What remains is an
///   instance still finishing a frame of a connection the device has left, which the per-frame
///   lookup misses alike (it is not stored yet); `DataKeyStore` checks the identities it judged
///   new here when it stores them and forgets a point whose value proved stale.
/// - A frame judged new whose publishing fails is not stored: sent again it is not strictly newer,
///   so it is looked up, not found, and published.
final class NewestDataTimes: Sendable {
    struct Point: Hashable, Sendable {
        let mn: String
        let cn: String
    }

    private struct Entry: Sendable {
        var newest: Date
        /// The connection whose frames may use the value without a lookup.
        var connection: UInt64
    }

    private let entries = Locked<[Point: Entry]>([:])
    /// Points kept at most; beyond, the table starts again empty (absence only costs lookups).
    private let capacity: Int

    init(capacity: Int = 200_000) {
        self.capacity = capacity
    }

    /// True when `dataTime` is strictly newer than the point's value for frames of `connection`;
    /// the value is then raised to `dataTime` (the frame counts as in flight from now on).
    func claimIfNewer(_ point: Point, dataTime: Date, connection: UInt64) -> Bool {
        entries.withLock { entries in
            guard let index = entries.index(forKey: point), entries.values[index].connection == connection,
                  dataTime > entries.values[index].newest
            else { return false }
            entries.values[index].newest = dataTime
            return true
        }
    }

    /// After a lookup on `connection`: `stored` is the newest DataTime PostgreSQL had for the point
    /// (nil: none), `judgedNew` the frame's DataTime when the lookup found it new. The value never
    /// goes down, so identities judged new here before stay covered.
    func learn(_ point: Point, stored: Date?, judgedNew: Date?, connection: UInt64) {
        guard let candidate = [stored, judgedNew].compactMap({ $0 }).max() else { return }
        entries.withLock { entries in
            if let index = entries.index(forKey: point) {
                entries.values[index].newest = max(entries.values[index].newest, candidate)
                entries.values[index].connection = connection
                return
            }
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[point] = Entry(newest: candidate, connection: connection)
        }
    }

    /// Drops a point whose value proved stale (another instance stored newer identities): its
    /// frames are looked up until a lookup reads PostgreSQL's newest value again.
    func forget(_ point: Point) {
        _ = entries.withLock { $0.removeValue(forKey: point) }
    }
}
