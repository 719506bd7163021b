"""The ingestion pipeline: read -> simplify -> sentences -> relevance -> extraction ->
entity resolution -> one named graph per article, written in batches.

Each article's facts live in its own graph (``graph/news-{id}``) with the article as a
``kg:SourceDocument`` (verbatim text, date, address, SHA-256): the same article again adds
nothing (its digest matches), a changed one replaces its graph. Every fact is a
``kg:Assertion`` with status ``kg:Extracted``, the sentence (text and offsets), the
extractor version and a confidence. Curated graphs are never touched.

Entity resolution (:mod:`kg.ingest.resolve`): a mention whose name, abbreviation or
identity key the graph knows is linked to that entity; any other name gets the IRI derived
from its identity key (:mod:`kg.identity`), so the same thing links across articles under
its variant names. After each run the identity pass (:mod:`kg.ingest.unify`) links what
only the whole store shows and gives every extracted entity one label.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import multiprocessing
import pickle
import re
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Triple

from kg import queries
from kg.errors import KGError
from kg.identity import NameRules
from kg.ingest import resolve
from kg.ingest.extract import (
    EXTRACTOR_VERSION,
    Count,
    Extractor,
    Mention,
    Money,
    Relation,
    SentenceFacts,
    standalone,
)
from kg.ingest.extract.labeller import ADDED, Labeller
from kg.ingest.extract.labeller import load as load_labeller
from kg.ingest.extract.lexicon import Lexicon
from kg.ingest.extract.lexicon import load as load_lexicon
from kg.ingest.extract.mentions import STOP
from kg.ingest.extract.relations import places_named_alone
from kg.ingest.extract.sectors import SectorModel
from kg.ingest.extract.sectors import load as load_sectors
from kg.ingest.extract.usage import places_taken_for_companies
from kg.ingest.gazetteer import Entry, Gazetteer
from kg.ingest.read import Article, Given, Problem, read_paths
from kg.ingest.relevance import (
    Classifier,
    Facts,
    about_china,
    article_precheck,
    article_verdict,
    load_classifier,
)
from kg.ingest.resolve import GenericNames, Resolver
from kg.ingest.text import reports, sentences, simplified
from kg.ingest.unify import unify
from kg.iris import Minter
from kg.loaders.divisions import LEVEL_CLASS
from kg.messages import MESSAGES, Key, say
from kg.namespaces import DCT, KG, PROV, RDF, RDFS, SCHEMA, SKOS, XSD
from kg.store import Store, solutions
from kg.store.base import GraphName
from kg.store.embedded import data_update

KIND_CLASS = {
    "enterprise": (KG.Enterprise, "org"),
    "university": (KG.University, "org"),
    "research-institute": (KG.ResearchInstitute, "org"),
    "government": (KG.GovernmentBody, "org"),
    "platform": (KG.InnovationPlatform, "org"),
    "media": (KG.MediaOutlet, "org"),
    "association": (KG.IndustryAssociation, "org"),
    "park": (KG.IndustrialPark, "site"),
    "project": (KG.InvestmentProject, "project"),
    "event": (KG.Event, "event"),
    "policy": (KG.Policy, "policy"),
    "person": (KG.Person, "person"),
    "organization": (KG.Organization, "org"),
}
BATCH = 50  # articles written per transaction
# What a news graph records as made it: the extractor and the resolution rules.
MADE_BY = f"{EXTRACTOR_VERSION} {resolve.VERSION}"
PARALLEL_MIN = 200  # articles to extract before worker processes are worth starting
COMPANY = re.compile(
    r"(?:集团股份有限公司|集团有限公司|股份有限公司|有限责任公司|有限公司|集团公司|集团|公司)$"
)


@dataclass
class IngestReport:
    read: int = 0
    relevant: int = 0
    skipped_irrelevant: int = 0
    unchanged: int = 0
    unchanged_irrelevant: int = 0  # of the unchanged: judged irrelevant before, not again
    replaced: int = 0
    failures: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    facts: Counter[str] = field(default_factory=Counter)
    entities_new: int = 0
    entities_linked: int = 0
    characters: int = 0
    seconds: Counter[str] = field(default_factory=Counter)  # per stage, summed over workers
    wall: float = 0.0  # seconds from start to end
    workers: int = 1
    identity: dict[str, int] = field(default_factory=dict)  # what the identity pass did
    # the first SKIPPED_LISTED items judged irrelevant: id, title and the verdict's reason
    skipped: list[dict[str, str]] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {
            "read": self.read,
            "relevant": self.relevant,
            "skipped_irrelevant": self.skipped_irrelevant,
            "skipped": self.skipped,
            "unchanged": self.unchanged,
            "unchanged_irrelevant": self.unchanged_irrelevant,
            "replaced": self.replaced,
            "facts": dict(sorted(self.facts.items())),
            "entities": {"new": self.entities_new, "linked": self.entities_linked},
            "failures": self.failures,
            "warnings": self.warnings,
            "identity": self.identity,
            "characters": self.characters,
            "seconds": {k: round(v, 2) for k, v in self.seconds.items()},
            "wall_seconds": round(self.wall, 2),
            "workers": self.workers,
        }


class Pipeline:
    """Ingestion into one store: articles are read and written here (one writer), and
    extracted here or, with ``workers`` > 1, in that many processes."""

    def __init__(
        self,
        store: Store,
        minter: Minter,
        data_dir: Path,
        learned_relevance: bool = True,
        labeller: bool = True,
        sectors: bool | SectorModel | None = None,
    ) -> None:
        """``learned_relevance``: the learned verdict (:class:`kg.ingest.relevance.Classifier`,
        the lexicon folder's ``relevance-model.json``) decides which articles carry industry
        facts; ``False``: the hand-written gate (``article_precheck``, ``article_verdict``;
        a digest judged report by report with either, :meth:`Reader.analyse`), and the news
        graphs record it (``relevance/hand`` in ``kg:extractor``), so that a run
        with the other verdict extracts them again. ``labeller``: the trained labeller's
        names (:mod:`kg.ingest.extract.labeller`, the lexicon folder's
        ``labeller.crfsuite``, checked against ``labeller.json``) join the rules'; ``False``:
        the rules alone (``labeller/none`` in ``kg:extractor``). ``sectors``: the learned
        judgement of which industry names an article names as industries
        (:mod:`kg.ingest.extract.sectors`, the lexicon folder's ``sector-model.json``, or the
        model given) takes away the others; ``False``: every industry name found stays
        (``sectors/none``); by default as ``labeller`` (the model was trained on the names of
        the rules and the labeller together)."""
        self.store, self.minter, self.data_dir = store, minter, data_dir
        from kg.review import Unreviewed  # deferred: not in extraction processes

        started = time.perf_counter()
        # names of curated and reviewed entities only: unreviewed extractions do not
        # teach the next run (and a run does not depend on what ran before it)
        gazetteer = Gazetteer.build(Unreviewed.EXCLUDE.view(store, minter), data_dir)
        self.rules = NameRules.load(data_dir)
        known = [n for n, es in gazetteer.entries.items() if any(e.kind == "industry" for e in es)]
        resolver = Resolver.for_store(store, minter, self.rules, GenericNames.of(self.rules, known))
        lexicon_dir = data_dir / "lexicon"
        classifier = load_classifier(lexicon_dir) if learned_relevance else None
        names = load_labeller(lexicon_dir) if labeller else None
        if sectors is None:
            sectors = labeller
        judge = load_sectors(lexicon_dir) if sectors is True else (sectors or None)
        self.reader = Reader(
            gazetteer, load_lexicon(lexicon_dir), minter, resolver, classifier, names, judge
        )
        self.setup_seconds = time.perf_counter() - started

    @property
    def gazetteer(self) -> Gazetteer:
        return self.reader.gazetteer

    @property
    def model_sha256(self) -> str | None:
        """The SHA-256 of the relevance model file this pipeline loaded (``None``: the hand
        gate, no model)."""
        return self.reader.classifier.sha256 if self.reader.classifier else None

    @property
    def labeller_sha256(self) -> str | None:
        """The SHA-256 of the labeller provenance file this pipeline loaded (``None``: the
        rules alone)."""
        names = self.reader.extractor.labeller
        return names.record if names is not None else None

    @property
    def sectors_sha256(self) -> str | None:
        """The SHA-256 of the sector model file this pipeline loaded (``None``: none)."""
        return self.reader.sectors.sha256 if self.reader.sectors is not None else None

    def analyse(self, a: Article, seconds: Counter[str] | None = None) -> Analysis:
        """Relevance and the facts of each sentence of one article."""
        return self.reader.analyse(a, seconds)

    def holds(self, a: Article, analysis: Analysis) -> Callable[[Mention], bool]:
        """Which mentions of ``analysis`` the article's graph holds as entities
        (:meth:`Reader.holds`)."""
        return self.reader.holds(a, analysis)

    def run(
        self,
        paths: list[Path],
        progress: Callable[[int], None] | None = None,
        workers: int = 1,
        strict: bool = False,
        report: IngestReport | None = None,
        given: Given | None = None,
    ) -> IngestReport:
        """Ingest the articles of ``paths``: unchanged ones are skipped (an article with
        facts by its graph, one judged irrelevant by its verdict), the others extracted (in
        ``workers`` processes when more than one and the batch is large enough to be worth
        starting them) and written 50 articles per transaction. ``strict``: when any item
        cannot be read, nothing is extracted nor written (the report lists the failures).
        ``progress`` is called with 1 as each item is done; ``report``: the report to fill
        (a new one by default), which a caller can read as the run goes - its counts
        include every item ``progress`` was told of. ``given``: the date, title and URL
        the caller says of its article files (:func:`kg.ingest.read.given`)."""
        from kg.review import decided_assertions

        report = report if report is not None else IngestReport()
        started = time.perf_counter()
        report.seconds["setup"] = self.setup_seconds
        digests = self._stored_digests()
        verdicts = Verdicts.read(self.store, self.minter)
        decided = decided_assertions(self.store, self.minter)
        todo: list[Article] = []
        clock = time.perf_counter()
        for item in read_paths(paths, given):
            if isinstance(item, Problem):
                report.failures.append(str(item))
            else:
                report.read += 1
                report.characters += len(item.text)
                if digests.get(self.minter.graph(f"news-{item.id}").value) == item.sha256:
                    report.unchanged += 1
                elif verdicts.judged(item, self.reader.made_by):
                    report.unchanged += 1
                    report.unchanged_irrelevant += 1
                else:
                    todo.append(item)
                    continue
            if progress:
                progress(1)
        report.seconds["read"] += time.perf_counter() - clock
        if strict and report.failures:
            report.wall = time.perf_counter() - started + self.setup_seconds
            return report
        pending: dict[GraphName, list[Triple]] = {}
        drop: list[NamedNode] = []
        report.workers = workers if workers > 1 and len(todo) >= PARALLEL_MIN else 1
        for item, done in zip(todo, self._extracted(todo, decided, report.workers), strict=True):
            if item.date is None:
                report.warnings.append(
                    f"{item.origin}: item {item.id}: no date; 今天, 8月8日 and the like stay unresolved"
                )
            report.seconds.update(done.seconds)
            graph = self.minter.graph(f"news-{item.id}")
            if graph.value in digests:
                report.replaced += 1
            if done.triples is None:
                report.skipped_irrelevant += 1
                if len(report.skipped) < SKIPPED_LISTED:
                    zh, en = skipped_because(done.reason)
                    said = {"id": item.id, "title": item.title, "reason": done.reason}
                    report.skipped.append({**said, "why": en, "why_zh": zh})
                verdicts.irrelevant(item, self.reader.made_by)
                if graph.value in digests:
                    drop.append(graph)
            else:
                report.relevant += 1
                verdicts.relevant(item)
                report.facts.update(done.facts)
                report.entities_new += done.new
                report.entities_linked += done.linked
                pending[graph] = done.triples
            if len(pending) >= BATCH or len(verdicts) >= VERDICT_BATCH:
                self._write(pending, drop, report, verdicts)
            if progress:
                progress(1)
        self._write(pending, drop, report, verdicts)
        clock = time.perf_counter()
        report.identity = unify(self.store, self.minter, self.rules).to_dict()
        report.seconds["identity"] += time.perf_counter() - clock
        report.wall = time.perf_counter() - started + self.setup_seconds
        return report

    def redo(self, graphs: Iterable[NamedNode]) -> IngestReport:
        """Resolve the articles of these news graphs again, from the text the store keeps
        (after a reviewer split an entity: its names are resolved by the new decision)."""
        from kg.review import decided_assertions

        report = IngestReport()
        decided = decided_assertions(self.store, self.minter)
        verdicts = Verdicts.read(self.store, self.minter)
        pending: dict[GraphName, list[Triple]] = {}
        drop: list[NamedNode] = []
        for graph in graphs:
            article = self._stored_article(graph)
            if article is None:
                continue
            report.read += 1
            report.replaced += 1
            done = self.reader.extract(article, decided)
            report.seconds.update(done.seconds)
            if done.triples is None:
                drop.append(graph)
                verdicts.irrelevant(article, self.reader.made_by)
            else:
                report.relevant += 1
                report.facts.update(done.facts)
                pending[graph] = done.triples
            if len(pending) >= BATCH:
                self._write(pending, drop, report, verdicts)
        self._write(pending, drop, report, verdicts)
        report.identity = unify(self.store, self.minter, self.rules).to_dict()
        return report

    def _stored_article(self, graph: NamedNode) -> Article | None:
        key = self.minter.key(graph) or ""
        doc = self.minter.source(key.removeprefix("graph/"))
        rows = list(
            solutions(self.store.query(queries.get("source-document"), bindings={"doc": doc}))
        )
        if not rows:
            return None
        r = rows[0]
        return Article(
            id=r["id"].value.removeprefix("news-"),
            title=r["title_zh"].value if r["title_zh"] else "",
            text=r["text"].value,
            date=dt.date.fromisoformat(r["date"].value) if r["date"] else None,
            url=r["url"].value if r["url"] else None,
            origin=graph.value,
        )

    def _extracted(
        self, todo: list[Article], decided: set[str], workers: int
    ) -> Iterator[Extracted]:
        """Each article's extraction, in order: here, or in a pool of processes (each
        builds its own extractor from the same gazetteer and lexicon)."""
        if workers <= 1:
            yield from (self.reader.extract(a, decided) for a in todo)
            return
        context = multiprocessing.get_context("spawn")  # no store handle crosses over
        init = (  # what this process read and checked, never read from disk again
            self.reader.gazetteer,
            self.reader.lexicon,
            self.minter.base,
            decided,
            self.reader.resolver,
            self.reader.classifier,
            self.reader.extractor.labeller,
            self.reader.sectors,
        )
        with context.Pool(workers, initializer=_start_worker, initargs=init) as pool:
            yield from pool.imap(_work, todo, chunksize=8)

    def _write(
        self,
        pending: dict[GraphName, list[Triple]],
        drop: list[NamedNode],
        report: IngestReport,
        verdicts: Verdicts,
    ) -> None:
        """The graphs extracted so far, then the verdicts given so far (a run cut in between
        leaves an article with no graph and no verdict: the next run judges it again)."""
        started = time.perf_counter()
        if pending or drop:
            self.store.replace_graphs(dict(pending), drop=list(drop))
        pending.clear()
        drop.clear()
        verdicts.write(self.store)
        report.seconds["write"] += time.perf_counter() - started

    def _stored_digests(self) -> dict[str, str]:
        rows = self.store.query(queries.get("news-digests"))
        return {  # made by another extractor version: not the same, extracted again
            r["graph"].value: r["sha256"].value
            if r["extractor"] is not None and r["extractor"].value == self.reader.made_by
            else "-"
            for r in solutions(rows)
        }


def made_by(
    classifier: Classifier | None,
    labeller: Labeller | None = None,
    sectors: SectorModel | None = None,
) -> str:
    """What a news graph's ``kg:extractor`` records: the extractor and resolver versions,
    the relevance verdict that kept the article - ``relevance/hand`` for the hand gate, the
    first 12 hex digits of the model file's SHA-256 for the learned one - and the labeller
    whose names joined the rules' (``labeller/`` and its :attr:`~Labeller.identity`: its
    model's SHA-256 and its merge policy's; ``labeller/none``: the rules alone) and the
    sector model that judged the industry names (``sectors/`` and the first 12 hex digits of
    its file's SHA-256; ``sectors/none``: none), so that a run with another verdict, another
    labeller, a retrained model or another merge judges the stored articles again."""
    names = f" labeller/{labeller.identity}" if labeller is not None else " labeller/none"
    names += f" sectors/{sectors.sha256[:12]}" if sectors is not None else " sectors/none"
    if classifier is None:
        return f"{MADE_BY} relevance/hand{names}"
    return (
        f"{MADE_BY} relevance/{classifier.sha256[:12]}{names}"
        if classifier.sha256
        else MADE_BY + names
    )


VERDICT_BATCH = 1000  # verdicts written at the latest after this many
SKIPPED_LISTED = 100  # items judged irrelevant a report lists with their reasons


# The hand gate's reasons for an irrelevant item (kg.ingest.relevance) and their words.
HAND_REASONS = {
    "off topic (sport, weather, foreign news, war, disaster, epidemic)": "ingest.skipped.offtopic",
    "too few industry words": "ingest.skipped.fewwords",
    "no actor, site, project or policy": "ingest.skipped.noactor",
    "no industry facts": "ingest.skipped.nofacts",
}


def skipped_because(reason: str) -> tuple[str, str]:
    """Why an item was skipped as irrelevant, in words (zh, en): which verdict judged it
    (the learned model from its words before extraction, or from what extraction found in
    it), else the hand gate's reason (its topic, when a title settles one); a reason of
    neither kind as it is.

    >>> skipped_because("learned stage 1: p 0.03 < 0.20")[1]
    'its words do not read as industry news (judged before extraction)'
    >>> skipped_because("no industry facts")
    ('没有抽取到产业事实', 'no industry facts found in it')
    >>> skipped_because("off topic (diplomacy)")
    ('标题表明是其他题材：外交', 'its title settles another topic: diplomacy')
    """
    stage = re.match(r"learned stage ([12]):", reason)
    if stage is not None:
        key = "ingest.skipped.stage1" if stage.group(1) == "1" else "ingest.skipped.stage2"
        return say(key, "zh"), say(key, "en")
    if reason in HAND_REASONS:
        key = HAND_REASONS[reason]
        return say(key, "zh"), say(key, "en")
    topic = re.fullmatch(r"off topic \((\w+)\)", reason)
    if topic is not None and f"topic.{topic.group(1)}" in MESSAGES:
        said = Key(f"topic.{topic.group(1)}")
        return say("ingest.skipped.topic", "zh", topic=said), say(
            "ingest.skipped.topic", "en", topic=said
        )
    return reason, reason


class Verdicts:
    """The relevance graph (``graph/relevance``): each article judged to carry no industry
    facts, by the graph it would have had (``graph/news-{id}``, which does not exist), with
    its SHA-256 and what judged it (the extractor, resolution rules and relevance verdict, as
    a news graph's ``kg:extractor`` records them), so that a run with the same article and
    the same judge skips it, as it skips an unchanged article with facts, and any other judge
    (a new extractor version, a retrained model, the hand gate) judges it again. Nothing is
    said of the article's own IRI: it is no source of any fact and has no page."""

    def __init__(self, minter: Minter, stored: dict[str, tuple[str, str]]) -> None:
        self.minter, self.graph = minter, minter.graph("relevance")
        self.stored = stored  # article (the IRI of the graph it would have) -> (SHA-256, judge)
        self.added: dict[str, tuple[str, str]] = {}
        self.removed: dict[str, tuple[str, str]] = {}

    @classmethod
    def read(cls, store: Store, minter: Minter) -> Verdicts:
        rows = store.query(
            queries.get("relevance-verdicts"), bindings={"graph": minter.graph("relevance")}
        )
        return cls(
            minter,
            {r["news"].value: (r["sha256"].value, r["extractor"].value) for r in solutions(rows)},
        )

    def __len__(self) -> int:
        """How many changes wait to be written."""
        return len(self.added) + len(self.removed)

    def _doc(self, a: Article) -> str:
        return self.minter.graph(f"news-{a.id}").value

    def judged(self, a: Article, judge: str) -> bool:
        """Whether this article, as it is, was judged irrelevant by this judge."""
        return self.stored.get(self._doc(a)) == (a.sha256, judge)

    def irrelevant(self, a: Article, judge: str) -> None:
        doc = self._doc(a)
        self.relevant(a)
        self.added[doc] = (a.sha256, judge)

    def relevant(self, a: Article) -> None:
        """The article has a graph now: its verdict, if any, goes."""
        doc = self._doc(a)
        self.added.pop(doc, None)
        old = self.stored.pop(doc, None)
        if old is not None:
            self.removed[doc] = old

    def write(self, store: Store) -> None:
        if not self:
            return
        parts = [
            data_update("DELETE", self.graph, self._triples(self.removed)),
            data_update("INSERT", self.graph, self._triples(self.added)),
        ]
        if not self.stored and self.added:  # the graph's first verdicts: say what it is
            parts.append(data_update("INSERT", self.graph, self._about()))
        store.update(" ;\n".join(parts))
        self.stored.update(self.added)
        self.added.clear()
        self.removed.clear()

    def _triples(self, verdicts: dict[str, tuple[str, str]]) -> list[Triple]:
        out = []
        for doc, (sha256, judge) in verdicts.items():
            out.append(Triple(NamedNode(doc), KG.sha256, Literal(sha256)))
            out.append(Triple(NamedNode(doc), KG.extractor, Literal(judge)))
        return out

    def _about(self) -> list[Triple]:
        g = self.graph
        return [
            Triple(g, RDFS.label, Literal("相关性判定：判为无产业事实的新闻", language="zh")),
            Triple(
                g,
                RDFS.label,
                Literal(
                    "Relevance verdicts: news judged to carry no industry facts", language="en"
                ),
            ),
        ]


@dataclass
class Extracted:
    """What extraction gives for one article (sent back from a worker process)."""

    triples: list[Triple] | None  # None: no industry facts
    facts: Counter[str]
    new: int  # entities minted
    linked: int  # entities known before
    seconds: Counter[str]
    reason: str = ""  # the relevance verdict's, for an article with no industry facts


class Reader:
    """Relevance, extraction and the graph of one article at a time."""

    def __init__(
        self,
        gazetteer: Gazetteer,
        lexicon: Lexicon,
        minter: Minter,
        resolver: Resolver,
        classifier: Classifier | None = None,
        labeller: Labeller | None = None,
        sectors: SectorModel | None = None,
    ) -> None:
        self.gazetteer, self.lexicon, self.minter = gazetteer, lexicon, minter
        self.resolver = resolver
        self.classifier = classifier  # None: the hand-written relevance gate
        self.extractor = Extractor(gazetteer, lexicon, labeller=labeller)  # None: the rules alone
        self.sectors = sectors  # None: every industry name found stays
        self.made_by = made_by(classifier, labeller, sectors)

    def analyse(self, a: Article, seconds: Counter[str] | None = None) -> Analysis:
        """Relevance and the facts of each relevant sentence of one article. A news digest
        (:func:`kg.ingest.text.reports`) the verdict - learned or the hand gate - finds no
        industry news in as a whole is judged report by report, each report's text under
        its headline as an article's text under its title: when one report carries industry
        facts and is about China (:func:`kg.ingest.relevance.about_china`: news of economies
        abroad is foreign news), so does the digest (the blind annotation's rule too), and
        all of it is extracted. Its reason names that report and the verdict on the whole;
        its probability is the report's."""
        seconds = seconds if seconds is not None else Counter()
        whole, found = self._judge(a, seconds)
        if whole.relevant:
            return whole
        for r in reports(a.text):
            report = replace(a, title=r.headline, text=a.text[r.body : r.end])
            part, sentences_found = self._judge(report, seconds)
            said = simplified(f"{r.headline}\n{report.text}")
            if part.relevant and about_china(said, sentences_found or ()):
                if found is None:  # the whole was judged before extraction
                    found, _ = self.facts(a, None, seconds)
                why = f"report {r.headline}: {part.reason} (whole: {whole.reason})"
                return Analysis(True, found, why, part.probability)
        return whole

    def _judge(
        self, a: Article, seconds: Counter[str]
    ) -> tuple[Analysis, list[SentenceFacts] | None]:
        """The verdict on one article (or one report of a digest), and the facts of its
        sentences when it went on to extraction (``None``: judged before)."""
        started = time.perf_counter()
        norm = simplified(a.text)
        seconds["normalise"] += time.perf_counter() - started
        started = time.perf_counter()
        title = simplified(a.title)
        lex, learned = self.lexicon, self.classifier
        inputs = learned.inputs(title, norm, lex) if learned else None
        first = (
            learned.stage_one(title, norm, lex, inputs)
            if learned
            else article_precheck(title, norm, lex)
        )
        seconds["relevance"] += time.perf_counter() - started
        if not first.relevant:
            return Analysis(False, [], first.reason, getattr(first, "probability", None)), None
        found, facts = self.facts(a, norm, seconds)
        started = time.perf_counter()
        if learned is not None:
            second = learned.stage_two(title, norm, facts, lex, inputs)
            relevant, reason, probability = second.relevant, second.reason, second.probability
        else:
            hand = article_verdict(
                title,
                norm,
                facts.relevant,
                facts.subjects,
                lex,
                facts.places,
                facts.actors,
                facts.business,
            )
            relevant, reason, probability = hand.relevant, hand.reason, None
        seconds["relevance"] += time.perf_counter() - started
        return Analysis(relevant, found if relevant else [], reason, probability), found

    def facts(
        self, a: Article, norm: str | None = None, seconds: Counter[str] | None = None
    ) -> tuple[list[SentenceFacts], Facts]:
        """Extraction from every sentence of an article, whatever its relevance: the
        sentences with facts, and what the relevance verdict reads of them (:class:`Facts`)."""
        seconds = seconds if seconds is not None else Counter()
        started = time.perf_counter()
        norm = simplified(a.text) if norm is None else norm
        found = [
            self.extractor.sentence(a.text, norm, s.start, s.end, a.date) for s in sentences(a.text)
        ]
        facts = Facts.of(found, norm, self.lexicon)
        self._short_names(found, a.text, norm)
        places_taken_for_companies(
            found,
            norm,
            self.extractor.words,
            self.gazetteer,
            self.lexicon.hedges,
            self.lexicon.roles,
        )
        places_named_alone(found, self.lexicon)
        if self.sectors is not None:  # after Facts.of: the relevance verdict reads every name
            self.sectors.apply(found, norm, simplified(a.title))
        found = [f for f in found if f.mentions or f.money or f.dates]
        seconds["extract"] += time.perf_counter() - started
        return found, facts

    def _short_names(self, found: list[SentenceFacts], text: str, norm: str) -> None:
        """Resolution by context: a company named once in full (鞍钢集团) and then without
        its suffix (鞍钢) in the same article is one company. Only the suffix may drop:
        哈尔滨工业大学 is never 哈尔滨工程大学, 联合 is never 联合飞机."""
        stems: dict[str, Mention] = {}
        for f in found:
            for m in f.mentions:
                stem = COMPANY.sub("", m.norm)
                if m.kind != "enterprise" or stem == m.norm or len(stem) < 2:
                    continue
                if self.gazetteer.entries.get(stem):  # a place, an industry, another name
                    continue
                stems.setdefault(stem, m)
        for f in found:
            piece = norm[f.start : f.end]
            for stem, full in stems.items():
                for hit in re.finditer(re.escape(stem), piece):
                    a, b = f.start + hit.start(), f.start + hit.end()
                    over = [m for m in f.mentions if m.start <= a < m.end or m.start < b <= m.end]
                    if over and not _guessed_short_name(over, a, b):
                        continue
                    if a and "\u4e00" <= norm[a - 1] <= "\u9fff" and norm[a - 1] not in STOP:
                        continue  # 国铁 in 全国铁路: glued to the word before it
                    known = full.entry  # 国铁 after 国铁集团: 中国国家铁路集团有限公司
                    iri = known.iri if known is not None else None
                    name = known.canonical if known is not None and known.canonical else full.norm
                    entry = Entry(stem, "enterprise", iri=iri, canonical=name)
                    short = Mention(
                        a, b, text[a:b], stem, "enterprise", entry, 0.7, origin=full.origin
                    )
                    f.mentions = [m for m in f.mentions if m not in over]
                    f.mentions.append(short)
            f.mentions.sort(key=lambda m: (m.start, -m.end))

    def macro(self, name: str) -> Macro | None:
        """The macro-region ``name`` is one of the names of (``data/lexicon/macro-regions.csv``),
        with the curated entity its label names, if any."""
        found = self.lexicon.macro_names.get(name)
        if found is None:
            return None
        label, en = found
        curated = (e.iri for e in self.gazetteer.entries.get(label, ()) if e.kind == "region")
        return Macro(label, en, next((iri for iri in curated if iri), None))

    def holds(self, a: Article, analysis: Analysis) -> Callable[[Mention], bool]:
        """Which mentions of ``analysis`` the article's graph holds as entities: those its
        writer gives an IRI (:meth:`_Graph.entity`, on a graph of its own that is thrown
        away) - not a place the gazetteer neither codes, links nor lists as a macro-region (a
        town: 瓦塘镇), an industry it does not know, a fragment of a longer name, nor a generic
        name (技改项目, 长江大桥). What users
        see of the extraction: the quality bench scores mentions as extracted and as held."""
        graph = _Graph(
            self.minter,
            a,
            self.minter.graph(f"news-{a.id}"),
            set(),
            self.resolver,
            self.gazetteer.concept,
            self.made_by,
            self.macro,
        )
        graph.declarations(analysis.sentences)  # declared short names: as the writer reads them
        return lambda m: graph.entity(m) is not None

    def extract(self, a: Article, decided: set[str]) -> Extracted:
        """The article's graph (None when it carries no industry facts) and its counts."""
        seconds: Counter[str] = Counter()
        analysis = self.analyse(a, seconds)
        if not analysis.relevant:
            return Extracted(None, Counter(), 0, 0, seconds, analysis.reason)
        started = time.perf_counter()
        out = _Graph(
            self.minter,
            a,
            self.minter.graph(f"news-{a.id}"),
            decided,
            self.resolver,
            self.gazetteer.concept,
            self.made_by,
            self.macro,
        )
        out.declarations(analysis.sentences)
        for facts in analysis.sentences:
            for m in standalone(facts.mentions):
                out.mention(facts, m)
            for rel in facts.relations:
                out.relation(facts, rel)
        seconds["build"] += time.perf_counter() - started
        return Extracted(out.triples, out.counts, len(out.new), len(out.linked), seconds)


def _guessed_short_name(over: list[Mention], a: int, b: int) -> bool:
    """Whether the mentions ``over`` a short name at ``a``-``b`` are only the labeller's
    guess of it (an enterprise of its own, known to nothing): the article's full name says
    which company it is.

    >>> guess = Mention(3, 5, "鞍钢", "鞍钢", "enterprise", origin="labeller")
    >>> _guessed_short_name([guess], 3, 5), _guessed_short_name([guess], 3, 6)
    (True, False)
    """
    return (
        len(over) == 1
        and (over[0].start, over[0].end, over[0].kind, over[0].entry)
        == (
            a,
            b,
            "enterprise",
            None,
        )
        and over[0].origin == ADDED
    )


# A worker process's reader and the decided assertions, set once by the pool's initializer
# (the state of that process, never of the parent) - or, pickled, why it could not be built.
_WORKER: list[tuple[Reader, set[str]] | bytes] = []


def _start_worker(
    gazetteer: Gazetteer,
    lexicon: Lexicon,
    base_iri: str,
    decided: set[str],
    resolver: Resolver,
    classifier: Classifier | None,
    labeller: Labeller | None,
    sectors: SectorModel | None,
) -> None:
    try:
        reader = Reader(
            gazetteer, lexicon, Minter(base_iri), resolver, classifier, labeller, sectors
        )
    except Exception as e:  # reported with the first article (see _work)
        _WORKER[:] = [_reportable(e)]
        return
    _WORKER[:] = [(reader, decided)]


def _reportable(e: Exception) -> bytes:
    """``e`` as kg's error, pickled so that the parent process can rebuild it: a kg error as
    it is when it survives the trip, any other as a ``KGError`` that names it."""
    if isinstance(e, KGError):
        try:
            blob = pickle.dumps(e)
            pickle.loads(blob)
            return blob
        except Exception:  # reported below as a plain KGError
            pass
    detail = "".join(traceback.format_exception_only(e)).strip()
    return pickle.dumps(KGError(f"an extraction process could not start: {detail}"))


def _work(article: Article) -> Extracted:
    """One article's extraction in a worker. A worker whose setup failed raises that error
    here (a fresh copy each time), so that the parent reports it: an initializer that
    raised would make the pool start the worker again and again, and the run would never
    end."""
    state = _WORKER[0]
    if isinstance(state, bytes):
        raise pickle.loads(state)
    reader, decided = state
    return reader.extract(article, decided)


@dataclass
class Analysis:
    relevant: bool
    sentences: list[SentenceFacts]
    reason: str = ""  # why the article is (not) about industry (``relevance.Verdict``)
    probability: float | None = None  # the learned verdict's (None: the hand gate's)


@dataclass(frozen=True)
class Macro:
    """A macro-region as the news graphs name it: the label of its names, its English name,
    and the curated entity of that label, if any."""

    label: str
    en: str
    iri: str | None = None


class _Graph:
    """The triples of one article's graph."""

    def __init__(
        self,
        minter: Minter,
        article: Article,
        graph: NamedNode,
        decided: set[str],
        resolver: Resolver,
        concept: Callable[[str], str | None],
        made_by: str = MADE_BY,
        macro: Callable[[str], Macro | None] = lambda name: None,
    ) -> None:
        self.m, self.a, self.graph, self.decided = minter, article, graph, decided
        self.resolver, self.made_by = resolver, made_by
        self.concept = concept  # a sector's name -> the scheme's concept of that name, if any
        self.macro = macro  # a macro-region's name -> its label, English name, curated IRI
        self.norm = simplified(article.text)
        self.aliases: dict[tuple[str, str], str] = {}  # short names the article declares
        self.doc = minter.source(f"news-{article.id}")
        self.triples: list[Triple] = []
        self.seen: set[Triple] = set()
        self.counts: Counter[str] = Counter()
        self.new: set[str] = set()
        self.linked: set[str] = set()
        self.mentioned: set[str] = set()
        self._describe()

    def add(self, s: NamedNode, p: NamedNode, o: NamedNode | Literal) -> None:
        t = Triple(s, p, o)
        if t not in self.seen:
            self.seen.add(t)
            self.triples.append(t)

    def _describe(self) -> None:
        a, d = self.a, self.doc
        self.add(d, RDF.type, KG.SourceDocument)
        self.add(d, RDF.type, SCHEMA.NewsArticle)
        self.add(d, DCT.identifier, Literal(a.id))
        if a.title:
            self.add(d, DCT.title, Literal(a.title, language="zh"))
            self.add(d, RDFS.label, Literal(a.title, language="zh"))
        if a.date:
            self.add(d, DCT.date, Literal(a.date.isoformat(), datatype=XSD.date))
        if a.url:
            self.add(d, SCHEMA.url, NamedNode(a.url))
        self.add(d, DCT.language, Literal("zh"))
        self.add(d, KG.text, Literal(a.text))
        self.add(d, KG.sha256, Literal(a.sha256))
        self.add(self.graph, PROV.wasDerivedFrom, d)
        self.add(self.graph, KG.extractor, Literal(self.made_by))
        self.add(self.graph, RDFS.label, Literal(f"抽取事实：{a.title or a.id}", language="zh"))
        self.add(self.graph, RDFS.label, Literal(f"Extracted facts: {a.id}", language="en"))

    def declarations(self, found: list[SentenceFacts]) -> None:
        """Short names the article declares (X（简称Y）): Y is X in this article, and the
        graph says so (``kg:shortName``, with the sentence)."""
        for facts in found:
            for m in facts.mentions:
                short = resolve.declared(self.norm, m.end)
                key = self.resolver.alias_key(short, m.kind) if short else None
                if short is None or key is None:
                    continue
                e = self.entity(m)
                if e is not None:
                    self.aliases[key] = e.value
                    self.state(facts, e, KG.shortName, Literal(short, language="zh"), 0.9)
                    self.counts["shortName"] += 1

    def entity(self, m: Mention) -> NamedNode | None:
        e = m.entry
        if m.kind == "region":
            if e is not None and e.iri:
                self.linked.add(e.iri)
                return NamedNode(e.iri)
            if e is None:
                return None
            if e.code is None:
                return self.macro_region(m)
            iri = self.m.entity(f"place/cn-{e.code}")
            self.add(iri, RDF.type, LEVEL_CLASS.get(e.level or "", KG.Region))
            self.add(iri, RDFS.label, Literal(e.canonical or m.norm, language="zh"))
            self.add(iri, DCT.identifier, Literal(e.code))
            self.linked.add(iri.value)
            return iri
        if m.kind == "industry":
            if e is None:
                return None
            known = e.iri or self.concept(m.norm)  # the labeller's 汽车 is the scheme's 汽车
            if known:
                self.linked.add(known)
                return NamedNode(known)
            return self.sector(m)
        if resolve.fragment(self.norm, m.start, m.end, m.kind):
            return None
        found = self.resolver.resolve(m.norm.strip(), m.kind, e, self.aliases)
        if found is None:
            return None
        iri = NamedNode(found.iri)
        if found.known:
            self.linked.add(found.iri)
            if e is None:  # known by its identity key: this name is one of its names
                self.add(iri, SKOS.altLabel, Literal(m.norm, language="zh"))
            return iri
        cls, _ = KIND_CLASS[found.kind]
        self.add(iri, RDF.type, cls)
        for name in dict.fromkeys([found.name, m.norm, simplified(m.text)]):
            self.add(iri, SKOS.altLabel, Literal(name, language="zh"))  # as the article writes it
        if e is not None and e.canonical and m.norm != e.canonical:  # 鞍钢 for 鞍钢集团
            self.add(iri, KG.shortName, Literal(m.norm, language="zh"))
        self.new.add(found.iri)
        return iri

    def macro_region(self, m: Mention) -> NamedNode | None:
        """A macro-region of national planning the article names (长三角, 京津冀,
        粤港澳大湾区: ``data/lexicon/macro-regions.csv``): the curated one when its label is
        curated (中西部 is 中西部地区), else one entity per label, with its Chinese and
        English names - whichever of its names the article writes (长三角地区 is 长三角)."""
        found = self.macro(m.norm)
        if found is None:
            return None
        if found.iri:
            self.linked.add(found.iri)
            return NamedNode(found.iri)
        iri = self.m.named("place", found.label)
        self.add(iri, RDF.type, KG.MacroRegion)
        self.add(iri, RDFS.label, Literal(found.label, language="zh"))
        self.add(iri, RDFS.label, Literal(found.en, language="en"))
        if m.norm != found.label:
            self.add(iri, SKOS.altLabel, Literal(m.norm, language="zh"))
        self.new.add(iri.value)
        return iri

    def sector(self, m: Mention) -> NamedNode:
        """A sector the scheme has no concept for (新能源汽车, 汽车整车制造): a concept of its
        own, narrower than the scheme's concepts it lies in, close to its GB/T 4754 class."""
        e = m.entry
        assert e is not None
        iri = self.m.named("industry", m.norm)
        self.add(iri, RDF.type, KG.Industry)
        self.add(iri, RDFS.label, Literal(m.norm, language="zh"))
        for broader in e.broader:
            self.add(iri, SKOS.broader, NamedNode(broader))
        if e.classification:
            self.add(iri, SKOS.closeMatch, self.m.classification(e.classification))
            self.add(iri, SKOS.notation, Literal(e.classification))
        self.new.add(iri.value)
        return iri

    def mention(self, facts: SentenceFacts, m: Mention) -> None:
        """The article mentions an entity (first sentence only): ``schema:mentions``."""
        e = self.entity(m)
        if e is None or e.value in self.mentioned:
            return
        self.mentioned.add(e.value)
        self.state(facts, self.doc, SCHEMA.mentions, e, m.confidence)
        self.counts["mentions"] += 1
        if m.role:  # 董事长田刚印: the position as the article gives it
            self.state(facts, e, SCHEMA.jobTitle, Literal(m.role, language="zh"), m.confidence)
            self.counts["jobTitle"] += 1

    def relation(self, facts: SentenceFacts, rel: Relation) -> None:
        s = self.entity(rel.subject)
        if s is None:
            return
        if isinstance(rel.object, Mention):
            o = self.entity(rel.object)
            if o is None:
                return
            self.state(facts, s, KG[rel.predicate], o, rel.confidence)
            self.counts[rel.predicate] += 1
        elif isinstance(rel.object, Money):
            money = rel.object
            self.figure(
                facts, s, money, f"{money.yuan:f}", money.currency, "投资额", rel.confidence
            )
            self.counts["investment"] += 1
        elif isinstance(rel.object, Count):
            n = rel.object
            self.figure(facts, s, n, f"{n.value:f}", n.unit, n.thing, rel.confidence)
            self.counts["count"] += 1
        elif rel.predicate == "milestone":
            extra = dict(rel.extra)
            ms = self.m.entity(
                f"milestone/x{hashlib.sha1(f'{s.value}:{rel.object}'.encode()).hexdigest()[:12]}"
            )
            self.add(ms, RDF.type, KG.Milestone)
            self.add(ms, RDFS.label, Literal(f"{rel.subject.norm}{extra['word']}", language="zh"))
            self.state(facts, s, KG.milestone, ms, rel.confidence)
            self.state(facts, ms, KG.milestoneType, KG[str(rel.object)], rel.confidence)
            when = extra.get("date")
            if when is not None:
                self.state(
                    facts,
                    ms,
                    KG.date,
                    Literal(when.date.isoformat(), datatype=XSD.date),
                    rel.confidence,
                )
            self.counts["milestone"] += 1

    def figure(
        self,
        facts: SentenceFacts,
        of: NamedNode,
        value: Money | Count,
        amount: str,
        unit: str,
        measure: str,
        confidence: float,
    ) -> None:
        """A number the sentence states about ``of``: an amount of money or a count."""
        key = f"{self.a.id}:{value.start}".encode()
        fig = self.m.entity(f"figure/x{hashlib.sha1(key).hexdigest()[:12]}")
        self.add(fig, RDF.type, KG.Figure)
        self.add(fig, RDFS.label, Literal(value.text, language="zh"))
        self.state(facts, fig, KG.figureOf, of, confidence)
        self.state(facts, fig, KG.value, Literal(amount, datatype=XSD.decimal), confidence)
        self.state(facts, fig, KG.unit, Literal(unit), confidence)
        self.state(facts, fig, KG.measure, Literal(measure, language="zh"), confidence)
        self.state(facts, fig, KG.statedAs, Literal(value.text, language="zh"), confidence)
        if value.qualifier:
            self.add(fig, KG.qualifier, KG[value.qualifier])

    def state(
        self,
        facts: SentenceFacts,
        s: NamedNode,
        p: NamedNode,
        o: NamedNode | Literal,
        confidence: float,
    ) -> None:
        a = self.m.assertion(self.graph, s, p, o)
        if a.value in self.decided:  # accepted or rejected already: not again
            return
        self.add(s, p, o)
        e = self.m.passage(f"news-{self.a.id}", facts.start, facts.end)
        self.add(a, RDF.type, KG.Assertion)
        self.add(a, RDF.subject, s)
        self.add(a, RDF.predicate, p)
        self.add(a, RDF.object, o)
        self.add(a, KG.status, KG.Extracted)
        self.add(a, KG.confidence, Literal(f"{confidence:.2f}", datatype=XSD.decimal))
        self.add(a, KG.extractor, Literal(EXTRACTOR_VERSION))
        self.add(a, PROV.wasDerivedFrom, self.doc)
        self.add(a, KG.evidence, e)
        self.add(e, RDF.type, KG.Sentence)
        self.add(e, KG.text, Literal(facts.text))
        self.add(e, KG.startOffset, Literal(str(facts.start), datatype=XSD.integer))
        self.add(e, KG.endOffset, Literal(str(facts.end), datatype=XSD.integer))
        self.add(e, DCT.isPartOf, self.doc)


def ingest(
    store: Store,
    minter: Minter,
    data_dir: Path,
    paths: Iterable[Path],
    progress: Callable[[int], None] | None = None,
) -> IngestReport:
    return Pipeline(store, minter, data_dir).run(list(paths), progress)
