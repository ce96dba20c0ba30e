"""Tests of analyzer.extract.numbers: the quantity finder and the Chinese numeral parser.

The sentences are quoted from the reports in corpora/ (xinghualing-2024, cn-state-council-2013 ...
2025 and the provincial reports); a few short phrases test one rule at a time.
"""

from __future__ import annotations

import random
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analyzer.extract.numbers import Quantity, find_quantities, is_not_quantity, parse_chinese_number

# (sentence, expected quantities as (text, value, value_max, unit, bound, kind)); value strings are
# compared exactly as Decimals, so 3.5亿 must be exactly 350000000.
FOUND: list[tuple[str, list[tuple[str, str, str | None, str, str, str]]]] = [
    ("老旧小区既有建筑加装22部电梯", [("22部", "22", None, "部", "exact", "count")]),
    ("新建10块以上社会足球场地", [("10块以上", "10", None, "块", "at_least", "count")]),
    (
        "免费为全区6万余名中小师生进行心理测评",
        [("6万余名", "60000", None, "名", "at_least", "count")],
    ),
    ("新建二类以上公厕20座", [("20座", "20", None, "座", "exact", "count")]),
    ("坚决守牢1.12万亩耕地保护红线", [("1.12万亩", "11200", None, "亩", "exact", "measure")]),
    ("新增科技型企业年内达到200家以上", [("200家以上", "200", None, "家", "at_least", "count")]),
    (
        "60%以上社区实现嵌入式托育服务全覆盖",
        [("60%以上", "60", None, "%", "at_least", "percent")],
    ),
    ("国内生产总值增长5%左右", [("5%左右", "5", None, "%", "approx", "percent")]),
    (
        "城镇新增就业1200万人以上",
        [("1200万人以上", "12000000", None, "人", "at_least", "count")],
    ),
    ("居民消费价格涨幅3%左右", [("3%左右", "3", None, "%", "approx", "percent")]),
    (
        "粮食产量1.3万亿斤以上",
        [("1.3万亿斤以上", "1300000000000", None, "斤", "at_least", "measure")],
    ),
    ("赤字率拟按3%安排", [("3%", "3", None, "%", "exact", "percent")]),
    ("单位国内生产总值能耗降低2.5%左右", [("2.5%左右", "2.5", None, "%", "approx", "percent")]),
    ("全年国内生产总值增长5.2%", [("5.2%", "5.2", None, "%", "exact", "percent")]),
    ("2024年国内生产总值增长6.5%－7%", [("6.5%－7%", "6.5", "7", "%", "exact", "percent")]),
    (
        "新增小学学位1620个、学前学位1800个",
        [("1620个", "1620", None, "个", "exact", "count"), ("1800个", "1800", None, "个", "exact", "count")],
    ),
    ("能源保供彰显山西担当，五年生产原煤65亿吨，占全国近三成", None),  # checked below
    (
        "人均GDP从2020年的5.2万元提高到2025年的7.4万元",
        [
            ("5.2万元", "52000", None, "元", "exact", "money"),
            ("7.4万元", "74000", None, "元", "exact", "money"),
        ],
    ),
    ("超长期特别国债1万亿元", [("1万亿元", "1000000000000", None, "元", "exact", "money")]),
    (
        "新建5个小游园、5个口袋公园、5个街头绿地",
        [("5个", "5", None, "个", "exact", "count")] * 3,
    ),
    # ranges
    ("地区生产总值增长4.5%—5%", [("4.5%—5%", "4.5", "5", "%", "exact", "percent")]),
    ("国家级实验室再增加2—4家", [("2—4家", "2", "4", "家", "exact", "count")]),
    ("新建2—3家省级制造业创新中心", [("2—3家", "2", "3", "家", "exact", "count")]),
    ("每年新增3至5个", [("3至5个", "3", "5", "个", "exact", "count")]),
    ("引进200家至300家", [("200家至300家", "200", "300", "家", "exact", "count")]),
    (
        "投资5000亿至6000亿元",
        [("5000亿至6000亿元", "500000000000", "600000000000", "元", "exact", "money")],
    ),
    ("带动就业3至5万人", [("3至5万人", "30000", "50000", "人", "exact", "count")]),
    ("气源综合价格下降3-5分/立方米", [("3-5分/立方米", "3", "5", "分/立方米", "exact", "money")]),
    # bounds before the number
    ("实施省级重点工程项目超2000个", [("超2000个", "2000", None, "个", "at_least", "count")]),
    ("完成投资超万亿元", [("超万亿元", "1000000000000", None, "元", "at_least", "money")]),
    ("出口规模突破4万亿元", [("突破4万亿元", "4000000000000", None, "元", "at_least", "money")]),
    ("智能产业营收超过1200亿元", [("超过1200亿元", "120000000000", None, "元", "at_least", "money")]),
    ("完成不少于100万批次农产品快检", [("不少于100万批次", "1000000", None, "批次", "at_least", "count")]),
    ("人口自然增长率不低于90%", [("不低于90%", "90", None, "%", "at_least", "percent")]),
    ("城镇调查失业率控制在5.5%左右", [("5.5%左右", "5.5", None, "%", "approx", "percent")]),
    ("赤字率控制在3%以内", [("控制在3%以内", "3", None, "%", "at_most", "percent")]),
    ("使符合减税政策的约8000万纳税人应享尽享", [("约8000万", "80000000", None, "人", "approx", "count")]),
    ("占全国近三成", [("近三成", "30", None, "%", "approx", "share")]),
    ("全年新增装机超过全球一半", [("一半", "50", None, "%", "exact", "share")]),
    ("新增两院院士占全国近一半", [("近一半", "50", None, "%", "approx", "share")]),
    ("确保零就业家庭至少一人就业", [("至少一人", "1", None, "人", "at_least", "count")]),
    # 余 / 多 between the number and its unit
    ("新增民营企业100多家", [("100多家", "100", None, "家", "at_least", "count")]),
    ("吸纳就业2万多人", [("2万多人", "20000", None, "人", "at_least", "count")]),
    ("改造老旧小区1万余个，惠及120万户居民", None),  # checked below
    ("累计投入1000余万元", [("1000余万元", "10000000", None, "元", "at_least", "money")]),
    ("减轻市场主体负担3万多亿元", [("3万多亿元", "3000000000000", None, "元", "at_least", "money")]),
    ("出境旅游人次由8300万增加到1亿3千多万", None),  # checked below
    # multipliers and compound units
    ("电力装机容量达到1.64亿千瓦", [("1.64亿千瓦", "164000000", None, "千瓦", "exact", "measure")]),
    ("完成煤电机组“三改联动”8211万千瓦", [("8211万千瓦", "82110000", None, "千瓦", "exact", "measure")]),
    ("绿电交易量100亿千瓦时", [("100亿千瓦时", "10000000000", None, "千瓦时", "exact", "measure")]),
    ("冰雪运动参与人次超630万人次", [("超630万人次", "6300000", None, "人次", "at_least", "count")]),
    ("PM2.5浓度降至30微克/立方米", [("30微克/立方米", "30", None, "微克/立方米", "exact", "measure")]),
    ("快于全国9.2个百分点", [("9.2个百分点", "9.2", None, "百分点", "exact", "points")]),
    ("投资、消费增速分别快于全国3.4个、2.1个百分点", None),  # checked below
    ("本届政府减少1/3行政审批事项", [("1/3", "33.3333", None, "%", "exact", "share")]),
    ("转移支付项目比上年减少三分之一以上", [("三分之一以上", "33.3333", None, "%", "at_least", "share")]),
    ("基本医疗保险参保率稳定在百分之九十五", [("百分之九十五", "95", None, "%", "exact", "percent")]),
    ("新建改造城市道路4767公里", [("4767公里", "4767", None, "公里", "exact", "measure")]),
    ("算力总规模达到15EFlops", [("15EFlops", "15", None, "EFlops", "exact", "measure")]),
    ("国际友城达到67对", [("67对", "67", None, "对", "exact", "count")]),
    ("巴黎奥运会上斩获8金4银4铜", None),  # checked below
    ("推动人均预期寿命达到80岁", [("80岁", "80", None, "岁", "exact", "measure")]),
    ("晋祠泉断流30年后稳定复流", [("30年", "30", None, "年", "exact", "measure")]),
    ("建设5大微短剧基地", [("5大", "5", None, "个", "exact", "count")]),
    ("两次降低存款准备金率", [("两次", "2", None, "次", "exact", "count")]),
    ("两所大学3个学科跻身“双一流”", None),  # checked below
    ("部署了十个方面重点工作", [("十个", "10", None, "个", "exact", "count")]),
    ("部署了一千六百二十个项目", [("一千六百二十个", "1620", None, "个", "exact", "count")]),
    ("建成5G基站10万个", [("10万个", "100000", None, "个", "exact", "count")]),
    ("5A级景区新增3家", [("3家", "3", None, "家", "exact", "count")]),
    ("新增ESI全球前1‰学科1个、前1%学科24个", None),  # checked below
    ("从6.32下降至6.08。", None),  # checked below
    ("城市更新项目占比提高到三至四成", [("三至四成", "30", "40", "%", "exact", "share")]),
    ("每县新建一至三个", [("一至三个", "1", "3", "个", "exact", "count")]),
    ("用3个多月完成", [("3个多月", "3", None, "月", "at_least", "measure")]),
    ("脱贫劳动力务工规模1年多保持稳定", [("1年多", "1", None, "年", "at_least", "measure")]),
    ("新增就业一万多人", [("一万多人", "10000", None, "人", "at_least", "count")]),
    ("惠及二十多个县", [("二十多个", "20", None, "个", "at_least", "count")]),
    ("三千多万元", [("三千多万元", "30000000", None, "元", "at_least", "money")]),
    ("人均补助标准提高到120元/人", [("120元/人", "120", None, "元/人", "exact", "money")]),
    ("污水处理能力5万吨/日", [("5万吨/日", "50000", None, "吨/日", "exact", "measure")]),
    ("注册资本3000万人民币", [("3000万人民币", "30000000", None, "元", "exact", "money")]),
    ("近万家企业", [("近万家", "10000", None, "家", "approx", "count")]),
    ("节约3万吨标准煤", [("3万吨标准煤", "30000", None, "吨标准煤", "exact", "measure")]),
    ("不超过3%，最多3家，将近一半", None),  # checked below
]

