"""The web app's pages, server-side: linked data as HTML, search, sources, chains, match,
languages. (tests/test_browser.py drives the same pages in a real browser.)"""

from __future__ import annotations

import csv
import io
import re
import struct
from html import unescape
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from conftest import scanned_search
from kg.api import create_app
from kg.chains import chain_profile, list_chains
from kg.config import Settings
from kg.entities import SEARCH_KINDS, search, search_region
from kg.errors import BadRequest
from kg.iris import Minter
from kg.match import MatchQuery, match_partners
from kg.match.report import to_table
from kg.match.scoring import SCORE_PLACES
from kg.messages import MESSAGES
from kg.names import INITIALS, INSIDE, START, TYPING, VARIED, WHOLE, Spelling, index_for, name_rank
from kg.store import EmbeddedStore, solutions
from kg.web.render import COOKIE, environment
from kg.web.source import source

ROOT = Path(__file__).resolve().parent.parent
HTML = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
SEED = "hljrb-2024-08-23-industrial-transfer"


def text_of(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", html))


# --- linked data: a browser gets a page, an RDF client gets RDF ---------------------------------


def test_a_browser_gets_the_html_page_of_an_iri(client: TestClient) -> None:
    r = client.get("/id/org/harbin-united-aircraft", headers=HTML)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "Accept" in r.headers["vary"]
    body = text_of(r.text)
    assert (
        "哈尔滨联合飞机" in body and "8月8日,哈尔滨联合飞机大型无人机产业基地一期厂房封顶。" in body
    )
    assert f'href="/id/source/{SEED}#c' in r.text  # evidence links to its passage
    assert (
        client.get("/id/org/harbin-united-aircraft.html")
        .headers["content-type"]
        .startswith("text/html")
    )
    turtle = client.get("/id/org/harbin-united-aircraft", headers={"Accept": "text/turtle"})
    assert turtle.headers["content-type"].startswith("text/turtle")
    assert client.get("/id/org/harbin-united-aircraft").json()["label"] == "哈尔滨联合飞机"


def test_every_minted_entity_and_source_has_a_page(
    client: TestClient, store: EmbeddedStore, minter: Minter
) -> None:
    rows = store.query(
        "SELECT DISTINCT ?e WHERE { GRAPH ?g { ?e ?p ?o } "
        f'FILTER(STRSTARTS(STR(?e), "{minter.prefix}")) '
        'FILTER(!CONTAINS(STR(?e), "/assertion/") && !CONTAINS(STR(?e), "/chars/") '
        '&& !CONTAINS(STR(?e), "/graph/") && !CONTAINS(STR(?e), "/load/")) }'
    )
    iris = [row["e"].value for row in solutions(rows)]
    assert len(iris) > 100
    for iri in iris:
        r = client.get("/id/" + minter.key(iri), headers=HTML)  # type: ignore[operator]
        assert r.status_code == 200, iri
        assert "<h1>" in r.text


def test_a_browser_following_an_evidence_passage_iri_reads_it_in_its_source(
    client: TestClient,
) -> None:
    """A passage IRI (what Turtle and SPARQL answers name as kg:evidence) sends a browser to
    its mark on the source page that lists its facts, not to a page titled by the IRI
    (review20); an RDF or JSON client still gets its description."""
    passage = f"/id/source/{SEED}/chars/779-807"
    r = client.get(passage, headers=HTML, follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == f"/id/source/{SEED}?page=2#c779-807"
    page = client.get(r.headers["location"].split("#")[0], headers=HTML).text
    assert 'id="facts-c779-807"' in page  # that page lists the passage's facts
    first = client.get(f"/id/source/{SEED}/chars/45-118", headers=HTML, follow_redirects=False)
    assert first.headers["location"] == f"/id/source/{SEED}#c45-118"  # on the first page
    described = client.get(passage).json()
    assert described["types"] == ["https://w3id.org/kg-industry/def#Sentence"]


def test_an_unknown_iri_is_a_404_page(client: TestClient) -> None:
    r = client.get("/id/org/no-such-organisation", headers=HTML)
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    assert "no-such-organisation" in text_of(r.text)


def test_entity_facts_are_grouped_with_review_status(client: TestClient) -> None:
    html = client.get("/id/org/harbin-united-aircraft", headers=HTML).text
    groups = re.findall(r'<h3 id="g-([a-z]+)">', html)
    assert groups[:3] == ["identity", "industries", "projects"]
    assert 'class="status status-curated"' in html
    aerospace = client.get("/id/industry/uav", headers=HTML).text
    assert 'class="status status-editorial"' in aerospace  # an editorial link, shown apart
    assert "/match?industry=" in aerospace


# --- source pages --------------------------------------------------------------------------------


def test_a_source_page_marks_every_passage_and_keeps_the_text(
    store: EmbeddedStore, minter: Minter
) -> None:
    page = source(store, minter, minter.source(SEED))
    text = (ROOT / "data" / "sources" / f"{SEED}.txt").read_text("utf-8")
    assert "".join(p.text for p in page.pieces) == text
    marked = [p for p in page.pieces if p.ids]
    ids = {i for p in marked for i in p.ids}
    assert ids == {p.id for p in page.passages}
    for passage in page.passages:
        assert text[passage.start : passage.end] in text and passage.count
        assert len(passage.facts) == (passage.count if passage.page == 1 else 0)
    assert page.fact_count == 346 and page.pages > 1  # listed a page at a time


@pytest.mark.parametrize(
    "path",
    [
        "/id/source/hlj-4567-industrial-system",
        "/id/industry/equipment-manufacturing",
        "/id/industry/biomedicine",
        "/id/industry/automotive",
    ],
)
def test_every_predicate_a_page_shows_has_its_words(client: TestClient, path: str) -> None:
    html = client.get(path, params={"lang": "zh"}, headers=HTML).text
    shown = re.findall(r'<span class="pred">([^<]*)</span>', html)
    shown += re.findall(r'<th scope="row">(?:<span[^>]*>←</span> )?([^<]*)</th>', html)
    assert shown
    assert [p for p in shown if not re.search(r"[\u4e00-\u9fff]", p)] == []  # no "closeMatch"


def test_the_source_page_exports_its_graph(client: TestClient) -> None:
    html = client.get(f"/id/source/{SEED}", headers=HTML).text
    menu = html[
        html.index('id="export-source"') : html.index(
            "</details>", html.index('id="export-source"')
        )
    ]
    params = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]+)">', menu))
    assert params == {"source": f"https://w3id.org/kg-industry/id/graph/{SEED}"}
    r = client.get("/api/export", params={**params, "format": "turtle"})
    assert r.status_code == 200 and "哈尔滨联合飞机" in r.text


def test_the_source_page_lists_facts_beside_their_sentence(client: TestClient) -> None:
    html = client.get(f"/id/source/{SEED}", headers=HTML).text
    mark = re.search(r'<mark id="(c\d+-\d+)"[^>]*><a href="(\?page=\d+)?#facts-\1">8月8日', html)
    assert mark, "the UAV base sentence is marked, linked to the page listing its facts"
    if mark.group(2):
        html = client.get(f"/id/source/{SEED}{mark.group(2)}", headers=HTML).text
    facts = html[html.index(f'id="facts-{mark.group(1)}"') :]
    assert "哈尔滨联合飞机" in text_of(facts[: facts.index("</section>")])


# --- search --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("联合飞机", "哈尔滨联合飞机"),
        ("lianhe feiji", "哈尔滨联合飞机"),
        ("LianHeFeiJi", "哈尔滨联合飞机"),
        ("哈工程", "哈尔滨工程大学"),
        ("ha gong cheng", "哈尔滨工程大学"),
        ("hgc", "哈尔滨工程大学"),  # by 哈工程's initials, before 化工产业链's (hgcyl)
        ("工信部", "工业和信息化部"),
    ],
)
def test_search_by_name_alias_abbreviation_and_pinyin(
    store: EmbeddedStore, minter: Minter, q: str, expected: str
) -> None:
    assert search(store, minter, q)[0]["label"] == expected


def test_pinyin_does_not_match_stray_letters(store: EmbeddedStore, minter: Minter) -> None:
    assert search(store, minter, "zzzz") == []
    labels = [h["label"] for h in search(store, minter, "haerbin gongye daxue")]
    assert labels[0] == "哈尔滨工业大学" and "哈尔滨工程大学" not in labels


def test_pinyin_reads_a_character_every_common_way() -> None:
    """长 outside any phrase the dictionary knows reads zhang by default: 长三角 answers to
    changsanjiao and csj too (people say chang), and still to its usual spelling; a
    character's reading no phrase or few phrases use (尚 as chang) is not offered, and a
    phrase the dictionary knows keeps its one reading (长江)."""
    spelled = {s.full for s in Spelling.readings("长三角")}
    assert spelled == {"zhangsanjiao", "changsanjiao"}
    assert Spelling.readings("长三角")[0] == Spelling.of("长三角")
    assert {s.initials for s in Spelling.readings("长三角")} == {"zsj", "csj"}
    assert [s.full for s in Spelling.readings("尚志市")] == ["shangzhishi"]
    # a reading few phrases use is not offered either: 信 as shen (1 of 227), 景 as ying
    assert [s.initials for s in Spelling.readings("崇信县")] == ["cxx"]
    assert [s.initials for s in Spelling.readings("景县")] == ["jx"]
    # each run of letters of other text is a syllable of its own
    assert [s.initials for s in Spelling.readings("GB/T 2260")] == ["gt"]
    assert [s.full for s in Spelling.readings("长江")] == ["changjiang"]
    assert Spelling.readings("5G基站")[0].full == "gjizhan"
    # a long name varies its first few such characters only
    assert len(Spelling.readings("长重长重长重")) == 2**VARIED


