"""The numbers of an evaluation report, from the database: per survey, every question in
questionnaire order — closed questions as distributions ("don't know" apart and out of
the shares, follow-ups out of those their condition selects), open questions as the
themes respondents raised, split into success factors and challenges, with short
pseudonymised quotes — then theme × group, co-occurrence and themes nobody has coded;
across surveys, the themes and items they share.

What counts for themes: codings by evaluators and suggestions they accepted; where an
answer has a settled consensus, only that. A question nobody has coded is reported from
the engine's unreviewed suggestions, and marked so.

Protecting respondents: background questions (role, workplace) are counted and nothing
else; a quote appears under one theme only (its strongest), cut to the sentence that
carries it, and never from a group under `MIN_GROUP` respondents; groups smaller than
that are merged; words under a pseudonymiser's placeholder never reach a word cloud, and
no word cloud is drawn from fewer than `MIN_GROUP` respondents' answers.
"""

from __future__ import annotations

import json
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
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
from survey import formatting, privacy
from survey.fielding.monitoring import monitor
from survey.fielding.questionnaire import DONT_KNOW_LABEL, DONT_KNOW_VALUE, Question
from survey.i18n import translate
from survey.privacy.pseudonymise import Finding
from survey.reports.model import (
    Agreement,
    AppendixQuestion,
    Category,
    ClosedQuestion,
    Comparison,
    Condition,
    Counted,
    Discovered,
    GroupTable,
    Highlight,
    ItemComparison,
    Method,
    OpenQuestion,
    Quote,
    Report,
    Source,
    Split,
    SurveyReport,
    ThemeComparison,
    ThemeRow,
)
from survey.reports.wording import attribute, text
from survey.store import Store, parse_attributes
from survey.workbench import double_coding

MIN_GROUP = 5  # respondents; smaller groups are merged, never split out, never quoted
QUOTES = 2  # per theme and stance
QUOTE_CHARS = 240
TERMS = 5
THEME_TERMS = 12  # characteristic terms that, with the keywords, find a quote's sentence
CLOUD_WORDS = 80
THEME_CLOUDS = 6  # word clouds for the most raised themes
COOCCURRENCE = 10
DISCOVERED = 3
SUMMARY_THEMES = 3
LONG_LIST = 6  # choices; a longer list (school years) describes, it is not a result
CLOSED = ("likert", "single", "multi", "number")
DONT_KNOW_WORDS = frozenset({"vet inte", "vet ej", "don't know", "dont know", "do not know"})


class UnknownSample(LookupError):
    """A double-coding sample was asked for by name and no survey of the report has it."""


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
    keywords: frozenset[str]


def build_report(
    store: Store,
    surveys: int | Sequence[int],
    lang: str = "sv",
    *,
    group_by: str | None = None,
    sample: str | None = None,
) -> Report:
    """The report on one survey, or on several as one evaluation (a section each, and a
    comparison where they share themes or likert items). `sample` names the
    double-coding sample whose agreement the method section reports (default: the latest
    one its coders have finished)."""
    ids = [surveys] if isinstance(surveys, int) else list(surveys)
    if not ids:
        raise LookupError("no survey to report on")
    if sample is not None and not any(
        double_coding.chosen_sample(store, sid, sample) for sid in ids
    ):
        raise UnknownSample(sample)
    parts = tuple(_survey_report(store, sid, lang, group_by, sample) for sid in ids)
    if len(parts) == 1:
        title = parts[0].title
    else:
        title = text("evaluation_title", lang, surveys=_listing([p.title for p in parts], lang))
    return Report(
        lang=lang,
        title=title,
        generated=formatting.long_date(datetime.now(UTC).date(), lang),
        surveys=parts,
        comparison=_comparison(parts) if len(parts) > 1 else None,
    )


def _listing(items: Sequence[str], lang: str) -> str:
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + text("and", lang) + items[-1]


# ---------------------------------------------------------------------------------------
# One survey


