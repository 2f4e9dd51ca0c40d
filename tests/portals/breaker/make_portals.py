"""Write the breaker's hand-written portals (pages and expected items) into this folder.

Every text, template and date below was written by hand for this test; no page was copied from a
real site. Run: python3 make_portals.py   (rewrites the portal folders beside it).
"""

from __future__ import annotations

import json
import pathlib
from html import escape

HERE = pathlib.Path(__file__).parent


def write(portal: str, rel: str, html: str, encoding: str = "utf-8") -> None:
    path = HERE / portal / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(html.encode(encoding))


# ---------------------------------------------------------------- portal 1: jnlg-xxgc (zh tables)
ZH_SITE = "江南理工大学信息工程学院"
ZH_COLUMN = "学院动态"
ZH_ARTICLES = [
    # id, title, date, page shows date?, paragraphs, credits line, expected credits
    (
        "20250314101522",
        "信息工程学院召开2025年春季学期教学工作会议",
        "2025-03-14",
        True,
        [
            "3月13日下午，信息工程学院在行政楼402会议室召开2025年春季学期教学工作会议，学院领导班子成员、各系主任及教学秘书参加会议。",
            "会上，副院长李明通报了上学期教学运行情况，并对本学期课程建设、实验教学和毕业设计工作作出部署。",
            "院长周建国强调，各系要以专业认证为抓手，持续推进课程思政建设，切实提高人才培养质量。",
        ],
        "撰稿：陈晓燕　审核：王立新",
        [("author", "撰稿", "陈晓燕"), ("reviewer", "审核", "王立新")],
    ),
    (
        "20250311084510",
        "我院学子在第十六届全国大学生嵌入式芯片与系统设计竞赛华东赛区决赛中获佳绩",
        "2025-03-11",
        False,
        [
            "近日，第十六届全国大学生嵌入式芯片与系统设计竞赛华东赛区决赛在南京落下帷幕。",
            "我院共有6支队伍进入决赛，经过两天的激烈角逐，获得一等奖2项、二等奖3项、三等奖1项。",
            "参赛队伍在指导教师的带领下，利用寒假时间反复调试作品，克服了硬件选型和系统集成等困难。",
            "其中，由电子信息工程专业学生组成的“智慧农田”团队设计的低功耗环境监测系统受到评委一致好评。",
            "学院将继续加强学科竞赛组织与指导，为学生搭建展示创新能力的平台。",
        ],
        "文/刘洋　图/张帆",
        [("author", "文", "刘洋"), ("photographer", "图", "张帆")],
    ),
    (
        "20250306153307",
        "学院举行“学雷锋志愿服务月”启动仪式",
        "2025-03-06",
        True,
        ["3月5日，学院团委在东区广场举行“学雷锋志愿服务月”启动仪式，200余名青年志愿者参加活动。"],
        "供稿：学院团委",
        [("source", "供稿", "学院团委")],
    ),
    (
        "20250228092044",
        "计算机科学与技术系开展青年教师教学基本功比赛",
        "2025-02-28",
        False,
        [
            "为提升青年教师课堂教学水平，2月27日，计算机科学与技术系举办青年教师教学基本功比赛。",
            "8名青年教师参加比赛，内容涵盖教学设计、课堂讲授和教学反思三个环节。",
            "评委从教学内容、教学方法、教学效果等方面进行了综合评分，并逐一作了点评。",
            "比赛最终评出一等奖1名、二等奖2名、三等奖3名。",
        ],
        "撰稿：赵敏　摄影：孙浩　审核：王立新",
        [
            ("author", "撰稿", "赵敏"),
            ("photographer", "摄影", "孙浩"),
            ("reviewer", "审核", "王立新"),
        ],
    ),
    (
        "20250220110035",
        "学院与华信科技有限公司签署校企合作协议",
        "2025-02-20",
        True,
        [
            "2月19日，信息工程学院与华信科技有限公司校企合作协议签约仪式在学院会议室举行。",
            "双方将在联合实验室建设、实习基地共建、横向课题研究和人才联合培养等方面开展深度合作。",
            "华信科技有限公司总经理吴海表示，希望借助学院的学科优势，共同攻克工业物联网领域的关键技术。",
            "周建国院长表示，学院将以此次签约为契机，推动产教融合走深走实。",
            "签约仪式后，双方代表参观了学院嵌入式系统实验室和人工智能创新实践中心。",
            "下一步，双方将成立工作小组，制定年度合作计划，确保各项合作任务落到实处。",
        ],
        "撰稿：陈晓燕",
        [("author", "撰稿", "陈晓燕")],
    ),
    (
        "20250115163820",
        "关于2024—2025学年第一学期期末考试工作安排的通知",
        "2025-01-15",
        True,
        [
            "各系、各班级：",
            "根据学校教务处统一部署，现将本学期期末考试有关事项通知如下。",
            "一、考试时间为2025年1月6日至1月17日，具体安排以教务系统公布为准。",
            "二、请各位监考教师提前15分钟到达考场，严格执行考试纪律。",
            "三、学生须携带学生证和身份证参加考试，未携带者不得进入考场。",
            "特此通知。",
        ],
        "",
        [],
    ),
    (
        "20250108090512",
        "学院召开2024年度党员领导干部民主生活会",
        "2025-01-08",
        False,
        [
            "1月7日，学院党委召开2024年度党员领导干部民主生活会，校党委组织部负责同志到会指导。",
            "会前，学院党委通过座谈会、个别谈话等方式广泛征求意见建议，梳理形成问题清单。",
            "会上，班子成员逐一进行个人对照检查，开展批评和自我批评。",
        ],
        "撰稿：学院党委办公室",
        [("author", "撰稿", "学院党委办公室")],
    ),
]