def test_pinyin_finds_cities_first_and_no_junk(store: EmbeddedStore, minter: Minter) -> None:
    """newuser43's queries: a city by its initials or its spelling comes before counties
    and things named alike (重庆 of 重庆市 is a name people type: cq; 大庆市 before 丁青县),
    and letters inside an English word or across syllables match nothing (nj is not in
    Tianjin, hangzhou not in shang-zhou-qu: 商州区)."""
    first = {q: search(store, minter, q, limit=5) for q in ("cq", "dq", "nj", "hangzhou")}
    assert first["cq"][0]["label"] == "重庆市" and first["cq"][0]["matched"] == "重庆"
    assert first["dq"][0]["label"] == "大庆市"
    assert "天津市" not in {h["label"] for h in first["nj"]}
    assert first["hangzhou"][0]["label"] == "杭州市"
    labels = [h["label"] for h in search(store, minter, "hangzhou", limit=50)]
    assert "商州区" not in labels
    assert search(store, minter, "beijing", limit=1)[0]["label"] == "北京市"


def test_pinyin_matches_whole_syllables(store: EmbeddedStore, minter: Minter) -> None:
    """newuser48: ``guangxi`` found 东光县 (dong-guang-xian: guangxi ends inside xian, in
    the middle of the name). Letters match whole syllables; a query may end inside its last
    syllable only at a name's start (still being typed: 光纤制造, guang-xian), ranked after
    the names spelled in whole syllables; typed whole, the county is found."""
    guangxi = [h["label"] for h in search(store, minter, "guangxi", limit=50)]
    assert guangxi[0] == "广西壮族自治区" and "东光县" not in guangxi
    assert guangxi.index("光纤制造") > guangxi.index("广西壮族自治区")
    assert "东光县" in [h["label"] for h in search(store, minter, "guangxian", limit=50)]
    for q in ("guangxi", "guangxian"):  # what the region field suggests as one types
        regions = [h["label"] for h in search(store, minter, q, kind="region", limit=50)]
        assert ("东光县" in regions) == (q == "guangxian"), q


@pytest.mark.parametrize(
    ("q", "first", "after"),
    [
        ("fujian", "福建省", "机床功能部件及附件制造"),  # its ISO name before a homophone (附件)
        ("fuzhou", "福州市", "抚州市"),  # 13 divisions before 11, both named by no fact here
        ("suzhou", "苏州市", "宿州市"),
        ("guangxi", "广西壮族自治区", "光纤制造"),
    ],
)
def test_hits_of_higher_standing_come_first(
    client: TestClient, store: EmbeddedStore, minter: Minter, q: str, first: str, after: str
) -> None:
    """newuser48: ``fuzhou`` listed 抚州市 before 福州市 (a tie broken by the label). An
    exact name - an English or ISO one too - comes before a pinyin homophone, and of hits
    alike the place the graph holds more about: the facts pointing to it, then the places
    within it (the curated data names neither city in a fact; 福州市 has 13 divisions)."""
    labels = [h["label"] for h in client.get("/api/search", params={"q": q}).json()["results"]]
    assert labels[0] == first and labels.index(after) > 0
    fuzhou, fuzhou_jiangxi = (
        next(iter(index_for(store, minter.prefix).named(n))) for n in ("福州市", "抚州市")
    )
    held = index_for(store, minter.prefix).held
    assert held[fuzhou] == 13 and held[fuzhou_jiangxi] == 11


def test_a_name_started_outranks_syllables_inside_another() -> None:
    """review50: a query still being typed (``beijin``, ``nanjin``) starts the place one is
    typing and is whole syllables inside another name (he-bei-jin-rong of 河北金融学院): the
    start ranks first, as it did before syllables were read whole."""
    for q, started, inside in (("beijin", "北京市", "河北金融学院"), ("nanjin", "南京市", "湖南金融技术职业学院")):
        assert Spelling.of(started).rank(q) == TYPING and Spelling.of(inside).rank(q) == INSIDE
        assert TYPING < INSIDE


def test_initials_are_initials_however_spelled() -> None:
    """review43b: a name that starts with Latin letters (C919…, 5G…) is spelled with a
    one-letter syllable, so ``cd`` started its spelling (c-da-xing…) and ranked before
    成都's initials; letters that are only the syllables' initials rank as initials, and a
    run of letters after a digit is no word start of its own (``max`` in 737MAX)."""
    assert Spelling.of("C919大型客机").rank("cd") == Spelling.of("成都市").rank("cd") == INITIALS
    assert Spelling.of("5G基站").rank("gj") == INITIALS
    assert Spelling.of("5G基站").rank("gji") == START
    assert Spelling.of("阿里").rank("al") == INITIALS and Spelling.of("阿里").rank("ali") == WHOLE
    assert Spelling.of("哈工大").rank("hag") == TYPING  # a start, ending inside gong
    assert name_rank("max", "波音737max客机", True) is None
    assert name_rank("737", "波音737max客机", False) == 2


@pytest.mark.parametrize(
    "q",
    [
        *("cq", "dq", "sz", "suzhou", "gulou", "nj", "hangzhou", "鼓楼", "jiang"),
        # a place after the region it lies in (and one that a name also holds: 哈尔滨道外)
        *("nanjing gulou", "南京鼓楼", "南京 鼓楼", "江苏省南京市鼓楼区", "jiangsu gulou"),
        *("哈尔滨道外", "heilongjiang harbin", "Nanjing 鼓楼", "fujian fuzhou gulou"),
    ],
)
def test_place_searches_answer_what_a_scan_answers(
    store: EmbeddedStore, minter: Minter, q: str
) -> None:
    """Over the 3,219 divisions, whose weights differ (provinces, cities, counties): the
    postings read in the answer's order, the heap and its bound give what a scan of every
    name and a sort of every match give."""
    index = index_for(store, minter.prefix)
    assert list(index.ranked(q)) == scanned_search(index, q)


def test_places_of_one_name_say_what_they_lie_in(store: EmbeddedStore, minter: Minter) -> None:
    """Four districts are called 鼓楼区: a search hit says each one's city, and so does the
    error that asks which one is meant (with the list in its details, for programs)."""
    hits = [h for h in search(store, minter, "鼓楼区", kind="region", limit=10)]
    assert {tuple(h["part_of"]) for h in hits} >= {
        ("南京市",),
        ("福州市",),
        ("徐州市",),
        ("开封市",),
    }
    with pytest.raises(BadRequest) as raised:
        search_region(store, minter, "鼓楼区")
    assert len(raised.value.details) == 4
    assert any(d.startswith("鼓楼区 (南京市) <") for d in raised.value.details)


@pytest.mark.parametrize(
    ("q", "city"),
    [
        ("nanjing gulou", "南京市"),
        ("Nanjing Gulou", "南京市"),
        ("南京鼓楼", "南京市"),
        ("南京 鼓楼", "南京市"),
        ("南京市鼓楼区", "南京市"),
        ("江苏省南京市鼓楼区", "南京市"),
        ("nanjing 鼓楼", "南京市"),
        ("fuzhou gulou", "福州市"),
        ("福州鼓楼", "福州市"),
    ],
)
def test_a_district_typed_after_its_city_finds_it(
    client: TestClient, store: EmbeddedStore, minter: Minter, q: str, city: str
) -> None:
    """newuser46: search found 鼓楼区 by gulou and 鼓楼, but not as people write an address
    - the city, then the district - while the region resolver read 南京鼓楼区 already. The
    district of that city comes first (of four 鼓楼区), in search, the API the region
    field's suggestions ask and the /search page."""
    hits = search(store, minter, q, limit=5)
    assert hits and (hits[0]["label"], hits[0]["part_of"]) == ("鼓楼区", [city])
    assert hits[0]["iri"] == search_region(store, minter, f"{city}鼓楼区").value
    suggested = client.get("/api/search", params={"q": q, "kind": "region"}).json()["results"]
    assert [(h["label"], h["part_of"]) for h in suggested[:1]] == [("鼓楼区", [city])]
    page = client.get("/search", params={"q": q, "lang": "zh"}).text.split('id="results"')[1]
    assert f'href="/id/{hits[0]["iri"].split("/id/", 1)[1]}"' in page
    # a name that holds the whole query still comes first; the region is read after it
    labels = [h["label"] for h in search(store, minter, "哈尔滨道外", limit=5)]
    assert labels[:2] == ["哈尔滨道外区政府", "道外区"]
    # and only places within the region: not a 鼓楼区 of another city, not 南京市 itself
    assert [h["part_of"] for h in search(store, minter, "南京鼓楼", limit=5)] == [["南京市"]]
    assert search(store, minter, "南京南京", limit=5) == []


