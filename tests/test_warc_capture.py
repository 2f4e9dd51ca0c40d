"""WARC capture files: records readable by warcio, revisits (within a run and across runs,
through the capture index), rotation, repair after a crash and the index kept in line with it."""

from __future__ import annotations

import random
import subprocess
import sys
from dataclasses import replace

import pytest

from newscrawler.capture.index import index_path
from newscrawler.capture.warc import (
    CaptureWriter,
    Exchange,
    payload_digest,
    read_payload_record,
    read_record,
)


def exchange(url: str = "http://127.0.0.1/info/1/1.htm", body: bytes = b"<html>hi</html>"):
    return Exchange(
        url=url,
        method="GET",
        request_headers=[("User-Agent", "newscrawler/test")],
        status=200,
        reason="OK",
        response_headers=[("Content-Type", "text/html"), ("Transfer-Encoding", "chunked")],
        body=body,
    )


def test_written_record_reads_back_from_its_offset(tmp_path):
    writer = CaptureWriter(tmp_path)
    writer.open()
    first = writer.write(exchange(body=b"one"))
    second = writer.write(exchange(url="http://127.0.0.1/b", body="二".encode()))
    writer.close()
    record = read_record(tmp_path, second.filename, second.offset)
    assert record.record_type == "response"
    assert record.url == "http://127.0.0.1/b"
    assert record.payload == "二".encode()
    assert record.status == 200
    assert record.warc_headers["WARC-Record-ID"] == second.record_id
    assert record.warc_headers["WARC-Payload-Digest"] == payload_digest("二".encode())
    assert ("X-Archive-Orig-Transfer-Encoding", "chunked") in record.http_headers
    assert read_record(tmp_path, first.filename, first.offset).payload == b"one"


