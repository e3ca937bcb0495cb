import Foundation

/// What the UI tests (ios/AppUITests) ask of a debug build through its launch environment: the
/// app reads it only in debug builds (`#if DEBUG`), so a release build ignores all of it.
public struct UITestLaunch: Sendable, Equatable {
    public static let resetKey = "OTPKIT_UITEST_RESET"
    public static let pickedFileKey = "OTPKIT_UITEST_PICKED_FILE"
    public static let frameKey = "OTPKIT_UITEST_FRAME"

    /// Start as a fresh install: no vault, no preferences (`OTPKIT_UITEST_RESET=1`).
    public let reset: Bool
    /// The file the file importer hands over instead of showing itself, base64 in the
    /// environment: the system's importer is out of a UI test's reach.
    public let pickedFile: Data?
    /// An image of a QR code, base64 in the environment, that a button under the camera feeds
    /// to the scanner as a camera frame (the simulator has no camera).
    public let frame: Data?

    public init(environment: [String: String]) {
        reset = environment[Self.resetKey] == "1"
        pickedFile = environment[Self.pickedFileKey].flatMap { Data(base64Encoded: $0) }
        frame = environment[Self.frameKey].flatMap { Data(base64Encoded: $0) }
    }

    /// `pickedFile` as the file importer's answer.
    public var pickedSource: (any ImportSource)? { pickedFile.map(PickedBytes.init) }

    private struct PickedBytes: ImportSource {
        let bytes: Data
        func read() throws -> Data { bytes }
    }
}
