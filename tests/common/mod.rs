//! What the end-to-end test files share: the binary under test with a pinned date and no colour.

use assert_cmd::Command;

/// Date-dependent rules (runtime deprecation) and suppression expiry are judged as of this day.
pub const TODAY: &str = "2026-11-22";

/// The `tfwarden` binary, with `TFWARDEN_TODAY` pinned and `NO_COLOR` set.
pub fn tfwarden() -> Command {
    let mut cmd = Command::cargo_bin("tfwarden").expect("binary is built");
    cmd.env("TFWARDEN_TODAY", TODAY).env("NO_COLOR", "1");
    cmd
}