def zh_cut(title: str, n: int = 18) -> str:
    return title if len(title) <= n else title[:n] + "…"


def zh_shell(inner: str, left_extra: str = "") -> str:
    nav = "".join(
        f'<td class="nav"><a href="/{p}/">{t}</a></td>'
        for p, t in [
            ("index", "首页"),
            ("xygk", "学院概况"),
            ("news", "学院动态"),
            ("tzgg", "通知公告"),
            ("jxgz", "教学工作"),
            ("kxyj", "科学研究"),
            ("xsgz", "学生工作"),
            ("dqgz", "党群工作"),
        ]
    )
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN">
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>{ZH_SITE}</title><link href="/css/style.css" rel="stylesheet" type="text/css"></head>
<body topmargin="0" leftmargin="0">
<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0">
<tr><td height="120" background="/images/top_bg.jpg"><img src="/images/logo.png" alt="{ZH_SITE}"></td></tr>
<tr><td><table width="100%" cellpadding="0" cellspacing="0"><tr>{nav}</tr></table></td></tr>
</table>
<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0"><tr>
<td width="220" valign="top" class="left">
 <table width="100%"><tr><td class="lanmu" height="46"><font size="5" color="#ffffff"><b>{ZH_COLUMN}</b></font></td></tr>
 <tr><td class="sub"><a href="/news/List_12.html">学院动态</a></td></tr>
 <tr><td class="sub"><a href="/tzgg/">通知公告</a></td></tr>
 <tr><td class="sub"><a href="/xsgz/">学生工作</a></td></tr></table>
 <table width="100%"><tr><td class="lanmu2">联系我们</td></tr>
 <tr><td class="contact">电话：0510-8551234<br>邮箱：xxgc@jnlg.example.edu.cn</td></tr></table>{left_extra}
</td>
<td width="20"></td>
<td width="760" valign="top">
 <table width="100%" cellpadding="0" cellspacing="0"><tr><td class="weizhi" height="32">
 <img src="/images/home.gif"> 您现在的位置：<a href="/">首页</a> &gt;&gt; <a href="/news/List_12.html">{ZH_COLUMN}</a> &gt;&gt; 正文</td></tr></table>
 {inner}
