"""Site profiles and CMS family presets: site knowledge kept as data.

A *preset* (``presets/<family>.toml``) describes what every portal of one CMS family shares:
URL shapes, selectors, pagination. A *profile* (``sites/<id>.toml``) names one portal, picks a
family and overrides only what differs. Both are validated when loaded, selectors included, so a
typo fails at start-up (and in CI) with the file and key in the message, never mid-crawl.
"""

from newscrawler.profiles.loader import (
    FAMILIES,
    ProfileError,
    SiteProfile,
    check_site_id,
    list_profiles,
    load_preset,
    load_profile,
    load_profile_file,
    profile_dirs,
    profile_for_url,
    scan_profiles,
    url_site_id,
)

__all__ = [
    "FAMILIES",
    "ProfileError",
    "SiteProfile",
    "check_site_id",
    "list_profiles",
    "load_preset",
    "load_profile",
    "load_profile_file",
    "profile_dirs",
    "profile_for_url",
    "scan_profiles",
    "url_site_id",
]
