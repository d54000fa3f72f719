import Foundation
import HJ212

/// `duban-ctl hj212 decode [--lenient] [--max-frame-bytes N] [FILE...]`: reads HJ 212 traffic from
/// the files (or stdin, or `-`) as a byte stream, and prints one JSON line per packet or rejection,
/// in input order, as it goes (so it can sit at the end of a pipe from a live capture).
///
/// Exit status: 0 when every frame was accepted, 1 when something was rejected, 2 on a usage or
/// I/O error.
enum HJ212Command {
    static let usage = """
        usage: duban-ctl hj212 decode [--lenient] [--max-frame-bytes N] [FILE...]
          读取 HJ 212 报文（文件或标准输入），每个报文输出一行 JSON：accepted/rejected、原因、版本、报文头、CP 数据项、偏差。
          --lenient            宽松模式：接受长度不符、数据段超过 1024 字节、Modbus CRC（并记录为偏差）
          --max-frame-bytes N  单帧最大字节数（默认 \(DecodeOptions.largestFrame)）
          退出码：0 全部接受，1 有被拒绝的数据，2 用法或读取错误
        """

    static func run(_ arguments: [String]) -> Int32 {
        var arguments = arguments
        if arguments.first == "hj212" { arguments.removeFirst() }
        guard let verb = arguments.first else {
            fail(usage)
            return 2
        }
        switch verb {
        case "decode":
            return decode(Array(arguments.dropFirst()))
        case "-h", "--help", "help":
            print(usage)
            return 0
        default:
            fail("duban-ctl hj212: 未知子命令“\(verb)”\n\(usage)")
            return 2
        }
    }

    private static func decode(_ arguments: [String]) -> Int32 {
        var options = DecodeOptions(mode: .strict)
        var files: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            switch argument {
            case "--lenient":
                options.mode = .lenient
            case "--strict":
                options.mode = .strict
            case "--max-frame-bytes":
                index += 1
                guard index < arguments.count, let value = Int(arguments[index]), value >= 16 else {
                    fail("duban-ctl hj212 decode: --max-frame-bytes 需要一个不小于 16 的整数")
                    return 2
                }
                options = DecodeOptions(mode: options.mode, maxFrameBytes: value, tables: options.tables)
            case "-h", "--help":
                print(usage)
                return 0
            default:
                if argument.hasPrefix("--") {
                    fail("duban-ctl hj212 decode: 未知选项“\(argument)”\n\(usage)")
                    return 2
                }
                files.append(argument)
            }
            index += 1
        }
        if files.isEmpty { files = ["-"] }

