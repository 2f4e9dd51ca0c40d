"""The replica portals over real HTTP: links, pages, counters, broken cases, size, laziness."""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from newscrawler.replica import FAMILIES, ReplicaServer, build_portal

REFERENCE = Path(__file__).parent / "reference" / "ustb-en-digital-transformation.expected.json"


def fetch(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def links(page_url: str, body: str) -> set[str]:
    """Same-site targets (path?query) the page links to."""
    found = set()
    for href in re.findall(r'href=["\']([^"\']+)["\']', body):
        url = urljoin(page_url, href.replace("&amp;", "&"))
        parts = urlsplit(url)
        if parts.netloc == urlsplit(page_url).netloc:
            found.add(parts.path + ("?" + parts.query if parts.query else ""))
    return found


@pytest.fixture(scope="module", params=sorted(FAMILIES))
def served(request: pytest.FixtureRequest):
    portal = build_portal(request.param, n_articles=12, seed=0)
    with ReplicaServer([portal]) as server:
        yield portal, server


def test_listings_link_to_each_other_and_to_every_article(served) -> None:
    portal, server = served
    base = server.url(portal)
    assert len(portal.listing_paths()) >= 3
    seen: set[str] = set()
    for path in portal.listing_paths():
        status, _, body = fetch(base + path)
        assert status == 200
        seen |= links(base + path, body.decode(portal.encoding))
    assert set(portal.listing_paths()[1:]) <= seen
    assert set(portal.expected()) <= seen


def test_every_expected_article_answers_with_its_title(served) -> None:
    portal, server = served
    expected = portal.expected()
    assert len(expected) >= 10
    for path, item in expected.items():
        status, _, body = fetch(server.url(portal) + path)
        assert status == 200, path
        assert item["title"] in body.decode(portal.encoding).replace("&#x27;", "'")


def test_expected_items_are_complete(served) -> None:
    portal, _ = served
    items = list(portal.expected().values())
    assert sum(item["published"] is None for item in items) == 1
    assert all(item["body"] and item["credits"] and item["topics"] for item in items)
    assert any(item["captions"] for item in items)
    for item in items:
        captioned = [caption["image_url"] for caption in item["captions"]]
        assert all(url in item["images"] for url in captioned)


def test_counters_return_expected_views(served) -> None:
    portal, server = served
    base = server.url(portal)
    for path, item in portal.expected().items():
        body = fetch(base + path)[2].decode(portal.encoding)
        clicks = re.search(r'_showDynClicks\("wbnews", (\d+), (\d+)\)', body)
        visit = re.search(r'class="WP_VisitCount" url="([^"]+)"', body)
        if clicks:
            counter = (
                f"/system/resource/code/news/click/dynclicks.jsp?clickid={clicks[2]}"
                f"&owner={clicks[1]}&clicktype=wbnews"
            )
        elif visit:
            counter = visit[1]
        else:
            printed = re.search(r'post-views-count">(\d+)<', body)
            assert (int(printed[1]) if printed else None) == item["views"]
            continue
        status, _, count = fetch(base + counter)
        assert status == 200 and int(count) == item["views"]


def test_broken_cases(served) -> None:
    portal, server = served
    base = server.url(portal)
    robots = fetch(base + "/robots.txt")[2].decode()
    disallowed = re.search(r"Disallow: (\S+)", robots)[1]
    first = fetch(base + portal.start_path)[2].decode(portal.encoding)
    last = fetch(base + portal.listing_paths()[-1])[2].decode(portal.encoding)
    linked = links(base + portal.start_path, first) | links(base + portal.listing_paths()[-1], last)
    statuses = {target: fetch(base + target)[0] for target in linked}
    assert 404 in statuses.values() and 500 in statuses.values()
    private = [target for target in linked if target.startswith(disallowed)]
    assert private and all(statuses[target] == 200 for target in private)
    assert not set(portal.expected()) & {
        t for t, s in statuses.items() if s != 200 or t.startswith(disallowed)
    }
    assert fetch(base + portal.path_of(portal.error_number))[0] == 500  # every time


def test_duplicate_url_serves_the_same_article(served) -> None:
    portal, server = served
    base = server.url(portal)
    main = portal.path_of(portal.duplicate_number)
    alias = portal.layout.alias_path(portal.article(portal.duplicate_number))
    detail = fetch(base + portal.article_paths()[0])[2].decode(portal.encoding)
    assert alias in links(base + portal.article_paths()[0], detail)
    status, _, body = fetch(base + alias)
    text = body.decode(portal.encoding)
    assert status == 200 and portal.expected()[main]["title"] in text.replace("&#x27;", "'")
    assert alias not in portal.expected()
    assert ('rel="canonical"' in text) == portal.layout.canonical_on_alias


def test_gbk_portal_is_really_gbk() -> None:
    portal = build_portal("vsb")
    with ReplicaServer([portal]) as server:
        _, headers, body = fetch(server.url(portal) + portal.article_paths()[0])
    assert "gbk" in headers["Content-Type"].lower()
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    assert portal.expected()[portal.article_paths()[0]]["title"] in body.decode("gbk")


def test_two_portals_on_two_ports_and_hits() -> None:
    vsb, drupal = build_portal("vsb"), build_portal("drupal")
    with ReplicaServer([vsb, drupal]) as server:
        assert server.url(vsb) != server.url(drupal)
        assert fetch(server.url(vsb) + vsb.start_path)[0] == 200
        assert fetch(server.url(drupal) + drupal.start_path)[0] == 200
        assert fetch(server.url(drupal) + vsb.start_path)[0] == 404
        assert server.hits(vsb) == {vsb.start_path: 1}
        assert server.hits(drupal)[drupal.start_path] == 1


def test_reference_article() -> None:
    portal = build_portal("ustb-en")
    item = portal.expected()["/info/1091/5462.htm"]
    reference = json.loads(REFERENCE.read_text("utf-8"))
    for key in ("title", "body", "credits", "topics", "published", "language"):
        assert item[key] == reference[key], key
    assert [c["text"] for c in item["captions"]] == [c["text"] for c in reference["captions"]]
    assert all(caption["image_url"].startswith("/__local/") for caption in item["captions"])
    with ReplicaServer([portal]) as server:
        body = fetch(server.url(portal) + "/info/1091/5462.htm")[2].decode()
        assert '<span class="value">August 24,2022</span>' in body
        assert '_showDynClicks("wbnews", 1738716478, 5462)' in body
        clicks = "/system/resource/code/news/click/dynclicks.jsp?clickid=5462&owner=1738716478&clicktype=wbnews"
        assert int(fetch(server.url(portal) + clicks)[2]) == item["views"]


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_page_kb_pads_pages(family: str) -> None:
    portal = build_portal(family, page_kb=50)
    for path in [*portal.listing_paths(), *portal.article_paths()[:4]]:
        assert 30 * 1024 <= len(portal.response(path).body) <= 80 * 1024, path
    plain = build_portal(family)
    path = portal.article_paths()[0]
    assert portal.expected()[path] == plain.expected()[path]


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_large_portal_is_lazy(family: str) -> None:
    started = time.perf_counter()
    portal = build_portal(family, n_articles=100_000)
    deep = portal.path_of(portal.n_articles // 2 - 7)
    reply = portal.response(deep)
    assert time.perf_counter() - started < 2
    assert reply.status == 200
    assert len(portal.listing_paths()) == 20_000
    assert portal.response(portal.listing_paths()[-1]).status == 200


def test_deep_article_over_http() -> None:
    portal = build_portal("vsb", n_articles=100_000)
    with ReplicaServer([portal]) as server:
        path = portal.path_of(2)  # the third oldest, on the last listing page
        assert fetch(server.url(portal) + path)[0] == 200


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_deterministic(family: str) -> None:
    a, b = build_portal(family, seed=3), build_portal(family, seed=3)
    for path in [a.start_path, *a.article_paths()[:3]]:
        assert a.response(path) == b.response(path)
    assert a.expected() == b.expected()
    assert build_portal(family, seed=4).response(a.start_path) != a.response(a.start_path)


def test_revise_changes_the_page_and_the_expected_item() -> None:
    portal = build_portal("webplus")
    path = portal.article_paths()[2]
    before = portal.response(path).body
    portal.revise(path, "补充说明：活动时间有调整。")
    assert portal.response(path).body != before
    assert portal.expected()[path]["body"].endswith("\n\n补充说明：活动时间有调整。")


def test_write_static(tmp_path: Path) -> None:
    portal = build_portal("drupal")
    manifest = portal.write_static(tmp_path)
    rows = [line.split("\t") for line in manifest.read_text("utf-8").splitlines()[1:]]
    served = {target: (status, file) for target, status, _, file in rows}
    for path in [*portal.listing_paths(), *portal.article_paths(), "/robots.txt"]:
        status, file = served[path]
        assert status == "200" and (tmp_path / file).read_bytes() == portal.response(path).body