</td></tr></table>
<table width="1000" align="center" class="foot"><tr><td align="center" height="90">
版权所有 &copy; 2008-2025 {ZH_SITE}　地址：江苏省无锡市蠡湖大道1800号　邮编：214122<br>
电话：0510-8551234　传真：0510-8551235　苏ICP备05001234号<br>
您是第<font color="red">1024576</font>位访客　技术支持：学院网络中心</td></tr></table>
</body></html>"""


def zh_portal() -> dict:
    portal = "jnlg-xxgc"
    expected = {}
    rows_per_page = 4
    pages = [ZH_ARTICLES[i : i + rows_per_page] for i in range(0, len(ZH_ARTICLES), rows_per_page)]
    for n, chunk in enumerate(pages, 1):
        rows = "".join(
            f'<tr><td height="28" class="list">·<a href="/news/html/{a[0][:4]}/{a[0]}.html" title="{a[1]}" '
            f'target="_blank">{zh_cut(a[1])}</a></td><td width="100" align="right" class="date">[{a[2]}]</td></tr>\n'
            for a in chunk
        )
        pager_links = []
        for k in range(1, len(pages) + 1):
            href = "/news/List_12.html" if k == 1 else f"/news/List_12_{k}.html"
            pager_links.append(
                f'<a href="{href}">[{k}]</a>' if k != n else f"<font color=red>[{k}]</font>"
            )
        nxt = f'<a href="/news/List_12_{n + 1}.html">下一页</a>' if n < len(pages) else "下一页"
        inner = f"""<table width="100%" cellpadding="0" cellspacing="0">{rows}</table>
<table width="100%"><tr><td align="center" class="page">共{len(ZH_ARTICLES)}条记录 页次：{n}/{len(pages)} 每页{rows_per_page}条 {"".join(pager_links)} {nxt}</td></tr></table>"""
        name = "news/List_12.html" if n == 1 else f"news/List_12_{n}.html"
        write(portal, name, zh_shell(inner), "gb18030")
    for a in ZH_ARTICLES:
        aid, title, date, shows, paras, credit_line, creds = a
        hits = int(aid[-3:]) + 57
        info = f"发布时间：{date}　　点击数：{hits}" if shows else f"点击数：{hits}"
        body = "".join(f'<p style="text-indent:2em;">{escape(p)}</p>' for p in paras)
        cred_html = f'<p align="right">{credit_line}</p>' if credit_line else ""
        inner = f"""<table width="100%" cellpadding="0" cellspacing="0">
