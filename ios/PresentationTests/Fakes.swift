import Foundation
import OtpKitPresentation

/// The test clock: Unix milliseconds, moved by hand.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var ms: Int64

    init(_ ms: Int64) { self.ms = ms }

    var nowMs: Int64 {
        get { lock.lock(); defer { lock.unlock() }; return ms }
        set { lock.lock(); ms = newValue; lock.unlock() }
    }

    var read: @Sendable () -> Int64 { { self.nowMs } }
}

/// A ticker that ticks only when the test says so.
actor ManualTicker: Ticker {
    private var waiters: [CheckedContinuation<Void, Error>] = []
    private var pending = 0

    func waitForTick() async throws {
        if pending > 0 {
            pending -= 1
            return
        }
        try await withCheckedThrowingContinuation { waiters.append($0) }
    }

    func tick() {
        if waiters.isEmpty { pending += 1 } else { waiters.removeFirst().resume() }
    }
}

/// Something a test holds weakly, to see when the code holding it is let go.
final class Probe: Sendable {}

struct TestQr: ScannedQr {
    let kind: ScannedKind
    let previewResult: UriPreview?
    var addResult: ImportResult? = nil
    /// Held as long as the code is: Rust's handle goes with the last reference.
    var probe: Probe? = nil

    func preview() throws -> UriPreview {
        guard let previewResult else { throw OtpKitFailure(.invalidInput, ErrorText.of("not_an_authenticator_code"), message: "not an authenticator code") }
        return previewResult
    }
}

final class TestScanner: QrFrameScanner, @unchecked Sendable {
    private let lock = NSLock()
    private var _next: [any ScannedQr] = []
    private var _frames = 0

    var next: [any ScannedQr] {
        get { lock.lock(); defer { lock.unlock() }; return _next }
        set { lock.lock(); _next = newValue; lock.unlock() }
    }

    var frames: Int { lock.lock(); defer { lock.unlock() }; return _frames }

    func scanLuma(_ frame: LumaFrame) throws -> [any ScannedQr] {
        lock.lock()
        defer { lock.unlock() }
        _frames += 1
        return _next
    }

    /// Export codes, tracked as Rust's ExportBatchTracker does: several exports at once, a code
    /// seen before changes nothing, a code whose part count disagrees with its export's earlier
    /// codes is refused, a complete export leaves the tracker when taken.
    private var _exports: [Int: (size: Int, parts: [Int: TestQr])] = [:]

    var exportIds: [Int] { lock.lock(); defer { lock.unlock() }; return _exports.keys.sorted() }

    func recordExportPart(_ code: any ScannedQr) throws -> ExportBatchProgress {
        guard let part = try code.preview().exportPart, let qr = code as? TestQr else {
            throw OtpKitFailure(.invalidInput, ErrorText.of("not_an_export_code"), message: "not an export code")
        }
        lock.lock()
        defer { lock.unlock() }
        let size = max(part.size, 1)
        var export = _exports[part.batchId] ?? (size, [:])
        guard export.size == size else {
            throw OtpKitFailure(
                .invalidInput, ErrorText.of("export_parts_disagree", value: Int64(export.size), length: Int64(size)),
                message: "this code says its export has \(size) parts, but the codes scanned before said \(export.size)")
        }
        if export.parts[part.index] == nil { export.parts[part.index] = qr }
        _exports[part.batchId] = export
        return progress(part.batchId, export)
    }

    private func progress(_ batchId: Int, _ export: (size: Int, parts: [Int: TestQr])) -> ExportBatchProgress {
        let missing = (0..<export.size).filter { export.parts[$0] == nil }
        return ExportBatchProgress(
            batchId: batchId, size: export.size, seen: export.parts.keys.sorted(), missing: missing,
            complete: missing.isEmpty)
    }

    func seen(_ batchId: Int) -> [Int] {
        lock.lock()
        defer { lock.unlock() }
        return _exports[batchId].map { $0.parts.keys.sorted() } ?? []
    }

