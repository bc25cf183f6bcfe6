"""The numbers of a report, from the database: per question the themes respondents
raised, split into success factors and challenges, with typical pseudonymised quotes;
theme × group; co-occurrence; themes the engine found that nobody has coded; and where
every number comes from.

What counts: codings by evaluators and suggestions they accepted; where an answer has a
settled consensus, only that. A question nobody has coded is reported from the engine's
unreviewed suggestions, and marked so. Groups smaller than `MIN_GROUP` respondents are
merged, and a quote's group is shown only when it is at least that large, so no one can
be picked out by a small group.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import combinations
from typing import Any

from analysis.agreement import reading
from analysis.corpus import Corpus
from analysis.discovery import discover
from analysis.engine import Answer, Coded
from analysis.summaries import typical
from analysis.terms import document_counts, keyness
from survey.fielding.monitoring import monitor
from survey.i18n import translate
from survey.privacy.masking import pseudonymiser as privacy_pseudonymiser
from survey.privacy.pseudonymise import Pseudonymiser
from survey.reports.model import (
    Counted,
    Discovered,
    GroupTable,
    Method,
    QuestionSection,
    Quote,
    Report,
    Source,
    ThemeRow,
)
from survey.store import Store, parse_attributes
from survey.workbench import double_coding

MIN_GROUP = 5  # respondents; smaller groups are merged and never named beside a quote
QUOTES = 3
TERMS = 5
CLOUD_WORDS = 120
THEME_CLOUDS = 8  # word clouds for the most raised themes
COOCCURRENCE = 15
DISCOVERED = 5


@dataclass(frozen=True)
class Segment:
    answer_id: int
    respondent: int
    question: str
    key: str
    label: str
    color: str
    stance: str
    start: int | None
    end: int | None
    source: str  # human, rule, model (accepted) or unreviewed


def _group_key(store: Store, survey: dict[str, Any], answers: list[dict[str, Any]]) -> str | None:
    try:
        declared = [str(k) for k in json.loads(survey.get("attributes") or "[]")]
    except ValueError:
        declared = []
    seen: dict[str, None] = {}
    for row in answers:
        seen.update(dict.fromkeys(parse_attributes(row["attributes"])))
    for key in [*declared, *seen]:
        if key in seen:
            return key
    return None


def _segments(
    store: Store, survey: dict[str, Any], qid_of: dict[int, str], who: dict[int, int]
) -> tuple[list[Segment], set[str]]:
    """Counted segments, and the questions that fall back on unreviewed suggestions."""
    codings = store.report_codings(survey["id"])
    settled = {c["answer_id"] for c in codings if c["consensus"]}
    segments = [
        Segment(
            c["answer_id"],
            who[c["answer_id"]],
            qid_of[c["answer_id"]],
            c["key"],
            c["label"],
            c["color"] or "#5b6770",
            c["stance"] or "neutral",
            c["start"],
            c["end"],
            c["source"],
        )
        for c in codings
        if c["answer_id"] in qid_of and (c["consensus"] or c["answer_id"] not in settled)
    ]
    coded_questions = {s.question for s in segments}
    fallback: set[str] = set()
    for s in store.report_suggestions(survey["id"], survey.get("suggestion_codebook_id")):
        question = qid_of.get(s["answer_id"])
        if question is None or question in coded_questions:
            continue
        fallback.add(question)
        segments.append(
            Segment(
                s["answer_id"],
                who[s["answer_id"]],
                question,
                s["key"],
                s["label"],
                s["color"] or "#5b6770",
                s["stance"] or "neutral",
                s["start"],
                s["end"],
                "unreviewed",
            )
        )
    return segments, fallback


def _counted(segments: Iterable[Segment]) -> Counted:
    sources = Counter(s.source for s in segments)
    return Counted(
        human=sources["human"],
        accepted=sources["rule"] + sources["model"],
        unreviewed=sources["unreviewed"],
    )


def build_report(
    store: Store, survey_id: int, lang: str = "sv", *, group_by: str | None = None
) -> Report:
    survey = store.survey_by_id(survey_id)
    if survey is None:
        raise LookupError(f"no survey {survey_id}")
    questionnaire = store.load_version(survey["version_id"])
    version = store.version(survey["version_id"]) or {}
    questions = [q for q in questionnaire.questions() if q.type in ("text", "textarea")]
    question_text = {q.id: q.text.get(lang) or q.text.get("sv") or q.id for q in questions}
    answers = [a for a in store.report_answers(survey_id) if a["qid"] in question_text]
    qid_of = {a["id"]: a["qid"] for a in answers}
    who = {a["id"]: a["response_id"] for a in answers}
    texts = {a["id"]: a["value"] for a in answers}

    # Groups: sizes in respondents; small ones merged into "other", and named beside a
    # quote only when large enough.
    group_by = group_by or _group_key(store, survey, answers)
    attrs = {a["response_id"]: parse_attributes(a["attributes"]) for a in answers}
    raw_group = {r: (a.get(group_by, "") if group_by else "") for r, a in attrs.items()}
    sizes = Counter(raw_group.values())
    other = translate("report.other_groups", lang)
    merged = sorted(g for g, n in sizes.items() if g and n < MIN_GROUP)
    group_of = {r: (other if g in merged else g) for r, g in raw_group.items()}
    merged_sizes = Counter(group_of.values())

    def quote_group(respondent: int) -> str:
        group = group_of.get(respondent, "")
        if not group or merged_sizes[group] < MIN_GROUP:
            return translate("report.group_hidden", lang)
        return group

    pseudonymiser = privacy_pseudonymiser(store, survey_id)
    # The questions' own words (in both languages) would top every word cloud.
    stops = set()
    for language in ("sv", "en"):
        texts_of = [q.text.get(language, "") for q in questions]
        stops |= Corpus({}, language).question_words(texts_of, language)
    corpus = Corpus({str(k): v for k, v in texts.items()}, lang, stops)
    segments, fallback = _segments(store, survey, qid_of, who)

    def span_terms(s: Segment) -> list[str]:
        return corpus.terms(str(s.answer_id), s.start, s.end)

    def span_text(s: Segment) -> str:
        # Pseudonymised within the whole answer: a span may cut an identifier in two.
        text = texts[s.answer_id]
        if s.start is None or s.end is None:
            return text.strip()
        return pseudonymiser.apply_span(text, s.start, s.end).strip()

    sections = []
    sources: list[Source] = []
    answered_by_question = {
        q: len({who[a] for a, qq in qid_of.items() if qq == q}) for q in question_text
    }
    for question in question_text:
        answered = answered_by_question[question]
        own = [s for s in segments if s.question == question]
        all_terms = document_counts(span_terms(s) for s in own)
        rows: dict[str, list[ThemeRow]] = {"success": [], "challenge": [], "neutral": []}
        by_theme: dict[str, list[Segment]] = defaultdict(list)
        for s in own:
            by_theme[s.key].append(s)
        for key, theme_segments in by_theme.items():
            first = theme_segments[0]
            by_stance = {
                stance: len({s.respondent for s in theme_segments if _bucket(s.stance) == stance})
                for stance in ("success", "challenge", "neutral")
            }
            sources.append(Source(question_text[question], first.label, _counted(theme_segments)))
            for stance, n in by_stance.items():
                if not n:
                    continue
                chosen = [s for s in theme_segments if _bucket(s.stance) == stance]
                rows[stance].append(
                    ThemeRow(
                        key=key,
                        label=first.label,
                        color=first.color,
                        respondents=n,
                        percent=round(100 * n / answered, 1) if answered else 0.0,
                        stance=stance,
                        by_stance=by_stance,
                        quotes=_quotes(chosen, span_text, span_terms, pseudonymiser, quote_group),
                        terms=tuple(
                            t
                            for t, _ in keyness([span_terms(s) for s in chosen], all_terms, 1)[
                                :TERMS
                            ]
                        ),
                        counted=_counted(chosen),
                    )
                )
        for stance in rows:
            rows[stance].sort(key=lambda r: (-r.respondents, r.label))
        weights = corpus.weights((str(a), None, None) for a, q in qid_of.items() if q == question)
        sections.append(
            QuestionSection(
                qid=question,
                text=question_text[question],
                answered=answered,
                successes=tuple(rows["success"]),
                challenges=tuple(rows["challenge"]),
                neutral=tuple(rows["neutral"]),
                word_weights=_top(_pseudonymised_words(weights, pseudonymiser), CLOUD_WORDS),
                unreviewed=question in fallback,
            )
        )

    # Across questions.
    respondents_of: dict[str, set[int]] = defaultdict(set)
    labels: dict[str, str] = {}
    for s in segments:
        respondents_of[s.key].add(s.respondent)
        labels[s.key] = s.label
    groups_table = None
    if group_by:
        # "Other" is shown only when the merged groups reach the threshold together.
        columns = sorted(g for g in merged_sizes if g and g != other) + (
            [other] if merged_sizes.get(other, 0) >= MIN_GROUP else []
        )
        groups_table = GroupTable(
            attribute=group_by,
            groups=tuple(columns),
            group_sizes=tuple(merged_sizes[g] for g in columns),
            rows=tuple(
                (labels[key], tuple(sum(1 for r in who_ if group_of.get(r) == g) for g in columns))
                for key, who_ in sorted(respondents_of.items(), key=lambda kv: -len(kv[1]))
            ),
            merged=tuple(merged),
        )
    themes_of: dict[int, set[str]] = defaultdict(set)
    for s in segments:
        themes_of[s.respondent].add(s.key)
    pairs: Counter[tuple[str, str]] = Counter()
    for keys in themes_of.values():
        pairs.update(combinations(sorted(keys), 2))
    cooccurrence = tuple(
        (labels[a], labels[b], n)
        for (a, b), n in sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0]))[:COOCCURRENCE]
        if n > 1
    )
    covered = {str(s.answer_id) for s in segments}
    coded_items = [Coded(Answer(str(a), texts[a], qid_of[a]), corpus.lang[str(a)]) for a in texts]
    candidates = (
        discover(
            coded_items,
            covered,
            max_candidates=DISCOVERED,
            terms={str(a): corpus.terms(str(a)) for a in texts},
        )
        if covered and len(covered) < len(texts)
        else []
    )
    discovered = tuple(
        Discovered(
            terms=tuple(t for t, _ in c.terms),
            examples=tuple(pseudonymiser.apply(e)[:300] for e in c.examples[:2]),
            answers=len(c.answer_ids),
        )
        for c in candidates
    )
    theme_cloud = {
        labels[key]: _top(
            _pseudonymised_words(
                corpus.weights(
                    (str(s.answer_id), s.start, s.end) for s in segments if s.key == key
                ),
                pseudonymiser,
            ),
            CLOUD_WORDS,
        )
        for key, _ in sorted(respondents_of.items(), key=lambda kv: -len(kv[1]))[:THEME_CLOUDS]
    }
    # The renderers say under each table why groups were merged and which questions
    # count unreviewed suggestions; notes carry only what they cannot know.
    notes: list[str] = []
    return Report(
        lang=lang,
        title=survey["title"],
        generated=datetime.now(UTC).date().isoformat(),
        method=_method(store, survey, questionnaire, version, lang, group_by, merged),
        questions=tuple(sections),
        groups=groups_table,
        cooccurrence=cooccurrence,
        discovered=discovered,
        sources=tuple(sources),
        notes=tuple(notes),
        theme_cloud=theme_cloud,
    )


def _bucket(stance: str) -> str:
    return stance if stance in ("success", "challenge") else "neutral"


def _top(weights: dict[str, float], n: int) -> dict[str, float]:
    return dict(sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:n])


def _pseudonymised_words(
    weights: dict[str, float], pseudonymiser: Pseudonymiser
) -> dict[str, float]:
    """A name on the survey's list never appears in a word cloud."""
    return {w: n for w, n in weights.items() if not pseudonymiser.find(w.capitalize())}


