"""The forms a codebook's keyword is found in beyond its own words: the words derived
from a Swedish keyword, a phrase's readings (each word as a base form or as written) and
its inverted word order, and how short a label word may be. Pure functions on words and
pattern docs; `rules.ThemeRules` builds its matchers with them, and `preview` counts
with them, so the editor's count and the engine agree.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Iterable, Sequence
from itertools import product

from spacy.tokens import Doc
from spacy.vocab import Vocab

# Swedish puts the subject after the verb when something else comes first ("Nu går han
# till skolan", "Sedan mådde hon bättre"), and sentence adverbs between the verb and
# what follows ("går inte till skolan", "mår fortfarande dåligt"): a phrase keyword
# that opens with a verb is matched with such words after its first word.
SUBJECTS = {"sv": ("han", "hon", "hen", "den", "det", "de", "dom", "vi", "jag", "du", "ni", "man")}
ADVERBS = {"sv": ("inte", "aldrig", "nu", "fortfarande", "redan", "ändå", "också", "ofta", "bara")}
# Adverbs of degree and frequency, after the verb alone ("går nästan varje dag", "är
# typ hemma"): each is one pattern per reading, where an adverb above is thirteen (alone
# and after each subject), and the matcher's patterns are much of the engine's memory.
ALONE = {"sv": ("nästan", "typ", "knappt", "sällan", "igen", "alltid", "mest")}


def insertions(lang: str) -> list[tuple[str, ...]]:
    """What may come between a phrase's first word and the rest: a subject, an adverb,
    or both ("gick hon inte till skolan")."""
    subjects, adverbs = SUBJECTS.get(lang, ()), ADVERBS.get(lang, ())
    return [
        *((s,) for s in subjects),
        *((a,) for a in adverbs + ALONE.get(lang, ())),
        *((s, a) for s in subjects for a in adverbs),
    ]


MAX_READINGS = 4  # patterns per phrase keyword before inverted word order


def readings(doc: Doc) -> list[Doc]:
    """A phrase keyword as patterns of base forms. A keyword is written in base forms,
    but the lemma table may read a base form as another word ("orsak" as the verb
    "orsaka", "plan" as "plana") while the answers' inflections ("orsaker", "planen")
    read as the noun: each word is taken as its base form or as written, the reading
    with the fewest words as written first."""
    forms = [t.text for t in doc]
    choices = [
        (t.norm_, t.lower_) if t.is_alpha and t.lower_ != t.norm_ else (t.norm_,) for t in doc
    ]
    combos = sorted(
        product(*choices),
        key=lambda combo: sum(c != t.norm_ for c, t in zip(combo, doc, strict=True)),
    )[:MAX_READINGS]
    return [_pattern(doc.vocab, forms, combo) for combo in combos]


def inverted(doc: Doc, insertions: Iterable[tuple[tuple[str, ...], tuple[str, ...]]]) -> list[Doc]:
    """`doc` (a phrase keyword, base forms set) with each insertion (its words, their
    base forms) after its first word: the patterns that find it in inverted order."""
    forms = [t.text for t in doc]
    norms = [t.norm_ for t in doc]
    return [
        _pattern(doc.vocab, [forms[0], *words, *forms[1:]], [norms[0], *bases, *norms[1:]])
        for words, bases in insertions
    ]


def _pattern(vocab: Vocab, words: Sequence[str], norms: Sequence[str]) -> Doc:
    """A pattern doc of `words` whose base forms (NORM, what the matcher compares) are
    `norms`."""
    doc = Doc(vocab, words=list(words))
    for token, norm in zip(doc, norms, strict=True):
        token.norm_ = norm
    return doc


# Swedish derivations between nouns, verbs and adjectives: (ending, replacement).
_SV_DERIVATIONS = (
    ("ning", "a"),  # kartläggning → kartlägga, uppföljning → uppfölja
    ("ing", "a"),  # förankring → förankra
    ("ering", "era"),  # implementering → implementera
    ("an", "a"),  # samverkan → samverka
    ("het", ""),  # trygghet → trygg, öppenhet → öppen
    ("ande", "a"),  # bemötande → bemöta
    ("else", ""),  # förståelse → förstå
    ("era", "ering"),
    ("a", "ning"),  # kartlägga → kartläggning
    ("a", "ing"),  # förankra → förankring
    ("a", "an"),  # samverka → samverkan
)
MIN_LABEL_WORD = 4  # a label's shorter words ("IT", "stöd") say too little alone
MIN_DERIVED_FROM = 7  # shorter words derive nonsense: "orka" → "orkan", "rädd" → "räddning"
MIN_DERIVED = 5  # letters of a derived base form worth matching


def derived_forms(
    known: Callable[[str], str | None], lang: str, word: str, stop_words: Container[str]
) -> list[str]:
    """The base forms of the words derived from a keyword's base form `word` that the
    lemma table knows (`known`, `BaseForms.known`), to match as whole words: what the
    rule coder matches and the editor's preview counts."""
    found = []
    for derived in derivations(lang, word):
        base = known(derived)
        if base and base != word and base not in stop_words and len(base) >= MIN_DERIVED:
            found.append(base)
    return found


def derivations(lang: str, word: str) -> list[str]:
    """Words derived from a Swedish `word` by a common ending swap (not checked to
    exist). English has none: its derivations ("manage" from "management") widen a
    keyword's meaning more than Swedish ones do."""
    if lang != "sv" or len(word) < MIN_DERIVED_FROM:
        return []
    return [word[: -len(end)] + new for end, new in _SV_DERIVATIONS if word.endswith(end)]
