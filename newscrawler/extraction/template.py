"""A portal's own template, learned from its captured detail pages: data, not code.

A portal's detail pages share one template. What repeats across them (banners, site and column
headings, navigation, footers, share bars) is *furniture* and is never a field; where each field
sits (the headline, the date line, the metadata line, the body container, captions, credits, the
view counter) is the element that holds it on most pages. :class:`SiteTemplate` is that knowledge
as a versioned, readable document, stored in the archive beside the captures it was learned from;
every article version names the template version it was extracted with (issue 17).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any

#: Format of the serialized document; bump when a reader of an older format cannot read it.
TEMPLATE_FORMAT = 1

#: The fewest captured detail pages a template is learned from (a portal's first listing page).
MIN_PAGES = 5


@dataclass
class FieldRule:
    """Where one field sits on the portal's pages.

    ``path``: an XPath 1.0 expression evaluated on the whole page; ``agreement``: the fraction (0..1)
    of the pages learned from on which the rule gave the field's value; ``examples``: a few values
    it gave, for a person reading the template.
    """

    path: str
    agreement: float
    examples: list[str] = field(default_factory=list)


@dataclass
class SiteTemplate:
    """A learned template: ``site`` id, ``version`` (1, 2, … per site), ``learned_from`` (the URLs
    of the pages it was learned from, sorted), ``fields`` (field name → :class:`FieldRule`; names
    are the item's fields plus ``meta_line``), ``furniture`` (fingerprints of the text blocks that
    repeat across the pages; see the learner for how a block is fingerprinted)."""

    site: str
    version: int = 1
    learned_from: list[str] = field(default_factory=list)
    fields: dict[str, FieldRule] = field(default_factory=dict)
    furniture: list[str] = field(default_factory=list)
    format: int = TEMPLATE_FORMAT

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping; :meth:`from_dict` reads it back."""
        return asdict(self)

    def to_json(self) -> str:
        """The document as indented JSON with sorted keys (stable across runs)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2, sort_keys=True)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SiteTemplate:
        """Read a document written by :meth:`to_dict`.

        Raises :class:`ValueError` naming the key when the document is not a template of a known
        format.
        """
        if not isinstance(data, dict) or "site" not in data:
            raise ValueError("site template: missing key 'site'")
        if int(data.get("format", TEMPLATE_FORMAT)) > TEMPLATE_FORMAT:
            raise ValueError(f"site template: unknown format {data.get('format')!r}")
        rules = data.get("fields") or {}
        if not isinstance(rules, dict):
            raise ValueError("site template: key 'fields' is not a mapping")
        return cls(
            site=str(data["site"]),
            version=int(data.get("version", 1)),
            learned_from=[str(u) for u in data.get("learned_from") or []],
            fields={name: FieldRule(**rule) for name, rule in rules.items()},
            furniture=[str(f) for f in data.get("furniture") or []],
        )

    @classmethod
    def from_json(cls, text: str) -> SiteTemplate:
        """Read :meth:`to_json`'s output (raises :class:`ValueError` as :meth:`from_dict`)."""
        return cls.from_dict(json.loads(text))


def block_fingerprint(text: str) -> str:
    """The fingerprint of a text block, as :attr:`SiteTemplate.furniture` lists them.

    The block's text with all whitespace removed and letters lower-cased, hashed (SHA-1, first 16
    hex digits), so re-indented markup and case changes give the same fingerprint.
    """
    squeezed = "".join(text.split()).lower()
    return hashlib.sha1(squeezed.encode("utf-8")).hexdigest()[:16]
