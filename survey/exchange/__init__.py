"""Exchange owns files that leave or enter the app: responses as CSV, XLSX and JSON
(`exports`), coded segments and memos (`coding_exports`), answers collected elsewhere
(`importing`, with `identifying` keeping respondents' identifiers out), REFI-QDA codebooks
(`refi_qda`), Taguette's codebook CSV (`taguette`) and whole projects (`qdpx`). Every CSV
is read and written by `csv_files`, and every upload is bounded by `limits`. Exporters are
plain functions over a path or a file object, shared by the web and the CLI."""
