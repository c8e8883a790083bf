//! The `decode` command as a user runs it: output order, usage errors,
//! `--help`, a closed pipe, items completed before an error, the summary
//! line, no progress bar when standard error is not a terminal.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The command under test; `STREAMDE_DECODE_BIN` runs these tests against
/// another build of it (an older one, say).
fn decode() -> Command {
    match std::env::var_os("STREAMDE_DECODE_BIN") {
        Some(bin) => Command::new(bin),
        None => Command::new(env!("CARGO_BIN_EXE_decode")),
    }
}

fn data(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/data")
        .join(rel)
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A fresh scratch directory for one test.
fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("streamde-cli-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// A list of `n` verification sessions (ids `vs_0` …), the envelope's
/// `has_more` and `url` after `data`, minified.
fn session_list(n: usize, broken_at: Option<usize>) -> String {
    let items: Vec<String> = (0..n)
        .map(|i| {
            if Some(i) == broken_at {
                // Valid JSON, wrong type for `created`.
                format!(
                    r#"{{"id":"vs_{i}","object":"identity.verification_session","created":"x","livemode":false,"metadata":{{}},"status":"processing"}}"#
                )
            } else {
                format!(
                    r#"{{"id":"vs_{i}","object":"identity.verification_session","created":{i},"livemode":false,"metadata":{{}},"status":"processing","client_secret":"vs_{i}_secret_zz"}}"#
                )
            }
        })
        .collect();
    format!(
        r#"{{"object":"list","data":[{}],"has_more":true,"url":"/v1/identity/verification_sessions"}}"#,
        items.join(",")
    )
}

fn run(cmd: &mut Command) -> Output {
    cmd.output().unwrap()
}

fn assert_summary(line: &str, items: u64, rate: bool) {
    let rest = line
        .strip_prefix(&format!("summary: items {items}, bytes "))
        .unwrap_or_else(|| panic!("not a summary line: {line}"));
    let (bytes, rest) = rest.split_once(", time ").unwrap();
    bytes.parse::<u64>().unwrap();
    let (ms, rest) = rest.split_once(" ms").unwrap();
    let (whole, frac) = ms.split_once('.').unwrap();
    whole.parse::<u64>().unwrap();
    assert_eq!(frac.len(), 3, "{line}");
    if rate {
        let r = rest
            .strip_prefix(", ")
            .unwrap()
            .strip_suffix(" MB/s")
            .unwrap();
        r.parse::<f64>().unwrap();
    } else {
        assert_eq!(rest, "", "no MB/s below 1 MB: {line}");
    }
}

#[test]
fn main_job_prints_both_models_redacted_and_the_summary() {
    let out = run(decode().args([
        data("fixtures/account_session.json"),
        data("fixtures/identity_verification_session.json"),
    ]));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.starts_with("AccountSession {"), "{stdout}");
    assert!(stdout.contains("IdentityVerificationSession {"));
    assert!(stdout.contains("[redacted]"));
    assert!(
        !stdout.contains("secret__"),
        "a secret was printed: {stdout}"
    );
    assert_summary(stdout.lines().last().unwrap(), 2, false);
    assert_eq!(text(&out.stderr), "", "no progress bar when not a terminal");
}

#[test]
fn help_exits_zero_and_usage_errors_say_what_was_wrong() {
    for flag in ["--help", "-h"] {
        let out = run(decode().arg(flag));
        assert_eq!(out.status.code(), Some(0), "{flag}");
        let help = text(&out.stdout);
        assert!(help.starts_with("usage: decode"));
        // Every type, that the type follows the file name, the default
        // chunk size, what each option does, the exit codes, and an
        // example for a file, stdin and NDJSON.
        for want in [
            "account_session ",
            "verification_session ",
            "account_session_list ",
            "verification_session_list ",
            "value ",
            "follows its name",
            "(default 4096)",
            "--stream-items    hand list items over one at a time",
            "newline-delimited (NDJSON)",
            "--quiet           print only the summary line",
            "Exit status: 0",
            "1 a file could not be read or decoded, 2 a usage error",
            "decode tests/data/fixtures/account_session.json",
            "| decode --type verification_session -",
            "decode --type value --stream-items events.ndjson",
        ] {
            assert!(help.contains(want), "{flag}: no {want:?} in\n{help}");
        }
        assert_eq!(text(&out.stderr), "");
    }
    // NDJSON without --stream-items: the error says which option reads it.
    let dir = scratch("hint");
    let f = dir.join("events.ndjson");
    std::fs::write(&f, "{\"a\": 1}\n{\"a\": 2}\n").unwrap();
    let out = run(decode().arg(&f));
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("trailing characters after the JSON value at line 2, column 1")
            && err.contains("use --stream-items"),
        "{err}"
    );
    let out = run(decode().args(["--type", "value", "--stream-items"]).arg(&f));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let cases: &[(&[&str], &str)] = &[
        (&["--type", "bogus"], "unknown --type 'bogus'"),
        (
            &["--chunk-size", "0"],
            "--chunk-size needs a whole number of bytes from 1 to 67108864 (got '0')",
        ),
        (&["--chunk-size", "x"], "(got 'x')"),
        (&["--frobnicate"], "invalid option '--frobnicate'"),
        (&["--type"], "missing argument for option '--type'"),
        (
            &["--type", "account_session", "--stream-items"],
            "--stream-items needs a _list type or value, not --type account_session",
        ),
    ];
    for (args, want) in cases {
        let out = run(decode().args(*args));
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = text(&out.stderr);
        assert!(err.starts_with("error: "), "{args:?}: {err}");
        assert!(err.contains(want), "{args:?}: {err}");
        assert!(err.contains("usage: decode"), "{args:?}: {err}");
        assert_eq!(text(&out.stdout), "", "{args:?}");
    }
}

