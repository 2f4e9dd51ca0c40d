"""newscrawler: a faithful, queryable archive of university news portals."""

from __future__ import annotations

import sys
from importlib.abc import MetaPathFinder
from importlib.machinery import ModuleSpec, PathFinder
from pathlib import Path

__version__ = "0.1.0"

#: The software's name and version: the User-Agent's product token, a WARC file's ``software``.
SOFTWARE = f"newscrawler/{__version__}"


def user_agent(contact: str) -> str:
    """The User-Agent header of every request: ``newscrawler/VERSION (+CONTACT)``, ``contact``
    being the URL or mail address of whoever runs the crawl (``NEWSCRAWLER_CONTACT``)."""
    return f"{SOFTWARE} (+{contact})"


#: Sub-packages kept at the repository's top level; ``pip install`` puts them inside the
#: package (see pyproject.toml), a checkout finds them beside it.
_TOP_LEVEL = ("pipelines", "exports")


class _CheckoutFinder(MetaPathFinder):
    """Finds ``newscrawler.pipelines`` and ``newscrawler.exports`` in the folders of a checkout
    that is not installed, so ``cd checkout && scrapy crawl portal ...`` works without pip."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def find_spec(
        self, fullname: str, path: object = None, target: object = None
    ) -> ModuleSpec | None:
        package, _, name = fullname.partition(".")
        if package != __name__ or name not in _TOP_LEVEL:
            return None
        return PathFinder.find_spec(fullname, [str(self.root)])


def _find_checkout_packages() -> None:
    here = Path(__file__).resolve().parent
    root = here.parent
    installed = all((here / name).is_dir() for name in _TOP_LEVEL)
    registered = any(isinstance(finder, _CheckoutFinder) for finder in sys.meta_path)
    if (root / "pyproject.toml").is_file() and not installed and not registered:
        sys.meta_path.insert(0, _CheckoutFinder(root))


_find_checkout_packages()