def test_a_place_named_whole_lists_nothing_beneath_it(store: EmbeddedStore, minter: Minter) -> None:
    """review46: 苏州市 read as 苏州 and a place within it named by 市 listed 太仓市, 常熟市 …
    after the city; a place's ending alone names nothing within a region. And an address in
    pinyin of three places, longer than a Chinese one, still reads (a limit of words, not
    of letters), as do runs of spaces."""
    assert [h["label"] for h in search(store, minter, "苏州市", kind="region", limit=10)] == [
        "苏州市"
    ]
    for q in ("guangdong shenzhen nanshan", "广东省深圳市南山区", "深圳   南山"):
        hits = search(store, minter, q, limit=3)
        assert hits and (hits[0]["label"], hits[0]["part_of"]) == ("南山区", ["深圳市"]), q


def test_a_district_page_names_its_city(client: TestClient) -> None:
    """Asked for 南京鼓楼区, the match and chain pages say which 鼓楼区 they are about, in
    their headings and their region select (newuser43: both read 鼓楼区 alone)."""
    match = client.get("/match", params={"industry": "航空航天", "place": "南京鼓楼区"})
    assert match.status_code == 200
    assert "航空航天 · 鼓楼区 · 南京市" in text_of(match.text)
    assert ">鼓楼区 · 南京市</option>" in match.text
    chain = client.get("/chain", params={"chain": "航空航天产业链", "place": "福州鼓楼区"})
    assert chain.status_code == 200
    assert "鼓楼区 · 福州市" in text_of(chain.text)
    # a province is a member of 长三角, not inside it as a district is inside its city
    province = client.get("/match", params={"industry": "航空航天", "region": "江苏"})
    heading = re.search(r'<h2 id="ranked">(.*?)</h2>', province.text, re.S)
    assert heading is not None and "江苏省" in heading.group(1) and "长三角" not in heading.group(1)


def test_an_english_page_names_a_district_with_its_province_in_english(
    client: TestClient,
) -> None:
    """newuser46: in English the match page named the 鼓楼区 of 福州市 "鼓楼区 · 福州市" and
    listed 23 provinces in Chinese. kg has no English name for a city (and makes none up):
    its province's English name follows it; every province is listed in English."""
    match = client.get(
        "/match", params={"industry": "航空航天", "place": "福州鼓楼区", "lang": "en"}
    )
    assert match.status_code == 200
    assert "鼓楼区 · 福州市, Fujian Province" in text_of(match.text)
    assert ">鼓楼区 · 福州市, Fujian Province</option>" in match.text
    assert ">Fujian Province</option>" in match.text and ">Hong Kong SAR</option>" in match.text
    assert ">福建省</option>" not in match.text


def test_search_filters_by_kind_and_region(client: TestClient) -> None:
    everything = text_of(client.get("/search", params={"q": "哈尔滨"}).text)
    assert "哈尔滨工业大学" in everything
    universities = client.get("/search", params={"q": "哈尔滨", "kind": "university"}).text
    found = re.findall(r'<a href="/id/([^"]+)">', universities.split('id="results"')[1])
    assert found and all(f.startswith("org/") for f in found)
    assert "哈尔滨联合飞机</a>" not in universities
    region = "https://w3id.org/kg-industry/id/place/harbin"
    local = client.get("/search", params={"q": "哈尔滨", "region": region}).text
    assert "哈尔滨道外区政府" in text_of(local) and "哈尔滨联合飞机" in everything
    assert "哈尔滨联合飞机</a>" not in local  # placed nowhere itself: only its project is
    browse = client.get("/search", params={"q": "", "kind": "university"}).text
    assert "哈尔滨工业大学" in browse


def test_the_search_page_offers_every_kind_the_search_takes(client: TestClient) -> None:
    """The kind selector and the API take the same kinds: role (总书记, a curated title, is
    found and listed), not goal (nothing kg loads or extracts is a kg:Goal)."""
    html = client.get("/search", params={"lang": "zh"}).text
    selector = html.split('name="kind"')[1].split("</select>")[0]
    offered = re.findall(r'<option value="([^"]+)"', selector)
    assert sorted(offered) == sorted(SEARCH_KINDS)
    assert '<option value="role">职务</option>' in selector
    assert "goal" not in SEARCH_KINDS
    roles = client.get("/search", params={"q": "", "kind": "role"}).text
    assert "总书记" in text_of(roles.split('id="results"')[1])
    found = client.get("/api/search", params={"q": "总书记", "kind": "role"}).json()
    assert [h["label"] for h in found["results"]] == ["总书记"]
    r = client.get("/api/search", params={"q": "目标", "kind": "goal"})
    assert r.status_code == 400 and "goal" in r.json()["error"]["message"]


@pytest.mark.parametrize("params", [{"kind": "institute"}, {"q": "哈尔滨", "kind": "bogus"}])
def test_search_says_a_kind_it_does_not_know_with_the_form_again(
    client: TestClient, params: dict[str, str]
) -> None:
    """An unknown kind is not 0 results: a 400 naming the kinds there are (the key of 科研院所
    is research-institute), on the search page with its form."""
    r = client.get("/search", params=params, headers=HTML)
    assert r.status_code == 400 and 'action="/search"' in r.text
    assert 'id="results"' not in r.text
    assert "research-institute" in text_of(r.text) and params["kind"] in text_of(r.text)


def place_field(html: str) -> tuple[list[str], str]:
    """A form's region field: the options selected in its select, and its place typed."""
    field = html[html.index('name="region"') : html.index("</datalist>")]
    selected = re.findall(r'<option value="([^"]*)" selected>', field)
    typed = re.search(r'<input[^>]* name="place"[^>]* value="([^"]*)"', field)
    assert typed, "the place input carries its value"
    return selected, unescape(typed.group(1))


@pytest.mark.parametrize(
    ("path", "params", "status"),
    [
        ("/match", {"industry": "https://w3id.org/kg-industry/id/industry/aerospace"}, 404),
        ("/chain", {"chain": "https://w3id.org/kg-industry/id/chain/aerospace"}, 404),
        ("/search", {"q": "哈尔滨"}, 404),
    ],
)
def test_a_form_keeps_a_place_no_region_is_called_with_what_is_wrong(
    client: TestClient, path: str, params: dict[str, str], status: int
) -> None:
    harbin = "https://w3id.org/kg-industry/id/place/harbin"
    found = client.get(path, params={**params, "place": "哈尔滨"}, headers=HTML)
    assert found.status_code == 200
    assert place_field(found.text) == ([harbin], "")  # the city among the options, chosen
    typo = client.get(path, params={**params, "place": "哈尔宾"}, headers=HTML)
    assert typo.status_code == status
    assert place_field(typo.text) == ([], "哈尔宾")  # as typed, to be corrected
    error = re.search(r'<p class="error" role="alert">([^<]+)</p>', typo.text)
    assert error and "哈尔宾" in unescape(error.group(1))
    assert 'action="' + path + '"' in typo.text  # the page's own form, not the error page


# --- errors in the page's language ---------------------------------------------------------------


def alert(html: str) -> str:
    """The error a page shows (the error page's, or a form's)."""
    found = re.search(r'<p class="error" role="alert">([^<]+)</p>', html)
    assert found, "the page shows an error"
    return unescape(found.group(1))


@pytest.mark.parametrize(
    ("path", "status", "zh", "en"),
    [
        (
            "/sources?page=x",
            400,
            "页码须为 1 或更大的整数",
            "page must be a whole number, 1 or more",
        ),
        ("/sources?page=99", 404, "没有第 99 页", "no page 99"),
        ("/id/org/no-such-organisation", 404, "没有这个实体", "no entity <"),
        ("/id/org/harbin-united-aircraft?page=2", 400, "请给出要翻页浏览", "give the predicate"),
        (
            "/search?q=哈尔滨&place=哈尔宾",
            404,
            "没有名为「哈尔宾」的地区",
            "no region called '哈尔宾'",
        ),
        (
            "/match?industry=no-such-industry",
            404,
            "没有名为「no-such-industry」的产业",
            "no industry",
        ),
        ("/search?kind=institute", 400, "未知的类别：institute", "unknown kind institute"),
        (
            "/search?q=哈&kind=bogus",
            400,
            "可选：enterprise, university, research-",
            "unknown kind bogus",
        ),
        # a fixed wording with the parser's own detail as its value
        ("/sparql?query=SELEC", 400, "SPARQL 查询语法有误：", "malformed SPARQL query: "),
        (
            "/sparql?query=SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
            400,
            "不允许 SERVICE <http://example.org/sparql>：远程访问已关闭",
            "SERVICE <http://example.org/sparql> is not allowed: remote access is off",
        ),
        ("/review?type=no-such-type", 400, "未知的事实类型 'no-such-type'", "unknown fact type"),
        ("/review?status=open", 400, "状态（status）须为", "status must be one of"),
        ("/api/export?entity=no-such-thing", 404, "没有名为 'no-such-thing' 的实体", "no entity"),
        ("/api/export?entity=org/hit&hops=99", 400, "邻域步数（hops）最多为", "hops is at most"),
        ("/api/export?region=黑龙江省&format=docx", 400, "未知的格式 'docx'", "unknown format"),
    ],
)
def test_an_error_is_said_in_the_pages_language(
    client: TestClient, path: str, status: int, zh: str, en: str
) -> None:
    said = {}
    for lang in ("zh", "en"):
        r = client.get(path, headers={**HTML, "Cookie": f"kg_lang={lang}"})
        assert r.status_code == status
        said[lang] = alert(r.text)
    assert zh in said["zh"] and en in said["en"]
    assert zh not in said["en"] and (en not in said["zh"] or path.startswith("/sparql"))


