"""WARC capture files: records readable by warcio, revisits, rotation, repair after a crash."""

from __future__ import annotations

import random
import subprocess
import sys

from newscrawler.capture.warc import (
    CaptureWriter,
    Exchange,
    PriorCapture,
    payload_digest,
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
    prior = PriorCapture(
        first.payload_digest, "http://127.0.0.1/info/1/1.htm", "2026-01-01T00:00:00Z"
    )
    again = writer.write(exchange(body=body), prior=prior)
    changed = writer.write(exchange(body=b"new"), prior=prior)
    writer.close()
    revisit = read_record(tmp_path, again.filename, again.offset)
    assert revisit.record_type == "revisit"
    assert revisit.payload == b""
    assert revisit.warc_headers["WARC-Refers-To-Target-URI"] == prior.url
    assert read_record(tmp_path, changed.filename, changed.offset).record_type == "response"
    assert again.length < first.length / 4  # the payload is not stored twice


def test_files_rotate_at_the_size_limit(tmp_path):
    writer = CaptureWriter(tmp_path, max_size=2000)
    writer.open()
    noise = random.Random(2)
    bodies = [bytes(noise.randrange(256) for _ in range(3000)) for _ in range(4)]
    names = {writer.write(exchange(body=body)).filename for body in bodies}
    writer.close()
    assert len(names) == 4
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(names)


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
