/// What a data-area key is, decided once while scanning so later stages switch on a byte.
enum ItemKind: UInt8, Sendable {
    // `<code>-<suffix>` keys.
    case rtd
    case min
    case avg
    case max
    case cou
    case zsRtd
    case zsMin
    case zsAvg
    case zsMax
    case flag
    case eFlag
    case sampleTime
    case info
    case sn
    case rs
    case rt
    case ala
    case data
    case dayData
    case nightData
    case otherSuffix
    // Bare keys.
    case dataTime
    case polId
    case infoId
    case beginTime
    case endTime
    case systemTime
    case qnRtn
    case exeRtn
    case rtdInterval
    case minInterval
    case restartTime
    case newPW
    case overTime
    case reCount
    case qn
    case cn
    case pw
    case pno
    case pnum
    case vaseNo
    case cstartTime
    case cTime
    case sTime
    case alarmTime
    case alarmType
    case otherBare

    var hasCode: Bool { rawValue <= ItemKind.otherSuffix.rawValue }

    /// Values that must parse as numbers (a malformed one rejects the packet).
    @inline(__always)
    var isNumeric: Bool {
        switch self {
        case .rtd, .min, .avg, .max, .cou, .zsRtd, .zsMin, .zsAvg, .zsMax, .rs, .rt, .ala, .data, .dayData, .nightData,
             .qnRtn, .exeRtn, .rtdInterval, .minInterval, .overTime, .reCount, .pno, .pnum:
            return true
        default:
            return false
        }
    }

    /// Values that must be a calendar time (`YYYYMMDDhhmmss[zzz]`).
    var isTime: Bool {
        switch self {
        case .dataTime, .beginTime, .endTime, .systemTime, .restartTime, .sampleTime, .alarmTime: true
        default: false
        }
    }

    var isKnown: Bool { rawValue != ItemKind.otherSuffix.rawValue && rawValue != ItemKind.otherBare.rawValue }

    @inline(__always)
    static func suffix(_ key: KeyWords) -> ItemKind {
        switch key.length {
        case 2:
            switch (key.first, key.last) {
            case (0x0000000000004E53, 0x0000000000000000): return .sn  // SN
            case (0x0000000000005352, 0x0000000000000000): return .rs  // RS
            case (0x0000000000005452, 0x0000000000000000): return .rt  // RT
            default: return .otherSuffix
            }
        case 3:
            switch (key.first, key.last) {
            case (0x0000000000647452, 0x0000000000000000): return .rtd  // Rtd
            case (0x00000000006E694D, 0x0000000000000000): return .min  // Min
            case (0x0000000000677641, 0x0000000000000000): return .avg  // Avg
            case (0x000000000078614D, 0x0000000000000000): return .max  // Max
            case (0x0000000000756F43, 0x0000000000000000): return .cou  // Cou
            case (0x0000000000616C41, 0x0000000000000000): return .ala  // Ala
            default: return .otherSuffix
            }
        case 4:
            switch (key.first, key.last) {
            case (0x0000000067616C46, 0x0000000000000000): return .flag  // Flag
            case (0x000000006F666E49, 0x0000000000000000): return .info  // Info
            case (0x0000000061746144, 0x0000000000000000): return .data  // Data
            default: return .otherSuffix
            }
        case 5:
            switch (key.first, key.last) {
            case (0x000000647452735A, 0x0000000000000000): return .zsRtd  // ZsRtd
            case (0x0000006E694D735A, 0x0000000000000000): return .zsMin  // ZsMin
            case (0x000000677641735A, 0x0000000000000000): return .zsAvg  // ZsAvg
            case (0x00000078614D735A, 0x0000000000000000): return .zsMax  // ZsMax
            case (0x00000067616C4645, 0x0000000000000000): return .eFlag  // EFlag
            default: return .otherSuffix
            }
        case 7:
            switch (key.first, key.last) {
            case (0x0061746144796144, 0x0000000000000000): return .dayData  // DayData
            default: return .otherSuffix
            }
        case 9:
            switch (key.first, key.last) {
            case (0x746144746867694E, 0x6174614474686769): return .nightData  // NightData
            default: return .otherSuffix
            }
        case 10:
            switch (key.first, key.last) {
            case (0x6954656C706D6153, 0x656D6954656C706D): return .sampleTime  // SampleTime
            default: return .otherSuffix
            }
        default: return .otherSuffix
        }
    }

    static func bare(_ key: KeyWords) -> ItemKind {
        switch key.length {
        case 2:
            switch (key.first, key.last) {
            case (0x0000000000004E51, 0x0000000000000000): return .qn  // QN
            case (0x0000000000004E43, 0x0000000000000000): return .cn  // CN
            case (0x0000000000005750, 0x0000000000000000): return .pw  // PW
            default: return .otherBare
            }
        case 3:
            switch (key.first, key.last) {
            case (0x00000000004F4E50, 0x0000000000000000): return .pno  // PNO
            default: return .otherBare
            }
        case 4:
            switch (key.first, key.last) {
            case (0x000000004D554E50, 0x0000000000000000): return .pnum  // PNUM
            default: return .otherBare
            }
        case 5:
            switch (key.first, key.last) {
            case (0x00000064496C6F50, 0x0000000000000000): return .polId  // PolId
            case (0x0000006E74526E51, 0x0000000000000000): return .qnRtn  // QnRtn
            case (0x000000575077654E, 0x0000000000000000): return .newPW  // NewPW
            case (0x000000656D697443, 0x0000000000000000): return .cTime  // Ctime
            case (0x000000656D695443, 0x0000000000000000): return .cTime  // CTime
            case (0x000000656D697453, 0x0000000000000000): return .sTime  // Stime
            default: return .otherBare
            }
        case 6:
            switch (key.first, key.last) {
            case (0x000064496F666E49, 0x0000000000000000): return .infoId  // InfoId
            case (0x00006E7452657845, 0x0000000000000000): return .exeRtn  // ExeRtn
            case (0x00006F4E65736156, 0x0000000000000000): return .vaseNo  // VaseNo
            default: return .otherBare
            }
        case 7:
            switch (key.first, key.last) {
            case (0x00656D6954646E45, 0x0000000000000000): return .endTime  // EndTime
            case (0x00746E756F436552, 0x0000000000000000): return .reCount  // ReCount
            default: return .otherBare
            }
        case 8:
            switch (key.first, key.last) {
            case (0x656D695461746144, 0x0000000000000000): return .dataTime  // DataTime
            case (0x656D69547265764F, 0x0000000000000000): return .overTime  // OverTime
            default: return .otherBare
            }
        case 9:
            switch (key.first, key.last) {
            case (0x6D69546E69676542, 0x656D69546E696765): return .beginTime  // BeginTime
            case (0x6D69546D72616C41, 0x656D69546D72616C): return .alarmTime  // AlarmTime
            case (0x7079546D72616C41, 0x657079546D72616C): return .alarmType  // AlarmType
            default: return .otherBare
            }
        case 10:
            switch (key.first, key.last) {
            case (0x69546D6574737953, 0x656D69546D657473): return .systemTime  // SystemTime
            case (0x6954747261747343, 0x656D695474726174): return .cstartTime  // CstartTime
            default: return .otherBare
            }
        case 11:
            switch (key.first, key.last) {
            case (0x7265746E49647452, 0x6C61767265746E49): return .rtdInterval  // RtdInterval
            case (0x7265746E496E694D, 0x6C61767265746E49): return .minInterval  // MinInterval
            case (0x5474726174736552, 0x656D695474726174): return .restartTime  // RestartTime
            default: return .otherBare
            }
        default: return .otherBare
        }
    }
}