def test_warcio_check_and_index_accept_the_files(tmp_path):
    writer = CaptureWriter(tmp_path)
    writer.open()
    location = writer.write(exchange())
    writer.close()
    path = tmp_path / location.filename
    check = subprocess.run(
        [sys.executable, "-m", "warcio.cli", "check", "-v", str(path)],
        capture_output=True, text=True,
    )  # fmt: skip
    assert check.returncode == 0, check.stdout + check.stderr
    index = subprocess.run(
        [sys.executable, "-m", "warcio.cli", "index", "-f", "warc-type,offset", str(path)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    types = [line for line in index.stdout.splitlines() if line]
    assert [t for t in types if '"response"' in t or '"request"' in t] and str(
        location.offset
    ) in index.stdout


def test_identical_payload_is_a_revisit_record(tmp_path):
    writer = CaptureWriter(tmp_path)
    writer.open()
    noise = random.Random(1)
    body = bytes(noise.randrange(256) for _ in range(4000))
    first = writer.write(exchange(body=body))
    again = writer.write(exchange(body=body))
    other_url = writer.write(exchange(url="http://127.0.0.1/other", body=body))
    changed = writer.write(exchange(body=b"new"))
    writer.close()
    revisit = read_record(tmp_path, again.filename, again.offset)
    assert again.revisit and revisit.record_type == "revisit"
    assert revisit.payload == b""
    assert revisit.warc_headers["WARC-Refers-To"] == first.record_id
    assert revisit.warc_headers["WARC-Refers-To-Target-URI"] == "http://127.0.0.1/info/1/1.htm"
    original = read_record(tmp_path, first.filename, first.offset)
    assert revisit.warc_headers["WARC-Refers-To-Date"] == original.warc_headers["WARC-Date"]
    assert revisit.warc_headers["WARC-Profile"].endswith("/revisit/identical-payload-digest")
    assert not other_url.revisit  # the same bytes under another URL are another capture
    assert read_record(tmp_path, changed.filename, changed.offset).record_type == "response"
    assert again.length < first.length / 4  # the payload is not stored twice


def test_a_later_run_writes_a_revisit_that_leads_to_the_payload(tmp_path):
    first_run = CaptureWriter(tmp_path)
    first_run.open()
    listing = first_run.write(exchange(url="http://127.0.0.1/list.htm", body=b"<ul>1</ul>"))
    article = first_run.write(exchange(body=b"<p>story</p>"))
    first_run.close()
    second_run = CaptureWriter(tmp_path)
    second_run.open()
    listing_again = second_run.write(exchange(url="http://127.0.0.1/list.htm", body=b"<ul>2</ul>"))
    article_again = second_run.write(exchange(body=b"<p>story</p>"))
    second_run.close()
    assert not listing_again.revisit and article_again.revisit
    assert article_again.filename != article.filename
    resolved = read_payload_record(tmp_path, article_again.filename, article_again.offset)
    assert resolved.payload == b"<p>story</p>"
    assert resolved.warc_headers["WARC-Record-ID"] == article.record_id
    assert read_payload_record(tmp_path, listing.filename, listing.offset).payload == b"<ul>1</ul>"
    third_run = CaptureWriter(tmp_path)
    third_run.open()  # the listing's latest capture is now the changed one
    assert third_run.write(exchange(url="http://127.0.0.1/list.htm", body=b"<ul>2</ul>")).revisit
    third_run.close()


def test_a_warc_file_that_is_gone_is_never_referred_to(tmp_path):
    # A WARC file deleted or moved away leaves its index behind: a later capture of the same
    # payload must be a full copy, not a revisit of a record nobody can read.
    first_run = CaptureWriter(tmp_path)
    first_run.open()
    gone = first_run.write(exchange(body=b"<p>story</p>"))
    first_run.close()
    (tmp_path / gone.filename).unlink()
    assert index_path(tmp_path / gone.filename).exists()
    second_run = CaptureWriter(tmp_path)
    second_run.open()
    again = second_run.write(exchange(body=b"<p>story</p>"))
    second_run.close()
    assert not again.revisit
    assert read_payload_record(tmp_path, again.filename, again.offset).payload == b"<p>story</p>"


def test_an_empty_or_failed_answer_is_not_what_a_later_fetch_refers_to(tmp_path):
    # 200 X, then a 304 (empty) and a 404 page, then 200 X again: the last is a revisit of the
    # first 200, whatever came between.
    writer = CaptureWriter(tmp_path)
    writer.open()
    first = writer.write(exchange(body=b"<p>story</p>"))
    not_modified = replace(exchange(body=b""), status=304, reason="Not Modified")
    assert not writer.write(not_modified).revisit
    assert not writer.write(replace(exchange(body=b"gone"), status=404, reason="Not Found")).revisit
    again = writer.write(exchange(body=b"<p>story</p>"))
    writer.close()
    assert again.revisit
    resolved = read_payload_record(tmp_path, again.filename, again.offset)
    assert resolved.warc_headers["WARC-Record-ID"] == first.record_id


def test_a_revisit_whose_original_no_index_lists_is_a_clear_error(tmp_path):
    writer = CaptureWriter(tmp_path)
    writer.open()
    first = writer.write(exchange(body=b"same"))
    again = writer.write(exchange(body=b"same"))
    writer.close()
    index_path(tmp_path / first.filename).unlink()
    with pytest.raises(ValueError, match="no capture index lists"):
        read_payload_record(tmp_path, again.filename, again.offset)
    CaptureWriter(tmp_path).open()  # a writer's start rebuilds the missing index
    assert read_payload_record(tmp_path, again.filename, again.offset).payload == b"same"


def test_files_rotate_at_the_size_limit(tmp_path):
    writer = CaptureWriter(tmp_path, max_size=2000)
    writer.open()
    noise = random.Random(2)
    bodies = [bytes(noise.randrange(256) for _ in range(3000)) for _ in range(4)]
    names = {writer.write(exchange(body=body)).filename for body in bodies}
    writer.close()
    assert len(names) == 4
    assert sorted(p.name for p in tmp_path.glob("*.warc.gz")) == sorted(names)
    assert len(list(tmp_path.glob("*.warc.gz.cdxj"))) == 4


def test_a_truncated_open_file_is_cut_back_to_its_last_complete_record(tmp_path):
    writer = CaptureWriter(tmp_path)
    writer.open()
    kept = writer.write(exchange(body=b"kept"))
    writer.sync()
    writer.write(exchange(url="http://127.0.0.1/lost", body=b"lost" * 1000))
    writer.sync()
    opened = tmp_path / (kept.filename + ".open")
    size = opened.stat().st_size
    with open(opened, "r+b") as fh:  # the kill came in the middle of the last record
        fh.truncate(size - 50)
    writer._fh = None  # the killed process never closed it
    repaired = CaptureWriter(tmp_path).open()
    assert repaired == [kept.filename]
    assert read_record(tmp_path, kept.filename, kept.offset).payload == b"kept"
    check = subprocess.run(
        [sys.executable, "-m", "warcio.cli", "check", str(tmp_path / kept.filename)],
        capture_output=True, text=True,
    )  # fmt: skip
    assert check.returncode == 0, check.stdout


def test_after_a_cut_the_index_lists_exactly_the_records_left(tmp_path):
    writer = CaptureWriter(tmp_path)
    writer.open()
    kept = writer.write(exchange(body=b"kept"))
    lost = writer.write(exchange(url="http://127.0.0.1/lost", body=b"lost" * 1000))
    writer.sync()  # record and index line both written, then the kill cuts the record short
    opened = tmp_path / (kept.filename + ".open")
    with open(opened, "r+b") as fh:
        fh.truncate(lost.offset + lost.length - 50)
    writer._fh = None  # the killed process never closed it
    restarted = CaptureWriter(tmp_path)
    restarted.open()
    lines = index_path(tmp_path / kept.filename).read_text().splitlines()
    assert len(lines) == 1 and kept.record_id in lines[0]
    assert restarted.index.place(lost.record_id) is None
    assert restarted.index.prior("http://127.0.0.1/lost") is None
    assert restarted.index.place(kept.record_id) == (kept.filename, kept.offset)
    again = restarted.write(exchange(url="http://127.0.0.1/lost", body=b"lost" * 1000))
    assert not again.revisit  # the cut capture is gone: the payload is stored anew
    restarted.close()


def test_records_missing_from_the_index_are_indexed_on_the_next_start(tmp_path):
    writer = CaptureWriter(tmp_path)
    writer.open()
    first = writer.write(exchange(body=b"one"))
    second = writer.write(exchange(url="http://127.0.0.1/two", body=b"two"))
    third = writer.write(exchange(url="http://127.0.0.1/three", body=b"three"))
    writer.sync()
    index = index_path(tmp_path / (first.filename + ".open"))
    lines = index.read_text().splitlines(keepends=True)
    # The kill came after the records, before the last index lines reached the file.
    index.write_text(lines[0] + lines[1][:20])
    writer._fh = writer._index_fh = None
    restarted = CaptureWriter(tmp_path)
    restarted.open()
    for location in (first, second, third):
        assert restarted.index.place(location.record_id) == (location.filename, location.offset)
    assert index.read_text().count("\n") == 3
    assert restarted.write(exchange(url="http://127.0.0.1/three", body=b"three")).revisit
    restarted.close()
