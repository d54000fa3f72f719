/// Reads the marks a device's own data suggest (marking.md, "Who marks, and when": the platform
/// proposes marks it infers for the enterprise to confirm): data flags of each reading and
/// equipment status values, through the catalogue's `suggestedByFlags` / `suggestedByStatus`.
public struct MarkProposer: Sendable {
    public let catalogue: MarkCatalogue

    public init(catalogue: MarkCatalogue) { self.catalogue = catalogue }

    /// Signals of one data upload, and the factors it reported without any (whose open
    /// proposals from flags have ended).
    public func signals(in measurement: MeasurementRecord) -> (signals: [MarkSignal], quietFactors: Set<String>) {
        var signals: [MarkSignal] = []
        var quiet = Set<String>()
        for reading in measurement.readings {
            let types = reading.flag.map { catalogue.suggestions(forFlag: $0) } ?? []
            if types.isEmpty { quiet.insert(reading.factor) }
            for type in types {
                signals.append(MarkSignal(typeId: type.id, mn: measurement.mn, factor: reading.factor, time: measurement.dataTime,
                                          source: "flag:\(reading.flag ?? "")"))
            }
        }
        return (signals, quiet)
    }

    /// Signals of equipment status items (`i12001-Info` = 3 under `PolId` a21026) of one params
    /// upload; nil data time gives none (the period is unknown).
    public func signals(in params: ParamsRecord) -> [MarkSignal] {
        guard let time = params.dataTime else { return [] }
        var signals: [MarkSignal] = []
        for item in params.items {
            let parts = item.key.split(separator: "-", maxSplits: 1)
            guard parts.count == 2, parts[1] == "Info", let value = Int(item.value) else { continue }
            let code = String(parts[0])
            for type in catalogue.suggestions(forStatus: code, value: value) {
                signals.append(MarkSignal(typeId: type.id, mn: params.mn, factor: item.polId, time: time, source: "\(code)=\(value)"))
            }
        }
        return signals
    }
}
