"""Site profiles are data: validated on load, with errors naming the file and the key."""

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from newscrawler.cli import cli
from newscrawler.profiles import (
    FAMILIES,
    ProfileError,
    list_profiles,
    load_preset,
    load_profile,
    load_profile_file,
    profile_for_url,
)


def write(tmp_path: Path, text: str, name: str = "example.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_every_bundled_profile_loads_and_names_a_known_family():
    profiles = list_profiles()
    assert {p.id for p in profiles} >= {"ustb-en"}
    for profile in profiles:
        assert profile.cms in (*FAMILIES, "auto")
        assert profile.start_urls, profile.id


@pytest.mark.parametrize("family", FAMILIES)
def test_every_preset_compiles_and_has_detail_patterns(family):
    preset = load_preset(family)
    assert preset.detail_patterns
    assert preset.xpaths("body")


def test_profile_overrides_only_what_differs(tmp_path):
    path = write(
        tmp_path,
        'cms = "vsb"\nstart_urls = ["https://news.example.edu.cn/xwzx.htm"]\n'
        '[selectors]\ntitle = ["h2.headline"]\n[crawl]\ndownload_delay = 3\n',
    )
    profile = load_profile_file(path)
    vsb = load_preset("vsb")
    assert profile.id == "example"
    assert profile.xpaths("title") != vsb.xpaths("title")
    assert profile.xpaths("body") == vsb.xpaths("body")
    assert profile.crawl["download_delay"] == 3
    assert profile.crawl["concurrency"] == vsb.crawl["concurrency"]
    assert profile.allowed_domains == ("news.example.edu.cn",)
    assert profile.overrides == frozenset({"title"})
    assert profile.hooks == vsb.hooks == ("vsb",)  # the family's quirks come with its preset


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('cms = "joomla"\nstart_urls = ["https://a.edu/"]', "key 'cms'"),
        (
            'cms = "vsb"\nstart_urls = ["https://a.edu/"]\nstart_url = "x"',
            "unknown key 'start_url'",
        ),
        ('cms = "vsb"', "missing key 'start_urls'"),
        ('start_urls = ["https://a.edu/"]', "missing key 'cms'"),
        ('cms = "vsb"\nstart_urls = ["ftp://a.edu/"]', "start_urls"),
        (
            'cms = "vsb"\nstart_urls = ["https://a.edu/"]\n[selectors]\nbody = ["div[[["]',
            "selectors.body[0]",
        ),
        (
            'cms = "vsb"\nstart_urls = ["https://a.edu/"]\n[selectors]\nbody = ["//div[@"]',
            "selectors.body[0]",
        ),
        (
            'cms = "vsb"\nstart_urls = ["https://a.edu/"]\n[selectors]\nbodyy = ["p"]',
            "unknown key 'bodyy'",
        ),
        (
            'cms = "vsb"\nstart_urls = ["https://a.edu/"]\n[crawl]\nconcurrency = -1',
            "crawl.concurrency",
        ),
        ('cms = "vsb"\nstart_urls = ["https://a.edu/"]\nevery = "often"', "every"),
        ('cms = "vsb"\nstart_urls = ["https://a.edu/"]\ntimezone = "CST"', "timezone"),
        (
            'cms = "vsb"\nstart_urls = ["https://a.edu/"]\ndetail_patterns = ["(unclosed"]',
            "detail_patterns[0]",
        ),
        ('cms = "vsb"\nstart_urls = [', "not valid TOML"),
        (
            'cms = "vsb"\nstart_urls = ["https://a.edu/"]\nhooks = ["joomla"]',
            "unknown hook 'joomla'",
        ),
    ],
)
def test_invalid_profile_fails_on_load_naming_file_and_key(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(ProfileError) as excinfo:
        load_profile_file(path)
    assert str(path) in str(excinfo.value)
    assert message in str(excinfo.value)


def test_unknown_site_id_lists_the_known_ones():
    with pytest.raises(ProfileError, match="ustb-en"):
        load_profile("no-such-site")


def test_a_portal_without_profile_needs_only_url_and_family():
    profile = profile_for_url("https://news.example.edu.cn/xwzx/xxyw.htm", "vsb")
    assert profile.start_urls == ("https://news.example.edu.cn/xwzx/xxyw.htm",)
    assert profile.allowed_domains == ("news.example.edu.cn",)
    assert profile.detail_patterns == load_preset("vsb").detail_patterns


def test_schedule_is_parsed_to_seconds(tmp_path):
    path = write(tmp_path, 'cms = "auto"\nstart_urls = ["https://a.edu/"]\nevery = "6h"')
    assert load_profile_file(path).every == 6 * 3600


@pytest.mark.parametrize("every", ["1m", "90m", "6h", "36h", "2d", "45s"])
def test_sites_shows_a_schedule_as_it_was_written(tmp_path, every):
    mine = tmp_path / "mine"
    mine.mkdir()
    write(mine, f'cms = "auto"\nstart_urls = ["https://a.edu/"]\nevery = "{every}"')
    result = CliRunner().invoke(cli, ["sites", "--json", "--profiles", str(mine)])
    assert result.exit_code == 0, result.output
    (row,) = [r for r in json.loads(result.stdout) if r["id"] == "example"]
    assert row["every"] == every


def test_profiles_of_your_own_live_outside_the_package(tmp_path, monkeypatch):
    mine = tmp_path / "portals"
    mine.mkdir()
    write(
        mine,
        'cms = "webplus"\nstart_urls = ["https://news.example.edu.cn/xwzx/list.htm"]\n',
        "example.toml",
    )
    write(
        mine,
        'cms = "auto"\nname = "my own"\nstart_urls = ["https://en.ustb.edu.cn/"]\n',
        "ustb-en.toml",
    )
    monkeypatch.setenv("NEWSCRAWLER_PROFILES", str(mine))
    assert load_profile("example").cms == "webplus"
    assert load_profile("ustb-en").name == "my own"  # yours hides the bundled one
    ids = [p.id for p in list_profiles()]
    assert "example" in ids and ids.count("ustb-en") == 1 and "whu-news" in ids


def test_a_missing_profile_folder_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSCRAWLER_PROFILES", str(tmp_path / "nowhere"))
    with pytest.raises(ProfileError, match="does not exist"):
        list_profiles()


def test_every_problem_in_a_profile_is_reported_at_once(tmp_path):
    path = write(
        tmp_path,
        'id = 5\ncms = "vsb"\nstart_urls = ["file:///etc/passwd"]\nevery = "often"\n'
        '[crawl]\nconcurrency = 0\ndownload_delay = -1\n[selectors]\nbody = ["div[[["]\n',
    )
    with pytest.raises(ProfileError) as excinfo:
        load_profile_file(path)
    message = str(excinfo.value)
    assert message.startswith(f"{path}: 6 problems:")
    for part in (
        "key 'id'",
        "start_urls: 'file:///etc/passwd' is not an http(s) URL",
        "every:",
        "crawl.concurrency",
        "crawl.download_delay",
        "selectors.body[0]",
    ):
        assert part in message


@pytest.mark.parametrize(
    ("crawl", "key"),
    [
        ("concurrency = 0", "crawl.concurrency"),
        ("concurrency = true", "crawl.concurrency"),
        ("max_listing_pages = 2.5", "crawl.max_listing_pages"),
        ("stop_after_known = false", "crawl.stop_after_known"),
        ("download_delay = true", "crawl.download_delay"),
        ("download_delay = -0.5", "crawl.download_delay"),
        ('download_delay = "1"', "crawl.download_delay"),
        ("recheck_after = 30", "crawl.recheck_after"),
    ],
)
def test_crawl_values_are_checked_strictly_no_bool_for_a_number(tmp_path, crawl, key):
    path = write(tmp_path, f'cms = "vsb"\nstart_urls = ["https://a.edu/"]\n[crawl]\n{crawl}\n')
    with pytest.raises(ProfileError, match=re.escape(key)):
        load_profile_file(path)


@pytest.mark.parametrize("value", ["5", "true", '""', '"../etc"', '["a"]'])
def test_a_profile_id_must_be_a_plain_string(tmp_path, value):
    path = write(tmp_path, f'id = {value}\ncms = "vsb"\nstart_urls = ["https://a.edu/"]\n')
    with pytest.raises(ProfileError, match="key 'id'"):
        load_profile_file(path)


@pytest.mark.parametrize("url", ["notaurl", "file:///etc/passwd", "ftp://a.edu/x", "http://"])
def test_a_start_url_that_is_not_http_is_refused(url):
    with pytest.raises(ProfileError, match="not an http"):
        profile_for_url(url, "vsb")
    with pytest.raises(ProfileError, match="--start-url"):
        load_preset("vsb").with_start_urls([url])


def test_two_portals_on_one_host_get_two_url_ids():
    first = profile_for_url("https://news.a.edu.cn/xwzx/xxyw.htm", "vsb")
    second = profile_for_url("https://news.a.edu.cn/tzgg/list.htm", "webplus")
    assert (first.id, second.id) == ("news.a.edu.cn-xwzx-xxyw", "news.a.edu.cn-tzgg-list")
    assert profile_for_url("http://127.0.0.1:8080/", "vsb").id == "127.0.0.1-8080"
