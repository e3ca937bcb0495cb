package dev.otpkit.app

import androidx.compose.foundation.text.KeyboardOptions
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import androidx.compose.ui.text.input.KeyboardType
import androidx.compose.ui.text.input.PasswordVisualTransformation
import androidx.compose.ui.text.input.VisualTransformation

/**
 * The keyboard for anything secret (passphrases, file passwords, setup keys, otpauth links): a
 * password field to the keyboard, so it offers no suggestions and learns nothing typed there.
 */
val SecretKeyboard = KeyboardOptions(keyboardType = KeyboardType.Password, autoCorrectEnabled = false)

/** A passphrase or password field: masked, on the [SecretKeyboard]. */
@Composable
fun SecretField(
    value: String,
    onValueChange: (String) -> Unit,
    label: String,
    modifier: Modifier = Modifier,
    shown: Boolean = false,
    trailingIcon: @Composable (() -> Unit)? = null,
) = OutlinedTextField(
    value = value,
    onValueChange = onValueChange,
    modifier = modifier,
    label = { Text(label) },
    singleLine = true,
    visualTransformation = if (shown) VisualTransformation.None else PasswordVisualTransformation(),
    keyboardOptions = SecretKeyboard,
    trailingIcon = trailingIcon,
)
