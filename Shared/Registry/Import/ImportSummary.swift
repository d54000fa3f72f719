/// What an import changed. Importing the same files twice gives zero changes the second time.
public struct ImportSummary: Sendable, Hashable, CustomStringConvertible {
    /// The import's id in `registry.imports`, nil when nothing changed (no row is kept then).
    public var importId: Int64?
    /// Changes per table (`outlets`, `limit_rows`…): inserted versions, corrected versions and
    /// catalogue records removed because the file no longer has them.
    public var changesByTable: [String: Int]
    public var recordsRead: Int

    public init(importId: Int64?, changesByTable: [String: Int], recordsRead: Int) {
        self.importId = importId
        self.changesByTable = changesByTable
        self.recordsRead = recordsRead
    }

    public var changes: Int { changesByTable.values.reduce(0, +) }

    public var description: String {
        guard changes > 0 else { return "读取 \(recordsRead) 条记录，与数据库一致，未做任何修改" }
        let detail = changesByTable.filter { $0.value > 0 }.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
        return "读取 \(recordsRead) 条记录，写入 \(changes) 处变更（\(detail.joined(separator: "，"))），导入编号 \(importId.map(String.init) ?? "-")"
    }
}