#[test]
fn streamed_items_then_the_envelope_in_order() {
    let dir = scratch("order");
    let f = dir.join("sessions_list.json");
    std::fs::write(&f, session_list(300, None)).unwrap();
    let out = run(decode()
        .args([
            "--type",
            "verification_session_list",
            "--stream-items",
            "--chunk-size",
            "100",
        ])
        .arg(&f));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 302, "300 items, the envelope, the summary");
    for (i, line) in lines[..300].iter().enumerate() {
        assert!(
            line.starts_with("IdentityVerificationSession {")
                && line.contains(&format!("id: \"vs_{i}\"")),
            "line {i}: {line}"
        );
        assert!(!line.contains("_secret_"), "line {i}: {line}");
    }
    assert!(
        lines[300].starts_with("envelope: ListMeta {"),
        "{}",
        lines[300]
    );
    assert_summary(lines[301], 300, false);
}

#[test]
fn items_completed_before_an_error_are_printed_before_it() {
    let dir = scratch("lost");
    // One chunk holds the two good items and the broken third.
    let f = dir.join("broken_list.json");
    std::fs::write(&f, session_list(3, Some(2))).unwrap();
    let out = run(decode()
        .args(["--type", "verification_session_list", "--stream-items"])
        .arg(&f));
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    assert!(lines[0].contains("\"vs_0\"") && lines[1].contains("\"vs_1\""));
    let err = text(&out.stderr);
    assert!(
        err.starts_with("error: ") && err.contains("data[2].created"),
        "{err}"
    );
    assert!(!stdout.contains("summary:"), "no summary after an error");

    // NDJSON: the first line is printed, the broken second is the error.
    let f = dir.join("events.ndjson");
    std::fs::write(&f, "{\"a\": 1}\n{\"b\": tru}\n").unwrap();
    let out = run(decode().args(["--type", "value", "--stream-items"]).arg(&f));
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout), "{\"a\":1}\n");
    assert!(
        text(&out.stderr).contains("line 2"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn errors_go_to_stderr_with_exit_one_and_no_summary() {
    let out = run(decode().arg("/nonexistent/account_session.json"));
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout), "");
    assert!(text(&out.stderr).starts_with("error: /nonexistent/account_session.json: "));

    // The first file decodes, the second does not: the first is printed,
    // then the error, and no summary.
    let dir = scratch("second");
    let bad = dir.join("account_session.json");
    std::fs::write(&bad, "{\"account\": 1}").unwrap();
    let out = run(decode()
        .arg(data("fixtures/account_session.json"))
        .arg(&bad));
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert!(stdout.starts_with("AccountSession {") && !stdout.contains("summary:"));
    assert!(
        text(&out.stderr).contains("at account"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let dir = scratch("pipe");
    let f = dir.join("big_list.json");
    std::fs::write(&f, session_list(20_000, None)).unwrap();
    let mut child = decode()
        .args(["--type", "verification_session_list", "--stream-items"])
        .arg(&f)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 64];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout); // as `head` does
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text(&out.stderr), "", "nothing on stderr");
}

