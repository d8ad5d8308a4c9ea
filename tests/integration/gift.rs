//! GIFT banks: every supported construct, every refused one, folders mixing JSON and GIFT.

use serde_json::Value;

use crate::common::{all_output, fixture, only_report, quiz_with, tpm};

fn stdout(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(assert.get_output().stdout.clone()).unwrap()
}

fn stderr(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(assert.get_output().stderr.clone()).unwrap()
}

/// The bank `convert` writes from a GIFT file, as JSON.
fn converted(gift: &str) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bank.json");
    tpm()
        .arg("convert")
        .arg(fixture(gift))
        .arg(&out)
        .assert()
        .success();
    serde_json::from_str(&std::fs::read_to_string(out).unwrap()).unwrap()
}

fn question<'a>(bank: &'a Value, id: &str) -> &'a Value {
    bank["questions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["id"] == id)
        .unwrap_or_else(|| panic!("no question {id}"))
}

#[test]
fn gift_supported_constructs_become_bank_questions() {
    let bank = converted("gift/supported.gift");
    let rating = question(&bank, "talk-rate");
    assert_eq!(rating["type"], "self_rating");
    assert_eq!(rating["skill"], "talking");
    assert_eq!(rating["topic"], "writing");
    assert_eq!(rating["levels"].as_array().unwrap().len(), 5);

    let scenario = question(&bank, "talk-scenario");
    assert_eq!(scenario["type"], "scenario");
    assert_eq!(scenario["topic"], "stakeholders");
    assert_eq!(
        scenario["prompt"],
        "A stakeholder is **confused**. Best response?"
    );
    let scores: Vec<f64> = scenario["options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["score"].as_f64().unwrap())
        .collect();
    assert_eq!(scores, [1.0, 0.5, 0.0]);
    assert_eq!(
        scenario["options"][1]["feedback"],
        "Right facts, wrong form."
    );

    let knowledge = question(&bank, "talk-knowledge");
    assert_eq!(knowledge["type"], "knowledge");
    assert_eq!(knowledge["options"][0]["correct"], true);
    assert_eq!(knowledge["options"][1]["feedback"], "Too long.");
    assert_eq!(
        knowledge["explanation"],
        "Readers need the change and the ask first."
    );

    // No [id:…]: from the title, then from the text.
    let multi = question(&bank, "clear-notes");
    assert_eq!(multi["type"], "multi");
    let right: Vec<bool> = multi["options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["correct"].as_bool().unwrap_or(false))
        .collect();
    assert_eq!(right, [true, true, false, false]);
    assert_eq!(multi["explanation"], "Short, owned, plain.");

    let escaped = question(&bank, "b-escapes-b-a-plan-has-2-phases");
    assert_eq!(
        escaped["prompt"],
        "<b>Escapes</b>: a plan has 2 {phases} ~ 1 = 1 # and a\\b\nsecond line?"
    );
    assert_eq!(escaped["type"], "knowledge");
    assert_eq!(escaped["options"][0]["text"], "True");
    assert_eq!(escaped["options"][0]["correct"], true);
    assert_eq!(escaped["options"][0]["feedback"], "Right.");
    assert_eq!(escaped["options"][1]["feedback"], "No, it is true.");
    assert_eq!(escaped["explanation"], "General feedback.");

    let false_item = question(&bank, "plan-false");
    assert_eq!(false_item["options"][1]["correct"], true);
    assert_eq!(false_item["weight"], 2.0);
    let long_true = question(&bank, "plan-t");
    assert_eq!(long_true["options"][0]["correct"], true);
    assert_eq!(long_true["explanation"], "Owned milestones get done.");
    let short_false = question(&bank, "plan-f");
    assert_eq!(short_false["prompt"], "Gossip belongs in a plan.");
    assert_eq!(short_false["options"][1]["correct"], true);
    assert_eq!(
        short_false["options"][0]["feedback"],
        "It does not: plans hold facts."
    );
    let forced = question(&bank, "plan-true");
    assert_eq!(forced["type"], "scenario");
    assert_eq!(forced["tracks"], serde_json::json!(["general"]));

    // A GIFT-only bank gets a header: one track, no prerequisites.
    assert_eq!(bank["bank"]["tracks"].as_array().unwrap().len(), 1);
    assert!(bank.get("rubric").is_none());
    assert_eq!(bank["skills"][0]["name"], "Talking");
}

#[test]
fn gift_bank_validates_with_warnings_for_derived_ids_and_default_skills() {
    let assert = tpm()
        .arg("validate")
        .arg(fixture("gift/supported.gift"))
        .assert()
        .success();
    let err = stderr(&assert);
    assert!(
        err.contains(
            "supported.gift: line 29: no `[id:…]` comment; the question's id is `clear-notes`"
        ),
        "{err}"
    );
    assert!(err.contains("line 40: no `[id:…]`"), "{err}");
    assert!(
        err.contains("line 4: skill `talking` is defined by no JSON file"),
        "{err}"
    );
    assert!(stdout(&assert).contains("2 skills, 9 questions, 0 prerequisites"));
}

#[test]
fn a_skill_problem_in_a_gift_file_names_that_skills_category_line() {
    // The GIFT categories define the skills `talking` (line 4) and `plan` (line 37); a
    // header asking 5 evidence items per skill makes both too thin in some track.
    let dir = tempfile::tempdir().unwrap();
    let mut header: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("gift/mixed/bank.json")).unwrap())
            .unwrap();
    header = serde_json::json!({ "bank": header["bank"].clone() });
    header["bank"]["id"] = "gifted".into();
    header["bank"]["min_evidence_items"] = 5.into();
    std::fs::write(dir.path().join("bank.json"), header.to_string()).unwrap();
    std::fs::copy(
        fixture("gift/supported.gift"),
        dir.path().join("supported.gift"),
    )
    .unwrap();
    let out = tpm().arg("validate").arg(dir.path()).output().unwrap();
    let text = all_output(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("supported.gift: line 4, skill `talking`: too few items in track `general`"),
        "{text}"
    );
    assert!(
        text.contains("supported.gift: line 37, skill `plan`: too few items in track `senior`"),
        "{text}"
    );
}