    func takeCompleteExport(batchId: Int) -> (any ScannedExport)? {
        lock.lock()
        defer { lock.unlock() }
        guard let export = _exports[batchId], export.parts.count == export.size else { return nil }
        _exports[batchId] = nil
        return TestExport(batchId: batchId, parts: export.parts.keys.sorted().map { export.parts[$0]! })
    }

    func resetExports() {
        lock.lock()
        _exports = [:]
        lock.unlock()
    }
}

struct TestExport: ScannedExport {
    let batchId: Int
    let parts: [TestQr]
    var partCount: Int { parts.count }
}

/// A picked file whose reading the test writes.
struct TestFile: ImportSource {
    let body: @Sendable () throws -> Data

    init(_ body: @escaping @Sendable () throws -> Data) {
        self.body = body
    }

    func read() throws -> Data { try body() }
}

/// A picked image whose decoding the test writes.
struct TestImage: PickedImage {
    let body: @Sendable () throws -> LumaFrame

    init(_ body: @escaping @Sendable () throws -> LumaFrame) {
        self.body = body
    }

    func decode() throws -> LumaFrame { try body() }
}

/// A value shared between a test and the threads it starts.
final class Locked<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var _value: T

    init(_ value: T) {
        _value = value
    }

    var value: T {
        get { lock.lock(); defer { lock.unlock() }; return _value }
        set { lock.lock(); _value = newValue; lock.unlock() }
    }
}

