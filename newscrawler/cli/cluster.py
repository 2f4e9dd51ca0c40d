"""Distributed crawling: ``worker``, ``enqueue``, ``ingest`` and ``cluster status``.

Workers (any number, any machines) share a Redis queue through scrapy-redis and never write
SQLite; the one ingester writes the archive. See README, "Crawling on several machines".
"""

from __future__ import annotations

import json
import signal
import sys
from typing import Any

import click
from redis import Redis
from redis.exceptions import RedisError

from newscrawler.cli.options import cms_option, db_option, json_option, jsonl_option, setting_option
from newscrawler.cli.output import print_rows

redis_option = click.option(
    "--redis", "redis_url", default="redis://127.0.0.1:6379/0", show_default=True,
    help="URL of the Redis server the cluster shares.",
)  # fmt: skip
prefix_option = click.option(
    "--prefix", default="newscrawler", show_default=True,
    help="Prefix of the cluster's Redis keys (one cluster per prefix).",
)  # fmt: skip


def _redis(url: str) -> Redis:
    """A reconnecting client (:mod:`newscrawler.cluster.resilience`) of a Redis that
    answers now."""
    from newscrawler.cluster.resilience import connect

    client = connect(url)
    try:
        client.ping()
    except RedisError as exc:
        raise click.ClickException(f"cannot reach Redis at {url}: {exc}") from None
    return client


@click.command("worker")
@redis_option
@prefix_option
@click.option(
    "--idle-exit", type=int, default=0, show_default=True,
    help="Stop after this many seconds with no work anywhere in the cluster (0: never).",
)  # fmt: skip
@click.option(
    "--no-warc", is_flag=True,
    help="Send no WARC captures of the HTTP exchanges to the ingester (none are kept).",
)  # fmt: skip
@click.option("--no-media", is_flag=True, help="Do not fetch the articles' images and attachments.")
@setting_option
def worker(
    redis_url: str,
    prefix: str,
    idle_exit: int,
    no_warc: bool,
    no_media: bool,
    settings: tuple[str, ...],
) -> None:
    """Crawl whatever the shared queue holds, until stopped (or idle for --idle-exit seconds).

    Every response is captured for the WARC files the ingester writes (unless --no-warc).
    Example: newscrawler worker --redis redis://queue.example.edu:6379/0
    """
    from newscrawler.cluster.worker import run_worker
    from newscrawler.crawl.runner import parse_setting_overrides

    _redis(redis_url)
    try:
        overrides = parse_setting_overrides(settings)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    if no_warc:
        overrides["NEWSCRAWLER_WARC"] = False
    if no_media:
        overrides["NEWSCRAWLER_MEDIA"] = False
    run_worker(redis_url, prefix, idle_exit, overrides)


@click.command("enqueue")
@click.argument("sites", nargs=-1)
@click.option(
    "--all",
    "all_sites",
    is_flag=True,
    help="Every enabled site profile (the bundled examples only with --include-examples).",
)
@click.option("--due", is_flag=True, help="Only profiles whose schedule is due (reads --db).")
@click.option(
    "--include-examples", is_flag=True, help="With --all/--due, the bundled example profiles too."
)
@click.option("--url", "urls", multiple=True, help="Start URL of a portal without a profile.")
@cms_option("CMS family of the --url portals.")
@click.option(
    "--start-url", "start_urls", multiple=True,
    help="Crawl this URL instead of the profile's start URLs (one site only).",
)  # fmt: skip
@click.option(
    "--resume", is_flag=True,
    help="Seed again the sites enqueued before Redis lost its data (kept in --db by the "
    "ingester that found the loss).",
)  # fmt: skip
@db_option
@redis_option
@prefix_option
def enqueue(
    sites, all_sites, due, include_examples, urls, cms, start_urls, resume, db, redis_url, prefix
) -> None:  # fmt: skip
    """Seed the cluster's queue with sites to crawl.

    Examples: newscrawler enqueue --all; newscrawler enqueue ustb-en;
    newscrawler enqueue --url https://news.example.edu.cn/xwzx.htm --cms vsb;
    newscrawler enqueue --resume --db archive.db (after `cluster status` reported lost data)
    """
    from newscrawler.cli.errors import check_url_site_id
    from newscrawler.cluster.resilience import ensure_identity
    from newscrawler.crawl.runner import due_profiles
    from newscrawler.profiles import list_profiles, load_profile, profile_for_url

    for url in urls:
        profile = profile_for_url(url, cms)
        check_url_site_id(
            profile,
            None,
            f"Enqueue the profile (`newscrawler enqueue {profile.id}`), or write a profile of"
            " this portal under an id of its own and enqueue that",
        )
    specs: list[dict[str, Any]] = [{"url": url, "cms": cms} for url in urls]
    resumed: list[str] = []
    if resume:
        resumed = _lost_specs(db)
        specs += [json.loads(spec) for spec in resumed]
    if all_sites or due:
        profiles = [p for p in list_profiles() if p.enabled or include_examples]
        if due:
            profiles = due_profiles(profiles, db)
        specs += [{"site": p.id} for p in profiles]
    for site in sites:
        load_profile(site)  # an unknown id is an error here, not on every worker
        specs.append({"site": site, **({"start_urls": list(start_urls)} if start_urls else {})})
    if not specs:
        raise click.UsageError("name SITES, or use --all, --due or --url URL")
    client = _redis(redis_url)
    identity = ensure_identity(client, prefix)
    texts = [json.dumps(s, sort_keys=True) for s in specs]
    with client.pipeline() as pipe:
        pipe.rpush(f"{prefix}:seeds", *texts)
        pipe.hset(f"{prefix}:specs", mapping=dict.fromkeys(texts, identity))
        if resume:
            pipe.delete(f"{prefix}:lost")
        pipe.execute()
    if resumed:
        _forget_lost_specs(db, resumed)
    click.echo(f"enqueued {len(specs)} site(s)", err=True)


