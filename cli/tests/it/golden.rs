//! The CLI contract pinned by golden files: each `cli/tests/cmd/*.toml` fixes the arguments, the exit status
//! and the exact stdout and stderr. Regenerate after an intended change with `TRYCMD=overwrite`.

#[test]
fn cli_contract() {
    trycmd::TestCases::new()
        .register_bin("otpkit", trycmd::cargo::cargo_bin!("otpkit"))
        .case("tests/cmd/*.toml");
}
