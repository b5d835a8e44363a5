// The messages of vault.proto, in the form protoc-gen-swift emits (decodeMessage / traverse
// / ==). Committed so that no build runs the protoc plugin.

import SwiftProtobuf

struct Ztenant_Vault_Reason: Sendable {
    var code: String?
    var message = ""
    var unknownFields = UnknownStorage()
    init() {}
}

struct Ztenant_Vault_RateLimit: Sendable {
    var limit: Int32?
    var remaining: Int32?
    var reset: Int32?
    var retryAfter: Int32?
    var unknownFields = UnknownStorage()
    init() {}
}

struct Ztenant_Vault_Outcome: Sendable {
    var status = ""
    var url = ""
    var httpStatus: Int32?
    var cause: String?
    var reasons: [Ztenant_Vault_Reason] = []
    var processID: String?
    var requestID: String?
    var trackID: String?
    var rateLimit: Ztenant_Vault_RateLimit?
    var redirectLocation: String?
    var latencyMs: Int32?
    var checkedAt: Double = 0
    var detail = ""
    var oauth = false
    var tenantID: String?
    var userID: String?
    var entityIds: [String] = []
    var expiresIn: Int32?
    var unknownFields = UnknownStorage()
    init() {}
}

struct Ztenant_Vault_HistoryChunk: Sendable {
    var outcomes: [Ztenant_Vault_Outcome] = []
    var unknownFields = UnknownStorage()
    init() {}
}

struct Ztenant_Vault_ProfileStatus: Sendable {
    var profileID = ""
    var last: Ztenant_Vault_Outcome?
    var since: Double = 0
    var checks: Int32 = 0
    var firstCode: String?
    var unknownFields = UnknownStorage()
    init() {}
}

struct Ztenant_Vault_StatusSection: Sendable {
    var profiles: [Ztenant_Vault_ProfileStatus] = []
    var unknownFields = UnknownStorage()
    init() {}
}

struct Ztenant_Vault_Profile: Sendable {
    var id = ""
    var name = ""
    var baseURL = ""
    var user = ""
    var password = ""
    var entityKind: Int32 = 0
    var entityValue = ""
    var tags: [String] = []
    var notes = ""
    var sessionTimeoutMinutes: Int32 = 0
    var environmentClass = ""
    var oauth = false
    var unknownFields = UnknownStorage()
    init() {}
}

struct Ztenant_Vault_ProfilesSection: Sendable {
    var schema: Int32 = 0
    var profiles: [Ztenant_Vault_Profile] = []
    var activeProfile: String?
    var theme: String?
    var autoLockMinutes: Int32 = 0
    var unknownFields = UnknownStorage()
    init() {}
}

struct Ztenant_Vault_Session: Sendable {
    var profile = ""
    var value = ""
    var obtainedAt: Double = 0
    var lastUsedAt: Double = 0
    var fingerprint = ""
    var expiresAt: Double?
    var unknownFields = UnknownStorage()
    init() {}
}

struct Ztenant_Vault_SessionsSection: Sendable {
    var sessions: [Ztenant_Vault_Session] = []
    var unknownFields = UnknownStorage()
    init() {}
}

// MARK: - Support for the SwiftProtobuf runtime.

extension Ztenant_Vault_Reason: Message, _MessageImplementationBase {
    static let protoMessageName = "ztenant.vault.Reason"

    mutating func decodeMessage<D: Decoder>(decoder: inout D) throws {
        while let fieldNumber = try decoder.nextFieldNumber() {
            switch fieldNumber {
            case 1: try decoder.decodeSingularStringField(value: &code)
            case 2: try decoder.decodeSingularStringField(value: &message)
            default: break
            }
        }
    }

    func traverse<V: Visitor>(visitor: inout V) throws {
        if let code { try visitor.visitSingularStringField(value: code, fieldNumber: 1) }
        if !message.isEmpty { try visitor.visitSingularStringField(value: message, fieldNumber: 2) }
        try unknownFields.traverse(visitor: &visitor)
    }

    static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.code == rhs.code && lhs.message == rhs.message && lhs.unknownFields == rhs.unknownFields
    }
}

extension Ztenant_Vault_RateLimit: Message, _MessageImplementationBase {
    static let protoMessageName = "ztenant.vault.RateLimit"