<tr><td align="center" height="50" class="biaoti"><font style="font-size:20px;color:#003366"><b>{escape(title)}</b></font></td></tr>
<tr><td align="center" class="info" height="28">{info}　　【<a href="javascript:window.print()">打印本页</a>】【<a href="javascript:window.close()">关闭窗口</a>】</td></tr>
<tr><td><hr size="1" color="#cccccc"></td></tr>
<tr><td class="content" style="line-height:28px;font-size:14px">{body}{cred_html}</td></tr>
<tr><td height="30">上一篇：<a href="/news/List_12.html">返回列表</a></td></tr>
</table>"""
        rel = f"news/html/{aid[:4]}/{aid}.html"
        write(portal, rel, zh_shell(inner), "gb18030")
        expected[f"/{rel}"] = {
            "title": title,
            "published": date,
            "topics": [ZH_COLUMN],
            "credits": [{"role": r, "label": lab, "name": nm} for r, lab, nm in creds],
            "body_first": paras[0],
            "body_last": paras[-1],
            "note": "date only in listing row" if not shows else "",
        }
    return {"listings": ["/news/List_12.html", "/news/List_12_2.html"], "articles": expected}


# ---------------------------------------------------------------- portal 2: northvale-news (en builder)
EN_SITE = "Northvale University"
EN_ARTICLES = [
    (
        "quantum-sensor-lab-opens",
        "Northvale opens quantum sensing laboratory with regional partners",
        "2025-03-12",
        "12 March 2025",
        ["Research", "Physics"],
        "Priya Raman",
        "Science Writer",
        [
            "A new laboratory dedicated to quantum sensing opened on the Northvale campus on Tuesday.",
            "The facility houses three cryogenic systems and a vibration-isolated optical table.",
            "Professor Alan Moss, who leads the project, said the lab would give students hands-on time with instruments usually found only in national facilities.",
            "The partners expect the first joint projects to start in the autumn term.",
        ],
    ),
    (
        "nursing-students-placement-award",
        "Nursing students recognised for community placement work",
        "2025-03-05",
        "5 March 2025",
        ["Health", "Student life"],
        "Tom Hughes",
        "Communications Officer",
        [
            "Second-year nursing students have been recognised by the county health board for their placement work.",
            "The group supported vaccination clinics in four rural villages over the winter.",
        ],
    ),
    (
        "library-extended-hours-exams",
        "Library extends opening hours for the exam season",
        "2025-02-27",
        "27 February 2025",
        ["Campus"],
        "Library Services",
        "",
        [
            "The main library will open 24 hours a day from 1 April until the end of the exam period.",
            "Extra study spaces will be available on the ground floor, and the café will stay open until midnight.",
            "Students must show their university card after 10pm.",
        ],
    ),
    (
        "alumna-wins-poetry-prize",
        "Alumna wins national poetry prize for debut collection about coastal towns and the people who stayed",
        "2025-02-20",
        "20 February 2025",
        ["Arts", "Alumni"],
        "Grace Okafor",
        "Alumni Relations",
        [
            "Northvale graduate Helen Marsh has won the national first-collection poetry prize.",
            "Her book, written over six years, follows the lives of families in three coastal towns.",
            "Marsh studied English Literature at Northvale and graduated in 2016.",
            "She credits her final-year creative writing module with giving her the confidence to publish.",
            "The judges called the collection patient, funny and unsentimental.",
            "She will return to campus in May to read from the book at the spring literary festival.",
        ],
    ),
    (
        "engineering-robotics-team-final",
        "Robotics team reaches international final",
        "2025-02-11",
        "11 February 2025",
        ["Engineering", "Student life"],
        "Priya Raman",
        "Science Writer",
        [
            "The Northvale robotics society has qualified for the international final in Rotterdam.",
            "Their robot, nicknamed Otter, completed the underwater course in record time.",
            "The team is now raising funds to cover travel costs.",
        ],
    ),
    (
        "vice-chancellor-statement-funding",
        "Statement from the Vice-Chancellor on research funding",
        "2025-01-30",
        "30 January 2025",
        ["University news"],
        "Office of the Vice-Chancellor",
        "",
        [
            "The University welcomes today's announcement on research funding.",
            "We will continue to work with government and partners to make the case for stable, long-term investment in research and teaching.",
            "Further details for staff will follow by email.",
        ],
    ),
    (
        "climate-data-citizen-science",
        "Citizens help map urban heat with pocket sensors",
        "2025-01-21",
        "21 January 2025",
        ["Research", "Environment"],
        "Daniel Ortiz",
        "Science Writer",
        [
            "More than 300 residents carried small temperature sensors on their daily routes last summer.",
            "The data, analysed by Northvale geographers, show that some streets were up to six degrees hotter than nearby parks.",
            "Dr Lena Fischer said the results would help the city council decide where to plant trees first.",
            "The project team is recruiting volunteers for a second round this year.",
        ],
    ),
]


def en_cut(title: str, n: int = 48) -> str:
    return title if len(title) <= n else title[:n].rstrip() + "..."


def en_shell(title_tag: str, inner: str) -> str:
    mega = "".join(
        f'<div class="mega-col"><h4>{h}</h4><ul>'
        + "".join(f'<li><a href="/{h.lower()}/{i}">{h} link {i}</a></li>' for i in range(1, 7))
        + "</ul></div>"
        for h in ["Study", "Research", "Business", "About", "Alumni", "Support"]
    )
    return f"""<!doctype html><html lang="en-GB"><head><meta charset="utf-8">
