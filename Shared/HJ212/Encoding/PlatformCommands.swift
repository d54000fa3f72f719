/// Commands the platform sends to devices. Each takes the QN to use (a request id, normally the
/// current Beijing time as `YYYYMMDDhhmmsszzz`: see `HJ212DateTime.qnDigits`); no clock is read here.
/// Requests set the A bit (the device answers 9011, then 9012). They throw when a configured value
/// cannot travel in a packet (a `;` in MN or PW, a value of the wrong shape).
public enum PlatformCommands {
    /// Which history a pull (补传 request) asks for.
    public enum History: Int, Sendable, Hashable, CaseIterable {
        case daily = 2031
        case runTimeDaily = 2041
        case minute = 2051
        case hourly = 2061
    }

    /// 1000: set the reply timeout (seconds) and the number of retries.
    public static func setTimeoutAndRetries(_ target: CommandTarget, qn: String, overTime: Int, reCount: Int) throws(HJ212EncodingError) -> [UInt8] {
        guard overTime > 0, reCount >= 0 else {
            throw HJ212EncodingError(.invalidValue, "超时 \(overTime) 秒、重发 \(reCount) 次无效")
        }
        return try command(1000, target, qn: qn, body: "OverTime=\(overTime);ReCount=\(reCount)")
    }

    /// 1011: ask for the device's time (of the logger, or of one instrument with `polId`).
    public static func getTime(_ target: CommandTarget, qn: String, polId: String? = nil) throws(HJ212EncodingError) -> [UInt8] {
        try command(1011, target, qn: qn, body: polId.map { "PolId=\($0)" } ?? "")
    }

    /// 1012: set the device's time.
    public static func setTime(_ target: CommandTarget, qn: String, systemTime: HJ212DateTime,
                               polId: String? = nil) throws(HJ212EncodingError) -> [UInt8] {
        try command(1012, target, qn: qn, body: (polId.map { "PolId=\($0);" } ?? "") + "SystemTime=\(systemTime.digits)")
    }

    /// 1061: ask for the real-time upload interval.
    public static func getRealtimeInterval(_ target: CommandTarget, qn: String) throws(HJ212EncodingError) -> [UInt8] {
        try command(1061, target, qn: qn, body: "")
    }

    /// 1062: set the real-time upload interval (30–3600 s, as the standard allows).
    public static func setRealtimeInterval(_ target: CommandTarget, qn: String, seconds: Int) throws(HJ212EncodingError) -> [UInt8] {
        guard (30...3600).contains(seconds) else {
            throw HJ212EncodingError(.invalidValue, "实时数据间隔 \(seconds) 秒不在 30–3600")
        }
        return try command(1062, target, qn: qn, body: "RtdInterval=\(seconds)")
    }

    /// 1063: ask for the minute-data interval.
    public static func getMinuteInterval(_ target: CommandTarget, qn: String) throws(HJ212EncodingError) -> [UInt8] {
        try command(1063, target, qn: qn, body: "")
    }

    /// 1064: set the minute-data interval (minutes).
    public static func setMinuteInterval(_ target: CommandTarget, qn: String, minutes: Int) throws(HJ212EncodingError) -> [UInt8] {
        guard (1...60).contains(minutes) else {
            throw HJ212EncodingError(.invalidValue, "分钟数据间隔 \(minutes) 分钟不在 1–60")
        }
        return try command(1064, target, qn: qn, body: "MinInterval=\(minutes)")
    }

    /// 1072: set the device's access password.
    public static func setPassword(_ target: CommandTarget, qn: String, newPassword: String) throws(HJ212EncodingError) -> [UInt8] {
        try checkValue(newPassword, "NewPW")
        return try command(1072, target, qn: qn, body: "NewPW=\(newPassword)")
    }

    /// 2011 / 2012: start or stop real-time data uploads.
    public static func realtimeUploads(_ target: CommandTarget, qn: String, enabled: Bool) throws(HJ212EncodingError) -> [UInt8] {
        try command(enabled ? 2011 : 2012, target, qn: qn, body: "")
    }

    /// 2021 / 2022: start or stop facility run-state uploads.
    public static func runStateUploads(_ target: CommandTarget, qn: String, enabled: Bool) throws(HJ212EncodingError) -> [UInt8] {
        try command(enabled ? 2021 : 2022, target, qn: qn, body: "")
    }

    /// 2031 / 2041 / 2051 / 2061 with BeginTime and EndTime: pull history back (补传).
    public static func historyPull(_ target: CommandTarget, qn: String, history: History,
                                   begin: HJ212DateTime, end: HJ212DateTime) throws(HJ212EncodingError) -> [UInt8] {
        guard begin <= end else {
            throw HJ212EncodingError(.invalidValue, "开始时间 \(begin) 晚于结束时间 \(end)")
        }
        // HJ/T 212-2005 joined the two times with a comma, HJ 212-2017 with a semicolon.
        let separator = target.version == .v2005 ? "," : ";"
        return try command(history.rawValue, target, qn: qn, body: "BeginTime=\(begin.digits)\(separator)EndTime=\(end.digits)")
    }

    /// 3020: fetch site information (`infoId`, an i-code) for an instrument (`polId`), optionally
    /// for a time span (logs), in the standard's example form `PolId=…;InfoId=…;BeginTime=…,EndTime=…`.
    public static func siteInformation(_ target: CommandTarget, qn: String, polId: String?, infoId: String,
                                       begin: HJ212DateTime? = nil, end: HJ212DateTime? = nil) throws(HJ212EncodingError) -> [UInt8] {
        try checkValue(infoId, "InfoId")
        if let polId { try checkValue(polId, "PolId") }
        var body = (polId.map { "PolId=\($0);" } ?? "") + "InfoId=\(infoId)"
        if let begin, let end { body += ";BeginTime=\(begin.digits),EndTime=\(end.digits)" }
        return try command(3020, target, qn: qn, body: body)
    }

    private static func command(_ cn: Int, _ target: CommandTarget, qn: String, body: String) throws(HJ212EncodingError) -> [UInt8] {
        try checkValue(qn, "QN")
        try checkValue(target.st, "ST")
        try checkValue(target.pw, "PW")
        try checkValue(target.mn, "MN")
        guard !target.mn.isEmpty, !target.st.isEmpty else {
            throw HJ212EncodingError(.invalidValue, "命令必须有 MN 和 ST")
        }
        var builder = SegmentBuilder()
        builder.field("QN", qn)
        builder.field("ST", target.st)
        builder.field("CN", String(cn))
        builder.field("PW", target.pw)
        builder.field("MN", target.mn)
        builder.field("Flag", String(requestFlag(target.version)))
        builder.dataArea(body: body)
        return try PacketEncoder.frame(segment: builder.bytes)
    }

    /// Requests want answers (A=1). HJ/T 212-2005 devices were built against the examples of their
    /// standard, which send every request with Flag=3 (D and A), so 2005 targets get exactly that.
    static func requestFlag(_ version: ProtocolVersion) -> Int {
        switch version {
        case .v2005: 3
        case .v2017, .unknown: 1 << 2 | 1
        case .v2025: 2 << 2 | 1
        }
    }

    /// A value inside a field may not contain the separators that would end it.
    private static func checkValue(_ value: String, _ field: String) throws(HJ212EncodingError) {
        if value.utf8.contains(where: { $0 == 0x3B || $0 == 0x26 || $0 == 0x2C || $0 == 0x3D }) {
            throw HJ212EncodingError(.reservedCharacter, "\(field) 的值“\(value)”含有保留字符（; , = &）")
        }
    }
}
