"""Named projects (analyzer.extract.projects).

Tables of real sentences from the corpora (cited by document) for coordination, leading verbs,
quoted names, types and non-names; offsets, determinism, a long paragraph without punctuation, the
gazetteer, and the gold thresholds measured with the reference matching rule. Every check runs on
the jieba and the pkuseg tokens.
"""

from __future__ import annotations

import functools
import json
import re

import pytest

from analyzer.extract.projects import canonical_name, extract_projects
from analyzer.normalize import normalize
from analyzer.records import Project, Sentence, Token
from analyzer.segment import make_segmenter
from analyzer.structure import structure

from .conftest import CORPORA, GOLD

SEGMENTERS = ("jieba", "pkuseg")

# (document, fragment of a sentence, names the sentence must give)
COORDINATION = [
    # a list after 和 that follows a whole name; a conjunct replacing the whole proper lead word
    ("shanxi-2025", "推进武宿机场三期和临汾、运城机场改扩建", ["临汾机场改扩建", "运城机场改扩建"]),
    (
        "hebei-2025",
        "加快建设京张体育文化旅游带和长城、大运河文化旅游带",
        ["长城文化旅游带", "大运河文化旅游带"],
    ),
    # a central firm's short name opening a listed project, however the segmenter cuts it
    ("shanxi-2025", "实施中煤烯烃等现代煤化工项目", ["中煤烯烃"]),
    ("sichuan-2025", "开工建设红格南矿开发利用、中船高端智慧风电等重大产业项目", ["中船高端智慧风电"]),
    # proper names of works replacing the proper name before a shared head (pkuseg cuts 娄/里)
    (
        "hebei-2025",
        "乌拉哈达、娄里、青山水库等重大水利工程启动建设",
        ["乌拉哈达水库", "娄里水库", "青山水库"],
    ),
    # a work named to its end (a river's works, a road's section) is one of the category after 等
    ("hebei-2025", "白沟河治理等防洪工程全部完工", ["白沟河治理"]),
    ("shanxi-2025", "推动国道307山西段等能源运输通道提质升级", ["国道307山西段"]),
    # a member with a head of its own (a station) is named alone, not with the list's tail
    ("henan-2026", "加快推进平漯周、焦济洛平、郑州南站等高铁项目", ["郑州南站", "焦济洛平高铁项目"]),
    # a short member of a list closed by 等项目 is named alone
    ("shandong-2026", "建成崆峒胜境等项目", ["崆峒胜境"]),
    # a route between two places the dictionary mistags (攀枝花 as an idiom, 久治 as a verb)
    ("sichuan-2025", "加快攀枝花至盐源高速公路等项目前期工作", ["攀枝花至盐源高速公路"]),
    ("sichuan-2025", "推进久治至马尔康、郎木寺至汶川等高速公路项目建设", ["久治至马尔康高速公路项目"]),
    # a counted list of stations named by proper words only
    (
        "sichuan-2025",
        "大渡河双江口、金沙江叶巴滩、雅砻江卡拉等31个大中型水电站",
        ["大渡河双江口", "金沙江叶巴滩"],
    ),
    # quoted names in a row after a verb share the head after them
    ("sichuan-2025", "首发“越滇蓉欧”“中老泰马”班列", ["越滇蓉欧班列", "中老泰马班列"]),
    # ... but a platform's name is the quoted name itself, as the gold writes it
    ("shandong-2025", "升级“爱山东”“鲁惠通”平台", ["爱山东", "鲁惠通"]),
    # 项目前期 as one token still closes a project list
    ("shandong-2025", "做好郓城新河等6个项目前期工作", ["郓城新河"]),
    # a member cut by the segmenter into a proper character and a word (赛 得利 纤维)
    ("shandong-2026", "抓好赛得利纤维等3500多个拟竣工投产项目", ["赛得利纤维"]),
    # the main works (主体工程) of named reservoirs are the reservoirs
    ("shandong-2025", "完成官路、双堠水库主体工程", ["官路水库", "双堠水库"]),
    # 及 glued by the segmenter to the next name (及胶)
    ("shandong-2026", "董家口至五莲铁路及胶新铁路扩能改造", ["董家口至五莲铁路"]),
    # short conjuncts sharing the tail of the last one
    ("xinghualing-2024", "加快中、东涧河棚户区改造项目", ["中涧河棚户区改造项目", "东涧河棚户区改造项目"]),
    ("guangdong-2025", "乌石、惠州油田顺利投产", ["乌石油田", "惠州油田"]),
    # two names joined by 和
    (
        "xinghualing-2024",
        "加快推动山西IPv6互联互通智算中心和检测认证中心项目实施",
        ["山西IPv6互联互通智算中心", "检测认证中心项目"],
    ),
    # a list closed by 等 and a bare head: each conjunct takes the head
    (
        "shanxi-2026",
        "碳化硅三期、阳泉铝产业链一体化等项目加快建设",
        ["碳化硅三期项目", "阳泉铝产业链一体化项目"],
    ),
    ("shanxi-2026", "建设大同至天津南等特高压工程", ["大同至天津南特高压工程"]),
    (
        "zhejiang-2026",
        "杭州芯光半导体芯片、沪乍杭铁路、诸暨至嵊州高速公路等项目",
        ["杭州芯光半导体芯片项目", "沪乍杭铁路", "诸暨至嵊州高速公路"],
    ),
    # a list closed by 等 and 项目 names projects without heads of their own
    (
        "henan-2026",
        "加快推进奇瑞乘用车技改、比亚迪新能源商用车、中州时代电池三期、中创新航动力电池及储能等项目",
        ["奇瑞乘用车技改项目", "比亚迪新能源商用车项目", "中州时代电池三期项目"],
    ),
    # … and after a count or a modifier they are named alone, a member with a head too
    ("sichuan-2026", "比亚迪半导体、京东方第8.6代线等重大项目加快实施", ["比亚迪半导体", "京东方第8.6代线"]),
    (
        "jiangsu-2026",
        "盐泰锡常宜高铁和南京北站、苏州北站综合枢纽等重大工程开工建设",
        ["南京北站", "苏州北站综合枢纽"],
    ),
    (
        "shandong-2026",
        "新开工晏城至表白寺等2个项目，提速庆云至章丘等23个续建项目",
        ["晏城至表白寺", "庆云至章丘"],
    ),
    # a list closed by its count and 工程
    (
        "sichuan-2026",
        "引大济岷、长征渠引水、向家坝灌区、引雅济安、南水北调西线6个工程",
        ["引大济岷", "引雅济安", "南水北调西线"],
    ),
    # a list closed by 等 and a category: the conjuncts are the names
    ("shanxi-2026", "加快国电湖东、同热三期等新一代煤电试点项目建设", ["国电湖东", "同热三期"]),
    # a list closed by a count
    (
        "shanxi-2026",
        "实施清洁降碳、安全可靠、高效调节、智能运行四大专项行动",
        ["清洁降碳专项行动", "安全可靠专项行动", "高效调节专项行动", "智能运行专项行动"],
    ),
    # a bare head sharing the prefix of the conjunct before it
    (
        "cn-state-council-2024",
        "成都大运会、杭州亚运会和亚残运会成功举办",
        ["成都大运会", "杭州亚运会", "杭州亚残运会"],
    ),
    ("cn-state-council-2024", "做好2024年奥运会、残奥会备战参赛工作", ["2024年奥运会", "2024年残奥会"]),
    ("cn-state-council-2016", "做好北京冬奥会和冬残奥会", ["北京冬奥会", "北京冬残奥会"]),
    (
        "cn-state-council-2024",
        "办好进博会、广交会、服贸会、数贸会、消博会等重大展会",
        ["进博会", "广交会", "服贸会", "数贸会", "消博会"],
    ),
    # a list closed by 等 and a plural determiner (等一批…项目): the conjuncts are the names
    (
        "guangdong-2025",
        "加快梅州二期、云浮水源山、汕尾陆河、肇庆浪江",
        ["梅州二期", "云浮水源山", "汕尾陆河", "肇庆浪江"],
    ),
    # a list closed by 等重大项目: 重大项目 is a category, not a head the conjuncts share
    (
        "zhejiang-2026",
        "加快佛渡集装箱码头一期、北仑支线复线、梅山铁路专用线等重大项目建设进度",
        ["佛渡集装箱码头一期", "北仑支线复线", "梅山铁路专用线"],
    ),
]