SOURCE = f"/id/source/{SEED}"
UAV = "https://w3id.org/kg-industry/id/industry/uav"
BAD_PAGE = "page must be a whole number, 1 or more"


@pytest.mark.parametrize("page", ["x", "0", "-1", "1.5"])
def test_a_bad_page_number_is_one_400_on_every_page_and_route(
    client: TestClient, page: str
) -> None:
    """Pages, linked data and the API read ``?page=`` one way (kg.paging.page_number)."""
    for path in ("/sources", "/review", "/review/merges", SOURCE, "/id/org/harbin-united-aircraft"):
        r = client.get(path, params={"page": page}, headers={**HTML, "Cookie": "kg_lang=en"})
        assert (r.status_code, alert(r.text)) == (400, BAD_PAGE), path
        zh = client.get(path, params={"page": page}, headers={**HTML, "Cookie": "kg_lang=zh"})
        assert (zh.status_code, alert(zh.text)) == (400, "页码须为 1 或更大的整数"), path
    for path, params in (
        (SOURCE, {}),
        ("/api/entity", {"iri": "https://w3id.org/kg-industry/id/org/harbin-united-aircraft"}),
        ("/api/chain-match", {"chain": "no-such-chain"}),
    ):
        r = client.get(
            path, params={**params, "page": page}, headers={"Accept": "application/json"}
        )
        assert r.status_code == 400, path
        assert r.json()["error"] == {"code": "bad_request", "message": BAD_PAGE}, path


def test_an_imported_tables_page_is_read_as_every_page_number_is(
    store: EmbeddedStore, minter: Minter
) -> None:
    from kg.web.imports import page_of

    with pytest.raises(BadRequest, match=BAD_PAGE):
        page_of(store, minter.source("no-such-table"), "x", None)  # no silent first page
    assert page_of(store, minter.source("no-such-table"), "3", None) == 3


def test_pages_escape_what_users_type(client: TestClient) -> None:
    r = client.get("/search", params={"q": "<script>alert(1)</script>"})
    assert r.status_code == 200
    assert "<script>alert(1)</script>" not in r.text and "&lt;script&gt;" in r.text


# --- home, sources, languages ---------------------------------------------------------------------


def test_home_shows_what_the_graph_holds(client: TestClient) -> None:
    html = client.get("/").text
    assert 'role="search"' in html and 'for="q"' in html
    body = text_of(html)
    assert "502" in body and "已审核" in body  # curated facts
    assert "黑龙江日报" in body and client.get("/sources").status_code == 200
    beyond = client.get("/sources", params={"page": 2}, headers=HTML)
    assert beyond.status_code == 404  # no empty page, and no pager to more of them
    assert 'rel="prev"' not in beyond.text


def test_the_home_page_says_the_last_update_with_its_time_zone(
    client: TestClient, store: EmbeddedStore
) -> None:
    """The last load's time (prov:endedAtTime) is shown in UTC and says so, in both
    languages; the <time> element carries it in ISO 8601 with its offset."""
    import datetime as dt

    from kg import queries

    ended = next(iter(solutions(store.query(queries.get("last-update")))))["updated"].value
    utc = dt.datetime.fromisoformat(ended).astimezone(dt.UTC)
    minute = f"{utc:%Y-%m-%d %H:%M}"
    for lang, shown in (("zh", f"{minute}（UTC）"), ("en", f"{minute} UTC")):
        html = client.get("/", params={"lang": lang}).text
        found = re.search(r'<time datetime="([^"]+)">([^<]+)</time>', html)
        assert found, lang
        assert dt.datetime.fromisoformat(found[1]) == utc  # with its offset: an aware time
        assert found[2] == shown


def test_the_home_chain_form_starts_on_the_configured_region_by_its_iri(
    settings: Settings, store: EmbeddedStore, minter: Minter
) -> None:
    def started_on(home_region: str) -> list[str]:
        s = settings.model_copy(update={"home_region": home_region, "warm_chains": False})
        with TestClient(create_app(s, store)) as client:
            html = client.get("/", params={"lang": "en"}).text
        form = html[
            html.index('id="home-region"') : html.index("</select>", html.index('id="home-region"'))
        ]
        return re.findall(r'<option value="([^"]+)" selected>', form)

    heilongjiang = minter.entity("place/heilongjiang").value
    assert settings.home_region == "place/heilongjiang"
    assert started_on("place/heilongjiang") == [heilongjiang]  # whatever the page's language
    assert started_on("place/harbin") == [minter.entity("place/harbin").value]
    assert started_on(heilongjiang) == [heilongjiang]  # an IRI works too
    assert started_on("place/nowhere") == []  # none in the list: the list's first


def test_chinese_by_default_english_by_a_switch_that_is_remembered(
    settings: Settings, store: EmbeddedStore
) -> None:
    with TestClient(create_app(settings, store)) as client:  # its own cookie jar
        zh = client.get("/search", params={"q": "联合飞机"})
        assert '<html lang="zh-CN">' in zh.text and "搜索结果" in zh.text
        en = client.get("/search", params={"q": "联合飞机", "lang": "en"})
        assert '<html lang="en">' in en.text and "Harbin United Aircraft</a>" in en.text
        assert "kg_lang=en" in en.headers["set-cookie"]
        switch = re.search(r'href="([^"]+)"[^>]*id="lang-switch"', en.text)
        assert switch and "q=" in switch.group(1) and "lang=zh" in switch.group(1)
        assert "Industry chains" in client.get("/chains").text  # remembered
        assert "产业链" in client.get("/chains", params={"lang": "zh"}).text


def test_one_candidate_is_one_in_english(client: TestClient) -> None:
    """The match page said "1 candidates" (review20)."""
    params = {"industry": "industry/uav", "region": "place/harbin", "lang": "en"}
    html = client.get("/match", params=params).text
    assert '<span class="count">1 candidate</span>' in html
    params = {"industry": "数字经济", "lang": "en"}
    assert re.search(
        r'<span class="count">\d+ candidates</span>', client.get("/match", params=params).text
    )
    assert (
        '<span class="count">共 1 个候选</span>'
        in client.get("/match", params={**params, "industry": "industry/uav", "lang": "zh"}).text
    )


def test_lists_and_selects_in_english_are_in_the_order_of_their_english_names(
    client: TestClient,
) -> None:
    """Chains, industries and regions were listed in the order of their Chinese names on
    the English pages too (agricultural machinery, ice and snow economy, chemical, ...:
    review20); Chinese pages keep theirs."""

    def names(html: str, pattern: str) -> list[str]:
        return [unescape(n) for n in re.findall(pattern, html)]

    chains = r'<a href="/chain\?chain=[^"]+">([^<]+)</a>'
    en = names(client.get("/chains", params={"lang": "en"}).text, chains)
    assert len(en) >= 13 and en == sorted(en, key=str.casefold)
    assert en[0] == "aerospace industry chain"
    zh = names(client.get("/chains", params={"lang": "zh"}).text, chains)
    assert zh[0] == "农机装备产业链" and len(zh) == len(en)
    page = client.get("/match", params={"lang": "en"}).text
    select = page.split('name="industry"')[1].split("</select>")[0]
    industries = names(select, r'<option value="[^"]+"[^>]*>([^<]+)</option>')
    assert len(industries) > 40 and industries == sorted(industries, key=str.casefold)
    select = page.split('name="region"')[1].split("</select>")[0]
    regions = names(select, r'<option value="https[^"]+"[^>]*>([^<]+)</option>')
    assert "Heilongjiang Province" in regions and regions == sorted(regions, key=str.casefold)


def test_an_entity_page_in_english_names_the_things_it_links_in_english(
    client: TestClient,
) -> None:
    """The values of an entity's facts are named in the page's language, as the match page
    names them (review20: the English page said 从事产业 无人机, builds 哈尔滨联合飞机...)."""
    page = "/id/org/harbin-united-aircraft"
    en = client.get(page, params={"lang": "en"}, headers=HTML).text
    assert 'href="/id/industry/uav">unmanned aerial vehicles</a>' in en
    assert (
        'href="/id/project/harbin-united-aircraft-uav-base">'
        "Harbin United Aircraft large UAV industrial base project</a>"
    ) in en
    zh = client.get(page, params={"lang": "zh"}, headers=HTML).text
    assert 'href="/id/industry/uav">无人机</a>' in zh
    values = client.get(
        "/api/entity", params={"iri": "https://w3id.org/kg-industry/id/org/harbin-united-aircraft"}
    ).json()
    uav = [v for v in values["statements"] if v["value"].endswith("/industry/uav")]
    assert uav and uav[0]["label"] == "无人机" and uav[0]["label_en"] == "unmanned aerial vehicles"


# --- partner match page -------------------------------------------------------------------------


