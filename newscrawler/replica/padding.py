"""Realistic page weight: inline CSS, footer link farms and inline scripts, as portals ship them.

Benchmarks ask for pages of a given size (``page_kb``); the padding never touches the
article's content, so extraction results do not change with it.
"""

from __future__ import annotations

import random

_CSS = (
    ".nav-menu li a{{color:#{c};padding:0 {n}px;line-height:48px;font-size:15px}}",
    ".col-{n}{{width:{p}%;float:left;position:relative;min-height:1px}}",
    ".m-{n}{{margin:{n}px auto}} .p-{n}{{padding:{n}px}}",
    "@media (max-width:{w}px){{.header .logo img{{max-width:{p}%}} .navs li{{display:none}}}}",
    ".footer .links-{n} a{{color:#{c};margin-right:{n}px;text-decoration:none}}",
    ".banner-{n}{{background:url(/images/banner{n}.jpg) no-repeat center;height:{w}px}}",
)
_JS = (
    "var _hmt=_hmt||[];(function(){{var hm=document.createElement('script');hm.src='https://hm.baidu.com/hm.js?{h}';"
    "var s=document.getElementsByTagName('script')[0];s.parentNode.insertBefore(hm,s);}})();",
    "$(function(){{$('.navs li').hover(function(){{$(this).find('.sub-nav').stop().slideDown({n});}},"
    "function(){{$(this).find('.sub-nav').stop().slideUp({n});}});}});",
    "window.dataLayer=window.dataLayer||[];function gtag(){{dataLayer.push(arguments);}}gtag('config','G-{h}');",
    "document.querySelectorAll('.tab-{n} li').forEach(function(el,i){{el.onclick=function(){{show({n},i);}};}});",
)
_SITES = (
    "http://www.moe.gov.cn/",
    "https://www.edu.cn/",
    "https://www.cernet.edu.cn/",
    "https://www.chsi.com.cn/",
    "https://www.nsfc.gov.cn/",
    "https://www.most.gov.cn/",
    "https://www.cast.org.cn/",
    "https://www.cas.cn/",
)


def _fill(rng: random.Random, templates: tuple[str, ...], budget: int, joiner: str) -> str:
    parts: list[str] = []
    size = 0
    while size < budget:
        part = rng.choice(templates).format(
            c=f"{rng.randrange(0x1000000):06x}",
            n=rng.randrange(1, 40),
            p=rng.randrange(5, 100),
            w=rng.randrange(320, 1400),
            h=f"{rng.getrandbits(64):016x}",
        )
        parts.append(part)
        size += len(part) + len(joiner)
    return joiner.join(parts)


def _links(rng: random.Random, budget: int) -> str:
    items: list[str] = []
    size = 0
    while size < budget:
        item = f'<li><a href="{rng.choice(_SITES)}{rng.getrandbits(24):06x}.htm" target="_blank">Link {len(items) + 1}</a></li>'
        items.append(item)
        size += len(item) + 1
    return '<ul class="friend-links">\n' + "\n".join(items) + "\n</ul>"


def pad(html: str, target_bytes: int, encoding: str, rng: random.Random) -> str:
    """Grow ``html`` to about ``target_bytes`` (±15%) once encoded, with boilerplate only."""
    goal = int(target_bytes * rng.uniform(0.85, 1.15))
    missing = goal - len(html.encode(encoding))
    if missing <= 200:
        return html
    css = f'<style type="text/css">\n{_fill(rng, _CSS, missing * 4 // 10, chr(10))}\n</style>\n'
    links = f'<div class="footer-links">\n{_links(rng, missing * 3 // 10)}\n</div>\n'
    script = f'<script type="text/javascript">\n{_fill(rng, _JS, missing - len(css) - len(links) - 60, chr(10))}\n</script>\n'
    return html.replace("</head>", css + "</head>", 1).replace(
        "</body>", links + script + "</body>", 1
    )
