"""govie's token classifier: the only part of govie that imports torch and transformers.

>>> from govie.model import Tagger                      # doctest: +SKIP
>>> tagger = Tagger.load("models/govie-zh-small")      # doctest: +SKIP
>>> tagger.predict("1-9月新水用量6172.9万立方米")         # doctest: +SKIP

Names are loaded lazily: ``govie.model.metrics`` and ``govie.model.bio`` work
without torch; ``Tagger``, ``save_model`` and ``load_model`` import it. Training:
``govie.model.train.main(argv)`` / ``govie.model.train.train(config)``.
"""
from __future__ import annotations

from importlib import import_module
from typing import Any

_LAZY = {
    "Tagger": "tagger", "save_model": "io", "load_model": "io",
    "load_gold": "data", "evaluate_spans": "metrics", "build_char_tokenizer": "chartok",
}

__all__ = sorted(_LAZY)


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(f"{__name__}.{_LAZY[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