/// An in-memory vault: codes computed from a per-account seed and the clock, so a new time step
/// gives a new code. Tests set what the next call answers or throws.
actor TestRepository: AccountsRepository {
    let clock: TestClock
    var accountList: [Account] = []
    var calls: [String] = []
    var failNext: OtpKitFailure?
    var driftReport = DriftReport(status: .ok, message: "Your phone's clock is right.", offsetMs: 120, fresh: true)
    var previewResult: UriPreview?
    var addResult = ImportResult(added: ["GitHub: ada@example.com"], duplicates: [], normalised: [], rejected: [])
    var addedUris: [String] = []
    var importPassword: String?
    var importPasswords: [String?] = []
    private var hotpCounter: Int64 = 0
    private nonisolated let hub = ChangeHub()

    init(clock: TestClock, accounts: [Account] = []) {
        self.clock = clock
        self.accountList = accounts
    }

    func set(_ update: (isolated TestRepository) -> Void) { update(self) }

    func count(_ call: String) -> Int { calls.filter { $0 == call }.count }

    nonisolated func changes() -> AsyncStream<Void> { hub.stream() }

    private func changed() { hub.send() }

    private func record(_ call: String) throws {
        calls.append(call)
        if closed.value { throw OtpKitFailure(.cancelled, Texts.failureLocked) }
        if let failure = failNext {
            failNext = nil
            throw failure
        }
    }

    /// Calls that wait, once made, until `release` (work in flight, for tests of a reset).
    private var held: Set<String> = []
    private var waiting: [String: [CheckedContinuation<Void, Never>]] = [:]

    func hold(_ call: String) { held.insert(call) }

    func release(_ call: String) {
        held.remove(call)
        waiting.removeValue(forKey: call)?.forEach { $0.resume() }
    }

    private func pass(_ call: String) async {
        guard held.contains(call) else { return }
        await withCheckedContinuation { waiting[call, default: []].append($0) }
    }

    private func code(_ id: String, _ step: Int64) -> String {
        let seed = Int64(id.unicodeScalars.reduce(0) { $0 * 31 + Int($1.value) })
        return String(format: "%06lld", ((seed * 7 + step * 7919) % 1_000_000 + 1_000_000) % 1_000_000)
    }

    func accounts() async throws -> [Account] {
        try record("accounts")
        return accountList
    }

    /// Accounts another process saved, taken in by the next `reloadIfChanged`.
    var savedElsewhere: [Account] = []

    func reloadIfChanged() async throws {
        try record("reloadIfChanged")
        guard !savedElsewhere.isEmpty else { return }
        accountList += savedElsewhere
        savedElsewhere = []
        changed()
    }

    func codes() async throws -> [AccountCode] {
        try record("codes")
        let unix = clock.nowMs / 1000
        return accountList.map { account in
            guard let period = account.periodSeconds.map(Int64.init) else { return AccountCode(accountId: account.id, code: nil) }
            let step = unix / period
            return AccountCode(
                accountId: account.id,
                code: Code(value: code(account.id, step), next: code(account.id, step + 1), validUntilUnix: (step + 1) * period, periodSeconds: Int(period)))
        }
    }

    func nextHotpCode(accountId: String) async throws -> Code {
        try record("nextHotpCode")
        hotpCounter += 1
        return Code(value: code(accountId, hotpCounter), next: code(accountId, hotpCounter + 1), validUntilUnix: nil, periodSeconds: nil)
    }

    func rename(accountId: String, label: String) async throws {
        try record("rename")
        if let i = accountList.firstIndex(where: { $0.id == accountId }) { accountList[i].label = label }
        changed()
    }

    func remove(accountId: String) async throws {
        try record("remove")
        accountList.removeAll { $0.id == accountId }
        changed()
    }

    func previewUri(_ uri: String) async throws -> UriPreview {
        try record("previewUri")
        await pass("previewUri")
        guard let previewResult else { throw OtpKitFailure(.invalidInput, ErrorText.of("not_an_authenticator_code"), message: "no preview set") }
        return previewResult
    }

    func addUri(_ uri: String) async throws -> ImportResult {
        try record("addUri")
        addedUris.append(uri)
        return addResult
    }

    func addScanned(_ code: any ScannedQr) async throws -> ImportResult {
        try record("addScanned")
        return (code as? TestQr)?.addResult ?? addResult
    }

    /// Adds an export as Rust does: every part's accounts in one save, one report.
    func addExport(_ export: any ScannedExport) async throws -> ImportResult {
        try record("addExport")
        let results = (export as! TestExport).parts.map { $0.addResult ?? addResult }
        return ImportResult(
            added: results.flatMap(\.added), duplicates: results.flatMap(\.duplicates),
            normalised: results.flatMap(\.normalised), rejected: results.flatMap(\.rejected))
    }

    func exportBackup(passphrase: String, path: String) async throws {
        try record("exportBackup")
        await pass("exportBackup")
    }

    func importBackup(_ contents: Data, password: String?) async throws -> ImportResult {
        try record("importBackup")
        importPasswords.append(password)
        if let importPassword {
            guard let password else { throw OtpKitFailure(.passwordRequired, ErrorText.of("import_password_required"), message: "the file is encrypted: enter its password") }
            guard password == importPassword else { throw OtpKitFailure(.wrongPassphrase, ErrorText.of("import_wrong_password"), message: "wrong password for the file") }
        }
        return addResult
    }

    func checkClock(manual: Bool) async throws -> DriftReport {
        try record("checkClock")
        return driftReport
    }

    /// The vault's key slots; `biometricKeyWorks` false: the platform refuses to make a key.
    var methods: Set<UnlockMethod> = [.passphrase]
    var biometricKeyWorks = true
    var passphrase: String?

    func unlockMethods() async throws -> Set<UnlockMethod> {
        try record("unlockMethods")
        return methods
    }

    func enableBiometricUnlock() async throws {
        try record("enableBiometricUnlock")
        await biometricSheet?.wait()
        guard biometricKeyWorks else { throw OtpKitFailure(.keyUnavailable, ErrorText.of("keystore_unavailable"), message: "unavailable: no biometrics enrolled") }
        methods.insert(.biometrics)
    }

    func setPassphrase(_ passphrase: String) async throws {
        try record("setPassphrase")
        self.passphrase = passphrase
        methods.insert(.passphrase)
    }

    func disableBiometricUnlock() async throws {
        try record("disableBiometricUnlock")
        if methods == [.biometrics] {
            throw OtpKitFailure(.lastKeySlot, ErrorText.of("last_slot"), message: "this is the vault's last key slot")
        }
        methods.remove(.biometrics)
    }

    /// The re-keys made: the passphrase and whether Face ID was kept.
    var rekeys: [(String, Bool)] = []
    /// When set, a re-key that keeps Face ID fails so (the sheet closed, the key store refused).
    var rekeyBiometricFailure: OtpKitFailure?

    func changePassphrase(_ passphrase: String, keepBiometrics: Bool) async throws {
        try record("changePassphrase")
        if keepBiometrics, let failure = rekeyBiometricFailure { throw failure }
        rekeys.append((passphrase, keepBiometrics))
        self.passphrase = passphrase
        methods = keepBiometrics ? [.passphrase, .biometrics] : [.passphrase]
    }

    /// The clock correction in use; `correctionRefusal` refuses turning it on, as the vault does without a good check.
    var correctionMs: Int64?
    var correctionRefusal: OtpKitFailure?

    func clockCorrectionMs() async throws -> Int64? {
        try record("clockCorrectionMs")
        return correctionMs
    }

    func turnOnClockCorrection() async throws -> Int64 {
        try record("turnOnClockCorrection")
        if let correctionRefusal { throw correctionRefusal }
        guard let offset = driftReport.offsetMs else {
            throw OtpKitFailure(.invalidInput, ErrorText.of("correction_no_agreement"), message: "no agreement")
        }
        correctionMs = offset
        return offset
    }

    func turnOffClockCorrection() async throws {
        try record("turnOffClockCorrection")
        correctionMs = nil
    }

    /// The codes handed out by `transferCodes`, to check they are cleared.
    var transferred: [TransferCode] = []
    var transferRequests: [[String]] = []
    var accountsPerCode = 2

    func transferCodes(accountIds: [String]) async throws -> [TransferCode] {
        try record("transferCodes")
        transferRequests.append(accountIds)
        let chunks = stride(from: 0, to: accountIds.count, by: accountsPerCode).map {
            Array(accountIds[$0..<min($0 + accountsPerCode, accountIds.count)])
        }
        let codes = chunks.enumerated().map { i, chunk in
            TransferCode(
                index: i, count: chunks.count, accountCount: chunk.count, size: 21,
                modules: (0..<(21 * 21)).map { UInt8(($0 + i) % 2) })
        }
        transferred += codes
        return codes
    }

    /// Set by `close()`; a closed fake refuses every call as locked.
    nonisolated let closed = Locked(false)

    nonisolated func close() {
        closed.value = true
    }

    /// When set, turning Face ID on waits for it, as the sheet does.
    var biometricSheet: Sheet?
}

