"""CMS family detection from markup, for ``--cms auto``."""

from __future__ import annotations

import pytest

from newscrawler.extraction.detect import detect_family


@pytest.mark.parametrize(
    ("markup", "family"),
    [
        (
            "<div class='v_news_content'></div><script>_showDynClicks('wbnews', 1, 2)</script>",
            "vsb",
        ),
        ("<div class='wp_articlecontent'></div><span class='WP_VisitCount'></span>", "webplus"),
        ("<link href='/wp-content/themes/x.css'><div class='entry-content'></div>", "wordpress"),
        ("<meta name='Generator' content=\"Drupal 8\"><div data-drupal-messages></div>", "drupal"),
    ],
)
def test_markers_name_the_family(markup: str, family: str) -> None:
    assert detect_family(markup) == family


def test_a_page_without_markers_has_no_family() -> None:
    assert detect_family("<html><body><article><p>Hello</p></article></body></html>") is None