# (document, fragment, names the sentence must not give)
NOT_EXPANDED = [
    # a verb opening the clause is no part of the name after it
    ("sichuan-2025", "抓住新一轮国家“双高”计划机遇", ["抓住新一轮国家双高计划"]),
    ("sichuan-2025", "为基础设置公办本科层次职业技术大学", ["基础设置公办本科层次职业技术大学"]),
    ("sichuan-2025", "分为前置改革项目和常规项", ["分为前置改革项目"]),
    # an adverb or a second completion before the predicate is no part of the subject's name
    ("hebei-2026", "燕赵系列实验室陆续投用", ["燕赵系列实验室陆续"]),
    ("shandong-2026", "“聊热入济”全线贯通投用", ["聊热入济全线贯通"]),
    ("hebei-2025", "加快建设京张体育文化旅游带和长城、大运河文化旅游带", ["长城河文化旅游带"]),
    # a word of its own ending in 线 (全线, 上线) is not cut into a name and a line
    ("fujian-2025", "龙龙铁路武平至梅州段全线开工", ["龙龙铁路武平至梅州段全线"]),
    # a field by a place in a list of fields is no project
    ("guangdong-2025", "风电核电、临港工业、滨海旅游等项目", ["临港工业", "滨海旅游"]),
    # two towns' initials before a line are no place (大西 of 大西高铁, 深南 of 深南高铁)
    ("shanxi-2025", "启动大西高铁提速、太绥高铁建设。加快太旧高速改扩建", ["大西", "太旧"]),
    ("guangdong-2026", "加快珠肇高铁、深南高铁", ["深南"]),
    # a bare event after 和 shares the name before it only when it is its sibling (冬残奥会)
    ("shanxi-2025", "举办太原论坛和能博会", ["太原能博会"]),
    ("hebei-2025", "乌拉哈达、娄里、青山水库等重大水利工程启动建设", ["乌拉哈达", "娄里"]),
    ("hebei-2025", "白沟河治理等防洪工程全部完工", ["白沟河治理防洪工程"]),
    ("shanxi-2025", "推动国道307山西段等能源运输通道提质升级", ["国道307山西段能源运输通道"]),
    ("henan-2026", "加快推进平漯周、焦济洛平、郑州南站等高铁项目", ["郑州南站高铁项目"]),
    ("shandong-2026", "建成崆峒胜境等项目", ["崆峒胜境项目"]),
    # 建设 between two names ends the second one's walk
    (
        "shanghai-2025",
        "虹桥国际中央商务区建设国际贸易中心新平台",
        ["虹桥国际中央商务区建设国际贸易中心新平台"],
    ),
    # …but not a field (绿电) or a firm cut into pieces (万 华新 一代)
    ("shandong-2026", "推进万华新一代电池材料等10个绿电产业园建设", ["华新一代电池材料"]),
    ("sichuan-2025", "首发“越滇蓉欧”“中老泰马”班列", ["首发越滇蓉欧中老泰马班列"]),
    # a verb before the clause's verb is no name part (加力 建设, 复制 推广)
    ("shanghai-2026", "加力建设自贸试验区及临港新片区", ["加力建设自贸试验区"]),
    ("cn-state-council-2019", "复制推广自贸试验区改革经验", ["复制推广自贸试验区"]),
    ("jiangsu-2026", "织密公路连接线", ["织密公路"]),
    ("henan-2026", "港口码头接入铁路专用线或管道", ["港口码头接入铁路"]),
    ("shandong-2025", "完成官路、双堠水库主体工程", ["官路水库主体工程", "双堠水库主体工程"]),
    ("shandong-2026", "董家口至五莲铁路及胶新铁路扩能改造", ["董家口至五莲铁路及胶新铁路"]),
    ("fujian-2025", "开建温福高铁", ["开建温福高铁"]),
    ("sichuan-2025", "川渝1000千伏特高压交流工程建成投运", ["千伏特高压交流工程"]),
    # a count opening a name is no part of it; 建强 is a verb
    ("guangdong-2025", "实施42宗大中型灌区改造", ["42宗大中型灌区"]),
    ("henan-2026", "建强区域应急救援基地", ["建强区域应急救援基地"]),
    # a verb between two heads ends the name (当选)
    ("beijing-2025", "北京商务中心区当选全球商务区创新联合会", ["北京商务中心区当选全球商务区"]),
    (
        "zhejiang-2026",
        "加快佛渡集装箱码头一期、北仑支线复线、梅山铁路专用线等重大项目建设进度",
        ["北仑支线复线重大项目", "梅山铁路专用线重大项目"],
    ),
    ("shandong-2025", "推进日照钢铁精品基地配套码头等工程建设", ["日照钢铁精品基地配套码头"]),
]