FOUND_TEXTS: list[tuple[str, list[str]]] = [
    ("能源保供彰显山西担当，五年生产原煤65亿吨，占全国近三成", ["五年", "65亿吨", "近三成"]),
    ("改造老旧小区1万余个，惠及120万户居民", ["1万余个", "120万户"]),
    ("出境旅游人次由8300万增加到1亿3千多万", ["8300万", "1亿3千多万"]),
    ("投资、消费增速分别快于全国3.4个、2.1个百分点", ["3.4个", "2.1个百分点"]),
    ("巴黎奥运会上斩获8金4银4铜", ["8金", "4银", "4铜"]),
    ("两所大学3个学科跻身“双一流”", ["两所", "3个"]),
    ("新增ESI全球前1‰学科1个、前1%学科24个", ["1个", "24个"]),
    ("从6.32下降至6.08。", ["6.32", "6.08"]),
    ("由5千多户增加到1万6千多户", ["5千多户", "1万6千多户"]),
    ("新增4万多亿元", ["4万多亿元"]),
    ("解决3亿多农村人口的饮水问题", ["3亿多"]),
    ("新增养老床位2.5万张、托育机构托位1.5万个", ["2.5万张", "1.5万个"]),
    ("商业平均电价下降1分/千瓦时", ["1分/千瓦时"]),
    ("安全生产事故死亡率控制在0.6人/百亿元以下", ["控制在0.6人/百亿元以下"]),
    ("全年规上原煤产量13.05亿吨、增长2.1%", ["13.05亿吨", "2.1%"]),
    ("实施“两重”项目196个", ["196个"]),
    ("196个“两重”项目全部开工", ["196个"]),
    ("省政府承诺的15件民生实事全部兑现", ["15件"]),
    ("用3年时间完成改造", ["3年"]),
    ("克服春旱秋涝等不利影响，新培育省级农业龙头企业120家", ["120家"]),
    ("太原地铁1号线开通运营，2个配售型保障性住房项目完成认购", ["2个"]),
    ("5G基站万人拥有量33.7座", ["33.7座"]),
    ("实施医疗救助613.7万人次", ["613.7万人次"]),
    ("惠及上千万家庭", ["上千万"]),
    ("连续34年居全国首位", ["34年"]),
    ("提高到3.5亿元", ["3.5亿元"]),
    ("不超过3%，最多3家，将近一半", ["不超过3%", "最多3家", "将近一半"]),
    ("深入实施三个“一号工程”，建成100个“美丽街区”", ["100个"]),
    ("年满18周岁。", ["18周岁"]),
]

