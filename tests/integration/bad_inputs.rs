//! The corpus of bad inputs (`tests/fixtures/bad/cases.json`): every file goes through the
//! real binary and must give a non-zero exit, its own error, the file's name, no panic.

use crate::common::{fixture, tpm};

#[derive(serde::Deserialize)]
struct Case {
    file: String,
    kind: String,
    expect: String,
}

fn check(case: &Case, cmd: &mut assert_cmd::Command, code: i32) {
    let output = cmd.output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        output.status.code(),
        Some(code),
        "{}: wrong exit code; output:\n{text}",
        case.file
    );
    assert!(
        !text.contains("panicked"),
        "{}: panicked:\n{text}",
        case.file
    );
    let name = std::path::Path::new(&case.file)
        .file_name()
        .unwrap()
        .to_string_lossy();
    assert!(
        text.contains(name.as_ref()),
        "{}: the message does not name the file:\n{text}",
        case.file
    );
    assert!(
        text.contains(&case.expect),
        "{}: expected {:?} in:\n{text}",
        case.file,
        case.expect
    );
}

#[test]
fn every_bad_input_gets_its_own_clear_error() {
    let cases: Vec<Case> =
        serde_json::from_str(&std::fs::read_to_string(fixture("bad/cases.json")).unwrap()).unwrap();
    assert!(cases.len() >= 30, "the corpus has {} cases", cases.len());
    let out = tempfile::tempdir().unwrap();
    for case in &cases {
        let path = fixture(&format!("bad/{}", case.file));
        match case.kind.as_str() {
            "bank" => {
                check(case, tpm().arg("validate").arg(&path), 1);
                check(
                    case,
                    tpm()
                        .args(["quiz", "--bank"])
                        .arg(&path)
                        .arg("--answers")
                        .arg(fixture("answers/small-general.json"))
                        .arg("--out")
                        .arg(out.path()),
                    2,
                );
            }
            "answers" => check(
                case,
                tpm()
                    .args(["quiz", "--bank"])
                    .arg(fixture("banks/small.json"))
                    .arg("--answers")
                    .arg(&path)
                    .arg("--out")
                    .arg(out.path()),
                2,
            ),
            "report" => {
                check(case, tpm().arg("review").arg(&path), 1);
                // progress and cohort skip the bad file with a warning and carry on.
                let dir = tempfile::tempdir().unwrap();
                let folder = dir.path().join("grace-hopper");
                std::fs::create_dir(&folder).unwrap();
                std::fs::copy(
                    fixture("reports/grace-hopper/2026-01-10T09-00-00Z.json"),
                    folder.join("2026-01-10T09-00-00Z.json"),
                )
                .unwrap();
                std::fs::copy(&path, folder.join("2026-02-01T00-00-00Z.json")).unwrap();
                for command in ["progress", "cohort"] {
                    let mut cmd = tpm();
                    if command == "progress" {
                        cmd.args(["progress", "--dir"]).arg(dir.path());
                    } else {
                        cmd.arg("cohort").arg(dir.path());
                    }
                    let output = cmd.output().unwrap();
                    let err = String::from_utf8_lossy(&output.stderr);
                    assert!(
                        output.status.success(),
                        "{command} with {}: {err}",
                        case.file
                    );
                    assert!(
                        err.contains("warning: skipping")
                            && err.contains("2026-02-01T00-00-00Z.json"),
                        "{command}: {err}"
                    );
                }
            }
            other => panic!("unknown kind {other}"),
        }
    }
    assert!(
        std::fs::read_dir(out.path()).unwrap().next().is_none(),
        "no report from bad input"
    );
}

#[test]
fn a_huge_bank_file_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.json");
    // A sparse file: large on paper, no disk used.
    std::fs::File::create(&path)
        .unwrap()
        .set_len(200 * 1024 * 1024)
        .unwrap();
    tpm()
        .arg("validate")
        .arg(&path)
        .assert()
        .code(1)
        .stdout(predicates::str::contains(
            "huge.json: file is 209715200 bytes, larger than",
        ));
}

#[test]
fn odd_names_stay_inside_the_output_folder() {
    let out = tempfile::tempdir().unwrap();
    for (name, folder) in [
        ("../../escape", "escape"),
        ("/etc/passwd", "etc-passwd"),
        (".hidden", "hidden"),
        ("...", "candidate"),
        ("tab\tand\u{7}bell", "tab-and-bell"),
        ("Zoë 李", "zoë-李"),
    ] {
        tpm()
            .args(["quiz", "--name", name, "--bank"])
            .arg(fixture("banks/small.json"))
            .arg("--answers")
            .arg(fixture("answers/small-general.json"))
            .arg("--out")
            .arg(out.path())
            .assert()
            .success();
        assert!(
            out.path().join(folder).is_dir(),
            "{name:?} should land in {folder}"
        );
    }
    let entries = std::fs::read_dir(out.path()).unwrap().count();
    assert_eq!(entries, 6);
}

#[test]
fn two_runs_at_once_both_succeed_with_distinct_reports() {
    let out = tempfile::tempdir().unwrap();
    let spawn = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_tpm-ready"))
            .args(["quiz", "--bank"])
            .arg(fixture("banks/small.json"))
            .arg("--answers")
            .arg(fixture("answers/small-general.json"))
            .arg("--out")
            .arg(out.path())
            .env("TPM_READY_NOW", crate::common::NOW)
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap()
    };
    let children: Vec<_> = (0..4).map(|_| spawn()).collect();
    for mut child in children {
        assert!(child.wait().unwrap().success());
    }
    let reports = crate::common::files_with(out.path(), "json");
    let markdown = crate::common::files_with(out.path(), "md");
    assert_eq!(reports.len(), 4, "{reports:?}");
    assert_eq!(markdown.len(), 4, "{markdown:?}");
    for report in reports {
        let r: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
        assert_eq!(r["candidate"], "Grace Hopper");
        assert!(
            report.with_extension("md").exists(),
            "each report has its Markdown twin"
        );
    }
}
