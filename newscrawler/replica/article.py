"""The content of one replica article, independent of markup, and its expected item."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from newscrawler.replica import text

#: printed role label -> normalized role (docs/design.md §4)
ROLES = {
    "作者": "author",
    "撰稿": "author",
    "通讯员": "author",
    "Draft": "author",
    "By": "author",
    "文": "author",
    "来源": "source",
    "信息来源": "source",
    "图": "photographer",
    "Photography": "photographer",
    "摄影": "photographer",
    "Photo": "photographer",
    "责任编辑": "editor",
    "编辑": "editor",
    "Revision": "editor",
    "Editor": "editor",
    "审核": "reviewer",
}


@dataclass(frozen=True)
class Credit:
    """One printed credit line: a label (as printed) and the names on it."""

    label: str
    names: tuple[str, ...]

    @property
    def role(self) -> str:
        return ROLES[self.label]


@dataclass(frozen=True)
class Block:
    """A body block: a paragraph (``src`` empty) or an image with an optional caption."""

    text: str
    src: str = ""
    photo_credit: Credit | None = None

    @property
    def is_image(self) -> bool:
        return bool(self.src)


@dataclass
class Article:
    """Markup-free content of one article.

    ``number`` counts from the oldest article (0) and never changes when the portal grows;
    ``index`` counts from the newest (0), the order of the listing pages.
    """

    number: int
    index: int
    title: str
    blocks: list[Block]
    byline: list[Credit]
    footer: list[Credit]
    topics: list[str]
    published: datetime | None
    views: int
    language: str
    with_time: bool = True
    extra: dict[str, Any] = field(default_factory=dict)
    #: Files linked as attachments, ``(path, title)``; each is printed as one line after the
    #: text (the line stays in the body, as on real portals).
    attachments: list[tuple[str, str]] = field(default_factory=list)

    @property
    def paragraphs(self) -> list[str]:
        return [block.text for block in self.blocks if not block.is_image]

    @property
    def images(self) -> list[Block]:
        return [block for block in self.blocks if block.is_image]

    def published_iso(self) -> str | None:
        """The date as the item must carry it: with time and offset only when printed."""
        if self.published is None:
            return None
        if self.with_time:
            return self.published.isoformat()
        return self.published.date().isoformat()

    def credits(self) -> list[Credit]:
        """All credit lines in page order: byline, photo credits in figures, footer."""
        in_figures = [block.photo_credit for block in self.blocks if block.photo_credit]
        return [*self.byline, *in_figures, *self.footer]

    def expected(self, path: str) -> dict[str, Any]:
        """The item a correct extractor produces for this article served at ``path``."""
        return {
            "url": path,
            "title": self.title,
            "body": "\n\n".join([*self.paragraphs, *(title for _, title in self.attachments)]),
            "captions": [{"image_url": b.src, "text": b.text} for b in self.images if b.text],
            "images": [block.src for block in self.images],
            "credits": [
                {"role": credit.role, "label": credit.label, "name": name}
                for credit in self.credits()
                for name in credit.names
            ],
            "topics": list(self.topics),
            "published": self.published_iso(),
            "views": self.views,
            "language": self.language,
            "attachments": [{"url": path, "title": title} for path, title in self.attachments],
        }


@dataclass(frozen=True)
class Style:
    """How a family's articles are written: language, credits, topics, dates."""

    family: str
    language: str
    credit_style: str  # "zh", "ustb", "wordpress" or "drupal"
    topics: tuple[str, ...]
    tz_hours: int
    with_time: bool
    newest: datetime

    @property
    def tz(self) -> timezone:
        return timezone(timedelta(hours=self.tz_hours))


def _names(style: Style, rng: text.random.Random, most: int) -> tuple[str, ...]:
    return tuple(text.person(style.language, rng) for _ in range(rng.randint(1, most)))


def _credits(style: Style, rng: text.random.Random) -> tuple[list[Credit], list[Credit]]:
    """Byline credits (printed with the metadata) and footer credits (end of the body)."""
    lang = style.language
    if style.credit_style == "zh":
        byline = [
            Credit("作者", _names(style, rng, 2)),
            Credit("来源", (rng.choice(text.ZH_SOURCES),)),
        ]
        footer = [
            Credit(rng.choice(("撰稿", "通讯员")), _names(style, rng, 2)),
            Credit("摄影", _names(style, rng, 2)),
            Credit("责任编辑", _names(style, rng, 1)),
        ]
        if rng.random() < 0.5:
            footer.append(Credit("审核", _names(style, rng, 1)))
        return byline, footer
    if style.credit_style == "ustb":
        footer = [
            Credit("Draft", (text.person(lang, rng),)),
            Credit("Revision", (text.person(lang, rng),)),
        ]
        return [], footer
    byline = [Credit("By", (text.person(lang, rng),))]
    if style.credit_style == "wordpress":
        return byline, [
            Credit("Photo", (text.person(lang, rng),)),
            Credit("Editor", (text.person(lang, rng),)),
        ]
    return byline, []


def base_time(style: Style, number: int, total: int) -> datetime:
    """Publication time of article ``number`` before jitter: evenly spaced back from the newest."""
    gap = min(timedelta(hours=26), timedelta(days=7300) / max(total, 1))
    return style.newest - gap * (total - 1 - number)


def make_article(style: Style, seed: int, number: int, total: int, image_path: Any) -> Article:
    """Generate article ``number`` (0 = oldest) of a portal of ``total`` articles.

    ``image_path(number, i)`` gives the family's path of the article's i-th image.
    """
    rng = text.rng_for(seed, style.family, number)
    index = total - 1 - number
    gap = min(timedelta(hours=26), timedelta(days=7300) / max(total, 1))
    jitter = timedelta(minutes=rng.randrange(int(gap.total_seconds() // 120) or 1))
    published = (base_time(style, number, total) - jitter).astimezone(style.tz)
    if not style.with_time:
        published = published.replace(hour=0, minute=0, second=0, microsecond=0)
    published = published.replace(second=0, microsecond=0)
    blocks: list[Block] = []
    photo_names = iter(text.person(style.language, rng) for _ in range(8))
    images = 0
    for _ in range(rng.randint(3, 6)):
        blocks.append(Block(text.paragraph(style.language, rng)))
        if images < 3 and rng.random() < 0.6:
            credit = (
                Credit("Photo", (next(photo_names),)) if style.credit_style == "drupal" else None
            )
            blocks.append(
                Block(text.caption(style.language, rng), image_path(number, images), credit)
            )
            images += 1
    if rng.random() < 0.4:  # a decorative image without a caption
        blocks.insert(1, Block("", image_path(number, images)))
    byline, footer = _credits(style, rng)
    topics = [rng.choice(style.topics)] if len(style.topics) > 1 else list(style.topics)
    return Article(
        number,
        index,
        text.title(style.language, seed, style.family, number),
        blocks,
        byline,
        footer,
        topics,
        published,
        rng.randint(50, 5000),
        style.language,
        style.with_time,
    )
