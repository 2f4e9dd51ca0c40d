"""The replica CMS families, by name."""

from newscrawler.replica.families.base import ArticleView, Family, Link
from newscrawler.replica.families.custom_en import CustomEnFamily
from newscrawler.replica.families.drupal import DrupalFamily
from newscrawler.replica.families.drupal_fields import DrupalFieldsFamily
from newscrawler.replica.families.homegrown_div import HomegrownDivFamily
from newscrawler.replica.families.homegrown_table import HomegrownTableFamily
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

#: Portals of templates of their own, of no CMS family (issue 17): two home-grown Chinese sites and
#: an English newsroom on a custom CMS. No extraction rule was written for them; they measure what
#: is learned from a portal's own pages (crawl them with ``--cms auto``).
UNSEEN: dict[str, type[Family]] = {
    portal.name: portal for portal in (HomegrownDivFamily, HomegrownTableFamily, CustomEnFamily)
}

__all__ = ["FAMILIES", "THEMES", "UNSEEN", "ArticleView", "Family", "Link"]
