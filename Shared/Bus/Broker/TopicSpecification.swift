/// A topic and its partition count, as the test broker creates it.
public struct TopicSpecification: Hashable, Sendable, CustomStringConvertible {
    public let name: String
    public let partitions: Int

    public init(name: String, partitions: Int) {
        self.name = name
        self.partitions = partitions
    }

    public var description: String { "\(name):\(partitions)" }

    /// Parses `name:partitions,name:partitions` (spaces around entries allowed). Returns nil with
    /// no partial result when any entry is malformed, so the caller can name the variable.
    public static func parseList(_ text: String, maximumPartitions: Int = 1000) -> [TopicSpecification]? {
        var result: [TopicSpecification] = []
        for entry in text.split(separator: ",", omittingEmptySubsequences: false) {
            let trimmed = entry.trimmingSpaces()
            guard let colon = trimmed.lastIndex(of: ":") else { return nil }
            let name = String(trimmed[..<colon])
            guard isValidTopicName(name), let partitions = Int(trimmed[trimmed.index(after: colon)...]),
                (1...maximumPartitions).contains(partitions)
            else { return nil }
            result.append(TopicSpecification(name: name, partitions: partitions))
        }
        return result
    }

    /// Kafka's rule: 1 to 249 characters from `a-z A-Z 0-9 . _ -`, and not `.` or `..`.
    public static func isValidTopicName(_ name: String) -> Bool {
        guard (1...249).contains(name.utf8.count), name != ".", name != ".." else { return false }
        return name.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x2E || byte == 0x5F || byte == 0x2D
        }
    }
}

extension Substring {
    fileprivate func trimmingSpaces() -> Substring {
        var text = self
        while text.first == " " { text.removeFirst() }
        while text.last == " " { text.removeLast() }
        return text
    }
}
