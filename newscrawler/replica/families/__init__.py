"""The replica CMS families, by name."""

from newscrawler.replica.families.base import ArticleView, Family, Link
from newscrawler.replica.families.drupal import DrupalFamily
from newscrawler.replica.families.ustb import UstbEnFamily
from newscrawler.replica.families.vsb import VsbFamily
from newscrawler.replica.families.webplus import WebPlusFamily
from newscrawler.replica.families.wordpress import WordPressFamily

FAMILIES: dict[str, type[Family]] = {
    family.name: family
    for family in (VsbFamily, WebPlusFamily, WordPressFamily, DrupalFamily, UstbEnFamily)
}

__all__ = ["FAMILIES", "ArticleView", "Family", "Link"]
