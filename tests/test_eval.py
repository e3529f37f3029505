"""`tilshi eval`: sacrebleu's numbers exactly, systems ranked, glossary term accuracy, worst paragraphs, clear errors."""

from __future__ import annotations

import json
import re

import pytest
import sacrebleu
from click.testing import CliRunner

import cli
from translate.evaluate import ParagraphMismatch, evaluate, pair_segments

SOURCE = [
    "OSCE Centre supports regional workshop on countering smuggling",
    "A two-day regional workshop began today in Astana.",
    "Customs officers from Kazakhstan, Kyrgyzstan and Russia took part.",
    "The event was organized by the OSCE Centre in Astana and the Customs Committee.",
    "Participants discussed border management\nand trade facilitation.",
    "The workshop ends tomorrow.",
    "Thank you.",
]
REFERENCE = [
    "Центр ОБСЕ поддерживает региональный семинар по противодействию контрабанде",
    "Двухдневный региональный семинар начался сегодня в Астане.",
    "В нём приняли участие сотрудники таможни из Казахстана, Кыргызстана и России.",
    "Мероприятие организовано Центром ОБСЕ в Астане и Комитетом таможенного контроля.",
    "Участники обсудили управление границами\nи содействие торговле.",
    "Семинар завершится завтра.",
    "Спасибо.",
]
GOOD = [
    "Центр ОБСЕ поддерживает региональный семинар по борьбе с контрабандой",
    "Двухдневный региональный семинар начался сегодня в Астане.",
    "Сотрудники таможни из Казахстана, Кыргызстана и России приняли участие.",
    "Мероприятие было организовано Центром ОБСЕ в Астане совместно с Комитетом таможенного контроля.",
    "Участники обсудили пограничный контроль\nи упрощение торговли.",
    "Семинар закончится завтра.",
    "Спасибо.",
]
WEAK = [
    "ОБСЕ помогает семинару",
    "Семинар начался в Астане.",
    "Таможенники из Казахстана, Киргизии и России участвовали.",
    "Событие организовал Центр ОБСЕ.",
    "Люди говорили о границах\nи торговле.",
    "Конец завтра.",
    "Благодарю.",
]


def doc(paragraphs: list[str]) -> str:
    return "\n\n".join(paragraphs) + "\n"


def segments(paragraphs: list[str]) -> list[str]:
    return [" ".join(p.split()) for p in paragraphs]


@pytest.fixture
def files(tmp_path):
    paths = {}
    for name, paragraphs in (("src", SOURCE), ("ref", REFERENCE), ("good", GOOD), ("weak", WEAK)):
        paths[name] = tmp_path / f"{name}.md"
        paths[name].write_text(doc(paragraphs), encoding="utf-8")
    return paths


def run(*args):
    return CliRunner().invoke(cli.main, ["eval", *map(str, args)])


@pytest.mark.parametrize("system", [GOOD, WEAK, REFERENCE])
def test_scores_equal_sacrebleus_own_corpus_functions(system, files, tmp_path):
    hyp = tmp_path / "hyp.md"
    hyp.write_text(doc(system), encoding="utf-8")
    hyps, refs = segments(system), segments(REFERENCE)
    bleu = sacrebleu.corpus_bleu(hyps, [refs])
    chrf = sacrebleu.corpus_chrf(hyps, [refs], word_order=2)
    ter = sacrebleu.corpus_ter(hyps, [refs])
    result = run("--ref", files["ref"], hyp, "--format", "json")
    assert result.exit_code == 0, result.output
    (row,) = json.loads(result.stdout)["systems"]
    assert (row["bleu"], row["chrf"], row["ter"]) == (bleu.score, chrf.score, ter.score)
    table = run("--ref", files["ref"], hyp).stdout
    line = next(row for row in table.splitlines() if str(hyp) in row)
    assert line.split()[2:5] == [f"{bleu.score:.2f}", f"{chrf.score:.2f}", f"{ter.score:.2f}"]
    assert f"{bleu.sys_len / bleu.ref_len:.3f}" in line


def test_signatures_are_sacrebleus(files):
    result = run("--ref", files["ref"], files["good"])
    version = sacrebleu.__version__
    assert f"BLEU: nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:{version}" in result.stdout
    assert f"chrF++: nrefs:1|case:mixed|eff:yes|nc:6|nw:2|space:no|version:{version}" in result.stdout
    assert "TER: nrefs:1|case:lc|tok:tercom" in result.stdout


def test_several_systems_are_ranked_best_first(files):
    result = run("--ref", files["ref"], files["weak"], files["ref"], files["good"], "--format", "json")
    assert result.exit_code == 0, result.output
    systems = json.loads(result.stdout)["systems"]
    assert [s["name"] for s in systems] == [str(files["ref"]), str(files["good"]), str(files["weak"])]
    assert [s["rank"] for s in systems] == [1, 2, 3]
    assert systems[0]["bleu"] == pytest.approx(100.0) and systems[0]["chrf"] == pytest.approx(100.0)
    assert systems[1]["chrf"] > systems[2]["chrf"] and systems[1]["bleu"] > systems[2]["bleu"]


def test_term_accuracy_per_system_with_the_source(files):
    result = run("--ref", files["ref"], files["good"], files["weak"], "--src", files["src"], "--to", "ru", "--format", "json")
    assert result.exit_code == 0, result.output
    by_name = {s["name"]: s for s in json.loads(result.stdout)["systems"]}
    good, weak = by_name[str(files["good"])], by_name[str(files["weak"])]
    assert good["terms_total"] == weak["terms_total"] >= 3
    assert good["terms_correct"] == good["terms_total"] and good["term_accuracy"] == 1.0
    assert weak["terms_correct"] < weak["terms_total"]  # Киргизия, the bare Центр ОБСЕ …
    table = run("--ref", files["ref"], files["good"], "--src", files["src"], "--to", "ru").stdout
    assert re.search(rf"{re.escape(str(files['good']))} .* {good['terms_total']}/{good['terms_total']} \(100%\)", table)


