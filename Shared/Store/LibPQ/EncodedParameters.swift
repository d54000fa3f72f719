import CLibPQ

/// Query parameters laid out as `PQexecParams` wants them: all values in one byte buffer (text
/// values NUL-terminated), and per parameter its type, offset, length and format.
struct EncodedParameters {
    private var types: [Oid] = []
    private var offsets: [Int?] = []
    private var lengths: [Int32] = []
    private var formats: [Int32] = []
    private var buffer: [UInt8] = []

    init(_ parameters: [QueryParameter]) {
        for parameter in parameters {
            types.append(parameter.type.oid)
            switch parameter.value {
            case nil:
                offsets.append(nil)
                lengths.append(0)
                formats.append(0)
            case .text(let text):
                offsets.append(buffer.count)
                buffer.append(contentsOf: text.utf8)
                buffer.append(0)
                lengths.append(0)
                formats.append(0)
            case .binary(let bytes):
                offsets.append(buffer.count)
                buffer.append(contentsOf: bytes)
                lengths.append(Int32(bytes.count))
                formats.append(1)
            }
        }
        // An empty bytea still needs a non-NULL pointer (NULL means SQL NULL): keep a spare byte.
        buffer.append(0)
    }

    /// Hands C the parameter arrays; every pointer is valid only inside `body`.
    func withCArrays<Result>(
        _ body: (
            UnsafePointer<Oid>?, UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<Int32>?, UnsafePointer<Int32>?
        ) -> Result
    ) -> Result {
        buffer.withUnsafeBytes { bytes in
            let base = bytes.baseAddress!.assumingMemoryBound(to: CChar.self)
            let values: [UnsafePointer<CChar>?] = offsets.map { offset in offset.map { base + $0 } }
            return types.withUnsafeBufferPointer { types in
                values.withUnsafeBufferPointer { values in
                    lengths.withUnsafeBufferPointer { lengths in
                        formats.withUnsafeBufferPointer { formats in
                            body(types.baseAddress, values.baseAddress, lengths.baseAddress, formats.baseAddress)
                        }
                    }
                }
            }
        }
    }
}
