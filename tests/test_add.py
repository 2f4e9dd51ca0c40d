"""`newscrawler add URL`: from a replica university's home page (served over real HTTP) to a
profile that loads and crawls — a VSB university and a college of no known CMS family."""

from __future__ import annotations

import json
import shutil
import signal
import socket
import subprocess
import sys
from urllib.request import urlopen

import pytest

from newscrawler.crawl.onboarding import Column, base_id, profiled_columns
from newscrawler.profiles import list_profiles, load_profile_file
from newscrawler.replica.university import build_university
from tests.conftest import LOCAL, REPO, run_cli
from tests.static_site import StaticSite


@pytest.fixture(scope="module")
def plain():
    university = build_university("plain")
    with university.serve() as server:
        yield university, server


@pytest.fixture(scope="module")
def vsb():
    university = build_university("vsb")
    with university.serve() as server:
        yield university, server


def add(
    *args: str, cwd, stdin: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "newscrawler", "add", *args, "--delay", "0"],
        cwd=cwd,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin", **(env or {})},
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_add_finds_the_columns_of_a_site_of_no_known_family_and_writes_a_profile_that_crawls(
    plain, tmp_path
):
    university, server = plain
    news, events = (server.url(p) + p.start_path for p in university.portals)
    done = add(university.home_url(server), "--id", "lakeside", "--yes", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    # The preview: each column's name, URL and family; a few articles with their fields.
    assert "News" in done.stdout and "Events" in done.stdout and "none (generic)" in done.stdout
    titles = [item["title"] for _, item in university.portals[0].iter_expected()][:3]
    assert titles[0][:40] in done.stdout
    profile = load_profile_file(tmp_path / "profiles" / "lakeside.toml")
    assert (profile.id, profile.cms, profile.language) == ("lakeside", "auto", "en")
    assert profile.start_urls == (news, events)  # furniture (About, Library…) is no column
    assert profile.name == "Lakeside College" and profile.every == 6 * 3600
    # newscrawler.toml beside the archive names the folder: a crawl needs no environment.
    assert (tmp_path / "newscrawler.toml").read_text().startswith('profiles = ["profiles"]')
    crawl = run_cli("crawl", "lakeside", *LOCAL, cwd=tmp_path)
    assert crawl.returncode == 0, crawl.stderr
    row = crawl.stdout.splitlines()[2].split()
    assert row[1:3] == ["lakeside", "finished"] and int(row[3]) >= 20
    # `extract --site` finds the written profile the same way (the quickest check of a page).
    path, expected = next(university.portals[0].iter_expected())
    page = tmp_path / "page.html"
    page.write_bytes(urlopen(server.url(university.portals[0]) + path).read())
    extract = run_cli(
        "extract", "--site", "lakeside", "--url", expected["url"], str(page), cwd=tmp_path
    )
    assert extract.returncode == 0, extract.stderr
    assert json.loads(extract.stdout)["title"] == expected["title"]


def test_add_json_preview_gives_fields_of_each_article(plain, tmp_path):
    university, server = plain
    done = add(university.home_url(server), "--dry-run", "--json", "--articles", "1", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert [(c["name"], c["family"]) for c in found["columns"]] == [
        ("News", None),
        ("Events", None),
    ]
    expected = dict(university.portals[0].iter_expected())
    first = found["articles"][0]
    path = "/" + first["url"].split("/", 3)[3]
    assert first["title"] == expected[path]["title"]
    assert first["published"] == expected[path]["published"]
    assert first["topics"] == expected[path]["topics"] and first["body_chars"] > 500
    assert first["credits"] and found["fetched"] <= 12
    assert found["dry_run"] is True and found["profiles"][0]["toml"].count("start_urls") == 1
    assert not (tmp_path / "profiles").exists() and not (tmp_path / "newscrawler.toml").exists()


def test_add_detects_the_family_of_each_column_of_a_vsb_university(vsb, tmp_path):
    university, server = vsb
    done = add(
        university.home_url(server), "--yes", "--profiles", str(tmp_path / "mine"), cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert "学校要闻" in done.stdout and "通知公告" in done.stdout
    written = list((tmp_path / "mine").glob("*.toml"))
    assert len(written) == 1
    profile = load_profile_file(written[0])
    assert profile.cms == "vsb" and profile.language == "zh" and len(profile.start_urls) == 2
    assert not (tmp_path / "newscrawler.toml").exists()  # --profiles given: no config written
    # Politeness: robots.txt is obeyed (the replica forbids /private/).
    assert not any(t.startswith("/private/") for p in university.portals for t in server.hits(p))


def test_add_from_another_page_of_the_site_finds_the_columns_through_the_home_page(plain, tmp_path):
    university, server = plain
    about = server.url(university.home) + "/about.html"
    done = add(about, "--dry-run", "--json", "--articles", "0", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert [c["name"] for c in json.loads(done.stdout)["columns"]] == ["News", "Events"]


def test_add_asks_before_writing_and_a_no_writes_nothing(plain, tmp_path):
    university, server = plain
    done = add(university.home_url(server), "--articles", "0", cwd=tmp_path, stdin="n\n")
    assert done.returncode == 1 and "nothing written" in done.stderr
    assert "Error" not in done.stderr  # a "no" is an answer, not an error
    assert not (tmp_path / "profiles").exists()
    ended = add(university.home_url(server), "--articles", "0", cwd=tmp_path, stdin="")
    assert ended.returncode == 1 and "no answer (input ended" in ended.stderr
    assert "--yes writes without asking" in ended.stderr and "Aborted" not in ended.stderr
    assert not (tmp_path / "profiles").exists()
    dry = add(university.home_url(server), "--articles", "0", "--dry-run", cwd=tmp_path)
    assert dry.returncode == 0, dry.stderr
    assert f"would go to {tmp_path / 'profiles'}, named in a new " in dry.stderr
    assert not (tmp_path / "profiles").exists() and not (tmp_path / "newscrawler.toml").exists()


def test_add_refuses_to_overwrite_a_profile(plain, tmp_path):
    university, server = plain
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "lakeside.toml").write_text("# mine\n")
    args = (university.home_url(server), "--id", "lakeside", "--yes", "--articles", "0")
    done = add(*args, "--profiles", str(tmp_path / "mine"), cwd=tmp_path)
    assert done.returncode == 2 and "exists already" in done.stderr
    assert (tmp_path / "mine" / "lakeside.toml").read_text() == "# mine\n"


def test_add_from_an_article_page_finds_its_column(plain, tmp_path):
    university, server = plain
    portal = university.portals[0]
    article = server.url(portal) + portal.article_paths()[0]
    done = add(article, "--dry-run", "--json", "--articles", "0", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    columns = found["columns"]
    assert [(c["name"], c["url"]) for c in columns] == [("News", server.url(portal) + "/news")]
    assert found["name"] == "Lakeside College"  # the site's name, not the article's title


def test_add_leaves_out_a_column_that_is_already_a_profiles_start_url(plain, tmp_path):
    university, server = plain
    portal = university.portals[0]
    news = server.url(portal) + portal.start_path
    mine = ("--profiles", str(tmp_path / "mine"), "--articles", "0")
    first = add(university.home_url(server), "--id", "lakeside", "--yes", *mine, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    # From an article page, the column found is the profile's own: nothing new to write.
    article = server.url(portal) + portal.article_paths()[0]
    again = add(article, "--yes", *mine, cwd=tmp_path)
    assert again.returncode == 1, again.stderr
    written = tmp_path / "mine" / "lakeside.toml"
    assert (
        f"Warning: column News ({news}) is already a start URL of profile lakeside ({written}):"
        " left out (--keep-duplicates keeps it)"
    ) in again.stdout
    assert "nothing to add" in again.stderr and "`newscrawler crawl lakeside`" in again.stderr
    assert [p.name for p in (tmp_path / "mine").iterdir()] == ["lakeside.toml"]
    # Asked for, the duplicate is kept.
    kept = add(article, "--keep-duplicates", "--dry-run", "--json", *mine, cwd=tmp_path)
    assert kept.returncode == 0, kept.stderr
    found = json.loads(kept.stdout)
    assert found["profiled"] == [
        {"column": "News", "url": news, "profile": "lakeside", "source": str(written), "kept": True}
    ]
    assert news in found["profiles"][0]["toml"]


def test_a_column_at_a_bundled_profiles_start_url_is_recognised_however_it_is_spelled():
    bundled = list_profiles(own=[])
    start = next(p for p in bundled if p.id == "ustb-en").start_urls[0]
    spelled = start.replace("https://en.ustb.edu.cn", "HTTPS://EN.USTB.EDU.CN:443") + "#top"
    columns = [Column("News", spelled, "vsb"), Column("Other", start + "?page=2", "vsb")]
    known = profiled_columns(columns, bundled)
    assert {url: profile.id for url, profile in known.items()} == {spelled: "ustb-en"}


def test_add_writes_only_the_columns_no_profile_of_yours_starts_at(plain, tmp_path):
    university, server = plain
    news, events = (server.url(p) + p.start_path for p in university.portals)
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "news.toml").write_text(f'cms = "auto"\nstart_urls = ["{news}"]\n')
    done = add(
        university.home_url(server), "--id", "lake", "--yes", "--articles", "0",
        "--profiles", str(tmp_path / "mine"), cwd=tmp_path,
        env={"NEWSCRAWLER_PROFILES": str(tmp_path / "elsewhere")},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Warning: column News" in done.stdout and "profile news (" in done.stdout
    assert load_profile_file(tmp_path / "mine" / "lake.toml").start_urls == (events,)


def test_add_names_a_profile_by_host_and_a_port_that_is_not_the_default(plain, tmp_path):
    university, server = plain
    home = university.home_url(server)
    port = home.rsplit(":", 1)[1].strip("/")
    done = add(home, "--yes", "--articles", "0", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert load_profile_file(tmp_path / "profiles" / f"127.0.0.1-{port}.toml").id == (
        f"127.0.0.1-{port}"
    )
    assert base_id("HTTPS://WWW.Example.edu.cn:443/xwzx/") == "www.example.edu.cn"
    assert base_id("http://www.example.edu.cn:8080/") == "www.example.edu.cn-8080"


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_what_add_writes_in_a_checkout_is_ignored_by_git(plain, tmp_path):
    university, server = plain
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    shutil.copy(REPO / ".gitignore", tmp_path / ".gitignore")
    done = add(university.home_url(server), "--yes", "--articles", "0", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "newscrawler.toml").exists() and (tmp_path / "profiles").is_dir()
    status = subprocess.run(
        ["git", "status", "--porcelain"], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert status.stdout == "?? .gitignore\n"


def test_add_says_when_no_newscrawler_toml_names_the_folder_it_wrote_to(plain, tmp_path):
    university, server = plain
    mine = tmp_path / "mine"
    args = (university.home_url(server), "--yes", "--articles", "0", "--profiles", str(mine))
    done = add(*args, "--id", "one", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    config = tmp_path / "newscrawler.toml"
    assert (
        f"Warning: {config} is missing, so nothing names {mine}: `crawl --due` from cron"
    ) in done.stderr
    # What it says to write makes the profile found without --profiles or an environment.
    config.write_text(done.stderr.split(f"write in {config}: ", 1)[1])
    sites = run_cli("sites", "--json", cwd=tmp_path)
    assert sites.returncode == 0, sites.stderr
    assert "one" in [s["id"] for s in json.loads(sites.stdout)]
    again = add(*args, "--id", "two", "--keep-duplicates", cwd=tmp_path)
    assert again.returncode == 0 and "Warning" not in again.stderr, again.stderr


def test_add_on_a_site_without_news_says_so(tmp_path):
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text(
        '<html><head><title>Lab</title></head><body><a href="/people.html">People</a>'
        '<a href="/news.html">News</a></body></html>'
    )
    (tmp_path / "site" / "news.html").write_text("<html><body><p>No news yet.</p></body></html>")
    with StaticSite(tmp_path / "site") as site:
        done = add(site.url + "/index.html", "--yes", cwd=tmp_path)
    assert done.returncode == 1 and "no news column found" in done.stderr
    assert not (tmp_path / "profiles").exists()


def test_add_bad_input_and_unreachable_sites(tmp_path):
    assert add("ftp://example.edu.cn/", cwd=tmp_path).returncode == 2
    assert add("http://x.edu.cn/", "--every", "often", cwd=tmp_path).returncode == 2
    assert add("http://x.edu.cn/", "--id", "-bad", cwd=tmp_path).returncode == 2
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    done = add(f"http://127.0.0.1:{port}/", cwd=tmp_path)
    assert done.returncode == 1 and f"connection refused by 127.0.0.1:{port}" in done.stderr
    done = add("http://news.example.invalid/", cwd=tmp_path)
    assert done.returncode == 1 and "DNS lookup failed for news.example.invalid" in done.stderr


def test_add_from_a_news_listing_takes_that_listing_as_the_column(vsb, tmp_path):
    university, server = vsb
    portal = university.portals[1]
    listing = server.url(portal) + portal.start_path
    done = add(listing, "--dry-run", "--json", "--articles", "1", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert (found["columns"][0]["url"], found["columns"][0]["family"]) == (listing, "vsb")
    assert found["articles"][0]["title"] and found["articles"][0]["published"]


def test_replica_university_serves_a_home_page_that_add_reads(tmp_path):
    proc = subprocess.Popen(
        [sys.executable, "-m", "newscrawler", "replica", "university", "vsb"],
        cwd=tmp_path, env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        home = proc.stdout.readline().strip()
        assert home.startswith("http://127.0.0.1:") and home.endswith("/"), proc.stderr.read()
        done = add(home, "--dry-run", "--json", "--articles", "0", cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        found = json.loads(done.stdout)
        assert [(c["name"], c["family"]) for c in found["columns"]] == [
            ("学校要闻", "vsb"),
            ("通知公告", "vsb"),
        ]
    finally:
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    assert proc.returncode == 0 and "Traceback" not in err and f"newscrawler add {home}" in err


def test_add_previews_articles_with_what_their_listing_rows_say(tmp_path):
    # A hand-made site: the listing rows print each article's date; the articles print none and
    # their <title> is the site's name. The preview reads them as the crawl would, with the rows.
    site = tmp_path / "site"
    (site / "xwdt").mkdir(parents=True)
    (site / "index.html").write_text(
        '<html><head><title>东岭学院</title></head><body><a href="/xwdt/list.html">新闻动态</a>'
        "</body></html>"
    )
    rows = "".join(
        f'<li><span>2024-05-0{n}</span><a href="/xwdt/{n}.html">东岭学院第{n}届科技节开幕</a></li>'
        for n in range(1, 5)
    )
    (site / "xwdt" / "list.html").write_text(
        f"<html><head><title>东岭学院</title></head><body><h2>新闻动态</h2><ul>{rows}</ul>"
        "</body></html>"
    )
    paragraph = (
        "<p>" + "本届科技节为期一周，设有展览、讲座和竞赛等多项活动，吸引了全校师生参与。" * 3
    )
    for n in range(1, 5):
        (site / "xwdt" / f"{n}.html").write_text(
            f"<html><head><title>东岭学院</title></head><body><div>东岭学院第{n}届科技节开幕</div>"
            f"<div>{paragraph}</p>{paragraph}</p></div><div>版权所有 东岭学院</div></body></html>"
        )
    with StaticSite(site) as served:
        done = add(
            served.url + "/index.html", "--dry-run", "--json", "--articles", "2", cwd=tmp_path
        )
    assert done.returncode == 0, done.stderr
    articles = json.loads(done.stdout)["articles"]
    assert [(a["title"], a["published"]) for a in articles] == [
        ("东岭学院第1届科技节开幕", "2024-05-01"),
        ("东岭学院第2届科技节开幕", "2024-05-02"),
    ]
