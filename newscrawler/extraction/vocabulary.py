"""Every word extraction reads, in one place (Chinese and English): labels, class words, ranges.

Extraction recognises parts of a page by what they say and what they are called: printed labels
(``发布时间：``, ``By``), class and id words (``sidebar``, ``breadcrumb``), announcing lines
(``附件：``), file name endings and the character range of Chinese text. Every such word list
lives here, once; the modules that read a page import them.


A metadata line is made of ``label value`` pairs (``发布时间：2024-01-02``, ``文/张明``, ``By Jane Doe``).
This module says which printed labels exist and what each means: a credit role (docs/design.md §4:
``author``, ``editor``, ``reviewer``, ``photographer``, ``translator``, ``source``, ``other``) or a
metadata role (``published``, ``views``, ``topic``). Other modules import these tables instead of
keeping word lists of their own.
"""

from __future__ import annotations

import re


def class_words(labels: str) -> list[str]:
    """Labels separated by spaces; ``_`` stands for a space inside a label."""
    return [label.replace("_", " ") for label in labels.split()]


#: Credit roles: printed label -> normalized role. ``文案``, ``排版``, ``美编``, ``头图`` and
#: ``采访者`` are the credit block a WeChat public-account article closes with (``排版｜…``,
#: ``文案｜…``, ``头图｜…``), which portals repost whole.
CREDIT_LABELS: dict[str, str] = {
    label: role
    for role, labels in {
        "author": "撰稿 撰稿人 撰文 执笔 文字 作者 本文作者 文章作者 记者 通讯员 实习生 学生记者 供稿 供稿单位 采写 "
        "采访 采访者 整理 图文 图/文 "
        "文/图 文 文案 "
        "Draft Written_by "
        "Writer Author Authors By Text Reporter Story Words Story_by Words_by Text_by Reporting_by "
        "Report_by Article_by",
        "editor": "责任编辑 本文编辑 编发 编辑 责编 主编 编校 校对 排版 美编 Revision Revised_by Editor Editors Edited_by "
        "Editing",
        "reviewer": "审核 审核人 审稿 审稿人 审校 初审 复审 终审 一审 二审 三审 签发 Review Reviewer "
        "Reviewed_by Approved_by",
        "photographer": "图片来源 摄影 摄像 视频 图片 供图 照片 头图 图 摄 Photo Photos Photo_by Photos_by "
        "Photography Photographer Image Images Photography_by Photographs_by Images_by Pictures_by",
        "translator": "翻译 译 Translator Translated_by Translation",
        "source": "稿件来源 信息来源 文章来源 本文来源 新闻来源 转载来源 内容来源 原文来源 来源 来自 转自 出处 Source From",
        # The CMS account that posted the page, the teacher who guided a student's piece: credits,
        # but not of a known role.
        "other": "发布者 发布人 发稿人 发布单位 发布部门 指导老师 指导教师",
    }.items()
    for label in class_words(labels)
}

#: Credit labels printed after the name they credit (``谢晶供稿``, ``学生会 供图``).
CREDIT_SUFFIX_LABELS = ("供稿", "供图")
#: An honorific or title after a person's name (``付雁同志``, ``刘其真老师``): who is spoken
#: about, as a credit prints a bare name.
HONORIFIC_SUFFIX = re.compile(r"(?:同志|老师|教授|先生|女士|院士|书记|校长|主任)$")

#: Labels of the publication date.
DATE_LABELS = class_words(
    "发布时间 发布日期 发表时间 发布于 发表于 发稿时间 上传时间 发布 日期 时间 Date Published Posted "
    "Publication_date Published_on Posted_on Publié"
)

#: A span of time (``3:30-4:30``, ``14:00—16:00``, ``9时至11时``, ``5月8日-10日``): an event's time,
#: which a lecture or meeting notice prints in its text (``时间：…``), never a publication's.
TIME_SPAN = re.compile(
    r"\d{1,2}\s*[:：时点]\s*(?:\d{2}\s*)?(?:[-－–—~～至到]|\s至\s)\s*\d{1,2}\s*[:：时点]"
    r"|\d{1,2}\s*[日号]\s*[-－–—~～至到]\s*\d{1,2}\s*[日号]"
)
#: Labels of the view count.
VIEWS_LABELS = class_words(
    "浏览次数 浏览量 点击数 点击量 点击率 点击次数 阅读量 阅读次数 阅读数 访问量 访问次数 浏览 点击 阅读 "
    "Views View Hits Clicks Page_views Post_views"
)

