"""Options shared by several commands, so they read the same everywhere."""

import click

from newscrawler.profiles import FAMILIES

db_option = click.option(
    "--db",
    "db",
    default="archive.db",
    show_default=True,
    type=click.Path(dir_okay=False),
    help="SQLite archive file.",
)
jsonl_option = click.option(
    "--jsonl",
    default="archive.jsonl",
    show_default=True,
    type=click.Path(dir_okay=False),
    help="JSON Lines file that new and changed articles are appended to.",
)
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
verbose_option = click.option(
    "-v",
    "--verbose",
    is_flag=True,
    help="Show Scrapy's log on stderr too (it always goes to a file beside the archive).",
)
setting_option = click.option(
    "-s",
    "--set",
    "settings",
    multiple=True,
    metavar="NAME=VALUE",
    help="Override a Scrapy setting, as with `scrapy crawl -s` (repeatable).",
)


def cms_option(help_text: str):  # noqa: ANN201 (a click decorator)
    """``--cms FAMILY``: one of the preset families, or ``auto`` (detect from the page)."""
    return click.option(
        "--cms",
        type=click.Choice([*FAMILIES, "auto"]),
        default="auto",
        show_default=True,
        help=help_text,
    )


profiles_option = click.option(
    "--profiles",
    "profiles_dirs",
    multiple=True,
    type=click.Path(exists=True, file_okay=False),
    help="Folder of your site profiles (repeatable). Default: `profiles` in newscrawler.toml "
    "beside the archive, else $NEWSCRAWLER_PROFILES. Bundled examples are always looked up last.",
)
