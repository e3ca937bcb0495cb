// The Swift presentation tests: view models with a fake repository, a test clock and a manual
// ticker, and the pure logic. Run by scripts/test-presentation-swift.sh.

import Foundation
import OtpKitPresentation

let suite = Suite()
await codesTests(suite)
await addAccountTests(suite)
await addAccountVisitTests(suite)
await backupTests(suite)
await backupVisitTests(suite)
await unlockTests(suite)
await logicTests(suite)
await uiTextTests(suite)
await errorTextTests(suite)
await pickedImageTests(suite)
await sessionTests(suite)
await routesTests(suite)
await settingsTests(suite)
await changePassphraseTests(suite)
await transferTests(suite)
await restoreTests(suite)
await unlockPreferenceTests(suite)
await visitTests(suite)
await rowsTests(suite)
await unlockBackupRowsTests(suite)
await addRowsTests(suite)
await keyValueStoreTests(suite)
await visitModelsTests(suite)
suite.finish()