def test_the_match_page_ranks_with_reasons_and_links_the_csv(client: TestClient) -> None:
    params = {
        "industry": "https://w3id.org/kg-industry/id/industry/aerospace",
        "region": "https://w3id.org/kg-industry/id/place/heilongjiang",
    }
    html = client.get("/match", params=params).text
    first = html.split('<tr class="candidate">')[1]
    assert "哈尔滨联合飞机" in first and "<meter" in first and "<blockquote" in first
    csv_href = unescape(re.search(r'id="download-csv" href="([^"]+)"', html).group(1))  # type: ignore[union-attr]
    table = client.get(csv_href)
    assert table.headers["content-type"].startswith("text/csv")
    assert "哈尔滨联合飞机" in table.text.splitlines()[1]


def test_the_match_page_s_csv_gives_an_english_reader_english_reasons(client: TestClient) -> None:
    """newuser46: the /match page's "Download CSV" link (no language in it) gave an English
    reader Chinese reasons. The CSV carries both languages, as the API's JSON does: each
    reason in Chinese (``reasons``) and in English (``reasons_en``), from either page."""
    params = {
        "industry": "https://w3id.org/kg-industry/id/industry/aerospace",
        "region": "https://w3id.org/kg-industry/id/place/heilongjiang",
    }
    answer = client.get("/api/match", params=params).json()["candidates"]
    for lang in ("en", "zh"):
        html = client.get("/match", params={**params, "lang": lang}).text
        for link in ("download-csv", "download-excel"):
            href = unescape(re.search(rf'id="{link}" href="([^"]+)"', html).group(1))  # type: ignore[union-attr]
            body = client.get(href).content.decode("utf-8-sig")
            rows = list(csv.DictReader(io.StringIO(body)))
            assert len(rows) == len(answer) > 0
            for row, candidate in zip(rows, answer, strict=True):
                texts = [r["text_en"] for r in candidate["reasons"]]
                assert row["reasons_en"] == " | ".join(texts)
                assert row["reasons"] == " | ".join(r["text"] for r in candidate["reasons"])
            assert rows[0]["reasons_en"].startswith("builds Harbin United Aircraft")
    client.cookies.delete(COOKIE)  # the language sticks to the shared client: not for others


def test_a_score_reads_alike_on_the_pages_in_json_csv_and_the_terminal(
    client: TestClient, store: EmbeddedStore, minter: Minter
) -> None:
    """newuser46: the /match page said a candidate's score as 0.9698 where the CLI, the CSV
    and the chain page said 0.970. Every output of a score has one precision
    (``SCORE_PLACES``): a page says each score once (not beside the score bar's fallback
    text), as the CSV and the terminal's table write it and as JSON's number reads; its
    reasons' scores alike."""
    params = {
        "industry": "https://w3id.org/kg-industry/id/industry/aerospace",
        "region": "https://w3id.org/kg-industry/id/place/heilongjiang",
    }
    rows = client.get("/match", params=params).text.split('<tr class="candidate">')[1:]
    answer = client.get("/api/match", params=params).json()["candidates"]
    table = list(
        csv.DictReader(
            io.StringIO(client.get("/api/match", params={**params, "format": "csv"}).text)
        )
    )
    terminal = to_table(
        match_partners(store, minter, MatchQuery(params["industry"], params["region"]))
    )
    assert rows and len(rows) == len(answer) == len(table)
    for row, candidate, line in zip(rows, answer, table, strict=True):
        assert candidate["label"] in row and line["iri"] == candidate["iri"]
        cell = re.search(r'<td class="score">(.*?)</td>', row, re.S).group(1)  # type: ignore[union-attr]
        assert text_of(cell).split() == [line["score"]], cell
        assert len(line["score"].partition(".")[2]) == SCORE_PLACES
        assert float(line["score"]) == candidate["score"]
        assert f" {line['score']}  " in terminal
        reasons = re.findall(r'<span class="reason-score[^"]*">([^<]*)</span>', row)
        assert reasons == [f"+{r['score']:.{SCORE_PLACES}f}" for r in candidate["reasons"]]
    chain = {
        "chain": "航空航天产业链",
        "region": "https://w3id.org/kg-industry/id/place/heilongjiang",
    }
    html = client.get("/chain", params=chain).text
    shown = html.split('<tr class="candidate">')[1:]
    listed = client.get("/api/chain-match", params={**chain, "top": 1000, "format": "csv"})
    by_iri = {line["iri"]: line["score"] for line in csv.DictReader(io.StringIO(listed.text))}
    assert shown
    for row in shown:
        href = re.search(r'<a href="(/id/[^"]+)"', row).group(1)  # type: ignore[union-attr]
        cell = re.search(r'<td class="score">(.*?)</td>', row, re.S).group(1)  # type: ignore[union-attr]
        assert text_of(cell).split() == [by_iri[minter.prefix + href.removeprefix("/id/")]]


def test_the_match_page_names_the_properties_of_its_facts_in_the_page_language(
    client: TestClient,
) -> None:
    """The facts under a reason say their property by its label (the ontology's, or the
    term's words for skos:broader), not its local name (inIndustry, broader)."""
    params = {
        "industry": "https://w3id.org/kg-industry/id/industry/aerospace",
        "region": "https://w3id.org/kg-industry/id/place/heilongjiang",
    }
    facts = {
        lang: set(
            re.findall(
                r'<span class="fact-text">(.*?)</span>',
                client.get("/match", params={**params, "lang": lang}).text,
            )
        )
        for lang in ("en", "zh")
    }
    client.cookies.delete(COOKIE)  # the language sticks to the shared client: not for others
    assert "哈尔滨联合飞机 → 建设 → 哈尔滨联合飞机大型无人机产业基地项目" in facts["zh"]
    assert "无人机 → 上位概念 → 航空航天" in facts["zh"]
    assert "Harbin United Aircraft → operates in → unmanned aerial vehicles" in facts["en"]
    assert not [f for f in facts["zh"] if re.search("[A-Za-z]", f)]
    assert not [f for f in facts["en"] if re.search(r"inIndustry|operatesIn|locatedIn|partOf", f)]
    r = client.get("/api/match", params=params).json()
    said = [e for c in r["candidates"] for why in c["reasons"] for e in why["evidence"]]
    assert said and all(e["predicate"]["label"] and e["predicate"]["label_en"] for e in said)
    assert all(e["fact"][1] == e["predicate"]["iri"].rsplit("#", 1)[-1] for e in said)
    broader = [e["predicate"] for e in said if e["fact"][1] == "broader"]  # a SKOS term
    assert broader and broader[0]["label"] == "上位概念" and broader[0]["label_en"] == "broader"


def test_editorial_rationales_are_said_in_the_page_language(
    client: TestClient, store: EmbeddedStore
) -> None:
    """An editorial link's rationale (编辑依据, and the reason text that rests on it) is
    its Chinese text on Chinese pages and its English one on English pages - the match page
    of 航空航天 (无人机 is under 航空航天 by an editorial link) and the chain page of the
    aerospace chain (its segments' classes are the chain map's)."""
    texts = {
        lang: {
            row["why"].value
            for row in solutions(
                store.query(
                    "PREFIX kg: <https://w3id.org/kg-industry/def#> SELECT DISTINCT ?why WHERE "
                    f'{{ GRAPH ?g {{ ?a kg:rationale ?why FILTER(LANG(?why) = "{lang}") }} }}'
                )
            )
        }
        for lang in ("zh", "en")
    }
    harbin = "https://w3id.org/kg-industry/id/place/harbin"
    pages = {
        "/match": {
            "industry": "https://w3id.org/kg-industry/id/industry/aerospace",
            "region": harbin,
        },
        "/chain": {"chain": "https://w3id.org/kg-industry/id/chain/aerospace", "region": harbin},
    }
    uav = {"zh": "无人机是航空器；航空是航空航天的一半。", "en": "(unmanned aircraft) are aircraft"}
    for path, params in pages.items():
        for lang, other in (("zh", "en"), ("en", "zh")):
            html = client.get(
                path, params=params, headers={**HTML, "Cookie": f"kg_lang={lang}"}
            ).text
            shown = [
                unescape(t).strip()
                for t in re.findall(
                    r'<p class="rationale"[^>]*><span>[^<]*</span>(.*?)</p>', html, re.S
                )
            ]
            assert shown and set(shown) <= texts[lang], (path, lang, shown[:3])
            assert f'<p class="rationale" lang="{other}">' not in html
            reasons = [
                unescape(t)
                for t in re.findall(r'<span class="reason-text editorial"[^>]*>(.*?)</span>', html)
            ]
            # a reason joins its links' rationales, each without its final full stop
            said = {k: {w.rstrip("。.") for w in v} for k, v in texts.items()}
            assert reasons and all(any(w in r for w in said[lang]) for r in reasons), (path, lang)
            assert not [r for r in reasons if any(w in r for w in said[other])], (path, lang)
            if path == "/match":
                assert uav[lang] in html and uav[other] not in html
    client.cookies.delete(COOKIE)
    said = client.get("/api/match", params=pages["/match"]).json()
    notes = [x for c in said["candidates"] for r in c["reasons"] for x in r.get("editorial", [])]
    assert notes and all(x["rationale"] in texts["zh"] for x in notes)
    assert all(x["rationale_en"] in texts["en"] for x in notes)
    items = [e for c in said["candidates"] for r in c["reasons"] for e in r["evidence"]]
    editorial = [e for e in items if e["status"] == "Editorial"]
    assert editorial and all(
        e["rationale"] in texts["zh"] and e["rationale_en"] in texts["en"] for e in editorial
    )


