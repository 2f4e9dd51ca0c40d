"""Deterministic prose for replica articles: titles, paragraphs, captions, people.

Everything here is a pure function of ``(seed, key)``. Titles are unique per article
number (up to :data:`MAX_ARTICLES`) and can be decoded back from their slug, so portals
with title-based URLs (WordPress, Drupal) can route 100k articles without an index.
"""

from __future__ import annotations

import random
import re

ZH_TITLE_POOLS: tuple[tuple[str, ...], ...] = (
    (
        "计算机学院",
        "材料科学与工程学院",
        "经济与管理学院",
        "外国语学院",
        "化学学院",
        "物理学院",
        "生命科学学院",
        "土木工程学院",
        "马克思主义学院",
        "新闻与传播学院",
        "数学与统计学院",
        "医学部",
        "图书馆",
        "研究生院",
        "本科生院",
        "国际交流部",
        "校团委",
        "档案馆",
        "信息中心",
        "艺术学院",
        "法学院",
        "哲学学院",
        "历史学院",
        "资源与环境科学学院",
    ),
    (
        "春季学期",
        "秋季学期",
        "暑期",
        "寒假前夕",
        "开学之际",
        "年终岁末",
        "新学年伊始",
        "校庆期间",
        "毕业季",
        "迎新季",
        "本周",
        "近日",
        "日前",
        "月初",
        "月末",
        "国庆前夕",
        "五四前夕",
        "清明期间",
        "招生季",
        "考试周",
        "学术活动月",
        "读书月",
        "科技周",
        "志愿服务月",
    ),
    (
        "召开本科教学工作推进会",
        "举办国际学术研讨会",
        "开展安全教育主题活动",
        "举行新生开学典礼",
        "召开研究生培养工作会议",
        "举办青年教师教学竞赛",
        "开展党史学习教育",
        "举行毕业生座谈会",
        "召开科研工作总结会",
        "举办校友返校交流会",
        "开展实验室安全检查",
        "举行志愿者表彰大会",
        "召开学科建设研讨会",
        "举办创新创业大赛",
        "开展心理健康宣传活动",
        "举行优秀助教颁奖仪式",
        "召开教材建设工作会",
        "举办读书分享会",
        "开展社会实践总结交流",
        "举行校企合作签约仪式",
        "召开课程思政建设推进会",
        "举办学术前沿讲座",
        "开展校园文化艺术节",
        "举行实验教学成果展",
    ),
)

EN_TITLE_POOLS: tuple[tuple[str, ...], ...] = (
    (
        "Engineering Researchers",
        "Physics Students",
        "Materials Scientists",
        "Medical Faculty",
        "Chemistry Graduates",
        "Alumni Volunteers",
        "Library Staff",
        "Business School Teams",
        "Computer Scientists",
        "Ocean Researchers",
        "Art Students",
        "Public Health Experts",
        "Math Olympians",
        "Law Clinic Students",
        "Climate Modelers",
        "Robotics Club Members",
        "Nursing Educators",
        "Data Science Fellows",
        "Energy Researchers",
        "History Scholars",
        "Linguistics Students",
        "Agriculture Experts",
        "Music Faculty",
        "Neuroscience Teams",
    ),
    (
        "Unveil",
        "Test",
        "Develop",
        "Present",
        "Launch",
        "Evaluate",
        "Build",
        "Publish",
        "Share",
        "Pilot",
        "Design",
        "Review",
        "Celebrate",
        "Showcase",
        "Refine",
        "Map",
        "Model",
        "Document",
        "Prototype",
        "Demonstrate",
        "Assess",
        "Introduce",
        "Explore",
        "Champion",
    ),
    (
        "a Low-Cost Sensor",
        "a Campus Recycling Plan",
        "a Robotic Assistant",
        "an Open Dataset",
        "a Steel Recycling Process",
        "a Mentoring Program",
        "a Battery Design",
        "a Water Filter",
        "a Language Course",
        "an Earthquake Model",
        "a Vaccine Platform",
        "a Solar Roof Project",
        "a Reading Initiative",
        "a Bridge Monitoring System",
        "a Soil Health Survey",
        "a Translation Tool",
        "a Wildlife Tracker",
        "a Heritage Archive",
        "a Coding Bootcamp",
        "a Smart Grid Study",
        "a Food Safety Test",
        "a Drone Survey",
        "a Carbon Capture Method",
        "a Student Wellness App",
    ),
    (
        "for Coastal Cities",
        "in Rural Clinics",
        "at the Annual Expo",
        "with Industry Partners",
        "for Local Schools",
        "Across Three Campuses",
        "for Steel Plants",
        "in the Arctic",
        "with City Officials",
        "for Future Engineers",
        "at the Spring Forum",
        "in Partner Villages",
        "for Small Farms",
        "with Hospital Partners",
        "During Summer Session",
        "for Museum Visitors",
        "in Field Trials",
        "with Global Peers",
        "for Flood Zones",
        "at the National Lab",
        "for Remote Learners",
        "in Public Libraries",
        "with Student Startups",
        "for Aging Residents",
    ),
)

