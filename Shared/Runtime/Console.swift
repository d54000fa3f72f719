import Foundation

/// Human-facing output on standard output (the run command's narrative, tool results), written
/// with one `write(2)` per line so it is never buffered behind a crash.
public enum Console {
    public static func line(_ text: String) {
        var bytes = Array((text + "\n").utf8)
        bytes.withUnsafeMutableBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(1, buffer.baseAddress! + offset, buffer.count - offset)
                if written <= 0 { break }
                offset += written
            }
        }
    }
}
