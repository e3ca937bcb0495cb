package dev.otpkit.presentation

/** Whether the app may use the camera, as far as the add screen knows. */
enum class CameraPermission {
    /** The user has not answered the system's question yet (it is asked when the screen opens). */
    NotAsked,
    Granted,

    /** Refused: the camera area explains, with a button to the app's page in Settings. */
    Denied,
}

/**
 * The add screen's camera permission: when to ask the system, and what a refusal shows. The
 * screen asks once when it opens ([shouldAsk]); a refusal is kept until the system says the
 * camera is allowed (the user came back from Settings), and is never asked about again on its
 * own: a second system question would be refused silently anyway.
 */
object CameraAccess {
    /** What the camera area says after a refusal. */
    val DENIED_MESSAGE: UiText = Texts.cameraDeniedAndroid

    /** Its button, to the app's page in Settings. */
    val OPEN_SETTINGS: UiText = Texts.cameraOpenSettingsAndroid

    /** When the screen opens: [granted] is what the system says now. */
    fun initial(granted: Boolean): CameraPermission = if (granted) CameraPermission.Granted else CameraPermission.NotAsked

    /** Ask the system when the screen opens? Only when the user never answered on this visit. */
    fun shouldAsk(permission: CameraPermission): Boolean = permission == CameraPermission.NotAsked

    /** The user answered the system's question. */
    fun answered(granted: Boolean): CameraPermission = if (granted) CameraPermission.Granted else CameraPermission.Denied

    /**
     * Back in the foreground (perhaps from Settings): [granted] is what the system says now. A
     * question not answered yet stays open (the system's own dialog pauses the screen too).
     */
    fun resumed(current: CameraPermission, granted: Boolean): CameraPermission = when {
        granted -> CameraPermission.Granted
        current == CameraPermission.Granted -> CameraPermission.Denied
        else -> current
    }
}