ZH_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
ZH_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬鹏辉欣然晨曦宇轩梓涵浩博文思雨嘉怡子墨一诺俊豪"
EN_FIRST = (
    "Jane",
    "Alex",
    "Maria",
    "Sam",
    "Priya",
    "Chris",
    "Elena",
    "Omar",
    "Grace",
    "Daniel",
    "Wei",
    "Lucia",
    "Noah",
    "Aisha",
    "Tom",
    "Hannah",
    "Kenji",
    "Sofia",
    "Ben",
    "Laura",
)
EN_LAST = (
    "Doe",
    "Kim",
    "Garcia",
    "Lee",
    "Patel",
    "Wu",
    "Novak",
    "Haddad",
    "Chen",
    "Okafor",
    "Rossi",
    "Smith",
    "Nguyen",
    "Bauer",
    "Silva",
    "Park",
    "Murphy",
    "Tanaka",
    "Cohen",
    "Moore",
)
ZH_SOURCES = (
    "党委宣传部",
    "新闻中心",
    "校团委",
    "研究生院",
    "本科生院",
    "科学技术发展研究院",
    "国际交流部",
    "学生工作部",
)

_ZH_OPENERS = (
    "近日，",
    "为进一步推动学校事业高质量发展，",
    "会上，",
    "活动中，",
    "据悉，",
    "与会人员表示，",
    "此次活动",
    "下一步，",
    "据介绍，",
    "座谈中，",
)
_ZH_CLAUSES = (
    "围绕人才培养、科学研究和社会服务等方面进行了深入交流",
    "全体师生积极参与并展开热烈讨论",
    "相关职能部门负责人介绍了工作进展和下一阶段安排",
    "学院将继续完善工作机制，狠抓任务落实",
    "活动内容丰富、形式多样，受到广大师生的一致好评",
    "专家们结合自身经历分享了宝贵经验",
    "双方就进一步深化合作达成了多项共识",
    "同学们纷纷表示收获颇丰、深受启发",
    "会议总结了前一阶段取得的成绩，分析了存在的问题",
    "学校将以此为契机，持续推进各项改革举措",
    "与会代表围绕主题作了精彩发言",
    "现场气氛热烈，互动环节精彩纷呈",
)
_ZH_CAPTIONS = (
    "活动现场",
    "会议现场",
    "与会人员合影",
    "座谈交流现场",
    "颁奖仪式现场",
    "专家作报告",
    "学生代表发言",
    "签约仪式现场",
    "参观交流",
    "现场互动",
)

_EN_OPENERS = (
    "This week,",
    "According to the organizers,",
    "During the event,",
    "In addition,",
    "Earlier this month,",
    "As part of the program,",
    "At the ceremony,",
    "Looking ahead,",
)
_EN_CLAUSES = (
    "the team presented early results to faculty and students",
    "participants discussed how the work could reach more communities",
    "the project drew support from several departments across the university",
    "researchers compared their findings with data collected over five years",
    "students described what they had learned from the hands-on sessions",
    "the partners agreed to extend their collaboration next year",
    "visitors asked detailed questions about the methods and the costs",
    "the organizers thanked the volunteers who made the program possible",
    "faculty members outlined the next steps for the initiative",
    "the group plans to publish a full report in the coming months",
)
_EN_CAPTIONS = (
    "Researchers at work in the lab",
    "Students during the workshop",
    "Guests at the opening ceremony",
    "The team with their prototype",
    "A panel discussion on campus",
    "Volunteers at the event",
    "The signing ceremony",
    "Faculty members during the visit",
)