# Sentences (mostly from the corpus) whose numerals are not quantities.
NOTHING: list[str] = [
    # years, dates, periods
    "会上回顾了2023年的工作",
    "2024年是实现“十四五”规划目标任务的关键一年",
    "——2026年2月2日在山西省第十四届人民代表大会第五次会议上",
    "力争2025年底前完成",
    "2021—2025年累计",
    "的存量留抵税额于6月底前一次性退还",
    "近三年年均增速",
    "五年来，我们坚持以习近平新时代中国特色社会主义思想为指导",
    "统筹谋划未来五年",
    "今年已过去近5个月",
    "为近10年来最大降幅",
    "今年是新中国成立75周年",
    "实现建军一百年奋斗目标",
    "20世纪90年代",
    # ordinals, meetings, plans
    "完成第二条农村人居环境整治示范廊道建设",
    "全面贯彻党的二十大和二十届二中全会精神",
    "十四届全国人大二次会议",
    "落实省委十二届十次、十一次全会部署",
    "居全国第11位",
    "综合算力指数全国排名第八",
    "为“十五五”良好开局打牢基础",
    "“十四五”时期是我省发展历程中极不寻常、极不平凡的时期",
    "编制第十五个五年规划纲要",
    "提升行政执法质量三年行动",
    "深入贯彻中央八项规定精神学习教育",
    "做好第二轮土地承包到期后再延长试点",
    "一二三产业融合发展",
    # names, slogans and codes
    "深度融入“1233”重点产业链建设",
    "迭代推出“三个一批”政策举措",
    "“一老一小”服务全面提升",
    "承接工业高质量发展“百千万亿”工程",
    "“两新”政策持续扩围提质",
    "锚定“六地”发展定位",
    "守牢“三农”底线",
    "面推进农村厕所、垃圾、污水“三大革命”",
    "强化“四链”融合、“四侧”协同",
    "落实文旅“三百”行动",
    "加快农业“接二连三”发展",
    "推进楼宇总部经济双轮驱动发展",
    "统筹推进“五位一体”总体布局",
    "完善“1+N”政策体系",
    "2025年6月26日，自然资源部",
    "梅州市“6·16”特大暴雨",
    "建设G60科创走廊",
    "加快推动山西IPv6互联互通智算中心建设",
    "发展4K超高清视频和3D打印",
    "铝合金、超细玻璃纤维棉应用于C919大飞机",
    "应对COVID-19疫情",
    "加快5G规模化应用",
    "建设5A级旅游景区",
    "优化12345热线运行管理",
    "煤炭2030国家科技重大专项",
    "太原地铁1号线",
    "2型糖尿病",
    "数字政府3.0版",
    "PM2.5平均浓度累计下降",
    "三次产业结构",
    # Chinese numerals inside words and idioms
    "抓住一切有利时机，引进培育一批软件信息企业",
    "打造一流营商环境",
    "推进京津冀一体化和一带一路建设",
    "巩固提升一网通办、一网统管",
    "全面深化“高效办成一件事”改革",
    "做强做大二产支撑，优化提升三产能级",
    "首次超过第二产业",
    "完善新一代信息技术",
    "一是针对性出台系列稳增长政策，二是加强协调",
    "一方面要稳增长，另一方面要防风险",
    "一些地方一直存在一样的问题",
    "统一大市场",
    "优化扩消费一揽子措施",
    "健全为企业和社会服务一张网",
    "强化一盘棋思想，推出一站式服务和一系列举措",
    "万众一心，千方百计",
    "婴幼儿照护事关千家万户",
    "已经并将继续造福亿万人民",
    "让百姓满意",
    "具有十分重要的引导作用",
    "三令五申，五湖四海引才",
    "以防万一",
    "万物互联",
    "零碳园区和零部件",
    "城乡二元结构",
    # ages, grades, labels, magnitude classes, list numbers
    "免费为全区低保人员、优抚对象等特殊人群及0-1岁新生儿办理城乡居民医保",
    "为全省60岁以上老年人免费体检",
    "3岁以下婴幼儿照护",
    "三级医院、二级以上中医院",
    "二级及以上公立医院",
    "推进“五大基地”建设",
    "五大基地建设取得积极成效",
    "依托文子头、杨家峪两大板块空间资源",
    "智能运行四大专项行动",
    "继续保持千亿级投资强度",
    "加快形成百万吨级工程示范",
    "连云港30万吨级航道",
    "数字经济核心产业收入保持两位数增长",
    "五星级酒店",
    "（一）着力扩大国内需求\n（二）着力发展新质生产力",
    "（1）完善政策",
    "几项重点。\n1.完善政策\n2、强化保障",
    "一、过去一年工作回顾",
    "ESI全球前1‰",
    "年满18周岁的城乡居民",
    "为实现两个“一百年”奋斗目标",
    "做好十二五期间的工作",
    "2035年远景目标",
    "第5—8位",
    "2021年至2025年",
    "2024—2027年行动计划",
    "近5年累计",
    "十多年来",
]