#: Words printed after a view count (``2638 views``, ``1200次浏览``).
VIEWS_SUFFIXES = class_words("views view reads hits 次浏览 次阅读 次点击 人浏览 人阅读")

#: Labels of the article's categories.
TOPIC_LABELS = class_words(
    "所属栏目 栏目 分类 类别 Topics Topic Tags Tag Categories Category Filed_under Posted_in"
)

#: Metadata role of each non-credit label.
META_LABELS: dict[str, str] = {
    **{label: "published" for label in DATE_LABELS},
    **{label: "views" for label in VIEWS_LABELS},
    **{label: "topic" for label in TOPIC_LABELS},
}

#: Words that mark a line as a metadata line when learning a portal's template (``发布时间：…
#: 作者：… 浏览：…``, ``Posted by …``): a line with two of them, or one and a date, is one.
META_LINE_WORDS = re.compile(
    r"发布(?:时间|日期|者|人)|日期|时间|作者|来源|出处|编辑|责编|审核|浏览|点击|阅读|访问|"
    r"posted\s+(?:by|on)|published|author|by\s|source|views|updated",
    re.I,
)

#: Breadcrumb parts that are not sections: home, the article itself, the "you are here" label.
BREADCRUMB_SKIP = re.compile(
    r"^(首页|主页|网站首页|学校首页|正文|内容|详细内容|详情|正文内容|当前位置[:：]?|您的位置[:：]?|"
    r"您现在的位置[:：]?|所在位置[:：]?|位置[:：]?|Home|Homepage|You are here[:：]?|>+|»|/|›)$",
    re.I,
)
#: What separates breadcrumb sections printed as one text.
BREADCRUMB_SEPARATOR = re.compile(r"\s*(?:-+>|=>|>>|>|»|›|→|/|\\|－{1,2}|-{2})\s*")
#: The text of a link to the site's home page, where a breadcrumb starts.
HOME_LINK = re.compile(r"^(首页|主页|网站首页|学校首页|学院首页|Home|Homepage)$", re.I)
#: What a breadcrumb prints between its links (not ``|``, which separates a menu's items).
TRAIL_SEPARATOR = re.compile(r"-+>|=>|>>|>|»|›|→|/")
#: A bar between the sections of an element that is a breadcrumb by its name, its label or its
#: shape (``首页 | 学院新闻 | 正文``): never enough alone, as menus put bars between items too.
CRUMB_BAR = re.compile(r"\s*[|｜]\s*")
#: What ends a breadcrumb in place of the article's title (``… | 正文``, ``… > 详细内容``).
CRUMB_END = re.compile(r"^(正文|内容|详细内容|详情|正文内容|文章内容|信息详情)$")
#: Labels that open a breadcrumb printed as text (``当前位置：首页 >> 学校要闻 >> 正文``).
BREADCRUMB_LABEL = re.compile(
    r"^(当前位置|您的位置|您现在的位置|所在位置|位置|You are here)\s*[:：]?\s*", re.I
)
#: The same label after other text of the box (the column's heading printed before it:
#: ``施教区范围 当前位置： 网站首页 -> 正文``): what precedes it is not the breadcrumb.
BREADCRUMB_LABEL_INSIDE = re.compile(
    r"(?:^|\s)(?:当前位置|您的位置|您现在的位置|所在位置|You are here)\s*[:：]\s*", re.I
)

#: Headings of boxes that are not the article: related/more news, contact boxes.
FURNITURE_HEADINGS = re.compile(
    r"^(相关(新闻|阅读|文章|链接|推荐|报道|专题)|更多(新闻|阅读)|延伸阅读|推荐阅读|热点新闻|热门(新闻|文章)|"
    r"Don'?t miss|See also|Also read|Read also|"
    r"Related( (stories|news|articles|posts|content))?|More (news|stories)|Read (more|next)|"
    r"You may also like|For more info(rmation)?|Media contacts?|Contact)\s*[:：]?\s*(\.\.\.|…)?$",
    re.I,
)
#: Lines of the text that point elsewhere, not article text (``READ MORE: …``, ``Back to Gallery``),
#: a comment counter (``12 comments``), and a WordPress shortcode the theme did not render
#: (``[button link="…"]Send us your review[/button]``: markup printed as text).
FURNITURE_LINE = re.compile(
    r"^(READ MORE|SEE MORE|DON'?T MISS|CLICK HERE|MORE:|Back to Gallery|Subscribe to|Sign up for our|"
    r"相关阅读|延伸阅读|推荐阅读|更多阅读|相关新闻)\b"
    r"|^原标题\s*[:：]"
    r"|^(Advert|Advertisement|ADVERTISEMENT|广告|This slideshow requires JavaScript\.)$"
    r"|^\d*\s*[Cc]omments?$"
    r"|^\[(?P<shortcode>\w+)\b[^\]]*\].*\[/(?P=shortcode)\]$",
)

