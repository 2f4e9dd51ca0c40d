"""Skipping selectors that cannot match a page, without evaluating them over the whole tree.

An XPath selector such as ``//*[contains(concat(' ', normalize-space(@class), ' '),
' entry-content ')]`` (what ``.entry-content`` compiles to) walks every element of the page and
finds nothing on most pages. What it needs is known from its text: some element whose ``class``
contains ``entry-content``. :func:`requirements` reads those needs from a selector once;
:class:`AttributeIndex` gathers, per attribute name and on first use, every value that attribute
has on one page; :class:`PageSelector` asks the index before evaluating a selector on the whole
page, and answers an empty list when a need is not met. Skipping is only ever done where the
selector would have matched nothing, so results never change; a selector whose needs cannot be
read safely (unions, ``not()``, other functions, variables) is always evaluated.

Example::

    >>> requirements("//meta[@property='og:title']/@content")
    ((('property', 'og:title'),),)
    >>> sel = PageSelector(text="<p class='lead'>x</p>")
    >>> sel.xpath("//*[@class='body']").getall(), len(sel.xpath("//p[@class='lead']"))
    ([], 1)
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree
from lxml import html as lxml_html
from parsel import Selector, SelectorList
from parsel.selector import create_root_node

#: ``(attribute, literal)``: some element's ``attribute`` value contains ``literal``.
Need = tuple[str, str]
#: Clauses that must all hold; a clause holds when one of its needs does.
Needs = tuple[tuple[Need, ...], ...]

#: Functions whose arguments cannot hide a predicate that is not needed (see :func:`requirements`).
_SAFE_FUNCTIONS = frozenset(
    ["contains", "concat", "normalize-space", "starts-with", "text", "node", "position", "last"]
)
_FUNCTION = re.compile(r"([A-Za-z_][\w.-]*)\s*\(")
_NAME = r"([A-Za-z_][\w.-]*)"
_LITERAL = r"""(?:'([^']*)'|"([^"]*)")"""
#: Predicate parts that state a need: ``@a='v'``, ``contains(concat(' ', normalize-space(@a),
#: ' '), ' v ')``, ``contains(@a, 'v')``, ``starts-with(@a, 'v')``, ``@a``.
_ATOMS = (
    (re.compile(rf"@{_NAME}\s*=\s*{_LITERAL}"), False),
    (
        re.compile(
            rf"contains\(\s*concat\(\s*' '\s*,\s*normalize-space\(\s*@{_NAME}\s*\)\s*,\s*' '\s*\)"
            rf"\s*,\s*{_LITERAL}\s*\)"
        ),
        True,
    ),
    (re.compile(rf"(?:contains|starts-with)\(\s*@{_NAME}\s*,\s*{_LITERAL}\s*\)"), False),
    (re.compile(rf"@{_NAME}()()"), False),
)
_REQUIREMENTS: dict[str, Needs] = {}


def requirements(xpath: str) -> Needs:
    """What a page must hold for ``xpath`` to match anything: clauses that must all hold, each
    a tuple of ``(attribute, literal)`` needs of which one must hold (some element's attribute
    value contains the literal). ``()`` when nothing can be read safely: the selector must run.

    Needs come from the predicates of the top-level location path only (``[...]`` outside any
    parentheses or other predicate), from each part of an ``and``, or from an ``or`` whose every
    part is a need; anything else in a predicate is passed over. A selector with a union
    (``|``), a variable, or a function other than ``contains``, ``concat``, ``normalize-space``,
    ``starts-with``, ``text``, ``node``, ``position`` and ``last`` states no need. Cached per
    selector text."""
    try:
        return _REQUIREMENTS[xpath]
    except KeyError:
        pass
    needs = _read_needs(xpath)
    _REQUIREMENTS[xpath] = needs  # two threads racing compute the same value, no harm
    return needs