# (document, fragment, the name, without the verbs and generic words before it)
LEADING_VERBS = [
    ("xinghualing-2024", "加快推进杨家峪数字经济产业园建设", "杨家峪数字经济产业园"),
    ("xinghualing-2024", "启动文子头保障性租赁住房项目建设", "文子头保障性租赁住房项目"),
    ("xinghualing-2024", "启动建设杏花公园", "杏花公园"),
    ("xinghualing-2024", "支持市场型龙头企业文子头农产品物流园提档升级", "文子头农产品物流园"),
    (
        "xinghualing-2024",
        "高标准推进北京大学第一医院太原医院国家区域医疗中心府城院区项目建设",
        "北京大学第一医院太原医院国家区域医疗中心府城院区项目",
    ),
    ("xinghualing-2024", "推动能源装备与检测产业园项目启动实施", "能源装备与检测产业园项目"),
    ("shanxi-2026", "深化山西转型综改示范区改革创新", "山西转型综改示范区"),
    ("shanxi-2026", "扎实推进煤炭方向国家人工智能应用中试基地建设运营", "煤炭方向国家人工智能应用中试基地"),
    ("cn-state-council-2024", "开展清理拖欠企业账款专项行动", "清理拖欠企业账款专项行动"),
    ("cn-state-council-2024", "加快建设西部陆海新通道", "西部陆海新通道"),
    ("sichuan-2026", "开展打击非法集资专项行动", "打击非法集资专项行动"),
]

# (document, fragment, canonical name, surface text of the mention)
QUOTED = [
    ("xinghualing-2024", "建设“杏创谷”创新驱动产业园", "杏创谷创新驱动产业园", "“杏创谷”创新驱动产业园"),
    ("xinghualing-2024", "落实文旅“三百”行动", "文旅三百行动", "文旅“三百”行动"),
    (
        "xinghualing-2024",
        "深入实施“营商环境优化提升年”行动",
        "营商环境优化提升年行动",
        "“营商环境优化提升年”行动",
    ),
    (
        "shanxi-2026",
        "用好涉企政策“一站式”综合服务平台",
        "涉企政策一站式综合服务平台",
        "涉企政策“一站式”综合服务平台",
    ),
    ("shanxi-2026", "打造山西“企业之家”服务品牌", "企业之家", "“企业之家”"),
]

