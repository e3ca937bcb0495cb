//! The UniFFI bindgen, built from the same pinned uniffi version as the library.
fn main() {
    uniffi::uniffi_bindgen_main()
}
