"""tilshi's command line: parse options, call one library function, print.

No translation logic lives here. Library errors (``translate.errors``) become
one-line ``Error: ...`` messages through :class:`click.ClickException`.
"""

from __future__ import annotations

import errno
import functools
import logging
import os
import signal
import sys

import click

from translate.errors import TilshiError


def reports_errors(func=None, *, exit_code: int = 1):
    """Turn tilshi's domain errors into click errors: one ``Error:`` line, exit ``exit_code``."""

    def decorate(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            try:
                return func(*args, **kwargs)
            except TilshiError as exc:
                # One line, whatever a wrapped third-party message (a model loader's) looked like.
                error = click.ClickException(" ".join(_message(exc).split()))
                error.exit_code = exit_code
                raise error from None
            except OSError as exc:  # stdout is full or closed: one line, not a traceback
                if exc.errno not in _WRITE_ERRNOS:
                    raise
                _silence_stdout()
                if exc.errno == errno.EPIPE:
                    # The reader went away (`| head`): nothing to tell it; exit as a SIGPIPE'd tool does.
                    raise SystemExit(128 + signal.SIGPIPE) from None
                error = click.ClickException(f"cannot write the output: {exc.strerror or exc}")
                error.exit_code = exit_code
                raise error from None

        return wrapper

    return decorate(func) if func is not None else decorate


_WRITE_ERRNOS = {errno.EPIPE, errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO}


def _silence_stdout() -> None:
    """Point stdout at /dev/null so Python's flush at exit cannot fail a second time."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return  # not a real file (CliRunner): nothing is flushed at exit
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, fd)
    os.close(null)


class OneLineErrorGroup(click.Group):
    """A group whose usage errors are one ``Error: ...`` line, with the help hint folded in."""

    def make_context(self, info_name, args, parent=None, **extra):
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except click.UsageError as exc:
            raise _one_line(exc) from None

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:
            raise _one_line(exc) from None


def _message(exc: TilshiError) -> str:
    """A library error as the CLI says it: what is wrong, then advice in this CLI's own options."""
    advice = _advice(exc)
    if advice is None:
        return str(exc)
    return f"{exc.problem or exc}; {advice}"


def _advice(exc: TilshiError) -> str | None:
    """What the user can do about a library error, in CLI terms (the library never names options).

    None keeps the library's own message (and its neutral advice, if any).
    """
    from translate import errors

    # Behind `summarize`, --model is the summariser and --translator the translation model.
    option = "--translator" if getattr(exc, "role", None) == "translator" else "--model"
    if isinstance(exc, errors.LicenceError):
        return "choose a permissive model (see 'tilshi models list') or pass --licence any"
    if isinstance(exc, errors.ModelNotAvailable) and exc.reason == "not-cached" and exc.model_id:
        return (f"run `tilshi models pull` on a connected machine (then copy ~/.cache/huggingface), "
                f"or pass {option} PATH to a downloaded model directory")
    if isinstance(exc, errors.NoDefaultModel):
        return f"choose one with {option}"
    if isinstance(exc, errors.NoTargetLanguage):
        return "use e.g. --to ru,kk"
    if isinstance(exc, errors.NeedsOutputDirectory):
        return "use -o DIR (or --format json for stdout)"
    if isinstance(exc, errors.DeviceUnavailable):
        return "use --device cpu"
    if isinstance(exc, errors.MemoryStoreError) and exc.reason == "locked":
        return "try again, or use --no-memory"
    if isinstance(exc, errors.MemoryStoreError) and exc.reason == "unusable":
        return "move it aside (or delete it) to start a new one, or run with --no-memory"
    if isinstance(exc, errors.EntryExists):  # raised by `glossary add`
        return "use --replace to overwrite it"
    if isinstance(exc, errors.GlossaryConflict):  # raised by `glossary import`
        return "use --replace to let the file win"
    return None


class _StderrNotices(logging.Handler):
    """The library's notices (``Downloading …``, ``Converting … for CTranslate2``) as plain stderr lines.

    Written through click at the time of each notice, so a test runner's captured stderr gets them too;
    warnings get ``Warning:`` and, for a library error, this CLI's advice.
    """

    def emit(self, record: logging.LogRecord) -> None:
        try:
            error = getattr(record, "error", None)
            text = _message(error) if isinstance(error, TilshiError) else record.getMessage()
            click.echo(f"Warning: {text}" if record.levelno >= logging.WARNING else text, err=True)
        except Exception:  # a notice that cannot be shown must not stop the work
            self.handleError(record)


def show_notices() -> None:
    """Route the library's ``translate`` and ``summarize`` loggers to stderr (once per process)."""
    for name in ("translate", "summarize"):
        logger = logging.getLogger(name)
        if not any(isinstance(h, _StderrNotices) for h in logger.handlers):
            logger.addHandler(_StderrNotices())
        if logger.level == logging.NOTSET or logger.level > logging.INFO:
            logger.setLevel(logging.INFO)


def _one_line(exc: click.UsageError) -> click.UsageError:
    if exc.ctx is None:
        return exc
    return click.UsageError(f"{exc.format_message()} (see '{exc.ctx.command_path} --help')")


@click.group(cls=OneLineErrorGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="tilshi")
def main():
    """tilshi: translate and summarise English press releases into Russian and Kazakh, offline."""
    show_notices()


# --- translate commands (issue 2) ---


def parse_targets(ctx, param, value):
    """--to: comma-separated ISO 639-1 or NLLB codes."""
    from translate.languages import parse_language_list

    try:
        return parse_language_list(value)
    except TilshiError as exc:
        raise click.BadParameter(str(exc)) from None


class TerminalProgress:
    """The library's progress callback drawn as one tqdm bar per language on stderr.

    Only on a terminal (tqdm's ``disable=None``) and only for jobs of at least
    ``minimum`` sentences, so pipes and short runs stay quiet.
    """

    def __init__(self, minimum: int = 8):
        self.minimum = minimum
        self.bars: dict[str, object] = {}

    def __call__(self, done: int, total: int, label: str) -> None:
        bar = self.bars.get(label)
        if bar is None:
            if total < self.minimum:
                return
            from tqdm import tqdm

            bar = self.bars[label] = tqdm(total=total, desc=f"Translating → {label}", unit="seg", file=sys.stderr,
                                          disable=None, leave=False)
        bar.update(max(0, min(done, total) - bar.n))
        if done >= total:
            bar.close()
            del self.bars[label]


def translate_options(model, backend, device, beams, batch_size, glossary, no_glossary, no_memory, licence=None):
    """Build the library's TranslateOptions from common CLI options."""
    from pathlib import Path

    from translate.backends.base import DecodeSettings
    from translate.pipeline import TranslateOptions

    return TranslateOptions(
        model=model,
        backend=backend,
        device=device,
        settings=DecodeSettings(beams=beams, batch_size=batch_size),
        glossary=not no_glossary,
        glossary_paths=tuple(Path(g) for g in glossary),
        memory=not no_memory,
        licence=licence,
        progress=TerminalProgress(),
    )


def _stack(*options):
    """Combine click options into one decorator."""

    def decorate(func):
        for option in reversed(options):
            func = option(func)
        return func

    return decorate


# How a translation runs: engine, device, decoding; shared by translate and summarize.
runtime_options = _stack(
    click.option("--backend", type=click.Choice(["auto", "transformers", "ctranslate2"]), default="auto", show_default=True,
                 help="Inference engine; auto uses CTranslate2 when a converted model exists."),
    click.option("--device", type=click.Choice(["auto", "cpu", "cuda"]), default="auto", show_default=True, help="Where to run models."),
    click.option("--beams", type=click.IntRange(1, 16), default=4, show_default=True, help="Beam size for translation."),
    click.option("--batch-size", type=click.IntRange(1, 1024), default=16, show_default=True, help="Sentences per batch."),
    click.option("--licence", type=click.Choice(["any", "permissive"]), default=None,
                 help="permissive: automatic model choices avoid non-commercial licences, and a non-commercial "
                      "--model is refused. Default: TILSHI_LICENCE, else 'licence' in settings.toml in the data "
                      "directory, else any."),
)
# What a translation is checked against and remembered in.
glossary_memory_options = _stack(
    click.option("--glossary", "glossary", multiple=True, type=click.Path(dir_okay=False), metavar="PATH",
                 help="Extra glossary file (CSV, TSV or TBX); repeatable."),
    click.option("--no-glossary", is_flag=True, help="Do not enforce glossary terms."),
    click.option("--no-memory", is_flag=True, help="Neither read nor write the translation memory."),
)


def report_results(results):
    """On stderr, per language: its notes, then one line with the glossary's term accuracy."""
    for result in results:
        for note in getattr(result, "notes", ()):
            click.echo(f"{result.language}: {note}", err=True)
    for result in results:
        terms = getattr(result, "terms", None)
        if terms is not None and terms.total:
            click.echo(
                f"{result.language}: {terms.correct}/{terms.total} glossary terms as specified "
                f"(term accuracy {terms.term_accuracy:.0%})",
                err=True,
            )


def emit(outputs: dict, texts: dict) -> None:
    """Print to stdout or write every file atomically (all or nothing)."""
    from translate.textio import write_all_atomic

    from translate.outputs import make_parents

    files = {path: texts[code] for code, path in outputs.items() if path is not None}
    if files:
        make_parents(files)
        write_all_atomic(files)
        for path in files:
            click.echo(f"Wrote {path}", err=True)
    for code, path in outputs.items():
        if path is None:
            click.echo(texts[code], nl=False)


@main.command()
@click.argument("input", metavar="INPUT")
@click.option("--to", "targets", required=True, callback=parse_targets, metavar="LANGS",
              help="Target languages, comma-separated: ru,kk (ISO 639-1 or NLLB codes such as kaz_Cyrl).")
@click.option("-o", "--output", metavar="PATH", help="Output file (one language) or directory (NAME.LANG.EXT). Default: stdout.")
@click.option("--format", "fmt", type=click.Choice(["md", "txt", "json"]), help="Output format (default: the input's).")
@click.option("--model", metavar="ID_OR_PATH", help="Registered name, Hugging Face id (org/name[@rev]) or local directory.")
@runtime_options
@glossary_memory_options
@reports_errors
def translate(input, targets, output, fmt, **engine):
    """Translate an English press release into Russian, Kazakh or other languages.

    INPUT is a Markdown or text file in UTF-8, or - for stdin. The output keeps the input's skeleton exactly: headline, image lines,
    links (URLs untouched), lists, dateline and blank lines stay in place. A Word (.docx) or HTML file comes back in its own
    format (NAME.LANG.docx needs -o), with styles, bold, italics and links on the translated words.
    """
    from translate.outputs import input_format, output_format, output_paths, render_json
    from translate.pipeline import translate_document
    from translate.richdoc import read_source
    from translate.textio import decode_text

    source = read_source(input)
    if source.fmt != "text":
        return translate_rich(source, input, targets, output, fmt, engine)
    fmt = output_format(input, fmt)
    outputs = output_paths(input, targets, output, fmt, reads=engine["glossary"])
    text = decode_text(source.data, source.name, exact=True)  # line breaks and a BOM come back as they were
    results = translate_document(text, targets, translate_options(**engine), fmt=input_format(input, fmt))
    report_results(results)
    if fmt == "json" and output is None:
        click.echo(render_json(input, results), nl=False)
    else:
        emit(outputs, {r.language: render_json(input, [r]) if fmt == "json" else r.text for r in results})


def translate_rich(source, input, targets, output, fmt, engine):
    """`translate` for a Word or HTML input: the same format back (or JSON), never binary on stdout."""
    from translate.outputs import output_paths, render_json
    from translate.richdoc import translate_file

    if fmt not in (None, "json"):
        raise click.UsageError(f"--format {fmt} is for Markdown and text inputs; a {source.fmt} input gives {source.fmt} (or json)")
    out_fmt = fmt or source.extension
    if out_fmt == "docx" and output is None:
        raise click.UsageError("a translated Word document is a binary file: give -o FILE.docx or -o DIR")
    outputs = output_paths(input, targets, output, out_fmt, reads=engine["glossary"])
    results = translate_file(source, targets, translate_options(**engine))
    report_results(results)
    if fmt == "json" and output is None:
        click.echo(render_json(input, results), nl=False)
    else:
        emit(outputs, {r.language: render_json(input, [r]) if fmt == "json" else r.content for r in results})


# --- models commands (issue 2) ---


@main.group()
def models():
    """List and download the pretrained models tilshi uses."""


@models.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@reports_errors
def models_list(as_json):
    """Show each registered model: languages, hub id, pinned revision, size, licence, cached or not."""
    import json

    from translate.loading import model_status

    rows = model_status()
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        roles = row["default_for"]
        default = ",".join(roles["any"]) or "-"
        permissive = ",".join(roles["permissive"]) or "-"
        click.echo(
            f"{row['name']:<24} {row['task']:<13} {row['model_id']}@{row['revision'][:12]}  "
            f"{'cached' if row['cached'] else 'not cached':<10}  {row['licence_class']:<14} "
            f"default:{default} permissive-default:{permissive}  {row['license']}; {row['size']}"
        )


@models.command("pull")
@click.argument("languages", nargs=-1, metavar="[LANG...]")
@click.option("--model", metavar="ID", help="Pull this model (registered name or hub id) instead of the defaults.")
@click.option("--task", type=click.Choice(["translation", "summarization"]), default="translation", show_default=True,
              help="Which defaults to pull for the given languages.")
@click.option("--backend", type=click.Choice(["transformers", "ctranslate2"]), default="transformers", show_default=True,
              help="ctranslate2 also converts the model to CTranslate2 int8 after download.")
@reports_errors
def models_pull(languages, model, task, backend):
    """Download models into the Hugging Face cache (default: the Russian and Kazakh translators)."""
    from translate.loading import pull_models

    for ref, path in pull_models(languages or ("ru", "kk"), model=model, task=task):
        if backend == "ctranslate2":
            from translate.backends.ct2_convert import convert_model

            path = convert_model(path, ref.model_id, ref.revision)
        click.echo(f"Ready: {path}", err=True)


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


_pair_options = _stack(*_pair_args)


def _read_pair(source, translation):
    """Both texts; Word and HTML files give their paragraphs."""
    from translate.richdoc import read_any_text

    if source == "-" and translation == "-":
        raise click.BadParameter("SOURCE and TRANSLATION cannot both be - (stdin can be read only once)")
    return read_any_text(source, what="source")[0], read_any_text(translation, what="translation")[0]


def _read_pair_sources(source, translation):
    from translate.richdoc import plain_text
    from translate.textio import decode_text

    # The translation is what apply writes back: its line breaks and BOM are kept exactly.
    return tuple(decode_text(s.data, s.name, what=what, exact=what == "translation") if s.fmt == "text" else plain_text(s)
                 for s, what in ((source, "source"), (translation, "translation")))


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
    from translate.outputs import check_output
    from translate.textio import write_atomic

    if output is not None:
        check_output(output, reads=glossary)
    text = export_store(fmt, glossary)
    write_atomic(output, text) if output is not None else click.echo(text, nl=False)


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
@reports_errors(exit_code=2)  # 1 means "terms missing"
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
@reports_errors(exit_code=2)  # 1 means "terms missing"
def glossary_apply(source, translation, target, glossary, output):
    """Post-edit TRANSLATION so every glossary term in SOURCE follows the glossary.

    Two Word (or HTML) files give a Word (or HTML) file back, formatting kept on the corrected words.
    """
    from translate.glossary import apply_document, load_glossary
    from translate.outputs import check_output
    from translate.textio import write_atomic

    from translate.richdoc import apply_glossary_file, read_source

    if output is not None:
        check_output(output, reads=[source, translation, *glossary])
    if source == "-" and translation == "-":
        raise click.BadParameter("SOURCE and TRANSLATION cannot both be - (stdin can be read only once)")
    pair = read_source(source, what="source"), read_source(translation, what="translation")
    if pair[1].fmt == "docx" and output is None:
        raise click.UsageError("a post-edited Word document is a binary file: give -o FILE.docx")
    if "text" in (pair[0].fmt, pair[1].fmt):
        text, report = apply_document(*_read_pair_sources(*pair), target, load_glossary(glossary))
    else:
        text, report = apply_glossary_file(*pair, target, load_glossary(glossary))
    write_atomic(output, text) if output is not None else click.echo(text, nl=False)
    for term in report.terms:  # what was not fixed, and why (the text there was left alone)
        if term.status in ("missing", "unfixed"):
            options = f" (could be: {', '.join(term.candidates)})" if term.candidates else ""
            click.echo(f"{term.status:8}{term.source} → {term.expected}: {term.reason}{options}", err=True)
    click.echo(f"term accuracy {report.term_accuracy:.0%} ({report.correct}/{report.total})", err=True)


# --- summarize commands (issue 4) ---


def _positive(ctx, param, value):
    """--sentences / --words: a whole number above zero."""
    if value is not None and value <= 0:
        raise click.BadParameter(f"must be at least 1, not {value}")
    return value


def render_summary(summary, fmt: str) -> str:
    """One summary as plain text (a paragraph) or Markdown (a bullet per sentence)."""
    if fmt == "md":
        return "".join(f"- {s.text}\n" for s in summary.sentences)
    return summary.text + "\n"


def render_with_header(summary, fmt: str) -> str:
    """One summary under a header naming its language, for several summaries on stdout."""
    from translate.languages import resolve_language

    title = f"{resolve_language(summary.language).name} ({summary.language})"
    header = f"## {title}\n\n" if fmt == "md" else f"{title}\n"
    return header + render_summary(summary, fmt)


def summary_json(source: str, summaries) -> str:
    """Summaries as one JSON document: method, model ids, sentences with source positions."""
    import json

    return json.dumps({"source": source, "summaries": [s.to_dict() for s in summaries]}, ensure_ascii=False, indent=2) + "\n"


@main.command()
@click.argument("input", metavar="INPUT")
@click.option("--to", "targets", required=True, callback=parse_targets, metavar="LANGS",
              help="Summary languages, comma-separated: en,ru,kk.")
@click.option("--sentences", type=int, callback=_positive, metavar="N", help="Summary length in sentences (default 3).")
@click.option("--words", type=int, callback=_positive, metavar="N", help="Summary length in words (whole sentences, at most N).")
@click.option("--method", type=click.Choice(["extractive", "abstractive"]), default="extractive", show_default=True,
              help="extractive: pick source sentences (no model); abstractive: a seq2seq summariser, guarded.")
@click.option("--model", metavar="ID_OR_PATH", help="Summarisation model for --method abstractive (registered name, hub id or directory).")
@click.option("--translator", metavar="ID_OR_PATH", help="Translation model for non-English summaries (default: the registry's).")
@runtime_options
@glossary_memory_options
@click.option("--format", "fmt", type=click.Choice(["txt", "md", "json"]), help="Output format (default: from -o's suffix, else txt).")
@click.option("-o", "--output", metavar="PATH", help="Output file (one language) or directory (NAME.summary.LANG.EXT). Default: stdout.")
@reports_errors
def summarize(input, targets, sentences, words, method, model, translator, fmt, output, **engine):
    """Summarise an English press release (Markdown, text, Word or HTML, or - for stdin) in one or more languages.

    The default extractive summary needs no model: it quotes whole source
    sentences, lead first. Non-English summaries are translated with the
    glossary applied. An abstractive summary that names, counts or dates
    anything the source does not is replaced by the extractive one (noted on stderr).
    """
    from summarize import summarize_document
    from translate.outputs import input_format, output_paths
    from translate.richdoc import read_any_text

    if sentences is not None and words is not None:
        raise click.BadParameter("use --sentences or --words, not both", param_hint="'--sentences' / '--words'")
    if fmt is None:
        suffix = (output or "").rsplit(".", 1)[-1].lower() if output and "." in output.rsplit("/", 1)[-1] else ""
        fmt = suffix if suffix in ("md", "json") else "txt"
    # Summaries are short: several languages share stdout, each under its own header.
    together = output is None and fmt != "json" and len(targets) > 1
    outputs = {} if together else output_paths(input, targets, output, fmt, infix="summary", reads=engine["glossary"])
    text, parse_fmt = read_any_text(input, body_only=True)
    options = translate_options(model=translator, **engine)
    summaries = summarize_document(text, targets, sentences=sentences, words=words, method=method, model=model,
                                   translate_options=options, fmt=parse_fmt or input_format(input, None))
    report_results(summaries)
    if fmt == "json" and output is None:
        click.echo(summary_json(input, summaries), nl=False)
    elif together:
        click.echo("\n".join(render_with_header(s, fmt) for s in summaries), nl=False)
    else:
        emit(outputs, {s.language: summary_json(input, [s]) if fmt == "json" else render_summary(s, fmt) for s in summaries})


# --- eval command (issue 11) ---


def _optional_glossary_target(ctx, param, value):
    """--to for eval: ru or kk, or nothing."""
    return None if value is None else _glossary_target(ctx, param, value)


@main.command("eval")
@click.argument("hypotheses", nargs=-1, required=True, metavar="HYP...")
@click.option("--ref", "reference", required=True, metavar="REF", help="The reference translation (text or Markdown).")
@click.option("--src", "source", metavar="SRC", help="The English source: adds the glossary's term accuracy per system (needs --to).")
@click.option("--to", "target", callback=_optional_glossary_target, metavar="ru|kk", help="Language of the translations.")
@click.option("--format", "fmt", type=click.Choice(["table", "md", "json"]), default="table", show_default=True,
              help="Report format.")
@click.option("--comet", "comet", metavar="PATH",
              help="Local COMET checkpoint (model.ckpt or its directory); needs --src and unbabel-comet. Never downloaded.")
@_glossary_files
@reports_errors
def eval_command(hypotheses, reference, source, target, fmt, comet, glossary):
    """Score one or more translations (HYP...) against a reference translation, best first.

    BLEU, chrF++ and TER (sacrebleu, signatures printed), the length ratio and
    the five worst paragraphs of each system. Paragraphs are paired as
    `glossary check` pairs them; the texts must have the same paragraphs.
    """
    from translate.evaluate import evaluate, render
    from translate.textio import read_text

    if source and not target:
        raise click.UsageError("--src needs --to ru or kk (the language of the translations)")
    if comet and not source:
        raise click.UsageError("--comet needs --src (COMET scores the source too)")
    ref_text = read_text(reference, what="reference")
    names = {}
    for path in hypotheses:
        name = path if path not in names else f"{path} ({len(names) + 1})"
        names[name] = read_text(path, what="translation")
    src_text = read_text(source, what="source") if source else None
    termbase = None
    if src_text is not None:
        from translate.glossary import load_glossary

        termbase = load_glossary(glossary)
    report = evaluate(ref_text, names, source=src_text, language=target, termbase=termbase, comet_model=comet)
    click.echo(render(report, fmt), nl=False)


# --- memory commands (issue 5) ---


def _memory_filters(model, lang):
    """--model / --lang for memory commands: a model id (or its last part) and a target language."""
    for name, value in (("--model", model), ("--lang", lang)):
        if value is not None and not value.strip():
            raise click.BadParameter("is empty; leave the option out to mean every entry", param_hint=f"'{name}'")
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
    from translate.outputs import check_output
    from translate.textio import write_atomic

    if output is not None:
        check_output(output)
    with TranslationMemory() as memory:
        tmx = memory.export_tmx(*_memory_filters(model, lang))
    if output is not None:
        write_atomic(output, tmx)
        click.echo(f"Wrote {output}", err=True)
    else:
        click.echo(tmx, nl=False)


# --- serve (issue 12) ---


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on; anything but localhost needs --allow-remote.")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True, help="Port to listen on (0: any free port).")
@click.option("--allow-remote", is_flag=True, help="Allow a non-local --host; every request then needs the access token.")
@click.option("--token", metavar="TOKEN", help="Access token (default with --allow-remote: a generated one, printed once).")
@click.option("--model", metavar="ID_OR_PATH", help="Registered name, Hugging Face id (org/name[@rev]) or local directory.")
@runtime_options
@glossary_memory_options
@reports_errors
def serve(host, port, allow_remote, token, model, **engine):
    """Review translations and edit the glossary in the browser (a local page and JSON API).

    Models load on the first translation. The page works offline: every asset is served locally.
    """
    import secrets
    import socket

    local = host in ("127.0.0.1", "localhost", "::1")
    if not local and not allow_remote:
        raise click.UsageError(f"--host {host} exposes the server to other machines; add --allow-remote to mean it")
    if allow_remote and not local and token is None:
        token = secrets.token_urlsafe(18)
        click.echo(f"Access token (shown once): {token}", err=True)
    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)  # connections queue from now on, so the address printed below is already good
    except OSError as exc:
        raise click.ClickException(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    import uvicorn

    from web.app import ServeConfig, create_app

    port = sock.getsockname()[1]
    app = create_app(ServeConfig(translate_options(model=model, **engine), host=host, port=port, token=token,
                                 allow_remote=allow_remote))
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"tilshi serve: listening on http://{shown}:{port}/ (Ctrl+C stops)", err=True)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on"))
    server.run(sockets=[sock])