# (document, fragment, name, type)
TYPES = [
    # an event inside a programme's name (its declaration) is named too
    ("shandong-2026", "上合地方经贸合作大会青岛倡议发布", "上合地方经贸合作大会", "event"),
    # the preparatory work of a project that is no category: the project is named (and built)
    ("sichuan-2025", "加快长征渠引水工程前期工作", "长征渠引水工程", "project"),
    ("shandong-2025", "加快中皋水利枢纽前期工作", "中皋水利枢纽", "project"),
    # a service number names the one service, even after 的 (全省统一的12356心理援助热线)
    ("jiangsu-2026", "统筹建强全省统一的12356心理援助热线体系", "12356心理援助热线", "platform"),
    # 万 before a line's head is a place's initial (万州), not a number
    ("sichuan-2026", "川藏铁路、成达万高铁、西香高速", "成达万高铁", "project"),
    # a year before an event makes one event of it, whatever follows (周活动)
    ("shanxi-2025", "2024中国—东盟周活动", "2024中国—东盟周", "event"),
    # a port's or a line's name glued by jieba to its one-character head (唐 山港, 嘉 闵线)
    ("hebei-2026", "唐山港沿海货物吞吐量", "唐山港", "facility"),
    ("shanghai-2025", "加快建设崇明线、嘉闵线", "嘉闵线", "project"),
    # 临港 is Shanghai's port district before a zone's head (and a field's place in 临港产业)
    ("shanghai-2026", "推进临港科创城建设", "临港科创城", "zone"),
    # the subject of a clause listing it as a site, with no head: a park, or a project as a model
    ("shanxi-2025", "晋祠天龙山晋级5A级景区", "晋祠天龙山", "park"),
    ("sichuan-2026", "通济堰、湔江堰入选世界灌溉工程遗产名录", "通济堰", "park"),
    ("sichuan-2026", "通济堰、湔江堰入选世界灌溉工程遗产名录", "湔江堰", "park"),
    ("shandong-2025", "海阳核能供暖入选国家首批绿色低碳示范项目", "海阳核能供暖", "project"),
    # a dash after a bracketed place joins the two partners of a bilateral event
    (
        "henan-2026",
        "中国（河南）—东盟粮农合作发展大会等重大经贸活动",
        "中国（河南）—东盟粮农合作发展大会",
        "event",
    ),
    # a bracketed class after a head is part of the name, as 保税物流中心（B型）
    ("henan-2026", "获批建设国家医学中心（中医类）和12个国家区域医疗", "国家医学中心（中医类）", "facility"),
    # a terminal or an airfield is a facility named with its airport
    ("shandong-2026", "临沂机场航站楼投用", "临沂机场航站楼", "facility"),
    ("sichuan-2025", "双流国际机场飞行区改造完成投用", "双流国际机场飞行区", "facility"),
    # a place in brackets names the one forum or centre, even one the dictionary calls a rare noun
    ("shanxi-2025", "乡村振兴（太谷）论坛影响力提升", "乡村振兴（太谷）论坛", "event"),
    (
        "hebei-2026",
        "积极参与北京（京津冀）国际科技创新中心建设",
        "北京（京津冀）国际科技创新中心",
        "facility",
    ),
    # an edition names the one event, however plain its name (全国运动会 as one token)
    ("cn-state-council-2025", "办好第十五届全国运动会和第十二届世界运动会", "第十五届全国运动会", "event"),
    # a toponym with a head of its own is that thing, not a place; a museum's east hall extends it
    ("shandong-2026", "建好青岛港、日照港国家大宗商品", "日照港", "facility"),
    ("shanghai-2025", "上海博物馆东馆开放运营", "上海博物馆东馆", "facility"),
    # a phase of a work is a project, even before 前期工作
    ("sichuan-2025", "推进天府国际机场二期工程前期工作", "天府国际机场二期工程", "project"),
    ("jiangsu-2026", "淮河入海水道二期工程启动", "淮河入海水道二期工程", "project"),
    ("xinghualing-2024", "加快推进杨家峪数字经济产业园建设", "杨家峪数字经济产业园", "park"),
    ("xinghualing-2024", "建设府西街金融中心区", "府西街金融中心区", "zone"),
    ("xinghualing-2024", "申报建设国家新材料测试评价平台", "国家新材料测试评价平台", "platform"),
    ("xinghualing-2024", "全面推进金融流量谷项目实施", "金融流量谷项目", "project"),
    ("xinghualing-2024", "建设演艺经济运营服务中心", "演艺经济运营服务中心", "facility"),
    ("xinghualing-2024", "实施乡村特色产业延链工程", "乡村特色产业延链工程", "programme"),
    ("xinghualing-2024", "支持推动中国机械总院山西机电院伺服电机", "中国机械总院山西机电院", "org"),
    ("xinghualing-2024", "今年杏花岭区政府工作的总体要求", "杏花岭区", "place"),
    ("xinghualing-2024", "依托文子头、杨家峪两大板块空间资源", "杨家峪", "place"),
    ("shanxi-2026", "我省体育健儿在第十五届全运会勇创佳绩", "第十五届全运会", "event"),
    ("shanxi-2026", "推动“专精特新”专板建设提质增效", "专精特新专板", "platform"),
    ("shanxi-2026", "进一步规范和提升12345热线服务", "12345热线", "platform"),
    ("shanxi-2026", "太原地铁1号线开通运营", "太原地铁1号线", "project"),
    ("cn-state-council-2024", "抓好标志性项目在雄安新区落地建设", "雄安新区", "zone"),
    ("cn-state-council-2024", "成功举办中国-中亚峰会", "中国－中亚峰会", "event"),
    ("zhejiang-2026", "宁波东方理工大学", "宁波东方理工大学", "org"),
    # a quoted name before 平台 is the platform's whole name
    ("shandong-2025", "“接诉即办”平台服务质效", "接诉即办", "platform"),
    # an amount opening a programme's name is part of it
    ("cn-state-council-2024", "实施新一轮千亿斤粮食产能提升行动", "千亿斤粮食产能提升行动", "programme"),
    # a coined two-character word ending in 谷 that no dictionary knows is a park's own name
    ("henan-2026", "推动中原农谷、周口国家农高区协同", "中原农谷", "park"),
    ("shanghai-2026", "提升联影小镇、东方美谷等特色园区能级", "东方美谷", "park"),
    # the whole subject of a clause saying it was completed or opened, head or none
    ("sichuan-2025", "省妇女儿童中心建成投用", "省妇女儿童中心", "facility"),
    ("shanghai-2026", "方厅水院建成启用", "方厅水院", "facility"),
    ("beijing-2025", "厂通路建成通车", "厂通路", "project"),
    ("shandong-2025", "济南机场二期东飞行区建成，", "济南机场二期东飞行区", "facility"),
    ("shandong-2026", "“聊热入济”全线贯通投用", "聊热入济", "project"),
    # the whole object of a clause opening with a verb of completion, or of holding for an event
    ("shandong-2026", "开通运营青岛国际通信业务出入口局", "青岛国际通信业务出入口局", "facility"),
    ("shanghai-2026", "建成白龙港三期污水处理设施", "白龙港三期污水处理设施", "facility"),
    ("shandong-2025", "建成运营山东科技大市场", "山东科技大市场", "facility"),
    ("sichuan-2026", "办好中外知名企业四川行活动", "中外知名企业四川行活动", "event"),
]

