import AVFoundation
import OtpKitAppSupport
import OtpKitPresentation
import PhotosUI
import SwiftUI

/// Add by camera scan, from an image, by hand, or from an otpauth link.
struct AddAccountView: View {
    @Environment(\.dismiss) private var dismiss
    @Binding var openedLink: String?
    private let vm: AddAccountViewModel
    @StateObject private var observed: Observed<AddAccountUiState>
    @State private var form = ManualEntryForm()
    @State private var link = ""
    @State private var photo: PhotosPickerItem?

    init(repository: any AccountsRepository, scanner: any QrFrameScanner, openedLink: Binding<String?>) {
        let vm = AddAccountViewModel(repository: repository, scanner: scanner)
        self.vm = vm
        _openedLink = openedLink
        _observed = StateObject(wrappedValue: Observed(vm.states))
    }

    var body: some View {
        Form {
            switch observed.state {
            case .scanning(let hint):
                CameraView(onFrame: { vm.onFrame($0) }).frame(height: 300)
                if let hint { Text(hint.localized) }
            case .exportProgress(let scanned, let size, let missing, let hint):
                CameraView(onFrame: { vm.onFrame($0) }).frame(height: 300)
                Text(AddAccountUiState.progressText(scanned: scanned, size: size).localized)
                Text(AddAccountUiState.missingText(missing).localized)
                if let hint { Text(hint.localized) }
            case .confirm(let accounts, let warnings):
                Section(AddAccountUiState.confirmTitle(accounts).localized) {
                    ForEach(accounts.map(\.displayName) + warnings.map(\.localized), id: \.self) { Text($0) }
                    Button(Texts.actionAdd.localized) { Task { await vm.confirm() } }
                    Button(Texts.actionCancel.localized, role: .cancel) { Task { await vm.scanAgain() } }
                }
            case .saving:
                ProgressView()
            case .done(let report):
                Section(report.title.localized) {
                    ForEach(report.lines.map(\.localized), id: \.self) { Text($0) }
                    Button(Texts.actionDone.localized) { dismiss() }
                    Button(Texts.addAnother.localized) { Task { await vm.scanAgain() } }
                }
            case .failed(let message):
                Text(message.localized)
                Button(Texts.actionOk.localized) { Task { await vm.scanAgain() } }
            }
            Section(Texts.addOtherWays.localized) {
                PhotosPicker(Texts.addFromImage.localized, selection: $photo, matching: .images)
                TextField(Texts.addLinkField.localized, text: $link)
                Button(Texts.addLinkButton.localized) { Task { await vm.submitLink(link) } }
            }
            Section(Texts.addEnterKeyTitle.localized) {
                TextField(Texts.addFieldService.localized, text: $form.issuer)
                TextField(Texts.addFieldAccount.localized, text: $form.label)
                SecureField(Texts.addFieldSetupKey.localized, text: $form.secret)
                Button(Texts.actionAdd.localized) { Task { await vm.submitManual(form) } }
            }
        }
        .task(id: openedLink) {
            if let openedLink {
                await vm.submitLink(openedLink)
                self.openedLink = nil
            }
        }
        .onChange(of: photo) { item in
            Task {
                // Decoded by ImageIO and scanned off the main thread (AddAccountViewModel.onImage).
                if let data = try? await item?.loadTransferable(type: Data.self) {
                    await vm.onImage(PlatformPickedImage(data: data))
                }
            }
        }
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