<title>{title_tag}</title><meta name="viewport" content="width=device-width">
<link rel="stylesheet" href="/wp-content/themes/nv/builder.css"></head>
<body class="page-template-builder">
<div id="cookie-banner" class="cookie-consent"><p>We use cookies to give you the best experience on our website. By continuing to browse you agree to our use of cookies.</p><button>Accept all</button><button>Manage preferences</button></div>
<header class="site-header"><a class="logo" href="/"><img src="/img/logo.svg" alt="{EN_SITE}"></a>
<nav class="main-nav"><ul><li><a href="/study/">Study</a></li><li><a href="/research/">Research</a></li><li><a href="/news/">News</a></li><li><a href="/about/">About</a></li></ul></nav>
<form class="search"><input type="search" placeholder="Search Northvale"></form></header>
<main id="content">{inner}</main>
<footer class="mega-footer"><div class="mega-grid">{mega}</div>
<div class="footer-bottom"><p>Northvale University, Castle Road, Northvale NV1 4QT. Registered charity number 1234567.</p>
<p>&copy; 2025 {EN_SITE}. All rights reserved.</p><ul><li><a href="/privacy">Privacy</a></li><li><a href="/accessibility">Accessibility</a></li><li><a href="/modern-slavery">Modern slavery statement</a></li></ul></div></footer>
</body></html>"""


def en_portal() -> dict:
    portal = "northvale-news"
    expected = {}
    per = 4
    pages = [EN_ARTICLES[i : i + per] for i in range(0, len(EN_ARTICLES), per)]
    for n, chunk in enumerate(pages, 1):
        cards = "".join(
            f"""<article class="nv-card"><a class="nv-card__img" href="/news/{a[0]}/"><img src="/img/{a[0]}.jpg" alt=""></a>
<div class="nv-card__body"><span class="nv-pill">{a[4][0]}</span><h3 class="nv-card__title"><a href="/news/{a[0]}/">{escape(en_cut(a[1]))}</a></h3>
<p class="nv-card__date">{a[2][8:].lstrip("0")} {["Jan", "Feb", "Mar"][int(a[2][5:7]) - 1]} {a[2][:4]}</p>
<a class="nv-card__more" href="/news/{a[0]}/">Read more</a></div></article>\n"""
            for a in chunk
        )
        prev = (
            f'<a class="prev" href="/news/{"" if n == 2 else "page/" + str(n - 1) + "/"}">Previous</a>'
            if n > 1
            else ""
        )
        nxt = f'<a class="next" href="/news/page/{n + 1}/">Next</a>' if n < len(pages) else ""
        inner = f"""<section class="hero hero--small"><h1>News</h1><p>The latest stories from across Northvale.</p></section>
<section class="nv-grid">{cards}</section><nav class="pagination">{prev} <span>Page {n} of {len(pages)}</span> {nxt}</nav>"""
        rel = "news/index.html" if n == 1 else f"news/page/{n}/index.html"
        write(portal, rel, en_shell(f"News | {EN_SITE}", inner))
    for slug, title, iso, shown, cats, author, role, paras in EN_ARTICLES:
        pills = "".join(
            f'<a class="nv-pill" href="/news/category/{c.lower().replace(" ", "-")}/">{c}</a>'
            for c in cats
        )
        body = "".join(f"<p>{escape(p)}</p>" for p in paras)
        job = f'<p class="author-card__role">{role}</p>' if role else ""
        inner = f"""<div class="builder-row builder-row--hero" style="background-image:url(/img/{slug}-hero.jpg)">