    mutating func decodeMessage<D: Decoder>(decoder: inout D) throws {
        while let fieldNumber = try decoder.nextFieldNumber() {
            switch fieldNumber {
            case 1: try decoder.decodeSingularInt32Field(value: &limit)
            case 2: try decoder.decodeSingularInt32Field(value: &remaining)
            case 3: try decoder.decodeSingularInt32Field(value: &reset)
            case 4: try decoder.decodeSingularInt32Field(value: &retryAfter)
            default: break
            }
        }
    }

    func traverse<V: Visitor>(visitor: inout V) throws {
        if let limit { try visitor.visitSingularInt32Field(value: limit, fieldNumber: 1) }
        if let remaining { try visitor.visitSingularInt32Field(value: remaining, fieldNumber: 2) }
        if let reset { try visitor.visitSingularInt32Field(value: reset, fieldNumber: 3) }
        if let retryAfter { try visitor.visitSingularInt32Field(value: retryAfter, fieldNumber: 4) }
        try unknownFields.traverse(visitor: &visitor)
    }

    static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.limit == rhs.limit && lhs.remaining == rhs.remaining && lhs.reset == rhs.reset && lhs.retryAfter == rhs.retryAfter
            && lhs.unknownFields == rhs.unknownFields
    }
}

extension Ztenant_Vault_Outcome: Message, _MessageImplementationBase {
    static let protoMessageName = "ztenant.vault.Outcome"

    mutating func decodeMessage<D: Decoder>(decoder: inout D) throws {
        while let fieldNumber = try decoder.nextFieldNumber() {
            switch fieldNumber {
            case 1: try decoder.decodeSingularStringField(value: &status)
            case 2: try decoder.decodeSingularStringField(value: &url)
            case 3: try decoder.decodeSingularInt32Field(value: &httpStatus)
            case 4: try decoder.decodeSingularStringField(value: &cause)
            case 5: try decoder.decodeRepeatedMessageField(value: &reasons)
            case 6: try decoder.decodeSingularStringField(value: &processID)
            case 7: try decoder.decodeSingularStringField(value: &requestID)
            case 8: try decoder.decodeSingularStringField(value: &trackID)
            case 9: try decoder.decodeSingularMessageField(value: &rateLimit)
            case 10: try decoder.decodeSingularStringField(value: &redirectLocation)
            case 11: try decoder.decodeSingularInt32Field(value: &latencyMs)
            case 12: try decoder.decodeSingularDoubleField(value: &checkedAt)
            case 13: try decoder.decodeSingularStringField(value: &detail)
            case 14: try decoder.decodeSingularBoolField(value: &oauth)
            case 15: try decoder.decodeSingularStringField(value: &tenantID)
            case 16: try decoder.decodeSingularStringField(value: &userID)
            case 17: try decoder.decodeRepeatedStringField(value: &entityIds)
            case 18: try decoder.decodeSingularInt32Field(value: &expiresIn)
            default: break
            }
        }
    }

    func traverse<V: Visitor>(visitor: inout V) throws {
        if !status.isEmpty { try visitor.visitSingularStringField(value: status, fieldNumber: 1) }
        if !url.isEmpty { try visitor.visitSingularStringField(value: url, fieldNumber: 2) }
        if let httpStatus { try visitor.visitSingularInt32Field(value: httpStatus, fieldNumber: 3) }
        if let cause { try visitor.visitSingularStringField(value: cause, fieldNumber: 4) }
        if !reasons.isEmpty { try visitor.visitRepeatedMessageField(value: reasons, fieldNumber: 5) }
        if let processID { try visitor.visitSingularStringField(value: processID, fieldNumber: 6) }
        if let requestID { try visitor.visitSingularStringField(value: requestID, fieldNumber: 7) }
        if let trackID { try visitor.visitSingularStringField(value: trackID, fieldNumber: 8) }
        if let rateLimit { try visitor.visitSingularMessageField(value: rateLimit, fieldNumber: 9) }
        if let redirectLocation { try visitor.visitSingularStringField(value: redirectLocation, fieldNumber: 10) }
        if let latencyMs { try visitor.visitSingularInt32Field(value: latencyMs, fieldNumber: 11) }
        if checkedAt != 0 { try visitor.visitSingularDoubleField(value: checkedAt, fieldNumber: 12) }
        if !detail.isEmpty { try visitor.visitSingularStringField(value: detail, fieldNumber: 13) }
        if oauth { try visitor.visitSingularBoolField(value: oauth, fieldNumber: 14) }
        if let tenantID { try visitor.visitSingularStringField(value: tenantID, fieldNumber: 15) }
        if let userID { try visitor.visitSingularStringField(value: userID, fieldNumber: 16) }
        if !entityIds.isEmpty { try visitor.visitRepeatedStringField(value: entityIds, fieldNumber: 17) }
        if let expiresIn { try visitor.visitSingularInt32Field(value: expiresIn, fieldNumber: 18) }
        try unknownFields.traverse(visitor: &visitor)
    }