# heads and patterns for kinds of name (document, fragment, name, type)
HEADS = [
    # zone heads 起步区, 法务区, 联动区, 引领区; facility heads 试验场, 试验装置, 文学馆 …
    ("sichuan-2025", "建设成德绵产业联动区", "成德绵产业联动区", "zone"),
    # a verbal noun right before a head spread over tokens (应用 先导 区) is inside the name
    ("jiangsu-2026", "高水平建设国家人工智能创新应用先导区", "国家人工智能创新应用先导区", "zone"),
    ("jiangsu-2026", "长江口产业创新绿色发展协同区建设", "长江口产业创新绿色发展协同区", "zone"),
    ("sichuan-2025", "加强天府中央法务区建设", "天府中央法务区", "zone"),
    ("shanghai-2025", "建成上海文学馆", "上海文学馆", "facility"),
    ("shandong-2025", "提升国家海洋综合试验场服务能力", "国家海洋综合试验场", "facility"),
    ("shanghai-2025", "高效低碳燃气轮机试验装置基本建成", "高效低碳燃气轮机试验装置", "facility"),
    # event heads of sports series and promotions
    ("shanghai-2025", "办好世界赛艇锦标赛、F1中国大奖赛、上海网球大师赛", "F1中国大奖赛", "event"),
    ("shanghai-2025", "办好世界赛艇锦标赛、F1中国大奖赛、上海网球大师赛", "上海网球大师赛", "event"),
    ("shanghai-2025", "国际精品消费月", "国际精品消费月", "event"),
    ("sichuan-2025", "国际技术转移对接会", "国际技术转移对接会", "event"),
    # a phase closes a name in a sentence with no head at all
    ("shanghai-2026", "金山海上风电一期建成投运", "金山海上风电一期", "project"),
    ("shandong-2025", "石岛湾核电扩建一期开工", "石岛湾核电扩建一期", "project"),
    # a middle dot joins two parts of a name as a dash does
    ("shandong-2026", "加快建设中国算谷·人工智能公共服务平台", "中国算谷·人工智能公共服务平台", "platform"),
    # 及 inside a name, as 与 and 和 may be
    ("shanghai-2026", "支持举办中国家电及消费电子博览会", "中国家电及消费电子博览会", "event"),
    # the rebuilding or widening of a line is the project
    ("sichuan-2026", "加快实施成渝中线高铁、成渝高速扩容等项目", "成渝高速扩容", "project"),
    ("shandong-2026", "开工位山灌区现代化改造等工程", "位山灌区现代化改造", "project"),
    ("shandong-2025", "加紧聊城机场新建、威海机场迁建、滨州机场前期工作", "威海机场迁建", "project"),
    # works named by what they do keep their 主体工程
    (
        "shandong-2026",
        "东平湖老湖区洪水相机南排和航道主体工程完工",
        "东平湖老湖区洪水相机南排和航道主体工程",
        "programme",
    ),
    # 原子级 is a scale, not a level
    ("jiangsu-2026", "推进材料综合研究设施、原子级制造试验设施建设", "原子级制造试验设施", "facility"),
    ("shanghai-2026", "推动外环绿道断点贯通", "外环绿道", "project"),
    ("shanghai-2026", "成功举办中国时尚产业盛典", "中国时尚产业盛典", "event"),
    # a province's own platform, named at length by what it does (not 省技术创新中心, a category)
    ("sichuan-2026", "开通运行省融资信用服务平台", "省融资信用服务平台", "platform"),
    # a rebuilding's phase, a line's section and its rebuilding extend the name
    ("shanghai-2026", "罗泾港区改造二期启动建设", "罗泾港区改造二期", "project"),
    ("sichuan-2025", "中欧班列（成渝）累计开行量", "中欧班列（成渝）", "project"),
    ("henan-2026", "京港高铁阜阳至黄冈段", "京港高铁阜阳至黄冈段", "project"),
    # a rating inside a line's name after its places
    ("sichuan-2025", "川渝1000千伏特高压交流工程建成投运", "川渝1000千伏特高压交流工程", "project"),
    ("sichuan-2025", "新增内江保税物流中心（B型）", "内江保税物流中心（B型）", "facility"),
    ("sichuan-2026", "加快成渝铁路成隆段扩能改造前期工作", "成渝铁路成隆段扩能改造", "project"),
    # an event held is one event, however plainly named; 商务区 heads a zone
    ("shandong-2026", "办好文旅产业高质量发展大会", "文旅产业高质量发展大会", "event"),
    ("sichuan-2025", "成功举办世界园艺博览会", "世界园艺博览会", "event"),
    # a centre named for its field after 国际 is a facility, not a city's position
    ("shandong-2025", "推动济南国际医学中心建设", "济南国际医学中心", "facility"),
    ("shandong-2026", "儒商大会、绿色低碳高质量发展大会等成果丰硕", "绿色低碳高质量发展大会", "event"),
    ("shanghai-2026", "出台实施虹桥国际商务区及周边地区专项规划", "虹桥国际商务区", "zone"),
    # an edition makes one event of it; a country's or the world's festival is one event
    ("shanghai-2026", "扎实做好第九届进博会城市服务保障工作", "第九届进博会", "event"),
    ("sichuan-2026", "办好第十四届中国艺术节", "第十四届中国艺术节", "event"),
    ("sichuan-2026", "加快建设成都科创生态岛", "成都科创生态岛", "zone"),
    # a region's quoted digital service
    ("shandong-2026", "“鲁惠通”兑现政策资金", "鲁惠通", "platform"),
    ("beijing-2025", "新增“京通”便民便企服务", "京通", "platform"),
    # a zone inside a programme's name is found too
    ("shandong-2026", "出台推动西海岸新区创新发展先行先试行动计划", "西海岸新区", "zone"),
    ("shandong-2026", "潍坊国家农综区", "潍坊国家农综区", "zone"),
    # a phase after a proper name, with no head
    ("sichuan-2026", "毗河供水一期、武都引水二期等建成通水", "武都引水二期", "project"),
    ("shandong-2026", "裕龙石化一期稳产达产", "裕龙石化一期", "project"),
    # a count of something else in the clause leaves the name alone
    ("beijing-2025", "创新型产业集群示范区承接三大科学城成果不少于300项", "创新型产业集群示范区", "zone"),
    # a place in brackets names the one (and 节 heads an event)
    ("sichuan-2026", "办好第五届中国（四川）国际熊猫消费节", "第五届中国（四川）国际熊猫消费节", "event"),
    ("sichuan-2026", "西部（成都）科学城、中国（绵阳）科技城高端创新资源", "中国（绵阳）科技城", "zone"),
    # a level after a proper name belongs to the name
    ("jiangsu-2026", "苏南运河二级航道、宿连三级航道全线通航", "宿连三级航道", "project"),
    # a proper name followed by what depends on it (运营水平, 沿线)
    ("sichuan-2026", "提升中欧班列、西部陆海新通道班列、中老班列运营水平", "中老班列", "project"),
    ("henan-2026", "发挥京广铁路沿线城市", "京广铁路", "project"),
    # 科学城 大学城 校区 院区: science cities, university towns, campuses
    ("shanghai-2026", "推动张江科学城", "张江科学城", "zone"),
    ("chongqing-2025", "西部（重庆）科学城、两江协同创新区提质建设", "西部（重庆）科学城", "zone"),
    ("beijing-2026", "推动良乡大学城、沙河高教园高质量发展", "良乡大学城", "park"),
    ("beijing-2026", "加快建设北方工业大学延庆校区等市属高校新校区", "北方工业大学延庆校区", "facility"),
    (
        "beijing-2026",
        "北京工业大学房山校区、北京儿童医院亦庄院区等开工建设",
        "北京工业大学房山校区",
        "facility",
    ),
    # a campus name cut by the segmenter (亦 庄院 区)
    (
        "beijing-2026",
        "北京工业大学房山校区、北京儿童医院亦庄院区等开工建设",
        "北京儿童医院亦庄院区",
        "facility",
    ),
    # 线: railway and metro lines, with their extension (西延伸 南延 西延线) or phase (一期)
    ("shanghai-2026", "加快建设崇明线、上海示范区线、南枫线", "南枫线", "project"),
    ("shanghai-2026", "加快建设崇明线、上海示范区线、南枫线、13号线东延伸", "13号线东延伸", "project"),
    ("shanghai-2025", "12号线西延伸、15号线南延伸", "12号线西延伸", "project"),
    ("shanghai-2025", "12号线西延伸、15号线南延伸", "15号线南延伸", "project"),
    ("fujian-2025", "福州地铁6号线西延线", "福州地铁6号线西延线", "project"),
    ("chongqing-2025", "轨道交通7号线一期全线开工", "轨道交通7号线一期", "project"),
    # a phase after a name (二期), a section (东段)
    ("hebei-2025", "力促京雄高速二期主体建成", "京雄高速二期", "project"),
    ("shanghai-2025", "北横通道东段、银都路越江隧道等重要基础设施投入使用", "北横通道东段", "project"),
    # 林场, 文化旅游带 经济带, 交易市场, 博物馆群, 会都
    ("hebei-2025", "推进塞罕坝林场“二次创业”", "塞罕坝林场", "park"),
    ("hebei-2025", "加快建设京张体育文化旅游带和长城、大运河文化旅游带", "大运河文化旅游带", "zone"),
    ("chongqing-2025", "长江经济带高质量发展纵深推进", "长江经济带", "zone"),
    ("cn-state-council-2022", "启动全国碳排放权交易市场", "全国碳排放权交易市场", "platform"),
    ("beijing-2026", "推进南中轴大红门博物馆群建设", "南中轴大红门博物馆群", "facility"),
    ("beijing-2026", "加快第四使馆区、雁栖湖国际会都等重点项目建设", "雁栖湖国际会都", "facility"),
    # events: 公开赛, X周, a quoted event, a provincial event
    ("sichuan-2025", "成都网球公开赛等赛事活动", "成都网球公开赛", "event"),
    ("shandong-2026", "港澳山东周、鲁台经贸合作洽谈会、新加坡山东周等活动", "新加坡山东周", "event"),
    ("fujian-2025", "持续打造“人才福建周”", "人才福建周", "event"),
    ("hebei-2025", "举办省旅发大会", "省旅发大会", "event"),
    # a place before a national designation; an international zone
    ("beijing-2026", "中轴线国家文物保护利用示范区", "中轴线国家文物保护利用示范区", "zone"),
    ("guangdong-2025", "建设大湾区国际教育示范区", "大湾区国际教育示范区", "zone"),
    # a named facility before 配套 (what serves it) and before 功能 (its function)
    ("shandong-2025", "推进日照钢铁精品基地配套码头等工程建设", "日照钢铁精品基地", "facility"),
    ("beijing-2026", "服务保障国家金融管理中心功能", "国家金融管理中心", "facility"),
]

