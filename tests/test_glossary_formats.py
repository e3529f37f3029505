"""CSV/TSV/TBX import and export; malformed and hostile files."""

import pytest

from translate.errors import GlossaryError
from translate.glossary import export_glossary, load_starter, parse_glossary, read_glossary_file
from translate.glossary import formats

CSV = (
    "en,ru,kk,ru.avoid,ru.dat,type,note,source_url\n"
    "Kyrgyzstan,Кыргызстан,Қырғызстан,Киргизия,,place,official,https://example.org\n"
    "OSCE Centre in Astana|OSCE Center in Astana,\"Центр ОБСЕ в Астане\",ЕҚЫҰ-ның Астанадағы орталығы,,,organisation,,\n"
    "Talgat Bashev,Талгат Башев,Талғат Башев,,Талгату Башеву,person,male,\n"
)


def test_csv_reads_variants_avoid_forms_and_extra_columns():
    tb = parse_glossary(CSV, "g.csv")
    assert len(tb) == 3
    kg = tb.get("Kyrgyzstan")
    assert kg.preferred("ru") == "Кыргызстан" and kg.avoid["ru"] == ["Киргизия"] and kg.type == "place"
    assert kg.extra == {"source_url": "https://example.org"}
    assert tb.get("OSCE Center in Astana").source == "OSCE Centre in Astana"
    assert tb.get("Talgat Bashev").forms == {"ru": {"dat": "Талгату Башеву"}}
    assert tb.get("Talgat Bashev").gender == "m"


@pytest.mark.parametrize("fmt", ["csv", "tsv", "tbx"])
def test_round_trip(fmt, tmp_path):
    tb = parse_glossary(CSV, "g.csv")
    path = tmp_path / f"out.{fmt}"
    path.write_text(export_glossary(tb, fmt), encoding="utf-8")
    back = read_glossary_file(path)
    assert [e.terms for e in back] == [e.terms for e in tb]
    assert [(e.type, e.note, e.avoid, e.forms) for e in back] == [(e.type, e.note, e.avoid, e.forms) for e in tb]


def test_starter_round_trips_through_tbx(tmp_path):
    tb = load_starter()
    path = tmp_path / "starter.tbx"
    path.write_text(export_glossary(tb, "tbx"), encoding="utf-8")
    assert [e.terms for e in read_glossary_file(path)] == [e.terms for e in tb]


def test_tsv_detected_by_content():
    tb = parse_glossary("en\tru\tkk\nRussia\tРоссия\tРесей\n", "noext")
    assert tb.get("Russia").preferred("kk") == "Ресей"


def test_tbx_v2_martif_is_read():
    tbx = """<?xml version="1.0"?>
<martif type="TBX-Basic"><text><body>
<termEntry id="t1"><descrip type="subjectField">place</descrip>
<langSet xml:lang="en"><tig><term>Russia</term></tig></langSet>
<langSet xml:lang="ru"><tig><term>Россия</term></tig></langSet>
<langSet xml:lang="ru"><tig><term>РФ</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig></langSet>
</termEntry></body></text></martif>"""
    entry = parse_glossary(tbx, "old.tbx").get("Russia")
    assert entry.preferred("ru") == "Россия" and entry.avoid == {"ru": ["РФ"]} and entry.type == "place"


BAD_CSV = [
    ("en,ru,kk\nRussia,\"Россия,Ресей\nUkraine,Украина,Украина\n", "bad.csv:3"),  # unclosed quote → EOF
    ("en,ru,kk\nRussia,Россия,Ресей\nUkraine,Украина,Украина,extra\n", "bad.csv:3"),
    ("en,ru,xx\nRussia,Россия,Ресей\n", "bad.csv:1"),  # unknown language
    ("ru,kk\nРоссия,Ресей\n", "bad.csv:1"),  # no source column
    ("en,ru,kk\nRussia,Россия,Ресей\nUkraine,,\n", "bad.csv:3"),  # empty target
    ("en,ru,kk\nRussia,Россия,Ресей\nRussia,Русь,Ресей\n", "bad.csv:3"),  # conflict
    ("en,ru,kk,type\nRussia,Россия,Ресей,planet\n", "bad.csv:2"),  # unknown type
    ("en,ru,kk\n,Россия,Ресей\n", "bad.csv:2"),  # no source term
]


@pytest.mark.parametrize("text,where", BAD_CSV)
def test_malformed_csv_names_file_and_line(text, where):
    with pytest.raises(GlossaryError) as info:
        parse_glossary(text, "bad.csv")
    assert str(info.value).startswith(where + ":")
    assert "\n" not in str(info.value)


def test_binary_and_non_utf8_files_are_refused(tmp_path):
    path = tmp_path / "bin.csv"
    path.write_bytes(b"en,ru\n\xff\xfe\x00\x01")
    with pytest.raises(GlossaryError, match="bin.csv"):
        read_glossary_file(path)


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<tbx><text><body><conceptEntry><langSec xml:lang="en"><termSec><term>&lol9;</term></termSec></langSec></conceptEntry></body></text></tbx>
"""

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE tbx [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<tbx><text><body><conceptEntry><langSec xml:lang="en"><termSec><term>&xxe;</term></termSec></langSec>
<langSec xml:lang="ru"><termSec><term>x</term></termSec></langSec></conceptEntry></body></text></tbx>
"""

EXTERNAL_DTD = """<?xml version="1.0"?>
<!DOCTYPE tbx SYSTEM "http://example.org/evil.dtd">
<tbx><text><body/></text></tbx>
"""


@pytest.mark.parametrize("payload", [BILLION_LAUGHS, EXTERNAL_ENTITY, EXTERNAL_DTD], ids=["billion-laughs", "xxe", "external-dtd"])
def test_hostile_tbx_is_refused(payload, tmp_path):
    path = tmp_path / "evil.tbx"
    path.write_text(payload, encoding="utf-8")
    with pytest.raises(GlossaryError) as info:
        read_glossary_file(path)
    message = str(info.value)
    assert message.startswith(f"{path}:2:") and "unsafe XML" in message
    assert "root:" not in message


def test_too_large_file_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(formats, "MAX_BYTES", 1000)
    path = tmp_path / "big.tbx"
    path.write_text("<tbx>" + "x" * 2000 + "</tbx>", encoding="utf-8")
    with pytest.raises(GlossaryError, match="too large"):
        read_glossary_file(path)


def test_malformed_tbx_names_line(tmp_path):
    path = tmp_path / "broken.tbx"
    path.write_text("<tbx>\n<text>\n<body>\n</text></tbx>", encoding="utf-8")
    with pytest.raises(GlossaryError, match=r"broken.tbx:4: malformed TBX"):
        read_glossary_file(path)


def test_tbx_without_concepts_is_refused():
    with pytest.raises(GlossaryError, match="no <conceptEntry>"):
        parse_glossary("<html><body/></html>", "page.xml")
