"""The item stream on a real Redis: entries survive a consumer that never acknowledged them."""

from __future__ import annotations

from redis import Redis

from newscrawler.cluster.stream import ItemStream
from tests.redis_server import redis_url  # noqa: F401 (fixture)


def test_unacknowledged_entries_are_redelivered_to_another_consumer(redis_url):  # noqa: F811
    stream = ItemStream(Redis.from_url(redis_url), prefix="s1")
    stream.ensure_group()
    ids = [stream.add({"url": f"http://a/{i}", "title": "标题"}) for i in range(5)]
    first = stream.read("ingester-1", count=3, block=0.1)
    assert [e.id for e in first] == ids[:3]
    # ingester-1 is killed before acknowledging: its entries come back after they idle
    second = stream.read("ingester-2", count=10, block=0.1, reclaim_after=0)
    assert [e.id for e in second] == ids[:3]
    assert second[0].item == {"url": "http://a/0", "title": "标题"}
    stream.ack([e.id for e in second])
    rest = stream.read("ingester-2", count=10, block=0.1, reclaim_after=0)
    assert [e.id for e in rest] == ids[3:]
    assert stream.waiting() == {"queued": 0, "pending": 2}
    stream.ack([e.id for e in rest])
    assert stream.waiting() == {"queued": 0, "pending": 0}
    assert stream.read("ingester-2", count=10, block=0.1, reclaim_after=0) == []


def test_waiting_counts_unread_entries(redis_url):  # noqa: F811
    stream = ItemStream(Redis.from_url(redis_url), prefix="s2")
    for i in range(4):
        stream.add({"url": f"http://b/{i}"})
    assert stream.waiting() == {"queued": 4, "pending": 0}


def test_a_batch_stops_at_its_byte_budget(redis_url):  # noqa: F811
    # Captures of large files travel in the stream: a batch is cut by bytes as well as count.
    stream = ItemStream(Redis.from_url(redis_url), prefix="s3")
    stream.ensure_group()
    ids = [stream.add({"url": f"http://c/{i}", "body": "x" * 1000}) for i in range(6)]
    first = stream.read("ingester", count=100, block=0.1, max_bytes=2500)
    assert [e.id for e in first] == ids[:3] and all(e.size > 1000 for e in first)
    rest = stream.read("ingester", count=100, block=0.1, max_bytes=10**6)
    assert [e.id for e in rest] == ids[3:]
    one = ItemStream(Redis.from_url(redis_url), prefix="s4")
    one.ensure_group()
    big = one.add({"url": "http://c/big", "body": "x" * 5000})
    assert [e.id for e in one.read("ingester", max_bytes=100, block=0.1)] == [big]