def _survey_report(
    store: Store, survey_id: int, lang: str, group_by: str | None, sample: str | None
) -> SurveyReport:
    survey = store.survey_by_id(survey_id)
    if survey is None:
        raise LookupError(f"no survey {survey_id}")
    questionnaire = store.load_version(survey["version_id"])
    version = store.version(survey["version_id"]) or {}
    questions = [q for q in questionnaire.questions() if q.type != "consent"]
    by_id = {q.id: q for q in questions}
    number = {q.id: n for n, q in enumerate(questions, 1)}
    rows = [r for r in store.report_values(survey_id) if r["qid"] in by_id]
    values: dict[str, dict[int, str]] = defaultdict(dict)
    attrs: dict[int, dict[str, str]] = {}
    for row in rows:
        values[row["qid"]][row["response_id"]] = row["value"]
        attrs.setdefault(row["response_id"], parse_attributes(row["attributes"]))
    respondents = set(attrs)

    def qtext(q: Question) -> str:
        return q.text.get(lang) or q.text.get("sv") or q.id

    # Groups: sizes in respondents; small ones merged into "other", a merged group still
    # too small left out of every split.
    group_by = group_by or _group_key(survey, attrs)
    raw_group = {r: _group_value(r, group_by, attrs, values, by_id, lang) for r in respondents}
    sizes = Counter(raw_group.values())
    other = translate("report.other_groups", lang)
    merged = sorted(g for g, n in sizes.items() if g and n < MIN_GROUP)
    group_of = {r: (other if g in merged else g) for r, g in raw_group.items()}
    merged_sizes = Counter(group_of.values())
    columns = sorted(g for g in merged_sizes if g and g != other) + (
        [other] if merged_sizes.get(other, 0) >= MIN_GROUP else []
    )
    by_label = _split_label(group_by, by_id, lang)

    def may_quote(respondent: int) -> bool:
        group = group_of.get(respondent, "")
        if not group_by:
            return len(respondents) >= MIN_GROUP
        return merged_sizes[group] >= MIN_GROUP

    def quote_group(respondent: int) -> str:
        group = group_of.get(respondent, "")
        return group if group and group_by and merged_sizes[group] >= MIN_GROUP else ""

    # Closed questions.
    closed: dict[str, ClosedQuestion] = {}
    for q in questions:
        if q.type in CLOSED:
            condition = _condition(q, by_id, values, lang)
            split = None
            if len(columns) >= 2 and q.id != group_by:
                split = _split(q, values[q.id], group_of, columns, by_label, tuple(merged))
            closed[q.id] = _closed(q, number[q.id], qtext(q), values[q.id], condition, split, lang)
    _blocks(questions, closed)

    # Open questions: background ones are counted, the others read.
    coded_questions = [q for q in questions if q.is_open and not q.is_background]
    texts: dict[int, str] = {}
    qid_of: dict[int, str] = {}
    who: dict[int, int] = {}
    for row in rows:
        if row["qid"] in {q.id for q in coded_questions}:
            texts[row["id"]] = row["value"]
            qid_of[row["id"]] = row["qid"]
            who[row["id"]] = row["response_id"]
    cleaner = privacy.pseudonymiser(store, survey_id)
    findings = {a: cleaner.find(t) for a, t in texts.items()}
    corpus = Corpus(
        {str(a): t for a, t in texts.items()},
        lang,
        questions={
            language: [q.text.get(language, "") for q in coded_questions]
            for language in ("sv", "en")
        },
        hidden={str(a): [(f.start, f.end) for f in found] for a, found in findings.items()},
    )
    segments, fallback = _segments(store, survey, qid_of, who, lang)

    def span_terms(s: Segment) -> list[str]:
        return corpus.terms(str(s.answer_id), s.start, s.end)

    answered = {q.id: len(values[q.id]) for q in questions}
    rows_of: dict[str, dict[str, list[ThemeRow]]] = {}
    chosen_of: dict[tuple[str, str, str], list[Segment]] = {}
    sources: list[Source] = []
    theme_terms: dict[tuple[str, str], frozenset[str]] = {}
    for q in coded_questions:
        own = [s for s in segments if s.question == q.id]
        all_terms = document_counts(span_terms(s) for s in own)
        found_rows: dict[str, list[ThemeRow]] = {"success": [], "challenge": [], "neutral": []}
        by_theme: dict[str, list[Segment]] = defaultdict(list)
        for s in own:
            by_theme[s.key].append(s)
        sources.append(Source(f"{number[q.id]}. {_short(qtext(q))}", _counted(own)))
        for key, theme_segments in by_theme.items():
            first = theme_segments[0]
            characteristic = keyness([span_terms(s) for s in theme_segments], all_terms, 1)
            theme_terms[(q.id, key)] = first.keywords | {t for t, _ in characteristic[:THEME_TERMS]}
            by_stance = {
                stance: len({s.respondent for s in theme_segments if _bucket(s.stance) == stance})
                for stance in ("success", "challenge", "neutral")
            }
            for stance, n in by_stance.items():
                if not n:
                    continue
                chosen = [s for s in theme_segments if _bucket(s.stance) == stance]
                chosen_of[(q.id, key, stance)] = chosen
                found_rows[stance].append(
                    ThemeRow(
                        key=key,
                        label=first.label,
                        color=first.color,
                        respondents=n,
                        percent=100 * n / answered[q.id] if answered[q.id] else 0.0,
                        stance=stance,
                        by_stance=by_stance,
                        quotes=(),
                        terms=tuple(
                            t
                            for t, _ in keyness([span_terms(s) for s in chosen], all_terms, 1)[
                                :TERMS
                            ]
                        ),
                        counted=_counted(chosen),
                    )
                )
        for stance in found_rows:
            found_rows[stance].sort(key=lambda r: (-r.respondents, r.label))
        rows_of[q.id] = found_rows

    quotes = _quotes(
        rows_of, chosen_of, theme_terms, corpus, texts, findings, may_quote, quote_group, lang
    )
    items: list[OpenQuestion | ClosedQuestion] = []
    for q in questions:
        if q.id in closed:
            items.append(closed[q.id])
            continue
        if not q.is_open:
            continue
        condition = _condition(q, by_id, values, lang)
        if q.is_background:
            items.append(
                OpenQuestion(
                    q.id, number[q.id], qtext(q), answered[q.id], (), (), (), {},
                    condition=condition, background=True,
                )
            )  # fmt: skip
            continue
        found_rows = {
            stance: [
                _with_quotes(row, quotes.get((q.id, row.key, stance), ())) for row in theme_rows
            ]
            for stance, theme_rows in rows_of[q.id].items()
        }
        weights = corpus.weights(
            ((str(a), None, None) for a, qq in qid_of.items() if qq == q.id), lang
        )
        items.append(
            OpenQuestion(
                qid=q.id,
                number=number[q.id],
                text=qtext(q),
                answered=answered[q.id],
                successes=tuple(found_rows["success"]),
                challenges=tuple(found_rows["challenge"]),
                neutral=tuple(found_rows["neutral"]),
                # A word cloud of fewer answers than a quote may come from gives their
                # words away as surely as a quote.
                word_weights=_top(weights, CLOUD_WORDS) if answered[q.id] >= MIN_GROUP else {},
                unreviewed=q.id in fallback,
                condition=condition,
            )
        )

    # Across questions.
    respondents_of: dict[str, set[int]] = defaultdict(set)
    labels: dict[str, str] = {}
    for s in segments:
        respondents_of[s.key].add(s.respondent)
        labels[s.key] = s.label
    ranked_themes = sorted(respondents_of.items(), key=lambda kv: (-len(kv[1]), labels[kv[0]]))
    groups_table = None
    if group_by:
        groups_table = GroupTable(
            attribute=by_label,
            groups=tuple(columns),
            group_sizes=tuple(merged_sizes[g] for g in columns),
            rows=tuple(
                (labels[key], tuple(sum(1 for r in who_ if group_of.get(r) == g) for g in columns))
                for key, who_ in ranked_themes
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
    discovered = _discovered(
        segments, texts, qid_of, corpus, findings, lang, lambda a: may_quote(who[a])
    )
    theme_cloud = {
        labels[key]: _top(
            corpus.weights(((str(s.answer_id), s.start, s.end) for s in segments if s.key == key), lang),
            CLOUD_WORDS,
        )
        for key, _ in ranked_themes[:THEME_CLOUDS]
        if len(respondents) >= MIN_GROUP
    }  # fmt: skip
    open_items = [i for i in items if isinstance(i, OpenQuestion)]
    return SurveyReport(
        slug=survey["slug"],
        title=survey["title"],
        audience=survey.get("audience") or questionnaire.audience or "",
        method=_method(store, survey, questionnaire, version, lang, group_by, merged, sample),
        items=tuple(items),
        groups=groups_table,
        cooccurrence=cooccurrence,
        discovered=discovered,
        sources=tuple(sources),
        respondents=len(respondents),
        open_respondents=len(set(who.values())),
        successes=_leading(open_items, "successes"),
        challenges=_leading(open_items, "challenges"),
        highlights=_highlights(list(closed.values()), lang),
        appendix=tuple(_appendix(q, number[q.id], by_id, lang) for q in questions),
        theme_cloud=theme_cloud,
        theme_respondents={labels[k]: len(v) for k, v in ranked_themes},
    )


def _group_key(survey: Mapping[str, Any], attrs: Mapping[int, dict[str, str]]) -> str | None:
    """The survey's first declared respondent attribute that respondents have."""
    try:
        declared = [str(k) for k in json.loads(survey.get("attributes") or "[]")]
    except ValueError:
        declared = []
    seen: dict[str, None] = {}
    for found in attrs.values():
        seen.update(dict.fromkeys(found))
    for key in [*declared, *seen]:
        if key in seen:
            return key
    return None


def _group_value(
    respondent: int,
    group_by: str | None,
    attrs: Mapping[int, dict[str, str]],
    values: Mapping[str, Mapping[int, str]],
    questions: Mapping[str, Question],
    lang: str,
) -> str:
    """A respondent's group: an attribute's value, or their answer to a closed question."""
    if not group_by:
        return ""
    question = questions.get(group_by)
    if question is None or question.type not in ("single", "likert"):
        return attrs.get(respondent, {}).get(group_by, "")
    value = values.get(group_by, {}).get(respondent, "")
    return dict(_scale(question, lang)).get(value, value)


def _split_label(group_by: str | None, questions: Mapping[str, Question], lang: str) -> str:
    question = questions.get(group_by or "")
    if question is None:
        return attribute(group_by, lang) if group_by else ""
    return _short(question.text.get(lang) or question.text.get("sv") or question.id, 60)


def _short(value: str, limit: int = 90) -> str:
    value = " ".join(value.split())
    if len(value) <= limit:
        return value
    cut = value[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:–-") + " …"


# ---------------------------------------------------------------------------------------
# Closed questions


def _scale(q: Question, lang: str) -> list[tuple[str, str]]:
    """(value, label) of every answer, "don't know" included, without numbering."""
    if q.type == "likert":
        return [
            (value, label.split(" – ", 1)[1] if " – " in label else label)
            for value, label in q.choice_labels(lang)
        ]
    return q.choice_labels(lang)


def _is_dont_know(q: Question, value: str) -> bool:
    if q.type == "likert":
        return value == DONT_KNOW_VALUE
    for choice in q.choices:
        if choice.value == value:
            labels = {label.strip().lower() for label in choice.label.values()}
            return bool(labels & DONT_KNOW_WORDS) or value.replace("_", " ") in DONT_KNOW_WORDS
    return False


def _chosen(q: Question, raw: str) -> list[str]:
    """The values an answer chose: one, or a multi question's list."""
    if q.type != "multi":
        return [raw]
    try:
        parsed = json.loads(raw)
    except ValueError:
        return [raw]
    return [str(v) for v in parsed] if isinstance(parsed, list) else [str(parsed)]


def _condition(
    q: Question,
    questions: Mapping[str, Question],
    values: Mapping[str, Mapping[int, str]],
    lang: str,
) -> Condition | None:
    if q.show_if is None or q.show_if.question not in questions:
        return None
    earlier = questions[q.show_if.question]
    labels = dict(_scale(earlier, lang))
    eligible = sum(
        1
        for raw in values.get(earlier.id, {}).values()
        if q.show_if.matches(_chosen(earlier, raw) if earlier.type == "multi" else raw)
    )
    return Condition(
        question=earlier.text.get(lang) or earlier.text.get("sv") or earlier.id,
        answers=tuple(labels.get(v, v) for v in q.show_if.values),
        eligible=eligible,
    )


def _closed(
    q: Question,
    number: int,
    question_text: str,
    answers: Mapping[int, str],
    condition: Condition | None,
    split: Split | None,
    lang: str,
) -> ClosedQuestion:
    if q.type == "number":
        numbers = []
        for raw in answers.values():
            try:
                numbers.append(float(raw))
            except ValueError:
                continue
        return ClosedQuestion(
            q.id, number, question_text, q.type, len(answers), len(numbers), (),
            mean=statistics.fmean(numbers) if numbers else None,
            median=statistics.median(numbers) if numbers else None,
            minimum=min(numbers) if numbers else None,
            maximum=max(numbers) if numbers else None,
            condition=condition, split=split,
        )  # fmt: skip
    counts: Counter[str] = Counter()
    dont_know_respondents = 0
    for raw in answers.values():
        chosen = _chosen(q, raw)
        counts.update(dict.fromkeys(chosen, 1))
        if chosen and all(_is_dont_know(q, v) for v in chosen):
            dont_know_respondents += 1
    scale = _scale(q, lang)
    known = {v for v, _ in scale}
    scale += [(v, v) for v in sorted(counts) if v not in known]  # values from elsewhere
    valid = len(answers) - dont_know_respondents
    categories = []
    dont_know = 0
    dont_know_label = ""
    for value, label in scale:
        if _is_dont_know(q, value):
            dont_know += counts[value]
            dont_know_label = dont_know_label or label
            continue
        share = 100 * counts[value] / valid if valid else None
        categories.append(Category(value, label, counts[value], share))
    points = [
        int(v)
        for raw in answers.values()
        for v in _chosen(q, raw)
        if v in ("1", "2", "3", "4", "5")
    ]
    likert = q.type == "likert"
    return ClosedQuestion(
        qid=q.id,
        number=number,
        text=question_text,
        type=q.type,
        answered=len(answers),
        valid=valid,
        categories=tuple(categories),
        dont_know=dont_know,
        dont_know_label=dont_know_label or DONT_KNOW_LABEL.get(lang, DONT_KNOW_LABEL["sv"]),
        mean=statistics.fmean(points) if likert and points else None,
        median=statistics.median(points) if likert and points else None,
        agree=sum(1 for p in points if p >= 4) if likert else None,
        scale=tuple(label for value, label in scale if value in ("1", "2", "3", "4", "5"))
        if likert
        else (),
        condition=condition,
        split=split,
    )


def _split(
    q: Question,
    answers: Mapping[int, str],
    group_of: Mapping[int, str],
    columns: Sequence[str],
    by: str,
    merged: tuple[str, ...],
) -> Split | None:
    if q.type == "number":
        return None
    order = [v for v, _ in q.choice_labels("sv") if not _is_dont_know(q, v)]
    sizes = []
    shares = []
    for group in columns:
        counts: Counter[str] = Counter()
        valid = 0
        for respondent, raw in answers.items():
            if group_of.get(respondent) != group:
                continue
            chosen = [v for v in _chosen(q, raw) if not _is_dont_know(q, v)]
            if chosen:
                valid += 1
                counts.update(dict.fromkeys(chosen, 1))
        sizes.append(valid)
        shares.append(tuple(100 * counts[v] / valid if valid else None for v in order))
    return Split(by, tuple(columns), tuple(sizes), tuple(shares), merged)


def _blocks(questions: Sequence[Question], closed: dict[str, ClosedQuestion]) -> None:
    """Number the runs of likert questions that share a scale: each run is one table and
    one stacked bar chart."""
    from dataclasses import replace

    block = 0
    previous: ClosedQuestion | None = None
    for q in questions:
        item = closed.get(q.id)
        if item is None or item.type != "likert":
            previous = None
            continue
        if previous is None or previous.scale != item.scale:
            block += 1
        closed[q.id] = previous = replace(item, block=block)


def _highlights(closed: Sequence[ClosedQuestion], lang: str) -> tuple[Highlight, ...]:
    """The summary's closed results: each likert item's two highest points together, and
    each single question's most common answer."""
    found = []
    for q in closed:
        if q.valid == 0:
            continue
        if q.type == "likert" and q.agree is not None and len(q.scale) == 5:
            either = text("or", lang).join((q.scale[3], q.scale[4]))
            found.append(Highlight(q.text, q.agree, q.valid, either))
        elif q.type == "single" and 1 < len(q.categories) <= LONG_LIST:  # not school years
            top = max(q.categories, key=lambda c: c.count)
            if top.count:
                found.append(Highlight(q.text, top.count, q.valid, top.label))
    return tuple(found)


def _appendix(
    q: Question, number: int, questions: Mapping[str, Question], lang: str
) -> AppendixQuestion:
    if q.type == "likert":
        labels = [label for _, label in _scale(q, lang)]
        kind = text("kind_likert", lang, first=labels[0], last=labels[4])
        if q.dont_know:
            kind += ", " + labels[-1]
    elif q.type in ("single", "multi"):
        kind = (
            text(f"kind_{q.type}", lang) + ": " + " / ".join(label for _, label in _scale(q, lang))
        )
    elif q.type == "number":
        kind = text("kind_number", lang)
    else:
        kind = text("kind_open", lang)
        if q.is_background:
            kind += " (" + text("kind_background", lang) + ")"
    condition = ""
    if q.show_if is not None and q.show_if.question in questions:
        earlier = questions[q.show_if.question]
        named = dict(_scale(earlier, lang))
        answers = text("or", lang).join(named.get(v, v) for v in q.show_if.values)
        condition = text(
            "appendix_condition",
            lang,
            number=[p.id for p in questions.values()].index(earlier.id) + 1,
            answers=answers,
        )
    return AppendixQuestion(number, q.text.get(lang) or q.text.get("sv") or q.id, kind, condition)


# ---------------------------------------------------------------------------------------
# Open questions


def _keywords(raw: str | None) -> frozenset[str]:
    """A code's keywords in both languages, lower-cased, for finding a quote's sentence."""
    try:
        data = json.loads(raw or "{}")
    except ValueError:
        return frozenset()
    words: set[str] = set()
    if isinstance(data, dict):
        for lang in ("sv", "en"):
            for word in data.get(lang) or []:
                if isinstance(word, str):
                    words.add(word.lower())
    return frozenset(words)


def _label(row: Mapping[str, Any], lang: str) -> str:
    english = (row.get("label_en") or "").strip()
    return english if lang == "en" and english else row["label"]


def _segments(
    store: Store,
    survey: dict[str, Any],
    qid_of: dict[int, str],
    who: dict[int, int],
    lang: str,
) -> tuple[list[Segment], set[str]]:
    """Counted segments, and the questions that fall back on unreviewed suggestions."""
    codings = store.report_codings(survey["id"])
    settled = {c["answer_id"] for c in codings if c["consensus"]}
    keywords: dict[str, frozenset[str]] = {}
    segments = []
    for c in codings:
        if c["answer_id"] not in qid_of or not (c["consensus"] or c["answer_id"] not in settled):
            continue
        words = keywords.setdefault(c["key"], _keywords(c["keywords"]))
        segments.append(
            Segment(
                c["answer_id"], who[c["answer_id"]], qid_of[c["answer_id"]], c["key"],
                _label(c, lang), c["color"] or "#5b6770", c["stance"] or "neutral",
                c["start"], c["end"], c["source"], words,
            )
        )  # fmt: skip
    coded_questions = {s.question for s in segments}
    fallback: set[str] = set()
    for s in store.report_suggestions(survey["id"], survey.get("suggestion_codebook_id")):
        question = qid_of.get(s["answer_id"])
        if question is None or question in coded_questions:
            continue
        fallback.add(question)
        words = keywords.setdefault(s["key"], _keywords(s["keywords"]))
        segments.append(
            Segment(
                s["answer_id"], who[s["answer_id"]], question, s["key"], _label(s, lang),
                s["color"] or "#5b6770", s["stance"] or "neutral", s["start"], s["end"],
                "unreviewed", words,
            )
        )  # fmt: skip
    return segments, fallback


def _counted(segments: Iterable[Segment]) -> Counted:
    sources = Counter(s.source for s in segments)
    return Counted(
        human=sources["human"],
        accepted=sources["rule"] + sources["model"],
        unreviewed=sources["unreviewed"],
    )


@dataclass(frozen=True)
class _Candidate:
    answer_id: int
    respondent: int
    start: int
    end: int
    strength: float
    terms: tuple[str, ...]


def _best_sentence(
    corpus: Corpus, answer: str, theme: frozenset[str], within: tuple[int, int] | None
) -> tuple[int, int, float, list[str]]:
    """The sentence of an answer (or of a coded span) sharing most terms with the theme's
    keywords and characteristic words; the first one when none shares any."""
    best: tuple[int, int, float, list[str]] | None = None
    for start, end in corpus.sentences(answer):
        if within is not None:
            start, end = max(start, within[0]), min(end, within[1])
            if end - start < 2:
                continue
        terms = corpus.terms(answer, start, end)
        score = float(len(set(terms) & theme))
        if best is None or score > best[2]:
            best = (start, end, score, terms)
    if best is None:
        start, end = within or (0, len(corpus.texts.get(answer, "")))
        return start, end, 0.0, corpus.terms(answer, start, end)
    return best


def _masked(value: str, found: Sequence[Finding], start: int, end: int) -> str:
    """value[start:end] with every identifying detail in it (or crossing its edges)
    replaced by its placeholder, as the survey's pseudonymiser writes it."""
    pieces = []
    last = start
    for f in found:
        if f.end <= start or f.start >= end:
            continue
        pieces += [value[last : max(last, f.start)], f"[{f.kind}]"]
        last = f.end
    pieces.append(value[last:end] if last < end else "")
    return "".join(pieces)


def _trimmed(value: str) -> str:
    value = " ".join(value.split()).strip(" ,;:-–")
    if len(value) <= QUOTE_CHARS:
        return value
    return value[:QUOTE_CHARS].rsplit(" ", 1)[0].rstrip(",;:–-") + " …"


def _quotes(
    rows_of: Mapping[str, Mapping[str, list[ThemeRow]]],
    chosen_of: Mapping[tuple[str, str, str], list[Segment]],
    theme_terms: Mapping[tuple[str, str], frozenset[str]],
    corpus: Corpus,
    texts: Mapping[int, str],
    findings: Mapping[int, list[Finding]],
    may_quote: Callable[[int], bool],
    quote_group: Callable[[int], str],
    lang: str,
) -> dict[tuple[str, str, str], tuple[Quote, ...]]:
    """Per (question, theme, stance) its quotes: each answer is quoted under the one theme
    its words carry most strongly, cut to that sentence, never from a small group."""
    candidates: dict[tuple[str, str, str], list[_Candidate]] = {}
    strongest: dict[int, tuple[float, int, tuple[str, str, str]]] = {}
    for (question, key, stance), chosen in chosen_of.items():
        theme = theme_terms.get((question, key), frozenset())
        respondents = next((r.respondents for r in rows_of[question][stance] if r.key == key), 0)
        found = []
        for s in chosen:
            if not may_quote(s.respondent):
                continue
            answer = str(s.answer_id)
            within = (s.start, s.end) if s.start is not None and s.end is not None else None
            start, end, score, terms = _best_sentence(corpus, answer, theme, within)
            strength = score + (2.0 if within else 0.0)  # a coder marked these very words
            found.append(_Candidate(s.answer_id, s.respondent, start, end, strength, tuple(terms)))
            rank = (strength, respondents, (question, key, stance))
            if s.answer_id not in strongest or rank[:2] > strongest[s.answer_id][:2]:
                strongest[s.answer_id] = rank
        candidates[(question, key, stance)] = found
    quotes: dict[tuple[str, str, str], tuple[Quote, ...]] = {}
    used: set[str] = set()
    for place, found in candidates.items():
        best: dict[int, _Candidate] = {}
        for c in found:  # one quote per answer: its segment that carries the theme most
            if strongest[c.answer_id][2] == place and (
                c.answer_id not in best or c.strength > best[c.answer_id].strength
            ):
                best[c.answer_id] = c
        own = list(best.values())
        # Quotes in the report's language when there are any: a Swedish report quotes
        # Swedish answers, and an English answer only where nothing else says it.
        own = [c for c in own if corpus.lang.get(str(c.answer_id)) == lang] or own
        shown: dict[str, _Candidate] = {}
        for c in own:
            quoted = _trimmed(_masked(texts[c.answer_id], findings[c.answer_id], c.start, c.end))
            if quoted and quoted not in used:
                shown.setdefault(quoted, c)
        picked = typical([(t, list(c.terms)) for t, c in shown.items()], QUOTES)
        used.update(picked)
        quotes[place] = tuple(Quote(t, quote_group(shown[t].respondent)) for t in picked)
    return quotes


def _with_quotes(row: ThemeRow, quotes: tuple[Quote, ...]) -> ThemeRow:
    from dataclasses import replace

    return replace(row, quotes=quotes)


def _discovered(
    segments: Sequence[Segment],
    texts: Mapping[int, str],
    qid_of: Mapping[int, str],
    corpus: Corpus,
    findings: Mapping[int, list[Finding]],
    lang: str,
    may_quote: Callable[[int], bool],
) -> tuple[Discovered, ...]:
    """Themes the engine sees in answers nobody coded, from answers in the report's
    language; each example cut to the sentence holding the candidate's first word, and
    taken only from an answer the report may quote (`may_quote` of its id)."""
    covered = {str(s.answer_id) for s in segments}
    ids = [a for a in texts if corpus.lang.get(str(a)) == lang]
    if not covered or len(covered) >= len(texts):
        return ()
    coded_items = [Coded(Answer(str(a), texts[a], qid_of[a]), lang) for a in ids]
    candidates = discover(
        coded_items,
        covered,
        max_candidates=DISCOVERED,
        terms={str(a): corpus.terms(str(a)) for a in ids},
    )
    found = []
    for c in candidates:
        examples = []
        first = c.terms[0][0].split()[0] if c.terms else ""
        for answer in [a for a in c.answer_ids if may_quote(int(a))][:2]:
            a = int(answer)
            start, end = next(
                (
                    (s, e)
                    for s, e in corpus.sentences(answer)
                    if first in corpus.terms(answer, s, e)
                ),
                (0, len(texts[a])),
            )
            examples.append(_trimmed(_masked(texts[a], findings[a], start, end)))
        found.append(
            Discovered(
                terms=tuple(t for t, _ in c.terms),
                examples=tuple(examples),
                answers=len(c.answer_ids),
            )
        )
    return tuple(found)


def _bucket(stance: str) -> str:
    return stance if stance in ("success", "challenge") else "neutral"


def _top(weights: dict[str, float], n: int) -> dict[str, float]:
    return dict(sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:n])


def _leading(items: Sequence[OpenQuestion], stance: str) -> tuple[tuple[str, int], ...]:
    """The themes most respondents raised in one stance over every open question."""
    who: dict[str, int] = Counter()
    for item in items:
        for row in getattr(item, stance):
            who[row.label] += row.respondents
    ranked = sorted(who.items(), key=lambda kv: (-kv[1], kv[0]))
    return tuple(ranked[:SUMMARY_THEMES])


# ---------------------------------------------------------------------------------------
# Method and comparison


def _method(
    store: Store,
    survey: dict[str, Any],
    questionnaire: Any,
    version: dict[str, Any],
    lang: str,
    group_by: str | None,
    merged: list[str],
    sample_name: str | None,
) -> Method:
    watch = monitor(store, survey, questionnaire, lang)
    other = translate("report.other_groups", lang)
    rate: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for value, invited, started, done, _ in watch.by_group.get(group_by or "", []):
        name = other if value in merged else value
        rate[name][0] += done
        rate[name][1] += invited or started
    coders = sorted({c["coder_name"] or c["coder"] for c in store.report_codings(survey["id"])})
    responded = list(store.monitoring_rows(survey["id"])[1])
    first = min((r["started_at"] for r in responded), default=None)
    last = max((r["completed_at"] or r["started_at"] for r in responded), default=None)
    begin = survey.get("opens_at") or first or ""
    end = survey.get("closes_at") or last or ""
    days = dict.fromkeys(formatting.long_date(d, lang) for d in (begin, end) if d)
    period = " – ".join(days)
    return Method(
        questionnaire=questionnaire.title.get(lang) or questionnaire.title.get("sv") or "",
        version=int(version.get("version") or 1),
        period=period,
        invited=watch.invited or None,
        started=watch.started,
        completed=watch.completed,
        rate_by_group=tuple((g, v[0], v[1]) for g, v in sorted(rate.items()) if v[1] >= MIN_GROUP),
        coders=tuple(coders),
        agreement=_agreement(store, survey["id"], sample_name, lang),
    )


def _agreement(store: Store, survey_id: int, name: str | None, lang: str) -> Agreement | None:
    sample = double_coding.chosen_sample(store, survey_id, name)
    if sample is None:
        return None
    figures = double_coding.summary(double_coding.sample_agreement(store, sample["id"]))
    return Agreement(
        sample=sample["name"],
        answers=figures.answers,
        units=figures.units,
        coders=figures.coders,
        percent=figures.percent,
        kappa=figures.kappa,
        alpha=figures.alpha,
        complete=figures.complete,
        reading=reading(figures.alpha, "alpha", lang, figures.units) if figures.units else "",
    )


def _comparison(parts: Sequence[SurveyReport]) -> Comparison:
    """Themes raised in two or more surveys, and likert items asked in two or more (the
    same question id, or the same wording), with their numbers per survey."""
    theme_counts: dict[str, list[tuple[int, int] | None]] = {}
    for n, part in enumerate(parts):
        for label, count in part.theme_respondents.items():
            theme_counts.setdefault(label, [None] * len(parts))[n] = (count, part.open_respondents)
    themes = tuple(
        ThemeComparison(label, tuple(counts))
        for label, counts in sorted(
            theme_counts.items(), key=lambda kv: -sum(c[0] for c in kv[1] if c)
        )
        if sum(1 for c in counts if c) >= 2
    )
    item_counts: dict[str, tuple[str, str, list[tuple[int, int] | None]]] = {}
    for n, part in enumerate(parts):
        for q in part.closed_questions:
            if q.type != "likert" or q.agree is None or len(q.scale) != 5:
                continue
            key = " ".join(q.text.lower().split())
            scale = f"{q.scale[3]} / {q.scale[4]}"
            item_counts.setdefault(key, (q.text, scale, [None] * len(parts)))[2][n] = (
                q.agree,
                q.valid,
            )
    items = tuple(
        ItemComparison(question, scale, tuple(counts))
        for question, scale, counts in item_counts.values()
        if sum(1 for c in counts if c) >= 2
    )
    return Comparison(tuple(p.title for p in parts), themes, items)
