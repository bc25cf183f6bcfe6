"""`python -m survey …` is the `survey` command (the web app starts retraining this way,
in its own process)."""

from survey.cli.root import main

main()
