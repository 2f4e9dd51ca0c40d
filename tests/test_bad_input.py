"""Bad input is contained: each broken page is a counted, logged skip, never a crashed crawl."""

from __future__ import annotations

import json

from newscrawler.archive.store import open_archive
from tests.conftest import LOCAL, run_cli
from tests.misbehaving import MisbehavingPortal


def test_every_kind_of_broken_page_is_a_counted_skip_and_the_good_one_is_stored(tmp_path):
    with MisbehavingPortal(slow_seconds=4) as portal:
        result = run_cli(
            "crawl", "--url", portal.url + "/xwzx.htm", "--cms", "vsb", *LOCAL, "--json",
            "-s", "DOWNLOAD_TIMEOUT=1", "-s", "DOWNLOAD_MAXSIZE=1000000", "-s", "RETRY_TIMES=1",
            "-s", "LOG_LEVEL=INFO", "-v",
            cwd=tmp_path,
        )  # fmt: skip
    # The timeout, the reset and the 503 may pass: the run is partial, the next one retries them.
    assert result.returncode == 1, result.stderr[-3000:]
    (run,) = json.loads(result.stdout)
    errors = json.loads(run["error_reasons"])
    dropped = json.loads(run["dropped_reasons"])
    assert (run["status"], run["reason"], run["unfetched"]) == ("partial", "unfetched", 3)
    assert errors == {
        "timeout": 1,  # slower than DOWNLOAD_TIMEOUT, after its retry
        "connection_failed": 1,  # connection reset by the server
        "redirect_loop": 1,  # redirects to itself
        "too_large": 1,  # over DOWNLOAD_MAXSIZE
        "not_html": 1,  # a PDF
        "http_503": 1,  # 5xx after its retries
        "undecodable": 1,  # bytes no charset decodes: skipped, never stored as U+FFFD text
    }
    # Broken markup is read as well as it can be, never crashes the crawl: with no title of its
    # own, the listing row's title names it; an empty page is dropped with a reason.
    assert dropped == {"missing_body": 1}
    assert run["errors"] == sum(errors.values())
    assert "skipped" in result.stderr
    with open_archive(tmp_path / "archive.db") as db:
        titles = [row["title"] for row in db["articles"].rows]
    assert sorted(titles) == ["好文章", "第7篇"]  # the malformed page, by its listed title