# (document, fragment) giving no name: categories, levels, designations, negations
NOT_NAMES = [
    # a count listed as places is no site
    ("shanxi-2025", "6个设区市入选国家再生水利用重点城市"),
    # a category however the segmenter cuts its generic words (高耗能 / 高 / 排放), after a verb
    ("chongqing-2026", "有效管控高耗能高排放项目"),
    ("cn-state-council-2025", "承担重大科技项目"),
    # a headquarters needs a proper name before it (中国华能总部), not a kind of firm or function
    ("shanghai-2026", "加快集聚贸易功能总部机构"),
    ("guangdong-2026", "培育引进更多全球、全国、地区总部和功能型总部"),
    # a count with 左右 is still a count: the zones are a category
    ("shandong-2026", "新培育5个左右现代海洋特色产业集聚区"),
    # a kind of facility found in every place
    ("shanghai-2026", "全市社区卫生服务中心预约"),
    ("henan-2026", "建强区域应急救援基地"),
    ("zhejiang-2026", "打造全球先进制造业基地"),
    ("zhejiang-2025", "牢固树立项目为王"),
    # a city's position, a type of institution, a class of firms
    ("shanghai-2026", "提升国际航运中心资源配置能力"),
    ("shanghai-2026", "支持高水平研究型大学和科研院所"),
    ("henan-2026", "支持优质企业上市和上市公司并购重组"),
    ("cn-state-council-2015", "“沪港通”"),
    # categories counted in their clause
    ("shandong-2026", "国家现代农业产业园、优势特色产业集群、地理标志保护示范区分别增加2个"),
    ("jiangsu-2026", "在建高品质住宅项目达383个"),
    ("sichuan-2026", "拓宽项目资金渠道"),
    ("fujian-2025", "建强基础平台体系"),
    ("sichuan-2025", "新建国省级农业园区85个"),
    ("cn-state-council-2015", "一批综合交通、能源、水利、生态、民生等重大项目"),
    ("cn-state-council-2016", "输电、智能电网、油气管网、城市轨道交通等重大项目"),
    ("cn-state-council-2024", "创建一批未来产业先导区"),
    ("xinghualing-2024", "巩固提升省级生态文明建设示范区创建成果"),
    ("xinghualing-2024", "建设一批小游园、微绿地、口袋公园"),
    ("xinghualing-2024", "新建5个小游园、5个口袋公园"),
    ("shanxi-2026", "入选首批国家级零碳园区建设名单"),
    ("cn-state-council-2024", "严禁搞面子工程、形象工程"),
    ("xinghualing-2024", "建设“特色鲜明的现代化服务业集聚区”"),
    ("xinghualing-2024", "加快布局风能、光伏、氢能、储能等新能源优质项目"),
    # one common word before a weak head; a count after a category
    ("sichuan-2025", "向国家重大建设项目库推送储备项目13082个"),
    ("shanghai-2025", "新建电动自行车充电站7万个"),
    # the position of a city (国际科技创新中心), a category of universities (理工类大学)
    ("cn-state-council-2021", "建设国际科技创新中心"),
    ("guangdong-2025", "鼓励境外高水平理工类大学来粤合作办学"),
    # slogans and a plan's years listed before 等重大项目 are no projects
    ("hebei-2025", "加强“两重”“十五五”等重大项目前瞻谋划"),
    # this session of the congress is no named event
    ("shanghai-2026", "提请本次大会审查"),
    # a planning concept: the country's main functional zones are no zone
    ("cn-state-council-2025", "健全主体功能区制度政策"),
    # a grain the dictionary knows is no valley
    ("cn-state-council-2022", "适当提高稻谷、小麦最低收购价"),
    # a count held or completed, a zone one cannot hold, a wish
    ("sichuan-2026", "举办国际赛事50余场"),
    ("beijing-2025", "举办群众赛事活动3.8万场"),
    ("cn-state-council-2015", "办好国家高新区"),
    ("sichuan-2026", "办好“退役军人最期盼的10件事”"),
]

