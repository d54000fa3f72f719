import Domain
import Runtime

/// Where each template is approved, from `DUBAN_SMS_TEMPLATE_APPROVALS`:
/// `kind=provider:TemplateCode:YYYY-MM-DD;…`, e.g.
/// `pre_warning.exceedance=alibaba_cloud_sms:SMS_123456789:2026-10-01`. The SMS providers send only
/// approved templates, so without an entry a template goes out on the generic webhook only.
enum TemplateApprovals {
    static let variable = "DUBAN_SMS_TEMPLATE_APPROVALS"

    static func apply(_ text: String, to catalogue: SMSTemplateCatalogue) throws -> SMSTemplateCatalogue {
        var catalogue = catalogue
        for entry in text.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) }) where !entry.isEmpty {
            let sides = entry.split(separator: "=", maxSplits: 1).map(String.init)
            let fields = sides.count == 2 ? sides[1].split(separator: ":", omittingEmptySubsequences: false).map(String.init) : []
            guard sides.count == 2, fields.count == 3, let provider = NotificationProvider(rawValue: fields[0]),
                  !fields[1].isEmpty, let approvedOn = CivilDate(iso: fields[2]) else {
                throw ConfigurationError(variable: variable, expected: "kind=provider:TemplateCode:YYYY-MM-DD entries separated by ;", found: entry)
            }
            guard var template = catalogue.templates[sides[0]] else {
                throw ConfigurationError(variable: variable, expected: "a known template kind (\(catalogue.templates.keys.sorted().joined(separator: ", ")))", found: sides[0])
            }
            template.approvals.removeAll { $0.provider == provider }
            template.approvals.append(SMSTemplate.Approval(provider: provider, templateCode: fields[1], approvedOn: approvedOn))
            catalogue.templates[sides[0]] = template
        }
        return catalogue
    }
}
