//! Report assembly: a scored run becomes a [`Report`], and a focused retake is
//! completed with the results it carries from an earlier report.

use chrono::{DateTime, FixedOffset};

use super::{
    AnswerRecord, BankInfo, Coverage, Mode, Report, RunInfo, Section, ToolInfo, SCHEMA_VERSION,
};
use crate::answer::{Answer, Responses};
use crate::bank::Bank;
use crate::quality::QualityFlag;
use crate::question::QuestionRef;
use crate::scoring::{self, CriterionResult, Scores, SkillResult};
use crate::session::Plan;

/// What a run produced, before it becomes a report.
pub struct RunResult<'a> {
    /// The bank.
    pub bank: &'a Bank,
    /// The plan.
    pub plan: &'a Plan<'a>,
    /// Candidate name.
    pub candidate: String,
    /// Answers, timings and evidence notes.
    pub responses: &'a Responses,

    /// `interactive` or `scripted`.
    pub mode: Mode,
    /// Whether the run was resumed.
    pub resumed: bool,
    /// Start and finish times.
    pub started_at: DateTime<FixedOffset>,
    /// Finish time.
    pub finished_at: DateTime<FixedOffset>,
}

impl Report {
    /// Scores a run and assembles its report.
    pub fn build(run: &RunResult<'_>) -> Self {
        let RunResult {
            bank,
            plan,
            responses,
            ..
        } = *run;
        let answers = &responses.answers;
        let Scores {
            skills,
            groups,
            rubric,
            readiness,
            gaps,
            quality: guessing,
            ..
        } = scoring::score(bank, plan, answers);
        let mut quality = guessing;
        quality.extend(crate::quality::check(
            bank,
            plan,
            answers,
            &responses.seconds,
        ));
        let records: Vec<AnswerRecord> = plan
            .items
            .iter()
            .filter_map(|p| {
                let id = p.question.id();
                answers.get(id).map(|a| {
                    let mut rec = record(p.question, a, responses.seconds.get(id).copied());
                    rec.evidence = responses.evidence.get(id).cloned();
                    if let (Some(&level), Some(score)) = (responses.certainty.get(id), rec.score) {
                        rec.certainty = Some(level);
                        rec.cbm_mark =
                            Some((crate::cbm::mark(level, score) * 100.0).round() / 100.0);
                    }
                    rec
                })
            })
            .collect();
        let cbm = crate::cbm::summarise(
            &records
                .iter()
                .filter_map(|r| Some((r.certainty?, r.score?)))
                .collect::<Vec<_>>(),
        );
        let asked = plan
            .items
            .iter()
            .filter(|p| plan.is_asked(p.question, answers))
            .count();
        Self {
            schema_version: SCHEMA_VERSION,
            tool: ToolInfo {
                name: env!("CARGO_PKG_NAME").into(),
                version: env!("CARGO_PKG_VERSION").into(),
            },
            bank: BankInfo {
                id: bank.meta.id.clone(),
                version: bank.meta.version.clone(),
                title: bank.meta.title.clone(),
                sha256: bank.sha256.clone(),
            },
            candidate: run.candidate.clone(),
            track: plan.track.clone(),
            track_name: bank
                .track(&plan.track)
                .map_or_else(|| plan.track.clone(), |t| t.name.clone()),
            started_at: run.started_at,
            finished_at: run.finished_at,
            run: RunInfo {
                mode: run.mode,
                shuffled: plan.seed.is_some(),
                seed: plan.seed,
                skills: skills.iter().map(|s| s.id.clone()).collect(),
                partial: plan.skills.len() < bank.skills.len() || records.len() < asked,
                resumed: run.resumed,
                quick: plan
                    .form
                    .as_ref()
                    .is_some_and(|f| f.form == crate::bank::QUICK_FORM),
            },
            coverage: Coverage {
                measured: skills.iter().map(|s| s.id.clone()).collect(),
                carried: Vec::new(),
                carried_from: None,
                carried_quality: Vec::new(),
            },
            exposure: plan.form.clone(),
            answers: records,
            skills,
            groups,
            rubric,
            readiness,
            quality,
            gaps,
            mentor_notes: Vec::new(),
            mentor_ratings: Vec::new(),
            limits: bank.meta.limits.clone(),
            cbm,
        }
    }
}