def _quotes(
    chosen: list[Segment],
    span_text: Any,
    span_terms: Any,
    pseudonymiser: Pseudonymiser,
    quote_group: Any,
) -> tuple[Quote, ...]:
    by_text: dict[str, Segment] = {}
    for s in chosen:
        by_text.setdefault(span_text(s), s)
    picked = typical([(text, span_terms(s)) for text, s in by_text.items()], QUOTES)
    return tuple(
        Quote(pseudonymiser.apply(text)[:600], quote_group(by_text[text].respondent))
        for text in picked
        if text
    )


def _method(
    store: Store,
    survey: dict[str, Any],
    questionnaire: Any,
    version: dict[str, Any],
    lang: str,
    group_by: str | None,
    merged: list[str],
) -> Method:
    watch = monitor(store, survey, questionnaire, lang)
    other = translate("report.other_groups", lang)
    rate: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for value, invited, started, done, _ in watch.by_group.get(group_by or "", []):
        name = other if value in merged else value
        rate[name][0] += done
        rate[name][1] += invited or started
    coders = sorted({c["coder_name"] or c["coder"] for c in store.report_codings(survey["id"])})
    data = double_coding.survey_agreement(store, survey["id"])
    overall = data.report.overall
    agreement: dict[str, float | int | None] = {}
    text = ""
    if overall.units:
        agreement = {
            "n": overall.units,
            "percent": overall.percent,
            "kappa": overall.kappa,
            "alpha": overall.alpha,
        }
        text = reading(overall.alpha, "alpha", lang, overall.units)
    responded = list(store.monitoring_rows(survey["id"])[1])
    first = min((r["started_at"] for r in responded), default=None)
    last = max((r["completed_at"] or r["started_at"] for r in responded), default=None)
    begin = (survey.get("opens_at") or first or "")[:10]
    end = (survey.get("closes_at") or last or "")[:10]
    return Method(
        questionnaire=questionnaire.title.get(lang) or questionnaire.title.get("sv") or "",
        version=int(version.get("version") or 1),
        period=f"{begin} – {end}" if begin or end else "",
        invited=watch.invited or None,
        started=watch.started,
        completed=watch.completed,
        rate_by_group=tuple((g, v[0], v[1]) for g, v in sorted(rate.items()) if v[1] >= MIN_GROUP),
        coders=tuple(coders),
        agreement=agreement,
        agreement_reading=text,
    )
