"""The web app in a real browser: Debian's Chromium, driven by Playwright, against a real
server on the real data. Screenshots of every page go to ``var/test-artifacts/browser/``;
any JavaScript error in the console, any failed request and any request leaving the
machine fail the test."""

from __future__ import annotations

import csv
import io
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Playwright, expect, sync_playwright
from pydantic import SecretStr

from kg.api import create_app
from kg.config import Settings
from kg.store import EmbeddedStore

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "var" / "test-artifacts" / "browser"
CHROMIUM = os.environ.get("KG_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="module")
def site(settings: Settings, store: EmbeddedStore, serve: Any) -> Iterator[str]:
    with serve(create_app(settings, store)) as url:
        yield url


@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    assert Path(CHROMIUM).exists(), (
        f"no Chromium at {CHROMIUM}: `make test` installs Debian's chromium; or set KG_CHROMIUM"
    )
    b = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
    yield b
    b.close()


class Watch:
    """Console errors, page errors, failed requests and requests to other hosts."""

    def __init__(self, page: Page, site: str) -> None:
        self.problems: list[str] = []
        host = urlparse(site).netloc
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.problems.append(f"page error: {exc}"))
        page.on(
            "requestfailed",
            lambda req: self.problems.append(f"request failed: {req.url} {req.failure}"),
        )

        def guard(route: Any) -> None:
            url = route.request.url
            if urlparse(url).netloc not in (host, "") and not url.startswith("data:"):
                self.problems.append(f"outside request: {url}")
                route.abort()
            else:
                route.continue_()

        page.route("**/*", guard)

    def _console(self, msg: ConsoleMessage) -> None:
        if msg.type == "error":
            self.problems.append(f"console error: {msg.text}")


@pytest.fixture
def page(browser: Browser, site: str) -> Iterator[tuple[Page, Watch]]:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(
        viewport={"width": 1366, "height": 900}, locale="zh-CN", accept_downloads=True
    )
    p = context.new_page()
    watch = Watch(p, site)
    yield p, watch
    context.close()
    assert not watch.problems, "\n".join(watch.problems)