/// The report's record of one answer: the kind of question decides how the answer,
/// the best answer and the feedback read.
fn record(question: QuestionRef<'_>, answer: &Answer, seconds: Option<f64>) -> AnswerRecord {
    let kind = question.kind();
    let skill = question.skill_id();
    AnswerRecord {
        id: question.id().to_string(),
        section: if skill.is_some() {
            Section::Skill
        } else {
            Section::Rubric
        },
        skill: skill.map(str::to_string),
        criterion: question.criterion().map(|c| c.id.clone()),
        kind: kind.name(),
        prompt: question.prompt().to_string(),
        answer: answer.to_json(),
        answer_text: kind.answer_text(question, answer),
        answer_items: kind.answer_items(question, answer),
        // To 0.1 of a percentage point, as the nearest double (no float noise).
        score: skill.map(|_| (question.score(answer).unwrap_or(0.0) * 1000.0).round() / 1000.0),
        best_answer: kind.best_answer(question),
        best_items: kind.best_items(question),
        feedback: kind.feedback(question, answer),
        seconds: seconds.map(scoring::round1),
        evidence: None,
        certainty: None,
        cbm_mark: None,
    }
}

impl Report {
    /// Completes a focused run: copies the skills and prerequisites this run did not
    /// measure from `earlier` (marked `carried`), then recomputes groups, readiness,
    /// verdict and gaps over the whole, so the report stays comparable.
    pub fn carry_from(&mut self, bank: &Bank, earlier: &Report, earlier_file: &str) {
        let mut carried_ids = Vec::new();
        let mut skills = Vec::with_capacity(bank.skills.len());
        for skill in &bank.skills {
            if let Some(now) = self.skills.iter().find(|s| s.id == skill.id) {
                skills.push(now.clone());
            } else if let Some(then) = earlier.skills.iter().find(|s| s.id == skill.id) {
                carried_ids.push(then.id.clone());
                skills.push(SkillResult {
                    carried: true,
                    ..then.clone()
                });
            }
        }
        let mut rubric = Vec::with_capacity(bank.rubric.len());
        for criterion in &bank.rubric {
            if let Some(now) = self.rubric.iter().find(|c| c.id == criterion.id) {
                rubric.push(now.clone());
            } else if let Some(then) = earlier.rubric.iter().find(|c| c.id == criterion.id) {
                carried_ids.push(then.id.clone());
                rubric.push(CriterionResult {
                    carried: true,
                    ..then.clone()
                });
            }
        }
        // The guessing test judged the answers of this run; it still holds for the whole.
        let near_chance = self
            .quality
            .iter()
            .any(|f| f.id == crate::quality::FlagId::NearChance);
        let Scores {
            skills,
            groups,
            rubric,
            readiness,
            gaps,
            ..
        } = Scores::combine(bank, skills, rubric, near_chance);
        self.skills = skills;
        self.groups = groups;
        self.rubric = rubric;
        self.readiness = readiness;
        self.gaps = gaps;
        self.run.partial = true;
        self.coverage.carried = carried_ids;
        self.coverage.carried_from = Some(earlier_file.to_string());
        // The earlier run's warnings still describe the results copied from it; without
        // them a flagged run would look clean after a focused retake.
        let mut inherited: Vec<QualityFlag> = Vec::new();
        for flag in earlier
            .quality
            .iter()
            .chain(&earlier.coverage.carried_quality)
        {
            if !inherited.contains(flag) {
                inherited.push(flag.clone());
            }
        }
        self.coverage.carried_quality = inherited;
    }
}
