"""The one catalogue of zh / en words, and the functions that read it in one language.

Data labels come from the graph in both languages; this catalogue holds every other word
the service says to people: the web pages' interface (``nav.*``, ``home.*``, ...), the
explanations of partner matching (``why.*``: :mod:`kg.match` returns codes with
parameters; :mod:`kg.match.words` puts them into these words for the API, the pages, the
CSV and the terminal), the reasons of merge candidates (``merge.why.*``) and the names of
the predicates of other vocabularies (``term.*``; kg's own carry zh/en labels in the
ontology). A message is a pair (zh, en) of templates with named values in gettext's
Python format (``%(n)s``; a literal ``%`` is ``%%``), so the pages read the catalogue
through Jinja2's i18n extension (:mod:`kg.web.render`: ``{{ _('sources.total', n=3) }}``)
and the library through :func:`say`, with the same substitution.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

LANGUAGES = ("zh", "en")
DEFAULT = "zh"

MESSAGES: dict[str, tuple[str, str]] = {
    "app": ("kg 产业生态知识图谱", "kg industry ecosystem graph"),
    "skip": ("跳到正文", "Skip to content"),
    "nav.home": ("首页", "Home"),
    "nav.search": ("搜索", "Search"),
    "nav.chains": ("产业链", "Chains"),
    "nav.match": ("伙伴匹配", "Partner match"),
    "nav.sources": ("来源", "Sources"),
    "nav.review": ("审核", "Review"),
    "nav.import": ("导入", "Import"),
    "nav.sparql": ("SPARQL 查询", "SPARQL"),
    "nav.api": ("API 文档", "API docs"),
    "lang.switch": ("English", "中文"),
    "home.lead": (
        "从新闻、政策与数据中整理的区域产业生态事实——每条事实都附有来源原句。",
        "Facts about regional industry ecosystems from news, policy and data - each with the source sentence behind it.",
    ),
    "home.holds": ("图谱内容", "What the graph holds"),
    "home.kinds": ("实体（按类别）", "Entities by kind"),
    "home.facts": ("事实", "Facts"),
    "home.triples": ("三元组", "Triples"),
    "home.updated": ("最近更新", "Last update"),
    "home.updated.utc": ("%(time)s（UTC）", "%(time)s UTC"),
    "home.start": ("从这里开始", "Start here"),
    "home.latest": ("最新来源文档", "Latest source documents"),
    # level.*: the levels of GB/T 4754 (kg.codes.LEVELS)
    "level.section": ("门类", "section"),
    "level.division": ("大类", "division"),
    "level.group": ("中类", "group"),
    "level.class": ("小类", "class"),
    "search.label": ("名称、简称或拼音", "Name, short name or pinyin"),
    "search.placeholder": (
        "例如：联合飞机、哈工程、lianhe feiji",
        "e.g. 联合飞机, 哈工程, lianhe feiji",
    ),
    "search.kind": ("类别", "Kind"),
    "search.region": ("地区", "Region"),
    "search.any": ("全部", "Any"),
    "region.place": ("或城市、区县", "or city, district"),
    "region.place.placeholder": ("例如：哈尔滨、南岗区", "e.g. 哈尔滨, 南岗区"),
    "search.results": ("搜索结果", "Results"),
    "search.none": ("没有找到匹配的实体。", "No entity matches."),
    "search.matched": ("匹配名称", "Matched name"),
    "search.within": ("属", "in"),
    "ingest.skipped.stage1": (
        "从用词看不是产业新闻（抽取前判断）",
        "its words do not read as industry news (judged before extraction)",
    ),
    "ingest.skipped.stage2": (
        "抽取出的内容不构成产业新闻（抽取后判断）",
        "what extraction found in it is not industry news (judged after extraction)",
    ),
    "ingest.skipped.topic": (
        "标题表明是其他题材：%(topic)s",
        "its title settles another topic: %(topic)s",
    ),
    "ingest.skipped.offtopic": (
        "其他题材（体育、天气、国际新闻、战争、灾害、疫情）的用词多于产业用词",
        "more words of another topic (sport, weather, foreign news, war, disaster, epidemic) than of industry",
    ),
    "ingest.skipped.fewwords": ("产业用词太少", "too few industry words"),
    "ingest.skipped.noactor": (
        "没有提到企业、园区、项目或政策",
        "it names no enterprise, site, project or policy",
    ),
    "ingest.skipped.nofacts": ("没有抽取到产业事实", "no industry facts found in it"),
    "topic.diplomacy": ("外交", "diplomacy"),
    "topic.politics": ("时政", "politics"),
    "topic.sport": ("体育", "sport"),
    "topic.weather": ("天气", "weather"),
    "topic.disaster": ("灾害", "disaster"),
    "topic.war": ("战争", "war"),
    "topic.culture": ("文化", "culture"),
    "topic.space": ("航天", "space flight"),
    "topic.epidemic": ("疫情", "epidemic"),
    "topic.foreign": ("国际新闻", "foreign news"),
    "entity.neighbourhood": ("关系图", "Neighbourhood"),
    "entity.graph.help": (
        "点击节点展开其关系；双击打开其页面。",
        "Click a node to expand its relations; double-click to open its page.",
    ),
    "entity.incoming": ("被引用", "Referred to by"),
    "entity.shown": (
        "显示第 %(first)s–%(last)s 条，共 %(n)s 条",
        "showing %(first)s–%(last)s of %(n)s",
    ),
    "entity.more": ("更多", "More"),
    "entity.stated": ("%(n)s 个来源陈述此值", "stated in %(n)s sources"),
    "entity.sources": ("查看全部来源", "all its sources"),
    "entity.sources_shown": (
        "来源第 %(first)s–%(last)s 个，共 %(n)s 个",
        "sources %(first)s–%(last)s of %(n)s",
    ),
    "entity.all": ("返回全部事实", "Back to all facts"),
    "entity.no_evidence": ("无来源原句", "no source sentence"),
    "entity.stated_by": ("陈述它而无原句的来源：", "stated without a sentence in:"),
    "entity.rationale": ("编辑依据", "Editorial rationale"),
    # the pages of a named graph and of an assertion (kg.web.records)
    "graph.kind": ("命名图", "Named graph"),
    "graph.assertions": ("断言（事实记录）", "Assertions (fact records)"),
    "graph.review": ("审核这篇文章的事实", "Review this article's facts"),
    "assertion.kind": ("断言", "Assertion"),
    "assertion.sentence": ("依据的句子", "Sentence it rests on"),
    "assertion.state": ("审核状态", "Review state"),
    "assertion.reviewed": ("%(reviewer)s 于 %(at)s 审核", "reviewed by %(reviewer)s at %(at)s"),
    "assertion.confidence": ("置信度", "Confidence"),
    "assertion.extractor": ("抽取程序", "Extractor"),
    "assertion.graph": ("所在命名图", "In graph"),
    "entity.data": ("数据下载", "Data"),
    "export.entity": ("导出此实体及其邻域", "Export this entity and its neighbourhood"),
    "export.region": ("导出此地区", "Export this region"),
    "export.chain": ("导出此产业链", "Export this chain"),
    "export.chain.region": (
        "导出此产业链（本地区参与者与候选伙伴）",
        "Export this chain (the region's players and candidates)",
    ),
    "export.industry": ("导出此产业", "Export this industry"),
    "export.source": ("导出此来源文档", "Export this source document"),
    "export.format": ("格式", "Format"),
    "export.format.xlsx": ("Excel 工作簿 (.xlsx)", "Excel workbook (.xlsx)"),
    "export.format.graphml": (
        "GraphML（Gephi、Cytoscape、yEd）",
        "GraphML (Gephi, Cytoscape, yEd)",
    ),
    "export.format.csv": (
        "节点/关系 CSV（Neo4j、Kùzu 导入）",
        "Nodes/edges CSV (Neo4j, Kùzu import)",
    ),
    "export.format.parquet": ("Parquet（pandas、Spark）", "Parquet (pandas, Spark)"),
    "export.format.turtle": ("RDF Turtle", "RDF Turtle"),
    "export.format.trig": ("RDF TriG（含命名图）", "RDF TriG (with graphs)"),
    "export.format.jsonld": ("JSON-LD", "JSON-LD"),
    "export.format.nquads": ("N-Quads", "N-Quads"),
    "export.format.ntriples": ("N-Triples", "N-Triples"),
    "export.format.rdfxml": ("RDF/XML", "RDF/XML"),
    "export.hops": ("邻域步数", "Hops"),
    "export.provenance": ("证据", "Evidence"),
    "export.with": ("附来源原句与记录", "with sentences and records"),
    "export.without": ("仅事实", "facts only"),
    "export.download": ("下载", "Download"),
    "export.help": (
        "事实为边、属性在节点上；证据（原句、记录、审核状态）附在边上并另成一表。",
        "Facts are edges, attribute values are on nodes; evidence (sentence, record, status) is on the edges and in a table of its own.",
    ),
    "entity.match": ("为该产业匹配伙伴", "Match partners for this industry"),
    "entity.chain": ("查看产业链图", "View the chain map"),
    "group.identity": ("基本信息", "Identity"),
    "group.location": ("位置", "Location"),
    "group.industries": ("产业", "Industries"),
    "group.projects": ("项目", "Projects"),
    "group.events": ("活动", "Events"),
    "group.figures": ("数据", "Figures"),
    "group.relations": ("关系", "Relations"),
    "group.provenance": ("来源信息", "Provenance"),
    "status.Curated": ("已审核", "reviewed"),
    "status.Editorial": ("编辑分类", "editorial"),
    "status.Extracted": ("未审核", "unreviewed"),
    "status.Reference": ("参考数据", "reference data"),
    "status.Rejected": ("已驳回", "rejected"),
    "status.Imported": ("表格导入", "imported"),
    "source.title": ("来源文档", "Source document"),
    "source.open": ("原文链接", "Original"),
    "source.facts": ("由该句得出的事实", "Facts from this sentence"),
    "source.highlight": (
        "高亮的句子是图谱事实的依据；点击查看对应事实。",
        "Highlighted sentences back facts in the graph; select one to see them.",
    ),
    "source.published": ("发布", "Published"),
    "source.publisher": ("发布者", "Publisher"),
    "source.count": ("条事实", "facts"),
    # unit.*: a figure's unit as the data gives it (kg:unit, kg:currency), in words; a unit
    # without words here is shown as written
    "unit.CNY": ("元", "yuan"),
    "unit.个": ("个", "items"),
    "sources.title": ("来源文档", "Source documents"),
    "sources.total": ("共 %(n)s 篇来源文档", "%(n)s source documents"),
    "sources.total.one": ("共 %(n)s 篇来源文档", "%(n)s source document"),
    "sources.all": ("全部 %(n)s 篇来源文档", "All %(n)s source documents"),
    "sources.all.one": ("全部 %(n)s 篇来源文档", "The %(n)s source document"),
    "chains.title": ("产业链", "Industry chains"),
    "chains.none": (
        "图谱中还没有产业链图（data/chains/ 中的编辑数据）。可从产业出发匹配伙伴：",
        "The graph holds no chain maps yet (the editorial files in data/chains/). Start from an industry instead:",
    ),
    "chain.everywhere": ("全部地区", "Everywhere"),
    "chain.show": ("查看", "Show"),
    "chain.segments": ("产业链环节", "Chain segments"),
    "chain.position.upstream": ("上游", "Upstream"),
    "chain.position.midstream": ("中游", "Midstream"),
    "chain.position.downstream": ("下游", "Downstream"),
    "chain.status.gap": ("缺失环节", "gap"),
    "chain.status.weak": ("薄弱环节", "weak"),
    "chain.status.present": ("已有布局", "present"),
    "chain.local": ("本地", "local"),
    "chain.players": ("已知组织", "players known"),  # no region asked: nothing is local
    "chain.elsewhere": ("区外", "elsewhere"),
    "chain.more": ("更多", "more"),
    "chain.parks": ("承载园区", "Parks to host"),
    "chain.research": ("高校与科研院所", "Universities and institutes"),
    "chain.policies": ("适用政策", "Applicable policies"),
    "chain.none": ("无", "none"),
    "chain.gaps": ("缺口", "Gaps"),
    "chain.partners": ("建议对接的伙伴", "Partners to approach"),
    "chain.partners.help": (
        "按环节匹配：得分 = 可信度 ×（0.45 + 0.55 × 环节契合度、对本地缺口的互补性、本地支撑与时效的加权平均），"
        "可信度看事实是否经审核、有几篇独立来源：仅一句未审核原句的候选不会排在有审核证据的候选之前。"
        "每条理由均附依据；下载 CSV 可得全部候选。",
        "Matched by segment: score = trust × (0.45 + 0.55 × the weighted mean of segment fit, "
        "complementarity to the region's gaps, local support and recency). Trust depends on "
        "review and on the number of independent sources: a candidate resting on one unreviewed "
        "sentence never ranks above one with reviewed evidence. Each reason comes with its "
        "grounds; the CSV holds every candidate.",
    ),
    "chain.editorial": (
        "产业链图是编辑知识（data/chains/，版本 %(v)s）：环节由国民经济行业分类类别和产品关键词界定，各附理由；依据它的结论均注明。",
        "The chain map is editorial knowledge (data/chains/, version %(v)s): segments are defined by GB/T 4754 classes and product keywords, each with a rationale; conclusions resting on it say so.",
    ),
    "chain.level": (
        "另有本地 %(n)s 个、区外 %(m)s 个只知属于本产业、环节未知的组织。",
        "Also %(n)s local and %(m)s outside organisations known only to be in the chain's industry, segment unknown.",
    ),
    "chain.also": ("含", "with"),
    "chain.group.benchmarks": ("对标：区外园区与项目", "Benchmarks: parks and projects elsewhere"),
    "chain.group.benchmarks.help": (
        "其他地区争取同一产业链的园区与项目：可借鉴的对标，不是招引对象（除非有事实把它们与本地联系起来）。",
        "Other regions' parks and projects in the same chain: benchmarks to learn from, not partners to approach (unless a fact ties them to the region).",
    ),
    "home.chains": ("产业链诊断", "Industry chains"),
    "home.chains.lead": (
        "选一条产业链和一个地区：看哪些环节缺失或薄弱，本地有谁可强链，区外谁能补链、延链，每条结论都有原句或编辑依据。",
        "Pick a chain and a region: which segments are missing or weak, who is local to strengthen, who elsewhere can fill or extend it - each conclusion with its sentence or editorial rationale.",
    ),
    "home.chains.go": ("诊断", "Diagnose"),
    "chain.group.strengthen": ("强链：本地企业", "Strengthen (强链): local players"),
    "chain.group.strengthen.help": (
        "区内已在本链环节的组织，优先薄弱环节。",
        "Organisations in the region already in the chain, weak segments first.",
    ),
    "chain.group.fill": ("补链：补齐缺失环节", "Fill (补链): close the gaps"),
    "chain.group.fill.help": (
        "区外组织，所在环节在本地缺失或薄弱。",
        "Organisations outside the region in segments that are missing or weak locally.",
    ),
    "chain.group.extend": ("延链：延伸产业链", "Extend (延链): lengthen the chain"),
    "chain.group.extend.help": (
        "区外组织，所在环节本地已有布局，可延伸、加密本地链条。",
        "Organisations outside the region in segments present locally, to extend and densify it.",
    ),
    "chain.group.research": ("技术支撑：高校与科研院所", "Research: universities and institutes"),
    "chain.group.research.help": (
        "在本链或其产业从事研究的高校与科研院所。",
        "Universities and institutes working in the chain or its industry.",
    ),
    "chain.legend": (
        "缺失：本地无相关机构；薄弱：本地少于 %(n)s 家。",
        "Gap: no local organisation; weak: fewer than %(n)s local ones.",
    ),
    "chain.legend.anywhere": (
        "未选地区：缺失即图谱中无相关机构；薄弱：少于 %(n)s 家。选一个地区看本地与区外。",
        "No region chosen: a gap is a segment with no organisation in the graph; weak: fewer than %(n)s. Choose a region to see local and elsewhere.",
    ),
    "unreviewed.label": ("未审核的事实", "Unreviewed facts"),
    "unreviewed.include": (
        "计入（含新闻中抽取、尚未审核的事实）",
        "count them (extracted from the news, not yet reviewed)",
    ),
    "unreviewed.exclude": ("不计入（只用已审核的事实）", "leave them out (reviewed facts only)"),
    "match.industry": ("产业或产业链", "Industry or chain"),
    "match.region": ("目标地区", "Target region"),
    "match.kinds": ("伙伴类别", "Partner kinds"),
    "match.top": ("显示前", "Top"),
    "match.run": ("匹配", "Match"),
    "match.rank": ("排名", "Rank"),
    "match.candidate": ("候选伙伴", "Candidate"),
    "match.score": ("得分", "Score"),
    "match.reasons": ("理由与依据", "Reasons and evidence"),
    "match.none": ("没有符合条件的候选伙伴。", "No candidate fits."),
    # why none fits (kg.match.engine.Empty; the JSON's none_reason)
    "match.none.industry": (
        "图谱中没有任何机构或园区与「%(industry)s」（或其细分产业）相关。",
        "Nothing in the graph - no organisation or site - is tied to %(industry)s or a narrower industry.",
    ),
    "match.none.region.empty": (
        "「%(region)s」尚无任何实体：图谱中没有任何实体位于该地区或其下辖地区。",
        "%(region)s holds no entity at all: nothing in the graph is located in it or in a place within it.",
    ),
    "match.none.region.elsewhere": (
        "「%(region)s」有实体（%(region_things)s 个），但都与「%(industry)s」无关：该产业的 %(candidates)s 个候选都不位于该地区。",
        "%(region)s holds entities (%(region_things)s), but none tied to %(industry)s: none of the industry's %(candidates)s candidates is located there.",
    ),
    "match.none.kinds": (
        "所选的伙伴类别（%(kinds)s）排除了全部候选（%(found)s）。",
        "The partner kinds chosen (%(kinds)s) left out every candidate (%(found)s).",
    ),
    "match.none.found": ("%(kind)s %(n)s 个", "%(kind)s: %(n)s"),
    "match.none.benchmarks": (
        "未选地区时，与「%(industry)s」相关的只有尚无已知运营方的园区（%(benchmarks)s 个），列为对标参照，而非候选伙伴。",
        "With no region chosen, only parks nobody is known to run are tied to %(industry)s (%(benchmarks)s): listed as benchmarks, not partners.",
    ),
    "match.total": ("共 %(n)s 个候选", "%(n)s candidates"),
    "match.total.one": ("共 %(n)s 个候选", "%(n)s candidate"),
    "match.csv": ("下载 CSV", "Download CSV"),
    "match.excel": ("下载 Excel 用 CSV", "Download CSV for Excel"),
    "match.in_region": ("区内", "in region"),
    "match.outside": ("区外", "outside"),
    "match.help": (
        "得分由产业关联与地区关联组成，每项理由都列出其依据的事实与来源原句。",
        "Scores add up industry and region links; each reason lists the facts and source sentences behind it.",
    ),
    "kind.enterprise": ("企业", "enterprise"),
    "kind.university": ("高校", "university"),
    "kind.research-institute": ("科研院所", "research institute"),
    "kind.platform": ("平台", "platform"),
    "kind.association": ("协会", "association"),
    "kind.government": ("政府机构", "government body"),
    "kind.media": ("媒体", "media"),
    "kind.park": ("园区/基地", "park or base"),
    "kind.project": ("项目", "project"),
    "kind.event": ("活动", "event"),
    "kind.policy": ("政策/规划", "policy or plan"),
    "kind.person": ("人物", "person"),
    "kind.region": ("地区", "region"),
    "kind.industry": ("产业", "industry"),
    "kind.chain": ("产业链", "chain"),
    "kind.segment": ("产业链环节", "chain segment"),
    "kind.classification": ("国民经济行业分类", "GB/T 4754 class"),
    "kind.tier": ("企业类别", "tier"),
    "kind.organization": ("机构", "organisation"),
    "kind.figure": ("数据", "figure"),
    # a figure without a label, named by what it measures and whose it is (kg.entities.labels)
    "figure.name": ("%(owner)s的%(measure)s", "%(measure)s of %(owner)s"),
    "kind.milestone": ("节点", "milestone"),
    "kind.goal": ("目标", "goal"),
    "kind.role": ("职务", "role"),
    "kind.source": ("来源文档", "source document"),
    "kind.other": ("其他", "other"),
    "error.title": ("出错了", "Something went wrong"),
    # error.<code>: the words of an error's code (kg.errors), for an error without a key of
    # its own (its English message follows them on a Chinese page)
    "error.internal_error": ("服务器内部错误", "Internal error"),
    "error.bad_request": ("请求有误", "Bad request"),
    "error.query_syntax": ("查询语法有误", "Query syntax error"),
    "error.evaluation_error": ("查询无法执行", "The query cannot be run"),
    "error.unsupported_format": ("不支持的格式", "Unsupported format"),
    "error.unauthorized": ("未授权", "Unauthorized"),
    "error.forbidden": ("禁止访问", "Forbidden"),
    "error.not_found": ("未找到", "Not found"),
    "error.method_not_allowed": ("不支持此请求方法", "Method not allowed"),
    "error.conflict": ("与现有数据冲突", "Conflict"),
    "error.not_acceptable": ("无法提供所要求的格式", "Not acceptable"),
    "error.payload_too_large": ("请求内容过大", "Payload too large"),
    "error.unsupported_media_type": ("不支持的请求内容类型", "Unsupported media type"),
    "error.invalid_data": ("数据有误", "Invalid data"),
    "error.store_unavailable": ("图谱存储暂不可用", "Store unavailable"),
    "error.query_timeout": ("查询超时", "Query timed out"),
    "error.query_memory": ("查询超出内存上限", "Query over its memory cap"),
    "error.http_error": ("请求失败", "Request failed"),
    "error.colon": ("%(what)s：%(message)s", "%(what)s: %(message)s"),
    # the kg command's error line (kg.cli), in the language of a command's --lang
    "cli.error": ("错误：%(message)s", "error: %(message)s"),
    "cli.error.more": ("……另有 %(n)s 项", "... and %(n)s more"),
    # error.*: errors said by key (kg.errors: KGError(key=..., values=...)); the English is
    # the error's message in the JSON answer and the log
    "error.internal": (
        "服务器内部错误；详情见服务器日志",
        "internal error; the server log has the details",
    ),
    "error.parameters": ("请求参数有误", "invalid request parameters"),
    "error.page": ("页码须为 1 或更大的整数", "page must be a whole number, 1 or more"),
    "error.page.beyond": (
        "%(what)s共 %(pages)s 页，没有第 %(page)s 页",
        "there are %(pages)s page(s) of %(what)s: no page %(page)s",
    ),
    "error.page.predicate": (
        "请给出要翻页浏览其陈述的谓词（predicate）",
        "give the predicate whose statements to page through",
    ),
    "error.direction": ("direction 须为 out（出）或 in（入）", "direction must be 'out' or 'in'"),
    "error.limit": (
        "每页数量须为 1 到 %(most)s 的整数",
        "limit must be a whole number from 1 to %(most)s",
    ),
    "error.top": ("top 须为 1 到 %(most)s 的整数", "top must be between 1 and %(most)s"),
    "error.entity.none": ("没有这个实体：<%(iri)s>", "no entity <%(iri)s>"),
    "error.source.none": ("没有这篇来源文档：<%(iri)s>", "no source document <%(iri)s>"),
    "error.table.none": ("没有这张导入的表：<%(iri)s>", "no imported table <%(iri)s>"),
    "error.name.empty": ("请给出%(what)s的名称或 IRI", "give the %(what)s by name or IRI"),
    "error.region.none": (
        "请给出地区（region=，名称或 IRI）或城市、区县（place=）",
        "give the region (region=, by name or IRI) or a city or district (place=)",
    ),
    "error.name.none": ("没有名为「%(name)s」的%(what)s", "no %(what)s called '%(name)s'"),
    "error.name.none.hint": (
        "没有名为「%(name)s」的%(what)s；您要找的是否是：%(hints)s",
        "no %(what)s called '%(name)s'; did you mean: %(hints)s",
    ),
    "error.name.none.fruitless": (
        "没有名为「%(name)s」的%(what)s；相近的（%(hints)s）在此都没有结果",
        "no %(what)s called '%(name)s'; the similar ones (%(hints)s) have no results here",
    ),
    "error.name.ambiguous": (
        "名为「%(name)s」的%(what)s不止一个：%(named)s；请给出 IRI",
        "%(what)s '%(name)s' is ambiguous: %(named)s; give the IRI",
    ),
    "error.name.ambiguous.region": (
        "名为「%(name)s」的%(what)s不止一个：%(named)s；请给出 IRI，或在前面写上它所在的地区（如 南京市鼓楼区）",
        "%(what)s '%(name)s' is ambiguous: %(named)s; give the IRI, or write the region it lies in before it (南京市鼓楼区)",
    ),
    "error.unreviewed": (
        "unreviewed 须为 include（计入未审核事实）或 exclude（不计入）",
        "unreviewed must be include or exclude",
    ),
    "error.kinds": (
        "未知的伙伴类别：%(unknown)s；可选：%(allowed)s",
        "unknown partner kind(s) %(unknown)s; expected: %(allowed)s",
    ),
    "error.search.empty": (
        "请给出名称的一部分（q=）或要列出的类别（kind=）",
        "give part of a name (q=) or a kind to list (kind=)",
    ),
    "error.search.kinds": (
        "只能给出一个类别（kind=），收到：%(given)s",
        "give one kind (kind=), not several: %(given)s",
    ),
    "error.kinds.search": (
        "未知的类别：%(unknown)s；可选：%(allowed)s",
        "unknown kind %(unknown)s; expected: %(allowed)s",
    ),
    "error.limit.offset": (
        "每页数量（limit）须为 1 到 %(most)s，偏移（offset）不能小于 0",
        "limit must be 1..%(most)s and offset at least 0",
    ),
    "error.statements.none": (
        "<%(iri)s> 没有以 <%(predicate)s> 指向其他对象的陈述",
        "<%(iri)s> has no out statements <%(predicate)s>",
    ),
    "error.statements.none.in": (
        "没有以 <%(predicate)s> 指向 <%(iri)s> 的陈述",
        "<%(iri)s> has no in statements <%(predicate)s>",
    ),
    "error.values.beyond": (
        "<%(iri)s> 的 <%(predicate)s> 共有 %(n)s 个值，没有第 %(page)s 页",
        "<%(iri)s> has %(n)s out values <%(predicate)s>: no page %(page)s",
    ),
    "error.values.beyond.in": (
        "以 <%(predicate)s> 指向 <%(iri)s> 的共有 %(n)s 个，没有第 %(page)s 页",
        "<%(iri)s> has %(n)s in values <%(predicate)s>: no page %(page)s",
    ),
    "error.statement.none": (
        "<%(iri)s> 没有 <%(predicate)s> 为 %(value)s 的陈述",
        "<%(iri)s> has no out statement <%(predicate)s> %(value)s",
    ),
    "error.statement.none.in": (
        "没有 %(value)s 以 <%(predicate)s> 指向 <%(iri)s> 的陈述",
        "<%(iri)s> has no in statement <%(predicate)s> %(value)s",
    ),
    "error.graphs.beyond": (
        "陈述 %(value)s 的图共 %(n)s 个，没有第 %(page)s 页",
        "%(n)s graphs state %(value)s: no page %(page)s",
    ),
    # error.review.*, error.merge.*: the review of extracted facts and of merge candidates
    "error.review.status": (
        "状态（status）须为 %(allowed)s 之一，而不是 %(given)s",
        "status must be one of %(allowed)s, not %(given)s",
    ),
    "error.review.confidence": (
        "最低置信度（min_confidence）须在 0 到 1 之间",
        "min_confidence must be between 0 and 1",
    ),
    "error.review.decision": (
        "审核决定须为 accept（接受）或 reject（驳回），而不是 %(given)s",
        "decision must be accept or reject, not %(given)s",
    ),
    "error.reviewer": ("请填写审核人（reviewer）", "say who reviews (reviewer)"),
    "error.review.none": ("请至少选择一条要审核的事实", "give at least one assertion to review"),
    "error.review.done": ("%(iri)s 已经审核过", "%(iri)s was already reviewed"),
    "error.review.not_extracted": (
        "%(iri)s 不是抽取所得、尚未审核的事实",
        "%(iri)s is not an extracted, unreviewed assertion",
    ),
    "error.assertion.none": ("没有这条事实记录：%(iri)s", "no assertion %(iri)s"),
    "error.review.article": ("不是有效的新闻编号：%(given)s", "not an article id: %(given)s"),
    "error.review.type": (
        "未知的事实类型 %(given)s（可用 mentions，或 kg 的属性，如 builds、locatedIn）",
        "unknown fact type %(given)s (mentions, or a kg property such as builds or locatedIn)",
    ),
    "error.unreviewed.dataset": (
        "不计入未审核事实只适用于 kg 的默认数据集，而此查询自行指定了数据集"
        "（FROM / FROM NAMED）：请删去这些子句，或计入未审核事实",
        "leaving out the graphs of unreviewed facts works on kg's default dataset, and this "
        "query names its own (FROM / FROM NAMED): drop those clauses, or include unreviewed facts",
    ),
    "error.merge.kind": (
        "类型（kind）须为 %(allowed)s 之一，而不是 %(given)s",
        "kind must be one of %(allowed)s, not %(given)s",
    ),
    "error.merge.same": ("保留与并入的是同一个实体", "keep and drop are the same entity"),
    "error.merge.apart.self": (
        "一个实体不能与自身确认为不同",
        "an entity is not apart from itself",
    ),
    # error.export.*, error.format.*: what to export and in which format
    "error.export.entity.none": ("没有名为 %(name)s 的实体", "no entity called %(name)s"),
    "error.export.entity.many": (
        "名为 %(name)s 的实体有 %(n)s 个；请给出 IRI",
        "%(name)s names %(n)s entities; give the IRI",
    ),
    "error.export.hops": ("邻域步数（hops）不能小于 0", "hops must be 0 or more"),
    "error.export.hops.most": (
        "邻域步数（hops）最多为 %(most)s（设置项 KG_MAX_HOPS）",
        "hops is at most %(most)s (setting KG_MAX_HOPS)",
    ),
    "error.export.source.none": ("没有来源图 %(name)s", "no source graph %(name)s"),
    "error.export.construct": (
        "请给出 CONSTRUCT（或 DESCRIBE）查询：导出的图由它构建",
        "give a CONSTRUCT (or DESCRIBE) query: it builds the exported graph",
    ),
    "error.export.selection": (
        "请在 entity、industry、region、chain（可附 region）、source 与 query 中恰好给出一项",
        "give exactly one of entity, industry, region, chain (with or without a region), "
        "source or query",
    ),
    "error.format.unknown": (
        "未知的格式 %(given)s；可选：%(allowed)s",
        "unknown format %(given)s; expected one of: %(allowed)s",
    ),
    # error.chain.*: the chain diagnosis's parameters
    "error.chain.where": ("where 须为 %(allowed)s 之一", "where must be one of %(allowed)s"),
    "error.chain.none": (
        "图谱中还没有 %(name)s 的产业链（data/chains/ 中没有适用的产业链图）；"
        "可为整个产业匹配伙伴：/api/match?industry=%(industry)s",
        "the graph has no industry chain for %(name)s yet (no chain map in data/chains/ "
        "serves it); partners for the industry as a whole: /api/match?industry=%(industry)s",
    ),
    "error.chain.several": (
        "%(name)s 有多条产业链：%(named)s；请选择其一",
        "%(name)s has several industry chains: %(named)s; give one",
    ),
    # error.* of the HTTP API: writes, bodies, the SPARQL endpoint
    "error.read_only": (
        "写入已关闭：本服务器为只读（设置 KG_WRITE_TOKEN 以开启）",
        "writes are off: this server is read-only (set KG_WRITE_TOKEN to enable them)",
    ),
    "error.token.missing": (
        "此操作需要请求头“Authorization: Bearer <令牌>”",
        "this operation needs 'Authorization: Bearer <token>'",
    ),
    "error.token.invalid": ("写入令牌无效", "the token is not valid"),
    "error.request.timeout": (
        "请求运行超过 %(seconds)s 秒，已被中止（设置项 KG_QUERY_TIMEOUT）",
        "the request ran longer than %(seconds)s s and was stopped (setting KG_QUERY_TIMEOUT)",
    ),
    "error.body.utf8": (
        "请求内容不是 UTF-8 编码（第 %(byte)s 字节）",
        "the body is not UTF-8 (byte %(byte)s)",
    ),
    "error.body.charset": (
        "请求内容须为 UTF-8 编码，而不是 %(charset)s",
        "the body must be UTF-8, not %(charset)s",
    ),
    "error.sparql.query.one": (
        "请给出恰好一个非空的 query 参数",
        "give exactly one non-empty 'query' parameter",
    ),
    "error.sparql.update.one": (
        "请给出恰好一个非空的 update（表单字段或 application/sparql-update 请求体）",
        "give exactly one non-empty 'update' (form field or application/sparql-update body)",
    ),
    "error.sparql.update.here": (
        "/sparql 不接受 SPARQL 更新：请 POST 到 /sparql/update",
        "SPARQL Update is not accepted on /sparql: POST it to /sparql/update",
    ),
    "error.sparql.unreviewed.dataset": (
        "unreviewed=exclude 与指定数据集只能二选一",
        "give unreviewed=exclude or a dataset, not both",
    ),
    "error.sparql.remote.off": (
        "不允许 %(keyword)s %(target)s：远程访问已关闭（设置项 KG_REMOTE_ALLOWLIST）",
        "%(keyword)s %(target)s is not allowed: remote access is off (setting KG_REMOTE_ALLOWLIST)",
    ),
    "error.sparql.remote.allowlist": (
        "不允许 %(keyword)s %(target)s：目标不在允许列表中（设置项 KG_REMOTE_ALLOWLIST）",
        "%(keyword)s %(target)s is not allowed: the target is not on the allowlist "
        "(setting KG_REMOTE_ALLOWLIST)",
    ),
    "error.sparql.nesting": (
        "请求中的括号 { ( [ 嵌套超过 %(most)s 层",
        "the request nests brackets { ( [ deeper than %(most)s levels",
    ),
    "error.sparql.query.size": (
        "查询有 %(size)s 字节，超过上限 %(most)s（设置项 KG_MAX_QUERY_BYTES）",
        "the query is %(size)s bytes, over the limit of %(most)s (setting KG_MAX_QUERY_BYTES)",
    ),
    "error.sparql.update.size": (
        "更新有 %(size)s 字节，超过上限 %(most)s（设置项 KG_MAX_QUERY_BYTES）",
        "the update is %(size)s bytes, over the limit of %(most)s (setting KG_MAX_QUERY_BYTES)",
    ),
    "error.sparql.query.syntax": (
        "SPARQL 查询语法有误：%(detail)s",
        "malformed SPARQL query: %(detail)s",
    ),
    "error.sparql.update.syntax": (
        "SPARQL 更新语法有误：%(detail)s",
        "malformed SPARQL update: %(detail)s",
    ),
    "error.sparql.query.failed": ("查询执行失败：%(detail)s", "the query failed: %(detail)s"),
    "error.sparql.update.failed": (
        "更新执行失败，未作任何更改：%(detail)s",
        "the update failed and changed nothing: %(detail)s",
    ),
    "error.sparql.query.timeout": (
        "查询运行超过 %(seconds)s 秒，已被中止（设置项 KG_QUERY_TIMEOUT）",
        "the query ran longer than %(seconds)s s and was stopped (setting KG_QUERY_TIMEOUT)",
    ),
    "error.sparql.update.timeout": (
        "更新运行超过 %(seconds)s 秒，已被中止（设置项 KG_QUERY_TIMEOUT）",
        "the update ran longer than %(seconds)s s and was stopped (setting KG_QUERY_TIMEOUT)",
    ),
    "error.sparql.query.memory": (
        "查询使用的内存超过 %(mib)s MiB，已被中止（设置项 KG_QUERY_MEMORY）",
        "the query used more than %(mib)s MiB of memory and was stopped (setting KG_QUERY_MEMORY)",
    ),
    "error.sparql.update.memory": (
        "更新使用的内存超过 %(mib)s MiB，已被中止（设置项 KG_QUERY_MEMORY）",
        "the update used more than %(mib)s MiB of memory and was stopped (setting KG_QUERY_MEMORY)",
    ),
    "error.sparql.busy": (
        "%(seconds)s 秒内没有空闲的查询进程",
        "no query worker became free within %(seconds)s s",
    ),
    "error.sparql.form": (
        "不是 SPARQL 查询：没有 SELECT、ASK、CONSTRUCT 或 DESCRIBE",
        "not a SPARQL query: no SELECT, ASK, CONSTRUCT or DESCRIBE",
    ),
    "error.sparql.where": (
        "查询没有可绑定变量的 WHERE 模式",
        "the query has no WHERE pattern to bind variables in",
    ),
    # error.import.*: a table to import (the file, the sheet, the row: where, and what is wrong)
    "error.import.mapping": (
        "没有映射 %(name)s；可用的映射：%(allowed)s",
        "no mapping %(name)s; the mappings are %(allowed)s",
    ),
    "error.import.suffix": (
        "不能导入 %(suffix)s 文件；可用格式：%(allowed)s",
        "cannot import %(suffix)s files; give one of %(allowed)s",
    ),
    "error.import.suffix.none": (
        "不能导入没有扩展名的文件；可用格式：%(allowed)s",
        "cannot import a file without extension files; give one of %(allowed)s",
    ),
    "error.import.size": (
        "文件超过 %(most)s 字节（设置项 KG_MAX_IMPORT_BYTES）",
        "the file is over %(most)s bytes (setting KG_MAX_IMPORT_BYTES)",
    ),
    "error.import.empty": (
        "请求内容为空：请发送要导入的文件",
        "the body is empty: send the file to import",
    ),
    "error.import.nothing": (
        "未导入任何内容：没有一行可以读取",
        "nothing was imported: no row could be read",
    ),
    "error.import.file.suffix": (
        "%(file)s：不能导入 %(suffix)s 文件；可用格式：%(allowed)s",
        "%(file)s: cannot import %(suffix)s files; give one of %(allowed)s",
    ),
    "error.import.file.suffix.none": (
        "%(file)s：不能导入没有扩展名的文件；可用格式：%(allowed)s",
        "%(file)s: cannot import a file without extension files; give one of %(allowed)s",
    ),
    "error.import.file.empty": ("%(file)s：文件为空", "%(file)s: the file is empty"),
    "error.import.file.blank": (
        "%(file)s：文件为空，既无表头也无数据行",
        "%(file)s: the file is empty: no header, no rows",
    ),
    "error.import.file.sheets": (
        "%(file)s：只有工作簿才有工作表",
        "%(file)s: only workbooks have sheets",
    ),
    "error.import.header.empty": (
        "%(file)s：第 1 行（表头）为空，须写明各列名称",
        "%(file)s: row 1 (the header) is empty: it must name the columns",
    ),
    "error.import.header.empty.sheet": (
        "%(file)s，工作表 %(sheet)s：第 1 行（表头）为空，须写明各列名称",
        "%(file)s, sheet %(sheet)s: row 1 (the header) is empty: it must name the columns",
    ),
    "error.import.column.twice": (
        "%(file)s，第 1 行：列 %(column)s 出现两次（%(one)s 列和 %(other)s 列）",
        "%(file)s, row 1: column %(column)s appears twice (%(one)s and %(other)s)",
    ),
    "error.import.column.twice.sheet": (
        "%(file)s，工作表 %(sheet)s，第 1 行：列 %(column)s 出现两次（%(one)s 列和 %(other)s 列）",
        "%(file)s, sheet %(sheet)s, row 1: column %(column)s appears twice (%(one)s and %(other)s)",
    ),
    "error.import.workbook": (
        "%(file)s：无法读取的工作簿：%(detail)s",
        "%(file)s: not a readable workbook: %(detail)s",
    ),
    "error.import.workbook.empty": (
        "%(file)s：工作簿中没有工作表",
        "%(file)s: the workbook has no sheets",
    ),
    "error.import.sheet.none": (
        "%(file)s：没有工作表 %(given)s；现有工作表：%(sheets)s",
        "%(file)s: no sheet %(given)s; the sheets are %(sheets)s",
    ),
    "error.import.sheet.empty": (
        "%(file)s，工作表 %(sheet)s：工作表为空，既无表头也无数据行",
        "%(file)s, sheet %(sheet)s: the sheet is empty: no header, no rows",
    ),
    "error.import.encoding": (
        "%(file)s：第 %(line)s 行：偏移 %(offset)s 处的字节既不是 UTF-8 也不是 GB18030；"
        "请将文件另存为 UTF-8（或 GB18030/GBK）文本",
        "%(file)s: line %(line)s: the bytes at offset %(offset)s are neither UTF-8 nor "
        "GB18030; save the file as UTF-8 (or GB18030/GBK) text",
    ),
    "error.import.row": (
        "%(file)s，第 %(row)s 行：%(detail)s",
        "%(file)s, row %(row)s: %(detail)s",
    ),
    "error.import.jsonl.empty": (
        "%(file)s：文件中没有 JSON 对象，无可导入的内容",
        "%(file)s: no JSON object in the file: nothing to import",
    ),
    "error.export.timeout": (
        "导出运行超过 %(seconds)s 秒，已被中止（设置项 KG_EXPORT_TIMEOUT）",
        "the export ran longer than %(seconds)s s and was stopped (setting KG_EXPORT_TIMEOUT)",
    ),
    "error.request.out_of_time": (
        "请求超时，其工作已中止",
        "the request ran out of time; its work was stopped",
    ),
    "error.iri.invalid": (
        "%(what)s：%(given)s 不是有效的 IRI（%(detail)s）",
        "%(what)s: %(given)s is not a valid IRI (%(detail)s)",
    ),
    "error.iri.not": ("不是 IRI：%(given)s", "not an IRI: %(given)s"),
    "error.entity.key": (
        "实体键 %(given)s 须形如 类别/名称（小写字母、数字与“-”）",
        "entity key %(given)s must look like kind/slug (lower-case, digits, '-')",
    ),
    "error.merge.kinds": (
        "%(keep)s（%(one)s）与 %(drop)s（%(other)s）不是同一类事物",
        "%(keep)s (%(one)s) and %(drop)s (%(other)s) are different kinds of thing",
    ),
    "error.merge.entity.none": ("没有实体 %(iri)s", "no entity %(iri)s"),
    "error.merge.name.none": (
        "没有新闻把 %(entity)s 称为 %(name)s",
        "no article names %(entity)s %(name)s",
    ),
    "error.code.none": ("没有国民经济行业分类代码 %(code)s", "no GB/T 4754-2017 code %(code)s"),
    "error.code.section": (
        "国民经济行业分类代码 %(code)s 属于门类 %(section)s，而不是 %(given)s"
        "（请写 %(section)s%(code)s 或 %(code)s）",
        "GB/T 4754-2017 code %(code)s is in section %(section)s, not %(given)s "
        "(write %(section)s%(code)s or %(code)s)",
    ),
    "error.code.empty": (
        "请给出国民经济行业分类代码或名称的一部分",
        "give a GB/T 4754 code or a part of a name",
    ),
    "error.query.none": ("没有命名查询 %(name)s", "no named query %(name)s"),
    "error.graph.none": ("没有图 %(graph)s", "no graph %(graph)s"),
    "error.graph.which": (
        "请在 ?graph=<IRI> 与 ?default 中恰好给出一项",
        "give exactly one of ?graph=<IRI> or ?default",
    ),
    "error.graph.media": (
        "无法读取 %(media)s；请发送以下格式之一：%(allowed)s（或每部分一种格式的 %(multipart)s）",
        "cannot read %(media)s; send one of: %(allowed)s (or %(multipart)s with one of them per part)",
    ),
    "error.graph.media.none": (
        "无法读取没有 Content-Type 的请求内容；请发送以下格式之一：%(allowed)s"
        "（或每部分一种格式的 %(multipart)s）",
        "cannot read a body without Content-Type; send one of: %(allowed)s "
        "(or %(multipart)s with one of them per part)",
    ),
    "error.graph.multipart": (
        "%(multipart)s 请求内容格式有误（缺少分隔符？）",
        "the %(multipart)s body is malformed (a boundary is missing?)",
    ),
    "error.ingest.media": (
        "无法抽取 %(media)s；请发送以下格式之一：%(allowed)s",
        "cannot ingest %(media)s; send one of: %(allowed)s",
    ),
    "error.ingest.media.none": (
        "无法抽取没有 Content-Type 的请求内容；请发送以下格式之一：%(allowed)s",
        "cannot ingest a body without Content-Type; send one of: %(allowed)s",
    ),
    "error.ingest.id": (
        "id 只能用于单篇文本、Markdown 或 HTML 文章，由字母、数字和“.”“_”“-”组成",
        "id names one text, Markdown or HTML article: letters, digits, '.', '_', '-'",
    ),
    "error.ingest.given": (
        "date、title 和 url 只能用于单篇文本、Markdown 或 HTML 文章；JSONL 的每一行自带这些字段",
        "date, title and url describe one text, Markdown or HTML article; "
        "a JSONL line carries its own",
    ),
    "error.ingest.date": (
        "日期 %(given)s 有误：请写作 YYYY-MM-DD（如 2024-08-23）",
        "bad date %(given)s: write it YYYY-MM-DD (2024-08-23)",
    ),
    "error.ingest.url": (
        "url %(given)s 有误：须为 http:// 或 https:// 开头的有效地址",
        "bad url %(given)s: it must be a valid http:// or https:// address",
    ),
    "error.ingest.empty": (
        "请求内容为空：请发送要抽取的文章",
        "the body is empty: send the article(s) to ingest",
    ),
    "error.ingest.nothing": (
        "请求内容中没有可读取的文章",
        "no article could be read from the body",
    ),
    "error.import.source": (
        "来源编号 %(given)s 只能由小写字母、数字和“-”组成",
        "source id %(given)s: lower-case letters, digits and '-'",
    ),
    "error.import.column.missing": (
        "%(file)s，第 1 行：缺少必需的列 %(missing)s；表头中的列为 %(header)s",
        "%(file)s, row 1: missing required column %(missing)s; the header has %(header)s",
    ),
    "error.import.column.missing.sheet": (
        "%(file)s，工作表 %(sheet)s，第 1 行：缺少必需的列 %(missing)s；表头中的列为 %(header)s",
        "%(file)s, sheet %(sheet)s, row 1: missing required column %(missing)s; "
        "the header has %(header)s",
    ),
    "error.format.results": (
        "%(format)s 不是 SPARQL 结果格式",
        "%(format)s is not a SPARQL results format",
    ),
    "error.format.rdf": ("%(format)s 不是 RDF 格式", "%(format)s is not an RDF format"),
    "error.format.acceptable": (
        "无法以所接受的任何媒体类型提供；可提供：%(offered)s",
        "none of the acceptable media types is available; offered: %(offered)s",
    ),
    "error.sparql.media": (
        "POST 请求的 Content-Type 须为 %(form)s、%(direct)s 或 %(update)s，而不是 %(given)s",
        "POST needs Content-Type %(form)s, %(direct)s or %(update)s, not %(given)s",
    ),
    "error.sparql.update.dataset": (
        "更新的数据集只能在请求中（USING、USING NAMED、WITH）或以 using-graph-uri / "
        "using-named-graph-uri 给出，不能两者都给",
        "give the update's dataset either in the request (USING, USING NAMED, WITH) or "
        "by using-graph-uri / using-named-graph-uri, not both",
    ),
    "error.sparql.remote.ambiguous": (
        "请求过于复杂，无法检查其是否访问远程服务",
        "the request is too ambiguous to check for remote access",
    ),
    "error.store": (
        "无法读写图谱存储（引擎的报错见服务器日志）",
        "the store could not be read or written (the server log has the engine's message)",
    ),
    "error.merge.curated": (
        "%(drop)s 是编辑整理的实体，须保留；请反向合并（保留 %(drop)s，并入 %(keep)s）",
        "%(drop)s is curated and stays; merge the other way (keep %(drop)s, drop %(keep)s)",
    ),
    "error.merge.curated.both": (
        "%(keep)s 与 %(drop)s 都是编辑整理的实体：请在 data/curated/ 中合并",
        "%(keep)s and %(drop)s are both curated: merge them in data/curated/",
    ),
    "error.import.strict": (
        "%(file)s：%(rows)s 行中有 %(bad)s 行有误；已选严格模式（--strict），未写入任何内容",
        "%(file)s: %(bad)s bad row(s) of %(rows)s; --strict: nothing was written",
    ),
    "error.import.rows.none": (
        "%(file)s：没有可导入的行（读取 %(rows)s 行），未写入任何内容",
        "%(file)s: no row could be imported (%(rows)s read); nothing was written",
    ),
    "error.body.triples": (
        "请求内容超过 %(most)s 个三元组（设置项 KG_MAX_BODY_TRIPLES）",
        "the body has more than %(most)s triples (setting KG_MAX_BODY_TRIPLES)",
    ),
    # noun.*: what a list holds, for error.page.beyond (error.name.* names a kind.*, or a
    # noun.* where the kind's word is too short for an error: "no industry chain called")
    "noun.chain": ("产业链", "industry chain"),
    "noun.sources": ("来源文档", "source documents"),
    "noun.facts": ("事实", "facts"),
    "noun.rows": ("数据行", "rows"),
    "query.hint": (
        "kg 的前缀已预先声明；默认图为所有图的并集。端点：",
        "kg's prefixes are predeclared; the default graph is the union of all graphs. Endpoint:",
    ),
    "query.description": ("服务描述", "Service description"),
    "query.named": ("命名查询", "Named queries"),
    "query.editor": ("SPARQL 编辑器", "SPARQL editor"),
    "query.example.partner-match": ("伙伴匹配示例", "Partner match example"),
    "query.example.industry-profile": ("产业画像", "Industry profile"),
    "query.example.entity-neighbourhood": ("实体关联", "Entity neighbourhood"),
    "query.example.source-facts": ("来源事实", "Facts of a source"),
    # term.*: the predicates of other vocabularies (kg's own carry zh/en labels in the ontology).
    "term.http://www.w3.org/1999/02/22-rdf-syntax-ns#type": ("类型", "type"),
    "term.http://www.w3.org/2004/02/skos/core#altLabel": ("别名", "alias"),
    "term.http://www.w3.org/2004/02/skos/core#definition": ("定义", "definition"),
    "term.http://www.w3.org/2004/02/skos/core#broader": ("上位概念", "broader"),
    "term.http://www.w3.org/2004/02/skos/core#narrower": ("下位概念", "narrower"),
    "term.http://www.w3.org/2004/02/skos/core#inScheme": ("所属体系", "in scheme"),
    "term.http://www.w3.org/2004/02/skos/core#topConceptOf": ("顶层概念", "top concept of"),
    "term.http://www.w3.org/2004/02/skos/core#editorialNote": ("编辑说明", "editorial note"),
    "term.http://www.w3.org/2004/02/skos/core#prefLabel": ("名称", "name"),
    "term.http://www.w3.org/2004/02/skos/core#notation": ("代码", "code"),
    "term.http://www.w3.org/2004/02/skos/core#scopeNote": ("范围说明", "scope note"),
    "term.http://www.w3.org/2004/02/skos/core#related": ("相关", "related"),
    "term.http://www.w3.org/2004/02/skos/core#exactMatch": ("完全对应", "exact match"),
    "term.http://www.w3.org/2004/02/skos/core#closeMatch": ("近似对应", "close match"),
    "term.http://www.w3.org/2004/02/skos/core#broadMatch": ("对应较宽概念", "broader match"),
    "term.http://www.w3.org/2004/02/skos/core#narrowMatch": ("对应较窄概念", "narrower match"),
    "term.http://www.w3.org/2000/01/rdf-schema#label": ("名称", "label"),
    "term.http://www.w3.org/2002/07/owl#sameAs": ("等同于", "same as"),
    "term.http://www.w3.org/2002/07/owl#versionInfo": ("版本", "version"),
    "term.https://schema.org/position": ("次序", "position"),
    "term.http://purl.org/dc/terms/issued": ("发布日期", "issued"),
    "term.http://purl.org/dc/terms/modified": ("修改日期", "modified"),
    "term.http://purl.org/dc/terms/references": ("引用", "references"),
    "term.http://purl.org/dc/terms/isPartOf": ("属于", "part of"),
    "term.http://www.w3.org/ns/org#organization": ("所在机构", "organisation"),
    "term.http://www.w3.org/ns/org#member": ("成员", "member"),
    "term.http://www.w3.org/ns/org#role": ("职务", "role"),
    "term.http://purl.org/dc/terms/title": ("标题", "title"),
    "term.http://purl.org/dc/terms/publisher": ("发布者", "publisher"),
    "term.http://purl.org/dc/terms/date": ("日期", "date"),
    "term.http://purl.org/dc/terms/identifier": ("标识", "identifier"),
    "term.http://purl.org/dc/terms/language": ("语言", "language"),
    "term.http://purl.org/dc/terms/description": ("描述", "description"),
    "term.http://purl.org/dc/terms/license": ("许可", "licence"),
    "term.http://www.w3.org/2000/01/rdf-schema#seeAlso": ("另见", "see also"),
    "term.https://schema.org/url": ("网址", "address"),
    "term.https://schema.org/mentions": ("提及", "mentions"),
    "term.https://schema.org/jobTitle": ("职务", "job title"),
    "term.http://www.w3.org/ns/prov#wasDerivedFrom": ("来源", "derived from"),
    "term.http://www.w3.org/ns/prov#wasGeneratedBy": ("生成于", "generated by"),
    "term.http://www.w3.org/ns/prov#wasAttributedTo": ("归属", "attributed to"),
    "term.http://www.w3.org/ns/prov#generated": ("生成", "generated"),
    "review.title": ("审核抽取的事实", "Review extracted facts"),
    "review.help": (
        "从新闻中自动抽取的事实在审核前标为“未审核”。核对原句后接受（成为已审核事实，记录审核人与时间）或驳回（保留为已驳回，重新抽取时不会再出现）。",
        "Facts extracted from the news are unreviewed until someone checks them against the "
        "sentence: accept them (they become reviewed, with the reviewer and time) or reject "
        "them (kept as rejected; re-ingestion does not bring them back).",
    ),
    "review.article": ("新闻编号", "News item"),
    "review.type": ("事实类型", "Fact type"),
    "review.all": ("全部", "All"),
    "review.confidence": ("最低置信度", "Minimum confidence"),
    "review.status": ("状态", "Status"),
    "review.status.extracted": ("待审核", "to review"),
    "review.status.curated": ("已接受", "accepted"),
    "review.status.rejected": ("已驳回", "rejected"),
    "review.show": ("筛选", "Filter"),
    "review.fact": ("事实", "Fact"),
    "review.evidence": ("原句", "Sentence"),
    "review.decision": ("审核", "Decision"),
    "review.accept": ("接受", "Accept"),
    "review.reject": ("驳回", "Reject"),
    "review.reviewer": ("审核人", "Reviewer"),
    "review.token": ("写入令牌", "Write token"),
    "review.token.help": (
        "接受与驳回需要服务器的写入令牌（KG_WRITE_TOKEN）；令牌只保存在本浏览器标签页中。",
        "Accepting and rejecting need the server's write token (KG_WRITE_TOKEN); it is kept in this browser tab only.",
    ),
    "review.readonly": (
        "本服务器为只读：可浏览待审核事实，但不能接受或驳回（设置 KG_WRITE_TOKEN 以开启）。",
        "This server is read-only: the queue can be read, not decided (set KG_WRITE_TOKEN to enable it).",
    ),
    "review.by": ("审核人 %(who)s，%(when)s", "by %(who)s, %(when)s"),
    "review.none": ("没有符合条件的事实。", "No facts match."),
    "review.confidence.short": ("置信度", "confidence"),
    "review.source": ("原文", "article"),
    "review.failed": ("操作失败：", "Failed: "),
    "review.need": (
        "请先填写审核人和写入令牌。",
        "Fill in the reviewer and the write token first.",
    ),
    "review.merges": ("合并候选", "Merge candidates"),
    "merges.title": ("合并与拆分实体", "Merge and split entities"),
    "merges.help": (
        "同一事物在不同新闻中可能有不同名称。下列两两实体看起来是同一事物，并列出理由；核对后合并（保留其一，另一个的全部事实归入它，旧标识重定向到它）或确认两者不同。已合并的可以撤销。重新抽取新闻时保留这些决定。",
        "One thing goes by several names across the news. Each pair below looks like one "
        "thing, with why: merge them (one stays; every fact of the other moves to it and its "
        "IRI redirects there) or confirm they differ. A merge can be undone. Re-ingesting the "
        "news keeps these decisions.",
    ),
    "merges.back": ("← 审核抽取的事实", "← Review extracted facts"),
    "merges.kind": ("类型", "Kind"),
    "merges.show": ("显示", "Show"),
    "merges.candidates": ("待决定的候选", "candidates to decide"),
    "merges.decided": ("已作出的决定", "decisions made"),
    "merges.one": ("实体", "Entity"),
    "merges.other": ("另一实体", "Other entity"),
    "merges.why": ("理由", "Why"),
    "merges.mentions": ("%(n)s 篇新闻提及", "in %(n)s articles"),
    "merges.mentions.one": ("%(n)s 篇新闻提及", "in %(n)s article"),
    "merges.open": ("待决定", "open"),
    "merges.keep": ("合并，保留“%(name)s”", "Merge, keep “%(name)s”"),
    "merges.apart": ("不是同一事物", "Not the same"),
    "merges.undo": ("撤销合并", "Undo the merge"),
    "merges.relation.merged": ("已合并", "merged"),
    "merges.relation.apart": ("确认不同", "kept apart"),
    "merges.done.split": ("已确认不同", "kept apart"),
    "merges.none": ("没有待决定的合并候选。", "No merge candidates."),
    "pager.prev": ("上一页", "Previous"),
    "pager.next": ("下一页", "Next"),
    "pager.page": ("第 %(page)s / %(pages)s 页", "Page %(page)s of %(pages)s"),
    "footer": (
        "数据来自公开来源；每条事实均可追溯到来源原句。",
        "Data from public sources; every fact traces back to a source sentence.",
    ),
    "evidence.record": ("数据行", "Record"),
    "evidence.sheet": ("工作表", "sheet"),
    "evidence.row": ("第", "row"),
    "evidence.row.after": ("行", ""),
    "evidence.column": ("列", "column"),
    "evidence.sha256": ("文件 SHA-256", "file SHA-256"),
    "import.title": ("导入表格", "Import a table"),
    "import.help": (
        "上传企业登记导出、园区名录或项目库（CSV、XLSX、XLS、ODS、JSONL），先检查每一行并预览将写入的内容，再确认导入。每条事实都引用其文件、工作表、行和列。",
        "Upload an enterprise registry export, a park list or a project library (CSV, XLSX, XLS, ODS, JSONL): every row is checked and what would change is shown before you load it. Every fact cites its file, sheet, row and column.",
    ),
    "import.file": ("文件", "File"),
    "import.mapping": ("映射", "Mapping"),
    "import.columns": ("读取的列", "Columns read"),
    "import.strict": ("有错误行时全部不导入", "Load nothing if any row is bad"),
    "import.token.help": (
        "写入令牌只保存在本页内存中，离开或刷新页面即清除。",
        "The write token stays in this page's memory only; leaving or reloading the page forgets it.",
    ),
    "import.check": ("检查（不写入）", "Check (write nothing)"),
    "import.load": ("确认导入", "Load"),
    "import.readonly": (
        "本服务器为只读：未设置写入令牌，不能导入。",
        "This server is read-only: no write token is configured, so nothing can be imported.",
    ),
    "import.need": ("请选择文件并输入写入令牌。", "Choose a file and type the write token."),
    "import.failed": ("失败：", "Failed: "),
    "import.checking": ("正在检查……", "Checking…"),
    "import.loading": ("正在导入……", "Loading…"),
    "import.report": ("检查结果", "Report"),
    "import.loaded": ("已导入", "Loaded"),
    "import.would": ("将写入", "Would write"),
    "import.statements": ("条三元组", "statements"),
    "import.rows": ("行", "rows"),
    "import.read": ("读取", "read"),
    "import.ok": ("可导入", "importable"),
    "import.bad": ("错误行", "bad rows"),
    "import.entities.new": ("新实体", "new entities"),
    "import.entities.known": ("图谱中已有", "already in the graph"),
    "import.replaces": ("将替换此前导入的记录", "replaces earlier records"),
    "import.links": ("与已有实体关联（请核对）", "Linked to entities the graph had (check them)"),
    "import.unchanged": ("文件未变，无需导入。", "The file is unchanged; nothing to do."),
    "import.done": ("导入完成。", "Imported."),
    "import.history": ("已导入的表格", "Imported tables"),
    "import.none": ("尚未导入任何表格。", "No table has been imported yet."),
    "import.records": ("行记录", "records"),
    "import.source.title": ("导入的表格", "Imported table"),
    "import.source.mapping": ("映射", "mapping"),
    "import.source.when": ("导入时间", "imported at"),
    "import.source.columns": ("列与属性", "Columns and properties"),
    "import.source.rows": ("数据行及其事实", "Rows and the facts they gave"),
    "import.source.linked": ("关联依据", "linked by"),
    "import.source.cells": ("原始单元格", "cells as written"),
    # why.*: the explanations of partner matching, by code (kg.match.explain lists them;
    # kg.match.words fills them in). Parts first, then one message per code.
    "why.relation.operatesIn": ("从事", "operates in"),
    "why.relation.inIndustry": ("属于", "belongs to"),
    "why.relation.builds": ("建设", "builds"),
    "why.relation.investsIn": ("投资", "invests in"),
    "why.relation.participatesIn": ("参与", "takes part in"),
    "why.relation.operates": ("运营", "runs"),
    "why.relation.establishes": ("成立", "founded"),
    "why.relation.site": ("承载", "hosts"),
    "why.relation.industryClass": ("登记为", "is registered as"),
    "why.relation.other": ("关联", "is tied to"),
    "why.status.gap": ("缺失", "a gap"),
    "why.status.weak": ("薄弱", "weak"),
    "why.status.present": ("已有", "present"),
    "why.coverage.map": ("产业链图把它列入该环节", "the chain map puts it in this segment"),
    "why.coverage.exactMatch": (
        "它与该环节的国民经济行业分类类别对应（exactMatch）",
        "it matches a GB/T 4754 class of the segment (exactMatch)",
    ),
    "why.coverage.broadMatch": (
        "它属于该环节的国民经济行业分类类别（broadMatch）",
        "it lies within a GB/T 4754 class of the segment (broadMatch)",
    ),
    "why.coverage.closeMatch": (
        "它与该环节的国民经济行业分类类别相近（closeMatch）",
        "it is close to a GB/T 4754 class of the segment (closeMatch)",
    ),
    "why.coverage.chain": (
        "只知属于本产业链所属产业，环节未知",
        "only its industry is known, not its segment",
    ),
    "why.coverage.keyword": ("关键词来自产业链图", "the keyword is the chain map's"),
    "why.coverage": ("；%(coverage)s", "; %(coverage)s"),
    "why.segment": (
        "「%(segment)s」环节（本地%(status)s）",
        "the segment %(segment)s (%(status)s locally)",
    ),
    "why.segment.unknown": ("本产业链（环节未知）", "the chain (segment not known)"),
    "why.carrier": ("（通过「%(carrier)s」）", " (through %(carrier)s)"),
    "why.with": ("（含%(also)s）", " (with %(also)s)"),
    "why.and": ("、", ", "),
    "why.then": ("；", "; "),
    "why.member.industry.segment": (
        "%(relation)s%(where)s%(carrier)s",
        "%(relation)s %(where)s%(carrier)s",
    ),
    "why.member.industry": (
        "%(relation)s%(concept)s%(carrier)s，属于%(where)s%(coverage)s",
        "%(relation)s %(concept)s%(carrier)s, in %(where)s%(coverage)s",
    ),
    "why.member.project": (
        "%(relation)s「%(via)s」（%(concept)s）%(carrier)s，属于%(where)s%(coverage)s",
        "%(relation)s %(via)s (%(concept)s)%(carrier)s, in %(where)s%(coverage)s",
    ),
    "why.member.site": (
        "承载「%(via)s」（%(concept)s）%(carrier)s，属于%(where)s%(coverage)s",
        "hosts %(via)s (%(concept)s)%(carrier)s, in %(where)s%(coverage)s",
    ),
    "why.member.registered": (
        "登记行业为%(concept)s，属于%(where)s",
        "registered under GB/T 4754 %(concept)s, in %(where)s",
    ),
    "why.member.keyword": (
        "有关它的原句提到「%(keyword)s」%(carrier)s，属于%(where)s（关键词推断，较弱）",
        "a sentence about it%(carrier)s names “%(keyword)s”: %(where)s (a keyword inference, weaker)",
    ),
    "why.where.local": ("在本地区%(also)s", "in the region%(also)s"),
    "why.where.local.places": (
        "在本地区%(also)s：位于%(places)s",
        "in the region%(also)s: in %(places)s",
    ),
    "why.where.outside": (
        "在区外%(also)s：可引进的伙伴",
        "elsewhere%(also)s: a partner to bring in",
    ),
    "why.where.unknown": (
        "地点不详%(also)s：图谱未给出它（或其项目、载体）的位置，按区外对待",
        "location not known%(also)s: the graph gives no place for it (or its project or site); treated as not in the region",
    ),
    "why.where.around": (
        "位置不够具体%(also)s：图谱只说它在%(places)s（含本地区），可能在本地，按区外对待",
        "placed only in %(places)s%(also)s, which contains the region: it may be here; treated as not in the region",
    ),
    "why.where.benchmark": (
        "区外园区或项目%(also)s：竞争同一产业链的对标，不是招引对象",
        "a park or project elsewhere%(also)s: a benchmark competing for the same chain, not a partner",
    ),
    "why.trust.reviewed": (
        "有已审核的来源事实（%(sources)s 篇文献，%(sentences)s 句）",
        "reviewed facts back it (%(sources)s document(s), %(sentences)s sentence(s))",
    ),
    "why.trust.asserted": (
        "来自导入或加载的数据集（无原句可审）",
        "stated by an imported or loaded dataset (no sentence to review)",
    ),
    "why.trust.unreviewed": (
        "仅有未审核的新闻抽取事实（%(sources)s 篇文献，%(sentences)s 句）",
        "only unreviewed facts extracted from the news (%(sources)s document(s), %(sentences)s sentence(s))",
    ),
    "why.industry": (
        "%(relation)s%(industry)s%(broader)s",
        "%(relation)s %(industry)s%(broader)s",
    ),
    # the noun after an industry's name where the language says one (航空航天产业); kg.match.words
    # leaves it out after a name that already ends in its last character (数据产业, 制造业)
    "why.industry.noun": ("产业", ""),
    "why.industry.broader": ("（属于%(target)s）", " (a kind of %(target)s)"),
    "why.industry.via": (
        "%(relation)s「%(via)s」（%(industry)s%(broader)s）",
        "%(relation)s %(via)s (%(industry)s%(broader)s)",
    ),
    "why.industry.via.broader": ("，属于%(target)s", ", a kind of %(target)s"),
    "why.region": ("%(places)s", "%(places)s"),
    "why.region.place": ("%(thing)s位于%(place)s", "%(thing)sin %(place)s"),
    "why.region.thing": ("「%(thing)s」", "%(thing)s "),
    "why.place.up": ("%(place)s（%(up)s）", "%(place)s (%(up)s)"),
    "why.editorial": (
        "依据编辑关联（非来源原句）：%(links)s",
        "rests on editorial links (no source sentence): %(links)s",
    ),
    "why.editorial.link": ("%(words)s：%(rationale)s", "%(words)s: %(rationale)s"),
    "why.with_editorial": ("%(reason)s。%(editorial)s", "%(reason)s. %(editorial)s"),
    "why.gap": (
        "缺失：本地没有「%(segment)s」环节的企业或机构，区外已知 %(elsewhere)s 个",
        "gap: no local player in %(segment)s; %(elsewhere)s known elsewhere",
    ),
    "why.weak": (
        "薄弱：本地仅 %(n)s 个（少于 %(below)s 个），区外已知 %(elsewhere)s 个",
        "weak: %(n)s local player(s), fewer than %(below)s; %(elsewhere)s known elsewhere",
    ),
    "why.present": (
        "已有：本地 %(n)s 个，区外已知 %(elsewhere)s 个",
        "present: %(n)s local players; %(elsewhere)s known elsewhere",
    ),
    # merge.why.*: why two entities may be one thing (kg.merges), with %(short)s, %(full)s, %(part)s.
    "merge.why.before": (
        "%(full)s 即 %(short)s 前加“%(part)s”",
        "%(full)s is %(short)s with %(part)s before it",
    ),
    "merge.why.after": (
        "%(full)s 即 %(short)s 后加“%(part)s”",
        "%(full)s is %(short)s with %(part)s after it",
    ),
    "merge.why.abbreviation": (
        "%(short)s 可能是 %(full)s 的简称",
        "%(short)s may abbreviate %(full)s",
    ),
    # ... and the longer name ends in an organ word (%(unit)s): likely a part, not a name.
    "merge.why.after.unit": (
        "%(full)s 即 %(short)s 后加“%(part)s”，但“%(unit)s”是机构或部门用词：多为其下属部分，而非同一机构",
        "%(full)s is %(short)s with %(part)s after it, but %(unit)s names an organ or unit: "
        "likely a part of it, not another name",
    ),
    # ... and the part before it is an ordinal session or a year (%(session)s): a session.
    "merge.why.before.session": (
        "%(full)s 即 %(short)s 前加“%(session)s”，但这是届次或年份：多为该系列活动的一届，而非同一活动",
        "%(full)s is %(short)s with %(session)s before it, but that is a session or a year: "
        "likely one session of a recurring event, not another name",
    ),
    "merge.why.abbreviation.unit": (
        "%(short)s 可能是 %(full)s 的简称，但“%(unit)s”是机构或部门用词：多为同级或下属的另一机构",
        "%(short)s may abbreviate %(full)s, but %(unit)s names an organ or unit: likely "
        "another part or a sibling, not another name",
    ),
    # ... where the reason quotes an identity key (%(id_key)s), not a name: whose key it is.
    "merge.why.key": (
        "（%(id_key)s 为 %(name)s 的识别名，即去掉法律形式、“中国”等）",
        " (%(id_key)s: the identity key of %(name)s, without a legal form, 中国 and the like)",
    ),
}


def text(key: str, lang: str) -> str:
    """The template of message ``key`` in ``lang``, its values not filled in (the key
    itself for an unknown key, so a missing word shows as its name rather than failing a
    page): what gettext returns, for Jinja2's i18n extension to fill in.

    >>> text("sources.total", "en")
    '%(n)s source documents'
    """
    if lang not in LANGUAGES:
        raise ValueError(f"no language {lang!r}: {', '.join(LANGUAGES)}")
    pair = MESSAGES.get(key)
    return pair[LANGUAGES.index(lang)] if pair else key


class Key(str):
    """A message key given as a value of another message: said in that message's language.

    >>> say("error.name.empty", "zh", what=Key("kind.region"))
    '请给出地区的名称或 IRI'
    """

    __slots__ = ()


def say(key: str, lang: str, **values: object) -> str:
    """The message ``key`` in ``lang`` with ``values`` filled in, as a page's
    ``_(key, **values)`` says it (a :class:`Key` among them said in ``lang`` too).

    >>> say("nav.home", "en"), say("sources.total", "zh", n=3)
    ('Home', '共 3 篇来源文档')
    """
    said = {k: text(v, lang) if isinstance(v, Key) else v for k, v in values.items()}
    return text(key, lang) % said


def label(item: object, lang: str) -> str:
    """A thing's name in ``lang`` (zh ``label``, en ``label_en``, of a mapping or an
    object such as :class:`kg.entities.Label`), else the other language's, else its IRI's
    local name: the one choice of a name for a page, the API's ``*_en`` words and the
    match's (fact rows, evidence, links).

    >>> label({"label": "哈尔滨", "label_en": "Harbin"}, "en"), label({"label": "哈尔滨"}, "en")
    ('Harbin', '哈尔滨')
    >>> label({"iri": "https://w3id.org/kg-industry/id/org/x"}, "en")
    'x'
    """
    if isinstance(item, Mapping):
        zh, en, iri = item.get("label"), item.get("label_en"), item.get("iri")
    else:
        zh, en = getattr(item, "label", None), getattr(item, "label_en", None)
        iri = getattr(item, "iri", None)
    chosen = (en or zh) if lang == "en" else (zh or en)
    if chosen and chosen != iri:  # (a Label's ``label`` is its IRI when it has no name)
        return str(chosen)
    return str(iri or "").rsplit("#", 1)[-1].rsplit("/", 1)[-1]


# The scales a large number is said in: Chinese counts in 万 (10^4) and 亿 (10^8), English
# in thousands; the largest first.
SCALES: dict[str, tuple[tuple[int, str], ...]] = {
    "zh": ((10**12, "万亿"), (10**8, "亿"), (10**4, "万")),
    "en": ((10**12, " trillion"), (10**9, " billion"), (10**6, " million"), (10**3, " thousand")),
}


def quantity(value: object, lang: str, unit: str | None = None) -> str:
    """A number as a page in ``lang`` says it, with its ``unit`` (a code such as ``CNY``
    in words, :data:`MESSAGES` ``unit.*``, else as written): from ten thousand up in the
    scale words of :data:`SCALES`, at most two decimals (the exact value is the page's to
    keep beside it); below ten thousand as it is - in Chinese without separators (the
    digits of 万 and 亿 group by four, so commas every three would mislead), in English
    with thousands separators. Anything not a number is returned as written.

    >>> [quantity(n, "zh") for n in (0, 9999, 10000, 32000, 123456789, "12590000000000")]
    ['0', '9999', '1万', '3.2万', '1.23亿', '12.59万亿']
    >>> [quantity(n, "en") for n in (0, 9999, 10000, 123456789, "12590000000000")]
    ['0', '9,999', '10 thousand', '123.46 million', '12.59 trillion']
    >>> quantity("250000000000", "zh", "CNY"), quantity("250000000000", "en", "CNY")
    ('2500亿元', '250 billion yuan')
    >>> quantity(172, "zh", "个"), quantity(172, "en", "个"), quantity(3, "en", "km")
    ('172个', '172 items', '3 km')
    >>> quantity("-0.25", "en"), quantity("12345.678", "zh"), quantity(-123456789, "en")
    ('-0.25', '1.23万', '-123.46 million')
    >>> quantity("99999999", "zh"), quantity("999999.999", "en"), quantity("约百亿", "zh")
    ('1亿', '1 million', '约百亿')
    """
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    if not number.is_finite():
        return str(value)
    said = _plain(number, ",") if lang == "en" else _plain(number, "")
    size = abs(number)
    scales = SCALES["en" if lang == "en" else "zh"]
    for i, (scale, word) in enumerate(scales):
        if size < max(scale, 10**4):
            continue
        shown = (size / scale).quantize(Decimal("0.01"), ROUND_HALF_UP)
        # 9999.999万 rounds to 10000万: one scale up is 1亿
        if i > 0 and shown * scale >= scales[i - 1][0]:
            scale, word = scales[i - 1]
            shown = (size / scale).quantize(Decimal("0.01"), ROUND_HALF_UP)
        said = ("-" if number < 0 else "") + _plain(shown, "") + word
        break
    if not unit:
        return said
    words = text(f"unit.{unit}", lang) if f"unit.{unit}" in MESSAGES else unit
    return f"{said} {words}" if lang == "en" else f"{said}{words}"


def _plain(number: Decimal, separator: str) -> str:
    """``number`` in positional notation, without trailing zeros after the point,
    its thousands separated by ``separator``."""
    if number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    else:
        number = number.normalize()
    return f"{number:{separator}f}" if separator else f"{number:f}"


__all__ = ["DEFAULT", "LANGUAGES", "MESSAGES", "SCALES", "Key", "label", "quantity", "say", "text"]
