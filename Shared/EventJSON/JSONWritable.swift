/// A payload that writes its own JSON with `JSONWriter`, byte-identical to its `Codable` encoding
/// under Duban's event encoder (sorted keys, RFC 3339 dates with milliseconds). CloudEvent uses it
/// on hot paths (every frame Ingest accepts); `Codable` stays the reference and the decoder.
public protocol JSONWritable {
    func write(to writer: inout JSONWriter)
}
