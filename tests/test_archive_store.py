"""The archive as a library, without Scrapy: ``Archive.store`` decides and writes a batch."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

import pytest
from conftest_archive import EN_COOPERATION, EN_WORKSHOP, ZH_MEETING

from newscrawler.archive.store import Archive, open_archive
from tests.conftest import REPO


def test_store_decides_new_duplicate_changed_and_unchanged_at_write_time(tmp_path):
    path = tmp_path / "archive.db"
    copy = {**EN_COOPERATION, "url": "https://en.ustb.edu.cn/copy.htm"}
    edited = {**EN_WORKSHOP, "body": "Edited.", "content_hash": "edited"}
    with Archive.open(path) as archive:
        first = archive.store([EN_COOPERATION, copy, EN_WORKSHOP])
        second = archive.store([EN_COOPERATION, edited, ZH_MEETING])
    assert first.statuses == ["new", "duplicate", "new"]
    assert second.statuses == ["unchanged", "changed", "new"]
    assert (second.counts["unchanged"], second.counts["changed"], second.counts["new"]) == (1, 1, 1)
    with open_archive(path) as db:
        assert db["article_aliases"].get(copy["url"])["article_url"] == EN_COOPERATION["url"]
        assert db["jsonl_outbox"].count == 4  # new, new, changed, new: one line each
        assert db["articles"].get(EN_WORKSHOP["url"])["version"] == 2


def test_page_checks_confirm_or_mark_gone(tmp_path):
    path = tmp_path / "archive.db"
    at = "2024-03-01T00:00:00+00:00"
    with Archive.open(path) as archive:
        archive.store([EN_COOPERATION, EN_WORKSHOP])
        stored = archive.store(
            [],
            [
                {"url": EN_COOPERATION["url"], "status": 304, "fetched_at": at},
                {"url": EN_WORKSHOP["url"], "status": 404, "fetched_at": at},
            ],
        )
        again = archive.store([], [{"url": EN_WORKSHOP["url"], "status": 410, "fetched_at": at}])
    assert (stored.counts["unchanged"], stored.counts["gone"]) == (1, 1)
    assert stored.check_outcomes == ["unchanged", "gone"]
    assert again.check_outcomes == [None] and not again.counts  # gone before: not counted again
    with open_archive(path) as db:
        assert db["articles"].get(EN_COOPERATION["url"])["last_seen"] == at
        assert db["articles"].get(EN_WORKSHOP["url"])["gone_at"] == at


def test_a_batch_that_fails_writes_nothing(tmp_path):
    path = tmp_path / "archive.db"
    with Archive.open(path) as archive:
        archive.db.execute(
            # article_versions is a view over this table (migration 340)
            "create trigger refuse before insert on article_versions_data"
            " when new.url like '%workshop%' begin select raise(abort, 'disk full'); end"
        )
        with pytest.raises(sqlite3.Error):
            archive.store([EN_COOPERATION, EN_WORKSHOP])
    with open_archive(path) as db:
        assert (db["articles"].count, db["jsonl_outbox"].count) == (0, 0)


def test_a_second_process_cannot_open_the_archive_for_writing(tmp_path):
    path = tmp_path / "archive.db"
    other = (
        "import sys; from newscrawler.archive.store import Archive; from newscrawler.archive.lock"
        " import ArchiveBusy\ntry:\n    Archive.open(sys.argv[1])\nexcept ArchiveBusy as e:\n"
        "    print(e); sys.exit(3)"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    with Archive.open(path):
        busy = subprocess.run(
            [sys.executable, "-c", other, str(path)], env=env, capture_output=True, text=True
        )
        with Archive.open(path):  # the same process shares the lock
            pass
    assert busy.returncode == 3 and "being written by another crawl" in busy.stdout
    free = subprocess.run([sys.executable, "-c", other, str(path)], env=env, capture_output=True)
    assert free.returncode == 0