PARSE: list[tuple[str, str]] = [
    ("十二", "12"),
    ("两", "2"),
    ("十", "10"),
    ("二十", "20"),
    ("一百零五", "105"),
    ("一千六百二十", "1620"),
    ("一〇五", "105"),
    ("二〇二四", "2024"),
    ("零", "0"),
    ("零点五", "0.5"),
    ("三点一四", "3.14"),
    ("十二点五万", "125000"),
    ("1.12万", "11200"),
    ("2.5万亿", "2500000000000"),
    ("6万", "60000"),
    ("三千", "3000"),
    ("二十万", "200000"),
    ("十万", "100000"),
    ("一万零一十", "10010"),
    ("一亿零五万", "100050000"),
    ("三千五", "3500"),
    ("一万五", "15000"),
    ("两百五", "250"),
    ("一万亿", "1000000000000"),
    ("万亿", "1000000000000"),
    ("一千二百三十四亿五千六百七十八万九千零一十二", "123456789012"),
    ("壹佰零伍", "105"),
    ("贰拾万", "200000"),
    ("1,234", "1234"),
    ("1，234", "1234"),
    ("12,345.5", "12345.5"),
    ("3.5亿", "350000000"),
    ("2万5千", "25000"),
    ("1亿3千万", "130000000"),
    ("０．５", "0.5"),
]