def test_five_worst_paragraphs_side_by_side_with_the_reference(files):
    result = run("--ref", files["ref"], files["weak"], "--format", "json")
    (system,) = json.loads(result.stdout)["systems"]
    worst = system["worst"]
    assert len(worst) == 5
    scores = [w["chrf"] for w in worst]
    assert scores == sorted(scores)
    all_scores = [sacrebleu.sentence_chrf(h, [r], word_order=2).score for h, r in zip(segments(WEAK), segments(REFERENCE))]
    assert scores == sorted(all_scores)[:5]
    for w in worst:
        assert w["reference"] == segments(REFERENCE)[w["index"] - 1] and w["hypothesis"] == segments(WEAK)[w["index"] - 1]
    text = run("--ref", files["ref"], files["weak"]).stdout
    block = text.split("Worst paragraphs of")[1]
    first = worst[0]
    assert f"reference: {first['reference']}" in block and f"{files['weak']}: {first['hypothesis']}" in block


def test_markdown_report(files):
    result = run("--ref", files["ref"], files["good"], files["weak"], "--format", "md")
    assert result.exit_code == 0
    assert result.stdout.startswith("| rank | system | BLEU | chrF++ | TER | len ratio |\n|---|")
    assert result.stdout.count("### Worst paragraphs of") == 2


def test_lines_pair_when_paragraphs_are_wrapped_differently(files, tmp_path):
    """Same paragraphs, different line breaks inside them: paired by paragraph, scored on whole paragraphs."""
    unwrapped = tmp_path / "unwrapped.md"
    unwrapped.write_text(doc([" ".join(p.split()) for p in GOOD]), encoding="utf-8")
    rows = {s["name"]: s for s in json.loads(run("--ref", files["ref"], files["good"], unwrapped, "--format", "json").stdout)["systems"]}
    assert rows[str(unwrapped)]["bleu"] == rows[str(files["good"])]["bleu"]
    assert rows[str(unwrapped)]["segments"] == len(REFERENCE)


def test_a_paragraph_mismatch_names_the_first_paragraph_that_does_not_pair():
    merged = doc(GOOD[:2] + [GOOD[2] + "\n" + GOOD[3]] + GOOD[4:])
    with pytest.raises(ParagraphMismatch) as info:
        pair_segments(doc(REFERENCE), merged, "merged.md")
    error = info.value
    assert (error.index, error.paragraphs, error.reference_paragraphs) == (2, 6, 7)
    assert error.reference_text == REFERENCE[2]
    assert "paragraph 3 does not pair" in str(error)
    with pytest.raises(ParagraphMismatch, match="paragraph 8 does not pair"):
        evaluate(doc(REFERENCE), {"longer": doc(GOOD + ["Extra."])})


@pytest.mark.parametrize(
    "args, message",
    [
        (["--ref", "{tmp}/missing.md", "{good}"], "reference file not found"),
        (["--ref", "{ref}", "{tmp}/missing.md"], "translation file not found"),
        (["--ref", "{ref}", "{good}", "--src", "{tmp}/missing.md", "--to", "ru"], "source file not found"),
        (["--ref", "{empty}", "{good}"], "reference {empty} is empty"),
        (["--ref", "{ref}", "{empty}"], "is empty"),
        (["--ref", "{ref}", "{merged}"], "paragraph 3 does not pair"),
        (["--ref", "{ref}", "{good}", "--src", "{merged}", "--to", "ru"], "the source has 6 paragraphs and the reference 7"),
        (["--ref", "{ref}", "{good}", "--to", "xx"], "unknown language 'xx'"),
        (["--ref", "{ref}", "{good}", "--to", "de"], "ru and kk only"),
        (["--ref", "{ref}", "{good}", "--src", "{src}"], "--src needs --to"),
        (["--ref", "{ref}", "{good}", "--src", "{src}", "--to", "ru", "--comet", "{tmp}/no-such-ckpt"], "COMET checkpoint not found"),
        (["--ref", "{ref}", "{good}", "--comet", "{tmp}/no-such-ckpt"], "--comet needs --src"),
        (["--ref", "{ref}"], "Missing argument"),
    ],
)
def test_every_bad_input_is_one_error_line(files, tmp_path, args, message):
    (tmp_path / "empty.md").write_text("\n  \n", encoding="utf-8")
    (tmp_path / "merged.md").write_text(doc(GOOD[:2] + [GOOD[2] + "\n" + GOOD[3]] + GOOD[4:]), encoding="utf-8")
    values = {**{k: str(v) for k, v in files.items()}, "tmp": str(tmp_path), "empty": str(tmp_path / "empty.md"),
              "merged": str(tmp_path / "merged.md")}
    result = run(*[a.format(**values) for a in args])
    assert result.exit_code != 0 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert message.format(**values) in lines[0]


def test_comet_without_the_package_says_how_to_install_it(files, tmp_path, monkeypatch):
    monkeypatch.setattr("translate.evaluate.comet_available", lambda: False)
    checkpoint = tmp_path / "model.ckpt"
    checkpoint.write_bytes(b"not a real checkpoint")
    result = run("--ref", files["ref"], files["good"], "--src", files["src"], "--to", "ru", "--comet", checkpoint)
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert "pip install unbabel-comet" in result.stderr
