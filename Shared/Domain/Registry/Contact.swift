/// A supervision contact (督办联系人) of an enterprise or of a bureau at one jurisdiction level,
/// to whom orders and notifications go.
public struct Contact: Sendable, Hashable, Identifiable {
    public enum Owner: Sendable, Hashable {
        case enterprise(id: String)
        /// The ecology and environment bureau of a jurisdiction (county, city or province).
        case bureau(jurisdictionCode: String)
    }

    public var id: String
    public var owner: Owner
    public var name: String
    /// Role as the bureau or enterprise writes it (环保负责人, 执法大队长…).
    public var role: String
    /// Mainland mobile number, 11 digits.
    public var phone: String
    public var wechatId: String?
    /// First contact for orders of this owner.
    public var primary: Bool

    public init(id: String, owner: Owner, name: String, role: String, phone: String, wechatId: String?, primary: Bool) {
        self.id = id
        self.owner = owner
        self.name = name
        self.role = role
        self.phone = phone
        self.wechatId = wechatId
        self.primary = primary
    }

    /// Why `phone` is not a mainland mobile number (11 digits starting with 1), or nil.
    public static func phoneProblem(_ phone: String) -> String? {
        guard phone.count == 11, phone.first == "1", phone.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            return "手机号须为以 1 开头的 11 位数字"
        }
        return nil
    }
}