#[test]
fn gift_refused_types_and_mistakes_are_all_listed_with_lines() {
    let assert = tpm()
        .arg("validate")
        .arg(fixture("gift/refused.gift"))
        .assert()
        .code(1);
    let out = stdout(&assert);
    for (line, what) in [
        (5, "question type `matching`"),
        (10, "question type `numerical`"),
        (12, "question type `short answer`"),
        (14, "question type `essay`"),
        (16, "question type `missing word`"),
        (18, "question type `description`"),
        (20, "a negative weight in a single-answer question"),
        (22, "no answer is right"),
        (24, "weight `%fifty%` is not a number"),
        (26, "the answer block `{` is not closed"),
    ] {
        assert!(
            out.contains(&format!("refused.gift: line {line}: {what}")),
            "line {line}: {what}\n{out}"
        );
    }
    assert_eq!(out.lines().count(), 10, "{out}");
}

#[test]
fn gift_question_without_category_is_refused() {
    let assert = tpm()
        .arg("validate")
        .arg(fixture("gift/no-category.gift"))
        .assert()
        .code(1);
    assert!(stdout(&assert).contains("no-category.gift: line 2: question before any `$CATEGORY:`"));
}

#[test]
fn gift_bank_problems_found_by_validation_carry_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("b.gift");
    std::fs::write(
        &file,
        "$CATEGORY: s\n\n// [id:k]\nNo explanation? {=a ~b}\n\n// [id:k]\nTwice? {=a ~b ####e}\n",
    )
    .unwrap();
    let assert = tpm().arg("validate").arg(&file).assert().code(1);
    let out = stdout(&assert);
    assert!(
        out.contains("b.gift: line 7: duplicate question id `k` (also at line 4)"),
        "{out}"
    );
    // Validation runs once the file parses; its problems get the line too.
    std::fs::write(
        &file,
        "$CATEGORY: s\n\n// [id:k]\nNo explanation? {=a ~b}\n",
    )
    .unwrap();
    let assert = tpm().arg("validate").arg(&file).assert().code(1);
    let out = stdout(&assert);
    assert!(
        out.contains("b.gift: line 4, question `k`: no explanation"),
        "{out}"
    );
}