# gold thresholds (document, gold file, minimum recall, minimum precision)
THRESHOLDS = [
    ("xinghualing-2024", "xinghualing-2024.projects.json", 0.95, 0.90),
    ("cn-state-council-2024", "cn-state-council-2024.json", 0.85, 0.85),
    ("shanxi-2026", "shanxi-2026.json", 0.85, 0.85),
]


# --------------------------------------------------------------------------------------------
# helpers


@functools.cache
def _document(name: str) -> tuple[str, tuple[Sentence, ...]]:
    text, _ = normalize((CORPORA / f"{name}.txt").read_text(encoding="utf-8"))
    return text, structure(text).sentences


def _sentence_of(doc: str, fragment: str) -> tuple[str, Sentence]:
    text, sentences = _document(doc)
    pos = text.index(fragment)
    return text, next(s for s in sentences if s.start <= pos < s.end)


def _extract(doc: str, fragment: str, segmenter: str) -> tuple[str, list[Project]]:
    """The projects of the sentence holding *fragment*, its tokens cut by *segmenter*."""
    text, sent = _sentence_of(doc, fragment)
    tokens = [
        Token(t.text, t.start + sent.start, t.end + sent.start, t.pos)
        for t in make_segmenter(segmenter).tokenize(text[sent.start : sent.end])
    ]
    return text, extract_projects(text, [sent], tokens)


@functools.cache
def _analysed(doc: str, segmenter: str) -> tuple[str, tuple[Sentence, ...], tuple[Project, ...]]:
    text, sentences = _document(doc)
    tokens = make_segmenter(segmenter).tokenize(text)
    return text, sentences, tuple(extract_projects(text, sentences, tokens))


def _norm(name: str) -> str:
    """Names as the reference scorer compares them: no quotation marks, no spaces."""
    return re.sub(r"\s+", "", name.translate({ord(c): None for c in "“”\"'‘’「」『』《》"}))


def _same(a: str, b: str) -> bool:
    """Equal, or one covers the other and is at least 75% of its length."""
    return a == b or ((a in b or b in a) and min(len(a), len(b)) / max(len(a), len(b)) >= 0.75)


def _score(gold: dict, names: list[str]) -> tuple[float, float, list[str], list[str]]:
    must = [_norm(p["name"]) for p in gold["projects"]]
    lists = ("programs", "optional", "optional_names", "orgs", "places")
    ok = set(must) | {_norm(x) for k in lists for x in gold.get(k, []) if isinstance(x, str)}
    predicted = list(dict.fromkeys(n for n in map(_norm, names) if n))
    found = [m for m in must if any(_same(m, n) for n in predicted)]
    wrong = [n for n in predicted if not any(_same(n, o) for o in ok)]
    precision = (len(predicted) - len(wrong)) / len(predicted) if predicted else 0.0
    return len(found) / len(must), precision, [m for m in must if m not in found], wrong


# --------------------------------------------------------------------------------------------
# sentence tables


@pytest.mark.parametrize("segmenter", SEGMENTERS)
@pytest.mark.parametrize(("doc", "fragment", "expected"), COORDINATION)
def test_coordination_is_expanded(doc: str, fragment: str, expected: list[str], segmenter: str) -> None:
    _, projects = _extract(doc, fragment, segmenter)
    names = {p.name for p in projects}
    assert set(expected) <= names


@pytest.mark.parametrize("segmenter", SEGMENTERS)
@pytest.mark.parametrize(("doc", "fragment", "expected"), LEADING_VERBS)
def test_leading_verbs_are_stripped(doc: str, fragment: str, expected: str, segmenter: str) -> None:
    text, projects = _extract(doc, fragment, segmenter)
    start = text.index(fragment)
    inside = [
        p.name for p in projects for m in p.mentions if start <= m.start and m.end <= start + len(fragment)
    ]
    assert expected in inside
    assert not any(name != expected and expected in name for name in inside)


@pytest.mark.parametrize("segmenter", SEGMENTERS)
@pytest.mark.parametrize(("doc", "fragment", "expected", "surface"), QUOTED)
def test_quoted_names(doc: str, fragment: str, expected: str, surface: str, segmenter: str) -> None:
    _, projects = _extract(doc, fragment, segmenter)
    by_name = {p.name: p for p in projects}
    assert expected in by_name
    assert surface in [m.text for m in by_name[expected].mentions]


