"""`tilshi glossary ...` end to end through click."""

import json

import pytest
from click.testing import CliRunner

import cli
from translate import paths


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("TILSHI_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def run(*args):
    return CliRunner().invoke(cli.main, ["glossary", *args])


@pytest.fixture
def pair(tmp_path):
    src = tmp_path / "en.md"
    mt = tmp_path / "ru.md"
    src.write_text("# Remarks by Talgat Bashev\n\nStaff from Kyrgyzstan and the OSCE came.\n", encoding="utf-8")
    mt.write_text("# Выступление Талгата Башиева\n\nСотрудники из Киргизии и ОБСЕ приехали.\n", encoding="utf-8")
    return src, mt


def test_check_reports_missing_with_exit_1(pair):
    result = run("check", str(pair[0]), str(pair[1]), "--to", "ru", "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert [(t["source"], t["found"], t["status"]) for t in data["terms"]] == [
        ("Talgat Bashev", "Талгата Башиева", "missing"),
        ("Kyrgyzstan", "Киргизии", "missing"),
        ("OSCE", "ОБСЕ", "ok"),
    ]
    assert data["term_accuracy"] == pytest.approx(1 / 3, abs=1e-3)


def test_apply_then_check_passes(pair, tmp_path):
    out = tmp_path / "fixed.md"
    result = run("apply", str(pair[0]), str(pair[1]), "--to", "ru", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == "# Выступление Талгата Башева\n\nСотрудники из Кыргызстана и ОБСЕ приехали.\n"
    result = run("check", str(pair[0]), str(out), "--to", "ru")
    assert result.exit_code == 0
    assert "ok      Kyrgyzstan → Кыргызстан" in result.stdout


def test_apply_to_stdout(pair):
    result = run("apply", str(pair[0]), str(pair[1]), "--to", "ru")
    assert result.stdout == "# Выступление Талгата Башева\n\nСотрудники из Кыргызстана и ОБСЕ приехали.\n"


@pytest.mark.parametrize("args", [
    ["check", "MISSING", "MISSING", "--to", "ru"],
    ["check", "SRC", "MT", "--to", "xx"],
    ["check", "SRC", "MT", "--to", "de"],
    ["check", "SRC", "MT"],
    ["check", "SRC", "MT", "--to", "ru", "--glossary", "BAD"],
    ["apply", "SRC", "EMPTY", "--to", "kk"],
])
def test_check_usage_and_input_errors_exit_2(pair, tmp_path, args):
    bad = tmp_path / "bad.csv"
    bad.write_text("en,ru\nFoo,\"Фу\n", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    subst = {"SRC": str(pair[0]), "MT": str(pair[1]), "BAD": str(bad), "EMPTY": str(empty), "MISSING": str(tmp_path / "nope")}
    result = run(*[subst.get(a, a) for a in args])
    assert result.exit_code == 2
    assert "Error" in result.output and "Traceback" not in result.output


def test_extra_glossary_file_is_used(pair, tmp_path):
    extra = tmp_path / "extra.csv"
    extra.write_text("en,ru,kk\nStaff,Персонал,Қызметкерлер\n", encoding="utf-8")
    result = run("check", str(pair[0]), str(pair[1]), "--to", "ru", "--glossary", str(extra), "--json")
    assert "Staff" in [t["source"] for t in json.loads(result.stdout)["terms"]]


def test_add_show_list_remove(home):
    result = run("add", "Akimat", "--ru", "Акимат", "--kk", "Әкімдік", "--type", "organisation", "--note", "local executive")
    assert result.exit_code == 0, result.output
    result = run("add", "Maslikhat", "--term", "ru=Маслихат", "--term", "kk=Мәслихат", "--avoid", "ru=Маслихата")
    assert result.exit_code == 0, result.output
    show = run("show", "Akimat")
    assert "ru: Акимат" in show.stdout and "kk forms: Әкімдік, Әкімдіктің" in show.stdout
    assert "Maslikhat\tМаслихат\tМәслихат\tother" in run("list").stdout
    assert run("remove", "Akimat").exit_code == 0
    assert run("show", "Akimat").exit_code == 1


@pytest.mark.parametrize("args,message", [
    (["add", "X", "--term", "ru"], "LANG=TEXT"),
    (["add", "X", "--term", "zz=Икс"], "unknown language"),
    (["add", "X"], "empty target"),
    (["add", "Kyrgyzstan", "--ru", "Киргизия"], "already in the glossary"),
    (["remove", "Nope"], "no glossary entry"),
    (["import", "NOFILE"], "not found"),
])
def test_bad_edits_fail_cleanly_and_leave_store(home, args, message):
    run("add", "Akimat", "--ru", "Акимат")
    before = paths.glossary_path().read_bytes()
    result = run(*args)
    assert result.exit_code != 0 and message in result.output
    assert "Traceback" not in result.output
    assert paths.glossary_path().read_bytes() == before


@pytest.mark.parametrize("fmt", ["csv", "tsv", "tbx"])
def test_export_and_import_round_trip(home, tmp_path, fmt):
    out = tmp_path / f"g.{fmt}"
    assert run("export", "--format", fmt, "-o", str(out)).exit_code == 0
    assert run("import", str(out)).exit_code == 0
    assert run("validate").exit_code == 0
    stdout = run("export", "--format", fmt).stdout
    assert stdout == out.read_text(encoding="utf-8")


def test_import_hostile_tbx_refused(home, tmp_path):
    evil = tmp_path / "evil.tbx"
    evil.write_text('<?xml version="1.0"?>\n<!DOCTYPE t [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<tbx>&x;</tbx>', encoding="utf-8")
    result = run("import", str(evil))
    assert result.exit_code == 1 and "unsafe XML" in result.output
    assert not paths.glossary_path().exists()


def test_validate_file_with_error(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("en,ru\nFoo,Фу\nFoo,Фуу\n", encoding="utf-8")
    result = run("validate", str(bad))
    assert result.exit_code == 1 and "bad.csv:3" in result.output


def test_help_for_every_command():
    for name in ["add", "remove", "list", "show", "import", "export", "validate", "check", "apply"]:
        result = run(name, "--help")
        assert result.exit_code == 0 and "Usage" in result.output


def test_refusals_carry_fields_and_only_the_cli_names_replace(tmp_path):
    from translate.errors import EntryExists, GlossaryConflict
    from translate.glossary import add_term, import_file

    run("add", "Akimat", "--ru", "Акимат")
    clash = tmp_path / "clash.csv"
    clash.write_text("en,ru\nAkimat,Аким\n", encoding="utf-8")
    before = paths.glossary_path().read_bytes()

    added = run("add", "Akimat", "--ru", "Аким")
    assert added.exit_code == 1
    assert added.output == "Error: 'Akimat' is already in the glossary; use --replace to overwrite it\n"
    imported = run("import", str(clash))
    assert imported.exit_code == 1
    assert imported.output == (f"Error: {clash}: conflict with the glossary store: source term 'Akimat' maps to "
                               "both 'Акимат' and 'Аким' (ru); use --replace to let the file win\n")

    with pytest.raises(EntryExists) as exists:
        add_term("Akimat", {"ru": ["Аким"]})
    assert exists.value.term == "Akimat" and "--" not in str(exists.value)
    with pytest.raises(GlossaryConflict) as conflict:
        import_file(clash)
    assert conflict.value.path == clash and len(conflict.value.problems) == 1
    assert "--" not in str(conflict.value)
    assert paths.glossary_path().read_bytes() == before