#[test]
fn no_progress_bar_when_stderr_is_not_a_terminal() {
    // Large enough for the bar (4 MB and more), but standard error is a pipe.
    let dir = scratch("progress");
    let f = dir.join("large_list.json");
    let list = session_list(30_000, None);
    assert!(list.len() >= 4_000_000, "{}", list.len());
    std::fs::write(&f, list).unwrap();
    for quiet in [false, true] {
        let mut cmd = decode();
        cmd.args(["--type", "verification_session_list", "--stream-items"]);
        if quiet {
            cmd.arg("--quiet");
        }
        let out = run(cmd.arg(&f));
        assert!(out.status.success(), "{}", text(&out.stderr));
        assert_eq!(text(&out.stderr), "", "quiet: {quiet}");
        assert_summary(text(&out.stdout).lines().last().unwrap(), 30_000, true);
    }
}

#[test]
fn large_inputs_report_a_rate_and_stdin_works() {
    let list = session_list(12_000, None);
    assert!(list.len() > 1_000_000);
    let mut child = decode()
        .args([
            "--type",
            "verification_session_list",
            "--stream-items",
            "--quiet",
            "-",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || stdin.write_all(list.as_bytes()));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert_eq!(stdout.lines().count(), 1, "--quiet: the summary alone");
    assert_summary(stdout.trim_end(), 12_000, true);
    assert_eq!(text(&out.stderr), "");
}

/// Every way the command can end has its exit status: a chunk size too
/// large for one buffer is a usage error (2), not a panic or an abort; so
/// is `--stream-items` with a type that follows a file's name and is not a
/// list; a closed standard error changes nothing but what is seen; a
/// decode error is 1 even when standard output closed while the items
/// before it were printed; paths need not be UTF-8.
#[test]
fn exit_codes_in_every_corner() {
    let fixture = data("fixtures/account_session.json");
    for n in ["67108865", "18446744073709551615", "99999999999999999999"] {
        let out = run(decode().args(["--chunk-size", n]).arg(&fixture));
        assert_eq!(out.status.code(), Some(2), "--chunk-size {n}");
        assert!(
            text(&out.stderr).contains("--chunk-size needs a whole number of bytes from 1 to"),
            "{}",
            text(&out.stderr)
        );
    }
    let out = run(decode().args(["--chunk-size", "67108864"]).arg(&fixture));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));

    let out = run(decode().arg("--stream-items").arg(&fixture));
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("--stream-items needs a _list type or value; ")
            && err.contains("is read as account_session"),
        "{err}"
    );
    assert_eq!(text(&out.stdout), "", "nothing is decoded");

    // Standard error that cannot be written (`/dev/full`): still exit 1.
    let full = || {
        std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap()
    };
    let out = run(decode()
        .arg("/nonexistent/account_session.json")
        .stderr(full()));
    assert_eq!(out.status.code(), Some(1));
    let out = run(decode().arg("--frobnicate").stderr(full()));
    assert_eq!(out.status.code(), Some(2));

    // 200 items (about 40 KiB of lines) and a broken one in one chunk,
    // standard output a pipe whose reader is gone: the error still counts.
    let dir = scratch("corners");
    let f = dir.join("broken_list.json");
    std::fs::write(&f, session_list(201, Some(200))).unwrap();
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = run(decode()
        .args(["--type", "verification_session_list", "--stream-items"])
        .args(["--chunk-size", "1000000"])
        .arg(&f)
        .stdout(writer));
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("data[200].created"));

    // A file name that is not UTF-8.
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let name = std::ffi::OsStr::from_bytes(b"account_session_\xff.json");
        let g = dir.join(name);
        std::fs::copy(&fixture, &g).unwrap();
        let out = run(decode().arg(&g));
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        assert!(text(&out.stdout).starts_with("AccountSession {"));
    }
}
