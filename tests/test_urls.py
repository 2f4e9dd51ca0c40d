"""URL canonicalization: one article, one URL — and two articles never one URL."""

import pytest

from newscrawler.extraction.urls import canonicalize


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
