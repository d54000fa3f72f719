public import Domain
public import Foundation

/// Quiet windows by order stage and recipient role. No rule forbids regulatory notices at night
/// (the night bans are for marketing), so this is a deployment's choice, with one fixed
/// exception: dispatch-stage notices (事中调度, a reply deadline runs) and exceedance alerts are
/// never held.
///
/// Rules are matched most specific first: stage and role, stage with any role, any stage with
/// the role, then any/any. A rule may say "no window" to override a broader one.
public struct QuietWindowPolicy: Sendable, Equatable {
    public struct Rule: Sendable, Equatable {
        /// nil: any stage.
        public var stage: OrderStage?
        /// nil: any role.
        public var role: String?
        /// nil: never quiet.
        public var window: QuietWindow?

        public init(stage: OrderStage?, role: String?, window: QuietWindow?) {
            self.stage = stage
            self.role = role
            self.window = window
        }
    }

    public var rules: [Rule]

    public init(rules: [Rule]) {
        self.rules = rules
    }

    /// No quiet windows at all (the default: every notification goes out at once).
    public static let none = QuietWindowPolicy(rules: [])

    /// The stage and type of a notification kind written `stage.type` (`pre_warning.exceedance`).
    static func stageAndType(of kind: String) -> (stage: OrderStage?, type: String?) {
        let parts = kind.split(separator: ".", maxSplits: 1).map(String.init)
        return (parts.first.flatMap(OrderStage.init(rawValue:)), parts.count > 1 ? parts[1] : nil)
    }

    /// Dispatch-stage notices and exceedance alerts are never held, whatever the rules say.
    public static func isExempt(kind: String) -> Bool {
        let (stage, type) = stageAndType(of: kind)
        return stage == .dispatch || type?.split(separator: ".").contains("exceedance") == true
    }

    /// The window that applies to `kind` for a recipient in `role`, if any.
    public func window(kind: String, role: String) -> QuietWindow? {
        guard !Self.isExempt(kind: kind) else { return nil }
        let stage = Self.stageAndType(of: kind).stage
        let candidates: [(stage: OrderStage?, role: String?)] =
            stage == nil ? [(nil, role), (nil, nil)] : [(stage, role), (stage, nil), (nil, role), (nil, nil)]
        for candidate in candidates {
            if let rule = rules.first(where: { $0.stage == candidate.stage && $0.role == candidate.role }) { return rule.window }
        }
        return nil
    }

    /// When the notification may go out: `now`, or the end of the quiet window it falls in.
    public func earliestSend(kind: String, role: String, at now: Date) -> Date {
        window(kind: kind, role: role)?.end(ofWindowContaining: now) ?? now
    }

    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        public let entry: String
        public let reason: String
        public var description: String { "quiet window \"\(entry)\": \(reason)" }
    }

    /// Parses `stage/role=HH:MM-HH:MM` entries separated by `;`, where stage is an order stage
    /// (`pre_warning`, `handling_after`) or `*`, role is a role name or `*`, and the window may be
    /// `off`. Example: `pre_warning/*=22:00-07:00;handling_after/执法大队长=off`.
    public init(parsing text: String) throws(ParseError) {
        var rules: [Rule] = []
        for entry in text.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) }) where !entry.isEmpty {
            let sides = entry.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            let scope = sides.first?.split(separator: "/", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) } ?? []
            guard sides.count == 2, scope.count == 2, !scope[0].isEmpty, !scope[1].isEmpty else {
                throw ParseError(entry: entry, reason: "expected stage/role=HH:MM-HH:MM or stage/role=off")
            }
            var stage: OrderStage?
            if scope[0] != "*" {
                guard let known = OrderStage(rawValue: scope[0]) else {
                    throw ParseError(entry: entry, reason: "stage \(scope[0]) is not one of \(OrderStage.allCases.map(\.rawValue).joined(separator: ", ")) or *")
                }
                guard known != .dispatch else {
                    throw ParseError(entry: entry, reason: "dispatch-stage notices are never held; remove this entry")
                }
                stage = known
            }
            let window: QuietWindow?
            if sides[1] == "off" {
                window = nil
            } else {
                guard let parsed = QuietWindow(sides[1]) else {
                    throw ParseError(entry: entry, reason: "window \(sides[1]) is not HH:MM-HH:MM (China time) or off")
                }
                window = parsed
            }
            let role = scope[1] == "*" ? nil : scope[1]
            guard !rules.contains(where: { $0.stage == stage && $0.role == role }) else {
                throw ParseError(entry: entry, reason: "stage and role given twice")
            }
            rules.append(Rule(stage: stage, role: role, window: window))
        }
        self.init(rules: rules)
    }
}
