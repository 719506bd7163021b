"""Mentions of named things in a sentence, from four sources merged as candidates:

1. the gazetteer (names the graph knows, China's divisions, industries of kg's scheme and
   GB/T 4754, abbreviations), longest first;
2. name suffixes (有限公司, 大学, 研究院, 产业园, 项目, 对接会, ...) growing a name leftwards
   over name-like tokens, refusing groups and kinds (一批重大项目, 新能源产业园);
3. title marks (《》 policies) and quoted plans (“一带一路”倡议);
4. statistical NER (:mod:`kg.ingest.extract.ner`): organisations named without a suffix
   (中联重科, 福特) when the sentence does business with them; people next to a position.

Two different names never merge: 哈尔滨工业大学 and 哈尔滨工程大学 are two mentions.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import cached_property

from kg.ingest.extract.labeller import KINDS as LABELLED
from kg.ingest.extract.lexicon import Lexicon
from kg.ingest.extract.model import ORG_KINDS, Mention
from kg.ingest.gazetteer import Entry, Gazetteer, within

Token = tuple[str, str]  # (word, jieba tag)

# jieba part-of-speech tags a name may be built of.
NAMEISH = {"ng", "f", "ns", "nt", "nz", "n", "nr", "nrt", "nrfg", "j", "eng", "m", "q", "an", "b", "x"}
# Tags that make a run of words a proper name (a place, an organisation, a brand, a number).
PROPER = {"ns", "nt", "nz", "nr", "nrt", "nrfg", "j", "eng", "m"}
PERSON_TAGS = {"nr", "nrfg", "nrt"}
COMMON_TAGS = {"ns", "v", "vn", "n", "a", "ad", "d", "t", "s", "f"}  # jieba: not a brand alone
HYPHENS = set("-－–")
STOP = set("与和及同在的为由向将对是于从把被让给以并也还已正共到至跟就而或等了着过这那该其各此每经")
PUNCT = set("，。、；：！？“”‘’（）《》【】,.;:!?()[] \t\n")
MIN_BODY = 2  # characters a name has besides its suffix
ROUTES = ("高铁", "铁路", "高速", "公路")  # 西安至十堰高铁: the name spans 至
MEASURES = set("个座条项家所批台艘架趟列班")  # measure words of counts and ordinals (第一座, 首趟)
# A run that starts with a count or a determiner names a group, not one thing (一批项目,
# 10多个项目, 首批重大项目, 这些企业).
GENERIC = re.compile(
    r"^(?:[\d一二三四五六七八九十百千万两几数多首本该这那各每全其]+[多余]?[个批家项座条所类种场]|一批|首批|"
    r"多个|部分|重点|重大|相关|有关|其他|其它|上述|大型|一些|若干|众多|新一批|全国|全省|全市|全区|我国|各地|"
    r"很多|不少|许多|增量|上市|当地|本地|国内|国外|境外|海外|高水平|中国特色|新建|现有|第[\d一二三四五六七八九十]+届(?!.*(?:会|节|赛|展|坛))|"
    r"[一二三四五六七八九十]+大(?![会学])|(?:国家|省|市|县)级以上|"
    r"[一本该这那各每上下历今]届)"  # 最大的一届广交会 (十四届全国人大 is a name)
)
# The endings of policy documents: a 《》 title without one names a book, a show or a song.
POLICY_ENDS = re.compile(
    r"(?:规划|方案|意见|通知|办法|规定|条例|计划|纲要|目录|决定|政策|措施|指南|标准|法|报告|倡议|协定|"
    r"宣言|清单|名录|细则|行动|战略|指引|白皮书|公报|声明|议定书|框架|路线图|建议|决议|体系|"
    r"要点|公约|法案|协议|备忘录|纪要|规范|准则|守则|章程|导则|公告|通告|批复|蓝皮书|"
    r"条约|宪章|议程|纲领|规程|规则|(?:主席|授勋|国务院)令)"
    r"(?:（[^）]*）|\([^)]*\)|[·•]\d{4})?$"
)
# The kind of document written right after its 《》 title (《中国陆域生态基础分区》方案,
# 《世界经济形势与展望》报告, 《…操作规范》团体标准): the title names a document, whatever
# it ends in.
TITLE_KIND = re.compile(r"(?:方案|报告|(?:国家|行业|地方|团体)?标准|规划|白皮书|蓝皮书|政策文件|文件)(?![\u4e00-\u9fff]{0,1}(?:会|园|区|库|馆))")
# The kind of work of art written right after a 《》 title (《熊猫计划》等影片, 《兔年兔宝贝》…等15部
# 原创季播节目): the title names a film, a show or a book, whatever it ends in. Words between
# the title and the kind only after 等 or a count: 《…意见》支持电影 is a document that speaks
# of films (review50).
WORK_OF_ART = re.compile(
    r"(?:《[^《》]*》)*(?:(?:等[\d一二三四五六七八九十百]*[部集首本档期]?|[\d一二三四五六七八九十百]+[部集首本档期])"
    r"[\u4e00-\u9fff]{0,4}?)?"
    r"(?:节目|纪录片|专题片|电视剧|网剧|影片|电影|动画片|动画|图书|丛书|书籍|读物|歌曲|栏目|综艺|晚会|话剧|舞剧|歌剧|新片)"
)
# A line of a city's metro or rail by its number, no city before it (11号线): no name of its own.
NUMBERED_LINE = re.compile(r"(?:地铁|轨道交通|城轨|轻轨|有轨电车)?[\d一二三四五六七八九十]+号线")
# A group or a kind anywhere in a name (福建一批重大项目, 多场对接活动, 新能源汽车产业重点项目).
GROUP = re.compile(
    r"一批|首批|一大批|新一批|多场|多个|多项|若干|一系列|各类|各项|\d+[个项家场座条批]|[两三四五六七八九十百]+[个项家场座条批]"
    r"|(?:重点|重大|相关|配套)(?:建设)?(?:项目|工程|园区|基地)$|[省市县]?级以上|(?<![二十])[两三四五六七八九]大"
)
# An enterprise leading a longer name (国药集团黑龙江中药产业园项目).
LEAD_ORG = re.compile(r"^[^\W\d]{2,8}?(?:集团|股份有限公司|有限公司|公司)(?=.{2,})")
# A count just before a name (20家...培训基地, 5家超百亿元的...项目) makes it a group.
COUNTED = re.compile(r"(?:\d+|[一二两三四五六七八九十几多数]+)[个家项批座条所](?:[^，,；;。]{0,10}的)?$")
# Left of the suffix, only words that say what kind of thing it is.
KIND_WORDS = re.compile(
    r"^(?:产业|重点|重大|国际|国家级|省级|现代|综合|示范|特色|大型|新型|一体化|集聚|发展|建设|技改|投资|"
    r"房地产|城市|商品住房|住房|功能|军用|民用|基础设施|民生|改造|升级|外资|总部|地方|老|"
    r"(?:\d{4}年)?(?:首|第[\d一二三四五六七八九十]+)届)*$"
)
# Suffixes of works and parks that a place alone does not name (湖北项目, 重庆铁路, 深圳园区
# are kinds or parts; 长沙机场, 哈尔滨新区 are names).
PLACE_IS_NO_NAME = ("项目", "工程", "铁路", "高铁", "园区", "基地")
# After a medium's name at the start of an item: its dateline (央视网消息, 新华社北京8月1日电).
DATELINE = re.compile(r"消息|[\u4e00-\u9fff]{0,6}\d{1,2}月\d{1,2}日电")
# The edition of a recurring event, right before its name (第134届, 2023年, 2024年第七届).
EDITION = re.compile(r"(?:\d{4}年?)?(?:第[\d一二三四五六七八九十百]+届)?$")
# Words of a work's stage before its name (新建浙江金华至宁波铁路, 在建西安至十堰高铁): not the name's,
# nor a place (新建 is a district of 南昌 too).
STAGES = ("新建", "在建", "续建", "拟建", "新开工", "改扩建", "扩建")
# The meetings of a series that are its sessions (两岸企业家峰会年会, 博鳌亚洲论坛年会).
MEETINGS = ("峰会", "年会")
# A year's meeting written after the series it belongs to (世界经济论坛2023年年会): the meeting
# is the event, as with an edition written before (2024年博鳌亚洲论坛).
ANNUAL = re.compile(r"(?:\d{4}年?|第[\d一二三四五六七八九十百]+届)(?:年会|峰会)")
# A capacity that begins a project's name (百万吨, 20万吨, 年产30万吨, 175万千瓦) and a
# phase after it (一期): a plant named by what it makes and how much.
CAPACITY = re.compile(
    r"(?:年产)?(?:[\d.]+|[一二两三四五六七八九十百千]+)(?:万|亿|百万|千万)?"
    r"(?:吨|千瓦|兆瓦|吉瓦|万千瓦|立方米|标准箱|辆|台|套|片|千瓦时|吉瓦时)级?"
)
PHASE = re.compile(r"[一二三四五六七八九十]期")
# A project named after the work it belongs to, its part and phase after the work's name
# (…高铁多式联运一期项目): the project's name runs on to 项目 or 工程.
WORK_PART = re.compile(r"(?P<part>[\u4e00-\u9fff]{2,8}?)(?:[一二三四五六七八九十]期)?(?:项目|工程)(?![\u4e00-\u9fff]{0,1}(?:群|区|部))")
NOT_A_PART = re.compile(
    r"建设|沿线|配套|重点|重大|等|和|与|及|的|是|在|为|将|已|又|再|项目|工程|这|那|些|超级|伊始|[两一二三四五六七八九十几]大"
)
# Verbs that hold an event: the words after them name it, whatever they are (主持召开先进
# 制造业发展座谈会, 举办全国职业技能大赛).
HOLDING = ("召开", "举办", "举行", "主持", "主办", "承办", "办好")
# The sides of the country a park's name may begin with (两岸…示范区),
# which jieba tags as directions, not places.
SIDES = ("两岸", "东部", "西部", "中部", "南部", "北部", "东北", "西北", "西南", "东南", "华东", "华南", "华北", "华中")
# Names found by their anchor (:meth:`Names._anchored`): the kinds, the tags that end the
# run of words before the suffix, and the editions that begin it (第三届, 首届, 2024年).
ANCHORED_KINDS = ("park", "event", "platform")  # a work's name follows _grow's finer rules
ANCHOR_EDGE_TAGS = {"p", "c", "u", "uj", "ul", "uz", "ug", "uv", "ud", "r", "d", "t", "q", "f", "y", "e", "o", "ad", "zg", "z"}
EDITION_WORD = re.compile(r"第[\d一二三四五六七八九十百]+届|首届|\d{4}年?")
# A section of a line after the line's name: by its ends (长沙至株洲段) or its place (湖北段).
SECTION = re.compile(r"(?:[\u4e00-\u9fff]{2,5}?[至到][\u4e00-\u9fff]{2,5}?|(?P<place>[\u4e00-\u9fff]{2,3}?))段")
# A port of entry named after the bridge or airport it is on (…大桥公路口岸, …国际机场口岸:
# the General Administration of Customs' names of the ports): a project, the port. A city's
# railway port (绥芬河铁路口岸) is named after the city, not a work: the port, by its own suffix
# (口岸, name-suffixes.csv), is the project.
PORT_OF_WORK = re.compile(r"(?:[\u4e00-\u9fff]{2}(?:公路|铁路)?)?口岸")
# A port named by its place and 港 where the tokenizer joins them (厦门港, 贵港港, 山东
# 青岛港: corpus text, 2022-2023): the Ministry of Transport's names of seaports and river ports. Not the words 港
# begins (港口, 港区, 港澳, 港务, 港股), nor a group of the port (…港集团).
# What a project's head names when it is not a work: a sport's discipline (比赛项目, 竞赛项目),
# a work of a size or a kind only (万吨级油气田, 亿吨级油田).
NOT_A_WORK = re.compile(r"(?:(?:比赛|竞赛|体育|运动|赛事)项目|[级型]油气田|[级型]油田|[级型]气田)$")
# A work's head inside an award's name (…土木工程詹天佑奖, …建设工程鲁班奖): the award's, no work.
AWARD_AFTER = re.compile(r"(?![获荣得拿夺颁入])[\u4e00-\u9fff]{2,3}奖(?![励金])")
PORT_OFFICE = re.compile(r"管理|办公|委员|局|办|工作")  # 口岸管理局: an office of the port
PORT_AFTER_PLACE = re.compile(r"港(?![口区澳务城股资人企籍特珠站科部同法机大中湾航台商币内外新片]|集团)")
# Nouns a work's word qualifies (铁路口岸, 高铁经济, 高铁网; 穿越长江高铁隧道: a tunnel):
# the phrase names no work.
WORK_AS_MODIFIER = ("口岸", "经济", "网", "局", "时代", "沿线", "运输", "隧道", "大桥", "特大桥")
# The role a work plays in a longer one (控制性工程 of a railway, 标志性工程 of a road): a
# description of the work, whose own name follows (…控制性工程 and a bridge's name) if it has one.
ROLE_OF_WORK = re.compile(r"(?:控制性|标志性|关键性|枢纽性|先导性|示范性)(?:工程|项目)$")
# A water diversion is named by its source and where the water goes (引漳入林, 引绰济辽):
# after 引, one or two characters, 济 / 入 / 补, one or two characters.
DIVERSION = re.compile(r"[\u4e00-\u9fff]{1,2}[济入补][\u4e00-\u9fff]{1,2}")
# How often jieba's dictionary (built from general Chinese text) must have seen a county's
# short form for it to be a common word first (新建 1000, 古城 1664, 太平 1113, 江南 4986),
# a place only after its city or province; the short forms of counties it knows as places
# alone are rarer (涪陵 150, 江阴 210, 喀什 311).
COMMON_WORD = 500
# A number's digits and units: a county's short form right after them is a word (亿元大关).
NUMBER_UNITS = set("零一二两三四五六七八九十百千万亿元吨户个%")
# What makes a body national before its name (国家发展和改革委员会, 国务院国资委), and the
# levels and words that make one local without naming its place (省发改委, 地方国资委).
NATIONAL = ("国家", "国务院", "中华人民共和国", "中央")
LOCAL_LEVEL = re.compile(r"(?:[省市县区州盟旗]|自治区|地方|各地|当地|基层)$")
# What follows an event's name in the report that holds it: when (11月7日, 今天（…）, 4月20日
# —21日), where (在辽宁沈阳), the verb (举行, 开幕, 召开).
HELD_AFTER = re.compile(
    r"(?:\d{1,2}月\d{1,2}日(?:[—－\-至到]\d{1,2}日)?|今天|昨天|今日|今晚|昨晚|当晚|日前|近日|（[^（）]{1,12}）|将于|于)*"
    r"(?:在[^，,。；;、“”《》\s]{1,14}?)?(?:隆重|正式|盛大|同期)?"
    r"(?:举行|举办|开幕|召开|闭幕|落幕|启幕|揭幕|启动|拉开帷幕|落下帷幕)"
)
# Words of time that open a clause before the name (今天, 日前): not the name's.
HELD_LEAD = re.compile(r"(?:今天|昨天|日前|近日|近期|当天|本月)")
# jieba's tags of the sentence's words before an event's name (正赶上, 将, 于, 这): not the name's.
HELD_EDGE_TAGS = {"p", "c", "d", "r", "u", "uj", "ul", "uz", "ug", "uv", "ud", "i", "y", "e", "o", "zg", "z"}
# Verbs that take an event as their object (出席…论坛开幕式, 宣布…峰会将于…举行): the
# sentence's, not the name's - unlike verbs a name may hold (服务消费季, 投资促进峰会).
HELD_FRAMES = ("出席", "参加", "宣布", "包括", "来到", "走进", "参观", "考察", "亮相", "迎接", "筹备", "组织", "开展", "启动")
# Characters no event's name holds (a comma, a stop, a colon, a quote left open).
HELD_BREAKS = set("，,。；;：:！？!?、 \t\n")
# Two events held as one and named by both, A暨B (…论坛暨首届…周, 《…》发布暨国际研讨会): the
# second part ends in an event's word, or in the words of a ceremony, an activity or a week
# (not 周年: an anniversary is no event); what stands before 暨 is an event found, or a
# title's launch or meeting (《…》发布, 《…》研讨会). The standard way Chinese notices join
# two events held together (暨: "and", in formal names).
JOINED_TAIL = re.compile(r"[^，,。；;：:、！？!?\s《》（）()暨]{1,20}?(?:仪式|典礼|活动|周(?!年))")
TITLED_EVENT = re.compile(r"《[^《》]{2,30}》(?:发布|首发|启动|开播)?$")
# A park where a clause opens - 在, 来到, 走进 + the park + a comma (在…产业园，李强充分肯定…):
# the whole phrase between the verb and the comma is the place visited, so the name spans it
# whatever its words are. The standard frame of a visit in Chinese news reports.
VISITED = re.compile(
    r"(?:^|(?<=[，,。；;：:！？!?\s]))(?:在|来到|走进)(?P<name>[^，,。；;：:、！？!?\s“”《》的了和与及等在]{4,24})(?=[，,])"
)
NOT_A_PARK_NAME = re.compile(r"^(?:各|本|每|全|当地|附近|周边|一|多|部分|所在)|这|那|该|此|某")
# Gardens and grounds that end in 园 and are no industrial park (公园, 植物园, 校园, 庄园).
NOT_PARK_GARDENS = re.compile(r"(?:公园|植物园|动物园|园博园|游乐园|乐园|花园|果园|菜园|茶园|校园|陵园|庄园|家园|田园|园林)$")
# A park by the bare 园 says what it is for right before it (…农业科技示范园, …科创园,
# …软件园); a garden's 园 follows its own name (豫园, 梅园, 圆明园, 古猗园).
WORKING_PARK = re.compile(r"(?:示范|科技|科创|创业|创新|孵化|产业|工业|农业|物流|软件|创意)园$")
# Left of the suffix, words that say only what kind of meeting it is (新闻发布会, 专题座谈会, 工作会).
KIND_OF_MEETING = re.compile(r"(?:新闻|专题|工作|视频|电视电话|现场|推进|动员|部署|总结|表彰|学术|主题|全体|年度|发布|成立|开幕|闭幕)+")
# The kinds of line named by their ends (开州至云阳高速公路, …至…±800千伏特高压直流输电线路工程).
ROUTE_KIND = re.compile(
    r"(?:高速铁路|城际铁路|高速公路|高铁|铁路|高速|公路|快速路|(?:主)?通道|运河|"
    r"(?:±?\d+千伏)?(?:特高压)?(?:直流|交流)?输电(?:线路)?工程|(?:天然气|输气|输油)?管道)"
)
# Works a line may end at (an airport, a station, a port), places being its other ends.
ROUTE_END_WORKS = ("机场", "站", "港")
# A pilot free trade zone by its standard name, and an area of it (…自由贸易试验区厦门片区).
FREE_TRADE_ZONE = re.compile(
    r"中国[（(][\u4e00-\u9fff]{2,3}[）)]自由贸易试验区(?P<area>[\u4e00-\u9fff]{2,5}?片区)?"
)
LINE_WORKS = ("大桥", "隧道")  # a line's works named after it (龙龙铁路双髻山隧道)
ALL_OF = ("全线", "全部", "所有", "首座", "最后")  # …高铁全线隧道贯通: the line's works, none by name
# A list of lines (…、雄安新区至忻州等高铁): its members are lines.
ROUTE_LIST = re.compile(
    r"([^，,。；;：:]{4,80}?)等(?:一批|[\d一二两三四五六七八九十多]+条)?"
    r"(?:新线|新建铁路|铁路|高铁|高速铁路|高速公路|线路|通道|干线)"
)
# The academy whose institutes news names by short forms (中科院成都生物研究所), and the tags of
# the words between it and 所 (a city, a field).
ACADEMY = ("中科院", "中国科学院")
INSTITUTE_TAGS = ("ns", "n", "nrt", "nz", "j", "b", "an", "vn")
# A customs district is named by its place and 海关 (南宁海关, 黄埔海关).
CUSTOMS = "海关"
# Venues named after their place (酒泉卫星发射中心, 郑州火车站): the place is the name's.
VENUES = ("卫星发射中心", "火车站", "汽车站", "高铁站", "客运站")
# Groups of countries are not companies (二十国集团).
NOT_ENTERPRISE = re.compile(r"国集团$")
# Named plans and strategies in quotation marks (“一带一路”倡议, “4567”现代化产业体系).
QUOTED_PLAN = re.compile(
    r"“(?P<name>[^“”]{2,20})”(?P<kind>[\u4e00-\u9fff]{0,6}?(?:倡议|计划|战略|行动|工程|方案|体系))"
)
# A phase of a work after its quoted name (“…”二期项目, “…”一期工程): a project.
QUOTED_PHASE = re.compile(r"“[^“”]{2,20}”[一二三四五六七八九十\d]+期(?:工程|项目)")
# A work by its quoted name and what kind of work it is (“…”超深水大气田, “…”铁路隧道): a
# project, quotes and all - the works that are built and named so (fields, bridges, tunnels,
# power stations, reservoirs, airports, canals), not programmes (“东数西算”工程: QUOTED_PLAN).
QUOTED_WORK = re.compile(
    r"“[^“”、，,：:；;\s]{2,10}”[\u4e00-\u9fff]{0,4}?(?:油气田|气田|油田|大桥|隧道|水电站|核电站|水库|机场|运河)"
    r"(?![\u4e00-\u9fff]{0,1}(?:群|区|网))"
)
# Reforms, pilots and schemes by their quoted short name right before the kind (“放管服”改革,
# “一业一证”政策, “跨省通办”试点): the name is the policy. Not a manner (“一站式”, “一揽子”).
QUOTED_SCHEME = re.compile(r"“(?P<name>[^“”、，,：:；;\s]{2,8})”(?:试点|政策|改革|模式|机制)")
MANNERS = re.compile(r"^(?:一[揽站对条体键网]|全[链流方]|点对点|面对面|零距离)")
# Campaigns named after the verb that launches them, unquoted (实施种业振兴行动, 启动2023年
# 百日千万招聘专项行动): the standard naming of government campaigns, …行动 - not a plan's
# or a programme's document (…行动计划, …行动方案: ISSUED).
LAUNCHED = re.compile(
    r"(?:开展|启动|实施|部署|推进)了?"
    r"(?P<name>(?:[^，,。；;：:、《》“”\s的了和与及等]{1,8}等)?[^，,。；;：:、《》“”\s的了和与及等]{2,18}?行动)(?![计方纲])"
)
# Programmes named after the verb that carries them out, a works programme or an action plan
# (实施知识产权保护体系建设工程, 启动大豆单产提升工程, 推进实施…三年行动计划: corpus text,
# 2023-2024): the State Council's naming of its programmes, …工程 and …行动计划 - a programme
# of common nouns, not a work's proper name (…水库工程: a project, found by its suffix), nor a
# kind or a group; one may follow another in a list (推进…整治行动、海岸带保护修复工程).
PROGRAMME = re.compile(
    r"(?:(?:推进|深入)?实施|推进|启动)了?(?P<name>[^，,。；;：:、《》“”\s的了和与及等]{4,18}?(?:工程|行动计划))"
    r"(?=[，,。；;、]|和|及|等|$)"
)
LISTED_PROGRAMME = re.compile(r"、(?P<name>[^，,。；;：:、《》“”\s的了和与及等]{4,18}?(?:工程|行动))(?=[，,。；;、]|和|及|等|$)")
LAUNCH_VERBS = ("实施", "开展", "启动", "部署")
# Campaigns named as battles, after the verb that fights them (打赢脱贫攻坚战, 打好蓝天保卫战;
# the verbs may pair, 打好打赢…攻坚战): the standard naming of the national campaigns of the
# Central Committee's plans.
BATTLE = re.compile(
    r"(?:(?:打好|打赢|打响)了?)+(?:这场)?(?P<name>[^，,。；;：:、《》\s的了和与及等]{2,16}?(?:攻坚战|保卫战|歼灭战|持久战|阻击战))"
)
# Pilot programmes named after the verb that launches them (开展服务业扩大开放综合试点, 启动
# 个人养老金制度试点): the State Council's naming of its pilots, …试点, and a pilot's name may
# join two tasks by 和 (…准入和上路通行试点). Not the places or units of a pilot (试点城市,
# 试点地区, 试点企业), pilots no name tells apart (有关试点, 相关试点), a pilot's batch (第一批)
# or what it does to whom (向…派驻…试点).
BATCH = re.compile(r"(?:第[一二三四五六七八九十\d]+|首|新一|下一)批")
PILOT = re.compile(
    r"(?:开展|展开|启动|实施|部署|推进)了?(?P<name>[^，,。；;：:、《》“”\s的了等并]{4,24}?试点)"
    r"(?![城地单企项县区市省园示任经政范镇村户])"
)
CAMPAIGN_KINDS = re.compile(r"(?:专项|集中|联合|系列|执法|攻坚|提升)*行动$")
CAMPAIGN_COUNT = re.compile(r"(?:上|数|近|超)?[\d一二两三四五六七八九十百千万]+[场次项个余多]")  # 上万场…行动
# Campaigns and programmes whose quoted name holds their kind (民政部将开展“乡村著名行动”,
# “特岗计划”, “全球文明倡议”): the standard naming of named campaigns in Chinese news. Not a
# quoted task (“实施健康中国战略”), a slogan of several phrases (“早预警、早行动”) nor the
# theme of an activity, "… in action" (“巾帼志愿者在行动”主题活动).
QUOTED_CAMPAIGN = re.compile(r"“(?P<name>[^“”、，,：:；;\s]{2,18}?(?<!在)(?:行动|计划|倡议|战略))”")
# Negative lists by their kind (…准入负面清单, …自贸试验区负面清单):
# the documents of the NDRC's and MOFCOM's negative-list system, named by what they list,
# after the verb that issues them, 新版 or a phrase's edge.
NEGATIVE_LIST = re.compile(
    r"(?:发布实施|发布|实施|出台|修订|制定|公布|新版|的|[，,。；;：:、“”])"
    r"(?P<name>[^，,。；;：:、《》“”\s的了和与及等版]{2,14}?负面清单)"
)
# The kinds a quoted programme's name runs on to (“…”工程, “…”系列专项行动, “…”现代化产业体系);
# after any other words (“…”跨江输变电工程, “…”生态监测体系, “…”的计划) the quoted name alone
# is the programme's.
PLAN_KIND = re.compile(r"(?:系列|专项|集中|联合|攻坚)*(?:行动|计划|倡议|战略|工程|方案)|(?:现代化)?产业体系")
LIST_SYSTEM = re.compile(r"(?:全面)?(?:落实|实施|实行|推行|执行|完善|健全|缩减|放宽)")
YEAR_BEFORE = re.compile(r"\d{4}年度?$")  # 2023年“消费帮扶金秋行动”: the year's edition of a programme
TASK_VERBS = re.compile(r"^(?:深入)?(?:实施|推动|推进|落实|贯彻|坚持|加快|加强)")
# The five-year plans by their quoted period (“十四五”规划纲要, “十四五”冷链物流发展规划):
# the period is part of the plan's name, quotes and all.
FIVE_YEAR_PLAN = re.compile(r"“十[一二三四五六七八九]?五”[\u4e00-\u9fff]{0,16}?规划(?:纲要)?")
POLICY = re.compile(r"《([^《》]{2,60})》")
# A document named without 《》 right after the verb that issues it (三部门印发钢铁行业稳增长
# 方案（2025—2026年）, 省政府制定实施新一轮制造业提质行动方案): its name ends in a document
# word and its phrase closes there.
ISSUED = re.compile(
    r"(?:印发|发布|公布|出台|制定实施|制定|编制|审议通过|颁布)了?"
    r"(?P<name>[^，,。；;：:、《》“”\s的了]{4,28}?(?:规划|方案|意见|办法|条例|纲要|计划|行动)"
    r"(?:（[^（）]{4,12}）)?)(?=[，,。；;、]|和|及|等|$)"
)
ISSUERS = {"government", "region", "association"}  # who issues a document in its clause
# Departments by their count (八部门印发…实施方案, 多部门联合印发): the issuers, unnamed.
DEPARTMENTS = re.compile(r"(?:[\d一二两三四五六七八九十]+|多)(?:个)?(?:部门|部委)(?:联合|共同)?$")
# What a national document's name may begin with (编制全国农田灌溉发展规划), though it begins a group elsewhere.
NATIONWIDE = ("全国", "国家")
# Words after an industry name that make it a sector (汽车产业, 食品行业, 新材料领域).
SECTOR_WORDS = ("产业", "行业", "领域", "集群", "产业链", "企业", "制造", "装备", "等", "和", "、")
SECTOR_YE = re.compile(r"业(?![务绩主态内界余])")  # 造船业, 汽车业: the sector; not 汽车业务
# Words that name a green sector with the words before them: the name takes them
# (绿色能源产业) unless they begin a longer word (产业链, 产业园, 行业协会).
SECTOR_NAMES = ("产业", "行业")
# Nouns before 产业 / 行业 that say which, where or how many sectors rather than what they
# are (重点产业, 乡村产业, 相关行业): the qualifiers of Chinese planning documents.
NOT_SECTORS = re.compile(
    r"重点|核心|主导|支柱|优势|特色|传统|新兴|相关|相关联|配套|关联|基础|先导|前沿|战略性|未来|朝阳|"
    r"夕阳|龙头|细分|要素|动能|富民|乡村|农村|城市|县域|地区|区域|地方|当地|本地|全球|全国|国家|"
    r"国内|国际|海外|两岸|两地|内地|世界级|世界|密集|高新|大类|部分|整体|整个|经济|生态|规模|实体|民营|民生|央企|"
    r"企业|高质量|现代|数字|智能|高端|绿色|健康|文化|服务|科技|科创|技术|创新|同类|上游|下游|上下游|"
    r"本土|民族|外资|内资|外贸|新型|业态|闲置|范围|领域|方向|行业|产业|短板|各类|多个|多种|其他|"
    r"有关|符合条件|过半数|小时|强有力|绘制|面向|领先|新|大|全|各|成"
)
# The rest of a list of goods after one of them (汽车、家电等产品, 家电等大宗消费品) or of
# the formats of retail (百货、超市、餐饮和电商等业态; not 新业态, new kinds of business): its
# members name products and ways of selling, not sectors.
PRODUCTS = re.compile(
    r"(?:[、和及与][^，,。；;：:、等]{1,8})*等?(?:[\d一二两三四五六七八九十几多]+[类种大])?"
    r"[\u4e00-\u9fff]{0,3}?(?:产品|商品|消费品|用品|(?<!新)业态)"
)
# A list of goods closed by 等 and the sector they come from (汽车、船舶、集成电路等高端制造业产品):
# its members, short or long, are the goods.
LISTED_PRODUCTS = re.compile(r"(?:[、和及与][^，,。；;：:、等]{1,8})*等[\u4e00-\u9fff]{2,6}?业产品")
# Words after a sector's name that make it name a kind of equipment (交通运输工具,
# 光伏设备) - but not its makers (光伏设备制造).
EQUIPMENT = re.compile(r"(?:工具|设备|装置|车辆)(?!制造|行业|产业)")
# Words after a sector's name that make it name the government's department of it
# (交通运输主管部门, 能源部门).
DEPARTMENT = re.compile(r"(?:行政)?(?:主管|管理)?部门")
# Words after a sector's name, or after the list it leads, that make it name goods counted
# as traded (船舶、汽车、摩托车出口增速较快, 集成电路出口3743.4亿元; not what is made: 新能源汽车产量).
# Words after a sector's name, or after the list it leads, that make it name a way of
# doing something (经航空、铁路、公路等方式): the means, not the sector.
MEANS = re.compile(r"(?:[、和及与][^，,。；;：:、等]{1,8})*等?(?:多种)?(?:(?!的)[\u4e00-\u9fff]){0,2}?(?:方式|途径|渠道)")
TRADED = re.compile(r"(?:[、和及与][^，,。；;：:、等]{1,8})*等?(?:进出口|(?<!进)出口|进口)")
# Words after a sector's name, or after the list it leads, that make it name a technology
# (人工智能、物联网等技术应用, 5G技术): the technique, not the sector (技术产业, 技术服务 are sectors;
# a list whose last member ends in 技术 - 金融、新能源、通信技术等领域 - is no list of techniques).
TECHNOLOGY = re.compile(
    r"(?:(?:[、和及与][^，,。；;：:、等]{1,8})*等(?:前沿|先进|新兴|关键|核心|新)?)?技术(?!产业|行业|领域|服务|制造|创新)"
)
# Words after the list a sector's name is in that make its members fields of research and
# technology (量子科技、生命科学等基础前沿研究领域, 载人航天、载人深潜等战略高技术领域): the
# research fields and missions of science policy, not sectors (``NOT_SECTOR_LISTS``).
FIELDS = re.compile(
    r"(?:[、和及与][^，,。；;：:、等]{1,8})*等(?:[\d一二两三四五六七八九十几多]+[类种大项个])?"
    r"[\u4e00-\u9fff]{0,4}?(?:研究|科学|技术|工程)领域"
)
# A name of qualifiers alone before its sector word (传统优势产业, 新兴产业).
RANK_ONLY = re.compile(r"(?:" + NOT_SECTORS.pattern + r")+(?:产业|行业)")
QUALIFIER_ENDS = ("型", "级", "性", "化", "类")  # 密集型产业, 市级行业: which kind, not what
SECTOR_NOT_AFTER = re.compile(r"链|园|带|化|集群|基地|联盟|协会|商会|大会|项目|论坛|博览|基金|研究院|示范区|强镇|目录")
# Three-character names of goods and technologies (天然气, 机器人, 大数据): a sector only where
# the sentence says so (before 产业, 行业, ..., or listed with sectors), as the two-character
# ones; other names of three characters and more (新能源, 物联网, 人工智能) name their sector
# wherever they stand.
GOODS = frozenset(("大数据", "云计算", "区块链", "元宇宙", "机器人", "锂电池", "创新药", "无人机",
                   "天然气", "传感器", "预制菜"))
# Names of two characters that name a trade and nothing else (电商: e-commerce, on a
# platform, live or in a village; 外贸: foreign trade, its growth, its new forms): the sector
# wherever they stand - but not read out of a word of plain Chinese that holds them (对外贸易,
# 外贸企业: ``Names._trade_cut``).
TRADES = frozenset(("电商", "外贸"))
# Words after a trade's name that make it say which cargo, ship or route (外贸集装箱航线,
# 外贸散货船, 外贸货物吞吐量, 内、外贸吞吐量): a kind of freight, not the sector.
FREIGHT = re.compile(r"集装箱|货物|散货|货船|货轮|船舶|吞吐量|航线")
# jieba's tags of a sector's noun before 产业 (陶瓷产业) - not its names' (nr), which it gives
# unknown words of every kind (高水平产业合作, 明星产业)
NOUN_TAGS = ("n", "nz")
MAX_RUN = 3  # nouns that may name a sector before 产业 / 行业 (空天 + 信息 + 产业)
GREEN = "绿色"  # before a sector, a sector of its own (绿色建材)
# Words before a known sector that name a kind of it, a sector of its own: the marine sectors
# of GB/T 20794-2021 (海洋及相关产业分类: 海洋交通运输业, 海洋船舶工业) and the qualifiers of
# planning language (现代煤化工, 新型储能, 先进制造业, 生态旅游, 智慧物流); 绿色 is ``GREEN``'s.
KINDS_OF_SECTOR = ("海洋", "现代", "智能", "数字", "高端", "新型", "先进", "生态", "智慧")
# Words after a two-character sector closing in 业 (工业, 农业) that make it a modifier of a
# thing, a place or a system (工业品, 工业园区, 工业基地, 工业体系): not the sector.
BROAD_AS_MODIFIER = re.compile(r"品|园|基地|体系|区(?!域)|城|遗产")
LIST_JOINS = ("、", "和", "及", "以及", "与", "，")
# The heads of a list of sectors (发展A、B和C等产业, A、B两大产业集群, A、B等重点领域): what
# the list's members are. 产业园, 产业基地, 产业化 and the like are no such heads.
LIST_HEADS = re.compile(r"产业集群|产业群|产业链|产业|行业|集群|赛道|领域(?!内)")
# Words after 产业 / 行业 that make it a modifier, not a list's head (产业优势, 行业协会).
HEAD_IS_MODIFIER = re.compile(
    r"优势|结构|基础|体系|布局|规模|工人|政策|水平|能力|资金|工作|协会|联盟|商会|合作|升级|转型|"
    r"转移|振兴|链条|生态|形态|门类|标准|主管|组织|人才|用地|增加值|产值|资源|改革|技术|关键|需求"
)
STRONG_HEADS = ("产业集群", "产业群", "产业链", "产业", "行业", "集群", "赛道")  # not 领域
# Between a list and its head: 等, a count (4个, 两大, 12条), a scale (万亿级), the
# qualifiers of planning language (重点, 优势, 战略性新兴) and broad sectors (工业, 特色农业);
# ``I`` stands for an industry the sentence names there (先进制造业集群).
LIST_BRIDGE = re.compile(
    r"(?P<etc>等等|等)?(?P<count>[\d一二两三四五六七八九十百几多]+(?:个|大|条|类|项|种|家)?)?"
    r"(?:[万千百]亿(?:元)?级|" + NOT_SECTORS.pattern + r"|工业|农业|服务业|制造业|特色|高精尖|关键|"
    r"重要|主要|新型|I)*"
)
# The research fields and missions of science policy (基础前沿研究领域, 战略高技术领域): their
# members are fields, not sectors.
NOT_SECTOR_LISTS = re.compile(r"研究|科学|学科|技术领域|工程领域|事业")
# Words a list member begins with that say which sectors rather than what they are (重点,
# 特色, 基础设施); a member known as a sector (现代农业) is known whatever its first word.
MEMBER_QUALIFIERS = re.compile(
    r"^(?:重点|核心|主导|支柱|优势|特色|传统|新兴|相关|配套|关联|基础|其他|其它|有关|部分|各类|"
    r"一批|多个|若干|本地|当地|地方|全国|全省|全市|国际|国内|国家|未来|前沿|战略)"
)
# What a list member that names a sector does not hold: a count or a scale (3个万亿产业), an
# ordinal (第二), a head (重点领域), a public duty (文化事业), an activity (绿色发展, 体制改革,
# 技术研发) - the lists of policy areas and tasks -, a firm or a site (小微企业, 能源基地).
NOT_MEMBERS = re.compile(
    r"[\d一二两三四五六七八九十百几多]+个|[万千百]亿|^第[\d一二三四五六七八九十]+$|领域|行业|集群|事业|"
    r"(?:发展|建设|改革|合作|治理|保护|管理|安全|创新|转型|升级|开放|监管|振兴|攻关|研究|研发|推广|"
    r"应用|融合|自强|体系|机制|工作|利用|企业|基地|园区|中心)$"
)
# Words before a known sector that make a sector of their own (现代石化, 智能光伏), though
# planning language uses them as qualifiers too.
MODIFIERS = re.compile(r"现代|智能|数字|高端|绿色|新型|先进")
WEAK_HEADS = ("产业", "行业", "产业链", "产业集群")  # heads of a list without 等 or a count
# Verbs that are also the second half of a sector's name (加工制造, 特色种植, 金融服务).
SECTOR_VERBS = frozenset(("制造", "加工", "种植", "养殖", "服务", "维修", "开发", "设计", "运营", "贸易"))
NOT_MEMBER_TAGS = ("v", "p", "c", "u", "d", "r", "f", "w", "y", "e", "o", "z")  # jieba
LEADING_VERBS = ("vn", "ad", "d")  # a verb or adverb before a list (培育 | 壮大 | …)
LEADING_TAGS = ("vn", "a", "ad", "an", "d")  # … and the words after it
LIST_JOINERS = ("和", "及", "与", "以及")
# A verb with its adverb that jieba reads as one word (大力发展, 加快发展), before a list.
LEADING_COMPOUND = re.compile(r"[\u4e00-\u9fff]{1,3}(?:发展|培育|壮大)")
MAX_MEMBER = 8  # characters of a list member that names a sector
NOT_PERSON = re.compile(r"[和与及驻在的了是]|[村镇乡县区市省国]$")
MAX_NAME = 5  # characters of a person's name the NER gives (卢卡申科; 欧阳修文)
MAX_CHINESE = 4  # characters of a Chinese person's name (李家超; 欧阳修文)
# Words of grammar right after a person's name (习近平和, 钟山作…报告, 习近平等): none of it.
AFTER_NAME = frozenset("和与及同跟等作在是说也都就还又对把被给已于")
# What closes a person's name of three characters that ends in 和, 同 or 与 (魏凤和, 王同和): a
# mark that ends a phrase (not “ opening a name: 汪顺与“数字火炬手”), the end, 同志 (not 同志们: 和同志们, "and the comrades") or a verb of speech - no
# name follows, so the character is the name's, not a conjunction's.
WITH_END = set("和同与")
NAME_CLOSES = re.compile(r"[，。、；：！？,.;:!?）)”’]|同志(?!们)|说|表示|介绍(?!人)|指出|强调|认为|告诉|透露|坦言")
ASPECT = ("了", "着", "过")  # after a verb (曹钰松了一口气: 松 is the verb, not the name's)
MAX_FOREIGN = 7  # characters of a foreign name jieba cuts in pieces (维克拉马辛哈)
MAX_PART = 10  # ... of each part of one joined by a dot or a hyphen, which bounds it (别尔德穆哈梅多夫)
NAME_PIECES = {"nr", "nrfg", "nrt", "ns"}  # jieba's tags of the pieces (维克/nrt 拉马/ns 辛哈/nr)
# Between a foreign person's given name and surname as Chinese writes them (米洛·久卡诺维奇):
# the interpunct and the marks typed for it; the parts are one name.
NAME_DOTS = re.compile(r"[·•‧・･]")
# ... and the hyphen of a double surname or given name (迪亚斯-卡内尔): the parts are one name.
NAME_JOINS = re.compile(r"[·•‧・･\-－–]")
# jieba's tags of words of grammar, numbers and times (于/p, 和/c, 的/uj, 都/d, 里/f, 9/m,
# 日/m, 上午/t): never a piece of a name, even of one joined by a dot (阿巴斯于9日抵达: 阿巴斯)
FUNCTION_TAGS = ("p", "c", "u", "d", "f", "m", "t", "q", "y", "e")
# Prepositions and conjunctions before a party ("with": 同, 与, 和 as in 彭丽媛和纳吉听取, 跟)
# that jieba's statistical model may glue to the name after them (和纳吉: 和 + 纳吉).
WITH = set("同与和跟")
# After a person's name: a form of address or a verb of speech (比罗尔表示, 张伟同志).
PERSON_AFTER = re.compile(r"同志|表示|指出|强调|介绍说|介绍|认为|说[，,：:]")
LISTED = re.compile(r"、|和|与|及")  # between two names of a list
# After a member of a list, the rest of it to a count and a head noun that names places or
# facilities (岗厦北、黄木、大运等三大综合交通枢纽): its members are places, not people. The
# count is required: people are listed before 等 and a place too (包玉刚、邵逸夫等爱国爱乡…,
# where 乡 ends a word; review49).
LISTED_PLACES = re.compile(
    r"(?:[、和及与][^、，,。；;：:！？!?\s]{1,8})*等[\d一二三四五六七八九十两几多]+[个大座处条]?"
    r"[^、，,。；;：:！？!?\s等在到赴于向的是为和与同]{0,6}?"
    r"(?:枢纽|车站|站点|站|口岸|港口|港|机场|码头|景区|景点|城市|片区|街道|社区|村|镇|乡)"
)
# A company named by its country and brand (日本制铁), or by its brand alone (中联重科),
# is taken when the sentence does business with it.
BUSINESS = re.compile(
    r"^.{0,4}?(?:投资|宣布|成立|建设|合作|签约|签署|推出|开启|落户|扩建|收购|生产|研发|发布|下线|交付|入驻|布局|建成)"
)
# Words for firms at large: after a country, no brand (瑞士企业, 美国车企).
FIRMS = ("企业", "公司", "车企", "厂商", "商家", "客商", "外企", "药企", "工厂", "品牌", "财团")
BUSINESS_BEFORE = re.compile(r"(?:与|和|同|携手|牵手|联手|引进|引入|入驻|落户)$")


def _past_localizer(tokens: Sequence[Token], j: int, i: int) -> int:
    """Where a name grown from ``tokens[j]`` to ``tokens[i]`` begins past a localizer inside
    it (…通道 + 中 + 沿海高铁: the coastal line *in* the corridor); a localizer before a
    one-character token is China's short form (中 + 泰 + 铁路, where jieba cuts the country's
    short form apart), not one.

    >>> t = [("通道", "n"), ("中", "f"), ("沿海", "f"), ("高铁", "n")]
    >>> _past_localizer(t, 0, 3)
    2
    >>> _past_localizer([("中", "f"), ("泰", "j"), ("铁路", "n")], 0, 2)
    0
    """
    for k in range(i - 1, j, -1):
        if tokens[k] in (("中", "f"), ("内", "f")) and len(tokens[k + 1][0]) >= 2:
            return k + 1
    return j


def _past_heads(tokens: Sequence[Token], j: int, i: int) -> int:
    """A name does not begin with another's head word, nor run on over a project before it
    (配套项目 + …学院项目, 省重点项目 + …一期项目: the 项目 before ends a phrase; synthetic
    tokens).

    >>> t = [("某省", "ns"), ("重点项目", "n"), ("某市", "ns"), ("物流", "n"), ("一期", "d"), ("项目", "n")]
    >>> _past_heads(t, 0, 5)
    2
    """
    for k in range(i - 1, j - 1, -1):
        if tokens[k][0].endswith("项目"):
            j = k + 1
            break
    while j < i - 1 and tokens[j][0] in ("项目", "工程"):
        j += 1
    return j


def _china_and(tokens: Sequence[Token], j: int, i: int) -> bool:
    """``tokens[j]`` is 中 before a one-character token, China's short form in a line
    between China and another country (中 + 泰 + 铁路)."""
    return tokens[j][0] == "中" and j + 1 < i and len(tokens[j + 1][0]) == 1 and tokens[j + 1][1] != "x"


def _quoted_span(s: str, m: re.Match[str]) -> tuple[int, int]:
    """A quoted programme's name as news writes it: the quotes, the kind after them
    (“拆墙透绿”工程, “丝绸之路经济带”倡议) and the year before them (2023年“消费帮扶金秋行动”)
    are the name's (corpus text, 2023 and 2024):

    >>> s = "近日，国家发展改革委组织开展2023年“消费帮扶金秋行动”，包括鼓励各类线上线下销售平台举办特色专场消费帮扶活动等"
    >>> a, b = _quoted_span(s, QUOTED_CAMPAIGN.search(s))
    >>> s[a:b]
    '2023年“消费帮扶金秋行动”'
    >>> s = "青海西宁实施“拆墙透绿”工程，拆除公园围墙，改建绿化带"
    >>> a, b = _quoted_span(s, QUOTED_PLAN.search(s))
    >>> s[a:b]
    '“拆墙透绿”工程'
    """
    year = YEAR_BEFORE.search(s, 0, m.start())
    return (year.start() if year else m.start()), m.end()


def _launched_start(s: str, a: int, b: int, verbs: tuple[str, ...]) -> int:
    """Where a name launched by a verb (:data:`LAUNCHED`, :data:`PILOT`), found as ``s[a:b]``,
    begins: after the last launching verb inside it (部署迅速开展…行动: the verbs before the
    last are the sentence's) and after 好 right behind that (组织实施好…行动, 实施好…试点: how
    well, not the name's).

    >>> s = "组织实施好乡村建设行动"
    >>> s[_launched_start(s, 2, len(s), LAUNCH_VERBS) :]
    '乡村建设行动'
    """
    a = max([a] + [s.rfind(v, a, b) + len(v) for v in verbs if s.find(v, a, b) >= 0])
    return a + 1 if s.startswith("好", a) else a


def _kind_of(m: Mention, word: str, s: str, text: str, offset: int, found: list[Mention]) -> Mention:
    """The sector ``m`` with ``word`` written before it (``s`` at ``offset`` of ``text``)
    as a kind of it, narrower than it (绿色 + 建材, 海洋 + 交通运输业); ``m`` itself when the
    word is not there, is its own start, or belongs to another name."""
    a = m.start - offset
    if a < len(word) or s[a - len(word) : a] != word or m.norm.startswith(word):
        return m
    if any(o.start - offset < a and o.end - offset > a - len(word) for o in found if o is not m):
        return m  # the word belongs to another name
    e = m.entry
    broader = (e.iri,) if e is not None and e.iri else (e.broader if e is not None else ())
    norm = word + m.norm
    start = m.start - len(word)
    entry = Entry(norm, "industry", broader=broader)
    return Mention(start, m.end, text[start : m.end], norm, "industry", entry, m.confidence)


class Names:
    """Finding the mentions of one sentence: the gazetteer, suffixes, marks, NER."""

    def __init__(self, gazetteer: Gazetteer, lex: Lexicon) -> None:
        self.g, self.lex = gazetteer, lex
        # Counties' short forms that are also common words (新建, 古城, 江南, 太平): by the
        # frequency of jieba's own dictionary (set by the extractor when it builds its
        # tokenizer: :meth:`common_words`)
        self.common: frozenset[str] = frozenset()
        # jieba with its own dictionary alone, without the gazetteer's names (set by the
        # extractor): the words of plain Chinese a name must not be cut out of
        self.plain: Callable[[str], list[str]] | None = None
        self.plain_word: Callable[[str], bool] = lambda word: True  # in that dictionary?
        # that dictionary's cut of a word without the word itself (高通量: 高 + 通量): the
        # words a word of plain Chinese is made of
        self.plain_parts: Callable[[str], list[str]] = lambda word: [word]
        # positions, longest first: the one a name stands next to is the longest that fits
        self.roles_longest_first = sorted(lex.roles, key=len, reverse=True)
        # the words that end an event's name (name-suffixes.csv), longest first
        heads = sorted((x for x, kind in lex.suffixes if kind == "event"), key=len, reverse=True)
        self.event_heads = re.compile("|".join(map(re.escape, heads)) or "(?!)")

    def refused(self, kind: str, s: str, a: int, b: int) -> bool:
        """Whether a name another source (the labeller) reads as ``kind`` at ``s[a:b]`` is
        one the rules refuse of that kind: a project that names no work in particular
        (:meth:`generic_work`), a 《》 title that names no document (:meth:`document_title`), an
        organisation whose suffix gives a kind that source does not know (技师学院: an
        organisation, no university - ``name-suffixes.csv``).

        Corpus text (2023, 2022):

        >>> from kg.ingest.extract.lexicon import SOURCE_TREE, load
        >>> names = Names(Gazetteer(), load(SOURCE_TREE))
        >>> s = "推出《兔年兔宝贝》《我家的美味》等15部原创季播节目"
        >>> names.refused("policy", s, 3, 8), names.refused("project", "全线隧道贯通", 0, 4)
        (True, True)
        >>> s = "最近，杭州萧山技师学院新添置了五轴加工中心等实操装备"  # corpus text, 2024
        >>> names.refused("university", s, 3, 11), names.refused("organization", s, 3, 11)
        (True, False)
        """
        name = s[a:b]
        if kind == "project":
            return self.generic_work(name)
        if kind == "policy":
            return s[a - 1 : a] == "《" and s[b : b + 1] == "》" and not self.document_title(s, a, b)
        if kind in ORG_KINDS:
            known = self.lex.suffix(name)
            return known is not None and known[1] in ORG_KINDS and known[1] != kind and known[1] not in LABELLED
        return False

    def generic_work(self, name: str) -> bool:
        """Whether a project's name names no work in particular: a group (:data:`GROUP`:
        莫斯科三大机场), a work's word after only words that make it generic (全线隧道, the
        whole line's tunnels: ``works.csv``, role ``common``), or a line by its number alone,
        without its city (11号线). A name that begins with a generic word may still name a
        work (新建 + 浙江金华至宁波铁路): the rules cut such words off, this reads names whole.

        Corpus text (2022, 2024):

        >>> from kg.ingest.extract.lexicon import SOURCE_TREE, load
        >>> names = Names(Gazetteer(), load(SOURCE_TREE))
        >>> [names.generic_work(n) for n in ("全线隧道", "11号线", "深圳地铁14号线", "莫斯科三大机场")]
        [True, True, False, True]
        """
        if GROUP.search(name) or NUMBERED_LINE.match(name):
            return True
        # the longest work word it ends in (特大桥, not 大桥, of 沿线特大桥)
        work = max((w for w in self.lex.infrastructure if name.endswith(w)), key=len, default=None)
        return work is not None and name[: len(name) - len(work)] in self.lex.common_works

    @staticmethod
    def document_title(s: str, a: int, b: int) -> bool:
        """Whether the 《》 title ``s[a:b]`` names a document: it ends in a document's word
        (:data:`POLICY_ENDS`: 规划, 方案, 条例, 法, 公约, …) or the kind of document follows it
        (:data:`TITLE_KIND`: 《…》方案) - and no kind of work of art follows it
        (:data:`WORK_OF_ART`: 《熊猫计划》等影片 is a film).

        Corpus text (2023, 2024):

        >>> s = "推出《兔年兔宝贝》《我家的美味》等15部原创季播节目"
        >>> Names.document_title(s, 3, 8)
        False
        >>> s = "同时，《熊猫计划》等影片的取景地也推出“跟着电影去旅行”等活动"
        >>> Names.document_title(s, 4, 8)
        False
        >>> s = "自然资源部近日发布《中国陆域生态基础分区》方案"
        >>> Names.document_title(s, 10, 20)
        True
        """
        if WORK_OF_ART.match(s, b + 1):
            return False
        return bool(POLICY_ENDS.search(s[a:b]) or TITLE_KIND.match(s, b + 1))

    @staticmethod
    def common_words(freq: dict[str, int], entries: Sequence[Entry]) -> frozenset[str]:
        """The counties' short forms among ``entries`` that ``freq`` (jieba's dictionary:
        word -> frequency) counts as common words, at least :data:`COMMON_WORD` times."""
        return frozenset(
            e.name
            for e in entries
            if e.kind == "region" and e.level == "district" and e.canonical
            and e.canonical != e.name and freq.get(e.name, 0) >= COMMON_WORD
        )

    def find(
        self,
        text: str,
        s: str,
        offset: int,
        tokens: Sequence[Token],
        entities: Sequence[tuple[int, int, str]] = (),
    ) -> list[Mention]:
        """The mentions of ``s`` (simplified, at ``offset`` of the article ``text``), given
        its jieba ``tokens`` and the NER ``entities`` ``(start, end, ORG|PER|LOC)``."""
        spans: list[tuple[int, int]] = []
        pos = 0
        for word, _ in tokens:
            spans.append((pos, pos + len(word)))
            pos += len(word)
        taken = [False] * len(s)
        tags = {span: tag for span, (_, tag) in zip(spans, tokens, strict=True)}
        found = self._known(text, s, offset, taken, tags)
        found = self._suffixed(text, s, offset, tokens, spans, taken, found)
        found = self._anchored(text, s, offset, tokens, spans, taken, found)
        found = self._held(text, s, offset, tokens, spans, found)
        found = self._routes(text, s, offset, found)
        found = self._sided(text, s, offset, found)
        found += self._institutes(text, s, offset, tokens, spans, found)
        found += self._sections(text, s, offset, found)
        found += self._free_trade_zones(text, s, offset, found)
        found += self._marked(text, s, offset, found)
        found += self._leading_orgs(text, found)
        found = self._industries(found, s, text, offset, {a for a, _ in spans})
        found += self._sector_nouns(tokens, spans, s, text, offset, found)
        found = self._listed_sectors(tokens, spans, s, text, offset, found)
        found = self._whole_members(tokens, spans, s, text, offset, found)
        found += self._people(tokens, spans, s, text, offset, taken, entities)
        found += self._brands(tokens, spans, s, text, offset, taken)
        found += self._recognised(s, text, offset, tokens, spans, taken, entities, found)
        found = self._zones_by_name(text, s, offset, found)
        found = self._joined_events(text, s, offset, found)
        found = self._visited_parks(text, s, offset, found)
        found = self._placed_events(text, s, offset, found)
        found = self._work_parts(text, s, offset, found)
        found += self._placed_ports(text, s, offset, found)
        found.sort(key=lambda m: (m.start, -m.end))
        return found

    def _zones_by_name(self, text: str, s: str, offset: int, found: list[Mention]) -> list[Mention]:
        """A park known by its name (data/lexicon/zones.csv) grown over words before it that
        are not its places is that name alone: 高标准高质量建设雄安新区 is 雄安新区 (corpus text,
        2023), 甘肃兰州新区 stays (2024).

        >>> from kg.ingest.extract.lexicon import SOURCE_TREE, load
        >>> names = Names(Gazetteer(), load(SOURCE_TREE))
        >>> s = "疏解北京非首都功能、高标准高质量建设雄安新区的重要成果"
        >>> grown = Mention(10, 22, s[10:22], s[10:22], "park")
        >>> [m.norm for m in names._zones_by_name(s, s, 0, [grown])]
        ['雄安新区']
        """
        zones = self._zone_names
        out = []
        for m in found:
            zone = next((z for z in zones if m.kind == "park" and m.norm.endswith(z) and m.norm != z), None)
            if zone is not None:
                a = m.end - len(zone)
                places = [x for x in found if x.kind == "region" and m.start <= x.start and x.end <= a]
                if sum(x.end - x.start for x in places) != a - m.start:
                    m = Mention(a, m.end, text[a : m.end], zone, "park", m.entry, m.confidence, m.role)
            out.append(m)
        return out

    def _joined_events(self, text: str, s: str, offset: int, found: list[Mention]) -> list[Mention]:
        """Two events joined by 暨 are one event named by both (:data:`JOINED_TAIL`): an event
        found right before 暨, or a title's launch or meeting (《…》发布), then 暨 and a second
        name up to its event word; the parts found alone give way to the whole (corpus
        text, 2023 and 2022):

        >>> from kg.ingest.extract.lexicon import SOURCE_TREE, load
        >>> names = Names(Gazetteer(), load(SOURCE_TREE))
        >>> s = "2023年全国文化和旅游消费促进活动暨“五一”全国文化和旅游消费周昨天（4月23日）在广西启动。"
        >>> fair = Mention(0, 18, s[:18], s[:18], "event", None)
        >>> [m.norm for m in names._joined_events(s, s, 0, [fair])]
        ['2023年全国文化和旅游消费促进活动暨“五一”全国文化和旅游消费周']

        A part read across 暨 inside the whole gives way to it (corpus text, 2023):

        >>> s = "第三届文明交流互鉴对话会暨首届世界汉学家大会由中国国际交流协会主办"
        >>> whole, part = Mention(0, 22, s[:22], s[:22], "event", None), Mention(9, 22, s[9:22], s[9:22], "event", None)
        >>> [m.norm for m in names._joined_events(s, s, 0, [whole, part])]
        ['第三届文明交流互鉴对话会暨首届世界汉学家大会']

        Nothing before 暨 that is an event, or an anniversary after it, and nothing joins
        (corpus text, 2024):

        >>> s = "今年是朝中建交75周年暨“朝中友好年”"
        >>> names._joined_events(s, s, 0, [])
        []
        """
        out = list(found)
        joined, titled = self._joined_parts
        for j in (k for k, c in enumerate(s) if c == "暨"):
            right = joined.match(s, j + 1)
            if right is None:
                continue
            b = right.end()
            before = [m for m in out if m.kind == "event" and m.end == offset + j]
            if before:
                a = min(m.start for m in before) - offset
            elif title := TITLED_EVENT.search(s, 0, j) or titled.search(s, 0, j):
                a = title.start()
            else:
                continue
            out = [
                m for m in out
                if not (
                    offset + a <= m.start and m.end <= offset + b
                    and m.kind in ("event", "park", "project", "platform")
                )
            ]
            out.append(self._mention(text, s, offset, a, b, "event", None, 0.7))
        return [  # …对话会暨首届…大会 inside 第三届…对话会暨首届…大会: a part read across 暨
            m for m in out
            if not (m.kind == "event" and "暨" in m.norm and any(
                x.kind == "event" and x.start <= m.start and m.end <= x.end and x.end - x.start > m.end - m.start
                for x in out
            ))
        ]

    def _work_parts(self, text: str, s: str, offset: int, found: list[Mention]) -> list[Mention]:
        """A work's name (a railway, an airport: ``works.csv``) followed by the part and phase
        of it that is the project (:data:`WORK_PART`) is the project's name, run on to 项目 or
        工程; not a project of the work's kind (…铁路建设项目, …机场配套工程) nor several.

        >>> from kg.ingest.extract.lexicon import SOURCE_TREE, load
        >>> names = Names(Gazetteer(), load(SOURCE_TREE))

        Corpus text (2023 and 2024):

        >>> s = "在河北保定市易县马头水库水毁修复工程施工现场，工人们正在绑扎钢筋、修复混凝土护坡。"
        >>> reservoir = Mention(8, 12, s[8:12], s[8:12], "project", None)
        >>> [m.norm for m in names._work_parts(s, s, 0, [reservoir])]
        ['马头水库水毁修复工程']
        >>> s = "岳城水库等6个水源的水全部进入"
        >>> reservoir = Mention(0, 4, s[0:4], s[0:4], "project", None)
        >>> [m.norm for m in names._work_parts(s, s, 0, [reservoir])]
        ['岳城水库']
        """
        out = []
        for m in found:
            b = m.end - offset
            if m.kind == "project" and m.entry is None and m.norm.endswith(self.lex.infrastructure):
                part = WORK_PART.match(s, b)
                if part is not None and not NOT_A_PART.search(part["part"]) and not any(
                    v in part["part"] for v in self.lex.verbs
                ) and not ROLE_OF_WORK.search(
                    s, 0, part.end()
                ) and not any(
                    x.start < offset + part.end() and offset + b < x.end for x in found
                    if x is not m and x.kind not in ("industry", "region")
                ):
                    m = Mention(m.start, offset + part.end(), text[m.start : offset + part.end()],
                                s[m.start - offset : part.end()], "project", None, m.confidence, m.role)
            out.append(m)
        return out

    def _placed_ports(self, text: str, s: str, offset: int, found: list[Mention]) -> list[Mention]:
        """A port named by its places and 港 (:data:`PORT_AFTER_PLACE`) is a project, from the
        first of the places written together before it; not a word 港 begins, nor a port's
        group (corpus text, 2023-2024):

        >>> from kg.ingest.extract.lexicon import SOURCE_TREE, load
        >>> names = Names(Gazetteer(), load(SOURCE_TREE))
        >>> def ports(s, places):
        ...     found = [Mention(s.index(p), s.index(p) + len(p), p, p, "region") for p in places]
        ...     return [m.norm for m in names._placed_ports(s, s, 0, found)]
        >>> ports("2023年，厦门港将进一步织密内外贸集装箱班轮航线", ["厦门"])
        ['厦门港']
        >>> ports("东至山东日照港的瓦日铁路每天煤炭发送量增至26万吨", ["山东", "日照"])
        ['山东日照港']
        >>> ports("穿梭巴士驶离香港口岸", ["香港"])
        []
        """
        out: list[Mention] = []
        places = sorted((m for m in found if m.kind == "region" and m.end - m.start >= 2), key=lambda m: m.start)
        for m in places:
            b = m.end - offset
            if not PORT_AFTER_PLACE.match(s, b) or any(
                x.start < offset + b + 1 and offset + b < x.end for x in found if x.kind != "region"
            ):
                continue
            a = m.start - offset
            while (before := next((x for x in places if x.end - offset == a), None)) is not None:
                a = before.start - offset  # 山东日照港: the port, from its province
            out.append(self._mention(text, s, offset, a, b + 1, "project", None, 0.7))
        return out

    def _placed_events(self, text: str, s: str, offset: int, found: list[Mention]) -> list[Mention]:
        """An event's name followed by its host place in brackets (…电影周（浙江）, as 中国（海南）
        in front): the place is the name's, as organisers write it.

        >>> from kg.ingest.extract.lexicon import SOURCE_TREE, load
        >>> names = Names(Gazetteer(), load(SOURCE_TREE))

        The seed article's title (Heilongjiang Daily, 2024):

        >>> s = "2024中国产业转移发展对接活动（黑龙江）即将在哈尔滨举行"
        >>> fair = Mention(0, 16, s[:16], s[:16], "event", None)
        >>> place = Mention(17, 20, s[17:20], s[17:20], "region", None)
        >>> [m.norm for m in names._placed_events(s, s, 0, [fair, place]) if m.kind == "event"]
        ['2024中国产业转移发展对接活动（黑龙江）']

        A known event keeps its own name.
        """
        out = []
        for m in found:
            b = m.end - offset
            if m.kind == "event" and m.entry is None and s[b : b + 1] in "（(":
                close = next((k for k in range(b + 2, min(len(s), b + 12)) if s[k] in "）)"), None)
                if close is not None and any(
                    x.kind == "region" and x.start == offset + b + 1 and x.end == offset + close for x in found
                ):
                    m = Mention(m.start, offset + close + 1, text[m.start : offset + close + 1],
                                m.norm + s[b : close + 1], "event", None, m.confidence, m.role)
            out.append(m)
        return out

    def _visited_parks(self, text: str, s: str, offset: int, found: list[Mention]) -> list[Mention]:
        """A park named where a clause opens with the visit's verb and closes at a comma
        (:data:`VISITED`): the words between are its name, however the suffix rules cut it
        - the works found inside give way; places, organisations and parks inside stay.
        Not a generic park (在当地产业园, 在园区), nor one a person's name runs into.

        >>> from kg.ingest.extract.lexicon import SOURCE_TREE, load
        >>> names = Names(Gazetteer(), load(SOURCE_TREE))

        Corpus text (2023, 2024):

        >>> s = "在四川崇州国家现代农业产业园，10台收割机在田间同时作业"
        >>> [m.norm for m in names._visited_parks(s, s, 0, [])]
        ['四川崇州国家现代农业产业园']
        >>> s = "在北京天坛公园，工作人员全员上岗"  # a garden, no industrial park
        >>> names._visited_parks(s, s, 0, [])
        []
        >>> s = "在上海豫园，人们体验各类传统民俗"  # a garden by its own name before 园
        >>> names._visited_parks(s, s, 0, [])
        []
        >>> s = "在青海海东互助县国家高原农业科技示范园，技术人员正忙着培育高原草莓"
        >>> [m.norm for m in names._visited_parks(s, s, 0, [])]
        ['青海海东互助县国家高原农业科技示范园']
        >>> s = "在上海市嘉定区这家医疗器械产业园，医学专家和企业的科学家"  # which park: not said
        >>> names._visited_parks(s, s, 0, [])
        []
        """
        out = list(found)
        for hit in VISITED.finditer(s):
            a, b = hit.span("name")
            name = s[a:b]
            suffix = next((x for x in self._park_suffixes if name.endswith(x)), None)
            if suffix is None or len(name) - len(suffix) < MIN_BODY + 1 or NOT_A_PARK_NAME.search(name):
                continue
            if NOT_PARK_GARDENS.search(name) or (suffix == "园" and not WORKING_PARK.search(name)):
                continue  # 在北京天坛公园，, 在上海豫园，: a garden visited, no industrial park
            if GENERIC.match(name) or GROUP.search(name) or self._kind_only(name, len(suffix)):
                continue
            if any(w in name for w in self.lex.verbs) or any(
                m.kind == "person" and offset + a <= m.start < offset + b for m in out
            ):
                continue
            if any(m.kind == "park" and m.start == offset + a and m.end == offset + b for m in out):
                continue
            out = [  # a park inside stays a park of its own (a high-tech zone's park)
                m for m in out
                if not (offset + a <= m.start and m.end <= offset + b and m.kind in ("project", "platform", "event"))
                and not (m.kind == "park" and offset + a < m.end < offset + b and m.start < offset + a)
            ]
            out.append(self._mention(text, s, offset, a, b, "park", None, 0.7))
        return out

    @cached_property
    def _park_suffixes(self) -> tuple[str, ...]:
        return tuple(sorted((x for x, kind in self.lex.suffixes if kind == "park"), key=len, reverse=True))

    @cached_property
    def _joined_parts(self) -> tuple[re.Pattern[str], re.Pattern[str]]:
        """What follows 暨 up to its event word, and a title's meeting before 暨 (《…》研讨会)."""
        heads = self.event_heads.pattern
        name = r"[^，,。；;：:、！？!?\s《》（）()暨]{0,20}?(?:" + heads + r")"
        return re.compile(name + "|" + JOINED_TAIL.pattern), re.compile(r"《[^《》]{2,30}》(?:" + heads + r")$")

    @cached_property
    def _zone_names(self) -> tuple[str, ...]:
        return tuple(name for name, kind, _ in self.lex.known if kind == "park" and name.endswith("新区"))

    def _mention(
        self, text: str, s: str, offset: int, a: int, b: int, kind: str, entry: Entry | None,
        confidence: float, role: str | None = None,
    ) -> Mention:
        return Mention(
            offset + a, offset + b, text[offset + a : offset + b], s[a:b], kind, entry,
            confidence, role,
        )

    # 1. known names ------------------------------------------------------------------
    def _known(
        self, text: str, s: str, offset: int, taken: list[bool], tags: dict[tuple[int, int], str]
    ) -> list[Mention]:
        """Names the gazetteer knows, longest first; an event's edition before it (第五届) or
        its year's meeting after it (2023年年会) makes a session of its own (corpus text, 2023).

        >>> from kg.ingest.extract.lexicon import SOURCE_TREE, load
        >>> g = Gazetteer()
        >>> g.add(Entry("世界经济论坛", "event", iri="https://example.org/wef"))
        >>> names = Names(g, load(SOURCE_TREE))
        >>> s = "在正在举行的世界经济论坛2023年年会上"
        >>> [(m.norm, m.entry.iri) for m in names._known(s, s, 0, [False] * len(s), {})]
        [('世界经济论坛2023年年会', None)]

        A national body's short form after a place is the place's body (corpus text, 2023):

        >>> g.add(Entry("新疆", "region", level="province", code="650000", canonical="新疆维吾尔自治区"))
        >>> g.add(Entry("发改委", "government", canonical="国家发展和改革委员会"))
        >>> s = "在主题教育中，新疆发改委重点聚焦丝绸之路经济带核心区建设"
        >>> [(m.norm, m.entry) for m in names._known(s, s, 0, [False] * len(s), {}) if m.kind == "government"]
        [('新疆发改委', None)]
        """
        found = []
        matches = self.g.find(s)
        words: list[tuple[int, int]] = []  # the plain words of s, once a name asks
        for n, (a, b, entries) in enumerate(matches):
            entry = _best(entries)
            if _abbreviation(entry) and _cuts_a_word(a, b, tags):
                continue  # 北大 in 北大荒 is no 北京大学
            if entry.kind == "media" and DATELINE.match(s, b) and not s[:a].strip():
                continue  # 央视网消息（新闻联播）：, 新华社北京8月1日电: who reports, no fact
            if entry.name.endswith("部") and s[b : b + 1] == "门":
                # 工信部门, 人社部门: a local department, not the ministry; named with its
                # place (永州市人社部门), the place's department
                place = matches[n - 1] if n and matches[n - 1][1] == a else None
                if place is not None and any(e.kind == "region" for e in place[2]):
                    found.append(self._mention(text, s, offset, place[0], b + 1, "government", None, 0.75))
                    for i in range(a, b + 1):
                        taken[i] = True
                continue
            if entry.kind == "government" and _national_short(entry):
                # 新疆发改委, 深圳市国资委: a place's own commission, not the national one,
                # and 省发改委, 地方国资委 one no place names
                place = matches[n - 1] if n and matches[n - 1][1] == a else None
                if place is not None and any(e.kind == "region" for e in place[2]):
                    found.append(self._mention(text, s, offset, place[0], b, "government", None, 0.75))
                    for i in range(a, b):
                        taken[i] = True
                    continue
                if LOCAL_LEVEL.search(s, 0, a):
                    continue
            if self._inside_a_word(s, a, b, entry, words):
                continue  # 高通 in 高通胀, 联合国 in 联合国务院: a name read across a word's edge
            if entry.kind == "region" and entry.level == "district":
                placed = self._district(s, a, entries, matches[:n], tags.get((a, b)))
                if placed is None:
                    continue
                entry = placed
            if entry.kind == "region" and s.startswith(CUSTOMS, b):
                # 南宁海关, 上海海关: the customs district named after its place (a body of
                # the General Administration of Customs), not the place
                found.append(self._mention(text, s, offset, a, b, "region", entry, 0.95 if entry.iri else 0.85))
                found.append(self._mention(text, s, offset, a, b + len(CUSTOMS), "government", None, 0.75))
                for i in range(a, b + len(CUSTOMS)):
                    taken[i] = True
                continue
            if entry.kind == "region" and s.startswith(VENUES, b):
                continue  # 酒泉卫星发射中心: a venue named after its place, not the place
            if entry.kind == "event" and (edition := EDITION.search(s, 0, a)) and edition.group():
                entry = session(entry, edition.group())
                a = edition.start()  # 第二十四届中国国际高新技术成果交易会: the edition is the event
            elif entry.kind == "event" and (annual := ANNUAL.match(s, b)):
                series = entry.canonical or entry.name
                entry = Entry(s[a : annual.end()], "event", canonical=series + annual.group())
                b = annual.end()  # 世界经济论坛2023年年会: the year's meeting is the event
            found.append(
                self._mention(text, s, offset, a, b, entry.kind, entry, 0.95 if entry.iri else 0.85)
            )
            for i in range(a, b):
                taken[i] = True
        return found

    def _inside_a_word(
        self, s: str, a: int, b: int, entry: Entry, words: list[tuple[int, int]]
    ) -> bool:
        """Whether the known name ``s[a:b]`` and a word of plain Chinese - a word of jieba's
        own dictionary, which knows no name the gazetteer adds - overlap, neither holding
        the other, so that the name is read across a word's edge (受高通胀影响: 高 + 通胀, no
        高通; 影响中东部地区: 中东部, no 东部地区). A word that holds the whole name
        (辽宁沈阳, 医药企业) cuts nothing. An organisation's name of three characters is
        cut only by a word across its end (联合国务院: 联合 + 国务院), not by one across its
        start (从中储粮获悉: 从中 is a word, 中储粮 a name); one of two characters by either;
        a place's short form only by a word across its start (贺兰山东麓, 均衡水平: the place
        begins inside a word), not across its end (山东三省, 安徽黄山脚下: jieba's 东三省 and
        山脚下 are its errors there). Counties have their own rules (:meth:`_district`),
        sectors theirs; a division's full name (黑龙江省), an organisation's name of four
        characters and more (全国人大代表, 中国海油盐城) and a place's of five stand
        whatever jieba makes of them.

        >>> from kg.ingest.extract.lexicon import SOURCE_TREE, load
        >>> names = Names(Gazetteer(), load(SOURCE_TREE))

        Corpus text (2022 and 2023), cut as jieba's own dictionary cuts it:

        >>> cuts = {"应对高通胀": ["应对", "高", "通胀"],
        ...         "总台联合国务院国资委": ["总台", "联合", "国务院", "国资委"],
        ...         "记者从中储粮": ["记者", "从中", "储粮"]}
        >>> names.plain = cuts.__getitem__
        >>> qualcomm = Entry("高通", "enterprise", iri="https://example.org/qualcomm")
        >>> names._inside_a_word("应对高通胀", 2, 4, qualcomm, [])
        True
        >>> un = Entry("联合国", "government", iri="https://example.org/un")
        >>> names._inside_a_word("总台联合国务院国资委", 2, 5, un, [])
        True
        >>> sinograin = Entry("中储粮", "enterprise", iri="https://example.org/sinograin")
        >>> names._inside_a_word("记者从中储粮", 3, 6, sinograin, [])
        False
        """
        if self.plain is None or entry.kind == "industry" or b - a > (4 if entry.kind == "region" else 3):
            return False  # sectors have rules of their own (named_sectors, _industries)
        if entry.kind == "region" and (
            entry.level == "district" or (entry.level and entry.canonical in (None, entry.name))
        ):
            return False  # a division by its full name; a county by _district
        if not any(  # no word of the dictionary across an edge: none in its cut either
            self.plain_word(s[x:y])
            for x, y in [(x, y) for x in range(max(0, a - 4), a) for y in range(a + 1, b)]
            + [(x, y) for x in range(a + 1, b) for y in range(b + 1, min(len(s), b + 4) + 1)]
        ):
            return False
        if not words:
            pos = 0
            for w in self.plain(s):
                words.append((pos, pos + len(w)))
                pos += len(w)
        starts = any(x < a < y < b for x, y in words)
        if entry.kind == "region":
            return starts  # 江苏、安徽、山东三省: 山 + 东三省 is jieba's error, not 山东's
        if entry.kind != "government" and self._held_across(s, a, b, words):
            return True  # 提供高通量通信服务: 高 + 通量, no 高通
        ends = any(a < x < b < y for x, y in words)
        if b - a > 2:
            return ends  # 记者从中储粮…: 从中 is a word, and 中储粮 a name
        return ends or starts

    def _held_across(self, s: str, a: int, b: int, words: list[tuple[int, int]]) -> bool:
        """Whether a word of plain Chinese that holds the name ``s[a:b]`` is made of words
        that cut across the name's edges: the word is read again as the dictionary cuts it
        without itself (:attr:`plain_parts`), down to the part that is the name or cuts it
        (高通量: 高 + 通量 - no 高通, Qualcomm; 美国微软公司: 美国 + 微软公司, then 微软 +
        公司 - 微软, Microsoft). A body of state is not read so: its name ends in its head
        (部, 委), which Chinese glues into its posts and organs (财政部长: 财政 + 部长, still
        the ministry's).

        >>> from kg.ingest.extract.lexicon import SOURCE_TREE, load
        >>> names = Names(Gazetteer(), load(SOURCE_TREE))
        >>> names.plain_parts = {"高通量": ["高", "通量"], "高通公司": ["高通", "公司"]}.__getitem__
        >>> s = "该卫星主要用于为印尼全境及亚太地区提供高通量通信服务。"  # corpus text, 2023
        >>> names._held_across(s, 19, 21, [(19, 22)])
        True
        >>> s = "高通公司总裁兼首席执行官安蒙"  # corpus text, 2024
        >>> names._held_across(s, 0, 2, [(0, 4)])
        False
        """
        x, y = next(((x, y) for x, y in words if x <= a and b <= y and (x, y) != (a, b)), (a, b))
        while (x, y) != (a, b):
            edges, pos = [], x
            for part in self.plain_parts(s[x:y]):
                edges.append((pos, pos + len(part)))
                pos += len(part)
            if len(edges) < 2 or any(u < a < v or u < b < v for u, v in edges if not (u <= a and b <= v)):
                return len(edges) >= 2  # one word through and through, or a part across an edge
            held = next(((u, v) for u, v in edges if u <= a and b <= v), None)
            if held is None:
                return False  # words of its own, one after another
            x, y = held
        return False

    def _district(
        self,
        s: str,
        a: int,
        entries: list[Entry],
        before: list[tuple[int, int, list[Entry]]],
        tag: str | None = "ns",
    ) -> Entry | None:
        """Which county or district a name at ``a`` stands for: the one of the city or
        province named right before it (深圳南山区); else the one division of that name,
        unless the name is glued to the word before it (浙西南山区, 中心城区). A name that
        several divisions share (南山区, 城区, 朝阳区) stands for none without its city, and
        a short form (曲阜 for 曲阜市) only after its own city or province or where jieba
        takes the word for a place (``tag`` ns): 平安, 东方 and 友谊 are words before they
        are places.

        >>> from kg.ingest.extract.lexicon import SOURCE_TREE, load
        >>> nanshan = [Entry("南山区", "region", level="district", code=c) for c in ("440305", "230404")]
        >>> shenzhen = (0, 2, [Entry("深圳", "region", level="city", code="440300")])
        >>> names = Names(Gazetteer(), load(SOURCE_TREE))
        >>> names._district("深圳南山区", 2, nanshan, [shenzhen]).code
        '440305'
        >>> names._district("浙西南山区", 2, nanshan, []) is None
        True

        A short form right after its own province or city is that county, however jieba cuts
        it (在广西兴业，种植户抢抓晴好天气开展早稻播种: 兴业 is a word before it is a place):

        >>> xingye = [Entry("兴业", "region", level="district", code="450924", canonical="兴业县")]
        >>> guangxi = (0, 2, [Entry("广西", "region", level="province", code="450000")])
        >>> names._district("广西兴业", 2, xingye, [guangxi], tag="n").canonical
        '兴业县'
        >>> names._district("兴业", 0, xingye, [], tag="n") is None
        True

        Alone, a short form that is also a common word is none (全年新建高标准农田1.05亿亩:
        新建 is a district of 南昌 too), nor is one right after a number
        (我国工业增加值首次突破40万亿元大关):

        >>> xinjian = [Entry("新建", "region", level="district", code="360112", canonical="新建区")]
        >>> names.common = Names.common_words({"新建": 1000, "兴业": 40}, [xinjian[0], xingye[0]])
        >>> names._district("全年新建", 2, xinjian, []) is None, names.common
        (True, frozenset({'新建'}))
        >>> daguan = [Entry("大关", "region", level="district", code="530624", canonical="大关县")]
        >>> names._district("突破40万亿元大关", 7, daguan, []) is None
        True

        A division the curated data declares is met twice - the curated place (with its IRI)
        and the table's row - and is still one division: the curated place.

        >>> daowai = [Entry("道外区", "region", iri="https://example.org/id/place/daowai", level="district", code="230104"),
        ...           Entry("道外区", "region", level="district", code="230104", canonical="道外区")]
        >>> names._district("道外区", 0, daowai, []).iri
        'https://example.org/id/place/daowai'
        """
        districts: list[Entry] = []
        for e in entries:  # one per division, the curated place before the table's row
            if e.level == "district" and all(d.code != e.code for d in districts):
                districts.append(e)
        prev = before[-1] if before and before[-1][1] == a else None
        if prev is not None:  # its own city or province before it says which, whatever jieba
            inside = [d for d in districts for p in prev[2] if within(d, p)]
            if inside:
                return inside[0]
        short = all(e.canonical and e.canonical != e.name for e in districts)
        if short and (tag != "ns" or districts[0].name in self.common):
            return None
        if short and a and (s[a - 1].isdigit() or s[a - 1] in NUMBER_UNITS):
            return None  # 突破40万亿元大关: a threshold, no county
        if len(districts) == 1 and not _glued(s, a, prev is not None):
            return districts[0]
        return None

    # 2. names by suffix ---------------------------------------------------------------
    def _suffixed(
        self,
        text: str,
        s: str,
        offset: int,
        tokens: Sequence[Token],
        spans: list[tuple[int, int]],
        taken: list[bool],
        found: list[Mention],
    ) -> list[Mention]:
        """Names by their suffix, grown leftwards (:meth:`_grow`), less the groups, kinds and
        descriptions: a work's stage (新建) is not its name's, nor the role it plays in a longer
        work (龙龙铁路重点控制性工程 names the railway only); a 《》 title names a programme or
        a book (《中国地名大会》); a work's word before another noun qualifies it (绥芬河铁路口岸:
        the port of entry, by its own suffix, is the name).

        >>> from kg.ingest.extract.lexicon import SOURCE_TREE, load
        >>> names = Names(Gazetteer(), load(SOURCE_TREE))
        >>> def suffixed(tokens):
        ...     s, spans, pos = "".join(w for w, _ in tokens), [], 0
        ...     for w, _ in tokens:
        ...         spans.append((pos, pos + len(w)))
        ...         pos += len(w)
        ...     return [m.norm for m in names._suffixed(s, s, 0, tokens, spans, [False] * len(s), [])]
        >>> suffixed([("四川", "ns"), ("隆昌", "ns"), ("至", "p"), ("贵州", "ns"), ("黄桶", "ns"), ("铁路", "n")])
        ['四川隆昌至贵州黄桶铁路']
        >>> suffixed([("龙龙", "n"), ("铁路", "n"), ("重点", "n"), ("控制性", "n"), ("工程", "n")])
        ['龙龙铁路']
        >>> suffixed([("《", "x"), ("中国", "ns"), ("地名", "n"), ("大会", "n"), ("》", "x")])
        []

        A year's meeting written after its series is the event (corpus text, 2024; jieba's
        tokens):

        >>> suffixed([("出席", "v"), ("中国", "ns"), ("发展", "vn"), ("高层论坛", "n"), ("2024", "m"),
        ...           ("年", "m"), ("年", "m"), ("会", "v")])
        ['中国发展高层论坛2024年年会']
        >>> suffixed([("满洲里", "ns"), ("和", "c"), ("绥芬河", "ns"), ("铁路", "n"), ("口岸", "s")])
        ['绥芬河铁路口岸']
        >>> suffixed([("年产", "j"), ("5", "x"), ("万吨", "m"), ("项目", "n")])
        []

        Nor does a name begin with the verb that measures a distance from it, though jieba
        tags 距离 and 距 as nouns (verbs.csv; corpus text, 2022: 在距离万泉河支流红岭水利枢纽
        约100公里的文昌文南村):

        >>> suffixed([("在", "p"), ("距离", "n"), ("万泉河", "ns"), ("支流", "n"), ("红岭", "nr"), ("水利枢纽", "l")])
        ['万泉河支流红岭水利枢纽']
        >>> suffixed([("距", "n"), ("万泉河", "ns"), ("支流", "n"), ("红岭", "nr"), ("水利枢纽", "l")])
        ['万泉河支流红岭水利枢纽']

        Nor with a 同 ("with") jieba glued to its first character (:meth:`_glued_with`; the
        one case in the corpus, a college named after a person, is in
        tests/test_extract_names.py).
        """
        lex = self.lex
        for i, (word, _flag) in enumerate(tokens):
            head = self._head(s, tokens, spans, i)
            if head is None:
                continue
            kind, suffix_len, first = head
            known = lex.suffix(word)
            a, b = spans[i]
            j = self._grow(tokens, first, i, word)
            if kind == "project":  # 第二届 + 中 + 非农业合作论坛: an event's 中 is China's
                j = _past_heads(tokens, _past_localizer(tokens, j, i), i)
            if word == "班列" and j < i - 1 and len(tokens[i - 1][0]) == 2 and tokens[i - 1][0][0] == "中":
                j = i - 1  # … + 中X班列: a service named by its two ends begins with them
            # a name does not start with 中 or 内, nor with a number (20人实验室, 5万吨项目) -
            # but an event may start with its year (2022年中国国际进口博览会), and a line
            # between China and a country by its short form does with 中 (中 + 泰 + 铁路)
            while j < i and (
                (tokens[j][1] == "f" and not _china_and(tokens, j, i))
                or (
                    kind != "event"
                    and (tokens[j][1] in ("m", "q", "t") or tokens[j][0][0].isdigit())
                )
            ):
                j += 1
            if j < i and tokens[j][0] in STAGES:  # 新建浙江金华至宁波铁路: the work is 浙江金华至宁波铁路
                x, y = spans[j]
                found = [m for m in found if not (m.kind == "region" and (m.start, m.end) == (offset + x, offset + y))]
                j += 1
            a = spans[j][0] + int(self._glued_with(tokens, j))  # 同 + a name: the 同 is not the name's
            if kind == "project" and a and s[a - 1] == "引" and DIVERSION.match(s, a):
                a -= 1  # 引 + X济Y工程: a diversion's verb begins its name, where jieba cut it off (tests/test_extract_names.py)
            if (word in lex.not_names and j == i) or any(
                word.endswith(n) for n in lex.not_names if n.endswith("局")
            ):
                continue
            if b - a - suffix_len < MIN_BODY or b - a > 40:
                continue
            proper = any(tokens[k][1] in PROPER for k in range(j, i + 1)) or any(
                taken[k] for k in range(a, b)
            )
            if not self._authority(tokens, j, i, word):
                continue
            body = s[a : b - suffix_len] if known else ""
            if word.endswith(lex.infrastructure) and body in lex.common_works:
                continue  # 高速铁路, 海底隧道: a kind of work, whatever jieba tags 深水 as
            works = word.endswith(lex.infrastructure)
            if not proper and not works:  # 工业基地, 产业转移对接活动: a common noun
                continue
            if GENERIC.match(s[a:b]) or GROUP.search(s[a:b]) or self._kind_only(s[a:b], suffix_len):
                continue
            if kind == "enterprise" and NOT_ENTERPRISE.search(s[a:b]):
                continue
            if "的" in s[a : b - suffix_len] and kind != "event":
                a += s[a:b].rindex("的") + 1  # 连接和田至若羌的和若铁路 (jieba's 的和): the name follows 的
                if b - a - suffix_len < MIN_BODY:
                    continue
            if works and not s[a:b].endswith(ROUTES) and (port := PORT_OF_WORK.match(s, b)):
                b = port.end()  # …大桥公路口岸, …机场口岸: the port of entry named after the work
            elif works and s.startswith(WORK_AS_MODIFIER, b):
                continue  # 绥芬河铁路口岸, 高铁经济: the work's word qualifies another noun
            if (cap := CAPACITY.match(s, a)) and len(PHASE.sub("", s[cap.end() : b - suffix_len])) < MIN_BODY:
                continue  # 年产5万吨项目: how much, not what
            if kind == "project" and NOT_A_WORK.search(s, 0, b) or kind == "project" and AWARD_AFTER.match(s, b):
                continue  # 比赛项目: a sport's event; …建设工程鲁班奖: an award; 万吨级油气田: a size
            if word.endswith(("口岸", "港")) and self._no_port(s, a, b, taken):
                continue  # 口岸管理办公室, 大桥口岸, 伊兹梅尔港: no named port of ours
            if ROLE_OF_WORK.search(s[a:b]):
                continue  # 龙龙铁路重点控制性工程: the railway's work, named apart if at all
            if a and s[a - 1] == "《" and s[b : b + 1] == "》":
                continue  # 《中国书法大会》: the title of a programme or a book, no event
            if COUNTED.search(s[:a]):  # 5家超百亿元的锂电新材料项目: a group
                continue
            while a < b and s[a] in HYPHENS:
                a += 1
            if kind == "event" and (annual := ANNUAL.match(s, b)):
                b = annual.end()  # 世界经济论坛2023年年会: the year's meeting is the event
            if all(taken[k] for k in range(a, b)):
                continue
            found = [  # organisations and events inside the name stay mentions of their own
                m
                for m in found
                if not (
                    m.start - offset >= a
                    and m.end - offset <= b
                    and m.kind not in ("region", "industry", "event")
                    and m.kind not in ORG_KINDS
                )
            ]
            if kind == "event":
                found = [self._series(m, text, offset + a, offset + b) for m in found]
            found.append(self._mention(text, s, offset, a, b, kind, None, 0.75))
            for k in range(a, b):
                taken[k] = True
        return found

    def _no_port(self, s: str, a: int, b: int, taken: list[bool]) -> bool:
        """Whether ``s[a:b]``, ending in 口岸 or 港, names no port: the port's office after it
        (口岸管理办公室), only a work's or a zone's word before it (大桥口岸, 经济开发区口岸),
        or, for 港 (a word of its own), no Chinese place in it (伊兹梅尔港: a foreign port
        in foreign news; the annotation's places are China's). Corpus text, 2023:

        >>> from kg.ingest.extract.lexicon import SOURCE_TREE, load
        >>> names = Names(Gazetteer(), load(SOURCE_TREE))
        >>> for s in ("大桥口岸", "国家口岸管理办公室", "乌克兰伊兹梅尔港", "满洲里口岸"):
        ...     print(names._no_port(s, 0, s.index("口岸") + 2 if "口岸" in s else len(s), [False] * len(s)))
        True
        True
        True
        False
        """
        body = s[a:b].removesuffix("口岸").removesuffix("港")
        if "各" in body or "等" in body or body.endswith(("海关", "运输")):
            return True  # 深圳各口岸, 海关口岸, 公路客货运输口岸: ports, none by name
        if PORT_OFFICE.match(s, b) or body in self.lex.infrastructure or body in ("公路", "铁路", "陆路", "航空", "水运", "边境"):
            return True
        known = self.lex.suffix(body)
        if known is not None and known[1] == "park":
            return True
        return s[a:b].endswith("港") and not s[a:b].endswith("口岸") and not any(taken[k] for k in range(a, b))

    def _series(self, m: Mention, text: str, a: int, b: int) -> Mention:
        """A session of a known event (2022两岸企业家峰会) that begins the name of its
        summit or annual meeting at ``a:b`` (2022两岸企业家峰会年会): the edition is the
        meeting's, and the known name inside it is the series - an event held at a session
        (第二届欧亚经济论坛全会) keeps the session.

        >>> from kg.ingest.extract.lexicon import SOURCE_TREE, load
        >>> g = Gazetteer()
        >>> g.add(Entry("两岸企业家峰会", "event", iri="https://example.org/cstes"))
        >>> names = Names(g, load(SOURCE_TREE))
        >>> s = "2022两岸企业家峰会年会"
        >>> m = Mention(0, 11, s[:11], s[:11], "event", session(g.entries["两岸企业家峰会"][0], "2022"))
        >>> names._series(m, s, 0, len(s)).norm
        '两岸企业家峰会'
        """
        if m.kind != "event" or m.start != a or m.end >= b or m.entry is None or m.entry.iri:
            return m
        if not text.startswith(MEETINGS, b - 2):
            return m
        for start in range(m.start + 1, m.end - 1):
            series = [e for e in self.g.entries.get(m.norm[start - m.start :], []) if e.kind == "event"]
            if series:
                return Mention(start, m.end, text[start : m.end], m.norm[start - m.start :], "event",
                               _best(series), m.confidence)
        return m

    def _head(
        self, s: str, tokens: Sequence[Token], spans: list[tuple[int, int]], i: int
    ) -> tuple[str, int, int] | None:
        """The kind of name ``tokens[i]`` ends, the length of its suffix and the token the
        suffix begins in (a platform's compound ending spans tokens: 技术创新 + 中心)."""
        word = tokens[i][0]
        known = self.lex.suffix(word)
        if word.endswith(("中心", "平台", "空间", "实验室")):  # 技术创新 + 中心, 重点实验室
            compound = next((x for x in self.lex.platforms if s[: spans[i][1]].endswith(x)), None)
            if compound is not None:
                begin = spans[i][1] - len(compound)
                return "platform", len(compound), next(k for k in range(i, -1, -1) if spans[k][0] <= begin)
        return (known[1], len(known[0]), i) if known else None

    def _anchored(
        self,
        text: str,
        s: str,
        offset: int,
        tokens: Sequence[Token],
        spans: list[tuple[int, int]],
        taken: list[bool],
        found: list[Mention],
    ) -> list[Mention]:
        """Parks, events, platforms and plants whose words jieba tags as verbs or set
        phrases (黑龙江哈大齐国家自主创新示范区, 第四届“一带一路”税收征管合作论坛):
        the name is the run of words before the suffix that begins with an anchor - a place,
        an organisation, an edition, a quoted name - right after the clause's edge or a verb
        a name never grows over (打造, 办好: ``verbs.csv``), and holds no function word; an event's may join two nouns by 与 or 和
        (世界科技与发展论坛). Taken where the suffix rule found less.

        >>> from kg.ingest.extract.lexicon import SOURCE_TREE, load
        >>> names = Names(Gazetteer(), load(SOURCE_TREE))
        >>> def anchored(tokens):
        ...     s, spans, pos = "".join(w for w, _ in tokens), [], 0
        ...     for w, _ in tokens:
        ...         spans.append((pos, pos + len(w)))
        ...         pos += len(w)
        ...     return [m.norm for m in names._anchored(s, s, 0, tokens, spans, [False] * len(s), [])]
        >>> anchored([("这段", "r"), ("时间", "n"), ("，", "x"), ("在", "p"), ("黑龙江", "ns"), ("哈大齐", "nr"), ("国家", "n"), ("自主", "v"), ("创新", "v"), ("示范区", "n")])
        ['黑龙江哈大齐国家自主创新示范区']
        >>> anchored([("第四届", "m"), ("“", "x"), ("一带一路", "x"), ("”", "x"), ("税收", "n"), ("征管", "vn"), ("合作", "vn"), ("论坛", "n"), ("11", "m"), ("日", "m")])
        ['第四届“一带一路”税收征管合作论坛']
        >>> anchored([("，", "x"), ("第四届", "m"), ("世界", "n"), ("科技", "n"), ("与", "p"), ("发展", "vn"), ("论坛", "n")])
        ['第四届世界科技与发展论坛']

        A verb that holds an event begins its name, whatever the words (李强主持召开先进制造业
        发展座谈会; 举办全国职业技能大赛), given four characters:

        >>> anchored([("主持", "v"), ("召开", "v"), ("先进", "a"), ("制造业", "n"), ("发展", "vn"), ("座谈会", "n")])
        ['先进制造业发展座谈会']
        >>> anchored([("举办", "v"), ("新闻", "n"), ("发布会", "n")])
        []
        >>> anchored([("举办", "v"), ("全国", "n"), ("职业技能", "n"), ("大赛", "n")])
        ['全国职业技能大赛']

        国家 begins a national platform's name (支持151个拔尖创新人才培养基地和国家产教融合创新平台):

        >>> anchored([("和", "c"), ("国家", "n"), ("产教", "n"), ("融合", "vn"), ("创新", "v"), ("平台", "n")])
        ['国家产教融合创新平台']

        A side of the country begins a park's name (the corpus example is in
        tests/test_extract_names.py: its park is one a blind item annotates); 周边 is no side:

        >>> anchored([("，", "x"), ("周边", "f"), ("建有", "v"), ("产业园区", "n")])
        []

        A project's anchor is its capacity (甘肃酒泉瓜州县175万千瓦风力发电项目启动建设):

        >>> anchored([("瓜州", "ns"), ("县", "n"), ("175", "m"), ("万千瓦", "m"), ("风力", "n"), ("发电", "vn"), ("项目", "n")])
        ['175万千瓦风力发电项目']

        No anchor, or a noun before it, and there is no name (来到乐金显示广州制造基地: where
        the name begins is not known); nor a person in it (李强充分肯定示范区):

        >>> anchored([("首先", "d"), ("来到", "v"), ("乐金", "n"), ("显示", "v"), ("广州", "ns"), ("制造", "v"), ("基地", "n")])
        []
        >>> anchored([("，", "x"), ("李强", "nrfg"), ("充分肯定", "nz"), ("示范区", "n")])
        []

        A park's name holds no other park's suffix (…工业园 + 了解园区: the corpus example is in
        tests/test_extract_names.py, its park one a blind item annotates); two events joined by
        暨 are one, named by both:

        >>> t = [("向", "p"), ("第三届", "m"), ("文明", "nr"), ("交流", "n"), ("互鉴", "v"), ("对话会", "l"), ("暨", "nt"), ("首届", "m"), ("世界", "n"), ("汉学家", "n"), ("大会", "n")]
        >>> s = "".join(w for w, _ in t)
        >>> spans = [(len("".join(w for w, _ in t[:n])), len("".join(w for w, _ in t[: n + 1]))) for n in range(len(t))]
        >>> first = Mention(1, 13, s[1:13], s[1:13], "event", None)
        >>> [m.norm for m in names._anchored(s, s, 0, t, spans, [False] * len(s), [first])]
        ['第三届文明交流互鉴对话会暨首届世界汉学家大会']
        """
        out = list(found)
        for i in range(len(tokens)):
            head = self._head(s, tokens, spans, i)
            if head is None or head[0] not in (*ANCHORED_KINDS, "project"):
                continue
            kind, suffix_len, first = head
            b = spans[i][1]
            k, anchors = first, []
            while k > 0 and first - k < 10:
                w, tag = tokens[k - 1]
                if kind == "project" and tag in ("m", "q"):  # 百万吨生物质精炼一体化项目
                    size = next(
                        (n for n in (3, 2, 1) if k - n >= 0 and CAPACITY.fullmatch("".join(x for x, _ in tokens[k - n : k]))),
                        None,
                    )
                    if size is not None:
                        rest = "".join(x for x, _ in tokens[k:first])
                        rest = PHASE.sub("", rest)
                        if len(rest) >= MIN_BODY and not KIND_WORDS.fullmatch(rest):
                            k -= size
                            anchors.append(k)
                        break  # a capacity begins the name (年产5万吨 + 项目 names none)
                if kind == "project" and (PHASE.fullmatch(w) or tag in ("n", "vn", "v", "l", "a", "b", "nz")):
                    if w in self.lex.verbs or w == "建设" or self.lex.suffix(w) or (tag == "v" and len(w) == 1):
                        break
                    k -= 1
                    continue  # a work's words, up to its capacity
                if kind == "project":
                    break
                if w == "”":  # a quoted name inside (“一带一路”税收征管合作论坛)
                    q = next((x for x in range(k - 2, max(k - 8, -1), -1) if tokens[x][0] == "“"), None)
                    if q is None:
                        break
                    k = q
                    anchors.append(k)
                    continue
                if w == "）" and k >= 3 and tokens[k - 3][0] == "（" and tokens[k - 2][1] == "ns":
                    k -= 3  # 中国（海南）…: the place of this edition
                    continue
                joins = (
                    kind == "event" and w in ("与", "和") and k >= 2
                    and tokens[k - 2][1] in ("n", "vn")
                    and (tokens[k][1] in ("n", "vn") or (tokens[k][1] == "v" and len(tokens[k][0]) > 1))
                )  # 世界科技与发展论坛: 发展 (vn) after 与; or a verb (v) of two characters or more
                edition = tag == "m" and EDITION_WORD.fullmatch(w)
                side = kind == "park" and tag == "f" and w in SIDES  # a side begins a park's name
                if not joins and not edition and not side and (
                    tag in ANCHOR_EDGE_TAGS or w in STOP or w in self.lex.verbs or w == "建设" or w in HOLDING
                    or w in self.lex.roles  # 全国政协主席王沪宁主持大会: a person and a verb
                    or any(c in PUNCT for c in w) or tag == "m" or w.startswith("最")
                    or (tag == "v" and len(w) == 1)  # 作, 是: a verb of the sentence
                    or (kind == "park" and (inner := self.lex.suffix(w)) is not None and inner[1] == "park")
                ):
                    break  # …工业园 + 了解园区: a park's name holds no other park's suffix
                k -= 1
                if (
                    edition
                    or side
                    or tag in ("ns", "nt")
                    or (kind == "event" and w == "全国")
                    or (kind == "platform" and w == "国家")  # 国家超算天津中心: a national platform
                    or any(m.start - offset == spans[k][0] and (m.kind == "region" or m.kind in ORG_KINDS) for m in found)
                ):
                    anchors.append(k)
            held = kind == "event" and k > 0 and (
                tokens[k - 1][0] in HOLDING
                or (tokens[k - 1][0] == "的" and k > 1 and tokens[k - 2][0] in HOLDING)
            ) and len(s[spans[k][0] : spans[first][0]]) >= 4
            if k not in anchors and not held:
                continue  # 来到乐金显示广州制造基地: where the name begins is not known
            if tokens[k][0] == "“":  # a quoted name leads an event's only (“一带一路”绿色创新大会)
                after = next(x for x in range(k + 1, i) if tokens[x][0] == "”") + 1
                if kind != "event" and after in anchors:
                    k = after  # a quoted programme before an anchored name: the programme's, not the name's
                elif kind != "event":
                    continue  # “小田变大田”示范区: a quoted idea, no name
            if any(
                m.kind == "region" and m.end == offset + b and m.start - offset <= spans[first][0]
                for m in found
            ):
                continue  # a city's 新区 written after the city: a district, whatever its suffix
            start, a = k, spans[k][0]
            if any(
                m.start <= offset + spans[i][0] and m.end >= offset + b and (m.end > offset + b or m.start <= offset + a)
                for m in out if m.kind not in ("region", "industry")
            ):
                continue  # the suffix rule found it, or more (…对接活动(黑龙江))
            name = s[a:b]
            if b - a - suffix_len < MIN_BODY or b - a > 30 or any(
                tokens[y][1] == "nrfg" for y in range(start, i + 1)
            ):
                continue
            national = kind == "event" and name.startswith("全国")  # 全国职业技能大赛
            if GENERIC.match(name[2:] if national else name) or GROUP.search(name) or self._kind_only(name, suffix_len):
                continue
            if COUNTED.search(s[:a]) or (a and s[a - 1] == "《"):
                continue
            out = [
                m for m in out
                if not (
                    offset + a <= m.start and m.end <= offset + b
                    and (
                        (m.kind not in ("region", "industry", "event", "policy") and m.kind not in ORG_KINDS)
                        or (m.kind == "event" and m.start == offset + a and s[m.end - offset : m.end - offset + 1] == "暨")
                    )
                )
            ]  # 第三届文明交流互鉴对话会暨首届世界汉学家大会: one event, named by both
            if kind == "event":
                out = [self._series(m, text, offset + a, offset + b) for m in out]
            out.append(self._mention(text, s, offset, a, b, kind, None, 0.7))
            for x in range(a, b):
                taken[x] = True
        return out

    def _held(
        self,
        text: str,
        s: str,
        offset: int,
        tokens: Sequence[Token],
        spans: list[tuple[int, int]],
        found: list[Mention],
    ) -> list[Mention]:
        """Events by the sentence that holds them: a name ending in an event's word
        (大会, 论坛, 博览会, 峰会, 洽谈会, ...) that opens its clause and is followed by
        where and when it is held and the verb that holds it (…论坛在云南举行, …峰会今天
        （10月26日）在湖南株洲开幕, …大会4月20日—21日在新加坡举行) - the standard report of an event, whatever words
        its name is made of. Taken where the other rules found less.

        >>> from kg.ingest.extract.lexicon import SOURCE_TREE, load
        >>> names = Names(Gazetteer(), load(SOURCE_TREE))
        >>> def held(s, tokens=()):
        ...     spans, pos = [], 0
        ...     for w, _ in tokens:
        ...         spans.append((pos, pos + len(w)))
        ...         pos += len(w)
        ...     return [m.norm for m in names._held(s, s, 0, tokens, spans, [])]
        >>> for s in ("减贫治理与全球发展国际论坛在云南举行", "第二届北斗规模应用国际峰会今天（10月26日）在湖南株洲开幕",
        ...           "今天（11月27日），第四届世界科技与发展论坛在四川成都开幕",
        ...           "由生态环境部主办的2022年深入学习贯彻习近平生态文明思想研讨会今天在京举行"):
        ...     print(held(s))
        ['减贫治理与全球发展国际论坛']
        ['第二届北斗规模应用国际峰会']
        ['第四届世界科技与发展论坛']
        ['2022年深入学习贯彻习近平生态文明思想研讨会']

        Not a kind of meeting, one the sentence refers back to, nor a clause that says more
        than the name (corpus text, 2023):

        >>> for s in ("本届亚运会开幕式恰逢二十四节气的秋分时节", "新闻发布会在北京举行", "李强主持召开座谈会", "专题座谈会在京召开"):
        ...     print(held(s))
        []
        []
        []
        []

        The sentence's words before the name are not the name's (corpus text, 2022):

        >>> held("“以影像为桥”中法合拍纪实影像作品发布会今天（4月4日）举行", [("“", "x"), ("以", "p"), ("影像", "n"),
        ...      ("为", "p"), ("桥", "n"), ("”", "x"), ("中法", "j"), ("合拍", "v"), ("纪实", "n"), ("影像", "n"),
        ...      ("作品", "n"), ("发布会", "n"), ("今天", "t"), ("（", "x"), ("4", "m"), ("月", "m"), ("4", "m"),
        ...      ("日", "m"), ("）", "x"), ("举行", "v")])
        ['“以影像为桥”中法合拍纪实影像作品发布会']
        >>> held("12月3日，首届“良渚论坛”在浙江省杭州市举办"), held("“2022国际版权论坛”今天在景德镇举行")
        (['首届“良渚论坛”'], ['2022国际版权论坛'])
        >>> held("王岐山出席2022年创新经济论坛开幕式", [("王岐山", "nr"), ("出席", "v"), ("2022", "m"), ("年", "m"),
        ...      ("创新", "v"), ("经济", "n"), ("论坛", "n"), ("开幕式", "n")])
        ['2022年创新经济论坛']

        Nor is a verb jieba tags as a noun (verbs.csv) that opens the clause: 距 measures the
        time to the opening (the shape of corpus text, 2024: 距…开幕还有100天; jieba's tokens):

        >>> held("距第四届世界科技与发展论坛开幕", [("距", "n"), ("第四届", "m"), ("世界", "n"), ("科技", "n"),
        ...      ("与", "p"), ("发展", "vn"), ("论坛", "n"), ("开幕", "v")])
        ['第四届世界科技与发展论坛']
        """
        out = list(found)
        for m in self.event_heads.finditer(s):
            b = m.end()
            if s.startswith("”", b) and s.rfind("“", 0, m.start()) > s.rfind("”", 0, m.start()):
                b += 1  # 第二届“世界航商大会”在香港举行: the name in quotes
            if not HELD_AFTER.match(s, b):
                continue
            a = max(s.rfind(p, 0, m.start()) for p in "，,；;。：:！？!?") + 1
            a = max(a, s.rfind("的", a, m.start()) + 1)  # 由…主办的, 为期三天的: not the name's
            lead = HELD_LEAD.match(s, a, m.start())
            a = lead.end() if lead else a
            for (w, tag), (x, y) in zip(tokens, spans, strict=True):
                if a <= x and y <= m.start() and w not in ("与", "和", "暨") and (
                    tag in HELD_EDGE_TAGS or w in HELD_FRAMES or w in HOLDING
                    or w == "是"  # 今天（…）是…运动会: the sentence's verb
                    or (x == a and w in self.lex.verbs)  # 距…开幕还有100天: the clause's verb
                ):
                    a = y  # 出席…论坛开幕式, 正赶上…在当地举办: the sentence's words
            if s.count("”", a, b) > s.count("“", a, b):  # “以影像为桥”中法…发布会: the quote is the name's
                a = s.rfind("“", 0, a)
                if a < 0:
                    continue
            if s.startswith("“", a) and s.find("“", a + 1, b) < 0 and s.startswith("”", b - 1):
                a, b = a + 1, b - 1  # “2022国际版权论坛”在…举行: the quoted name, not its marks
            name = s[a:b]
            if len(name) - len(m.group()) < MIN_BODY or len(name) > 30 or any(c in HELD_BREAKS for c in name):
                continue
            if GENERIC.match(name) or GROUP.search(name) or COUNTED.search(s[:a]):
                continue
            if self._kind_only(name, len(m.group())) or KIND_OF_MEETING.fullmatch(name[: len(name) - len(m.group())]):
                continue
            if any(x.kind == "event" and x.start <= offset + a and offset + b <= x.end for x in out):
                continue  # found already, whole or more
            if any(
                x.start < offset + b and offset + a < x.end
                and not (offset + a <= x.start and x.end <= offset + b)
                for x in out if x.kind not in ("region", "industry")
            ):
                continue  # a name across its edge: not this clause's subject alone
            out = [
                x for x in out
                if not (offset + a <= x.start and x.end <= offset + b and x.kind == "event")
            ]
            out.append(self._mention(text, s, offset, a, b, "event", None, 0.7))
        return out

    def _sided(self, text: str, s: str, offset: int, found: list[Mention]) -> list[Mention]:
        """A side of the country right before a work's name begins it (西部陆海通道), as it
        begins a park's (:data:`SIDES`): jieba tags the side as a direction, so the
        name grows without it.

        >>> from kg.ingest.extract.lexicon import SOURCE_TREE, load
        >>> names = Names(Gazetteer(), load(SOURCE_TREE))
        >>> s = "全面提升西部陆海通道基础设施能级"
        >>> side = Mention(4, 6, "西部", "西部", "region")
        >>> corridor = Mention(6, 10, "陆海通道", "陆海通道", "project")
        >>> [(m.kind, m.norm) for m in names._sided(s, s, 0, [side, corridor])]
        [('region', '西部'), ('project', '西部陆海通道')]
        """
        out = list(found)
        for n, m in enumerate(out):
            if m.kind != "project" or m.entry is not None:
                continue
            a = m.start - offset
            side = next((x for x in SIDES if s.startswith(x, a - len(x))), None) if a >= 2 else None
            if side is not None and (a == len(side) or s[a - len(side) - 1] not in "东西南北中"):
                out[n] = self._mention(text, s, offset, a - len(side), m.end - offset, "project", None, m.confidence)
        return out

    def _institutes(
        self,
        text: str,
        s: str,
        offset: int,
        tokens: Sequence[Token],
        spans: list[tuple[int, int]],
        found: list[Mention],
    ) -> list[Mention]:
        """The Chinese Academy of Sciences' institutes by their short names: the academy,
        often the institute's city, its field and 所 (中科院成都生物研究所, 中科院自动化所) - the
        short forms the academy and the news use for its 研究所. The city is the name's.

        >>> from kg.ingest.extract.lexicon import SOURCE_TREE, load
        >>> names = Names(Gazetteer(), load(SOURCE_TREE))
        >>> def institutes(tokens):
        ...     s, spans, pos = "".join(w for w, _ in tokens), [], 0
        ...     for w, _ in tokens:
        ...         spans.append((pos, pos + len(w)))
        ...         pos += len(w)
        ...     return [m.norm for m in names._institutes(s, s, 0, tokens, spans, [])]

        Corpus text (2022-2023):

        >>> institutes([("同", "p"), ("为", "p"), ("科技", "n"), ("工作者", "n"), ("，", "x"), ("来自", "v"),
        ...             ("中科院", "nt"), ("成都", "ns"), ("生物", "n"), ("研究所", "n"), ("的", "uj")])
        ['中科院成都生物研究所']
        >>> institutes([("中科院", "nt"), ("院士", "n"), ("叶玉如", "nr"), ("所", "c")])
        []
        """
        out: list[Mention] = []
        for n, (w, _) in enumerate(tokens):
            if w not in ACADEMY:
                continue
            for k in range(n + 1, min(n + 5, len(tokens))):
                word, tag = tokens[k]
                if word.endswith("所") and (k > n + 1 or len(word) > 1):
                    a, b = spans[n][0], spans[k][1]
                    if 2 <= b - a - len(w) <= 7 and not any(
                        x.start <= offset + a and offset + b <= x.end for x in found
                    ):
                        out.append(self._mention(text, s, offset, a, b, "research-institute", None, 0.7))
                    break
                if tag not in INSTITUTE_TAGS or word in self.lex.roles:
                    break
        return out

    def _routes(self, text: str, s: str, offset: int, found: list[Mention]) -> list[Mention]:
        """Lines named by their ends (金华至宁波铁路, 开州至云阳高速公路; …、雄安新区至忻州
        等高铁): places joined by 至 or 到 and followed by the kind of line, or listed as the
        members of a list of lines - the standard naming of Chinese railways, roads,
        corridors and power lines. The places are the line's ends, part of its name, not
        places the sentence is about.

        >>> from kg.ingest.extract.lexicon import SOURCE_TREE, load
        >>> names = Names(Gazetteer(), load(SOURCE_TREE))
        >>> def routes(s, places):
        ...     found = [Mention(x.start(), x.end(), p, p, "region") for p in places for x in re.finditer(p, s)]
        ...     return [m.norm for m in names._routes(s, s, 0, found) if m.kind == "project"]

        Corpus text (2022-2023):

        >>> routes("复兴长江大桥是重庆开州至云阳高速公路的控制性工程", ["重庆", "开州", "云阳"])
        ['开州至云阳高速公路']
        >>> routes("兰张三四线铁路东起甘肃兰州，西至张掖", ["甘肃", "兰州", "张掖"])
        []
        >>> routes("贵阳至南宁高铁贵州段启动联调联试，深圳至江门高铁、南昌至九江高铁", ["贵阳", "南宁", "贵州", "深圳", "江门", "南昌", "九江"])
        ['贵阳至南宁高铁', '深圳至江门高铁', '南昌至九江高铁']

        A route alone, from one place to another, names no line:

        >>> routes("从北京到上海只需4个多小时", ["北京", "上海"])
        []
        """
        ends = sorted(
            (m for m in found if m.kind == "region" or (m.kind == "project" and m.norm.endswith(ROUTE_END_WORKS))),
            key=lambda m: m.start,
        )
        chains: list[list[Mention]] = []
        for m in ends:
            last = chains[-1][-1] if chains else None
            if last is not None and m.start == last.end + 1 and s[last.end - offset] in "至到":
                chains[-1].append(m)
            elif m.kind == "region":
                chains.append([m])
        lists = [(x.start(), x.end(1)) for x in ROUTE_LIST.finditer(s)]
        out = list(found)
        for chain in chains:
            if len(chain) < 2 or any(m.kind != "region" for m in chain[:-1]):
                continue
            a, b = chain[0].start - offset, chain[-1].end - offset
            if a and s[a - 1] == "从":
                continue  # 从北京到上海: a way, no line
            line = ROUTE_KIND.match(s, b)
            listed = any(x <= a and b <= y for x, y in lists) and (
                s[b : b + 1] in ("、", "等") and (a == 0 or s[a - 1] in "、，,：:；;")
            )
            if line is None and not listed:
                continue
            end = line.end() if line is not None else b
            if any(x.kind == "project" and x.start <= offset + a and offset + end <= x.end for x in out):
                continue  # named already (金华至宁波铁路, by its suffix)
            out = [
                x for x in out
                if not (x.kind == "project" and offset + a <= x.start and x.end <= offset + end)
            ]  # …至西哈努克港高速公路: the port is the line's end
            out.append(self._mention(text, s, offset, a, end, "project", None, 0.7))
        return out

    def _sections(self, text: str, s: str, offset: int, found: list[Mention]) -> list[Mention]:
        """The sections of a line named right after it, by their ends or their province
        (兰张三四线铁路兰州至武威段, 京港高铁湖北段): works of their own, named with the line.

        >>> from kg.ingest.extract.lexicon import SOURCE_TREE, load
        >>> g = Gazetteer()
        >>> g.add(Entry("江苏", "region", level="province", code="320000"))
        >>> names = Names(g, load(SOURCE_TREE))
        >>> s = "济南至郑州高速铁路济南至濮阳段今天（12月8日）建成通车"
        >>> lines = [Mention(0, 9, s[:9], s[:9], "project")]
        >>> [m.norm for m in names._sections(s, s, 0, lines)]
        ['济南至郑州高速铁路济南至濮阳段']
        >>> s = "北沿江高铁江苏段开工建设，北沿江高铁全线段"
        >>> lines = [Mention(0, 5, s[:5], s[:5], "project"), Mention(13, 18, s[13:18], s[13:18], "project")]
        >>> [m.norm for m in names._sections(s, s, 0, lines)]
        ['北沿江高铁江苏段']

        So are a line's bridges and tunnels named right after it (corpus text, 2022):

        >>> s = "龙龙铁路双髻山隧道今天贯通"
        >>> works = [Mention(0, 4, s[:4], s[:4], "project"), Mention(4, 9, s[4:9], s[4:9], "project")]
        >>> [m.norm for m in names._sections(s, s, 0, works)]
        ['龙龙铁路双髻山隧道']
        >>> s = "成都至自贡至宜宾高铁全线隧道贯通"
        >>> works = [Mention(0, 10, s[:10], s[:10], "project"), Mention(10, 14, s[10:14], s[10:14], "project")]
        >>> names._sections(s, s, 0, works)
        []
        """
        out = []
        for m in found:
            if m.kind != "project" or not m.norm.endswith(ROUTES):
                continue
            work = next(
                (
                    x for x in found
                    if x.kind == "project" and x.start == m.end and x.norm.endswith(LINE_WORKS)
                    and not x.norm.startswith(ALL_OF)
                ),
                None,
            )
            if work is not None:  # 龙龙铁路双髻山隧道: the line's tunnel
                out.append(Mention(m.start, work.end, text[m.start : work.end], s[m.start - offset : work.end - offset],
                                   "project", None, 0.75))
        for m in found:
            if m.kind != "project" or not m.norm.endswith(ROUTES):
                continue
            b = m.end - offset
            section = SECTION.match(s, b)
            if section is None:
                continue
            place = section.group("place")
            if place and not any(
                e.kind == "region" for x, y, es in self.g.find(place) if (x, y) == (0, len(place)) for e in es
            ):
                continue  # 全线段, 试验段: no section by name
            end = section.end()
            out.append(Mention(m.start, offset + end, text[m.start : offset + end], s[m.start - offset : end],
                               "project", None, 0.75))
        return out

    def _free_trade_zones(self, text: str, s: str, offset: int, found: list[Mention]) -> list[Mention]:
        """The pilot free trade zones by the State Council's standard naming, 中国（province）
        自由贸易试验区, and their areas named after them (…科技创新片区): parks, the zone
        named inside its area's name too (an area's example is in tests/test_extract_names.py:
        the zone of every area named in a corpus item no gold file holds is a blind item's).

        >>> from kg.ingest.extract.lexicon import SOURCE_TREE, load
        >>> names = Names(Gazetteer(), load(SOURCE_TREE))

        Corpus text (2023):

        >>> def zones(s):
        ...     return [m.norm for m in names._free_trade_zones(s, s, 0, [])]
        >>> zones("会议审议了国务院关于中国（海南）自由贸易试验区暂时调整适用有关法律规定情况的中期报告")
        ['中国（海南）自由贸易试验区']

        Not inside a document's title (the corpus example is in tests/test_extract_names.py: its
        zone is one a blind item annotates).
        """
        out = []
        for hit in FREE_TRADE_ZONE.finditer(s):
            a, b = hit.span()
            if any(m.kind == "park" and m.start <= offset + a and offset + b <= m.end for m in found):
                continue  # named already
            if s.rfind("《", 0, a) > s.rfind("》", 0, a):
                continue  # 《…自由贸易试验区…总体方案》: the document's title
            out.append(self._mention(text, s, offset, a, b, "park", None, 0.75))
            if hit["area"]:
                out.append(self._mention(text, s, offset, a, hit.start("area"), "park", None, 0.75))
        return out

    def _grow(self, tokens: Sequence[Token], first: int, i: int, word: str) -> int:
        """How far left a name ending in ``tokens[i]`` reaches over name-like tokens: an
        event's also over a place in brackets (第二届中国（武汉）文化旅游博览会) and a set
        phrase (第九届丝绸之路国际电影节), a name's over verbal nouns after a noun (中国西藏旅游
        文化国际博览会).

        >>> from kg.ingest.extract.lexicon import SOURCE_TREE, load
        >>> names = Names(Gazetteer(), load(SOURCE_TREE))
        >>> t = [("第二届", "m"), ("中国", "ns"), ("（", "x"), ("武汉", "ns"), ("）", "x"), ("文化", "n"), ("旅游", "vn"), ("博览会", "n")]
        >>> "".join(w for w, _ in t[names._grow(t, 7, 7, "博览会") :])
        '第二届中国（武汉）文化旅游博览会'
        >>> t = [("第五届", "m"), ("中国", "ns"), ("西藏", "ns"), ("旅游", "vn"), ("文化", "n"), ("国际", "n"), ("博览会", "n")]
        >>> "".join(w for w, _ in t[names._grow(t, 6, 6, "博览会") :])
        '第五届中国西藏旅游文化国际博览会'
        >>> t = [("莫莫克", "nrt"), ("水利枢纽", "l"), ("工程", "n")]
        >>> "".join(w for w, _ in t[names._grow(t, 2, 2, "工程") :])
        '莫莫克水利枢纽工程'
        >>> t = [("长江", "ns"), ("上", "f"), ("第一座", "m"), ("大型", "b"), ("水利工程", "n")]
        >>> "".join(w for w, _ in t[names._grow(t, 4, 4, "水利工程") :])
        '大型水利工程'

        A verbal noun after a punctuation mark is a verb's (，建设大国工程); a route's name
        begins with its places (国家高速公路网 + G7611贵州省都匀市至…高速公路); a tunnel of a
        railway is named apart (龙龙铁路 + 双髻山隧道):

        >>> t = [("，", "x"), ("建设", "vn"), ("大国", "ns"), ("工程", "n")]
        >>> "".join(w for w, _ in t[names._grow(t, 3, 3, "工程") :])
        '大国工程'
        >>> t = [("国家", "n"), ("高速公路网", "n"), ("G7611", "eng"), ("贵州省", "ns"), ("都匀市", "ns"), ("至", "p"), ("云南省", "ns"), ("香格里拉市", "x"), ("高速公路", "n")]
        >>> "".join(w for w, _ in t[names._grow(t, 8, 8, "高速公路") :])
        '贵州省都匀市至云南省香格里拉市高速公路'
        >>> t = [("成都", "ns"), ("至", "p"), ("自贡", "ns"), ("至", "p"), ("宜宾", "ns"), ("高铁", "n")]
        >>> "".join(w for w, _ in t[names._grow(t, 5, 5, "高铁") :])
        '成都至自贡至宜宾高铁'
        >>> t = [("龙龙", "nr"), ("铁路", "n"), ("双髻", "n"), ("山", "n"), ("隧道", "n")]
        >>> "".join(w for w, _ in t[names._grow(t, 4, 4, "隧道") :])
        '双髻山隧道'

        A post before a proper name is a person's, not the name's - whether it is the post
        of whoever the name is (全国人大代表 + a company) or says on whose behalf someone
        speaks (corpus text, 2022; jieba's tokens):

        >>> t = [("常务主席", "n"), ("万钢", "nz"), ("代表", "n"), ("中国致公党", "nt"), ("第十五届", "m"), ("中央委员会", "nt")]
        >>> "".join(w for w, _ in t[names._grow(t, 5, 5, "中央委员会") :])
        '中国致公党第十五届中央委员会'
        """
        j = first
        known = self.lex.suffix(word)
        event = known is not None and known[1] == "event"
        routed = False  # crossed the 至 of a route (西安至十堰高铁)
        while j > 0 and i - j < 8:
            prev, flag = tokens[j - 1]
            if self._glued_with(tokens, j - 1):
                return j - 1  # 同 + a name jieba glued to it: the name begins after the 同 (_suffixed)
            if prev.endswith(self.lex.roles) and tokens[j][1] in PROPER:
                break  # 代表 + 中国致公党…委员会: a post before a name is a person's
            if (
                event
                and prev == "）"
                and j >= 3
                and tokens[j - 3][0] == "（"
                and tokens[j - 2][1] in PROPER | {"n"}
            ):
                j -= 3  # 中国（海南）东坡文化旅游大会: the place of this edition
                continue
            route = (
                prev in ("至", "到") and word.endswith(ROUTES) and j >= 2 and tokens[j - 2][1] == "ns"
            )
            routed = routed or (j < first and tokens[j][0] in ("至", "到") and word.endswith(ROUTES))
            # verbal nouns near the suffix belong to the name (进口博览会, 转化中心项目,
            # 投资贸易洽谈会) after a noun
            k = j - 1
            while k > 0 and tokens[k][1] == "vn" and i - k < 4:
                k -= 1
            verbal = (
                flag == "vn"
                and k < j - 1
                and tokens[k][1] in NAMEISH
                and tokens[k][0] not in self.lex.verbs | STOP
                and not any(c in PUNCT - set("）)") for c in tokens[k][0])  # ，建设大国工程: a verb after the comma
            )
            if event and flag == "l":
                flag = "nz"  # 丝绸之路国际电影节: a set phrase names an event
            if flag == "l" and len(prev) > 1 and self.lex.suffix(prev):
                flag = "n"  # 莫莫克水利枢纽工程: a work's name inside the project's
            if PHASE.fullmatch(prev):
                flag = "m"  # …东线 + 一期 + …工程 (jieba's 一期/d): the work's phase
            if not event and flag == "m" and prev[-1] in MEASURES:
                break  # 长江上第一座大型水利工程: a count or an ordinal, not a name
            if prev in ("月份", "季度"):
                break  # 1至8月份…班列: a time, not the name's
            if (
                not route
                and not verbal
                and (
                    flag not in NAMEISH
                    or prev in STOP
                    or prev in self.lex.verbs
                    or any(c in PUNCT for c in prev)
                )
            ):
                break
            if flag == "x" and not prev.isalnum() and prev not in HYPHENS:
                break
            if len(prev) > 1 and prev[-1] in "和与及" and not self.g.entries.get(prev):
                break  # 钱素云和 / 国网...公司: a list, not one name
            if word.endswith(self.lex.infrastructure) and (
                prev.endswith(("工程", "项目")) or prev.endswith(self.lex.infrastructure)
                or (prev.endswith("段") and not word.endswith(ROUTES))
            ):
                break  # 控制性工程X隧道, 宁夏段X特大桥, 龙龙铁路X隧道: a work of the
                # project, section or line, named apart
            if routed and not route and flag != "ns":
                break  # 高铁网 + 厦门至重庆高铁: a route's name begins with its places
            if len(prev) > 1 and (known := self.lex.suffix(prev)) and known[1] == "park" and (
                (mine := self.lex.suffix(word)) and mine[1] == "park"
            ):
                break  # 合作区深圳园区: the 园区 is a part of the 合作区, named apart
            j -= 1
        return j

    def _authority(self, tokens: Sequence[Token], j: int, i: int, word: str) -> bool:
        """A government is a place's (江苏省政府, 中国政府) or a department's (农业农村厅):
        not 一笔政府, not 人民大会堂河北厅."""
        if word.endswith("政府"):
            body = "".join(t for t, _ in tokens[j:i]) + word[: -len("政府")]
            body = body.removesuffix("人民")
            for a, b, entries in reversed(self.g.find(body)):
                if any(e.kind == "region" for e in entries):
                    body = body[:a] + body[b:]
            rest = re.sub(r"特区|[省市区县州两国]", "", body)
            return not rest or body in (*self.lex.countries, "中国", "中华人民共和国")
        if word in ("厅", "局"):
            return i > j and tokens[i - 1][1] != "ns"
        return True

    def _kind_only(self, name: str, suffix_len: int) -> bool:
        """A kind of thing rather than a name: left of the suffix only industries and
        kind words (新能源产业园, 工程机械园区, 制造业项目, 国家级制造业创新中心, 技改项目,
        首届大会) - or, for projects and railways, only places (湖北项目, 重庆铁路). A line's
        two characters that are also a county's short name name the line (滨海公路: the coast's,
        not 滨海县's), not the county's roads.

        >>> from kg.ingest.extract.lexicon import SOURCE_TREE, load
        >>> g = Gazetteer()
        >>> g.add(Entry("重庆", "region", level="province", code="500000"))
        >>> g.add(Entry("滨海", "region", level="district", code="320922", canonical="滨海县"))
        >>> names = Names(g, load(SOURCE_TREE))
        >>> names._kind_only("重庆高铁", 2), names._kind_only("滨海公路", 2), names._kind_only("滨海项目", 2)
        (True, False, True)
        """
        body = name[: len(name) - suffix_len]
        suffix = name[len(name) - suffix_len :]
        placed = suffix == "园区" or (not name.endswith("园区") and name.endswith(PLACE_IS_NO_NAME))
        kinds = ("industry", "region") if placed else ("industry",)  # 龙潭工业园区 is a name
        whole = body
        for a, b, entries in reversed(self.g.find(body)):
            if suffix in ROUTES and b - a == 2 and all(
                e.kind != "region" or (e.level == "district" and e.canonical not in (None, e.name))
                for e in entries
            ):
                continue  # 滨海 of 滨海公路: the line's own, though 滨海县 shares the name
            if any(e.kind in kinds for e in entries):
                body = body[:a] + body[b:]
        if len(body) == 1 and whole.startswith(body) and not self.g.find(body):
            return True  # 在运 + 抽水蓄能电站: a character glued before a sector names nothing
        return bool(KIND_WORDS.fullmatch(body))

    # 3. policies and plans by their marks ---------------------------------------------
    def _marked(self, text: str, s: str, offset: int, found: list[Mention]) -> list[Mention]:
        """Policies by their marks: a 《》 title ending in a document word, a document named
        right after the verb that issues it, a quoted plan (“千万工程”行动).

        >>> from kg.ingest.extract.lexicon import SOURCE_TREE, load
        >>> from kg.ingest.extract.model import Mention
        >>> names = Names(Gazetteer(), load(SOURCE_TREE))
        >>> s = "商务部等三部门近日印发钢铁行业稳增长方案（2025—2026年）。"
        >>> ministry = Mention(0, 3, s[:3], s[:3], "government", None, 1.0)
        >>> [m.norm for m in names._marked(s, s, 0, [ministry])]
        ['钢铁行业稳增长方案（2025—2026年）']
        >>> s = "山东制定实施新一轮制造业提质行动方案，园区为企业制定个性化帮扶方案"
        >>> places = [Mention(0, 2, "山东", "山东", "region", None, 1.0)]
        >>> [m.norm for m in names._marked(s, s, 0, places)]
        ['新一轮制造业提质行动方案']

        A title followed by the kind of document it is, a convention, a year's work points
        (corpus text, 2022-2024); a programme's title is none:

        >>> for s in ("自然资源部近日发布《中国陆域生态基础分区》方案", "联合国《生物多样性公约》第十六次缔约方大会（COP16）20日在哥伦比亚卡利开幕",
        ...           "近日，中央网信办等5部门联合印发《2023年数字乡村发展工作要点》", "今天（5月2日）的《大国工匠》"):
        ...     print([m.norm for m in names._marked(s, s, 0, [])])
        ['中国陆域生态基础分区']
        ['生物多样性公约']
        ['2023年数字乡村发展工作要点']
        []

        Departments by their count issue a document, and a national one's name begins with
        全国 (corpus text, 2023):

        >>> s = "八部门印发中医药文化弘扬工程实施方案"
        >>> [m.norm for m in names._marked(s, s, 0, [])]
        ['中医药文化弘扬工程实施方案']
        >>> s = "水利部等部门正在加快编制全国农田灌溉发展规划。"
        >>> ministry = Mention(0, 3, s[:3], s[:3], "government", None, 1.0)
        >>> [m.norm for m in names._marked(s, s, 0, [ministry])]
        ['全国农田灌溉发展规划']

        A campaign named after the verb that launches it; not a kind of campaign nor a
        group of them (corpus text, 2023):

        >>> for s in ("中央一号文件提出，实施新一轮千亿斤粮食产能提升行动", "今年还将启动2023年百日千万招聘专项行动",
        ...           "要组织实施好乡村建设行动", "各地开展系列专项行动", "会议部署六大行动", "将开展上万场巡河护河行动"):
        ...     print([m.norm for m in names._marked(s, s, 0, [])])
        ['新一轮千亿斤粮食产能提升行动']
        ['2023年百日千万招聘专项行动']
        ['乡村建设行动']
        []
        []
        []

        A campaign named as a battle after the verb that fights it (corpus text, 2024):

        >>> s = "今年，北京以更大力度打好蓝天保卫战，持续优化能源结构"
        >>> [m.norm for m in names._marked(s, s, 0, [])]
        ['蓝天保卫战']
        >>> s = "聚焦助力打好打赢关键核心技术攻坚战"  # two verbs: neither is the name's
        >>> [m.norm for m in names._marked(s, s, 0, [])]
        ['关键核心技术攻坚战']

        A pilot named after the verb that launches it; not its places (corpus text, 2024):

        >>> for s in ("在北京、上海、深圳等4地正式启动增值电信业务扩大对外开放试点", "部署在全国开展服务类社会救助试点",
        ...           "开展北斗规模应用试点城市遴选", "上海还将实施好国家服务业扩大开放综合试点"):
        ...     print([m.norm for m in names._marked(s, s, 0, [])])
        ['增值电信业务扩大对外开放试点']
        ['服务类社会救助试点']
        []
        ['国家服务业扩大开放综合试点']

        A reform or a pilot by its quoted short name; not a manner (corpus text, 2023):

        >>> for s in ("广东持续深化“放管服”改革，打造国际一流营商环境", "推出和实施稳经济“一揽子”政策和接续措施"):
        ...     print([m.norm for m in names._marked(s, s, 0, [])])
        ['放管服']
        []

        A campaign whose quoted name holds its kind, and a five-year plan by its quoted
        period (corpus text, 2023):

        >>> s = "教育部部署各地各高校自2月开展“春季促就业攻坚行动”以来"
        >>> [m.norm for m in names._marked(s, s, 0, [])]
        ['春季促就业攻坚行动']
        >>> s = "符合“十四五”规划纲要目标要求"
        >>> [m.norm for m in names._marked(s, s, 0, [])]
        ['“十四五”规划纲要']

        A work by its quoted name and kind is a project (corpus text, 2023):

        >>> s = "乌兹别克斯坦“安格连—帕普”铁路隧道彻底改变了上千万人的出行方式"
        >>> [(m.norm, m.kind) for m in names._marked(s, s, 0, [])]
        [('“安格连—帕普”铁路隧道', 'project')]

        A quoted work's phase is a project (as news writes it, the work's name left out: every
        such phase in the corpus is an item the blind annotation holds):

        >>> s = "“……”二期项目顺利通过验收"
        >>> [(m.norm, m.kind) for m in names._marked(s, s, 0, [])]
        [('“……”二期项目', 'project')]

        Not a slogan, a task or a group:

        >>> for s in ("主题是“早预警、早行动”", "到十九大报告对“实施健康中国战略”作出全面部署",
        ...           "天津推出“十项行动”", "云南玉溪开展“文物考古进校园”活动"):
        ...     print([m.norm for m in names._marked(s, s, 0, [])])
        []
        []
        []
        []
        """
        out: list[Mention] = []
        for m in POLICY.finditer(s):
            a, b = m.start(1), m.end(1)
            if any(x.start == offset + a and x.end == offset + b for x in found):
                continue
            if b - a < 4 or not self.document_title(s, a, b):
                continue  # 《条例》 refers back; 《大国工匠》 names a programme
            out.append(self._mention(text, s, offset, a, b, "policy", None, 0.85))
        for m in ISSUED.finditer(s):
            a, b = m.start("name"), m.end("name")
            if GENERIC.match(s[a:b]) and not s.startswith(NATIONWIDE, a) or any(
                x.start < offset + b and offset + a < x.end
                and (x.kind == "policy" or not offset + a <= x.start < x.end <= offset + b)
                for x in found + out
            ):
                continue  # 相关实施方案: no name; 《…》 or a known name: found already
            clause = max(s.rfind(p, 0, m.start()) for p in "，,；;。") + 1
            if not DEPARTMENTS.search(s, clause, m.start()) and not any(
                x.kind in ISSUERS and offset + clause <= x.start and x.end <= offset + m.start()
                for x in found
            ):
                continue  # 为企业制定个性化帮扶方案: no authority issues it
            out.append(self._mention(text, s, offset, a, b, "policy", None, 0.7))
        for m in QUOTED_WORK.finditer(s):  # “…”铁路隧道: a work by its quoted name
            if not any(x.start < offset + m.end() and offset + m.start() < x.end for x in found + out):
                out.append(self._mention(text, s, offset, m.start(), m.end(), "project", None, 0.7))
        for m in QUOTED_PHASE.finditer(s):  # “…”二期项目: a phase of a work, no plan
            if not any(x.start < offset + m.end() and offset + m.start() < x.end for x in found + out):
                out.append(self._mention(text, s, offset, m.start(), m.end(), "project", None, 0.7))
        for m in QUOTED_PLAN.finditer(s):
            if GROUP.search(m["kind"]) or "等" in m["kind"]:
                continue  # “…”等一系列专项行动: a group of campaigns
            if any(x.kind == "policy" and (x.start, x.end) == (offset + m.start("name"), offset + m.end("name")) for x in found):
                continue  # a strategy known by its name (strategies.csv) in quotes: that name
            if not any(x.start <= offset + m.start() < x.end for x in found + out):
                whole = PLAN_KIND.fullmatch(m["kind"]) and not s.startswith(("布局", "目标", "任务", "区"), m.end())
                a, b = _quoted_span(s, m) if whole else (m.start("name"), m.end("name"))  # “四个全面”战略布局
                out.append(self._mention(text, s, offset, a, b, "policy", None, 0.7))
        marked = [  # “乡村著名行动”: the campaign; 2023年“多彩京秋·全民赏红行动”: the year's, quotes and all
            _quoted_span(s, m) if YEAR_BEFORE.search(s, 0, m.start()) else (m.start("name"), m.end("name"))
            for m in QUOTED_CAMPAIGN.finditer(s)
        ]
        for m in LAUNCHED.finditer(s):
            a, b = m.start("name"), m.end("name")
            a = _launched_start(s, a, b, LAUNCH_VERBS)
            body = s[a:b]
            if len(CAMPAIGN_KINDS.sub("", body)) >= 2 and not (
                GROUP.search(body) or CAMPAIGN_COUNT.match(body) or body.endswith("在行动")
                or ("等" in body and len(CAMPAIGN_KINDS.sub("", body.rsplit("等", 1)[1])) < 4)
            ):  # …等主要作物…提升行动: one campaign; 巡查等专项行动: a group
                marked.append((a, b))
        programmes = self._programmes(s, offset, found, marked)
        marked += [(m.start("name"), m.end("name")) for m in BATTLE.finditer(s)]
        for m in PILOT.finditer(s):
            a, b = m.start("name"), m.end("name")
            a = _launched_start(s, a, b, (*LAUNCH_VERBS, "展开"))
            if batch := BATCH.match(s, a, b):
                a = batch.end()  # 第一批…试点: the batch, not the pilot's name
            body = s[a : b - 2]
            if len(body) >= 4 and s[a] not in "向在对为从与给" and not KIND_WORDS.fullmatch(body) and not any(w in body for w in ("有关", "相关", "纳入")):
                marked.append((a, b))
        marked += [
            (m.start("name"), m.end("name")) for m in QUOTED_SCHEME.finditer(s) if not MANNERS.match(m["name"])
        ]
        marked += [(m.start(), m.end()) for m in FIVE_YEAR_PLAN.finditer(s)]
        marked += [
            (m.start("name"), m.end("name")) for m in NEGATIVE_LIST.finditer(s)
            if not (LIST_SYSTEM.match(m["name"]) or "加" in m["name"])
        ]  # 落实准入前国民待遇加负面清单: a way of managing, no list
        for a, b in marked:
            if GENERIC.match(s[a:b]) or TASK_VERBS.match(s[a:b]) or any(
                x.start < offset + b and offset + a < x.end
                and (x.kind == "policy" or not offset + a <= x.start < x.end <= offset + b)
                for x in found + out
            ):
                continue  # “十项行动”: a group; 《“十四五”…规划》, “…”行动计划: found already
            out.append(self._mention(text, s, offset, a, b, "policy", None, 0.7))
        for a, b in programmes:  # 重大…攻关工程: named past 重大 (_programmes)
            if not any(x.kind == "policy" and x.start < offset + b and offset + a < x.end for x in found + out):
                out.append(self._mention(text, s, offset, a, b, "policy", None, 0.7))
        return out

    def _programmes(
        self, s: str, offset: int, found: list[Mention], launched: list[tuple[int, int]]
    ) -> list[tuple[int, int]]:
        """The spans of programmes carried out (:data:`PROGRAMME`), and of those listed after a
        campaign or programme (:data:`LISTED_PROGRAMME`); not a work's name nor a kind of
        works (corpus text, 2024):

        >>> from kg.ingest.extract.lexicon import SOURCE_TREE, load
        >>> names = Names(Gazetteer(), load(SOURCE_TREE))
        >>> s = "国家还扎实推进蓝色海湾整治行动、海岸带保护修复工程、红树林保护修复专项行动"
        >>> [s[a:b] for a, b in names._programmes(s, 0, [], [(7, 15)])]
        ['海岸带保护修复工程']
        >>> s = "深入开展专利转化运用专项行动，实施知识产权保护体系建设工程，为推动高质量发展"
        >>> [s[a:b] for a, b in names._programmes(s, 0, [], [])]
        ['知识产权保护体系建设工程']
        >>> s = "加快推进水利工程，实施重点工程"
        >>> names._programmes(s, 0, [], [])
        []
        """
        spans = [(m.start("name"), m.end("name")) for m in PROGRAMME.finditer(s)]
        ends = {b for _, b in launched + spans}
        spans += [
            (m.start("name"), m.end("name")) for m in LISTED_PROGRAMME.finditer(s) if m.start() in ends
        ]
        out = []
        for a, b in spans:
            whole = s[a:b].removesuffix("行动计划").removesuffix("工程")
            body = GENERIC.sub("", whole, count=1)  # 重大…攻关工程: named past 重大
            if len(body) < 4 or KIND_WORDS.fullmatch(body) or GROUP.search(whole) or re.search("[向在对从]", body):
                continue
            if body.endswith(("重大", "重点")) or "领域" in body:
                continue  # 生态环境领域重大工程: the kind of works of a field, no name
                continue
            if any(
                x.kind not in ("industry", "policy") and x.start < offset + b and offset + a < x.end
                and not (x.kind == "region" and s.endswith("行动计划", 0, b))
                for x in found
            ):
                continue  # 推进…水库工程: a work, named by its suffix (长三角…行动计划: a plan)
            out.append((a, b))
        return out

    def _leading_orgs(self, text: str, found: list[Mention]) -> list[Mention]:
        """Organisations leading a project's or park's name: a known one (哈尔滨联合飞机大型
        无人机产业基地), or a company by its suffix (国药集团黑龙江中药产业园项目)."""
        out: list[Mention] = []
        for m in found:
            if m.kind not in ("project", "park") or m.entry is None:
                continue
            for kind in sorted(ORG_KINDS):
                inner = self.g.find(m.norm, len(m.norm) - 1, kind)
                if inner and inner[0][0] == 0:
                    _, b, entries = inner[0]
                    out.append(
                        Mention(m.start, m.start + b, text[m.start : m.start + b], m.norm[:b], kind,
                                _best(entries), 0.8)
                    )
                    break
        for m in found:
            lead = LEAD_ORG.match(m.norm) if m.kind in ("project", "park", "event") else None
            if lead and not any(x.start == m.start and x.kind in ORG_KINDS for x in found + out):
                end = m.start + lead.end()
                out.append(Mention(m.start, end, text[m.start : end], lead[0], "enterprise", None, 0.7))
        return out

    def _industries(
        self,
        found: list[Mention],
        s: str,
        text: str,
        offset: int,
        starts: set[int] | None = None,
    ) -> list[Mention]:
        """Industry names as sectors: adjacent ones make one (冶金 + 新材料); a short one
        (汽车, 食品) or a good's (天然气, 机器人, 大数据: ``GOODS``) counts only where it names
        a sector - before 产业, 行业, 领域, 集群, ... or listed with other industries - not
        where it names a product or a tool. Written with 业 (造船业, 轻工业), the sector is named
        so - where the name begins a word (``starts``: jieba's word starts; not 化工 in
        规模化 / 工业).

        >>> from kg.ingest.extract.lexicon import SOURCE_TREE, load
        >>> names = Names(Gazetteer(), load(SOURCE_TREE))
        >>> def kept(s, name):
        ...     a = s.index(name)
        ...     m = Mention(a, a + len(name), name, name, "industry", Entry(name, "industry"))
        ...     return [x.norm for x in names._industries([m], s, s, 0)]
        >>> kept("内蒙古新能源装机并网规模突破1亿千瓦", "新能源"), kept("商务大数据监测显示", "大数据")
        (['新能源'], [])
        >>> kept("推动造船业从大到强", "造船"), kept("软件业务收入3.8万亿元", "软件")
        (['造船业'], [])
        >>> kept("敦促电商平台加强全国范围内的物资调配力度", "电商")  # a trade only (``TRADES``)
        ['电商']
        >>> kept("沿海港口完成外贸货物吞吐量同比增长超10%", "外贸"), kept("外贸实现平稳增长", "外贸")
        ([], ['外贸'])

        A short name in a list of goods names a product, in a list of retail formats a way
        of selling (corpus text, 2023):

        >>> kept("也包括食品、消费品等民生类产品", "食品"), kept("加强了对餐饮、文旅等行业的支持", "文旅")
        ([], ['文旅'])
        >>> kept("重点监测的百货、超市、专业专卖店、餐饮和电商等业态企业实现销售额35.3亿元", "电商")
        []

        Nor is a sector's name before a word for equipment or for the government's
        department of the sector (corpus text, 2022):

        >>> kept("允许用符合条件的交通运输工具、农副产品、水产品等担保融资", "交通运输")
        []
        >>> kept("各地交通运输主管部门与国家公布的286家重点医疗物资保供企业主动对接", "交通运输")
        []

        Nor are goods traded, or listed as a sector's products (corpus text, 2023-2024):

        >>> kept("今年一季度，我国新能源汽车出口24.8万辆", "新能源汽车")
        []
        >>> kept("船舶、电动汽车、家用电器出口分别增长100.1%", "电动汽车")
        []
        >>> kept("围绕财税、金融、人员往来、进出口等方面提出支持或便利化举措", "金融")
        ['金融']
        >>> kept("智能铸造、智能仪表、智能机床等高技术制造业产品也达到国际先进水平", "智能铸造")
        []

        Nor a field of research, nor a thing or a system of a broad sector (corpus text, 2024):

        >>> kept("量子科技、生命科学等基础前沿研究领域取得一批重大原创成果", "量子科技")
        []
        >>> kept("建成全球最完整、规模最大的研发体系和工业体系", "工业"), kept("工业增加值增长5.8%", "工业")
        ([], ['工业'])

        Nor is a way of doing something (corpus text, 2024):

        >>> s = "各地新兵以航空、铁路、公路、水路等运输方式陆续奔赴军营"
        >>> ways = [Mention(s.index(w), s.index(w) + 2, w, w, "industry", Entry(w, "industry")) for w in ("航空", "铁路", "公路")]
        >>> [x.norm for x in names._industries(ways, s, s, 0)]
        []
        >>> kept("“无人机”“无人车”接力运输，成为当地农村物流快递的新方式", "物流快递")
        ['物流快递']

        Nor is a technique (corpus text, 2024):

        >>> kept("当前互联网、大数据、云计算、人工智能、区块链等技术不断取得突破", "人工智能")
        []
        >>> kept("我国将加快新能源、新材料、生物技术等领域关键产品攻关", "新材料")
        ['新材料']
        """
        industries = sorted((m for m in found if m.kind == "industry"), key=lambda m: m.start)
        merged: list[Mention] = []
        for m in industries:
            last = merged[-1] if merged else None
            if (
                last is not None
                and last.end == m.start
                and len(last.norm) <= 2
                and not last.norm.endswith("业")  # 工业 + 绿色低碳: two sectors
                and not m.norm.startswith(GREEN)  # 航运 + 绿色低碳 (发展): a quality of it
            ):
                a, b = last.start - offset, m.end - offset
                merged[-1] = Mention(
                    last.start, m.end, text[last.start : m.end], s[a:b], "industry", m.entry,
                    m.confidence,
                )
            else:
                merged.append(m)
        merged = [self._green(m, s, text, offset, found) for m in merged]
        kept = []
        for m in merged:
            a, b = m.start - offset, m.end - offset
            listed = any(
                other is not m
                and (
                    s[other.end - offset : a] in LIST_JOINS
                    or s[b : other.start - offset] in LIST_JOINS
                )
                for other in merged
            )
            if s[b : b + 1] == "化":
                continue  # 工业化, 信息化: a process, not the sector
            if self._rank_only(m):
                continue  # 传统优势产业: which sectors, not what they are
            if m.norm.endswith("业") and s[b : b + 1] == "务":
                continue  # 保险 + 业务: no 保险业
            if self._broad_as_modifier(m, s, b):
                continue  # 工业园区, 工业品: a thing of the sector, not the sector
            short = len(m.norm) < 3 or (len(m.norm) == 3 and m.norm in GOODS) or self._green_quality(m)
            if short and not m.norm.endswith("业") and PRODUCTS.match(s, b):
                continue  # 汽车、家电等产品: goods, not sectors
            if not m.norm.endswith("业") and LISTED_PRODUCTS.match(s, b):
                continue  # 汽车、船舶、集成电路等高端制造业产品: goods of a sector
            trade = m.norm.endswith((*TRADES, "贸易"))  # 跨境电商进出口, 货物贸易进出口: the trade's own figures
            if not m.norm.endswith("业") and not trade and MEANS.match(s, b):
                continue  # 经航空、铁路、公路等方式: a way of travelling, not the sector
            if not m.norm.endswith("业") and not trade and TRADED.match(s, b):
                continue  # 集成电路出口3743.4亿元: goods traded, not the sector
            if not m.norm.endswith("业") and TECHNOLOGY.match(s, b):
                continue  # 人工智能、物联网等技术: a technique, not the sector
            if m.norm in TRADES and (self._trade_cut(s, a, b) or FREIGHT.match(s, b)):
                continue  # 对外贸易: a word across the trade's edge; 外贸集装箱: a kind of freight
            if FIELDS.match(s, b):
                continue  # 量子科技、生命科学等基础前沿研究领域: a field of research, not a sector
            alone = not short or m.norm in TRADES
            if EQUIPMENT.match(s, b):
                continue  # 交通运输工具, 光伏设备: things of the sector, not the sector
            if DEPARTMENT.match(s, b):
                continue  # 交通运输主管部门: the government's department of the sector
            if not m.norm.endswith("业") and SECTOR_YE.match(s, b) and (starts is None or a in starts):
                end = m.end + 1  # 造船业: the sector as written
                kept.append(Mention(m.start, end, text[m.start : end], m.norm + "业", "industry",
                                    m.entry, m.confidence))
            elif (
                alone
                or m.norm.endswith("业")
                or listed
                or s[b:].startswith(SECTOR_WORDS)
            ):
                kept.append(self._sector(m, s, text, offset, found))
        kept = [self._kind_of_sector(m, s, text, offset, found) for m in kept]  # once kept as a sector
        return [m for m in found if m.kind != "industry"] + kept

    def _green_quality(self, m: Mention) -> bool:
        """Whether a green name is a quality as often as a sector (绿色低碳转型, 绿色低碳的生产
        方式): 绿色 before a word that names no sector (低碳) names its sector only where the
        sentence says so - before 产业, 行业, 领域, ... or listed with sectors - as a short name
        does. 绿色 before a sector (绿色金融, 绿色能源) names a sector wherever it stands.

        >>> from kg.ingest.extract.lexicon import SOURCE_TREE, load
        >>> g = Gazetteer()
        >>> g.add(Entry("金融", "industry"))
        >>> names = Names(g, load(SOURCE_TREE))
        >>> [names._green_quality(Mention(0, len(n), n, n, "industry")) for n in ("绿色低碳", "绿色金融", "新能源")]
        [True, False, False]
        """
        if not m.norm.startswith(GREEN) or m.norm.endswith("业"):
            return False
        rest = m.norm[len(GREEN) :]
        return not any(e.kind == "industry" for e in self.g.entries.get(rest, []))

    def _trade_cut(self, s: str, a: int, b: int) -> bool:
        """Whether jieba's own dictionary cuts the sentence across an edge of the trade's name
        ``s[a:b]``: the name is then read out of other words (对外贸易, 家电 + 商场; corpus text,
        2023), or a word of its own holds it (外贸企业, a kind of firm).

        >>> from kg.ingest.extract.lexicon import SOURCE_TREE, load
        >>> names = Names(Gazetteer(), load(SOURCE_TREE))
        >>> cuts = {"中国的对外贸易增速": ["中国", "的", "对外贸易", "增速"],
        ...         "区域外贸优势": ["区域", "外贸", "优势"]}
        >>> names.plain = cuts.__getitem__
        >>> names._trade_cut("中国的对外贸易增速", 4, 6), names._trade_cut("区域外贸优势", 2, 4)
        (True, False)
        """
        if self.plain is None:
            return False  # no dictionary of plain Chinese: the names as found
        x = 0
        for word in self.plain(s):
            y = x + len(word)
            if x < a < y or x < b < y:
                return True
            x = y
        return False

    @staticmethod
    def _broad_as_modifier(m: Mention, s: str, b: int) -> bool:
        """Whether a two-character sector closing in 业 (工业, 农业) modifies the word after
        it (工业品, 绿色低碳工业园区, 传统工业基地, 工业体系; corpus text, 2023-2024), rather than
        naming the sector (工业增加值, 工业领域).

        >>> [Names._broad_as_modifier(Mention(0, 2, "工业", "工业", "industry"), s, 2) for s in ("工业品物流", "工业体系", "工业增加值")]
        [True, True, False]
        """
        return len(m.norm) == 2 and m.norm.endswith("业") and bool(BROAD_AS_MODIFIER.match(s, b))

    def _rank_only(self, m: Mention) -> bool:
        """Whether a known name is made of qualifiers alone before its sector word
        (传统优势产业, a group of a region's industrial system) and is known only as a group of
        sectors: it says which sectors, by their rank, not what they are. A name the sector
        lexicon holds as well (战略性新兴产业, a class of the national statistics) stays.

        >>> from kg.ingest.extract.lexicon import SOURCE_TREE, load
        >>> g = Gazetteer()
        >>> g.add(Entry("传统优势产业", "industry", iri="https://example.org/id/group/t"))
        >>> g.add(Entry("战略性新兴产业", "industry", iri="https://example.org/id/group/s"))
        >>> g.add(Entry("战略性新兴产业", "industry"))
        >>> names = Names(g, load(SOURCE_TREE))
        >>> [names._rank_only(Mention(0, len(n), n, n, "industry")) for n in ("传统优势产业", "战略性新兴产业")]
        [True, False]
        """
        return bool(RANK_ONLY.fullmatch(m.norm)) and all(
            e.iri is not None and "/group/" in e.iri
            for e in self.g.entries.get(m.norm, [])
            if e.kind == "industry"
        )

    def _sector(self, m: Mention, s: str, text: str, offset: int, found: list[Mention]) -> Mention:
        """A green sector written with its sector word is named so (绿色低碳产业, 绿色能源
        产业): 绿色 + a word is a quality as often as a sector (绿色低碳转型), so the name
        takes the 产业 or 行业 that follows - not a longer word that begins with it (产业链,
        产业园) nor one another name holds. Other sectors keep their own name (新能源汽车 of
        新能源汽车产业), as the annotation writes them.

        >>> from kg.ingest.extract.lexicon import SOURCE_TREE, load
        >>> names = Names(Gazetteer(), load(SOURCE_TREE))
        >>> m = Mention(2, 6, "绿色低碳", "绿色低碳", "industry", None)
        >>> [names._sector(m, s, s, 0, [m]).norm for s in ("发展绿色低碳产业", "发展绿色低碳产业链")]
        ['绿色低碳产业', '绿色低碳']
        >>> m = Mention(2, 5, "新材料", "新材料", "industry", None)
        >>> names._sector(m, "发展新材料产业", "发展新材料产业", 0, [m]).norm
        '新材料'
        """
        b = m.end - offset
        word = s[b : b + 2]
        if (
            word not in SECTOR_NAMES
            or not m.norm.startswith(GREEN)
            or m.norm.endswith("业")
            or SECTOR_NOT_AFTER.match(s, b + 2)
        ):
            return m
        if any(o.start < m.end + 2 and o.end > m.end for o in found if o is not m):
            return m  # the word belongs to another name
        end = m.end + 2
        return Mention(m.start, end, text[m.start : end], m.norm + word, "industry", m.entry,
                       m.confidence)

    def _sector_nouns(
        self,
        tokens: Sequence[Token],
        spans: list[tuple[int, int]],
        s: str,
        text: str,
        offset: int,
        found: list[Mention],
    ) -> list[Mention]:
        """Nouns the gazetteer does not know, written before 产业 or 行业 (苹果产业, 邮政行业,
        陶瓷产业), name a sector by what it makes or serves - unless they say which, where or
        how many sectors (重点产业, 乡村产业, 相关行业) rather than what they are. Named as
        written, with the sector word: a concept of its own.

        >>> from kg.ingest.extract.lexicon import SOURCE_TREE, load
        >>> names = Names(Gazetteer(), load(SOURCE_TREE))
        >>> def nouns(tokens):
        ...     s, spans, pos = "".join(w for w, _ in tokens), [], 0
        ...     for w, _ in tokens:
        ...         spans.append((pos, pos + len(w)))
        ...         pos += len(w)
        ...     return [m.norm for m in names._sector_nouns(tokens, spans, s, s, 0, [])]
        >>> nouns([("做大", "v"), ("陶瓷", "n"), ("产业", "n")])
        ['陶瓷产业']
        >>> nouns([("做大", "v"), ("重点", "n"), ("产业", "n")]), nouns([("提升", "v"), ("产业链", "n")])
        ([], [])

        The sector's name may be several nouns (空天信息产业, 特种钢材行业: a sector by what
        it makes and of which kind), left of them no qualifier (优势, 特色: ``NOT_SECTORS``)
        nor place; and the sector word may be written in one word with them, as jieba reads
        the commoner ones (餐饮行业, 信息产业). A name jieba does not know, tagged as a
        person's (nr), names the sector where a verb or a count stands before it
        (corpus text, 2022-2023):

        >>> nouns([("贵州", "ns"), ("很多", "m"), ("苗绣", "nr"), ("产业", "n"), ("发展", "vn")])
        ['苗绣产业']
        >>> nouns([("构建", "v"), ("空天", "n"), ("信息", "n"), ("产业", "n"), ("体系", "n")])
        ['空天信息产业']

        >>> nouns([("餐饮行业", "n"), ("复苏", "v")]), nouns([("算力", "x"), ("核心", "n"), ("产业", "n")])
        (['餐饮行业'], [])
        >>> nouns([("优势", "n"), ("特色", "n"), ("产业", "n")]), nouns([("文化产业", "n")])
        ([], [])

        Before 产业链 or 产业集群 the nouns name the sector whose chain or cluster it is:

        >>> nouns([("山西", "ns"), ("特种", "n"), ("钢材", "n"), ("产业链", "n"), ("的", "uj")])
        ['特种钢材产业']
        """
        out: list[Mention] = []
        for i, (head, head_tag) in enumerate(tokens):
            chain = head == "产业链" or (
                head == "产业" and i + 1 < len(tokens) and tokens[i + 1][0] in ("集群", "群")
            )  # 光子产业链, 光子产业集群: the chain or cluster of the sector named 光子产业
            if head in SECTOR_NAMES or chain:
                run = [(spans[k], tokens[k]) for k in range(max(0, i - MAX_RUN), i)]
            elif (
                len(head) >= 4
                and head.endswith(SECTOR_NAMES)
                and head_tag in NOUN_TAGS
                and not head.startswith("第")  # 第二产业: a statistical sector, by number
            ):  # one word with its sector word (餐饮行业): its noun alone
                a = spans[i][0]
                run = [(spans[k], tokens[k]) for k in range(max(0, i - MAX_RUN + 1), i)]
                run.append(((a, spans[i][1] - 2), (head[:-2], "n")))
            else:
                continue
            b = spans[i][0] + 2 if chain else spans[i][1]
            nouns = self._sector_run(run)
            if not nouns:
                continue
            a = nouns[0][0][0]
            if (len(nouns) > 1 or head not in SECTOR_NAMES) and s[a - 1 : a] == "、":
                continue  # the last member of a list (食品、家具行业): the list's
            if chain and (s[a - 1 : a] in ("、", "及", "和", "与") or nouns[-1][1][0].endswith(("链", "产品"))):
                continue  # 电池及材料产业集群, 创新链产业链, 重点产品产业链: no sector named
            word = s[a : nouns[-1][0][1]]
            if len(nouns) == 1 and len(word) == 1:
                k = _token_at(spans, a)
                before = tokens[k - 1] if k >= 1 else ("", "")
                if len(before[0]) < 2 or before[1][:1] in ("n", "m", "q"):
                    continue  # one character is a sector's word only after a word (发展草产业)
            if len(nouns) == 1 and nouns[0][1][1] == "nr":
                k = _token_at(spans, a)
                before_tag = tokens[k - 1][1] if k >= 1 else ""
                if len(word) != 2 or before_tag[:1] not in ("v", "m"):
                    continue  # an unknown word is a sector's name after a verb or a count
            if not chain and (
                SECTOR_NOT_AFTER.match(s, b)
                or any(s.startswith(sfx, b) for sfx, _ in self.lex.suffixes if len(sfx) > 1)
            ):
                continue  # the words of a name the gazetteer missed (…材料产业研究院)
            if any(m.start < offset + b and offset + a < m.end for m in found + out):
                continue  # a known sector (汽车产业), or a name's words (新能源产业园)
            if self.g.entries.get(word):
                continue  # a place, a body, a known thing: not a sector's name
            entry = Entry(s[a:b], "industry")  # a sector of its own, outside the scheme
            out.append(self._mention(text, s, offset, a, b, "industry", entry, 0.6))
        return out

    def _sector_run(
        self, run: list[tuple[tuple[int, int], Token]]
    ) -> list[tuple[tuple[int, int], Token]]:
        """The nouns right before a sector word that name the sector: the longest run of
        nouns of two characters or more (a name jieba does not know, nr, or a word it tags
        nz only next to the sector word; an abbreviation, j, only further left), less the
        qualifiers, places and known names other than sectors that open it; none when the
        noun next to the sector word is itself a qualifier (核心产业, 优势产业)."""
        nouns: list[tuple[tuple[int, int], Token]] = []
        for span, (word, tag) in reversed(run):
            if nouns and (tag not in ("n", "j") or len(word) < 2):
                break  # further left only plain nouns of a word (not 大力发展, jieba's nz; not 做优)
            if not nouns and tag not in NOUN_TAGS + ("nr",):
                break  # next to the sector word no abbreviation (j: 联盟, 掌控)
            if sum(len(w) for _, (w, _) in nouns) + len(word) > MAX_MEMBER - 2:
                break
            nouns.insert(0, (span, (word, tag)))
        if not nouns or self._qualifier(nouns[-1][1][0]):
            return []
        while nouns and (
            self._qualifier(nouns[0][1][0])
            or any(e.kind != "industry" for e in self.g.entries.get(nouns[0][1][0], []))
        ):
            nouns.pop(0)
        if any(self._qualifier(w) for _, (w, _) in nouns):
            return []
        return nouns

    def _qualifier(self, word: str) -> bool:
        """A word that says which sectors rather than what they are (重点, 乡村, 密集型, a
        count: 十强), or a verb."""
        return bool(
            NOT_SECTORS.fullmatch(word)
            or word in ("关键", "重要", "主要")  # 关键产业链: which chains, as in LIST_BRIDGE
            or MEMBER_QUALIFIERS.match(word)
            or GENERIC.match(word)
            or word.endswith(QUALIFIER_ENDS)
            or word in self.lex.verbs
            or re.match(r"[\d一二两三四五六七八九十百千几数多]", word) is not None  # 十强, 两大
        )

    def _listed_sectors(
        self,
        tokens: Sequence[Token],
        spans: list[tuple[int, int]],
        s: str,
        text: str,
        offset: int,
        found: list[Mention],
    ) -> list[Mention]:
        """The members of a list that its head calls sectors (发展A、B和C等产业, A、B两大产业
        集群, A、B等重点行业, A、B产业): each member is a sector, the gazetteer's or one of its
        own - but not a place, an organisation, a verb phrase, a qualifier (重点, 特色, ...化)
        or a function word. A known sector with a word before it is named whole (现代 + 石化),
        as the more specific sector. Under 领域 (a field as often as a sector: 政治、经济、
        文化等领域, 基础设施、能源等领域) a member the gazetteer does not know counts only when
        at least half of the list are known sectors; science's fields (基础前沿研究领域) are
        none. Returns ``found`` with the members in it.

        >>> from kg.ingest.extract.lexicon import SOURCE_TREE, load
        >>> g = Gazetteer()
        >>> for name in ("石化", "工程机械", "能源", "金融"):
        ...     g.add(Entry(name, "industry"))
        >>> names = Names(g, load(SOURCE_TREE))
        >>> def listed(tokens):
        ...     s, spans, pos = "".join(w for w, _ in tokens), [], 0
        ...     for w, _ in tokens:
        ...         spans.append((pos, pos + len(w)))
        ...         pos += len(w)
        ...     known = [Mention(a, b, s[a:b], s[a:b], "industry", g.entries[s[a:b]][0])
        ...              for a, b in spans if s[a:b] in g.entries]
        ...     return [m.norm for m in sorted(names._listed_sectors(tokens, spans, s, s, 0, known),
        ...                                    key=lambda m: m.start)]
        >>> listed([("改造", "v"), ("提升", "v"), ("现代", "t"), ("石化", "j"), ("等", "u"), ("4", "m"),
        ...         ("个", "m"), ("传统产业", "n"), ("，", "x"), ("巩固", "v"), ("工程机械", "n"), ("、", "x"),
        ...         ("轨道交通", "n"), ("等", "u"), ("4", "m"), ("个", "m"), ("优势产业", "n")])
        ['现代石化', '工程机械', '轨道交通']
        >>> listed([("在", "p"), ("基础设施", "n"), ("、", "x"), ("能源", "n"), ("、", "x"), ("经贸", "n"),
        ...         ("、", "x"), ("人文", "n"), ("等", "u"), ("领域", "n"), ("合作", "vn")])
        ['能源']

        A member jieba reads as a verbal noun is a sector in a list with 等 and a sector word
        (corpus text, 2022):

        >>> g.add(Entry("工业", "industry"))
        >>> listed([("5", "m"), ("G", "eng"), ("正在", "t"), ("工业", "n"), ("、", "x"), ("医疗", "n"),
        ...         ("、", "x"), ("教育", "vn"), ("、", "x"), ("交通", "n"), ("等", "u"), ("多个", "m"),
        ...         ("行业", "n"), ("领域", "n")])
        ['工业', '医疗', '教育', '交通']
        """
        masked = list(s)
        industries = [m for m in found if m.kind == "industry"]
        for m in industries:
            for k in range(m.start - offset, m.end - offset):
                masked[k] = "I"
        mask = "".join(masked)
        at = {}  # character -> its token
        for n, (a, b) in enumerate(spans):
            for k in range(a, b):
                at[k] = n
        others = [m for m in found if m.kind != "industry"]
        out: list[Mention] = []
        drop: set[int] = set()  # ids of known sectors a member names whole
        for head in LIST_HEADS.finditer(s):
            h = head.start()
            if SECTOR_NOT_AFTER.match(s, head.end()) and not head.group().endswith(("链", "集群", "群")):
                continue  # 产业园, 产业基地, 产业化
            if any(x.start - offset < head.end() and h < x.end - offset for x in found):
                continue  # the words of a name (…产业园区, 高技术产业, 中国电子信息产业集团)
            if HEAD_IS_MODIFIER.match(s, head.end()):
                continue  # 产业优势, 产业结构: the list's head is another word
            # the longest bridge that opens with 等 or a count; else the longest of
            # qualifiers alone (A、B重点产业, A、B全产业链), or none (A、B产业)
            bridges = [
                mt for k in range(max(0, h - 16), h + 1) if (mt := LIST_BRIDGE.fullmatch(mask, k, h))
            ]
            bridge = next((mt for mt in bridges if mt.group("etc") or mt.group("count")), None)
            weak = bridge is None
            if bridge is None:
                bridge = next(mt for mt in bridges if "I" not in mt.group())  # the empty one at least
            e = bridge.start()
            etc = bridge.group("etc") is not None
            if etc and at.get(e) is not None and tokens[at[e]][0] not in ("等", "等等"):
                continue  # 平等, 同等: no list ends there
            if e == 0 or s[e - 1] in PUNCT:
                continue  # A、B、产业优势: the list does not reach the head
            if NOT_SECTOR_LISTS.search(s, e, head.end()):
                continue
            clause = max(s.rfind(p, 0, e) for p in "，。；;：:！？!?（）()“”,") + 1
            members = self._members(tokens, spans, at, s, clause, e)
            if not members or (len(members) < 2 and not etc):
                continue
            if weak and (
                head.group() not in WEAK_HEADS
                or "、" not in s[members[0][0] : members[-1][1]]
                or tokens[at[members[-1][1] - 1]][1][:1] not in ("n", "j", "e")
            ):
                continue  # 文化事业和文化产业, 自立自强、稳定产业链: no list of sectors
            inside = [
                [m for m in industries if a <= m.start - offset and m.end - offset <= b]
                for a, b in members
            ]
            known = sum(
                1 for (a, b), ms in zip(members, inside, strict=True)
                if ms and ms[0].start - offset == a and ms[-1].end - offset == b
            )
            strong = head.group() in STRONG_HEADS
            for (a, b), ms in zip(members, inside, strict=True):
                name = s[a:b]
                if any(x.start - offset < b and a < x.end - offset for x in others + out):
                    continue
                if ms and ms[0].start - offset == a and ms[-1].end - offset == b:
                    continue  # known already (and kept: it is listed)
                if ms:  # a word before a known sector (现代 + 石化), not after (新材料 + 产业)
                    word = s[a : ms[0].start - offset]
                    if (
                        len(ms) > 1
                        or (  # the first member's word may be a verb jieba reads as a noun (谋划)
                            (a, b) == members[0] and len(word) > 1 and not MODIFIERS.fullmatch(word)
                        )
                        or ms[0].end - offset != b
                        or (NOT_SECTORS.fullmatch(word) and not MODIFIERS.fullmatch(word))
                        or word.endswith(tuple("东西南北"))  # 浙东: a place
                        or not self._sector_shape(name, True)
                    ):
                        continue
                    e0 = ms[0].entry
                    broader = (e0.iri,) if e0 is not None and e0.iri else (e0.broader if e0 else ())
                    entry = Entry(name, "industry", broader=broader)
                    drop.add(id(ms[0]))
                elif (strong or known >= 2 and 2 * known >= len(members)) and self._sector_shape(
                    name
                ) and not (
                    b - a == spans[at[a]][1] - spans[at[a]][0]
                    and tokens[at[a]][1][:1] in "vad"
                    and not (strong and etc and tokens[at[a]][1] == "vn")
                ):  # a verbal noun (印染, 服装: jieba's vn) is a sector in an A、B等行业 list
                    entry = Entry(name, "industry")
                else:
                    continue
                out.append(self._mention(text, s, offset, a, b, "industry", entry, 0.6))
        return [m for m in found if id(m) not in drop] + sorted(out, key=lambda m: m.start)

    def _whole_members(
        self,
        tokens: Sequence[Token],
        spans: list[tuple[int, int]],
        s: str,
        text: str,
        offset: int,
        found: list[Mention],
    ) -> list[Mention]:
        """A known sector that is part of a list member (A、B、C) is named by the whole
        member, a narrower sector: with the noun before it (商贸 + 物流, 量子 + 通信) or the
        verb after it that closes sectors' names (金融 + 服务, 激光 + 制造). The member is
        bounded by the list's marks, or on its left by the verb or preposition that opens
        the list; the noun before is a word of its own, of two characters, neither a
        qualifier nor a place (国际快递, 全国风电: the sector itself). Returns ``found``
        with the members in place of the sectors they hold.

        >>> from kg.ingest.extract.lexicon import SOURCE_TREE, load
        >>> g = Gazetteer()
        >>> for name in ("物流", "仓储", "金融", "通信", "快递"):
        ...     g.add(Entry(name, "industry", iri=f"urn:x:{name}"))
        >>> names = Names(g, load(SOURCE_TREE))
        >>> def whole(tokens):
        ...     s, spans, pos = "".join(w for w, _ in tokens), [], 0
        ...     for w, _ in tokens:
        ...         spans.append((pos, pos + len(w)))
        ...         pos += len(w)
        ...     known = [Mention(a, a + len(n), n, n, "industry", g.entries[n][0])
        ...              for n in g.entries for a in [s.find(n)] if a >= 0]
        ...     return sorted(m.norm for m in names._whole_members(tokens, spans, s, s, 0, known))

        Corpus text, 2022-2023:

        >>> whole([("集", "q"), ("物流", "n"), ("、", "x"), ("仓储", "j"), ("、", "x"), ("金融服务", "n"),
        ...        ("等", "u"), ("全", "n"), ("链条", "n")])
        ['仓储', '物流', '金融服务']
        >>> whole([("5G", "x"), ("、", "x"), ("区块链", "x"), ("、", "x"), ("量子", "n"), ("通信", "j"),
        ...        ("等", "u"), ("新兴", "b"), ("技术", "n")])
        ['量子通信']
        >>> whole([("咨询服务", "n"), ("、", "x"), ("国际", "n"), ("快递", "n"), ("、", "x"),
        ...        ("供应链", "n"), ("等", "u"), ("行业", "n")])
        ['快递']
        """
        out: list[Mention] = []
        for m in found:
            if m.kind != "industry" or m.entry is None:
                out.append(m)
                continue
            a, b = m.start - offset, m.end - offset
            k = next((n for n, (x, y) in enumerate(spans) if x <= a < y), None)
            j = next((n for n, (x, y) in enumerate(spans) if x < b <= y), None)
            if k is None or j is None:
                out.append(m)
                continue
            start, end = a, b
            if spans[j][1] > b and s[b : spans[j][1]] in SECTOR_VERBS and spans[k][0] == a:
                end = spans[j][1]  # 金融服务: one word of jieba's, the sector and its verb
            elif spans[j][1] == b and j + 1 < len(tokens) and tokens[j + 1][0] in SECTOR_VERBS:
                end = spans[j + 1][1]  # 激光 | 制造
            if spans[k][0] == a and k >= 1:
                word, tag = tokens[k - 1]
                if (
                    len(word) == 2
                    and tag in ("n", "nr", "j", "b")
                    and (not self._qualifier(word) or MODIFIERS.fullmatch(word))
                    and not self.g.entries.get(word)
                    and not any(x.end - offset > spans[k - 1][0] and x.start - offset < a for x in found)
                    and (
                        s[spans[k - 1][0] - 1 : spans[k - 1][0]] in ("、", *LIST_JOINERS)
                        or (k >= 2 and tokens[k - 2][1][:1] in ("v", "p", "c"))
                    )  # the first member after the verb that opens the list (从 | 商贸物流),
                    # not a verb jieba reads as a noun (流向 | 制造业)
                ):
                    start = spans[k - 1][0]  # 商贸 | 物流
            if (start, end) == (a, b) or not self._list_member(s, tokens, spans, start, end):
                out.append(m)
                continue
            if any(x is not m and x.start - offset < end and start < x.end - offset for x in found):
                out.append(m)
                continue
            e = m.entry
            broader = (e.iri,) if e.iri else e.broader
            entry = Entry(s[start:end], "industry", broader=broader)
            out.append(self._mention(text, s, offset, start, end, "industry", entry, m.confidence))
        return out

    @staticmethod
    def _list_member(
        s: str, tokens: Sequence[Token], spans: list[tuple[int, int]], a: int, b: int
    ) -> bool:
        """Whether ``s[a:b]`` stands as a whole member of a list: a list mark on one side
        (、), a list mark, the clause's edge or 等 on the other, or on its left the verb,
        preposition or conjunction that opens the list."""
        left, right = s[a - 1 : a] if a else "", s[b : b + 1]
        k = next((n for n, (x, _) in enumerate(spans) if x == a), None)
        opener = k is not None and k >= 1 and tokens[k - 1][1][:1] in ("v", "p", "c")
        left_ok = left in ("、", "", "，", "：", "（", "“") or opener or s[max(0, a - 1) : a] in LIST_JOINERS
        right_ok = right in ("、", "等", "和", "及", "与", "，", "。", "；", "")
        return left_ok and right_ok and "、" in (left, right)

    def _members(
        self,
        tokens: Sequence[Token],
        spans: list[tuple[int, int]],
        at: dict[int, int],
        s: str,
        clause: int,
        end: int,
    ) -> list[tuple[int, int]]:
        """The members of the list ending at ``end`` (its clause begins at ``clause``),
        left to right: runs of words a sector's name holds, between 、, 和, 及, 与; the list
        begins after the verb, preposition or particle before it (发展 | A、B等产业; …产业和 |
        C、D等产业), without a first word jieba reads as a verb or adverb (培育壮大)."""
        members: list[tuple[int, int]] = []
        close = end
        n = at.get(end - 1, -1)
        while True:
            word, tag = tokens[n] if n >= 0 and spans[n][0] >= clause else ("", "")
            joins = word == "、" or (word in LIST_JOINERS and tag[:1] in ("c", "p"))
            if joins or not word or self._not_member_word(word, tag):
                a = spans[n][1] if word else clause
                if close - a >= 2:
                    members.append((a, close))
                if not joins:
                    break
                close = spans[n][0]
            n -= 1
        members.reverse()
        if members:  # the first member without a verb jieba reads as a noun (培育壮大)
            a, b = members[0]
            k = at.get(a)
            if k is not None and tokens[k][1] in LEADING_VERBS:
                while a < b and (k := at.get(a)) is not None and tokens[k][1] in LEADING_TAGS:
                    a = spans[k][1]
            while a < b and (k := at.get(a)) is not None and tokens[k][1] == "a" and spans[k][1] - a == 1:
                a += 1  # 做大 | 油气: 大 is the verb's
            if (k := at.get(a)) is not None and spans[k][1] < b and LEADING_COMPOUND.fullmatch(tokens[k][0]):
                a = spans[k][1]  # 大力发展 | 沙地林果: jieba's one word for the verb and its adverb
            members[0] = (a, b)
            if b - a < 2:
                members.pop(0)
        return members

    def _not_member_word(self, word: str, tag: str) -> bool:
        """Whether a word cannot be part of a sector's name in a list: a verb (but for the
        verbs that close sectors' names, 加工制造), a preposition, a conjunction, a
        particle, an adverb, a pronoun, a mark."""
        if word in SECTOR_VERBS:
            return False
        if word in self.lex.verbs or word in STOP or any(c in PUNCT for c in word):
            return True
        return tag.startswith(NOT_MEMBER_TAGS) and tag not in ("vn", "eng")

    def _sector_shape(self, name: str, known: bool = False) -> bool:
        """Whether a list member may name a sector: two to eight characters of words or
        letters, no qualifier alone (重点, 数字化, 密集型) nor one first (特色, 基础 - unless
        it qualifies a known sector: 现代石化), no known place, body or other name."""
        if not 2 <= len(name) <= MAX_MEMBER or not re.fullmatch(r"[\u4e00-\u9fffA-Za-z0-9]+", name):
            return False
        if NOT_SECTORS.fullmatch(name) or name in self.lex.verbs:
            return False
        if name.endswith(QUALIFIER_ENDS) and not known:  # 数字化; but 现代石化
            return False
        if MEMBER_QUALIFIERS.match(name) or GENERIC.match(name) or NOT_MEMBERS.search(name):
            return False
        if any(c in name for c in (*self.lex.countries, "中国", "我国")):
            return False
        if any(e.kind != "industry" for e in self.g.entries.get(name, [])):
            return False
        return not any(e.kind != "industry" for _, _, es in self.g.find(name) for e in es)

    def _green(self, m: Mention, s: str, text: str, offset: int, found: list[Mention]) -> Mention:
        """绿色 before a sector makes a sector of its own (绿色建材, 绿色算力), a kind of
        that one - never the broad sector itself.

        >>> from kg.ingest.extract.lexicon import SOURCE_TREE, load
        >>> names = Names(Gazetteer(), load(SOURCE_TREE))
        >>> m = Mention(4, 6, "建材", "建材", "industry", Entry("建材", "industry", iri="urn:x:jc"))
        >>> g = names._green(m, "发展绿色建材", "发展绿色建材", 0, [m])
        >>> g.norm, g.entry.iri, g.entry.broader
        ('绿色建材', None, ('urn:x:jc',))
        """
        return _kind_of(m, GREEN, s, text, offset, found)

    def _kind_of_sector(self, m: Mention, s: str, text: str, offset: int, found: list[Mention]) -> Mention:
        """A word of ``KINDS_OF_SECTOR`` before a sector names a kind of it, a sector of its
        own (海洋交通运输业, 现代煤化工, 新型储能) - never the broad sector itself.

        >>> from kg.ingest.extract.lexicon import SOURCE_TREE, load
        >>> names = Names(Gazetteer(), load(SOURCE_TREE))
        >>> s = "推动海洋交通运输业发展"
        >>> m = Mention(4, 9, "交通运输业", "交通运输业", "industry", Entry("交通运输业", "industry", iri="urn:x:jt"))
        >>> g = names._kind_of_sector(m, s, s, 0, [m])
        >>> g.norm, g.entry.iri, g.entry.broader
        ('海洋交通运输业', None, ('urn:x:jt',))
        """
        a = m.start - offset
        word = next((w for w in KINDS_OF_SECTOR if a >= len(w) and s[a - len(w) : a] == w), None)
        return m if word is None else _kind_of(m, word, s, text, offset, found)

    # 4. people and organisations without a suffix ---------------------------------------
    def _no_person(self, name: str) -> bool:
        """A name that is no person's: a phrase or a place (NOT_PERSON), or a country -
        the tokenizer and the NER both take 塞尔维亚 and 东帝汶 for people.

        >>> from kg.ingest.extract.lexicon import SOURCE_TREE, load
        >>> from kg.ingest.gazetteer import Gazetteer
        >>> names = Names(Gazetteer(), load(SOURCE_TREE))
        >>> names._no_person("塞尔维亚"), names._no_person("东帝汶"), names._no_person("伊维拉")
        (True, True, False)
        """
        return bool(NOT_PERSON.search(name)) or name in self.lex.world or name in self.lex.countries

    def _glued_with(self, tokens: Sequence[Token], i: int) -> bool:
        """Whether ``tokens[i]`` begins with a preposition of :data:`WITH` (同: "with") that
        jieba's statistical model glued to the first character of the name after it: a word
        its dictionary does not hold (the dictionary cuts the 同 off), where the preposition
        stands - after the person or the post it joins, a pronoun or an adverb, or opening a
        clause whose subject is left out - and a person's name after the 同: the word is one
        jieba tags as a person's, or its one other character is a surname and the next word a
        given name. Names that begin with 同 are the dictionary's words (同济大学, 同仁堂) or
        follow a verb (来到 + a company's name); the name is what follows the 同.

        Corpus text (2024, 2022; jieba's tokens, and its dictionary's cut of the word; a
        surname glued to the 同 and the given name after it is in tests/test_extract_names.py):

        >>> from kg.ingest.extract.lexicon import SOURCE_TREE, load
        >>> names = Names(Gazetteer(), load(SOURCE_TREE))
        >>> names.plain = lambda s: list(s)  # 和 + 纳 + 吉
        >>> t = [("彭丽媛", "nr"), ("和纳吉", "nr"), ("听取", "v")]
        >>> names._glued_with(t, 1)
        True
        >>> t = [("中方", "f"), ("愿", "v"), ("同欧", "j"), ("方", "n"), ("一道", "m")]
        >>> names._glued_with(t, 2)
        False
        """
        word, tag = tokens[i]
        if (
            len(word) < 2
            or word[0] not in WITH
            or self.plain is None
            or self.plain(word)[0] != word[0]
        ):
            return False
        if i:
            before, flag = tokens[i - 1]
            if not (
                flag in PERSON_TAGS
                or flag in ("r", "d")
                or before.endswith(self.lex.roles)
                or all(c in PUNCT for c in before)
            ):
                return False
        rest = word[1:]
        if tag in PERSON_TAGS and len(rest) >= 2:
            return True  # 和纳吉
        return (
            len(rest) == 1
            and rest in self.lex.surnames
            and i + 1 < len(tokens)
            and tokens[i + 1][1] in PERSON_TAGS
        )  # 同 + a surname, then the given name

    def _people(
        self,
        tokens: Sequence[Token],
        spans: list[tuple[int, int]],
        s: str,
        text: str,
        offset: int,
        taken: list[bool],
        entities: Sequence[tuple[int, int, str]],
    ) -> list[Mention]:
        """People next to their position: 董事长田刚印, 习近平总书记, 菲律宾总统马科斯 - a
        name jieba or the NER tags as a person; a foreign name after its post whole, though
        jieba cuts it in pieces (:meth:`_foreign_end`), and a name without the 同 jieba glued
        to it (:meth:`_glued_with`). Never a member of a list of places or facilities
        (:data:`LISTED_PLACES`: 黄木 of 岗厦北、黄木、大运等三大综合交通枢纽)."""
        roles = self.lex.roles
        longest_first = self.roles_longest_first
        people = {(a, b) for a, b, label in entities if label == "PER"}
        out = []
        for i, (word, flag) in enumerate(tokens):
            a, b = spans[i]
            if (
                i
                and tokens[i - 1][0].endswith(roles)
                and word[0] in self.lex.surnames
                and flag not in PERSON_TAGS
                and len(word) == 1
                and i + 1 < len(tokens)
                and len(tokens[i + 1][0]) <= 2
                and tokens[i + 1][1] in ("n", "nr", "ng", "v", "a")
            ):  # 董事长田刚印: jieba splits the name (田 / 刚印)
                word, flag, b = word + tokens[i + 1][0], "nr", spans[i + 1][1]
            glued = self._glued_with(tokens, i)
            if glued:  # 彭丽媛和纳吉听取: the person is 纳吉
                word, a = word[1:], a + 1
            if (a, b) in people and flag != "ns":  # not a place (伊拉克总统)
                flag = "nr"
            if flag not in PERSON_TAGS or not 2 <= len(word) <= 4 or self._no_person(word):
                continue
            if any(taken[a:b]):
                continue
            # the post before a glued 同 is the other party's (习近平主席同 + a president)
            before = tokens[i - 1][0] if i and not glued else ""
            role = next((r for r in roles if before.endswith(r)), None)
            if role is not None:  # 总统施泰因 + 迈尔: after its post, where a name begins
                b = self._foreign_end(s, spans, tokens, a, b, taken, people)
            after = s[b : b + 4]
            role = role or next((r for r in longest_first if after.startswith(r)), None)
            if role is None:
                continue
            out.append(self._mention(text, s, offset, a, b, "person", None, 0.7, role))
        # a name both the NER and jieba take for a person (习近平, 何立峰), without a position
        tagged = {spans[i] for i, (_, flag) in enumerate(tokens) if flag in PERSON_TAGS}
        for a, b in sorted(people):
            name = s[a:b]
            if (a, b) not in tagged or not 2 <= b - a <= 4 or name[0] not in self.lex.surnames:
                continue
            if self._no_person(name) or any(taken[a:b]) or any(m.start - offset == a for m in out):
                continue
            b = self._with_end(s, a, b, taken, people)  # 王同 + 和介绍: over the 和 no name follows
            out.append(self._mention(text, s, offset, a, b, "person", None, 0.6))
        out += self._named_people(s, text, offset, taken, people, out)
        return [m for m in out if not LISTED_PLACES.match(s, m.end - offset)]

    def _foreign_end(
        self,
        s: str,
        spans: list[tuple[int, int]],
        tokens: Sequence[Token],
        a: int,
        b: int,
        taken: list[bool],
        people: set[tuple[int, int]],
    ) -> int:
        """The end of the person's name that begins at ``a`` where jieba's word ends at
        ``b``: a foreign name jieba cuts in pieces runs on to the end of the person the NER
        reads from ``a`` (``people``) and over the pieces after it (words jieba tags as a
        person's or a place's name: :data:`NAME_PIECES`) while the whole is written in the
        characters of transliteration (``transliteration.csv``), at most
        :data:`MAX_FOREIGN` of them - its first piece is no name of its own. Parts joined by
        a dot or a hyphen (:data:`NAME_JOINS`: 米洛·久卡诺维奇, given name and surname;
        迪亚斯-卡内尔, a double surname) are one name, each part at most :data:`MAX_PART`
        long (谢尔达尔·别尔德穆哈梅多夫); a part
        after the mark runs over every piece written in those characters, whatever jieba
        tags it (加巴 + 什/r of 哈桑·加巴什, 卡/n + 内尔 of 迪亚斯-卡内尔). A Chinese name is
        not written so (its end: :meth:`_chinese_end`), nor followed by a name.
        Read where a post stands before ``a`` (总统 + 施泰因迈尔): there the name begins.

        Corpus text (2023; jieba's tokens):

        >>> from kg.ingest.extract.lexicon import SOURCE_TREE, load
        >>> names = Names(Gazetteer(), load(SOURCE_TREE))
        >>> s = "当地时间19日上午，国务院总理李强在柏林总统府会见德国总统施泰因迈尔。"
        >>> t = [("当地", "s"), ("时间", "n"), ("19", "m"), ("日", "m"), ("上午", "t"), ("，", "x"), ("国务院", "nt"),
        ...      ("总理", "n"), ("李强", "nrfg"), ("在", "p"), ("柏林", "nr"), ("总统府", "n"), ("会见", "n"),
        ...      ("德国", "ns"), ("总统", "n"), ("施泰因", "nr"), ("迈尔", "nrt"), ("。", "x")]
        >>> def name(a, b):
        ...     spans, pos = [], 0
        ...     for w, _ in t:
        ...         spans.append((pos, pos + len(w)))
        ...         pos += len(w)
        ...     return s[a : names._foreign_end(s, spans, t, a, b, [False] * len(s), set())]
        >>> name(29, 32), name(15, 17)
        ('施泰因迈尔', '李强')

        Corpus text (2022; jieba's tokens):

        >>> s = "对黑山总统米洛·久卡诺维奇的独家专访"
        >>> t = [("对", "p"), ("黑山", "ns"), ("总统", "n"), ("米洛", "nr"), ("·", "x"), ("久卡诺维奇", "nrt"), ("的", "uj"),
        ...      ("独家", "n"), ("专访", "v")]
        >>> name(5, 7)
        '米洛·久卡诺维奇'

        Corpus text (2023, 2022; jieba's tokens):

        >>> s = "叙利亚卫生部长哈桑·加巴什9日呼吁国际社会提供帮助"
        >>> t = [("叙利亚", "ns"), ("卫生部长", "n"), ("哈桑", "nrt"), ("·", "x"), ("加巴", "ns"), ("什", "r"), ("9", "m"),
        ...      ("日", "m"), ("呼吁", "v"), ("国际", "n"), ("社会", "n"), ("提供", "v"), ("帮助", "v")]
        >>> name(7, 9)
        '哈桑·加巴什'
        >>> s = "古巴国家主席迪亚斯-卡内尔代表古巴人民"
        >>> t = [("古巴", "ns"), ("国家", "n"), ("主席", "n"), ("迪亚斯", "nr"), ("-", "x"), ("卡", "n"), ("内尔", "ns"),
        ...      ("代表", "n"), ("古巴", "ns"), ("人民", "n")]
        >>> name(6, 9)
        '迪亚斯-卡内尔'
        """
        translit = self.lex.transliteration

        def foreign(name: str) -> bool:  # a name at most MAX_FOREIGN long, each part of a joined one MAX_PART
            parts = NAME_JOINS.split(name)
            most = MAX_PART if len(parts) > 1 else MAX_FOREIGN
            return all(0 < len(p) <= most and all(c in translit for c in p) for p in parts)

        def loose(token: tuple[str, str]) -> bool:  # a piece of a joined name, whatever jieba tags it
            word, tag = token
            return word not in AFTER_NAME and not tag.startswith(FUNCTION_TAGS)

        if not foreign(s[a:b]):
            return self._chinese_end(s, a, b, taken, people)
        b = max(
            (y for x, y in people if x == a and b < y and foreign(s[a:y]) and not any(taken[b:y])),
            default=b,
        )
        k = next((x for x, (y, _) in enumerate(spans) if y == b), len(spans))
        joined = NAME_JOINS.search(s, a, b) is not None  # in a part after a dot or a hyphen
        while k < len(tokens):
            dot = NAME_JOINS.fullmatch(tokens[k][0]) is not None and k + 1 < len(tokens)
            last = k + 1 if dot else k  # a dot joins the piece after it (米洛 + · + 久卡诺维奇)
            if (
                (tokens[last][1] not in NAME_PIECES and not ((dot or joined) and loose(tokens[last])))
                or not foreign(s[a : spans[last][1]])
                or any(taken[spans[k][0] : spans[last][1]])
            ):
                break
            joined = joined or dot
            b, k = spans[last][1], last + 1
        return b

    def _chinese_end(
        self, s: str, a: int, b: int, taken: list[bool], people: set[tuple[int, int]]
    ) -> int:
        """The end of a Chinese name that begins at ``a`` where jieba's word ends at ``b``:
        where jieba cuts a given name short (李家 + 超, 张大 + 冬), the name runs to the end
        of the person the NER reads from ``a`` - at most :data:`MAX_CHINESE` characters and
        one or two Chinese characters past ``b``, never into a post or a word of grammar
        written after it (张大冬代表: the person is 张大冬; 钟山作…报告: 钟山), nor over a
        verb (曹钰松了一口气: 曹钰).

        Corpus text (2022, 2023):

        >>> from kg.ingest.extract.lexicon import SOURCE_TREE, load
        >>> names = Names(Gazetteer(), load(SOURCE_TREE))
        >>> s = "主席团常务主席李家超主持会议。"
        >>> s[7 : names._chinese_end(s, 7, 9, [False] * len(s), {(7, 10)})]
        '李家超'
        >>> s = "淮安市新安小学校长张大冬代表向总书记介绍了当地传承"
        >>> s[9 : names._chinese_end(s, 9, 11, [False] * len(s), {(0, 7), (9, 14)})]
        '张大冬'
        >>> s = "这让急诊科主任曹钰松了一口气"
        >>> s[7 : names._chinese_end(s, 7, 9, [False] * len(s), {(7, 10)})]
        '曹钰'
        """
        if self._with_end(s, a, b, taken, people) > b:
            return b + 1  # 国防部长魏凤和，: 魏凤 + 和 is the name, 和 no conjunction
        ends = []
        for x, y in people:
            if x != a or y <= b:
                continue
            y = next(
                (k for k in range(b, y) if s.startswith(self.lex.roles, k) or s[k] in AFTER_NAME), y
            )
            if (
                b < y <= min(a + MAX_CHINESE, b + 2)
                and all("\u4e00" <= c <= "\u9fff" for c in s[b:y])
                and not s.startswith(ASPECT, y)
                and not any(taken[b:y])
            ):
                ends.append(y)
        return max(ends, default=b)

    def _with_end(
        self, s: str, a: int, b: int, taken: list[bool], people: set[tuple[int, int]]
    ) -> int:
        """The end of a name of two at ``s[a:b]``: one further when the 和, 同 or 与 after it
        is the name's (:meth:`_whole_with`) and no other name holds it."""
        if b - a == 2 and not any(taken[b : b + 1]) and self._whole_with(s, a, b + 1, people):
            return b + 1
        return b

    def _whole_with(self, s: str, a: int, b: int, people: set[tuple[int, int]]) -> bool:
        """Whether ``s[a:b]``, three characters that end in 和, 同 or 与 (:data:`WITH_END`),
        is a person's whole name rather than a name of two and the conjunction after it:
        its first is a surname and nothing after it begins a name - a mark, 同志 or a verb
        of speech follows (:data:`NAME_CLOSES`: 王同和介绍), and no person the NER reads
        begins there (刘鹤和魏凤和: 和 joins two people). Where jieba and the NER read a name
        of two (魏凤 + 和), the 和 is then the name's.

        Corpus text (2022: 魏凤和, then State Councillor and Minister of National Defence):

        >>> from kg.ingest.extract.lexicon import SOURCE_TREE, load
        >>> names = Names(Gazetteer(), load(SOURCE_TREE))
        >>> s = "国务委员兼国防部长魏凤和，中央军委委员李尚福、刘振立"
        >>> names._whole_with(s, 9, 12, {(9, 12)}), names._whole_with(s, 9, 12, set())
        (True, True)
        >>> s = "韩正、孙春兰、胡春华、刘鹤和魏凤和、王勇、王毅"
        >>> names._whole_with(s, 11, 14, {(11, 13), (14, 17)})
        False
        """
        if b - a != 3 or b > len(s) or s[b - 1] not in WITH_END or s[a] not in self.lex.surnames:
            return False
        if b < len(s) and not NAME_CLOSES.match(s, b):
            return False
        return not any(x == b for x, _ in people)

    def _named_people(
        self,
        s: str,
        text: str,
        offset: int,
        taken: list[bool],
        people: set[tuple[int, int]],
        found: list[Mention],
    ) -> list[Mention]:
        """The NER's people whatever the tokenizer makes of them (foreign names split in
        pieces), where the sentence says it is a person: a position before or after the
        name (世界贸易组织总干事伊维拉), 同志 after it, a verb of speech (比罗尔表示), a
        title that opens with the name and a colon, or a list with a person already found
        (张伟、李娜同志). Never a place the gazetteer knows.

        >>> from kg.ingest.extract.lexicon import SOURCE_TREE, load
        >>> from kg.ingest.gazetteer import Gazetteer
        >>> names = Names(Gazetteer(), load(SOURCE_TREE))
        >>> s = "世界贸易组织总干事伊维拉出席，比罗尔表示欢迎"
        >>> [m.norm for m in names._named_people(s, s, 0, [False] * len(s), {(9, 12), (15, 18)}, [])]
        ['伊维拉', '比罗尔']
        """
        longest_first = self.roles_longest_first
        out: list[Mention] = []
        known = {(m.start - offset, m.end - offset) for m in found}
        candidates = sorted(
            (a, b)
            for a, b in people
            if 2 <= b - a <= MAX_NAME
            and not any(x < b and a < y for x, y in known)
            and (not self._no_person(s[a:b]) or self._whole_with(s, a, b, people))
            and not any(taken[a:b])
            and not self.g.entries.get(s[a:b])
        )
        for a, b in candidates:
            role = next((r for r in longest_first if s[:a].endswith(r)), None) or next(
                (r for r in longest_first if s.startswith(r, b)), None
            )
            speaks = PERSON_AFTER.match(s, b) or (not a and s.startswith(("：", ":"), b))
            if role is None and not speaks:  # 张伟：发展特色产业 - who speaks, in a title
                continue
            out.append(self._mention(text, s, offset, a, b, "person", None, 0.6, role))
            known.add((a, b))
        # names listed with a person (张伟、李娜同志; 王强和赵敏)
        for _ in range(len(candidates)):
            more = [
                (a, b)
                for a, b in candidates
                if (a, b) not in known
                and any(
                    LISTED.fullmatch(s[y:a]) or LISTED.fullmatch(s[b:x]) for x, y in known
                )
            ]
            if not more:
                break
            for a, b in more:
                out.append(self._mention(text, s, offset, a, b, "person", None, 0.6))
                known.add((a, b))
        return out

    def _brands(
        self,
        tokens: Sequence[Token],
        spans: list[tuple[int, int]],
        s: str,
        text: str,
        offset: int,
        taken: list[bool],
    ) -> list[Mention]:
        """Companies by country and brand when they do business: 日本制铁公司收购美国钢铁公司 - not
        a country's firms at large (欢迎更多瑞士企业赴华投资兴业).

        >>> from kg.ingest.extract.lexicon import SOURCE_TREE, load
        >>> names = Names(Gazetteer(), load(SOURCE_TREE))
        >>> def brands(tokens):
        ...     s, spans, pos = "".join(w for w, _ in tokens), [], 0
        ...     for w, _ in tokens:
        ...         spans.append((pos, pos + len(w)))
        ...         pos += len(w)
        ...     return [m.norm for m in names._brands(tokens, spans, s, s, 0, [False] * len(s))]
        >>> brands([("日本", "ns"), ("制铁", "n"), ("公司", "n"), ("收购", "v")])
        ['日本制铁']
        >>> brands([("瑞士", "ns"), ("企业", "n"), ("赴", "v"), ("华", "ns"), ("投资", "vn")])
        []
        """
        out = []
        for i, (word, _flag) in enumerate(tokens[:-1]):
            if word not in self.lex.countries:
                continue
            brand, flag = tokens[i + 1]
            a, b = spans[i][0], spans[i + 1][1]
            if flag not in PROPER | {"n"} or len(brand) < 2 or any(taken[spans[i + 1][0] : b]):
                continue
            if self.lex.suffix(brand) or brand.endswith(self.lex.roles) or not BUSINESS.match(s[b:]):
                continue
            if brand.endswith(FIRMS):
                continue  # 瑞士企业, 沙特企业: a country's firms, no brand
            out.append(self._mention(text, s, offset, a, b, "enterprise", None, 0.6))
            for k in range(a, b):
                taken[k] = True
        return out

    def _recognised(
        self,
        s: str,
        text: str,
        offset: int,
        tokens: Sequence[Token],
        spans: list[tuple[int, int]],
        taken: list[bool],
        entities: Sequence[tuple[int, int, str]],
        found: Sequence[Mention] = (),
    ) -> list[Mention]:
        """Organisations the NER finds that no rule did: by their suffix's kind, or, with
        none, an enterprise known by its brand (中联重科, 福特) when the sentence does
        business with it - never a place, an industry, a country or a kind of thing. An
        association or institute by its suffix may hold places and the body it belongs to,
        where the suffix rule stopped at a word joining its parts (中国科学院东北地理与农业
        生态研究所所长姜明: the academy stays a mention of its own).

        >>> from kg.ingest.extract.lexicon import SOURCE_TREE, load
        >>> names = Names(Gazetteer(), load(SOURCE_TREE))
        >>> s = "中国科学院东北地理与农业生态研究所所长姜明"
        >>> cas = Mention(0, 5, "中国科学院", "中国科学院", "research-institute", None)
        >>> taken = [i < 5 for i in range(len(s))]
        >>> [(m.norm, m.kind) for m in names._recognised(s, s, 0, [(s, "n")], [(0, len(s))], taken, [(0, 17, "ORG")], [cas])]
        [('中国科学院东北地理与农业生态研究所', 'research-institute')]

        Nor does a name begin inside a word (corpus text, 2024: 我国航空公司, no 国航空公司) -
        but after a 同 jieba glued to it (:meth:`_glued_with`):

        >>> s = "我国航空公司旅客运输量超过7亿人次"
        >>> tokens = [("我国", "r"), ("航空公司", "n"), (s[6:], "n")]
        >>> names._recognised(s, s, 0, tokens, [(0, 2), (2, 6), (6, len(s))], [False] * len(s), [(1, 6, "ORG")])
        []
        """
        out = []
        starts = {x: k for k, (x, _) in enumerate(spans)}
        for a, b, label in entities:
            if label != "ORG" or b - a < 2 or b - a > 20:
                continue
            glued = a in starts and self._glued_with(tokens, starts[a])
            a += int(glued)  # 同 + an organisation's name: the name follows the preposition
            holder = (
                (known := self.lex.suffix(s[a:b])) is not None
                and known[1] in ("association", "research-institute")
                and all(
                    (m.kind in ("region", "industry") or m.kind in ORG_KINDS)
                    and offset + a <= m.start and m.end <= offset + b and (m.end - m.start) < b - a
                    for m in found if m.start < offset + b and offset + a < m.end
                )
            )
            if any(taken[a:b]) and not holder:
                continue
            if not glued and any(x < a < y for x, y in spans):
                continue  # 我国 + 航空公司 read as 国航空公司: a name begins at a word's start
            name = s[a:b]
            if not re.fullmatch(r"[\u4e00-\u9fffA-Za-z0-9·]+", name) or name in self.lex.countries:
                continue
            if not holder and any(e.kind in ("region", "industry") for _, _, es in self.g.find(name) for e in es):
                continue  # 湖北, 新能源汽车, 德国: not organisations (nor 湖北日报's place)
            known = self.lex.suffix(name)
            if known:
                if known[1] not in ORG_KINDS | {"media", "association"} or GENERIC.match(name):
                    continue
                if len(name) - len(known[0]) < MIN_BODY or name in self.lex.not_names:
                    continue
                if known[1] != "enterprise" and any(
                    spans[x][0] == a and tag in ("v", "vn") for x, (_, tag) in enumerate(tokens)
                ):
                    continue  # 加快重组 + 全国重点实验室: a verb on a kind of thing, no name (a brand may be a verb)
                kind, confidence = known[1], 0.7
            elif (BUSINESS.match(s[b:]) or BUSINESS_BEFORE.search(s[:a])) and not any(
                spans[i] == (a, b) and tag in COMMON_TAGS for i, (_, tag) in enumerate(tokens)
            ):  # one word jieba takes for a place, a verb or a common noun is no brand
                kind, confidence = "enterprise", 0.6
            else:
                continue
            out.append(self._mention(text, s, offset, a, b, kind, None, confidence))
            for k in range(a, b):
                taken[k] = True
        return out