def _read_needs(xpath: str) -> Needs:
    outside = _outside_literals(xpath)
    if "|" in outside or "$" in outside or not _is_path(xpath):
        return ()
    if any(name not in _SAFE_FUNCTIONS for name in _FUNCTION.findall(outside)):
        return ()
    clauses: list[tuple[Need, ...]] = []
    for predicate in _top_predicates(xpath):
        alternatives = _split(predicate, "or")
        if len(alternatives) > 1:
            atoms = [_atom(part) for part in alternatives]
            if all(atom is not None for atom in atoms):
                clauses.append(tuple(a for a in atoms if a is not None))
            continue
        for part in _split(predicate, "and"):
            atom = _atom(part)
            if atom is not None:
                clauses.append((atom,))
    return tuple(dict.fromkeys(clauses))


_STEP = r"(?:(?:[A-Za-z-]+::)?(?:\*|[A-Za-z_][\w.-]*(?::(?:\*|[A-Za-z_][\w.-]*))?)|@(?:\*|[A-Za-z_][\w.-]*)|\.\.|\.)"
#: The steps of a location path, predicates and parentheses apart: ``//div/a``, ``@href``.
_FIRST_STEPS = re.compile(rf"(?:/{{1,2}}|/{{0,2}}{_STEP}(?:/{{1,2}}{_STEP})*)?")
_MORE_STEPS = re.compile(rf"(?:/{{1,2}}{_STEP})*")
_GROUPS = re.compile(r"\[\]|\(\)")


def _is_path(xpath: str) -> bool:
    """True when ``xpath`` is one location path (steps and predicates), not an expression that
    answers something (a comparison, a number) even where nothing matches."""
    top = []
    for _, char, brackets, parens in _scan(xpath):
        opening = brackets == 0 and parens == 0
        closing = (char == "]" and (brackets, parens) == (1, 0)) or (
            char == ")" and (brackets, parens) == (0, 1)
        )
        if opening or closing:
            top.append(char)
    first, *rest = _GROUPS.split("".join(top))
    return bool(_FIRST_STEPS.fullmatch(first)) and all(_MORE_STEPS.fullmatch(p) for p in rest)


def _outside_literals(xpath: str) -> str:
    """``xpath`` with its string literals emptied (``'a|b'`` -> ``''``)."""
    return re.sub(_LITERAL, "''", xpath)


def _scan(text: str) -> list[tuple[int, str, int, int]]:
    """``(index, char, bracket depth, paren depth)`` of each character outside string literals,
    depths as they are before the character."""
    out = []
    quote = None
    brackets = parens = 0
    for i, char in enumerate(text):
        if quote:
            if char == quote:
                quote = None
            continue
        if char in "'\"":
            quote = char
            continue
        out.append((i, char, brackets, parens))
        if char == "[":
            brackets += 1
        elif char == "]":
            brackets -= 1
        elif char == "(":
            parens += 1
        elif char == ")":
            parens -= 1
    return out


def _top_predicates(xpath: str) -> list[str]:
    """The texts of the predicates of the top-level location path."""
    predicates = []
    start = None
    for i, char, brackets, parens in _scan(xpath):
        if char == "[" and brackets == 0 and parens == 0:
            start = i + 1
        elif char == "]" and brackets == 1 and start is not None:
            predicates.append(xpath[start:i])
            start = None
    return predicates


def _split(predicate: str, operator: str) -> list[str]:
    """``predicate`` cut at each ``operator`` (``and``/``or``) outside parentheses, brackets
    and literals."""
    parts, start = [], 0
    word = f" {operator} "
    for i, char, brackets, parens in _scan(predicate):
        if (
            char == " "
            and brackets == 0
            and parens == 0
            and predicate.startswith(word, i)
            and i >= start
        ):
            parts.append(predicate[start:i])
            start = i + len(word)
    parts.append(predicate[start:])
    return parts


def _atom(part: str) -> Need | None:
    """The need ``part`` states when it is exactly one need (outer parentheses aside)."""
    text = part.strip()
    while text.startswith("(") and text.endswith(")") and _balanced(text[1:-1]):
        text = text[1:-1].strip()
    for pattern, normalized in _ATOMS:
        match = pattern.fullmatch(text)
        if match is None:
            continue
        name = match.group(1)
        literal = match.group(2) if match.group(2) is not None else match.group(3) or ""
        if normalized:
            literal = literal.strip()
            if any(char.isspace() for char in literal):
                return None  # normalize-space may have joined what the raw value spaces apart
        return name, literal
    return None