/// A Face ID sheet the test answers by hand: `wait()` returns once `release()` is called.
actor Sheet {
    private var released = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func wait() async {
        if released { return }
        await withCheckedContinuation { waiters.append($0) }
    }

    func release() {
        released = true
        waiters.forEach { $0.resume() }
        waiters = []
    }
}

/// The app's preferences in memory.
final class TestSettingsStore: SettingsStore, @unchecked Sendable {
    var autoLock: AutoLockDelay
    var biometricUnlock: Bool
    var pendingFirstRun: FirstRunWay?

    init(autoLock: AutoLockDelay = .default, biometricUnlock: Bool = true, pendingFirstRun: FirstRunWay? = nil) {
        self.autoLock = autoLock
        self.biometricUnlock = biometricUnlock
        self.pendingFirstRun = pendingFirstRun
    }
}

/// A lock timer the test fires by hand: `fire(_:)` runs what is due after that many ms.
final class ManualLockTimer: LockTimer, @unchecked Sendable {
    final class Scheduled: Cancellable, @unchecked Sendable {
        let afterMs: Int64
        let action: @Sendable () -> Void
        var cancelled = false
        init(_ afterMs: Int64, _ action: @escaping @Sendable () -> Void) {
            self.afterMs = afterMs
            self.action = action
        }
        func cancel() { cancelled = true }
    }

    var scheduled: [Scheduled] = []
    var pending: [Scheduled] { scheduled.filter { !$0.cancelled } }

    func schedule(afterMs: Int64, _ action: @escaping @Sendable () -> Void) -> any Cancellable {
        let entry = Scheduled(afterMs, action)
        scheduled.append(entry)
        return entry
    }

