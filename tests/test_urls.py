"""URL canonicalization: one article, one URL — and two articles never one URL. One notion of
"same site" (the registrable domain by the Public Suffix List), and a host rule for canonical links."""

import subprocess
import sys
import textwrap

import pytest

from newscrawler.extraction.urls import canonicalize, registrable_domain, same_host, same_site
from tests.conftest import REPO


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        (
            "HTTP://News.Example.EDU.cn:80/info/1/2.htm#top",
            "http://news.example.edu.cn/info/1/2.htm",
        ),
        ("https://a.edu.cn:443/x", "https://a.edu.cn/x"),
        ("http://127.0.0.1:8080/x", "http://127.0.0.1:8080/x"),
        ("http://a.edu.cn/x?utm_source=wx&id=5&from=timeline&fbclid=1", "http://a.edu.cn/x?id=5"),
        ("http://a.edu.cn/x?%75tm_medium=a&id=5", "http://a.edu.cn/x?id=5"),
        ("http://a.edu.cn", "http://a.edu.cn/"),
    ],
)
def test_tracking_parameters_fragment_case_and_default_port_go(url, canonical):
    assert canonicalize(url) == canonical


@pytest.mark.parametrize(
    "url",
    [
        "http://a.cn/s.asp?title=%D6%D0%CE%C4",  # GBK bytes, not UTF-8
        "http://a.cn/x?path=a/b&flag",  # a slash, a bare flag
        "http://a.cn/content.jsp?urltype=news.NewsContentUrl&wbtreeid=1074&wbnewsid=66441",
        "http://a.cn/x?b=2&a=1",  # order kept
    ],
)
def test_the_rest_of_the_query_is_kept_byte_for_byte(url):
    assert canonicalize(url) == url


def test_two_gbk_query_urls_stay_two_urls():
    assert canonicalize("http://a.cn/s.asp?t=%D6%D0") != canonicalize("http://a.cn/s.asp?t=%D6%D1")


@pytest.mark.parametrize(
    ("host", "domain"),
    [
        ("news.whu.edu.cn", "whu.edu.cn"),
        ("www.xx.edu.cn", "xx.edu.cn"),
        ("xx.edu.cn", "xx.edu.cn"),
        ("a.b.ac.uk", "b.ac.uk"),
        ("News.Stanford.EDU.", "stanford.edu"),
        ("www.hku.hk", "hku.hk"),
        ("news.unimelb.edu.au", "unimelb.edu.au"),
        ("127.0.0.1", "127.0.0.1"),
        ("localhost", "localhost"),
        ("edu.cn", "edu.cn"),  # a bare public suffix is its own
    ],
)
def test_registrable_domain_follows_the_public_suffix_list(host, domain):
    assert registrable_domain(host) == domain


@pytest.mark.parametrize(
    ("url_a", "url_b", "same"),
    [
        ("http://news.xx.edu.cn/a.htm", "https://www.xx.edu.cn/b.htm", True),
        ("http://news.xx.edu.cn/a.htm", "http://news.yy.edu.cn/a.htm", False),
        ("http://xx.edu.cn/", "http://edu.cn/", False),
        ("http://a.b.ac.uk/x", "http://c.b.ac.uk/y", True),
        ("http://a.b.ac.uk/x", "http://a.c.ac.uk/x", False),
        # Ports do not split a site: the crawl's scope (newscrawler.crawl.scope) keeps a portal to its own.
        ("http://127.0.0.1:8001/a", "http://127.0.0.1:8002/b", True),
        ("http://127.0.0.1:8001/a", "http://127.0.0.2:8001/a", False),
        ("mailto:someone@xx.edu.cn", "http://xx.edu.cn/", False),
    ],
)
def test_same_site_is_one_registrable_domain(url_a, url_b, same):
    assert same_site(url_a, url_b) is same
    assert same_site(url_b, url_a) is same


@pytest.mark.parametrize(
    ("url_a", "url_b", "same"),
    [
        ("http://www.xx.edu.cn/a", "https://xx.edu.cn:8443/b", True),
        ("http://news.xx.edu.cn/a", "http://www.xx.edu.cn/a", False),
        ("http://127.0.0.1:8001/a", "http://127.0.0.1:8002/a", True),
    ],
)
def test_a_canonical_link_must_name_the_same_host(url_a, url_b, same):
    assert same_host(url_a, url_b) is same


def test_the_suffix_list_is_read_offline(tmp_path):
    """With every socket refused, a suffix the snapshot knows still resolves: nothing is fetched."""
    script = textwrap.dedent(
        """
        import socket

        def refuse(*args, **kwargs):
            raise OSError("no network in this test")

        socket.socket.connect = refuse
        socket.create_connection = refuse
        socket.getaddrinfo = refuse
        from newscrawler.extraction.urls import registrable_domain

        print(registrable_domain("news.xx.edu.cn"), registrable_domain("a.b.ac.uk"))
        """
    )
    proc = subprocess.run(
        [sys.executable, "-c", script],
        cwd=tmp_path,
        env={"PYTHONPATH": str(REPO), "HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["xx.edu.cn", "b.ac.uk"]
    assert not (tmp_path / ".cache").exists()  # nor cached on disk
