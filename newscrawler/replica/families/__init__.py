"""The replica CMS families, by name."""

from newscrawler.replica.families.base import ArticleView, Family, Link
from newscrawler.replica.families.drupal import DrupalFamily
from newscrawler.replica.families.drupal_fields import DrupalFieldsFamily
from newscrawler.replica.families.ustb import UstbEnFamily
from newscrawler.replica.families.vsb import VsbFamily
from newscrawler.replica.families.vsb_table import VsbTableFamily
from newscrawler.replica.families.webplus import WebPlusFamily
from newscrawler.replica.families.webplus_campus import WebPlusCampusFamily
from newscrawler.replica.families.wordpress import WordPressFamily
from newscrawler.replica.families.wordpress_builder import WordPressBuilderFamily

FAMILIES: dict[str, type[Family]] = {
    family.name: family
    for family in (VsbFamily, WebPlusFamily, WordPressFamily, DrupalFamily, UstbEnFamily)
}
#: Themes of those families that the extractor was never tuned to (a different template of the
#: same CMS), for measuring extraction on portals it has not seen. Not part of ``newscrawler demo``.
THEMES: dict[str, type[Family]] = {
    theme.name: theme
    for theme in (VsbTableFamily, WebPlusCampusFamily, DrupalFieldsFamily, WordPressBuilderFamily)
}

__all__ = ["FAMILIES", "THEMES", "ArticleView", "Family", "Link"]
