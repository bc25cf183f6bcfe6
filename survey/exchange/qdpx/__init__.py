"""REFI-QDA project exchange (.qdpx, QDA-XML 1.0), so evaluators can take a survey's coded
answers to NVivo, ATLAS.ti, MAXQDA or QualCoder and bring the coding back.

A .qdpx is a zip of `project.qde` and `Sources/<guid>.txt`. Each open answer becomes a
`TextSource` named "Respondent 12 – q2_framgang" whose plain text is the stored answer;
each respondent a `Case` carrying its attributes as `Variables`; each live coding a
`PlainTextSelection` with one `Coding` by the coder's `User`; each memo a `Note`, referenced
from the project, code, source or selection it is about. Every guid is derived from the survey
and the row (uuid5), so exporting again gives the other tool the same ids to update.

Offset convention: `codings.start`/`end` and `startPosition`/`endPosition` are both positions
in Unicode code points (Python str indices) into the answer text exactly as stored and as
written to `Sources/<guid>.txt` (UTF-8, no BOM, line ends as stored); start inclusive, end
exclusive. A whole-answer coding (NULL offsets) is exported as 0..len(text), and a selection
covering a whole source comes back as a whole-answer coding. When an export is pseudonymised,
each span is carried into the rewritten text by `OffsetMap` (a word-level alignment of the two
texts), so it still covers the same words, or the placeholder that replaced them.

Stance, the source of an accepted suggestion and the consensus flag have no place in
QDA-XML; they ride in the selection's <Description> ("stance: success, source: rule,
consensus"), which other tools show as a comment and which the import reads back.

Who coded what survives: the project's Users are matched to accounts by this tool's own
guid, by e-mail or by an unambiguous name; a coder who has no account here gets a disabled
one (no usable password), so two coders' identical codings stay two and agreement between
them comes back as it was. Only codings that name no user at all need the importer. Cases and Variables are written for the other tool and not read back:
respondents' attributes belong to the survey.

Import trusts positions only on identical text: a source must name an answer of the survey
and hold exactly its stored text, otherwise its codings are skipped with a problem message,
never moved onto different words. The whole import is one transaction; a file that cannot be
used at all raises `RefiQdaError` before anything is written. Parsing follows `exchange.refi_qda`'s
rules (no entities, no DTD, no network, bounded sizes). No Flask here.
"""

from survey.exchange.qdpx.common import OffsetMap, source_name
from survey.exchange.qdpx.export import export_project, project_bytes
from survey.exchange.qdpx.importing import ImportResult, import_project

__all__ = [
    "ImportResult",
    "OffsetMap",
    "export_project",
    "import_project",
    "project_bytes",
    "source_name",
]