# --- batch command (issue 13) ---


def _batch_progress(event) -> None:
    """One stderr line per translated or failed document: done/total, ETA."""
    if event.status == "skipped":
        return
    eta = f", ETA {int(event.eta_s) // 60}m{int(event.eta_s) % 60:02d}s" if event.eta_s is not None else ""
    width = len(str(event.total))
    line = f"[{event.done:>{width}}/{event.total}] {event.status:<6} {event.doc}"
    click.echo(line + (f": {event.error}" if event.error else "") + eta, err=True)


@main.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("--to", "targets", required=True, callback=parse_targets, metavar="LANGS",
              help="Target languages, comma-separated: ru,kk (ISO 639-1 or NLLB codes).")
@click.option("-o", "--output", required=True, metavar="OUT_DIR",
              help="Output directory: mirrors the input tree (OUT_DIR/sub/name.LANG.EXT) and holds manifest.sqlite3.")
@click.option("--format", "fmt", type=click.Choice(["md", "txt", "json"]), help="Output format (default: each input's own).")
@click.option("--model", metavar="ID_OR_PATH", help="Registered name, Hugging Face id (org/name[@rev]) or local directory.")
@click.option("--summaries", is_flag=True, help="Also write an extractive summary per language (NAME.summary.LANG.txt).")
@click.option("--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True,
              help="local: one process, models loaded once; ray: a Ray Data actor pool (needs the [ray] extra).")