def test_english_pages_name_entities_by_their_english_labels(client: TestClient) -> None:
    """哈尔滨联合飞机 is labelled Harbin United Aircraft (curated @en): English pages say
    that in fact rows, editorial links and link texts - the entity, match, chain and search
    pages - and the Chinese pages keep 哈尔滨联合飞机 (each name by kg.messages.label, which
    falls back to the other language's, then the IRI's local name)."""
    en = {**HTML, "Cookie": "kg_lang=en"}
    zh = {**HTML, "Cookie": "kg_lang=zh"}
    harbin = "https://w3id.org/kg-industry/id/place/harbin"
    match = {"industry": "https://w3id.org/kg-industry/id/industry/aerospace", "region": harbin}
    chain = {"chain": "https://w3id.org/kg-industry/id/chain/aerospace", "region": harbin}

    def facts(html: str) -> list[str]:
        return [unescape(f) for f in re.findall(r'<span class="fact-text">(.*?)</span>', html)]

    def links(html: str) -> set[str]:  # the link texts of 哈尔滨联合飞机's page
        return {
            unescape(t)
            for t in re.findall(r'<a href="/id/org/harbin-united-aircraft">([^<]+)</a>', html)
        }

    page = client.get("/match", params=match, headers=en).text
    assert (
        "Harbin United Aircraft → builds → Harbin United Aircraft large UAV industrial base project"
        in facts(page)
    )
    assert "unmanned aerial vehicles → broader → aerospace" in facts(page)
    assert not [f for f in facts(page) if re.search(r"[\u4e00-\u9fff]", f)]
    assert links(page) == {"Harbin United Aircraft"}
    page = client.get("/match", params=match, headers=zh).text
    assert "哈尔滨联合飞机 → 建设 → 哈尔滨联合飞机大型无人机产业基地项目" in facts(page)
    page = client.get("/chain", params=chain, headers=en).text
    reasons = text_of(page)
    assert (
        "rests on editorial links (no source sentence): unmanned aerial vehicles → aircraft and unmanned aircraft:"
        in reasons
    )
    assert "Harbin United Aircraft large UAV industrial base → Harbin:" in reasons
    assert "哈尔滨联合飞机大型无人机产业基地 → 哈尔滨" not in reasons
    assert links(page) == {"Harbin United Aircraft"}
    assert "无人机 → 航空器与无人机整机：" in text_of(
        client.get("/chain", params=chain, headers=zh).text
    )
    for path, params in (
        ("/id/project/harbin-united-aircraft-uav-base", {}),
        ("/search", {"q": "联合飞机"}),
    ):
        assert links(client.get(path, params=params, headers=en).text) == {
            "Harbin United Aircraft"
        }, path
        assert links(client.get(path, params=params, headers=zh).text) == {"哈尔滨联合飞机"}, path
    r = client.get("/api/match", params=match).json()
    said = [e for c in r["candidates"] for why in c["reasons"] for e in why["evidence"]]
    assert ["Harbin United Aircraft", "operatesIn", "unmanned aerial vehicles"] in [
        e["fact_en"] for e in said
    ]


def test_the_match_page_of_a_chain_exports_the_chain_in_the_region(client: TestClient) -> None:
    """A chain chosen on the match page: its export menu asks for the chain's selection
    (in the region: the players and candidates of chain matching), not for an industry's -
    which of a chain's IRI held the chain and its references alone."""
    chain = "https://w3id.org/kg-industry/id/chain/aerospace"
    harbin = "https://w3id.org/kg-industry/id/place/harbin"
    html = client.get("/match", params={"industry": chain, "region": harbin}).text
    assert 'id="export-industry"' not in html
    menu = html.split('id="export-chain"')[1].split("</details>")[0]
    assert f'name="chain" value="{chain}"' in menu and f'name="region" value="{harbin}"' in menu
    r = client.get("/api/export", params={"chain": chain, "region": harbin, "format": "csv"})
    assert r.status_code == 200 and "哈尔滨联合飞机".encode() in _unzipped(r.content, "nodes.csv")
    alone = client.get("/match", params={"industry": chain}).text
    menu = alone.split('id="export-chain"')[1].split("</details>")[0]
    assert f'name="chain" value="{chain}"' in menu and 'name="region"' not in menu
    industry = "https://w3id.org/kg-industry/id/industry/aerospace"
    assert 'id="export-industry"' in client.get("/match", params={"industry": industry}).text


def _unzipped(body: bytes, name: str) -> bytes:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(body)) as z:
        return z.read(name)


def test_the_match_page_explains_a_bad_request(client: TestClient) -> None:
    """The form again with what is wrong, under the error's own status: an unknown name
    404 as on every other page and API (newuser43 met 400 here), a bad value 400."""
    r = client.get("/match", params={"industry": "no such industry"})
    assert r.status_code == 404 and 'role="alert"' in r.text
    assert "no such industry" in text_of(r.text)
    r = client.get("/match", params={"industry": "航空航天", "unreviewed": "sometimes"})
    assert r.status_code == 400 and 'role="alert"' in r.text


def _industry_chosen(html: str) -> list[tuple[str, str]]:
    """The options of the match page's industry select that are marked chosen."""
    select = html.split('name="industry"')[1].split("</select>")[0]
    return re.findall(r'<option value="([^"]*)" selected>([^<]*)</option>', select)


def test_the_match_page_chooses_no_industry_it_does_not_know(client: TestClient) -> None:
    """newuser46: asked for 人工智慧 (no industry is called so), the page said so but its
    industry select fell back to its first option (中药), and the next 匹配 matched 中药. An
    unknown industry leaves the select on an empty first option, as a form's is before a
    choice; one known by name stays chosen when the region is what was wrong; and a name
    mistyped by a character of the same sound is suggested the industry its pinyin finds."""
    r = client.get("/match", params={"industry": "人工智慧", "lang": "zh"})
    assert r.status_code == 404 and "没有名为「人工智慧」的产业" in text_of(r.text)
    assert _industry_chosen(r.text) == [("", "")]
    fresh = client.get("/match", params={"lang": "zh"}).text
    assert _industry_chosen(fresh) == [("", "")]
    aerospace = "https://w3id.org/kg-industry/id/industry/aerospace"
    r = client.get("/match", params={"industry": "航空航天", "place": "哈尔宾", "lang": "zh"})
    assert r.status_code == 404 and _industry_chosen(r.text) == [(aerospace, "航空航天")]
    assert "您要找的是否是：哈尔滨" in text_of(r.text)
    r = client.get("/match", params={"industry": "航空航添", "lang": "en"})
    assert r.status_code == 404 and _industry_chosen(r.text) == [("", "")]
    assert "no industry called '航空航添'; did you mean: 航空航天," in text_of(r.text)
    ok = client.get("/match", params={"industry": "航空航天", "lang": "zh"}).text
    assert _industry_chosen(ok) == [(aerospace, "航空航天")]  # by name, not only by IRI


@pytest.mark.parametrize(
    ("params", "zh", "en"),
    [
        (
            {"industry": "航空航天", "place": "南京鼓楼区"},
            "没有符合条件的候选伙伴。「鼓楼区 · 南京市」尚无任何实体",
            "No candidate fits. 鼓楼区 · 南京市, Jiangsu Province holds no entity at all",
        ),
        (
            {"industry": "航空航天", "region": "黑龙江", "kind": "park"},
            "所选的伙伴类别（园区/基地）排除了全部候选（企业 1 个）",
            "The partner kinds chosen (park or base) left out every candidate (enterprise: 1)",
        ),
    ],
)
def test_the_match_page_says_why_no_candidate_fits(
    client: TestClient, store: EmbeddedStore, minter: Minter, params: dict[str, str], zh: str, en: str
) -> None:
    """newuser48: "No candidate fits." said no reason. The page says why, in its language
    (a district of a shared name with where it lies), as the CLI's table does."""
    for lang, said in (("zh", zh), ("en", en)):
        page = client.get("/match", params={**params, "lang": lang})
        assert page.status_code == 200
        assert said in text_of(page.text.split('id="none-reason"')[1].split("</p>")[0])
    client.cookies.delete(COOKIE)  # the language sticks to the shared client: not for others
    where = params.get("place") or params["region"]
    found = match_partners(store, minter, MatchQuery(params["industry"], where, ("park",)))
    assert found.empty is not None and found.empty.text("en") in to_table(found, "en")