#[test]
fn gift_bank_runs_a_quiz_with_a_verdict_from_skills_alone() {
    let dir = tempfile::tempdir().unwrap();
    let answers = dir.path().join("answers.json");
    std::fs::write(
        &answers,
        r#"{"candidate": "Ada", "answers": {"talk-rate": 3, "talk-scenario": "a",
            "talk-knowledge": "a", "clear-notes": ["a", "b"],
            "b-escapes-b-a-plan-has-2-phases": "a", "plan-false": "b", "plan-true": "a",
            "plan-t": "a", "plan-f": "b"}}"#,
    )
    .unwrap();
    tpm()
        .args(["quiz", "--bank"])
        .arg(fixture("gift/supported.gift"))
        .arg("--answers")
        .arg(&answers)
        .arg("--out")
        .arg(dir.path().join("out"))
        .assert()
        .success();
    let report = only_report(&dir.path().join("out"));
    assert_eq!(report["readiness"]["verdict"], "ready", "{report:#}");
}

#[test]
fn gift_and_json_mixed_in_a_folder_score_like_the_json_bank() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    quiz_with("banks/small.json", "answers/small-general.json", a.path())
        .assert()
        .success();
    quiz_with("gift/mixed", "answers/small-general.json", b.path())
        .assert()
        .success();
    let (a, b) = (only_report(a.path()), only_report(b.path()));
    assert_eq!(a["skills"], b["skills"]);
    assert_eq!(a["readiness"], b["readiness"]);
}

#[test]
fn convert_round_trip_of_the_built_in_bank_keeps_every_evidence_item() {
    let dir = tempfile::tempdir().unwrap();
    let questions = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("questions");
    let gift = dir.path().join("tpm.gift");
    tpm()
        .arg("convert")
        .arg(&questions)
        .arg(&gift)
        .assert()
        .success();
    let text = std::fs::read_to_string(&gift).unwrap();
    assert!(
        text.contains("// [self_rating:"),
        "self-ratings are kept as comments"
    );

    // Back to JSON beside the original skills: the folder mixes JSON and GIFT.
    let mixed = dir.path().join("mixed");
    std::fs::create_dir_all(mixed.join("skills")).unwrap();
    std::fs::copy(questions.join("bank.json"), mixed.join("bank.json")).unwrap();
    std::fs::copy(questions.join("rubric.json"), mixed.join("rubric.json")).unwrap();
    let mut skills_only = Vec::new();
    for entry in std::fs::read_dir(questions.join("skills")).unwrap() {
        let path = entry.unwrap().path();
        let mut file: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        skills_only.extend(file["questions"].as_array().unwrap().clone());
        file.as_object_mut().unwrap().remove("questions");
        std::fs::write(
            mixed.join("skills").join(path.file_name().unwrap()),
            file.to_string(),
        )
        .unwrap();
    }
    std::fs::copy(&gift, mixed.join("questions.gift")).unwrap();
    let back = dir.path().join("back.json");
    tpm()
        .arg("convert")
        .arg(&mixed)
        .arg(&back)
        .assert()
        .success();
    let back: Value = serde_json::from_str(&std::fs::read_to_string(&back).unwrap()).unwrap();

    assert_eq!(
        back["questions"].as_array().unwrap().len(),
        skills_only.len()
    );
    for original in &skills_only {
        let id = original["id"].as_str().unwrap();
        let copy = question(&back, id);
        for key in [
            "skill",
            "type",
            "prompt",
            "topic",
            "tracks",
            "levels",
            "explanation",
        ] {
            assert_eq!(copy.get(key), original.get(key), "{id}: {key}");
        }
        let (a, b) = (original["options"].as_array(), copy["options"].as_array());
        assert_eq!(a.map(Vec::len), b.map(Vec::len), "{id}: options");
        for (o, c) in a.into_iter().flatten().zip(b.into_iter().flatten()) {
            assert_eq!(o["id"], c["id"], "{id}");
            assert_eq!(o["text"], c["text"], "{id}");
            assert_eq!(o["feedback"], c["feedback"], "{id}");
            let right = |v: &Value| v["correct"].as_bool().unwrap_or(false);
            assert_eq!(right(o), right(c), "{id}");
            let score = |v: &Value| v["score"].as_f64();
            match (score(o), score(c)) {
                (Some(x), Some(y)) => assert!((x - y).abs() < 1e-9, "{id}: {x} vs {y}"),
                (x, y) => assert_eq!(x, y, "{id}"),
            }
        }
    }
}

#[test]
fn convert_refuses_an_unknown_output_extension() {
    let dir = tempfile::tempdir().unwrap();
    tpm()
        .arg("convert")
        .arg(fixture("gift/supported.gift"))
        .arg(dir.path().join("bank.xml"))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("name it .json or .gift"));
}