#: the largest article count whose titles (and so slugs) are all distinct
MAX_ARTICLES = 24**4


def rng_for(seed: int, *key: object) -> random.Random:
    """A random generator seeded from the portal seed and a key (stable across runs)."""
    return random.Random("/".join(str(part) for part in (seed, *key)))


def _scramble(seed: int, salt: str, size: int) -> tuple[int, int]:
    """Multiplier (coprime with ``size``) and offset of a seeded bijection on range(size)."""
    rng = rng_for(seed, "scramble", salt)
    multiplier = rng.randrange(1, size) | 1
    while multiplier % 3 == 0:
        multiplier += 2
    return multiplier % size, rng.randrange(size)


def _title_parts(
    pools: tuple[tuple[str, ...], ...], seed: int, salt: str, number: int
) -> list[str]:
    """One part per pool; the first pool takes the fastest-changing digit, so neighbours differ early."""
    size = 1
    for pool in pools:
        size *= len(pool)
    multiplier, offset = _scramble(seed, salt, size)
    code = (number * multiplier + offset) % size
    parts = []
    for pool in pools:
        code, digit = divmod(code, len(pool))
        parts.append(pool[digit])
    return parts


def title(language: str, seed: int, salt: str, number: int) -> str:
    """Headline of article ``number``; distinct for distinct numbers below MAX_ARTICLES."""
    if language == "zh":
        return "".join(_title_parts(ZH_TITLE_POOLS, seed, salt, number))
    return " ".join(_title_parts(EN_TITLE_POOLS, seed, salt, number))


def slugify(text: str) -> str:
    """Lower-case ASCII slug, as WordPress and Drupal pathauto make them."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def number_from_slug(seed: int, salt: str, slug: str) -> int | None:
    """Inverse of ``slugify(title("en", seed, salt, n))``: the article number, or None."""
    size = 1
    for pool in EN_TITLE_POOLS:
        size *= len(pool)
    code = _decode_parts(EN_TITLE_POOLS, slug)
    if code is None:
        return None
    multiplier, offset = _scramble(seed, salt, size)
    return (code - offset) * pow(multiplier, -1, size) % size


def _decode_parts(pools: tuple[tuple[str, ...], ...], slug: str) -> int | None:
    if not pools:
        return 0 if not slug else None
    for digit, part in enumerate(pools[0]):
        head = slugify(part)
        if slug == head or slug.startswith(head + "-"):
            rest = _decode_parts(pools[1:], slug[len(head) + 1 :])
            if rest is not None:
                return digit + len(pools[0]) * rest
    return None


def person(language: str, rng: random.Random) -> str:
    """A plausible personal name."""
    if language == "zh":
        return rng.choice(ZH_SURNAMES) + "".join(rng.choices(ZH_GIVEN, k=rng.choice((1, 2))))
    return f"{rng.choice(EN_FIRST)} {rng.choice(EN_LAST)}"


def paragraph(language: str, rng: random.Random) -> str:
    """One body paragraph of three to six sentences, whitespace already collapsed."""
    sentences = []
    for _ in range(rng.randint(3, 6)):
        if language == "zh":
            sentences.append(rng.choice(_ZH_OPENERS) + rng.choice(_ZH_CLAUSES) + "。")
        else:
            clause = rng.choice(_EN_CLAUSES)
            sentences.append(f"{rng.choice(_EN_OPENERS)} {clause}.")
    return ("" if language == "zh" else " ").join(sentences)


def caption(language: str, rng: random.Random) -> str:
    """A short photo caption."""
    return rng.choice(_ZH_CAPTIONS if language == "zh" else _EN_CAPTIONS)
