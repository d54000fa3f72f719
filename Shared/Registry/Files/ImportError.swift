/// One thing wrong in an import file, named by file, record and field so the person editing the
/// file can go straight to it.
public struct ImportProblem: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    /// `outlets[3] (O-TP-01-1)`; empty for a problem with the file as a whole.
    public var record: String
    /// `flags`, `limits[0].factor`; empty for a problem with the record as a whole.
    public var field: String
    public var message: String

    public init(file: String, record: String, field: String, message: String) {
        self.file = file
        self.record = record
        self.field = field
        self.message = message
    }

    public var description: String {
        [file, record, field].filter { !$0.isEmpty }.joined(separator: ": ") + ": " + message
    }
}

/// An import refused: nothing was written. Lists every problem found, not only the first.
public struct ImportError: Error, Sendable, Hashable, CustomStringConvertible {
    public var problems: [ImportProblem]

    public init(problems: [ImportProblem]) { self.problems = problems }

    public init(file: String, record: String, field: String, message: String) {
        problems = [ImportProblem(file: file, record: record, field: field, message: message)]
    }

    public var description: String {
        "导入失败，共 \(problems.count) 处错误，未写入任何数据：\n" + problems.map { "  " + $0.description }.joined(separator: "\n")
    }
}