        var rejected = false
        for file in files {
            let handle: FileHandle
            if file == "-" {
                handle = .standardInput
            } else if let opened = FileHandle(forReadingAtPath: file) {
                handle = opened
            } else {
                fail("duban-ctl hj212 decode: 无法读取文件“\(file)”")
                return 2
            }
            // Each file is its own stream: a frame does not continue from one file into the next.
            var decoder = FrameDecoder(options: options)
            func drain() {
                while let event = decoder.next() {
                    if case .rejected = event { rejected = true }
                    print(json(event, file: file))
                }
            }
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                chunk.withUnsafeBytes { decoder.append($0) }
                drain()
            }
            decoder.finish()
            drain()
            if file != "-" { try? handle.close() }
        }
        return rejected ? 1 : 0
    }

    private static func fail(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    // MARK: JSON

    static func json(_ event: FrameEvent, file: String) -> String {
        var object = JSONObject()
        switch event {
        case .packet(let packet):
            object.string("result", "accepted")
            object.string("version", packet.version.description)
            object.string("qn", packet.qn)
            object.string("st", packet.st)
            object.string("cn", packet.cn)
            object.string("command", packet.commandInfo?.name)
            object.string("pw", packet.pw)
            object.string("mn", packet.mn)
            object.number("flag", packet.flag.map(Double.init))
            object.bool("ack", packet.wantsAck)
            object.bool("split", packet.hasPacketSplit)
            object.number("pnum", packet.pnum.map(Double.init))
            object.number("pno", packet.pno.map(Double.init))
            object.string("data_time", packet.dataTime?.description)
            object.raw("deviations", "[" + packet.deviations.map { quote($0.rawValue) }.joined(separator: ",") + "]")
            object.number("length", Double(packet.declaredLength))
            object.number("segment_bytes", Double(packet.segment.count))
            object.string("crc", packet.crcVariant.rawValue)
            object.string("terminator", packet.terminator.rawValue)
            let cp = packet.cp
            object.raw("items", "[" + cp.items.map(item).joined(separator: ",") + "]")
            object.raw("factors", "[" + cp.factors.map(factor).joined(separator: ",") + "]")
            if !cp.info.isEmpty {
                object.raw("info", "[" + cp.info.map(info).joined(separator: ",") + "]")
            }
        case .rejected(let rejection):
            object.string("result", "rejected")
            object.string("reason", rejection.reason.rawValue)
            object.string("detail", rejection.detail)
            object.number("bytes", Double(rejection.byteCount))
            object.string("raw", String(decoding: rejection.raw, as: UTF8.self))
            if String(validating: rejection.raw, as: UTF8.self) == nil {
                object.string("raw_hex", hex(rejection.raw))
            }
        }
        object.string("file", file)
        return object.text
    }

    private static func item(_ item: DataItem) -> String {
        var object = JSONObject()
        object.string("key", item.key)
        object.string("value", item.value)
        if item.isText && String(validating: item.valueBytes, as: UTF8.self) == nil {
            object.string("value_hex", hex(item.valueBytes))
        }
        return object.text
    }

    private static func factor(_ group: FactorGroup) -> String {
        var object = JSONObject()
        object.string("code", group.code)
        if group.originalCode != group.code { object.string("original_code", group.originalCode) }
        let values: [(String, Double?)] = [
            ("rtd", group.rtd), ("min", group.min), ("avg", group.avg), ("max", group.max), ("cou", group.cou),
            ("zs_rtd", group.zsRtd), ("zs_min", group.zsMin), ("zs_avg", group.zsAvg), ("zs_max", group.zsMax),
            ("rs", group.rs), ("rt", group.rt),
        ]
        for (key, value) in values where value != nil { object.number(key, value) }
        if let flag = group.flag { object.string("flag", flag) }
        if let eflag = group.eflag { object.string("eflag", eflag) }
        if let sampleTime = group.sampleTime { object.string("sample_time", sampleTime.description) }
        if let sn = group.sn { object.string("sn", sn) }
        if !group.info.isEmpty { object.raw("info", "[" + group.info.map(info).joined(separator: ",") + "]") }
        if !group.extra.isEmpty { object.raw("extra", "[" + group.extra.map(item).joined(separator: ",") + "]") }
        return object.text
    }

    private static func info(_ value: InfoValue) -> String {
        var object = JSONObject()
        object.string("code", value.code)
        object.string("value", value.value)
        return object.text
    }

    private static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef")
        var text = ""
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0xF)])
        }
        return text
    }

    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                let code = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - code.count) + code
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// A JSON object written in insertion order (stable output for tests and diffs).
    private struct JSONObject {
        private var fields: [String] = []

        mutating func string(_ key: String, _ value: String?) {
            fields.append(quote(key) + ":" + (value.map(quote) ?? "null"))
        }

        mutating func number(_ key: String, _ value: Double?) {
            guard let value else {
                fields.append(quote(key) + ":null")
                return
            }
            let text = value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
            fields.append(quote(key) + ":" + text)
        }

        mutating func bool(_ key: String, _ value: Bool) {
            fields.append(quote(key) + ":" + (value ? "true" : "false"))
        }

        mutating func raw(_ key: String, _ json: String) {
            fields.append(quote(key) + ":" + json)
        }

        var text: String { "{" + fields.joined(separator: ",") + "}" }
    }
}