PARSE_ERRORS = [
    "",
    "十四五",
    "十五五",
    "百千万亿",
    "亿万",
    "万万",
    "二二十",
    "二十三百",
    "一百零",
    "abc",
    "5五",
    "1,23",
    "点五",
]

REASONS: list[tuple[str, str, str]] = [
    ("会上回顾了2023年的工作", "2023", "year"),
    ("2024年3月5日", "3", "date"),
    ("居全国第11位", "11", "ordinal"),
    ("加快5G规模化应用", "5", "code"),
    ("深度融入“1233”重点产业链", "1233", "quoted_name"),
    ("抓住一切有利时机", "一", "indefinite"),
    ("加快农业接二连三发展", "二", "idiom"),
    ("守牢三农底线", "三", "no_unit"),
    ("太原地铁1号线", "1", "label"),
    ("新建二类以上公厕20座", "二", "grade"),
    ("为全省60岁以上老年人免费体检", "60", "age"),
    ("二十届二中全会", "二", "ordinal"),
    ("守牢三农底线，推进二中", "二", "no_unit"),
    ("十四届全国人大二次会议", "二", "meeting"),
    ("近三年年均增速", "三", "period"),
    ("继续保持千亿级投资强度", "千亿", "word_part"),
    ("连云港30万吨级航道", "30", "magnitude_class"),
    ("新增ESI全球前1‰学科", "1", "ranking"),
    ("承接“十四五”规划", "十四五", "quoted_name"),
    ("编制十四五规划", "十四五", "not_a_numeral"),
    ("为实现两个“一百年”奋斗目标", "两", "slogan"),
    ("承接“百千万亿”工程", "百千万亿", "quoted_name"),
    ("实现建军一百年奋斗目标", "一百", "anniversary"),
    ("成立75周年", "75", "anniversary"),
    ("提升行政执法质量三年行动", "三", "plan_name"),
    ("深入贯彻中央八项规定精神", "八", "named_rule"),
    ("一二三产业融合发展", "一二三", "digit_sequence"),
    ("1.“双高计划”", "1", "list_number"),
    ("数字政府3.0版", "3.0", "version"),
    ("抓住一切有利时机", "一", "indefinite"),
    ("收入保持两位数增长", "两", "digit_count"),
]


