"""Deterministic replica news portals of the CMS families, served on 127.0.0.1.

Used by the end-to-end tests, ``newscrawler demo`` and the benchmarks::

    from newscrawler.replica import build_portal, ReplicaServer
    portal = build_portal("vsb", n_articles=12, seed=0)
    with ReplicaServer([portal]) as server:
        start_url = server.url(portal) + portal.start_path
"""

from newscrawler.replica.families import FAMILIES, THEMES, UNSEEN
from newscrawler.replica.portal import Portal, Reply, build_portal
from newscrawler.replica.server import ReplicaServer

__all__ = ["FAMILIES", "THEMES", "UNSEEN", "Portal", "ReplicaServer", "Reply", "build_portal"]