    static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.status == rhs.status && lhs.url == rhs.url && lhs.httpStatus == rhs.httpStatus && lhs.cause == rhs.cause
            && lhs.reasons == rhs.reasons && lhs.processID == rhs.processID && lhs.requestID == rhs.requestID
            && lhs.trackID == rhs.trackID && lhs.rateLimit == rhs.rateLimit && lhs.redirectLocation == rhs.redirectLocation
            && lhs.latencyMs == rhs.latencyMs && lhs.checkedAt == rhs.checkedAt && lhs.detail == rhs.detail
            && lhs.oauth == rhs.oauth && lhs.tenantID == rhs.tenantID && lhs.userID == rhs.userID && lhs.entityIds == rhs.entityIds
            && lhs.expiresIn == rhs.expiresIn
            && lhs.unknownFields == rhs.unknownFields
    }
}

extension Ztenant_Vault_HistoryChunk: Message, _MessageImplementationBase {
    static let protoMessageName = "ztenant.vault.HistoryChunk"

    mutating func decodeMessage<D: Decoder>(decoder: inout D) throws {
        while let fieldNumber = try decoder.nextFieldNumber() {
            switch fieldNumber {
            case 1: try decoder.decodeRepeatedMessageField(value: &outcomes)
            default: break
            }
        }
    }

    func traverse<V: Visitor>(visitor: inout V) throws {
        if !outcomes.isEmpty { try visitor.visitRepeatedMessageField(value: outcomes, fieldNumber: 1) }
        try unknownFields.traverse(visitor: &visitor)
    }

    static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.outcomes == rhs.outcomes && lhs.unknownFields == rhs.unknownFields
    }
}

extension Ztenant_Vault_ProfileStatus: Message, _MessageImplementationBase {
    static let protoMessageName = "ztenant.vault.ProfileStatus"

    mutating func decodeMessage<D: Decoder>(decoder: inout D) throws {
        while let fieldNumber = try decoder.nextFieldNumber() {
            switch fieldNumber {
            case 1: try decoder.decodeSingularStringField(value: &profileID)
            case 2: try decoder.decodeSingularMessageField(value: &last)
            case 3: try decoder.decodeSingularDoubleField(value: &since)
            case 4: try decoder.decodeSingularInt32Field(value: &checks)
            case 5: try decoder.decodeSingularStringField(value: &firstCode)
            default: break
            }
        }
    }

    func traverse<V: Visitor>(visitor: inout V) throws {
        if !profileID.isEmpty { try visitor.visitSingularStringField(value: profileID, fieldNumber: 1) }
        if let last { try visitor.visitSingularMessageField(value: last, fieldNumber: 2) }
        if since != 0 { try visitor.visitSingularDoubleField(value: since, fieldNumber: 3) }
        if checks != 0 { try visitor.visitSingularInt32Field(value: checks, fieldNumber: 4) }
        if let firstCode { try visitor.visitSingularStringField(value: firstCode, fieldNumber: 5) }
        try unknownFields.traverse(visitor: &visitor)
    }

    static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.profileID == rhs.profileID && lhs.last == rhs.last && lhs.since == rhs.since && lhs.checks == rhs.checks
            && lhs.firstCode == rhs.firstCode && lhs.unknownFields == rhs.unknownFields
    }
}

extension Ztenant_Vault_StatusSection: Message, _MessageImplementationBase {
    static let protoMessageName = "ztenant.vault.StatusSection"