def test_the_match_page_names_its_region_as_the_match_answered(
    client: TestClient, store: EmbeddedStore, minter: Minter, monkeypatch: pytest.MonkeyPatch
) -> None:
    """newuser48: the match read where its region lies (``within``) and the page read it
    again for its region select, which joined 鼓楼区 and 南京市 by code of its own: the
    option is named by :meth:`kg.entities.Within.named`, from the match's answer."""
    from kg import entities
    from kg.web import match as match_page

    read: list[str] = []

    def counted(*args: object, **kwargs: object) -> entities.Within:
        read.append(str(args[1]))
        return entities.within(*args, **kwargs)  # type: ignore[arg-type]

    for module in ("kg.match.engine", "kg.web.choices"):
        monkeypatch.setattr(f"{module}.within", counted)
    form = match_page.MatchForm("数字经济", "南京鼓楼区")
    page = match_page.match(store, minter, form)
    assert len(read) == 1
    chosen = [r for r in page.regions if r.iri == page.result["region"]["iri"]]  # type: ignore[index]
    assert [(r.zh, r.en) for r in chosen] == [("鼓楼区 · 南京市", "鼓楼区 · 南京市, Jiangsu Province")]


@pytest.mark.parametrize("place", ["福州鼓楼", "fuzhou gulou"])
def test_a_match_takes_a_place_as_search_reads_it(client: TestClient, place: str) -> None:
    """newuser46: search found the 鼓楼区 of 福州市 for 福州鼓楼, the match answered "no
    region called '福州鼓楼'; did you mean: 鼓楼区". The API and the page match there."""
    fuzhou_gulou = "https://w3id.org/kg-industry/id/place/cn-350102"
    r = client.get("/api/match", params={"industry": "数字经济", "place": place})
    assert r.status_code == 200 and r.json()["region"]["iri"] == fuzhou_gulou
    page = client.get("/match", params={"industry": "数字经济", "place": place, "lang": "zh"})
    assert page.status_code == 200 and "数字经济 · 鼓楼区 · 福州市" in text_of(page.text)


def test_neighbourhood_api_draws_links_with_labels(client: TestClient) -> None:
    r = client.get(
        "/api/neighbourhood",
        params={"iri": "https://w3id.org/kg-industry/id/org/harbin-united-aircraft"},
    ).json()
    names = {n["label"] for n in r["nodes"]}
    assert {"哈尔滨联合飞机", "无人机", "哈尔滨联合飞机大型无人机产业基地项目"} <= names
    assert {"label": "建设", "label_en": "builds"}.items() <= next(
        e for e in r["edges"] if e["predicate"].endswith("#builds")
    ).items()


# --- chains --------------------------------------------------------------------------------------


def test_the_chains_page_lists_the_chain_maps(client: TestClient, store: EmbeddedStore) -> None:
    chains = {str(c["label"]) for c in list_chains(store)}
    assert {"航空航天产业链", "新材料产业链"} <= chains
    html = client.get("/chains").text
    assert "航空航天产业链" in html


def test_a_chain_profile_nests_regions_and_marks_gaps(
    synthetic_store: EmbeddedStore, minter: Minter
) -> None:
    chain = list_chains(synthetic_store)[0]
    assert chain["segments"] == 3
    everywhere = chain_profile(synthetic_store, minter, str(chain["iri"]))
    assert [s.position.rsplit("#", 1)[1] for s in everywhere.segments] == [  # type: ignore[union-attr]
        "Upstream",
        "Midstream",
        "Downstream",
    ]
    assert all(s.elsewhere == 0 for s in everywhere.segments)
    province = chain_profile(synthetic_store, minter, str(chain["iri"]), "合成省0")
    city = chain_profile(synthetic_store, minter, str(chain["iri"]), "合成市0-0")
    for whole, p, c in zip(everywhere.segments, province.segments, city.segments, strict=True):
        assert whole.local_count == p.local_count + p.elsewhere
        assert c.local_count <= p.local_count  # a province's profile includes its cities
        for seg in (p, c):
            assert (seg.status == "gap") == (seg.local_count == 0)
    assert {p.iri for p in city.parks} <= {p.iri for p in province.parks}
    assert any(s.status != "present" for s in city.segments)


def test_the_chain_page_draws_segments_upstream_to_downstream(
    synthetic_store: EmbeddedStore, tmp_path: Path
) -> None:
    settings = Settings(store_path=tmp_path, data_dir=ROOT / "data", ontology_dir=ROOT / "ontology")
    with TestClient(create_app(settings, synthetic_store)) as c:
        chain = list_chains(synthetic_store)[0]
        html = c.get("/chain", params={"chain": chain["iri"], "region": "合成市0-0"}).text
        positions = re.findall(r'<span class="position">([^<]+)</span>', html)
        assert positions == ["上游", "中游", "下游"]
        statuses = re.findall(r'data-status="([a-z]+)"', html)
        profile = chain_profile(
            synthetic_store, Minter(settings.base_iri), str(chain["iri"]), "合成市0-0"
        )
        assert statuses == [s.status for s in profile.segments]
        assert c.get("/chains").text.count('href="/chain?chain=') == 20
        counts = re.findall(r'<p class="seg-status">.*?</span>\s*(.*?)</p>', html, re.DOTALL)
        assert counts and all(t.startswith("本地 ") for t in counts)
        # without a region nothing is local or elsewhere: the players known, by segment
        anywhere = c.get("/chain", params={"chain": chain["iri"], "lang": "zh"}).text
        counts = re.findall(r'<p class="seg-status">.*?</span>\s*(.*?)</p>', anywhere, re.DOTALL)
        assert counts and all(t.startswith("已知组织 ") for t in counts)
        c.cookies.delete(COOKIE)


def test_the_chain_page_lists_the_partners_to_approach_group_by_group(
    synthetic_store: EmbeddedStore, tmp_path: Path
) -> None:
    settings = Settings(store_path=tmp_path, data_dir=ROOT / "data", ontology_dir=ROOT / "ontology")
    with TestClient(create_app(settings, synthetic_store)) as c:
        chain = list_chains(synthetic_store)[0]
        params = {"chain": str(chain["iri"]), "region": "合成市0-0"}
        html = c.get("/chain", params=params).text
        api = c.get("/api/chain-match", params={**params, "top": 5}).json()
        groups = re.findall(r'data-group="([a-z]+)"', html)
        assert groups == ["strengthen", "fill", "extend", "research", "benchmarks"]
        for group in groups:  # the same candidates, in the same order, as the API
            section = html.split(f'id="group-{group}"', 1)[1].split("</section>", 1)[0]
            shown = re.findall(
                r'<td class="rank">\d+</td>\s*<td>(?:<a [^>]*>|<span title="[^"]*">)([^<]+)',
                section,
            )
            names = [cand["label"] for cand in api["groups"][group]]
            assert [unescape(n) for n in shown] == names
            assert names or "没有符合条件的候选伙伴" in section
        assert "补链" in html and "强链" in html
        csv_link = unescape(re.search(r'id="download-csv" href="([^"]+)"', html)[1])
        table = c.get(csv_link)
        assert table.status_code == 200 and table.text.count("\n") > 5
        # without a region there is nothing to match against
        assert 'id="chain-partners"' not in c.get("/chain", params={"chain": params["chain"]}).text


def test_every_page_that_counts_says_one_in_the_singular(client: TestClient) -> None:
    """The chain page said "local players 1 candidates" (``_('match.total')`` where the match
    page uses ngettext): every count whose message has a singular (``key.one``) is said
    through ngettext on every page, and the chain page's one local player is "1 candidate"."""
    templates = ROOT / "src" / "kg" / "web" / "templates"
    singular = [k.removesuffix(".one") for k in MESSAGES if k.endswith(".one")]
    for path in templates.glob("*.html"):
        for key in singular:
            assert f"_('{key}'" not in path.read_text("utf-8"), (path.name, key)
    html = client.get("/chain", params={"chain": "航空航天产业链", "place": "哈尔滨", "lang": "en"})
    said = text_of(html.text)
    assert "1 candidate" in said and "1 candidates" not in said
    client.cookies.delete(COOKIE)  # the language sticks to the shared client: not for others


# --- evidence names its source document by title ------------------------------------------------

SEED_TITLE_ZH = "2024中国产业转移发展对接活动（黑龙江）即将在哈尔滨举行（“产业转移促振兴”专栏）"
SEED_TITLE_EN = "The 2024 China Industrial Transfer Development docking event (Heilongjiang)"


def test_a_figure_and_a_graph_are_named_by_their_words_not_their_slugs(client: TestClient) -> None:
    """The docking event's source page named its figure by its IRI's slug
    (docking-2024-signed-investment), and an entity page the sources stating a value without
    a sentence by their graphs' ids (hljrb-2024-08-23-industrial-transfer): a figure without
    a label is named by what it measures and whose it is, a graph by its source's title in
    the page's language, linked to the source's page."""
    page = "/id/source/cctv-2024-09-01-harbin-docking-event"
    zh = text_of(client.get(page, params={"lang": "zh"}, headers=HTML).text)
    en = text_of(client.get(page, params={"lang": "en"}, headers=HTML).text)
    assert "2024中国产业转移发展对接活动(黑龙江)的签约资金" in zh
    assert "investment signed of 2024 China Industrial Transfer Development Docking" in en
    assert "docking-2024-signed" not in zh + en
    for lang, title in (("zh", SEED_TITLE_ZH), ("en", SEED_TITLE_EN)):
        html = client.get("/id/org/miit", params={"lang": lang}, headers=HTML).text
        stated = html.split('<p class="stated-by">', 1)[1].split("</p>", 1)[0]
        assert 'href="/id/source/hljrb-2024-08-23-industrial-transfer"' in stated
        assert title in unescape(stated) and "industrial-transfer</a>" not in stated
    client.cookies.delete(COOKIE)  # the language sticks to the shared client: not for others


