"""The glossary layer: termbase, files, source matching, inflection, check/apply.

Public API::

    load_glossary(paths=(), *, use_store=True) -> Termbase
    Termbase.find(source_text) -> list[TermMatch]
    check_translation(source, translation, target, termbase) -> TermReport
    apply_glossary(source, translation, target, termbase) -> (str, TermReport)
    check_document(source_text, translation_text, target, termbase) -> TermReport
    apply_document(source_text, translation_text, target, termbase) -> (str, TermReport)
    merge_reports(reports) -> TermReport
    renderings(termbase, target) -> list[str]   # every admitted inflected form

plus the store operations behind ``tilshi glossary`` (add_term, remove_term,
import_file, export_store, validate) and the file readers/writers.

Modules: termbase (entries, merging a file with the store), match (English
source), forms/morph_ru/names/morph_kk (target forms), folding (spellings,
former names), locate/paraphrase (finding a rendering), context_ru (which
form a Russian replacement takes), enforce (check/apply), report.
Nothing heavy is imported here: pymorphy3 and pytrovich load on first use.
"""

from .enforce import (
    TermReport,
    TermResult,
    apply_document,
    apply_glossary,
    check_document,
    check_translation,
    merge_reports,
    pair_paragraphs,
    renderings,
    target_forms,
)
from .formats import export_glossary, parse_glossary, read_glossary_file
from .match import TermMatch
from .store import (
    add_term,
    export_store,
    import_file,
    load_glossary,
    load_starter,
    load_store,
    parse_term_options,
    remove_term,
    save_store,
    validate,
)
from .termbase import Entry, Termbase, make_entry

__all__ = [
    "Entry", "TermMatch", "TermReport", "TermResult", "Termbase",
    "add_term", "apply_document", "apply_glossary", "check_document", "check_translation",
    "export_glossary", "export_store", "import_file", "load_glossary", "load_starter", "load_store",
    "make_entry", "merge_reports", "pair_paragraphs", "renderings", "parse_glossary", "parse_term_options", "read_glossary_file",
    "remove_term", "save_store", "target_forms", "validate",
]
