"""tilshi's command line: parse options, call one library function, print.

No translation logic lives here. Library errors (``translate.errors``) become
one-line ``Error: ...`` messages through :class:`click.ClickException`.
"""

from __future__ import annotations

import functools
import sys

import click

from translate.errors import TilshiError


def reports_errors(func):
    """Turn tilshi's domain errors into click errors (one line, exit 1)."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except TilshiError as exc:
            raise click.ClickException(str(exc)) from None

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="tilshi")
def main():
    """tilshi: translate and summarise English press releases into Russian and Kazakh, offline."""


# --- translate commands (issue 2) ---


# --- models commands (issue 2) ---


# --- glossary commands (issue 3) ---


def _glossary_target(ctx, param, value):
    """--to for glossary check/apply: ru or kk (ISO 639-1 or NLLB code)."""
    from translate.languages import resolve_language

    try:
        code = resolve_language(value).iso1
    except TilshiError as exc:
        raise click.BadParameter(str(exc)) from None
    if code not in ("ru", "kk"):
        raise click.BadParameter(f"{value!r}: the glossary is enforced for ru and kk only")
    return code


def _term_pairs(ctx, param, value):
    """--term/--avoid LANG=TEXT, repeatable."""
    from translate.glossary import parse_term_options

    try:
        return parse_term_options(value)
    except TilshiError as exc:
        raise click.BadParameter(str(exc)) from None


def _usage_exit_2(func):
    """For check/apply: input and glossary errors exit 2 (1 means 'terms missing')."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except TilshiError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(2)

    return wrapper


_glossary_files = click.option(
    "--glossary", "glossary", multiple=True, type=click.Path(dir_okay=False), metavar="PATH",
    help="Glossary file (CSV, TSV or TBX) used on top of your store; repeatable.",
)
_pair_args = [
    click.argument("source", type=click.Path(dir_okay=False, allow_dash=True)),
    click.argument("translation", type=click.Path(dir_okay=False, allow_dash=True)),
    click.option("--to", "target", required=True, callback=_glossary_target, metavar="ru|kk", help="Language of TRANSLATION."),
    _glossary_files,
]


def _pair_options(func):
    for option in reversed(_pair_args):
        func = option(func)
    return func


def _read_pair(source, translation):
    from translate.textio import read_text

    return read_text(source, what="source"), read_text(translation, what="translation")


@main.group("glossary")
def glossary_group():
    """Edit the glossary and check or post-edit translations against it.

    Your glossary store is a CSV file in tilshi's data directory (TILSHI_HOME
    overrides it); until you edit it, the shipped starter glossary is used.
    """


@glossary_group.command("add")
@click.argument("term")
@click.option("--ru", "ru", metavar="TEXT", help="Russian term (preferred|variant|...).")
@click.option("--kk", "kk", metavar="TEXT", help="Kazakh term (preferred|variant|...).")
@click.option("--term", "terms", multiple=True, callback=_term_pairs, metavar="LANG=TEXT", help="A term in any language; repeatable.")
@click.option("--avoid", "avoid", multiple=True, callback=_term_pairs, metavar="LANG=TEXT",
              help="A wrong rendering to recognise and replace (e.g. ru=Киргизия); repeatable.")
@click.option("--type", "type_", default="other", show_default=True,
              type=click.Choice(["person", "organisation", "title", "place", "other"]), help="What the term names.")
@click.option("--note", default="", help="Free note; for persons write 'female' or 'male'.")
@click.option("--dnt", is_flag=True, help="Do not translate: keep the English term as is.")
@click.option("--replace", is_flag=True, help="Overwrite an existing entry for TERM.")
@reports_errors
def glossary_add(term, ru, kk, terms, avoid, type_, note, dnt, replace):
    """Add TERM (English; variants separated by '|') to your glossary store."""
    from translate.glossary import add_term, parse_term_options

    extra = parse_term_options([f"{lang}={text}" for lang, text in (("ru", ru), ("kk", kk)) if text])
    for lang, values in terms.items():
        extra.setdefault(lang, []).extend(values)
    entry = add_term(term, extra, type=type_, note=note, dnt=dnt, avoid=avoid, replace=replace)
    click.echo(f"Added {entry.source!r}.", err=True)


@glossary_group.command("remove")
@click.argument("term")
@reports_errors
def glossary_remove(term):
    """Remove the entry whose English term is TERM."""
    from translate.glossary import remove_term

    click.echo(f"Removed {remove_term(term).source!r}.", err=True)


@glossary_group.command("list")
@_glossary_files
@reports_errors
def glossary_list(glossary):
    """List every entry: English, Russian, Kazakh, type."""
    from translate.glossary import load_glossary

    for entry in load_glossary(glossary):
        click.echo(f"{entry.source}\t{entry.preferred('ru') or '-'}\t{entry.preferred('kk') or '-'}\t{entry.type}")


@glossary_group.command("show")
@click.argument("term")
@_glossary_files
@reports_errors
def glossary_show(term, glossary):
    """Show one entry with its variants, wrong renderings and note."""
    from translate.glossary import load_glossary, target_forms

    entry = load_glossary(glossary).get(term)
    if entry is None:
        raise click.ClickException(f"no glossary entry for {term!r}")
    click.echo(f"en: {' | '.join(entry.source_terms())}\ntype: {entry.type}{' (do not translate)' if entry.dnt else ''}")
    for lang in entry.target_languages():
        click.echo(f"{lang}: {' | '.join(entry.admitted(lang))}")
        if entry.avoid.get(lang):
            click.echo(f"{lang} (avoid): {' | '.join(entry.avoid[lang])}")
        forms = [f for (case, number), f in target_forms(entry, lang).items() if number == "sg"]
        click.echo(f"{lang} forms: {', '.join(dict.fromkeys(forms))}")
    if entry.note:
        click.echo(f"note: {entry.note}")