<div class="builder-col"><div class="builder-module builder-module--text"><p class="eyebrow">News</p>
<h2 class="hero-heading">{escape(title)}</h2><p class="hero-date">{shown}</p></div></div></div>
<div class="builder-row"><div class="builder-col builder-col--8"><div class="builder-module builder-module--text">{body}</div>
<div class="builder-module share"><span>Share this story</span><a href="#">Facebook</a><a href="#">X</a><a href="#">LinkedIn</a></div></div>
<aside class="builder-col builder-col--4"><div class="author-card"><p class="author-card__label">Written by</p><p class="author-card__name">{author}</p>{job}</div>
<div class="pill-list"><p>Topics</p>{pills}</div>
<div class="related"><h3>Related stories</h3><ul><li><a href="/news/">More news from Northvale</a></li><li><a href="/events/">Upcoming events</a></li></ul></div>
<div class="media-contact"><h3>Media enquiries</h3><p>press@northvale.example.ac.uk</p></div></aside></div>"""
        rel = f"news/{slug}/index.html"
        write(portal, rel, en_shell(f"{title} | News | {EN_SITE}", inner))
        expected[f"/news/{slug}/"] = {
            "file": rel,
            "title": title,
            "published": iso,
            "topics": cats,
            "credits": [{"role": "author", "label": "Written by", "name": author}],
            "body_first": paras[0],
            "body_last": paras[-1],
        }
    return {"listings": ["/news/", "/news/page/2/"], "articles": expected}


# ---------------------------------------------------------------- hostile portals
def simple_zh(
    title_tag: str, column_h: str, title: str, date_line: str, paras: list[str], variant: int
) -> str:
    body = "".join(f"<p>{escape(p)}</p>" for p in paras)
    if variant == 0:
        art = f'<div class="lmmc">{column_h}</div><div class="art"><div class="tt">{escape(title)}</div><div class="sj">{date_line}</div><div class="nr">{body}</div></div>'
    elif variant == 1:
        art = f'<table><tr><td class="t1"><b>{escape(title)}</b></td></tr><tr><td>{date_line}</td></tr><tr><td id="zoom">{body}</td></tr></table>'
    elif variant == 2:
        art = f'<section><h3>{column_h}</h3><article><header><span style="font-size:22px">{escape(title)}</span><em>{date_line}</em></header>{body}</article></section>'
    else:
        art = f'<div id="main"><p class="title" align="center"><strong>{escape(title)}</strong></p><p align="center">{date_line}</p><div>{body}</div></div>'
    return f"""<html><head><meta charset="utf-8"><title>{title_tag}</title></head><body>
<div class="top">南湖师范学院 · 外国语学院</div><div class="nav"><a href="/">首页</a><a href="/xwdt/list.html">新闻动态</a><a href="/tzgg/">通知公告</a></div>
{art}
<div class="foot">版权所有 南湖师范学院外国语学院 地址：湖南省南湖市学院路1号</div></body></html>"""


HOSTILE = {
    # every detail page in its own template
    "mixed-templates": [
        (
            "a1",
            "外国语学院举办第五届英语演讲比赛",
            "2025-03-10",
            "发布日期：2025-03-10",
            ["3月9日，外国语学院第五届英语演讲比赛在学术报告厅举行。", "比赛共评出一等奖2名。"],
            0,
        ),
        (
            "a2",
            "学院召开新学期学生干部大会",
            "2025-03-03",
            "2025年03月03日",
            [
                "3月2日晚，学院在教学楼A201召开新学期学生干部大会。",
                "各班班长、团支书参加了会议。",
                "会议对本学期重点工作进行了安排。",
            ],
            1,
        ),
        (
            "a3",
            "日语系教师赴东京参加学术研讨会",
            "2025-02-24",
            "时间：2025/02/24 09:30",
            [
                "2月20日至23日，日语系两名教师赴东京参加东亚语言教育学术研讨会。",
                "两位教师分别作了分组报告。",
            ],
            2,
        ),
        (
            "a4",
            "外国语学院教师在省翻译大赛中获奖",
            "2025-02-17",
            "来源：外国语学院　日期：2025-02-17",
            ["近日，2024年度全省翻译大赛结果揭晓。", "我院三名教师获奖。"],
            3,
        ),
    ],
    # only two articles
    "two-articles": [
        (
            "b1",
            "学院举行2025届毕业生就业双选会",
            "2025-03-18",
            "发布时间：2025-03-18",
            [
                "3月17日，学院2025届毕业生就业双选会在体育馆举行，共有60余家用人单位参会。",
                "现场达成就业意向120余人次。",
            ],
            0,
        ),
        (
            "b2",
            "学院开展实验室安全专项检查",
            "2025-03-11",
            "发布时间：2025-03-11",
            [
                "为进一步加强实验室安全管理，学院于3月10日开展实验室安全专项检查。",
                "检查组对发现的问题当场提出整改要求。",
            ],
            0,
        ),
    ],
}


def hostile_portal(
    name: str,
    arts: list,
    link_text: str | None,
    listing_dates: dict | None,
    title_tag: str | None = None,
    column_h: str = "新闻动态",
    title_prefix: str = "",
) -> dict:
    expected = {}
    rows = []
    for aid, title, iso, line, paras, variant in arts:
        shown_date = (listing_dates or {}).get(aid, iso)
        text = link_text or title
        rows.append(
            f'<li><a href="/xwdt/{aid}.html">{escape(text)}</a><span class="date">{shown_date}</span></li>'
        )
        tt = title_tag if title_tag else f"{title}-南湖师范学院外国语学院"
        write(
            name,
            f"xwdt/{aid}.html",
            simple_zh(
                tt, column_h, title_prefix + title if title_prefix else title, line, paras, variant
            ),
        )
        credits = (
            [{"role": "source", "label": "来源", "name": "外国语学院"}] if "来源：" in line else []
        )
        expected[f"/xwdt/{aid}.html"] = {
            "title": title,
            "published": iso,
            "topics": ["新闻动态"],
            "credits": credits,
            "body_first": paras[0],
            "body_last": paras[-1],
        }
    listing = f"""<html><head><meta charset="utf-8"><title>新闻动态-南湖师范学院外国语学院</title></head><body>