#: Text of share/print/close bars.
TOOLBAR_TEXT = re.compile(
    r"^(←?\s*[【\[]?(打印|关闭|关闭窗口|打印本页|打印本文|收藏|分享到?|返回顶部|返回页首|返回|字号|大|中|小|"
    r"发送给朋友|推荐给朋友|上一篇|下一篇|上一页|下一页|上章|下章|首页|尾页|<<|>>)[】\]]?[\s|:：]*)+$"
)
#: A pager line: ``第1页/共3页 << 上一页 | 下一页 >>`` (also at the end of a line), ``共2页: 上一页 1 2``.
PAGER_TEXT = re.compile(
    r"第\s*\d+\s*页\s*[/，,]?\s*共\s*\d+\s*页\s*(<<|上一页)|^第\s*\d+\s*页\s*[/，,]?\s*共\s*\d+\s*页"
    r"|^共\s*\d+\s*页[:：]?\s*(上一页|\d)"
)

#: The site's imprint, as its footer prints it: a copyright notice (``© 2025 …``, ``Copyright
#: 2025``, ``版权所有``, ``All rights reserved``) or a Chinese site's registration numbers
#: (``鄂ICP备05001234号``, ``公网安备``).
SITE_IMPRINT = re.compile(
    r"©\s*(?:\d{4}|[^\W\d_])|\bCopyright\b|版权所有|All rights reserved|ICP[备证]\s*\d|公网安备",
    re.I,
)
#: What only a site's footer prints beside a copyright notice: registration numbers, the
#: address and telephone, a bar-separated row of links. A wire story's own closing line
#: (``© 2019 Associated Press. All Rights Reserved.``, ``© Reuters``) has none of them.
FOOTER_DETAIL = re.compile(
    r"ICP[备证]\s*\d|公网安备|地址|电话|邮编|传真|E-?mail|\bPhone\b|\bTel\b|\bFax\b|\bAddress\b|\s[|｜]\s",
    re.I,
)
#: A footer, sidebar or copyright line that may print a date that is not the article's.
SITE_DATE_CONTEXT = re.compile(
    r"版权|copyright|©|更新时间|网站更新|最后更新|last updated|site updated|备案|ICP", re.I
)


def _alternation(labels: list[str] | dict[str, str]) -> str:
    return "|".join(re.escape(label) for label in sorted(labels, key=len, reverse=True))


ALL_LABELS: dict[str, str] = {**META_LABELS, **CREDIT_LABELS}
_BY_LOWER = {label.lower(): label for label in reversed(ALL_LABELS)}
#: Any known label, longest first, for regular expressions.
LABEL_ALTERNATION = _alternation(ALL_LABELS)


def canonical_label(printed: str) -> str:
    """The table's spelling of a printed label (``BY`` -> ``By``); unknown labels unchanged."""
    return _BY_LOWER.get(printed.lower(), printed)


def role_of(label: str) -> str:
    """The role of a printed label: a credit role, ``published``, ``views``, ``topic``, or
    ``other`` for a label this module does not know."""
    return ALL_LABELS.get(canonical_label(label), "other")


# -- characters -------------------------------------------------------------------------------
#: The CJK ideographs (unified, extension A, compatibility), as the body of a character class.
CJK_RANGE = "\u3400-\u9fff\uf900-\ufaff"
#: One CJK ideograph.
CJK_CHAR = re.compile(f"[{CJK_RANGE}]")

