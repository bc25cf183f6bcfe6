"""The closed vocabularies the database stores and the code branches on, as `Literal`
types (checked by mypy) with their values as tuples (checked at run time, in forms and
imports). One place, so a stance or a role cannot be spelt two ways."""

from __future__ import annotations

from typing import Literal, get_args

Role = Literal["admin", "evaluator", "viewer"]
Stance = Literal["success", "challenge", "neutral"]
Decision = Literal["accepted", "rejected"]  # what an evaluator did with a suggestion
Source = Literal["human", "rule", "model"]  # who made a coding: a person or the engine
SuggestionSource = Literal["rule", "model"]

ROLES: tuple[Role, ...] = get_args(Role)
STANCES: tuple[Stance, ...] = get_args(Stance)
DECISIONS: tuple[Decision, ...] = get_args(Decision)
SOURCES: tuple[Source, ...] = get_args(Source)
SUGGESTION_SOURCES: tuple[SuggestionSource, ...] = get_args(SuggestionSource)