def shot(page: Page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_a_planner_finds_united_aircraft_and_its_evidence(
    page: tuple[Page, Watch], site: str
) -> None:
    p, _ = page
    # Home: what the graph holds, and a search box.
    p.goto(site + "/")
    expect(p.locator("h1")).to_contain_text("知识图谱")
    expect(p.locator(".figures")).to_contain_text("已审核")
    expect(p.locator(".sources li")).to_have_count(5)
    shot(p, "01-home")

    # Search 联合飞机 from the home page.
    p.get_by_label("名称、简称或拼音").fill("联合飞机")
    p.keyboard.press("Enter")
    p.wait_for_url("**/search?q=*")
    first = p.locator(".results li").first
    expect(first).to_contain_text("哈尔滨联合飞机")
    shot(p, "02-search")

    # The entity page: facts in groups, each with its source sentence; a neighbourhood graph.
    first.get_by_role("link", name="哈尔滨联合飞机", exact=True).click()
    p.wait_for_url("**/id/org/harbin-united-aircraft")
    expect(p.locator("h1")).to_contain_text("哈尔滨联合飞机")
    expect(p.locator("#g-projects")).to_be_visible()
    expect(p.locator("blockquote").first).to_contain_text("哈尔滨联合飞机")
    expect(p.locator("#graph")).to_have_attribute("data-nodes", "3", timeout=10_000)
    shot(p, "03-entity")

    # Expanding the graph by clicking a node adds its neighbours (the UAV base project).
    before = int(p.locator("#graph").get_attribute("data-nodes") or 0)
    p.evaluate(
        "() => { const cy = document.getElementById('graph')._cyreg.cy;"
        " cy.getElementById('https://w3id.org/kg-industry/id/project/harbin-united-aircraft-uav-base')"
        ".emit('tap'); }"
    )
    p.wait_for_function(f"() => +document.getElementById('graph').dataset.nodes > {before}")

    # Follow a source link to the source page: the sentence is marked, its facts beside it.
    link = p.locator("a.source-link").first
    href = link.get_attribute("href") or ""
    link.click()
    p.wait_for_url("**/id/source/**")
    anchor = href.split("#", 1)[1]
    mark = p.locator(f"mark#{anchor}")
    expect(mark).to_be_visible()
    expect(mark).to_have_class("active")
    expect(p.locator(f"#facts-{anchor}")).to_contain_text("哈尔滨联合飞机")
    shot(p, "04-source")


def test_a_planner_matches_partners_for_aerospace_in_heilongjiang(
    page: tuple[Page, Watch], site: str
) -> None:
    p, _ = page
    p.goto(site + "/match")
    p.get_by_label("产业或产业链").select_option(label="航空航天")
    p.get_by_label("目标地区").select_option(label="黑龙江省")
    p.get_by_role("button", name="匹配").click()
    p.wait_for_url("**/match?industry=*")
    rows = p.locator("tr.candidate")
    expect(rows.first).to_contain_text("哈尔滨联合飞机")
    expect(rows.first.locator("meter")).to_be_visible()
    # The reasons and the sentences behind them.
    rows.first.locator("details summary").first.click()
    expect(rows.first.locator("blockquote").first).to_contain_text(
        "哈尔滨联合飞机大型无人机产业基地"
    )
    shot(p, "05-match")

    # Download the CSV: the same ranking, UTF-8.
    with p.expect_download() as info:
        p.locator("#download-csv").click()
    table = list(csv.DictReader(io.StringIO(Path(info.value.path()).read_text("utf-8"))))
    assert table and "哈尔滨联合飞机" in table[0].values()
    with p.expect_download() as info:
        p.locator("#download-excel").click()
    assert Path(info.value.path()).read_bytes().startswith(b"\xef\xbb\xbf")  # BOM for Excel


def test_a_city_is_typed_with_suggestions_and_a_province_chosen_without_javascript(
    browser: Browser, page: tuple[Page, Watch], site: str
) -> None:
    """The region field: provinces in the select; a city typed beside it, suggested from
    its pinyin as one types and sent as its IRI; without JavaScript a province still works,
    and so does a city's name."""
    p, _ = page
    p.goto(site + "/match")
    select = p.get_by_label("目标地区")
    assert "哈尔滨" not in select.inner_text()  # cities are not listed, provinces are
    expect(select.locator("option", has_text="黑龙江省")).to_have_count(1)
    p.get_by_label("产业或产业链").select_option(label="航空航天")
    place = p.get_by_label("或城市、区县")
    place.press_sequentially("haerbin")
    expect(p.locator("#region-places option[value='哈尔滨']")).to_have_count(1)
    place.fill("哈尔滨")
    p.get_by_role("button", name="匹配").click()
    p.wait_for_url("**place=https*")
    expect(p.locator("#ranked")).to_contain_text("· 哈尔滨")
    expect(p.locator("tr.candidate").first).to_contain_text("哈尔滨联合飞机")
    # the city asked for, with what it lies in
    expect(select.locator("option:checked")).to_have_text("哈尔滨 · 黑龙江省")
    shot(p, "05b-match-city")

    context = browser.new_context(java_script_enabled=False, locale="zh-CN")
    plain = context.new_page()
    plain.goto(site + "/match")
    plain.get_by_label("产业或产业链").select_option(label="航空航天")
    plain.get_by_label("目标地区").select_option(label="黑龙江省")
    plain.get_by_role("button", name="匹配").click()
    plain.wait_for_url("**region=*")
    expect(plain.locator("#ranked")).to_contain_text("黑龙江省")
    expect(plain.locator("tr.candidate").first).to_contain_text("哈尔滨联合飞机")
    plain.get_by_label("或城市、区县").fill("哈尔滨")  # a name: the server resolves it
    plain.get_by_role("button", name="匹配").click()
    plain.wait_for_url("**place=*")
    expect(plain.locator("#ranked")).to_contain_text("· 哈尔滨")
    context.close()


def test_pinyin_search_chains_and_the_language_switch(page: tuple[Page, Watch], site: str) -> None:
    p, _ = page
    p.goto(site + "/search?q=lianhe+feiji")
    expect(p.locator(".results li").first).to_contain_text("哈尔滨联合飞机")
    p.locator("#lang-switch").click()
    expect(p.locator("html")).to_have_attribute("lang", "en")
    expect(p.locator(".results li").first).to_contain_text("Harbin United Aircraft")
    # the switch is a link: let its page finish loading (its deferred scripts) before leaving
    # it, or the next goto aborts them and the watch reports a failed request
    p.wait_for_load_state("load")
    p.goto(site + "/chains")  # the language is remembered
    expect(p.locator("h1")).to_have_text("Industry chains")
    expect(p.locator("ul.chains")).to_contain_text("aerospace industry chain")
    shot(p, "06-chains")
    p.goto(site + "/query")
    expect(p.locator(".yasgui")).to_be_visible()
    shot(p, "07-sparql")


def test_pages_work_from_the_keyboard(page: tuple[Page, Watch], site: str) -> None:
    p, _ = page
    p.goto(site + "/")
    p.keyboard.press("Tab")
    expect(p.locator("a.skip")).to_be_focused()
    p.keyboard.press("Enter")
    p.keyboard.press("Tab")
    p.keyboard.type("哈工程")
    p.keyboard.press("Enter")
    p.wait_for_url("**/search?q=*")
    expect(p.locator(".results li").first).to_contain_text("哈尔滨工程大学")


def test_a_tablet_sees_one_column(browser: Browser, site: str) -> None:
    context = browser.new_context(viewport={"width": 800, "height": 1100})
    p = context.new_page()
    p.goto(site + "/id/source/hljrb-2024-08-23-industrial-transfer")
    text, facts = p.locator(".source .text"), p.locator(".passages")
    assert text.bounding_box()["y"] < facts.bounding_box()["y"]  # type: ignore[index]
    shot(p, "08-source-tablet")
    context.close()


def test_a_chain_map_with_its_gaps(
    browser: Browser, synthetic_store: EmbeddedStore, serve: Any, tmp_path: Path
) -> None:
    """Generated chains (the real sources name no segments yet), in their own store."""
    settings = Settings(store_path=tmp_path, data_dir=ROOT / "data", ontology_dir=ROOT / "ontology")
    with serve(create_app(settings, synthetic_store)) as site:
        context = browser.new_context(viewport={"width": 1366, "height": 900})
        p = context.new_page()
        watch = Watch(p, site)
        p.goto(site + "/chains")
        p.get_by_role("link", name="合成产业链0", exact=True).click()
        p.get_by_label("或城市、区县").fill("合成市0-0")  # a city: typed, not in the select
        p.get_by_role("button", name="查看").click()
        p.wait_for_url("**region=*")
        segments = p.locator(".chain-map .segment")
        expect(segments).to_have_count(3)
        expect(segments.locator(".position")).to_have_text(["上游", "中游", "下游"])
        assert p.locator(".segment.status-gap, .segment.status-weak").count() >= 1
        shot(p, "09-chain")
        # the partners to approach: four groups, the gaps filled from outside the region
        groups = p.locator("#chain-partners .partner-group")
        expect(groups.locator("h3")).to_contain_text(["强链", "补链", "延链", "技术支撑"])
        fill = p.locator("#group-fill .candidate")
        expect(fill.first.locator(".where")).to_have_text("区外")
        expect(fill.first.locator(".reason").first).to_contain_text("从事")
        p.locator("#chain-partners").scroll_into_view_if_needed()
        shot(p, "10-chain-partners")
        with p.expect_download() as download:
            p.locator("#chain-partners #download-csv").click()
        rows = Path(download.value.path()).read_text(encoding="utf-8").splitlines()
        assert rows[0].startswith("group,") or "group" in rows[0] and len(rows) > 5
        context.close()
        assert not watch.problems, "\n".join(watch.problems)


def test_a_reviewer_accepts_and_rejects_extracted_facts(
    browser: Browser, settings: Settings, serve: Any, tmp_path: Path
) -> None:
    """Shipbuilding news (xwlb-20230422-05) ingested; the reviewer works in the web page."""
    import json

    from kg.ingest import Pipeline
    from kg.iris import Minter
    from kg.loading import load_curated
    from kg.store import open_store

    corpus = Path(__file__).resolve().parent.parent / "data" / "corpus"
    line = next(
        x
        for x in (corpus / "xwlb-2022-09_2023-06.jsonl").read_text("utf-8").splitlines()
        if json.loads(x)["id"] == "xwlb-20230422-05"
    )
    (tmp_path / "ships.jsonl").write_text(line + "\n", encoding="utf-8")
    store = open_store(None)
    load_curated(store, settings, check_shapes=False)
    Pipeline(store, Minter(settings.base_iri), settings.data_dir).run([tmp_path / "ships.jsonl"])
    token = "browser-review-token"
    s = settings.model_copy(update={"write_token": SecretStr(token), "warm_chains": False})
    with serve(create_app(s, store)) as site:
        context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
        p = context.new_page()
        watch = Watch(p, site)
        p.goto(f"{site}/review?type=cooperatesWith&lang=zh")
        row = p.locator("#review-table tbody tr").first
        row.locator("button.accept").click()
        expect(p.locator("#review-message")).to_have_text("请先填写审核人和写入令牌。")
        p.fill("#reviewer", "张审核")
        p.fill("#token", token)
        row.locator("button.accept").click()
        expect(row.locator(".status")).to_have_text("已接受")
        expect(row.locator("button")).to_have_count(0)
        p.goto(f"{site}/review?type=mentions&lang=zh")
        first = p.locator("#review-table tbody tr").first
        expect(p.locator("#reviewer")).to_have_value("张审核")  # the name is remembered
        expect(p.locator("#token")).to_have_value("")  # the token lives in the page only
        assert token not in p.evaluate("JSON.stringify(sessionStorage) + JSON.stringify(localStorage)")
        p.fill("#token", token)
        first.locator("button.reject").click()
        expect(first.locator(".status")).to_have_text("已驳回")
        shot(p, "11-review")
        p.goto(f"{site}/review?status=curated&lang=zh")
        expect(p.locator("#review-table")).to_contain_text("张审核")
        context.close()
        assert not watch.problems, "\n".join(watch.problems)


def test_a_writer_checks_then_imports_a_registry_export(
    browser: Browser,
    settings: Settings,
    serve: Any,
    tmp_path: Path,
    registry_export: Any,
    ontology_store: EmbeddedStore,
) -> None:
    """A generated registry export (bench/registry_export.py, its own namespace and store):
    the dry-run report with the bad row first, then the load, then the record as evidence."""
    export = registry_export
    body = [list(r) for r in export.rows(6)]
    body[3][1] = body[3][1][:17] + ("0" if body[3][1][17] != "0" else "1")  # a bad check digit
    upload = tmp_path / "企业名单.csv"
    with upload.open("w", encoding="gb18030", newline="") as f:
        csv.writer(f).writerows([export.HEADER, *body])
    store = ontology_store
    token = "browser-import-token"
    s = settings.model_copy(
        update={
            "write_token": SecretStr(token),
            "warm_chains": False,
            "base_iri": "https://w3id.org/kg-industry/synthetic/",
        }
    )
    with serve(create_app(s, store)) as site:
        context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
        p = context.new_page()
        watch = Watch(p, site)
        p.goto(f"{site}/import?lang=zh")
        p.set_input_files("#file", str(upload))
        p.select_option("#mapping", "registry")
        p.click("#check")
        expect(p.locator("#import-message")).to_have_text("请选择文件并输入写入令牌。")
        p.fill("#token", token)
        p.click("#check")
        expect(p.locator("#report-summary")).to_contain_text("错误行 1")
        expect(p.locator("#report-bad li")).to_have_count(1)
        expect(p.locator("#report-bad li").first).to_contain_text(
            "row 5: column 统一社会信用代码 (B)"
        )
        expect(p.locator("#load")).to_be_enabled()
        assert not store.query("ASK { ?r a <https://w3id.org/kg-industry/def#Record> }")
        shot(p, "12-import-check")
        p.click("#load")
        expect(p.locator("#import-message")).to_have_text("导入完成。")
        expect(p.locator("#report-summary")).to_contain_text("已导入")
        shot(p, "13-import-loaded")
        p.reload()
        expect(p.locator("#token")).to_have_value("")  # the token was kept in memory only
        p.get_by_role("link", name="企业名单.csv").click()
        expect(p.locator("h1")).to_contain_text("企业名单.csv")
        p.get_by_role("link", name=body[0][0]).first.click()
        evidence = p.locator(".evidence-imported").first
        expect(evidence).to_contain_text("第 2 行")
        expect(p.locator(".evidence-imported", has_text="统一社会信用代码")).to_have_count(1)
        shot(p, "14-imported-entity")
        context.close()
        assert not watch.problems, "\n".join(watch.problems)


def test_an_analyst_exports_from_entity_region_chain_and_match_pages(
    page: tuple[Page, Watch], site: str, tmp_path: Path
) -> None:
    """The export menus download what their tools open: a workbook from an entity page,
    GraphML from a region's page, the nodes/edges CSV of a chain in a region, Parquet of the
    industry on the match page."""
    import zipfile

    import networkx as nx
    import openpyxl

    p, watch = page
    p.goto(site + "/id/org/harbin-united-aircraft")
    menu = p.locator("#export-entity")
    menu.locator("summary").click()
    menu.get_by_label("格式").select_option("xlsx")
    menu.get_by_label("邻域步数").select_option("2")
    shot(p, "12-export-menu")
    with p.expect_download() as info:
        menu.get_by_role("button", name="下载").click()
    assert info.value.suggested_filename.endswith(".xlsx")
    book = openpyxl.load_workbook(io.BytesIO(Path(info.value.path()).read_bytes()), read_only=True)
    names = [r[2] for r in book["nodes"].iter_rows(min_row=2, values_only=True)]
    assert "哈尔滨联合飞机" in names
    assert len(list(book["evidence"].iter_rows(values_only=True))) > 1  # the sentences

    p.goto(site + "/id/place/heilongjiang")
    menu = p.locator("#export-region")
    menu.locator("summary").click()
    menu.get_by_label("格式").select_option("graphml")
    with p.expect_download() as info:
        menu.get_by_role("button", name="下载").click()
    graph = nx.read_graphml(info.value.path())
    assert "https://w3id.org/kg-industry/id/place/harbin" in graph

    p.goto(site + "/chain?chain=https://w3id.org/kg-industry/id/chain/aerospace&region=https://w3id.org/kg-industry/id/place/harbin")
    menu = p.locator("#export-chain")
    menu.locator("summary").click()
    menu.get_by_label("格式").select_option("csv")
    with p.expect_download() as info:
        menu.get_by_role("button", name="下载").click()
    with zipfile.ZipFile(info.value.path()) as z:
        assert {"nodes.csv", "edges.csv", "evidence.csv"} == set(z.namelist())
        assert "航空航天产业链" in z.read("nodes.csv").decode("utf-8")

    p.goto(site + "/match?industry=航空航天&region=黑龙江")
    menu = p.locator("#export-industry")
    menu.locator("summary").click()
    menu.get_by_label("格式").select_option("parquet")
    menu.get_by_label("证据").select_option("false")
    with p.expect_download() as info:
        menu.get_by_role("button", name="下载").click()
    with zipfile.ZipFile(info.value.path()) as z:
        z.extractall(tmp_path)
    import pyarrow.parquet as pq

    assert pq.read_table(tmp_path / "nodes.parquet").num_rows > 3
    assert pq.read_table(tmp_path / "evidence.parquet").num_rows == 0
    # Chromium reports a form navigation that turns into a download as aborted: that is
    # the download itself (complete and read above), not a failed request.
    watch.problems = [
        x for x in watch.problems if not ("/api/export?" in x and x.endswith("net::ERR_ABORTED"))
    ]