def _summary(q: Quantity) -> tuple[str, str, str | None, str, str, str]:
    return (
        q.text,
        str(q.value),
        None if q.value_max is None else str(q.value_max),
        q.unit,
        q.bound,
        q.kind,
    )


def _check_invariants(text: str, found: list[Quantity]) -> None:
    last = 0
    for q in found:
        assert 0 <= q.start < q.end <= len(text)
        assert text[q.start : q.end] == q.text
        assert q.start >= last, "quantities overlap or are out of order"
        last = q.end
        assert q.value.is_finite()
        if q.value_max is not None:
            assert q.value_max.is_finite()
            assert q.value_max >= q.value


@pytest.mark.parametrize(("sentence", "expected"), [case for case in FOUND if case[1] is not None])
def test_found(sentence: str, expected: list[tuple[str, str, str | None, str, str, str]]) -> None:
    found = find_quantities(sentence)
    assert [_summary(q) for q in found] == expected
    _check_invariants(sentence, found)


@pytest.mark.parametrize(("sentence", "texts"), FOUND_TEXTS)
def test_found_texts(sentence: str, texts: list[str]) -> None:
    found = find_quantities(sentence)
    assert [q.text for q in found] == texts
    _check_invariants(sentence, found)


@pytest.mark.parametrize("sentence", NOTHING)
def test_not_quantities(sentence: str) -> None:
    assert find_quantities(sentence) == []


def test_details_of_a_range_and_bounds() -> None:
    (q,) = find_quantities("实施省级重点工程项目超2000个")
    assert (q.bound_text, q.multiplier_text) == ("超", None)
    (q,) = find_quantities("赤字率控制在3%以内")
    assert q.bound_text == "控制在…以内"
    (q,) = find_quantities("城镇新增就业1200万人以上")
    assert (q.bound_text, q.multiplier_text) == ("以上", "万")
    (q,) = find_quantities("超长期特别国债1万亿元")
    assert q.multiplier_text == "万亿"
    (q,) = find_quantities("免费为全区6万余名中小师生")
    assert q.bound_text == "余"


def test_shared_unit_of_an_enumeration() -> None:
    units = [q.unit for q in find_quantities("投资、消费增速分别快于全国3.4个、2.1个百分点")]
    assert units == ["百分点", "百分点"]
    units = [q.unit for q in find_quantities("款平均增速分别高4.2和0.7个百分点")]
    assert units == ["百分点", "百分点"]


def test_offsets_are_into_the_given_text() -> None:
    text = "第一段。\n新建二类以上公厕20座；新建5个小游园、5个口袋公园。"
    found = find_quantities(text)
    first = text.index("20座")
    second = text.index("5个")
    third = text.index("5个", second + 1)
    assert [(q.start, q.end) for q in found] == [(first, first + 3), (second, second + 2), (third, third + 2)]
    _check_invariants(text, found)


