"""Where trained models live: one folder per codebook version under the instance
folder, so a model never outlives the codebook it was trained for. And when to retrain:
on demand, or automatically once enough new codes have come in."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from .codebook import Codebook
from .engine import Engine
from .theme_model import StaleModel

RETRAIN_EVERY = 25  # new human codes (accepted or rejected) before retraining by itself


def model_dir(instance: Path, codebook: Codebook) -> Path:
    """instance/models/<codebook name>-<version hash>/"""
    slug = re.sub(r"[^a-z0-9]+", "-", codebook.name.lower()).strip("-")[:40] or "codebook"
    return instance / "models" / f"{slug}-{codebook.content_hash[:12]}"


def save(engine: Engine, instance: Path) -> Path:
    if engine.model is None:
        raise ValueError("no model has been trained")
    path = model_dir(instance, engine.codebook)
    engine.model.to_disk(path)
    return path


def load_saved(engine: Engine, instance: Path) -> bool:
    """Use the saved model for this codebook version if there is one. A model saved by
    an earlier version of the engine is left alone: the rules code until the next
    training replaces it."""
    path = model_dir(instance, engine.codebook)
    if not (path / "training.json").exists():
        return False
    try:
        engine.load_model(path)
    except StaleModel:
        return False
    return True


def should_retrain(codes_now: int, codes_at_last_training: int, every: int = RETRAIN_EVERY) -> bool:
    return codes_now - codes_at_last_training >= every


def retire(instance: Path, name: str) -> list[Path]:
    """Delete every saved model of the codebooks called `name` (all their versions): a
    model trained on answers that were then erased keeps their words in its vocabulary.
    Suggestions fall back to the rules until the next training."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:40] or "codebook"
    folder = instance / "models"
    retired = [p for p in folder.glob(f"{slug}-*") if p.is_dir() and _is_version(p.name, slug)]
    for path in retired:
        shutil.rmtree(path)
    return retired


def _is_version(folder: str, slug: str) -> bool:
    return re.fullmatch(re.escape(slug) + r"-[0-9a-f]{12}", folder) is not None