def _token_at(spans: list[tuple[int, int]], a: int) -> int:
    """The index of the token that starts at ``a`` (or holds it)."""
    return next(k for k, (x, y) in enumerate(spans) if x <= a < y)


def _best(entries: list[Entry]) -> Entry:
    return sorted(entries, key=lambda e: (e.iri is None, e.kind == "region"))[0]


def _abbreviation(entry: Entry) -> bool:
    """Whether ``entry`` is a short form of another name (哈工大 for 哈尔滨工业大学), not a
    place: places have their own rules (:meth:`Names._district`)."""
    return entry.kind != "region" and bool(entry.canonical) and entry.canonical != entry.name


def _national_short(entry: Entry) -> bool:
    """Whether ``entry`` is a national body's short form that leaves out what makes it
    national (发改委 for 国家发展和改革委员会, 国资委 for 国务院国有资产监督管理委员会): the
    short form every province, city and county uses for its own body of that name too.

    >>> _national_short(Entry("发改委", "government", canonical="国家发展和改革委员会"))
    True
    >>> _national_short(Entry("国家发改委", "government", canonical="国家发展和改革委员会"))
    False
    """
    full, name = entry.canonical or "", entry.name
    return full != name and full.startswith(NATIONAL) and not name.startswith(NATIONAL)


