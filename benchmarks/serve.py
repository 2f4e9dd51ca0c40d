"""Serving a large replica portal on 127.0.0.1 fast enough not to be the bottleneck.

The replica renders pages in Python (~5-10 ms each at 50 KB), so a benchmark that asked the Python
server for every page would measure the server. Instead the portal is dumped once to static files
(in parallel, one worker per core, cached by its parameters) and nginx serves them, with a config
generated from the dump's manifest so every URL keeps its exact content type and status. Without
nginx (or with ``server="python"``) the threaded :class:`~newscrawler.replica.ReplicaServer` is used:
fine for smoke tests, not for figures.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urljoin

from newscrawler.replica import Portal, ReplicaServer, build_portal
from newscrawler.replica.media import MEDIA_TYPES, media_file
from newscrawler.replica.static import file_for

HERE = Path(__file__).resolve().parent
SETUP_NGINX = HERE / "setup_nginx.sh"
MANIFEST_HEADER = "target\tstatus\tcontent_type\tfile\n"


@dataclass(frozen=True)
class PortalSpec:
    """Everything that determines a replica portal's bytes (and so its cache key)."""

    family: str
    n_articles: int
    page_kb: int | None
    seed: int = 0
    #: Also dump the images and attachments the article pages link to (the replica's files).
    media: bool = False

    def build(self) -> Portal:
        return build_portal(self.family, self.n_articles, seed=self.seed, page_kb=self.page_kb)

    @property
    def key(self) -> str:
        fields = asdict(self)
        if not self.media:
            del fields["media"]  # dumps made before the field keep their key
        text = json.dumps(fields, sort_keys=True)
        digest = hashlib.sha1(text.encode()).hexdigest()[:8]
        return f"{self.family}-{self.n_articles}-{self.page_kb}kb{'-media' if self.media else ''}-{digest}"


#: A link or source attribute naming a file of one of the replica's media types.
_MEDIA_LINK = re.compile(
    rb"""(?:src|href)=["']([^"'#?]+(?:"""
    + b"|".join(re.escape(s.encode()) for s in MEDIA_TYPES)
    + rb"""))["']""",
    re.IGNORECASE,
)


def _media_targets(target: str, body: bytes) -> set[str]:
    """Paths of the media files the page at ``target`` links to, on the portal's own host."""
    found = set()
    for link in _MEDIA_LINK.findall(body):
        url = urljoin("http://portal" + target, link.decode("latin-1"))
        if url.startswith("http://portal/"):
            found.add(url[len("http://portal") :])
    return found


def _write_share(spec: PortalSpec, root: str, share: int, shares: int) -> list[str]:
    """Write every ``shares``-th target (starting at ``share``); returns manifest rows."""
    portal = spec.build()
    rows = []

    def write(target: str, status: int, content_type: str, body: bytes) -> None:
        name = file_for(target)
        destination = Path(root, name)
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_bytes(body)
        rows.append(f"{target}\t{status}\t{content_type}\t{name}\n")

    for i, target in enumerate(portal.targets()):
        if i % shares != share:
            continue
        reply = portal.response(target)
        if reply is None:
            continue
        write(target, reply.status, reply.headers["Content-Type"], reply.body)
        if spec.media and reply.status == 200:
            for path in _media_targets(target, reply.body):
                found = media_file(path)
                if found is not None:
                    write(path, 200, *found)
    return rows


def dump_portal(spec: PortalSpec, cache: Path, workers: int | None = None) -> Path:
    """The portal's static dump under ``cache`` (made now unless already complete); its root.

    Same layout as :meth:`Portal.write_static`, written by several processes at once.
    """
    root = cache / spec.key
    manifest = root / "MANIFEST.tsv"
    if manifest.exists():
        return root
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    workers = workers or os.cpu_count() or 1
    with ProcessPoolExecutor(workers) as pool:
        shares = pool.map(
            _write_share,
            [spec] * workers,
            [str(root)] * workers,
            range(workers),
            [workers] * workers,
        )
        rows = list(dict.fromkeys(row for share in shares for row in share))  # a file once
    # Written last: its presence marks a complete dump.
    manifest.write_text(MANIFEST_HEADER + "".join(rows), encoding="utf-8")
    return root


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def nginx_site_conf(root: Path, port: int) -> str:
    """An nginx ``server`` answering exactly the manifest's targets, with their types and statuses.

    ``$request_uri`` (path and query, as sent) picks the file; each distinct (status, content type)
    gets a named location, since ``default_type`` cannot be a variable.
    """
    files, kinds, kind_of = [], {}, []
    lines = (root / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()[1:]
    for line in lines:
        target, status, content_type, name = line.split("\t")
        kind = kinds.setdefault((int(status), content_type), len(kinds))
        files.append(f"    {_quote(target)} {_quote('/' + name)};\n")
        kind_of.append(f"    {_quote(target)} {kind};\n")
    dispatch, named = [], []
    for (status, content_type), kind in kinds.items():
        code = 460 + kind
        dispatch.append(f'        if ($nc_kind = "{kind}") {{ return {code}; }}\n')
        if status == 200:
            dispatch.append(f"        error_page {code} = @k{kind};\n")
            named.append(
                f"    location @k{kind} {{ types {{}} default_type {_quote(content_type)};"
                " try_files $nc_file =404; }\n"
            )
        else:
            dispatch.append(f"        error_page {code} = /__status_{status};\n")
            named.append(f"    location = /__status_{status} {{ internal; return {status}; }}\n")
    return (
        'map $request_uri $nc_file {\n    default "";\n' + "".join(files) + "}\n"
        'map $request_uri $nc_kind {\n    default "";\n' + "".join(kind_of) + "}\n"
        f"server {{\n    listen 127.0.0.1:{port};\n    root {root};\n"
        "    location / {\n"
        + "".join(dispatch)
        + "        return 404;\n    }\n"
        + "".join(named)
        + "}\n"
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(url: str, process: subprocess.Popen[bytes], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"nginx exited with status {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nginx did not answer {url} within {timeout:.0f} s")


@contextmanager
def nginx_serving(root: Path, workdir: Path, port: int = 0) -> Iterator[str]:
    """Serve a static dump with nginx (installed by ``setup_nginx.sh`` if missing) on ``port``
    (0: any free one); yields base URL."""
    port = port or free_port()
    conf = workdir / f"site-{port}.conf"
    conf.write_text(nginx_site_conf(root, port), encoding="utf-8")
    env = {**os.environ, "TMPDIR": str(workdir)}
    process = subprocess.Popen(["sh", str(SETUP_NGINX), str(root), str(port), str(conf)], env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base + "/robots.txt", process)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def nginx_available() -> bool:
    """nginx is installed, or can be (root with apt-get)."""
    if shutil.which("nginx") or Path("/usr/sbin/nginx").exists():
        return True
    return os.geteuid() == 0 and shutil.which("apt-get") is not None


@contextmanager
def serve(
    spec: PortalSpec, server: str, cache: Path, workdir: Path, port: int = 0
) -> Iterator[tuple[str, Portal]]:
    """Serve the portal (``server`` is ``nginx`` or ``python``) on ``port`` (0: any free one;
    the python server falls back to a free one when it is taken); yields (start URL, portal)."""
    portal = spec.build()
    if server == "nginx":
        root = dump_portal(spec, cache)
        with nginx_serving(root, workdir, port) as base:
            yield base + portal.start_path, portal
    else:
        with ReplicaServer([portal], ports=[port]) as replica:
            yield replica.url(portal) + portal.start_path, portal
