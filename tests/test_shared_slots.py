"""Politeness slots shared through a real Redis hold across processes."""

from __future__ import annotations

import asyncio
import multiprocessing
import time

from redis.asyncio import Redis

from newscrawler.cluster.slots import SharedSlots
from tests.redis_server import redis_url  # noqa: F401 (fixture)


def _worker(url: str, site: str, delay: float, count: int, out) -> None:
    async def run() -> list[float]:
        redis = Redis.from_url(url)
        slots = SharedSlots(redis, prefix="test")
        sent = []
        for _ in range(count):
            await asyncio.sleep(await slots.reserve(site, delay))
            sent.append(time.time())
        await redis.aclose()
        return sent

    out.put(asyncio.run(run()))


def test_three_processes_never_start_requests_to_one_portal_closer_than_its_delay(redis_url):  # noqa: F811
    context = multiprocessing.get_context("spawn")
    out = context.Queue()
    workers = [
        context.Process(target=_worker, args=(redis_url, "p1", 0.2, 5, out)) for _ in range(3)
    ]
    for worker in workers:
        worker.start()
    sent = sorted(t for _ in workers for t in out.get(timeout=60))
    for worker in workers:
        worker.join(timeout=10)
    gaps = [b - a for a, b in zip(sent, sent[1:], strict=False)]
    assert len(sent) == 15
    # asyncio's timer may wake a few ms early, and on loaded cores one process may wake late,
    # making one short gap after a long one; slots that did not hold would make many.
    short = [g for g in gaps if g < 0.2 * 0.9]
    assert len(short) <= 1 and min(gaps) >= 0.2 * 0.75, gaps
    assert sum(gaps) / len(gaps) < 0.2 * 1.5  # and the portal is not slowed needlessly


def test_another_portal_is_not_held_up(redis_url):  # noqa: F811
    async def run() -> tuple[float, float]:
        redis = Redis.from_url(redis_url)
        slots = SharedSlots(redis, prefix="test2")
        await slots.reserve("a", 5.0)
        again_a = await slots.reserve("a", 5.0)
        first_b = await slots.reserve("b", 5.0)
        await redis.aclose()
        return again_a, first_b

    again_a, first_b = asyncio.run(run())
    assert 4.5 < again_a <= 5.0
    assert first_b == 0


def test_leases_cap_concurrency_and_expire(redis_url):  # noqa: F811
    async def run() -> list:
        redis = Redis.from_url(redis_url)
        slots = SharedSlots(redis, prefix="test3")
        first = await slots.acquire("p", 2, lease=0.3)
        second = await slots.acquire("p", 2, lease=0.3)
        third = await slots.acquire("p", 2, lease=0.3)
        await slots.release("p", first)
        after_release = await slots.acquire("p", 2, lease=0.3)
        full = await slots.acquire("p", 2, lease=0.3)
        await asyncio.sleep(0.4)  # the holders were killed: their leases run out
        after_expiry = await slots.acquire("p", 2, lease=0.3)
        await redis.aclose()
        return [first, second, third, after_release, full, after_expiry]

    first, second, third, after_release, full, after_expiry = asyncio.run(run())
    assert first and second and third is None
    assert after_release and full is None
    assert after_expiry


def test_a_dead_workers_leases_are_dropped_at_once(redis_url):  # noqa: F811
    async def run() -> tuple:
        redis = Redis.from_url(redis_url)
        await redis.set("test4:workers:w1", "1", ex=60)
        w1 = SharedSlots(redis, "test4", worker_id="w1", heartbeat="test4:workers:")
        w2 = SharedSlots(redis, "test4", worker_id="w2", heartbeat="test4:workers:")
        held = await w1.acquire("p", 1, lease=600)
        blocked = await w2.acquire("p", 1, lease=600)
        await redis.delete("test4:workers:w1")  # w1 was killed: its heartbeat is gone
        taken = await w2.acquire("p", 1, lease=600)
        await redis.aclose()
        return held, blocked, taken

    held, blocked, taken = asyncio.run(run())
    assert held and blocked is None and taken


def test_a_pause_and_a_slower_pace_hold_for_every_worker_of_a_portal(redis_url):  # noqa: F811
    async def run() -> dict[str, float]:
        redis = Redis.from_url(redis_url)
        told = SharedSlots(redis, "test5", worker_id="w1")
        other = SharedSlots(redis, "test5", worker_id="w2")
        seen = {"first": await other.reserve("p", 0.1)}
        seen["paused"] = await told.pause("p", 3.0)
        seen["shorter_pause_keeps"] = await told.pause("p", 1.0)
        seen["other_sees"] = await other.paused_for("p")
        seen["other_waits"] = await other.reserve("p", 0.1)
        seen["unpaused_portal"] = await other.paused_for("q")
        seen["pace"] = await told.slow_down("q", 0.1, 30.0)
        seen["pace_again"] = await told.slow_down("q", 0.1, 30.0)
        seen["capped"] = await told.slow_down("q", 0.1, 3.0)
        seen["other_next"] = await other.reserve("q", 0.1)
        seen["other_after"] = await other.reserve("q", 0.1)
        await redis.aclose()
        return seen

    seen = asyncio.run(run())
    assert seen["first"] == 0 and seen["unpaused_portal"] == 0
    assert 2.9 < seen["paused"] <= 3.0 and 2.9 < seen["shorter_pause_keeps"] <= 3.0
    assert 2.8 < seen["other_sees"] <= 3.0 and 2.8 < seen["other_waits"] <= 3.0
    # 0.1 s -> 1 s (at least) -> 2 s; at most the cap; the next start is a pace from now.
    assert (seen["pace"], seen["pace_again"], seen["capped"]) == (1.0, 2.0, 3.0)
    assert 2.9 < seen["other_next"] <= 3.0
    assert 5.9 < seen["other_after"] <= 6.0