def test_large_figures_are_said_in_wan_and_yi_or_billions_with_the_exact_value_kept(
    client: TestClient,
) -> None:
    """The docking event's source page showed its signed investment as 250000000000 (yuan):
    a Chinese page says 2500亿元, an English one 250 billion yuan, each keeping the exact
    value (and the data's unit code) in the element's value and title; the count of
    projects keeps its 个. The figure's own page says its value alike."""
    exact = '<data class="quantity" value="250000000000" title="250000000000 CNY">'
    for page in (
        "/id/source/cctv-2024-09-01-harbin-docking-event",
        "/id/figure/docking-2024-signed-investment",
    ):
        for lang, said in (("zh", "2500亿元"), ("en", "250 billion yuan")):
            html = client.get(page, params={"lang": lang}, headers=HTML).text
            assert f"{exact}{said}</data>" in html, (page, lang)
            assert "250000000000" not in text_of(html), (page, lang)  # shown only in words
    counted = "/id/figure/docking-2024-signed-projects"
    for lang, said in (("zh", "172个"), ("en", "172 items")):
        html = client.get(counted, params={"lang": lang}, headers=HTML).text
        assert f'<data class="quantity" value="172" title="172 个">{said}</data>' in html
    client.cookies.delete(COOKIE)  # the language sticks to the shared client: not for others


def _source_links(html: str) -> list[str]:
    return [unescape(m) for m in re.findall(r'<a class="source-link"[^>]*>(.*?)</a>', html, re.S)]


@pytest.mark.parametrize(
    "path, params",
    [
        ("/id/org/harbin-united-aircraft", {}),
        (
            "/match",
            {
                "industry": "https://w3id.org/kg-industry/id/industry/aerospace",
                "region": "https://w3id.org/kg-industry/id/place/heilongjiang",
            },
        ),
        (
            "/chain",
            {
                "chain": "https://w3id.org/kg-industry/id/chain/aerospace",
                "region": "https://w3id.org/kg-industry/id/place/heilongjiang",
            },
        ),
    ],
)
def test_evidence_links_name_the_source_document_by_its_title(
    client: TestClient, path: str, params: dict[str, str]
) -> None:
    """The match, chain and entity pages name an evidence sentence's document by its
    dct:title in the page's language, not by its IRI's slug (kept in the link's tooltip)."""
    zh = client.get(path, params=params, headers=HTML).text
    links = [text_of(link) for link in _source_links(zh)]
    assert links and any(SEED_TITLE_ZH in link for link in links), links[:3]
    assert not any(link.endswith(SEED) for link in links)
    assert f'title="https://w3id.org/kg-industry/id/source/{SEED}"' in zh
    en = client.get(path, params=params, headers={**HTML, "Cookie": "kg_lang=en"}).text
    links = [text_of(link) for link in _source_links(en)]
    assert any(SEED_TITLE_EN in link for link in links), links[:3]


def test_the_json_evidence_gives_its_source_documents_titles(client: TestClient) -> None:
    """Where the API's evidence names its source it gives the document's titles too
    (``source_title_zh``, ``source_title_en``), keeping ``source``."""
    body = client.get("/id/org/harbin-united-aircraft").json()
    evidence = [e for section in body["statements"] for e in section.get("evidence", [])]
    seeded = [e for e in evidence if e.get("source", "").endswith("/" + SEED)]
    assert seeded and all(e["source_title_zh"] == SEED_TITLE_ZH for e in seeded)
    assert all(e["source_title_en"].startswith(SEED_TITLE_EN) for e in seeded)
    match = client.get(
        "/api/match",
        params={
            "industry": "https://w3id.org/kg-industry/id/industry/aerospace",
            "region": "https://w3id.org/kg-industry/id/place/heilongjiang",
        },
    ).json()
    cited = [
        e
        for c in match["candidates"]
        for r in c["reasons"]
        for e in r.get("evidence", [])
        if e.get("sentence") and e.get("source", "").endswith("/" + SEED)
    ]
    assert cited and all(e["source_title_zh"] == SEED_TITLE_ZH for e in cited)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_long_text_is_cut_with_an_ellipsis_and_a_short_one_is_not(
    store: EmbeddedStore, lang: str
) -> None:
    """kg:text shown inline: the sentences of the seed article, one short, one long."""
    texts = [
        r["t"].value
        for r in solutions(
            store.query(
                "SELECT ?t WHERE { ?s <https://w3id.org/kg-industry/def#text> ?t } ORDER BY ?t"
            )
        )
    ]
    short = next(t for t in texts if len(t) < 40)
    long = next(t for t in texts if len(t) > 100)
    template = environment().from_string(
        '{% import "macros.html" as m with context %}{{ m.statement(st, false) }}'
    )
    for text, cut in ((short, False), (long, True)):
        st = {
            "predicate": "https://w3id.org/kg-industry/def#text",
            "predicate_label": None,
            "is_iri": False,
            "elided": True,
            "value": text,
            "evidence": [],
        }
        shown = text_of(template.render(lang=lang, st=st))
        assert (text[:80] + "…" in shown) is cut
        assert (text in shown) is not cut


def test_the_browser_finds_kgs_icon(client: TestClient) -> None:
    """Chromium asks /favicon.ico of a response that names no icon (a raw Turtle view)."""
    r = client.get("/favicon.ico")
    assert r.status_code == 200 and r.headers["content-type"] == "image/x-icon"
    reserved, kind, count = struct.unpack("<HHH", r.content[:6])
    width, height, _, _, _, _, size, offset = struct.unpack("<BBBBHHII", r.content[6:22])
    assert (reserved, kind, count, width, height) == (0, 1, 1, 32, 32)
    assert r.content[offset : offset + 8] == b"\x89PNG\r\n\x1a\n" and offset + size == len(
        r.content
    )
    assert '<link rel="icon" href="/favicon.ico">' in client.get("/", headers=HTML).text
    assert 'href="/favicon.ico"' in client.get("/docs").text


def test_a_browser_gets_a_page_for_a_graph_and_rdf_clients_still_get_rdf(
    client: TestClient,
) -> None:
    """/id/graph/{name}: titled by the article it holds facts from, with its source."""
    path = f"/id/graph/{SEED}"
    r = client.get(path, headers=HTML, params={"lang": "zh"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "Accept" in r.headers["vary"]
    title = re.search(r"<title>(.*?)</title>", r.text, re.S)
    assert title and "2024中国产业转移发展对接活动（黑龙江）即将在哈尔滨举行" in title.group(1)
    assert f'href="/id/source/{SEED}"' in r.text and f'href="{path}.ttl"' in r.text
    assert "2024-08-23" in text_of(r.text)
    assert client.get(f"{path}.html").headers["content-type"].startswith("text/html")
    assert client.head(path, headers=HTML).headers["content-type"].startswith("text/html")
    for headers in ({}, {"Accept": "*/*"}, {"Accept": "text/turtle"}):
        assert client.get(path, headers=headers).headers["content-type"].startswith("text/turtle")
    nt = client.get(path, headers={"Accept": "application/n-triples"})
    assert nt.headers["content-type"].startswith("application/n-triples")
    missing = client.get("/id/graph/no-such-graph", headers=HTML)
    assert missing.status_code == 404 and missing.headers["content-type"].startswith("text/html")


def test_a_browser_gets_a_page_for_an_assertion_with_its_statement_sentence_and_state(
    client: TestClient, store: EmbeddedStore
) -> None:
    rows = solutions(
        store.query(
            "PREFIX kg: <https://w3id.org/kg-industry/def#> "
            "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> "
            "SELECT ?a ?text ?status WHERE { GRAPH ?g { ?a a kg:Assertion ; kg:status ?status ; "
            "kg:evidence ?s ; rdf:predicate kg:invitedTier . ?s kg:text ?text } } "
            "ORDER BY ?a LIMIT 1"
        )
    )
    row = next(iter(rows))
    path = "/id/" + row["a"].value.split("/id/", 1)[1]
    r = client.get(path, headers=HTML, params={"lang": "en"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    title = re.search(r"<title>(.*?)</title>", r.text, re.S)
    assert title and row["a"].value not in title.group(1) and "invited tier" in title.group(1)
    body = text_of(r.text)
    assert row["text"].value in body and "Review state" in body and "reviewed" in body
    assert f'href="/id/graph/{SEED}"' in r.text
    turtle = client.get(path, headers={"Accept": "text/turtle"})
    assert turtle.headers["content-type"].startswith("text/turtle")
    editorial = solutions(
        store.query(
            "PREFIX kg: <https://w3id.org/kg-industry/def#> SELECT ?a ?why WHERE { GRAPH ?g { "
            '?a a kg:Assertion ; kg:rationale ?why FILTER(LANG(?why) = "en") } } ORDER BY ?a LIMIT 1'
        )
    )
    row = next(iter(editorial))
    page = client.get(
        "/id/" + row["a"].value.split("/id/", 1)[1], headers=HTML, params={"lang": "en"}
    )
    assert row["why"].value in text_of(page.text) and "Editorial rationale" in page.text