def _cuts_a_word(a: int, b: int, tags: dict[tuple[int, int], str]) -> bool:
    """Whether ``a:b`` begins or ends inside one of jieba's words - a short form read out
    of a longer word (北大 in 北大荒).

    >>> _cuts_a_word(0, 2, {(0, 3): "nr", (3, 5): "n"})
    True
    >>> _cuts_a_word(0, 3, {(0, 3): "nt", (3, 4): "uj"})
    False
    """
    return any(x < a < y or x < b < y for x, y in tags)


def _glued(s: str, a: int, after_place: bool) -> bool:
    """Whether the name at ``a`` continues a word before it (西南 + 山区 in 浙西南山区)
    rather than following a place, a punctuation mark or a function word."""
    if a == 0 or after_place:
        return False
    return s[a - 1] in "东西南北中" or s[a - 2 : a] in ("中心", "主城", "老城", "新城")


def session(series: Entry, edition: str) -> Entry:
    """The entry of one session of a recurring event the gazetteer knows (第二十四届 and
    高交会): an event of its own, named by its edition and the series' full name - never the
    series itself, nor another session.

    >>> e = session(Entry("高交会", "event", iri="https://example.org/e", canonical="中国国际高新技术成果交易会"), "第二十四届")
    >>> e.name, e.canonical, e.iri
    ('第二十四届高交会', '第二十四届中国国际高新技术成果交易会', None)
    """
    return Entry(edition + series.name, "event", canonical=edition + (series.canonical or series.name))
