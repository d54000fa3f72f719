import Foundation
import Domain

/// Reads documents stored by the importer back into records. They were checked on the way in, so
/// a failure here means the database was changed behind the importer's back.
enum StoredDocument {
    static func versioned<R: RegistryRecord>(_ text: String, as type: R.Type) throws -> Versioned<R> {
        var reader = try reader(text, kind: R.registryKind.rawValue)
        let from = reader.optionalInstant("validFrom")
        let to = reader.optionalInstant("validTo")
        let record = R.read(&reader)
        reader.finish()
        guard let record, let from, reader.isValid else {
            throw corrupt(R.registryKind.rawValue, reader)
        }
        return Versioned(record, validFrom: from, validTo: to)
    }

    static func record<T>(_ text: String, kind: String, _ read: (inout RecordReader) -> T?) throws -> T {
        var reader = try reader(text, kind: kind)
        let value = read(&reader)
        reader.finish()
        guard let value, reader.isValid else { throw corrupt(kind, reader) }
        return value
    }

    private static func reader(_ text: String, kind: String) throws -> RecordReader {
        let value: JSONValue
        do {
            value = try JSONValue.parse(Data(text.utf8), file: "registry.\(kind)")
        } catch {
            throw RegistryError(code: .corruptRecord, kind: kind, id: "?", instant: nil, reason: error.description)
        }
        var id = "?"
        if case .object(let members) = value, case .string(let text)? = members["id"] ?? members["code"] { id = text }
        return RecordReader(file: "registry.\(kind)", record: id, value: value)
    }

    private static func corrupt(_ kind: String, _ reader: RecordReader) -> RegistryError {
        RegistryError(code: .corruptRecord, kind: kind, id: reader.record, instant: nil,
                      reason: reader.problems.map(\.description).joined(separator: "; "))
    }
}
