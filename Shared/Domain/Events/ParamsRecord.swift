public import Foundation

/// Equipment states, site information and key operating parameters a device reported
/// (`duban.params`, `cn.duban.params.v1`): CN 3020 site information, 2021 facility run state,
/// 2041 facility run time, and the process (工况) factors of data uploads. Items are kept as
/// sent, in order; Marking and Judgment read the codes they know (i12001, i33400, SBx-RS…).
public struct ParamsRecord: Codable, Sendable, Equatable {
    public struct Item: Codable, Sendable, Equatable {
        /// `PolId` the item belongs to, when it stood in a PolId group.
        public var polId: String?
        public var key: String
        public var value: String
        public init(polId: String?, key: String, value: String) {
            self.polId = polId
            self.key = key
            self.value = value
        }
    }

    public var mn: String
    public var cn: String
    public var dataTime: Date?
    public var receivedAt: Date
    public var frameId: String
    public var items: [Item]

    public init(mn: String, cn: String, dataTime: Date?, receivedAt: Date, frameId: String, items: [Item]) {
        self.mn = mn
        self.cn = cn
        self.dataTime = dataTime
        self.receivedAt = receivedAt
        self.frameId = frameId
        self.items = items
    }

    /// Commands whose data area is equipment state or parameters.
    public static let parameterCommands: Set<String> = ["3020", "2021", "2041", "3019", "2081"]
}