@glossary_group.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--replace", is_flag=True, help="Let the file's entries overwrite conflicting ones.")
@reports_errors
def glossary_import(file, replace):
    """Merge a CSV, TSV or TBX file into your store (all or nothing)."""
    from translate.glossary import import_file

    click.echo(f"Imported {import_file(file, replace=replace)} entries from {file}.", err=True)


@glossary_group.command("export")
@click.option("--format", "fmt", type=click.Choice(["csv", "tsv", "tbx"]), default="csv", show_default=True, help="File format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write here instead of stdout.")
@_glossary_files
@reports_errors
def glossary_export(fmt, output, glossary):
    """Write your glossary (plus --glossary files) as CSV, TSV or TBX-Basic."""
    from translate.glossary import export_store
    from translate.textio import write_atomic

    text = export_store(fmt, glossary)
    write_atomic(output, text) if output else click.echo(text, nl=False)


@glossary_group.command("validate")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False))
@reports_errors
def glossary_validate(files):
    """Check FILES (default: your store) for malformed rows, conflicts and empty targets."""
    from translate.glossary import validate

    problems = validate(files)
    for problem in problems:
        click.echo(problem, err=True)
    if problems:
        raise click.ClickException(f"{len(problems)} problem(s) found")
    click.echo("Glossary OK.", err=True)


@glossary_group.command("check")
@_pair_options
@click.option("--json", "as_json", is_flag=True, help="Print a JSON report.")
@_usage_exit_2
def glossary_check(source, translation, target, glossary, as_json):
    """Is every glossary term in SOURCE rendered per the glossary in TRANSLATION?

    Exit 0 when all are, 1 when any is missing or wrong, 2 on a usage or input error.
    """
    import json

    from translate.glossary import check_document, load_glossary

    report = check_document(*_read_pair(source, translation), target, load_glossary(glossary))
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        for term in report.terms:
            click.echo(f"{term.status:8}{term.source} → {term.expected}" + (f"  (found: {term.found})" if term.found else ""))
        click.echo(f"term accuracy {report.term_accuracy:.0%} ({report.correct}/{report.total})", err=True)
    sys.exit(0 if report.all_ok else 1)


@glossary_group.command("apply")
@_pair_options
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write here instead of stdout.")
@_usage_exit_2
def glossary_apply(source, translation, target, glossary, output):
    """Post-edit TRANSLATION so every glossary term in SOURCE follows the glossary."""
    from translate.glossary import apply_document, load_glossary
    from translate.textio import write_atomic

    text, report = apply_document(*_read_pair(source, translation), target, load_glossary(glossary))
    write_atomic(output, text) if output else click.echo(text, nl=False)
    click.echo(f"term accuracy {report.term_accuracy:.0%} ({report.correct}/{report.total})", err=True)


# --- summarize commands (issue 4) ---


# --- memory commands (issue 5) ---


def _memory_filters(model, lang):
    """--model / --lang for memory commands: a model id (or its last part) and a target language."""
    if lang:
        from translate.languages import resolve_language

        lang = resolve_language(lang).iso1
    return model, lang


@main.group("memory")
def memory_group():
    """Inspect, export or clear the translation memory (reused translations of unchanged sentences)."""


@memory_group.command("stats")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@reports_errors
def memory_stats(as_json):
    """Entries per language pair and per model, and the store's size on disk."""
    import json

    from translate.memory import TranslationMemory

    with TranslationMemory() as memory:
        stats = memory.stats()
    if as_json:
        click.echo(json.dumps(stats, ensure_ascii=False, indent=2))
        return
    click.echo(f"{stats['path']}: {stats['entries']} entries, {stats['bytes'] / 1024:.0f} KiB")
    for pair in stats["pairs"]:
        click.echo(f"  {pair['source']}→{pair['target']}  {pair['entries']}")
    for model in stats["models"]:
        click.echo(f"  {model['model_id']}@{model['revision'][:12]} ({model['backend']})  {model['entries']}")


@memory_group.command("clear")
@click.option("--model", metavar="ID", help="Only entries of this model id (or local path).")
@click.option("--lang", metavar="LANG", help="Only entries translated into this language.")
@reports_errors
def memory_clear(model, lang):
    """Delete stored translations (all of them, or one model's / one language's)."""
    from translate.memory import TranslationMemory

    with TranslationMemory() as memory:
        removed = memory.clear(*_memory_filters(model, lang))
    click.echo(f"Removed {removed} entries from the translation memory.", err=True)


@memory_group.command("export")
@click.option("-o", "--output", type=click.Path(dir_okay=False), metavar="PATH", help="TMX file to write (default: stdout).")
@click.option("--model", metavar="ID", help="Only entries of this model id (or local path).")
@click.option("--lang", metavar="LANG", help="Only entries translated into this language.")
@reports_errors
def memory_export(output, model, lang):
    """Export the memory as TMX 1.4 (one <tu> per stored sentence, model and engine as <prop>)."""
    from translate.memory import TranslationMemory
    from translate.textio import write_atomic

    with TranslationMemory() as memory:
        tmx = memory.export_tmx(*_memory_filters(model, lang))
    if output:
        write_atomic(output, tmx)
        click.echo(f"Wrote {output}", err=True)
    else:
        click.echo(tmx, nl=False)


if __name__ == "__main__":
    sys.exit(main())
