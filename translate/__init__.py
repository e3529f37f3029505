"""tilshi's translation library: documents in, translated documents out.

The public API is re-exported here lazily, so ``import translate`` stays cheap
(no torch, no transformers, no pymorphy3) until something is actually used::

    from translate import translate_document, TranslateOptions
    [ru] = translate_document(open("release.md").read(), ["ru"])
    print(ru.text, ru.terms.term_accuracy)
"""

from __future__ import annotations

import importlib

_EXPORTS = {
    "translate_document": "translate.pipeline",
    "TranslateOptions": "translate.pipeline",
    "DocumentTranslation": "translate.pipeline",
    "Segment": "translate.pipeline",
    "DecodeSettings": "translate.backends.base",
    "parse_document": "translate.document",
    "split_sentences": "translate.segment",
    "resolve_language": "translate.languages",
    "resolve_model": "translate.registry",
    "load_glossary": "translate.glossary",
    "check_translation": "translate.glossary",
    "apply_glossary": "translate.glossary",
    "check_document": "translate.glossary",
    "apply_document": "translate.glossary",
    "TilshiError": "translate.errors",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'translate' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
