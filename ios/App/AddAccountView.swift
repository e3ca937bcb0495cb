import AVFoundation
import OtpKitAppSupport
import OtpKitPresentation
import SwiftUI

/// Add by camera scan, from an image, by hand, or from an otpauth link: the rows are
/// `JourneyRows.add`'s, the camera preview and its permission are drawn and asked here.
struct AddAccountView: View {
    @Environment(\.dismiss) private var dismiss
    @Environment(\.scenePhase) private var scenePhase
    /// The link the sheet was opened with, added (after the preview) as the sheet appears.
    let link: String?
    /// The first run's transfer: what to scan, above the camera; and where Done goes.
    let header: [Row]
    let onDone: (() -> Void)?
    // In @State with the first `observed`, as in CodesView: the parent's body re-runs every
    // second, and with it this view's `init`.
    @State private var vm: AddAccountViewModel
    @StateObject private var observed: Observed<AddAccountUiState>
    @State private var camera = CameraAccess.initial(granted: AVCaptureDevice.authorizationStatus(for: .video) == .authorized)

    init(vm: AddAccountViewModel, link: String?, header: [Row] = [], onDone: (() -> Void)? = nil) {
        _vm = State(initialValue: vm)
        _observed = StateObject(wrappedValue: Observed(vm.states))
        self.link = link
        self.header = header
        self.onDone = onDone
    }

    var body: some View {
        let rows = JourneyRows.add(observed.state, vm: vm, camera: camera, openSettings: {
            await MainActor.run { if let url = URL(string: UIApplication.openSettingsURLString) { UIApplication.shared.open(url) } }
        }, done: { [onDone, dismiss] in
            await MainActor.run { if let onDone { onDone() } else { dismiss() } }
        })
        // The camera row keeps its place while the camera is on, so an export's codes are read by
        // one camera view that keeps running.
        RowsView(rows: header + rows, camera: AnyView(CameraView(onFrame: { [vm] in vm.onFrame($0) }).frame(height: 300).frameInput(vm)))
            .task {
                if let link { await vm.submitLink(link) }
            }
            .task {
                // Asked once as the sheet opens; the decisions are CameraAccess's.
                if CameraAccess.shouldAsk(camera) {
                    camera = CameraAccess.answered(granted: await AVCaptureDevice.requestAccess(for: .video))
                }
            }
            // Back from Settings, where the user may have allowed the camera.
            .onChange(of: scenePhase) { phase in
                if phase == .active {
                    camera = CameraAccess.resumed(camera, granted: AVCaptureDevice.authorizationStatus(for: .video) == .authorized)
                }
            }
    }
}

extension View {
    /// Debug builds started by the UI tests with a frame (`UITestLaunch.frame`, an image of a QR
    /// code): a button under the camera decodes it and hands it to the scanner as the camera
    /// does. Release builds draw the camera alone.
    @ViewBuilder fileprivate func frameInput(_ vm: AddAccountViewModel) -> some View {
        #if DEBUG
        if let image = UITestLaunch(environment: ProcessInfo.processInfo.environment).frame {
            VStack {
                self
                Button {
                    Task.detached { if let frame = try? PlatformPickedImage(data: image).decode() { vm.onFrame(frame) } }
                } label: {
                    Text(verbatim: "Camera frame")
                }
                .buttonStyle(.borderless)
                .accessibilityIdentifier("camera_frame_input")
            }
        } else {
            self
        }
        #else
        self
        #endif
    }
}

/// The camera preview; AVCaptureVideoDataOutput hands each frame's Y plane (420f, plane 0) with
/// its bytesPerRow to the scanner on the capture queue.
private struct CameraView: UIViewRepresentable {
    let onFrame: @Sendable (LumaFrame) -> Void

    func makeUIView(context: Context) -> PreviewView {
        let view = PreviewView()
        context.coordinator.start(on: view)
        return view
    }

    func updateUIView(_ view: PreviewView, context: Context) {}

    static func dismantleUIView(_ view: PreviewView, coordinator: Coordinator) { coordinator.stop() }

    func makeCoordinator() -> Coordinator { Coordinator(onFrame: onFrame) }

    final class PreviewView: UIView {
        override class var layerClass: AnyClass { AVCaptureVideoPreviewLayer.self }
        var previewLayer: AVCaptureVideoPreviewLayer { layer as! AVCaptureVideoPreviewLayer }  // swiftlint:disable:this force_cast
    }

    final class Coordinator: NSObject, AVCaptureVideoDataOutputSampleBufferDelegate, @unchecked Sendable {
        private let session = AVCaptureSession()
        private let queue = DispatchQueue(label: "dev.otpkit.camera")
        private let onFrame: @Sendable (LumaFrame) -> Void

        init(onFrame: @escaping @Sendable (LumaFrame) -> Void) {
            self.onFrame = onFrame
        }

        func start(on view: PreviewView) {
            guard let camera = AVCaptureDevice.default(.builtInWideAngleCamera, for: .video, position: .back),
                let input = try? AVCaptureDeviceInput(device: camera), session.canAddInput(input)
            else { return }
            session.sessionPreset = .hd1280x720
            session.addInput(input)
            let output = AVCaptureVideoDataOutput()
            output.videoSettings = [kCVPixelBufferPixelFormatTypeKey as String: kCVPixelFormatType_420YpCbCr8BiPlanarFullRange]
            output.alwaysDiscardsLateVideoFrames = true
            output.setSampleBufferDelegate(self, queue: queue)
            guard session.canAddOutput(output) else { return }
            session.addOutput(output)
            view.previewLayer.session = session
            view.previewLayer.videoGravity = .resizeAspectFill
            queue.async { self.session.startRunning() }
        }

        func stop() {
            queue.async { self.session.stopRunning() }
        }

        func captureOutput(_ output: AVCaptureOutput, didOutput sampleBuffer: CMSampleBuffer, from connection: AVCaptureConnection) {
            guard let pixels = CMSampleBufferGetImageBuffer(sampleBuffer) else { return }
            CVPixelBufferLockBaseAddress(pixels, .readOnly)
            defer { CVPixelBufferUnlockBaseAddress(pixels, .readOnly) }
            guard let base = CVPixelBufferGetBaseAddressOfPlane(pixels, 0) else { return }
            let width = CVPixelBufferGetWidthOfPlane(pixels, 0)
            let height = CVPixelBufferGetHeightOfPlane(pixels, 0)
            let stride = CVPixelBufferGetBytesPerRowOfPlane(pixels, 0)
            // Back camera frames arrive in landscape: 90° clockwise from upright in portrait.
            onFrame(LumaFrame(luma: Data(bytes: base, count: stride * height), width: width, height: height, rowStride: stride, rotationDegrees: 90))
        }
    }
}
