/// Who receives an order's notifications, from the registry's contact records: the enterprise's
/// supervision contacts and the bureaus by jurisdiction (county, else city), copied upward as
/// the province configures and as far as the order has been escalated.
public enum SupervisionRecipients {
    public struct Recipient: Sendable, Hashable {
        public enum Part: String, Sendable, Hashable {
            case to
            case copy
        }

        public var contact: Contact
        public var part: Part
        /// Why this person: `enterprise`, or the bureau's division code.
        public var owner: String
    }

    /// The local bureau for an enterprise at `location`: the county bureau when it has
    /// supervision contacts, else the city's, else the province's.
    public static func localBureau(for location: JurisdictionPath, contacts: [Contact]) -> JurisdictionPath {
        var candidate: JurisdictionPath? = location
        while let bureau = candidate {
            if !bureauContacts(bureau.code, in: contacts).isEmpty { return bureau }
            candidate = bureau.parent
        }
        return location.truncated(to: .city) ?? location
    }

    /// Recipients of `intent` for `order`. Addressees come first, then copies; within each, the
    /// enterprise before the bureaus (lowest level first) and primary contacts first. A contact
    /// appears once, as addressee when it is both.
    public static func resolve(_ intent: NotificationIntent, for order: SupervisionOrder, policy: RecipientPolicy,
                               contacts: [Contact]) -> [Recipient] {
        let rule = policy.stages[intent.stage] ?? RecipientPolicy.nationalPractice.stages[intent.stage]!
        var enterprisePart: RecipientPolicy.Part = rule.enterprise
        var localPart: RecipientPolicy.Part = rule.localBureau
        switch intent.audience {
        case .stageRecipients: break
        case .enterprise:
            enterprisePart = .to
            localPart = .none
        case .bureaus:
            enterprisePart = .none
            localPart = .to
        }
        var recipients: [Recipient] = []
        func add(_ found: [Contact], _ part: RecipientPolicy.Part, owner: String) {
            guard part != .none else { return }
            for contact in found.sorted(by: { ($0.primary ? 0 : 1, $0.id) < ($1.primary ? 0 : 1, $1.id) }) {
                recipients.append(Recipient(contact: contact, part: part == .to ? .to : .copy, owner: owner))
            }
        }
        add(contacts.filter { $0.owner == .enterprise(id: order.enterprise.id) }, enterprisePart, owner: "enterprise")

        // The local bureau is the assigned one, or the first bureau above it with contacts.
        var local: JurisdictionPath? = order.assignedBureau
        while let bureau = local, bureauContacts(bureau.code, in: contacts).isEmpty { local = bureau.parent }
        let copyLevel = [rule.copyUpTo, intent.audience == .enterprise ? nil : order.escalation]
            .compactMap { $0 }.max { $0.seniority < $1.seniority }
        if let local {
            add(bureauContacts(local.code, in: contacts), localPart, owner: local.code)
            // Bureaus above get copies up to the configured or escalated level; an escalation
            // copies them even when the stage copies no bureau (the enterprise went quiet).
            if localPart != .none || (intent.audience == .stageRecipients && order.escalation.seniority > order.assignedBureau.level.seniority),
               let copyLevel {
                var above = local.parent
                while let bureau = above, bureau.level.seniority <= copyLevel.seniority {
                    add(bureauContacts(bureau.code, in: contacts), .copy, owner: bureau.code)
                    above = bureau.parent
                }
            }
        }
        var seen = Set<String>()
        let ordered = recipients.filter { $0.part == .to } + recipients.filter { $0.part == .copy }
        return ordered.filter { seen.insert($0.contact.id).inserted }
    }

    static func bureauContacts(_ code: String, in contacts: [Contact]) -> [Contact] {
        contacts.filter { $0.owner == .bureau(jurisdictionCode: code) }
    }
}