# -- class and id words -------------------------------------------------------------------------
#: Words in a class or id that mark a region as not the article (matched as whole words of the
#: class, split on spaces, ``-`` and ``_``: ``photo`` is not ``hot``, ``canvas`` is not ``nav``).
BOILERPLATE_WORDS = frozenset(
    class_words(
        "nav navbar navigation menu footer header masthead sidebar aside comment comments share "
        "sharing social related breadcrumb breadcrumbs banner advert advertisement promo cookie "
        "cookies consent gdpr subscribe subscription newsletter hot recommend recommended toolbar "
        "pagination pager popup modal signup login outbrain taboola sponsored rss tags copyright "
        "foot crumb crumbs respond commentform commentlist replies"
    )
)
#: Words naming a comment section or reply thread: never the article, however much text it holds.
COMMENT_WORDS = frozenset(
    class_words("comment comments commentlist commentform respond replies reply discuss")
)
#: Inside the article region, also not the article: category labels, contact and print boxes.
IN_BODY_FURNITURE_WORDS = BOILERPLATE_WORDS | frozenset(
    ["category", "categories", "contact", "contacts", "print", "printer", "byline", "tag",
     "prev", "previous", "prevnext", "nextprev"]
)  # fmt: skip
#: Words that vouch for a region even when it also says ``sidebar`` (``l-sidebar-fixed l-article-body``).
CONTENT_WORDS = frozenset(["article", "body", "content", "main", "entry", "story"])
#: Names of the element that prints the portal's name or logo.
SITE_LOGO_WORDS = frozenset(["logo", "branding", "brand", "masthead", "sitename"])
#: Names that make a header the article's own (``entry-header``, ``article-header``).
ARTICLE_HEADER_WORDS = CONTENT_WORDS | frozenset(["post", "news", "title", "page"])
#: Names of an image's surroundings: figure, caption, credit.
FIGURE_WORDS = frozenset(
    ["caption", "figcaption", "image", "img", "photo", "picture", "media", "credit", "gallery"]
)
#: Names of teaser cards and related-story boxes (not this article).
TEASER_WORDS = frozenset(
    ["related", "teaser", "card", "cards", "comment", "comments", "recommend", "recommended",
     "more", "stories", "promo", "sidebar", "widget"]
)  # fmt: skip
#: Class/id words of the element printing the article's byline (``<span class="author">``,
#: ``.byline``, ``.post-author``), as CMS themes name it where no ``rel``/``itemprop`` marks it.
AUTHOR_WORDS = frozenset(["author", "authors", "byline", "writer", "contributor", "contributors"])
#: Words of an organisation's name (``Office of Communications``, ``College News``): a byline
#: that prints one names a desk, not a person, where no label says who wrote.
ORGANISATION_WORDS = frozenset(
    class_words(
        "office university college school department center centre institute news "
        "communications staff team press service services affairs relations marketing media "
        "editors editorial desk"
    )
)
#: Class/id words of the page's own frame around every article (footer, sidebar, menus), where
#: a theme prints its own ``author`` credit or a list of authors, never the article's byline.
PAGE_FRAME_WORDS = frozenset(
    class_words("footer foot copyright sidebar aside nav navbar navigation menu widget")
)
#: Names of an article's category or tag list.
TOPIC_WORDS = frozenset(
    ["category", "categories", "topic", "topics", "tag", "tags", "cat", "terms"]
)
#: Names of an article's own tag or category list printed after its text (``.field--name-field-tags``,
#: ``.cat-links``): :data:`TOPIC_WORDS` but ``terms``, which also names a site's terms of use.
TERM_LIST_WORDS = TOPIC_WORDS - {"terms"}
#: Class/id words of elements that may print a breadcrumb (with separators in its text).
CRUMB_WORDS = frozenset(
    ["breadcrumb", "breadcrumbs", "crumb", "crumbs", "posi", "position", "location", "dqwz", "path"]
)
#: Parts of a class or id naming an element that may print a breadcrumb (substring match).
CRUMB_NAMES = ("crumb", "posi", "location", "dqwz", "path")
#: Text of an element holding a "you are here" label.
CRUMB_TEXT = re.compile(r"位置|You are here", re.I)
#: Class/id words of a standfirst printed as its own field above the body (Drupal's subtitle).
STANDFIRST_WORDS = frozenset(
    ["subtitle", "standfirst", "dek", "deck", "lede", "chapo", "subhead", "strapline"]
)
#: Names of blocks between headline and body that are not the lead (share bars, related boxes).
LEAD_SKIP_WORDS = frozenset(["share", "social", "related", "teaser", "addtoany", "print"])
#: Class names of a caption element.
CAPTION_CLASS = re.compile(r"caption|pic-?desc|img-?desc|photo-?desc|imgtitle|pictext", re.I)

