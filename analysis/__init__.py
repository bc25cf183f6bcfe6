"""The thematic coding engine: spaCy pipelines that suggest themes for open answers.

Importable without Flask; the web layer calls it, never the other way round.
"""
