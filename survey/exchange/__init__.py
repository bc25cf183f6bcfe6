"""Exchange owns files that leave or enter the app: responses as CSV, XLSX and JSON
(`exports`), coded segments and memos (`coding_exports`), answers collected elsewhere
(`importing`), REFI-QDA codebooks (`refi_qda`) and whole projects (`qdpx`). Exporters are
plain functions over a path or a file object, shared by the web and the CLI."""
