public import Foundation
import Domain
import Store

extension RegistryReader {
    /// The credentials of every MN in `mns` that names a point at `instant`, in one query: the
    /// same points `monitoringPoint(mn:at:)` finds (the point, its outlet and its enterprise valid
    /// then; of two points with one MN, the first by id), without reading their documents whole.
    /// Many devices connect at once after a restart; this answers them in one round trip. A point
    /// whose password or mode is unreadable fails for its own MN only.
    public func deviceCredentials(mns: [String], at instant: Date) async throws -> [String: Result<DeviceCredentials, RegistryError>] {
        guard !mns.isEmpty else { return [:] }
        var list = PostgresArrayText()
        for mn in mns { list.append(mn) }
        let rows = try await database.query("""
            SELECT DISTINCT ON (p.mn) p.mn, p.id, p.doc->>'password' AS password, p.doc->>'mode' AS mode
            FROM registry.points p
            JOIN registry.outlets o ON o.id = p.outlet_id AND \(Self.validAt("o", instant))
            JOIN registry.enterprises e ON e.id = o.enterprise_id AND \(Self.validAt("e", instant))
            WHERE p.mn = ANY(\(list.literal)::text[]) AND \(Self.validAt("p", instant))
            ORDER BY p.mn, p.id
            """)
        var credentials: [String: Result<DeviceCredentials, RegistryError>] = [:]
        for row in rows {
            let mn: String = try row.decode("mn")
            let id: String = try row.decode("id")
            if let password = try row.decode("password", as: String?.self),
               let mode = try row.decode("mode", as: String?.self).flatMap(MonitoringPoint.Mode.init(rawValue:)) {
                credentials[mn] = .success(DeviceCredentials(mn: mn, password: password, mode: mode))
            } else {
                credentials[mn] = .failure(RegistryError(code: .corruptRecord, kind: "points", id: id, instant: instant, reason: "密码或协议模式缺失或无效"))
            }
        }
        return credentials
    }
}
