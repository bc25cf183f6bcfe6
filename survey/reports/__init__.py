"""Reports own the evaluation report: its numbers computed once from the store as frozen
data (`build` into `model`), its wording in Swedish and English (`wording`), its figures
(`figures`), and its formats, Markdown, HTML, Word and ZIP (`render`). Every format renders
the same model, so no two formats can disagree."""