def _balanced(text: str) -> bool:
    depth = 0
    for _, char, _, _ in _scan(text):
        depth += (char == "(") - (char == ")")
        if depth < 0:
            return False
    return depth == 0


class AttributeIndex:
    """Every value of each attribute on one parsed page, gathered per name on first use (one
    walk of the tree per attribute name, in C). Not shared between threads."""

    _PATHS: dict[str, etree.XPath] = {}

    def __init__(self, root: Any) -> None:
        self.root = root
        self._values: dict[str, str | None] = {}

    def values(self, name: str) -> str | None:
        """The values of attribute ``name`` joined by line breaks; None when no element has it."""
        try:
            return self._values[name]
        except KeyError:
            pass
        path = self._PATHS.get(name)
        if path is None:
            path = self._PATHS[name] = etree.XPath(
                f"descendant-or-self::*/@{name}", smart_strings=False
            )
        found = path(self.root)
        joined = "\n".join(found) if found else None
        self._values[name] = joined
        return joined

    def holds(self, need: Need) -> bool:
        """True when some element's attribute ``need[0]`` contains ``need[1]``."""
        values = self.values(need[0])
        return values is not None and need[1] in values

    def may_match(self, xpath: str) -> bool:
        """False only when ``xpath`` cannot match anything on this page (a need is not met)."""
        return all(any(self.holds(need) for need in clause) for clause in requirements(xpath))


#: lxml.html's element classes, looked up in C: its own lookup is a Python method called for
#: every element object made (measured: a tenth of extraction time). Only its form-field
#: classes (``<form>``, ``<input>``...: form-filling helpers) are not given.
_ELEMENT_CLASSES = etree.ElementDefaultClassLookup(
    element=lxml_html.HtmlElement,
    comment=lxml_html.HtmlComment,
    pi=lxml_html.HtmlProcessingInstruction,
    entity=lxml_html.HtmlEntity,
)
_OPENS_WITH_TAG = re.compile(r"\s*<")
#: What makes parsel read a text as XML, not HTML.
_XML_DECLARATION = re.compile(r"[\s\ufeff]*<\?xml\s")


class _HtmlParser(lxml_html.HTMLParser):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.set_element_class_lookup(_ELEMENT_CLASSES)


class PageSelector(Selector):
    """A parsel :class:`~parsel.Selector` over a whole page that skips, on the page itself,
    every XPath selector the page cannot match (:class:`AttributeIndex`) and evaluates each
    query once (the page's tree is never changed while its fields are read, so a query's
    answer does not change); the selectors it returns (sub-elements) evaluate every query as
    parsel does. Results are parsel's own; each call returns a list of its own.

    ``PageSelector(text=html)`` parses an HTML text as parsel does, with lxml.html's element
    classes looked up in C (:data:`_ELEMENT_CLASSES`); a text parsel reads as XML or JSON, and
    any other argument, goes to parsel unchanged."""

    def __init__(self, text: str | None = None, **kwargs: Any) -> None:
        self._index: AttributeIndex | None = None
        self._answers: dict[str, SelectorList[PageSelector]] = {}
        if text is None:  # a result of a query: parsel's own selector
            super().__init__(**kwargs)
            return
        if (
            isinstance(text, str)
            and not kwargs
            and _OPENS_WITH_TAG.match(text)  # so never a JSON document
            and not _XML_DECLARATION.match(text)
        ):
            super().__init__(root=create_root_node(text, _HtmlParser), type="html")
        else:
            super().__init__(text, **kwargs)
        if isinstance(self.root, etree._Element):
            self._index = AttributeIndex(self.root)

    def xpath(
        self, query: str, namespaces: Any = None, **kwargs: Any
    ) -> SelectorList[PageSelector]:
        """As :meth:`parsel.Selector.xpath`; on the page itself, an empty list without
        evaluating ``query`` when the page cannot match it, and a query asked before answered
        as it was then."""
        if self._index is None or kwargs or namespaces:
            return super().xpath(query, namespaces, **kwargs)
        answer = self._answers.get(query)
        if answer is None:
            matchable = self._index.may_match(query)
            answer = super().xpath(query) if matchable else self.selectorlist_cls([])
            self._answers[query] = answer
        return self.selectorlist_cls(answer)