# -- what a text says ---------------------------------------------------------------------------
#: A ``<title>`` part that names the site rather than the article.
SITE_NAME = re.compile(
    r"(大学|学院|学校|网|网站|中心|门户|主页|教务处|办公室|University|College|School|Institute|News|Blog)\s*$",
    re.I,
)
#: A greeting a ``<title>`` wraps the site's name in (``东湖理工学院欢迎您``, ``欢迎访问…``,
#: ``Welcome to …``): with it left out, what remains is the site's name.
SITE_GREETING = re.compile(
    r"^(?:欢迎(?:访问|光临|来到)|Welcome\s+to\s+(?:the\s+)?)|(?:欢迎您|欢迎你|欢迎光临|欢迎访问)[!！]?$",
    re.I,
)
#: A paragraph that speaks about the photo above it: ``图为…``, ``（摄影：李明）`` at its end.
CAPTION_TEXT = re.compile(
    r"^(图为|上图|下图|左图|右图|图片为|图注|Photo:|Pictured)"
    r"|[（(](摄影|摄|图|供图|Photo|Image|Picture|AP Photo)[:：/][^()（）]*[)）]$"
    r"|\bCredit: [^.]{1,80}$",
    re.I,
)
#: What a credit may print before a person's name to say who they are
#: (``本文作者：复旦大学中文系学生 王瑞琳``): a description ending in such a word.
PERSON_DESCRIPTION = re.compile(
    r"(?:学生|本科生|研究生|博士生|硕士生|博士后|毕业生|校友|教师|老师|教授|讲师|研究员|记者|通讯员|"
    r"干部|职工|员工|志愿者)$"
)
#: What a credit may print before a person's name to say where they work (``排版｜新媒体中心 祁昊``):
#: an organisational unit, ending in such a word.
ORGANISATION_UNIT = re.compile(
    r"(?:中心|学院|大学|部|处|办公室|会|实验室|研究所|研究院|工作室|团队|社|组)$"
)
#: Headings of a text's parts, printed on a line of their own like a short name (``前言``).
SECTION_WORDS = re.compile(
    r"^(前言|引言|导言|序言|序|摘要|提要|导语|背景|概述|简介|正文|目录|附件|附录|说明|编者按|按语|后记|结语|小结|总结|注释|参考文献)$"
)
#: A Chinese person's name as credits print it: two or three characters.
CHINESE_PERSON_NAME = re.compile(f"[{CJK_RANGE}]{{2,3}}")
#: Degrees and titles printed after a name in an English byline (``Rachael Link, MS, RD``),
#: written without dots: not people of their own.
POST_NOMINALS = frozenset(
    class_words(
        "PhD MD DO MS MA MSc BSc BA MBA MPH MFA JD RD RDN LD RN NP PA CDE DDS DVM CPA PE Jr Sr"
    )
)
#: Particles inside a Latin name (``Ludwig van Beethoven``).
NAME_PARTICLES = frozenset(
    ("de", "del", "della", "da", "du", "van", "von", "der", "la", "le", "of")
)

# -- attachments ----------------------------------------------------------------------------------
#: File name endings of documents and archives (compared in lower case).
FILE_SUFFIXES = (
    ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".zip", ".rar", ".7z", ".wps",
    ".txt", ".csv",
)  # fmt: skip
#: A link to one of :data:`FILE_SUFFIXES` (before any query).
FILE_LINK = re.compile("(?:" + "|".join(re.escape(s) for s in FILE_SUFFIXES) + r")(?:\?|$)", re.I)
#: A line announcing attachments: ``附件：``, ``附件1：``, ``附件一``, ``相关附件``, ``Attachments:``.
ATTACHMENT_LINE = re.compile(r"^[【\[]?\s*(相关)?附\s*件")
#: A line that lists attachments after a label and colon (``附件1：名单.docx``, ``Attachment:``).
ATTACHMENT_LABEL = re.compile(
    r"^(附件|相关附件|Attachments?)\s*[0-9一二三四五六七八九十]*\s*[:：]", re.I
)
#: Link texts that say "download" rather than naming the file.
GENERIC_DOWNLOAD_TITLES = frozenset(
    {"", "下载", "点击下载", "附件下载", "download", "click to download"}
)
