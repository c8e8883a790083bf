//! Misuse of the declaration macros fails to compile, with the messages
//! pinned in `tests/compile_fail/*.stderr` (regenerate them with
//! `TRYBUILD=overwrite cargo test --test compile_fail` after checking them).

#[test]
fn misuse_does_not_compile() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/compile_fail/*.rs");
}
