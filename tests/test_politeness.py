"""A profile's download_delay and concurrency hold, measured where they matter: at the portal's
server, from the time each request arrived. AutoThrottle may slow a portal down, never below its
profile's delay; Scrapy's random jitter is switched off here so the floor shows exactly."""

from __future__ import annotations

from itertools import pairwise

import pytest

from newscrawler.replica import ReplicaServer, build_portal
from tests.spider_run import crawl_stats


def write_profile(folder, start_urls: list[str], delay: float, concurrency: int) -> None:
    folder.mkdir()
    urls = ", ".join(f'"{url}"' for url in start_urls)
    (folder / "polite.toml").write_text(
        f'cms = "wordpress"\nstart_urls = [{urls}]\n'
        f"[crawl]\ndownload_delay = {delay}\nconcurrency = {concurrency}\n"
    )


def crawl_profile(work, profiles, settings, project):
    return crawl_stats(
        work,
        {"site": "polite"},
        {"LOG_LEVEL": "WARNING", **settings},
        project=project,
        env={"NEWSCRAWLER_PROFILES": str(profiles)},
    )


def test_autothrottle_never_goes_under_the_profile_delay(tmp_path):
    portal = build_portal("wordpress", n_articles=12)
    with ReplicaServer([portal]) as server:
        write_profile(tmp_path / "p", [server.url(portal) + portal.start_path], 1.0, 2)
        crawl_profile(
            tmp_path,
            tmp_path / "p",
            # Stop after 8 pages, with no more than 2 others handed to the downloader by then:
            # enough gaps to see the floor, a short test.
            {"CLOSESPIDER_PAGECOUNT": 8, "CONCURRENT_REQUESTS": 2, "DOWNLOAD_DELAY_JITTER": 0},
            # A project whose run-wide delay is shorter than this portal's profile asks for:
            # AutoThrottle used to take that as its floor.
            {"DOWNLOAD_DELAY": 0.25, "AUTOTHROTTLE_ENABLED": True},
        )
        arrivals = [started for started, _, _ in server.request_log(portal)]
    gaps = [b - a for a, b in pairwise(arrivals)]
    assert len(gaps) >= 6
    print(f"gaps (s): min {min(gaps):.2f}, mean {sum(gaps) / len(gaps):.2f}, max {max(gaps):.2f}")
    assert min(gaps) >= 0.95, [round(g, 2) for g in gaps]


@pytest.mark.parametrize("hosts", [("127.0.0.1",), ("127.0.0.1", "localhost")])
def test_profile_concurrency_bounds_requests_in_flight_on_all_the_portals_hosts(tmp_path, hosts):
    portal = build_portal("wordpress", n_articles=30)
    with ReplicaServer([portal], delay=0.15) as server:
        port = server.url(portal).rsplit(":", 1)[1]
        starts = [f"http://{host}:{port}{portal.start_path}" for host in hosts]
        write_profile(tmp_path / "p", starts, 0, 2)
        crawl_profile(
            tmp_path,
            tmp_path / "p",
            {"AUTOTHROTTLE_ENABLED": False},
            {"CONCURRENT_REQUESTS_PER_DOMAIN": 8, "CONCURRENT_REQUESTS": 16},
        )
        log = server.request_log(portal)
    # Requests in flight at each arrival: those that arrived earlier and were not answered yet
    # (the server notes an answer's end just after sending it: a few ms of slack).
    in_flight = [
        sum(1 for other_start, other_end, _ in log if other_start <= start < other_end - 0.02)
        for start, _, _ in log
    ]
    assert max(in_flight) == 2