def test_value_is_exact_decimal() -> None:
    (q,) = find_quantities("提高到3.5亿元")
    assert q.value == Decimal(350000000)
    assert str(q.value) == "350000000"
    assert isinstance(q.value, Decimal)


def test_whole_corpus_report() -> None:
    text = (
        "今年经济社会发展主要目标是：地区生产总值增长4.5%—5%，固定资产投资增长5%，"
        "居民消费价格总水平上涨幅度控制在2%左右，城镇新增就业人数45万人，城镇调查失业率控制在5.5%左右。"
    )
    assert [_summary(q)[:5] for q in find_quantities(text)] == [
        ("4.5%—5%", "4.5", "5", "%", "exact"),
        ("5%", "5", None, "%", "exact"),
        ("2%左右", "2", None, "%", "approx"),
        ("45万人", "450000", None, "人", "exact"),
        ("5.5%左右", "5.5", None, "%", "approx"),
    ]


@pytest.mark.parametrize(("numeral", "expected"), PARSE)
def test_parse_chinese_number(numeral: str, expected: str) -> None:
    value = parse_chinese_number(numeral)
    assert value == Decimal(expected)
    assert str(value) == expected


@pytest.mark.parametrize("garbage", PARSE_ERRORS)
def test_parse_chinese_number_rejects_garbage(garbage: str) -> None:
    with pytest.raises(ValueError):
        parse_chinese_number(garbage)


@pytest.mark.parametrize(("sentence", "numeral", "reason"), REASONS)
def test_is_not_quantity_reasons(sentence: str, numeral: str, reason: str) -> None:
    start = sentence.rindex(numeral)
    assert is_not_quantity(sentence, start, start + len(numeral)) == reason


def test_is_not_quantity_accepts_real_quantities() -> None:
    sentence = "老旧小区既有建筑加装22部电梯"
    assert is_not_quantity(sentence, 10, 12) is None
    assert is_not_quantity(sentence, 0, 2) == "not_a_numeral"
    assert is_not_quantity(sentence, 10, 11) == "not_a_numeral"  # not a whole numeral token


# --- property tests ------------------------------------------------------------------------------

cn2an = pytest.importorskip("cn2an")

# Characters that exercise the finder: digits, numerals, units, cue words, separators, quotes.
_TRICKY = list(
    "0123456789.,，%％〇零一二两三四五六七八九十百千万亿点个家年月日岁级类成半倍元人次以上下内左右余多近约超至到—－-~“”《》（）()第、\nGAv+·/分之号大"
)


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10**12))
def test_parse_roundtrips_cn2an(n: int) -> None:
    for style in ("low", "up", "direct"):
        assert parse_chinese_number(cn2an.an2cn(n, style)) == n


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(), st.text(alphabet=st.sampled_from(_TRICKY))))
def test_find_quantities_never_raises(text: str) -> None:
    _check_invariants(text, find_quantities(text))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(_TRICKY)), st.integers(min_value=0, max_value=50))
def test_is_not_quantity_never_raises(text: str, start: int) -> None:
    end = min(len(text), start + 3)
    reason = is_not_quantity(text, start, end)
    assert reason is None or isinstance(reason, str)


def test_one_megabyte_without_punctuation() -> None:
    # Linear time: every pattern is bounded or a single character-class run; this must simply
    # finish (no timing assertion).
    rng = random.Random(20240305)
    common = (
        "的发展建设经济社会推进全面改革开放创新实施重点项目企业服务加快推动完善提升强化保障体系机制"
        "产业政策城市农村工作生态环境安全民生就业教育医疗养老文化旅游科技人才数字能源交通水利基础"
        "设施投资消费市场主体营商优化治理质量"
    )
    alphabet = list("0123456789〇零一二两三四五六七八九十百千万亿个家年岁以上多余近超至成") + list(common)
    text = "".join(rng.choices(alphabet, k=1_000_000))
    found = find_quantities(text)
    _check_invariants(text, found)
    assert find_quantities("7" * 1_000_000) == []
    assert find_quantities("三" * 1_000_000) == []
