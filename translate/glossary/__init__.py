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

Modules, in layers from top to bottom. A module imports only from layers
below its own, never from a module beside it (``|``), lazily or not, so there
are no cycles (an import-linter ``layers`` contract states the same)::

    enforce | store
    context_ru | locate | formats
    forms | paraphrase | termbase
    morph_ru | hits | match | morph_kk
    names | folding | entry | report
    ru_analyzer

enforce: check/apply a translation; store: the user's store (edits, import);
context_ru: which form a Russian replacement takes; locate: finding each
term's rendering, stage by stage; formats: CSV/TSV/TBX read and write; forms:
every target form of an entry; paraphrase: the paraphrase and acronym stages;
termbase: the collection (conflicts, merging a file with the store);
morph_ru/morph_kk: Russian inflection, Kazakh endings; hits: Hit and Tokens,
where a rendering sits; match: English source terms; names: people's names in
Russian; folding: spellings and former names; entry: Entry and its
validation; report: TermReport/TermResult; ru_analyzer: the shared pymorphy3
analyser.

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