def _lost_specs(db: str) -> list[str]:
    """The site specs the ingester kept in the archive when Redis lost its data."""
    from newscrawler.cli.errors import open_existing
    from newscrawler.cluster.ingest_loop import lost_specs

    with open_existing(db) as archive:
        return lost_specs(archive)


def _forget_lost_specs(db: str, specs: list[str]) -> None:
    from newscrawler.archive.lock import ArchiveBusy
    from newscrawler.archive.store import Archive
    from newscrawler.cluster.ingest_loop import forget_lost_specs

    try:
        with Archive.open(db) as archive:
            forget_lost_specs(archive, specs)
    except ArchiveBusy as exc:
        raise click.ClickException(f"{exc} (the sites were enqueued; stop the ingester)") from None


@click.command("ingest")
@redis_option
@prefix_option
@db_option
@jsonl_option
@click.option(
    "--idle-exit", type=float, default=0, show_default=True,
    help="Stop after this many seconds with nothing to ingest and nothing left in the cluster "
    "(no worker alive, no queued request) (0: never).",
)  # fmt: skip
@click.option(
    "--batch-size", type=int, default=100, show_default=True, help="Items per transaction."
)
@click.option(
    "--warc-dir", type=click.Path(file_okay=False),
    help="Write the workers' WARC captures here. Default: <db>.warc",
)  # fmt: skip
@json_option
def ingest(redis_url, prefix, db, jsonl, idle_exit, batch_size, warc_dir, as_json) -> None:
    """Store what the workers extracted, and the WARC captures they sent: the cluster's one
    archive writer.

    Acknowledges items only after they are committed, so a killed ingester loses nothing.
    Example: newscrawler ingest --redis redis://queue:6379/0 --db archive.db
    """
    from newscrawler.archive.lock import ArchiveBusy
    from newscrawler.archive.store import Archive
    from newscrawler.cluster.ingest_loop import run_ingester

    client = _redis(redis_url)
    try:
        archive = Archive.open(db)
    except ArchiveBusy as exc:
        raise click.ClickException(str(exc)) from None
    stopping: list[bool] = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    try:
        result = run_ingester(
            client, prefix, archive, jsonl=jsonl, warc_dir=warc_dir or f"{db}.warc",
            batch_size=batch_size, idle_exit=idle_exit, stopping=lambda: bool(stopping),
            say=lambda message: click.echo(message, err=True),
        )  # fmt: skip
    finally:
        archive.close()
    done, rows, data_lost = result.done, result.runs, result.data_lost
    click.echo(
        f"ingested {done.entries} stream entries; {done.redelivered} delivered again after a "
        f"crash were already stored and skipped; {done.records} WARC records written",
        err=True,
    )
    if done.bad_captures or done.unlinked:
        click.echo(
            f"{done.bad_captures} unreadable captures skipped; {done.unlinked} articles or media"
            " files stored without a WARC link (their capture never reached the stream)",
            err=True,
        )
    print_rows(
        rows, ["id", "site", "status", "new", "changed", "unchanged", "gone", "dropped"], as_json
    )
    if data_lost is not None:
        click.echo(
            f"Error: {data_lost}. Items not yet ingested, queued requests and seeds are gone; "
            f"the runs are marked failed (redis_data_lost). Re-seed the sites with "
            f"`newscrawler enqueue --resume --db {db}`, then start the ingester again.",
            err=True,
        )
        sys.exit(1)


@click.group("cluster")
def cluster() -> None:
    """Look at a cluster of workers.

    Example: newscrawler cluster status --redis redis://queue.example.edu:6379/0
    """


@cluster.command("status")
@redis_option
@prefix_option
@json_option
def status(redis_url: str, prefix: str, as_json: bool) -> None:
    """Queue length per site, workers alive, items waiting for ingest, and the errors, skips
    and drops the workers counted (by reason). Warns when Redis keeps no persistence; exits 1
    when Redis lost the cluster's data (see `enqueue --resume`)."""
    from newscrawler.cluster.status import cluster_status

    report = cluster_status(_redis(redis_url), prefix)
    if as_json:
        click.echo(json.dumps(report, indent=2))
        if report["lost"]:
            sys.exit(1)
        return
    if report["lost"]:
        click.echo(
            f"DATA LOST: Redis lost the cluster's data (identity {report['lost']['identity']}):"
            f" the queue and the items not yet ingested are gone. Sites:"
            f" {len(report['lost']['sites'])}. Re-seed them: newscrawler enqueue --resume --db"
            " ARCHIVE",
            err=True,
        )
    if report["persistence_warning"]:
        click.echo(f"WARNING: {report['persistence_warning']}", err=True)
    click.echo(f"identity: {report['identity'] or '(none: nothing enqueued yet)'}")
    click.echo(f"workers alive: {len(report['workers'])}  {' '.join(report['workers'])}")
    click.echo(
        f"seeds waiting: {report['seeds']}  requests queued: {report['queued']}"
        f"  in flight: {report['in_flight']}"
    )
    click.echo(
        f"items waiting for ingest: {report['items']['queued']}"
        f"  read, not yet committed: {report['items']['pending']}"
    )
    for site, count in sorted(report["queued_by_site"].items()):
        click.echo(f"  {site}: {count} queued")
    problems = report["problems"]
    click.echo(f"errors, skips and drops counted by workers: {sum(problems.values())}")
    for key, count in problems.items():
        click.echo(f"  {key.removeprefix('newscrawler/')}: {count}")
    if report["lost"]:
        sys.exit(1)


commands = [worker, enqueue, ingest, cluster]
