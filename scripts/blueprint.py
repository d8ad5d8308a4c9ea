#!/usr/bin/env python3
"""Writes questions/BLUEPRINT.md: the bank's items by skill, topic, type and track.

The planned coverage (the first table) is written by hand below; the counts come from
the bank files, so the tables cannot drift from the bank. Run after changing items.
"""
import collections
import glob
import json
import os

ROOT = os.path.join(os.path.dirname(__file__), "..")
TYPES = ["self_rating", "scenario", "knowledge", "multi"]
TRACKS = ["general", "front-end", "back-end", "senior"]

REQUIRED = [
    ("Program vs project (vs product)", "business-knowledge/program-vs-project-vs-product, project-management/program-vs-project"),
    ("Cross-team dependencies", "project-management/cross-team-dependencies, project-management/critical-path-and-schedule"),
    ("Launch readiness", "risk-management/launch-readiness, risk-management/front-end-launches, technical-expertise/front-end-launches"),
    ("Incident management and post-incident review", "technical-expertise/incident-management, communication/incident-communication, critical-thinking/post-incident-review, technical-expertise/reliability-and-incidents"),
    ("Metrics and OKRs", "business-knowledge/metrics-and-okrs, critical-thinking/reading-data-and-metrics"),
    ("System design literacy (APIs, data stores, scaling, security basics)", "technical-expertise/system-design-literacy, api-compatibility, data-and-schema-changes, security-basics, databases-and-migrations, api-integration, scalability"),
    ("Vendors and budget", "business-knowledge/vendors-and-budget, risk-management/vendor-and-dependency-risk"),
    ("Stakeholder conflict", "emotional-intelligence/stakeholder-conflict, leadership/cross-team-conflict, communication/saying-no-in-writing"),
    ("Hiring and mentoring (senior)", "leadership/hiring, leadership/mentoring-junior-tpms, communication/mentoring-junior-tpms, leadership/mentoring-peers"),
    ("Agile methods: Scrum, Kanban", "agile-methods/scrum-accountabilities-and-events, kanban-flow, sprint-goal-and-scope"),
    ("Risk management", "risk-management/risk-register, risk-response, escalation-timing"),
    ("Communication, emotional intelligence, leadership, critical thinking, business knowledge", "one skill file each, six topics each"),
]


def main():
    rows = []
    for path in sorted(glob.glob(os.path.join(ROOT, "questions/skills/*.json"))):
        data = json.load(open(path, encoding="utf-8"))
        skill = data["skills"][0]
        for q in data["questions"]:
            track = (q.get("tracks") or ["general"])[0]
            rows.append((skill["id"], skill["name"], q.get("topic", "?"), q["type"], track))
    out = ["# Blueprint of the built-in bank", ""]
    out.append(
        "What the pool covers, planned before the items were written and counted from the "
        "bank files by `scripts/blueprint.py` (run it after changing items). A run asks a "
        "*form* drawn from this pool (see `README.md`, \"Forms and retakes\")."
    )
    out += ["", "## Required coverage", "", "| Area | Skill / topic tags |", "|---|---|"]
    out += [f"| {a} | {b} |" for a, b in REQUIRED]
    out += ["", "## Skills x item types x tracks", ""]
    out.append("| Skill | " + " | ".join(f"{t} ({tr})" for tr in TRACKS for t in ["evidence"]) + " | self-ratings | scenarios (all) |")
    out.append("|---|" + "---|" * (len(TRACKS) + 2))
    by_skill = collections.OrderedDict()
    for r in rows:
        by_skill.setdefault((r[0], r[1]), []).append(r)
    for (sid, name), items in by_skill.items():
        cells = []
        for tr in TRACKS:
            cells.append(str(sum(1 for r in items if r[4] == tr and r[3] != "self_rating")))
        ratings = sum(1 for r in items if r[3] == "self_rating")
        scenarios = sum(1 for r in items if r[3] == "scenario")
        out.append(f"| {name} | " + " | ".join(cells) + f" | {ratings} | {scenarios} |")
    total = lambda f: sum(1 for r in rows if f(r))
    out.append(
        f"| **All** | " + " | ".join(str(total(lambda r, tr=tr: r[4] == tr and r[3] != "self_rating")) for tr in TRACKS)
        + f" | {total(lambda r: r[3] == 'self_rating')} | {total(lambda r: r[3] == 'scenario')} |"
    )
    out += ["", "## Topics per skill", ""]
    for (sid, name), items in by_skill.items():
        out += [f"### {name} (`{sid}`)", "", "| Topic | " + " | ".join(TYPES) + " | tracks |", "|---|" + "---|" * (len(TYPES) + 1)]
        topics = collections.OrderedDict()
        for r in sorted(items, key=lambda r: r[2]):
            topics.setdefault(r[2], []).append(r)
        for topic, its in topics.items():
            counts = [str(sum(1 for r in its if r[3] == t)) for t in TYPES]
            tracks = ", ".join(sorted({r[4] for r in its}))
            out.append(f"| {topic} | " + " | ".join(counts) + f" | {tracks} |")
        out.append("")
    with open(os.path.join(ROOT, "questions/BLUEPRINT.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(out).rstrip() + "\n")


if __name__ == "__main__":
    main()