    mutating func decodeMessage<D: Decoder>(decoder: inout D) throws {
        while let fieldNumber = try decoder.nextFieldNumber() {
            switch fieldNumber {
            case 1: try decoder.decodeRepeatedMessageField(value: &profiles)
            default: break
            }
        }
    }

    func traverse<V: Visitor>(visitor: inout V) throws {
        if !profiles.isEmpty { try visitor.visitRepeatedMessageField(value: profiles, fieldNumber: 1) }
        try unknownFields.traverse(visitor: &visitor)
    }

    static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.profiles == rhs.profiles && lhs.unknownFields == rhs.unknownFields
    }
}

extension Ztenant_Vault_Profile: Message, _MessageImplementationBase {
    static let protoMessageName = "ztenant.vault.Profile"

    mutating func decodeMessage<D: Decoder>(decoder: inout D) throws {
        while let fieldNumber = try decoder.nextFieldNumber() {
            switch fieldNumber {
            case 1: try decoder.decodeSingularStringField(value: &id)
            case 2: try decoder.decodeSingularStringField(value: &name)
            case 3: try decoder.decodeSingularStringField(value: &baseURL)
            case 4: try decoder.decodeSingularStringField(value: &user)
            case 5: try decoder.decodeSingularStringField(value: &password)
            case 6: try decoder.decodeSingularInt32Field(value: &entityKind)
            case 7: try decoder.decodeSingularStringField(value: &entityValue)
            case 8: try decoder.decodeRepeatedStringField(value: &tags)
            case 9: try decoder.decodeSingularStringField(value: &notes)
            case 10: try decoder.decodeSingularInt32Field(value: &sessionTimeoutMinutes)
            case 11: try decoder.decodeSingularStringField(value: &environmentClass)
            case 12: try decoder.decodeSingularBoolField(value: &oauth)
            default: break
            }
        }
    }

    func traverse<V: Visitor>(visitor: inout V) throws {
        if !id.isEmpty { try visitor.visitSingularStringField(value: id, fieldNumber: 1) }
        if !name.isEmpty { try visitor.visitSingularStringField(value: name, fieldNumber: 2) }
        if !baseURL.isEmpty { try visitor.visitSingularStringField(value: baseURL, fieldNumber: 3) }
        if !user.isEmpty { try visitor.visitSingularStringField(value: user, fieldNumber: 4) }
        if !password.isEmpty { try visitor.visitSingularStringField(value: password, fieldNumber: 5) }
        if entityKind != 0 { try visitor.visitSingularInt32Field(value: entityKind, fieldNumber: 6) }
        if !entityValue.isEmpty { try visitor.visitSingularStringField(value: entityValue, fieldNumber: 7) }
        if !tags.isEmpty { try visitor.visitRepeatedStringField(value: tags, fieldNumber: 8) }
        if !notes.isEmpty { try visitor.visitSingularStringField(value: notes, fieldNumber: 9) }
        if sessionTimeoutMinutes != 0 { try visitor.visitSingularInt32Field(value: sessionTimeoutMinutes, fieldNumber: 10) }
        if !environmentClass.isEmpty { try visitor.visitSingularStringField(value: environmentClass, fieldNumber: 11) }
        if oauth { try visitor.visitSingularBoolField(value: oauth, fieldNumber: 12) }
        try unknownFields.traverse(visitor: &visitor)
    }

    static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.id == rhs.id && lhs.name == rhs.name && lhs.baseURL == rhs.baseURL && lhs.user == rhs.user
            && lhs.password == rhs.password && lhs.entityKind == rhs.entityKind && lhs.entityValue == rhs.entityValue
            && lhs.tags == rhs.tags && lhs.notes == rhs.notes && lhs.sessionTimeoutMinutes == rhs.sessionTimeoutMinutes
            && lhs.environmentClass == rhs.environmentClass && lhs.oauth == rhs.oauth && lhs.unknownFields == rhs.unknownFields
    }
}

extension Ztenant_Vault_ProfilesSection: Message, _MessageImplementationBase {
    static let protoMessageName = "ztenant.vault.ProfilesSection"

