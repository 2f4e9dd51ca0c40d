"""The group commit of WARC capture: records of many responses are written and fsynced together,
and none is handed on before its batch is durable.

A real :class:`CaptureWriter` writes real files; the batching is driven by Twisted's
deterministic clock, and each batch's ``fsync`` runs when the test lets it (``in_thread`` below
holds it until the test releases it, as a slow disk would), so batch boundaries are checked
exactly, not by timing.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from twisted.internet import defer
from twisted.internet.task import Clock

from newscrawler.capture.middleware import GroupCommit
from newscrawler.capture.warc import OPEN_SUFFIX, CaptureWriter, Exchange, read_record


def exchange(n: int) -> Exchange:
    return Exchange(
        url=f"http://127.0.0.1/info/{n}.htm", method="GET", request_headers=[("Accept", "*/*")],
        status=200, reason="OK", response_headers=[("Content-Type", "text/html")],
        body=f"<p>article {n}</p>".encode(),
    )  # fmt: skip


class HeldCommits:
    """Runs each batch's ``fsync`` only when :meth:`release` is called; ``started`` counts the
    fsyncs asked for, ``sizes`` the batches made durable (``on_commit``)."""

    def __init__(self) -> None:
        self.pending: list[tuple[defer.Deferred, object, tuple]] = []
        self.started = 0
        self.sizes: list[int] = []

    def __call__(self, function, *args) -> defer.Deferred:
        assert function is os.fsync
        held: defer.Deferred = defer.Deferred()
        self.pending.append((held, function, args))
        self.started += 1
        return held

    def release(self) -> None:
        held, function, args = self.pending.pop(0)
        held.callback(function(*args))


def on_disk(directory: Path) -> int:
    """Bytes of the WARC file being written, as another reader sees them (no flush of ours)."""
    files = list(directory.glob(f"*.warc.gz{OPEN_SUFFIX}"))
    return sum(f.stat().st_size for f in files)


@pytest.fixture
def writer(tmp_path):
    writer = CaptureWriter(tmp_path)
    writer.open()
    yield writer
    writer.close()


def results(deferreds: list[defer.Deferred]) -> list:
    got: list = []
    for d in deferreds:
        d.addCallback(got.append)
    return got


def test_records_reach_the_caller_only_once_their_batch_is_durable(writer, tmp_path):
    clock, held = Clock(), HeldCommits()
    commits = GroupCommit(
        writer, delay=0.005, records=64, clock=clock, in_thread=held, on_commit=held.sizes.append
    )
    got = results([commits.add(writer.prepare(exchange(n))) for n in range(3)])
    assert on_disk(tmp_path) == 0 and not held.pending  # nothing written before the delay
    clock.advance(0.005)
    assert held.started == 1  # one batch, one fsync
    assert got == [] and on_disk(tmp_path) > 0  # written, not yet durable: nobody goes on
    held.release()
    assert len(got) == 3 and held.sizes == [3]
    for n, location in enumerate(got):  # each readable from disk by another reader already
        assert location.offset + location.length <= on_disk(tmp_path)
        record = read_record(tmp_path, location.filename, location.offset)
        assert record.payload == exchange(n).body


def test_a_batch_closes_at_the_record_limit_before_the_delay(writer):
    clock, held = Clock(), HeldCommits()
    commits = GroupCommit(
        writer, delay=1.0, records=4, clock=clock, in_thread=held, on_commit=held.sizes.append
    )
    got = results([commits.add(writer.prepare(exchange(n))) for n in range(4)])
    assert held.started == 1  # committed at the fourth record, no time passed
    held.release()
    assert len(got) == 4 and held.sizes == [4]
    results([commits.add(writer.prepare(exchange(4)))])
    assert held.started == 1  # the fifth opens a new batch, waiting for its delay
    clock.advance(1.0)
    assert held.started == 2
    held.release()
    assert held.sizes == [4, 1]


def test_records_queued_during_a_commit_form_the_next_batch(writer):
    clock, held = Clock(), HeldCommits()
    commits = GroupCommit(
        writer, delay=0.005, records=64, clock=clock, in_thread=held, on_commit=held.sizes.append
    )
    first = results([commits.add(writer.prepare(exchange(0)))])
    clock.advance(0.005)
    assert held.started == 1
    later = results([commits.add(writer.prepare(exchange(n))) for n in range(1, 6)])
    clock.advance(0.010)  # due, but the disk is busy with the first batch's fsync
    assert held.started == 1
    held.release()  # the first batch ends; the second is overdue and starts at once
    assert len(first) == 1 and later == []
    assert held.started == 2
    held.release()
    assert len(later) == 5 and held.sizes == [1, 5]
    offsets = [loc.offset for loc in first + later]
    assert offsets == sorted(offsets)  # written in the order the responses came


def test_drain_commits_what_is_queued_at_once_and_the_file_closes_whole(writer, tmp_path):
    clock, held = Clock(), HeldCommits()
    commits = GroupCommit(
        writer, delay=60.0, records=64, clock=clock, in_thread=held, on_commit=held.sizes.append
    )
    got = results([commits.add(writer.prepare(exchange(n))) for n in range(2)])
    drained = results([commits.drain()])
    assert held.started == 1 and drained == []  # no waiting for the delay at close
    held.release()
    assert len(got) == 2 and drained == [None]
    writer.close()
    assert not list(tmp_path.glob(f"*{OPEN_SUFFIX}"))
    (closed,) = tmp_path.glob("*.warc.gz")
    assert read_record(tmp_path, closed.name, got[1].offset).payload == exchange(1).body


def test_a_failed_commit_fails_every_response_of_its_batch(writer):
    clock = Clock()

    def failing(function, descriptor):
        return defer.fail(OSError(28, "No space left on device"))

    commits = GroupCommit(writer, delay=0.005, records=2, clock=clock, in_thread=failing)
    failures: list = []
    for n in range(2):
        commits.add(writer.prepare(exchange(n))).addErrback(failures.append)
    assert [f.value.errno for f in failures] == [28, 28]


def test_a_url_prepared_twice_in_one_batch_is_a_revisit_of_the_first(writer):
    clock, held = Clock(), HeldCommits()
    commits = GroupCommit(
        writer, delay=0.005, records=64, clock=clock, in_thread=held, on_commit=held.sizes.append
    )
    got = results([commits.add(writer.prepare(exchange(7))) for _ in range(2)])
    clock.advance(0.005)
    held.release()
    assert [loc.revisit for loc in got] == [False, True]