@click.option("--ray-address", metavar="ADDR", help="Ray cluster to join (e.g. ray://head:10001); default: start Ray locally.")
@click.option("--workers", type=click.IntRange(1, 4096), metavar="N",
              help="Ray actors, each with its own copy of the models (default: one per CPU, or per GPU).")
@click.option("--chunk-size", type=click.IntRange(1, 10000), default=16, show_default=True, metavar="N",
              help="Documents whose sentences are translated together (the unit of work and of resumption).")
@runtime_options
@glossary_memory_options
@reports_errors(exit_code=2)  # 1 means "some documents failed"
def batch(inputs, targets, output, fmt, model, summaries, engine, ray_address, workers, chunk_size, **runtime):
    """Translate many English releases: files, directories (*.md, *.txt, recursively) or JSONL feeds.

    JSONL lines are {"id": ..., "text": ...} records. Outputs mirror the input tree in OUT_DIR; a manifest
    (OUT_DIR/manifest.sqlite3) records each document and language: status, model and revision, term accuracy,
    warnings and duration. Re-running skips documents whose outputs are up to date, so an interrupted run
    (even killed) resumes where it stopped. Exit 0 when every document succeeded, 1 when some failed
    (each is recorded with its reason), 2 on a usage or setup error.
    """
    import signal

    from batch.runner import run_batch

    if (ray_address or workers) and engine != "ray":
        raise click.BadParameter("--ray-address and --workers need --engine ray", param_hint="'--engine'")
    if engine == "ray":
        from batch.ray_engine import import_ray

        import_ray()  # before any work: a missing extra is a one-line error
    # SIGTERM ends the run like Ctrl-C: finished documents are recorded, the current chunk is dropped.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        report = run_batch(inputs, output, targets, translate_options(model=model, **runtime), out_format=fmt,
                           summaries=summaries, engine=engine, workers=workers, ray_address=ray_address,
                           chunk_size=chunk_size, progress=_batch_progress)
    except KeyboardInterrupt:
        click.echo(f"Interrupted; finished documents are recorded in {output}. Run the same command to resume.", err=True)
        sys.exit(130)
    click.echo(
        f"Batch: {report.translated} translated, {report.skipped} up to date, {report.failed} failed "
        f"of {report.total} documents in {report.duration_s:.1f} s (manifest: {report.manifest})",
        err=True,
    )
    sys.exit(0 if report.ok else 1)


if __name__ == "__main__":
    sys.exit(main())