@pytest.mark.parametrize("segmenter", SEGMENTERS)
@pytest.mark.parametrize(("doc", "fragment", "name", "kind"), TYPES)
def test_types(doc: str, fragment: str, name: str, kind: str, segmenter: str) -> None:
    _, projects = _extract(doc, fragment, segmenter)
    assert (name, kind) in {(p.name, p.type) for p in projects}


@pytest.mark.parametrize("segmenter", SEGMENTERS)
@pytest.mark.parametrize(("doc", "fragment", "name", "kind"), HEADS)
def test_heads_and_patterns(doc: str, fragment: str, name: str, kind: str, segmenter: str) -> None:
    _, projects = _extract(doc, fragment, segmenter)
    assert (name, kind) in {(p.name, p.type) for p in projects}


@pytest.mark.parametrize("segmenter", SEGMENTERS)
@pytest.mark.parametrize(("doc", "fragment", "forbidden"), NOT_EXPANDED)
def test_categories_are_not_appended(doc: str, fragment: str, forbidden: list[str], segmenter: str) -> None:
    _, projects = _extract(doc, fragment, segmenter)
    assert not {p.name for p in projects} & set(forbidden)


@pytest.mark.parametrize("segmenter", SEGMENTERS)
@pytest.mark.parametrize(("doc", "fragment"), NOT_NAMES)
def test_categories_are_no_names(doc: str, fragment: str, segmenter: str) -> None:
    text, projects = _extract(doc, fragment, segmenter)
    start, end = (pos := text.index(fragment)), pos + len(fragment)
    assert [
        p.name for p in projects if p.type != "place" for m in p.mentions if m.start < end and start < m.end
    ] == []


# --------------------------------------------------------------------------------------------
# whole documents


@pytest.mark.parametrize("segmenter", SEGMENTERS)
@pytest.mark.parametrize("doc", ["xinghualing-2024", "shanxi-2026", "zhejiang-2026"])
def test_mentions_slice_back(doc: str, segmenter: str) -> None:
    text, sentences, projects = _analysed(doc, segmenter)
    by_id = {s.id: s for s in sentences}
    assert projects
    assert len({p.name for p in projects}) == len(projects)  # one record per name
    for p in projects:
        assert p.name == canonical_name(p.name)
        assert not set(p.name) & set("“”‘’「」")
        assert p.type in {
            "project",
            "park",
            "zone",
            "facility",
            "platform",
            "event",
            "programme",
            "org",
            "place",
        }
        assert list(p.mentions) == sorted(p.mentions, key=lambda m: (m.start, m.end))
        for m in p.mentions:
            assert text[m.start : m.end] == m.text
            sent = by_id[m.sentence]
            assert sent.start <= m.start < m.end <= sent.end
            assert m.section == sent.section


@pytest.mark.parametrize("segmenter", SEGMENTERS)
def test_deterministic_in_order_of_first_mention(segmenter: str) -> None:
    text, sentences = _document("xinghualing-2024")
    tokens = make_segmenter(segmenter).tokenize(text)
    first = extract_projects(text, sentences, tokens)
    again = extract_projects(text, list(sentences), list(tokens))
    assert first == again
    starts = [(p.mentions[0].start, p.mentions[0].end) for p in first]
    assert starts == sorted(starts)


def test_long_paragraph_without_punctuation_stays_linear() -> None:
    """A 1 MB paragraph with no punctuation at all: one sentence, names everywhere. The walk from
    each head is bounded, so this finishes (no timing assertion)."""
    phrase = "加快推进杨家峪数字经济产业园建设实施乡村特色产业延链工程中东涧河棚户区改造项目和国际农产品加工园等项目"
    pieces = make_segmenter("jieba").tokenize(phrase)
    copies = 1_000_000 // len(phrase) + 1
    text = phrase * copies
    tokens = [
        Token(t.text, t.start + k * len(phrase), t.end + k * len(phrase))
        for k in range(copies)
        for t in pieces
    ]
    assert len(text) >= 1_000_000
    projects = extract_projects(text, [Sentence("s1", None, "p1", 0, len(text), text)], tokens)
    by_name = {p.name: p for p in projects}
    assert "杨家峪数字经济产业园" in by_name
    assert len(by_name["杨家峪数字经济产业园"].mentions) == copies
    for p in projects:
        for m in p.mentions[:3]:
            assert text[m.start : m.end] == m.text
            assert m.end - m.start <= 60


def test_gazetteer_adds_verbatim_mentions() -> None:
    text = "推进甲乙示范园建设。建成甲乙示范园和丙丁示范园。"
    sentences = structure(text).sentences
    tokens = make_segmenter("jieba").tokenize(text)
    plain = {p.name for p in extract_projects(text, sentences, tokens)}
    with_gazetteer = extract_projects(text, sentences, tokens, gazetteer=["甲乙示范园", "丙丁示范园", "戊"])
    found = {p.name: p for p in with_gazetteer}
    assert plain <= set(found)
    assert len(found["甲乙示范园"].mentions) == 2
    for p in with_gazetteer:
        for m in p.mentions:
            assert text[m.start : m.end] == m.text
    starts = [p.mentions[0].start for p in with_gazetteer]
    assert starts == sorted(starts)


# --------------------------------------------------------------------------------------------
# gold thresholds (reference matching rule)


@pytest.mark.slow
@pytest.mark.parametrize("segmenter", SEGMENTERS)
@pytest.mark.parametrize(("doc", "gold_file", "min_recall", "min_precision"), THRESHOLDS)
def test_gold_thresholds(
    doc: str, gold_file: str, min_recall: float, min_precision: float, segmenter: str
) -> None:
    gold = json.loads((GOLD / gold_file).read_text(encoding="utf-8"))
    _, _, projects = _analysed(doc, segmenter)
    recall, precision, missed, wrong = _score(gold, [p.name for p in projects])
    assert recall >= min_recall, missed
    assert precision >= min_precision, wrong