    /// Runs every waiting timer set for `elapsedMs` or less.
    func fire(_ elapsedMs: Int64) {
        for entry in pending where entry.afterMs <= elapsedMs {
            entry.cancelled = true
            entry.action()
        }
    }
}


/// Opens `repository` the way the Rust module does: the passphrase must match the one the vault
/// was created with; the biometric key can be lost (`biometricKeyLost`) as a Face ID change does.
final class TestVaultOpener: VaultOpener, @unchecked Sendable {
    let repository: TestRepository
    private let lock = NSLock()
    private var exists: Bool
    private var lost = false
    private var closed = false
    private var _calls: [String] = []

    init(_ repository: TestRepository, exists: Bool) {
        self.repository = repository
        self.exists = exists
    }

    var vaultExists: Bool { lock.lock(); defer { lock.unlock() }; return exists }
    var biometricKeyLost: Bool {
        get { lock.lock(); defer { lock.unlock() }; return lost }
        set { lock.lock(); lost = newValue; lock.unlock() }
    }
    /// The user closes the Face ID sheet instead of answering it.
    var promptClosed: Bool {
        get { lock.lock(); defer { lock.unlock() }; return closed }
        set { lock.lock(); closed = newValue; lock.unlock() }
    }
    var calls: [String] { lock.lock(); defer { lock.unlock() }; return _calls }

    private func record(_ call: String) { lock.lock(); _calls.append(call); lock.unlock() }

    func create(passphrase: String) async throws -> any AccountsRepository {
        record("create")
        lock.lock()
        let existed = exists
        exists = true
        lock.unlock()
        guard !existed else { throw OtpKitFailure(.invalidInput, ErrorText.of("file_exists"), message: "create over an existing vault") }
        await repository.set { $0.methods = [.passphrase]; $0.passphrase = passphrase }
        return repository
    }

    func openWithPassphrase(_ passphrase: String) async throws -> any AccountsRepository {
        record("openWithPassphrase")
        guard await repository.methods.contains(.passphrase) else {
            throw OtpKitFailure(.invalidInput, ErrorText.of("no_such_slot"), message: "this vault has no passphrase slot: unlock it another way")
        }
        guard await repository.passphrase == passphrase else { throw OtpKitFailure(.wrongPassphrase, ErrorText.of("wrong_passphrase"), message: "wrong passphrase") }
        return repository
    }

    func openWithBiometrics() async throws -> any AccountsRepository {
        record("openWithBiometrics")
        if promptClosed { throw OtpKitFailure(.cancelled, ErrorText.of("key_prompt_cancelled"), message: "the user closed the sheet") }
        guard !biometricKeyLost, await repository.methods.contains(.biometrics) else {
            throw OtpKitFailure(.keyUnavailable, ErrorText.of("keystore_unavailable"), message: "unavailable: Face ID changed since unlock was set up")
        }
        return repository
    }
}

func account(_ id: String, _ issuer: String?, _ label: String, period: Int? = 30, group: String? = nil) -> Account {
    Account(
        id: id, type: period == nil ? .hotp : .totp, issuer: issuer, label: label,
        displayName: issuer.map { "\($0): \(label)" } ?? label, digits: 6, periodSeconds: period, group: group, note: nil)
}

func preview(_ names: [(String?, String)], part: ExportPart? = nil) -> UriPreview {
    UriPreview(
        accounts: names.map { AccountPreview(type: .totp, issuer: $0.0, label: $0.1, digits: 6, periodSeconds: 30) },
        warnings: [], rejected: [], exportPart: part)
}

extension CodesUiState {
    var list: CodesList? {
        if case .ready(let list) = self { return list }
        return nil
    }
}

/// The fake's change notifications: registered at once, so no change is missed.
final class ChangeHub: @unchecked Sendable {
    private let lock = NSLock()
    private var continuations: [AsyncStream<Void>.Continuation] = []

    func stream() -> AsyncStream<Void> {
        AsyncStream { continuation in
            lock.lock()
            continuations.append(continuation)
            lock.unlock()
        }
    }

    func send() {
        lock.lock()
        let targets = continuations
        lock.unlock()
        targets.forEach { $0.yield() }
    }
}
