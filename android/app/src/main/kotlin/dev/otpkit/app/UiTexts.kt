package dev.otpkit.app

import android.content.res.Resources
import androidx.compose.runtime.Composable
import androidx.compose.runtime.ReadOnlyComposable
import androidx.compose.ui.platform.LocalConfiguration
import androidx.compose.ui.platform.LocalContext
import dev.otpkit.presentation.UiText

/** [text] in the user's language: the raw resource of each key, filled by the tested [UiText.render]. */
fun Resources.render(text: UiText, packageName: String): String = text.render { key ->
    // Keys are looked up by name (res/raw/keep.xml keeps every string through resource shrinking).
    getIdentifier(key, "string", packageName).takeIf { it != 0 }?.let(::getString)
}

/** [UiText] as a composable string. */
@Composable
@ReadOnlyComposable
fun UiText.resolve(): String {
    // Read so that a change of language recomposes, as stringResource does.
    LocalConfiguration.current
    val context = LocalContext.current
    return context.resources.render(this, context.packageName)
}