    mutating func decodeMessage<D: Decoder>(decoder: inout D) throws {
        while let fieldNumber = try decoder.nextFieldNumber() {
            switch fieldNumber {
            case 1: try decoder.decodeSingularInt32Field(value: &schema)
            case 2: try decoder.decodeRepeatedMessageField(value: &profiles)
            case 3: try decoder.decodeSingularStringField(value: &activeProfile)
            case 4: try decoder.decodeSingularStringField(value: &theme)
            case 5: try decoder.decodeSingularInt32Field(value: &autoLockMinutes)
            default: break
            }
        }
    }

    func traverse<V: Visitor>(visitor: inout V) throws {
        if schema != 0 { try visitor.visitSingularInt32Field(value: schema, fieldNumber: 1) }
        if !profiles.isEmpty { try visitor.visitRepeatedMessageField(value: profiles, fieldNumber: 2) }
        if let activeProfile { try visitor.visitSingularStringField(value: activeProfile, fieldNumber: 3) }
        if let theme { try visitor.visitSingularStringField(value: theme, fieldNumber: 4) }
        if autoLockMinutes != 0 { try visitor.visitSingularInt32Field(value: autoLockMinutes, fieldNumber: 5) }
        try unknownFields.traverse(visitor: &visitor)
    }

    static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.schema == rhs.schema && lhs.profiles == rhs.profiles && lhs.activeProfile == rhs.activeProfile
            && lhs.theme == rhs.theme && lhs.autoLockMinutes == rhs.autoLockMinutes && lhs.unknownFields == rhs.unknownFields
    }
}

extension Ztenant_Vault_Session: Message, _MessageImplementationBase {
    static let protoMessageName = "ztenant.vault.Session"

    mutating func decodeMessage<D: Decoder>(decoder: inout D) throws {
        while let fieldNumber = try decoder.nextFieldNumber() {
            switch fieldNumber {
            case 1: try decoder.decodeSingularStringField(value: &profile)
            case 2: try decoder.decodeSingularStringField(value: &value)
            case 3: try decoder.decodeSingularDoubleField(value: &obtainedAt)
            case 4: try decoder.decodeSingularDoubleField(value: &lastUsedAt)
            case 5: try decoder.decodeSingularStringField(value: &fingerprint)
            case 6: try decoder.decodeSingularDoubleField(value: &expiresAt)
            default: break
            }
        }
    }

    func traverse<V: Visitor>(visitor: inout V) throws {
        if !profile.isEmpty { try visitor.visitSingularStringField(value: profile, fieldNumber: 1) }
        if !value.isEmpty { try visitor.visitSingularStringField(value: value, fieldNumber: 2) }
        if obtainedAt != 0 { try visitor.visitSingularDoubleField(value: obtainedAt, fieldNumber: 3) }
        if lastUsedAt != 0 { try visitor.visitSingularDoubleField(value: lastUsedAt, fieldNumber: 4) }
        if !fingerprint.isEmpty { try visitor.visitSingularStringField(value: fingerprint, fieldNumber: 5) }
        if let expiresAt { try visitor.visitSingularDoubleField(value: expiresAt, fieldNumber: 6) }
        try unknownFields.traverse(visitor: &visitor)
    }

    static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.profile == rhs.profile && lhs.value == rhs.value && lhs.obtainedAt == rhs.obtainedAt
            && lhs.lastUsedAt == rhs.lastUsedAt && lhs.fingerprint == rhs.fingerprint && lhs.expiresAt == rhs.expiresAt
            && lhs.unknownFields == rhs.unknownFields
    }
}

extension Ztenant_Vault_SessionsSection: Message, _MessageImplementationBase {
    static let protoMessageName = "ztenant.vault.SessionsSection"

    mutating func decodeMessage<D: Decoder>(decoder: inout D) throws {
        while let fieldNumber = try decoder.nextFieldNumber() {
            switch fieldNumber {
            case 1: try decoder.decodeRepeatedMessageField(value: &sessions)
            default: break
            }
        }
    }

    func traverse<V: Visitor>(visitor: inout V) throws {
        if !sessions.isEmpty { try visitor.visitRepeatedMessageField(value: sessions, fieldNumber: 1) }
        try unknownFields.traverse(visitor: &visitor)
    }

    static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.sessions == rhs.sessions && lhs.unknownFields == rhs.unknownFields
    }
}