<div class="top">南湖师范学院 · 外国语学院</div><div class="nav"><a href="/">首页</a><a href="/xwdt/list.html">新闻动态</a><a href="/tzgg/">通知公告</a></div>
<h2 class="lm">新闻动态</h2><ul class="list">{"".join(rows)}</ul>
<div class="foot">版权所有 南湖师范学院外国语学院 地址：湖南省南湖市学院路1号</div></body></html>"""
    write(name, "xwdt/list.html", listing)
    return {"listings": ["/xwdt/list.html"], "articles": expected}


def main() -> None:
    portals = {"jnlg-xxgc": zh_portal(), "northvale-news": en_portal()}
    portals["mixed-templates"] = hostile_portal(
        "mixed-templates", HOSTILE["mixed-templates"], None, None
    )
    portals["two-articles"] = hostile_portal("two-articles", HOSTILE["two-articles"], None, None)
    same = [
        (f"c{i}", t, d, f"发布时间：{d}", p, 0)
        for i, (_, t, d, _l, p, _v) in enumerate(
            HOSTILE["mixed-templates"] + HOSTILE["two-articles"], 1
        )
    ]
    portals["read-more"] = hostile_portal("read-more", same, "详细>>", None)
    # listing dates one day / one year off the page's date (page date is the truth)
    portals["date-disagree"] = hostile_portal(
        "date-disagree",
        same,
        None,
        {
            "c1": "2025-03-09",
            "c2": "2024-03-03",
            "c3": "2025-02-24",
            "c4": "02-18",
            "c5": "2025-03-18",
            "c6": "2025-03-01",
        },
    )
    # <title> is the site name; the headline block first repeats the column name
    portals["sitename-title"] = hostile_portal(
        "sitename-title", same, None, None, title_tag="南湖师范学院外国语学院", column_h="新闻动态"
    )
    # both at once: <title> is the site name and every listing link reads 详细>>
    portals["sitename-readmore"] = hostile_portal(
        "sitename-readmore",
        same,
        "详细>>",
        None,
        title_tag="南湖师范学院外国语学院",
        column_h="新闻动态",
    )
    for name, data in portals.items():
        (HERE / name / "expected.json").write_text(json.dumps(data, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
