"""Chinese-aware full-text search: the library function and ``newscrawler search``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest_archive import (
    EN_COOPERATION,
    EN_WORKSHOP,
    ZH_CAMPUS,
    ZH_COOPERATION,
    ZH_MEETING,
    article,
    make_archive,
    store,
)

from newscrawler.archive.search import QueryError, match_expression, search
from newscrawler.archive.store import open_archive
from newscrawler.cli import cli


@pytest.fixture
def archive_path(tmp_path: Path) -> Path:
    return make_archive(tmp_path)


def urls(path: Path, query: str, **kwargs) -> list[str]:
    return [hit.url for hit in search(open_archive(path), query, **kwargs)]


def test_two_character_chinese_word_finds_the_articles_containing_it(archive_path):
    assert set(urls(archive_path, "学校")) == {ZH_COOPERATION["url"], ZH_MEETING["url"]}
    assert urls(archive_path, "合作") == [ZH_COOPERATION["url"]]


def test_chinese_characters_must_be_adjacent_to_match(archive_path):
    # ZH_CAMPUS has 学 and 校 apart ("同学们在校园"): not a hit for the word 学校.
    assert ZH_CAMPUS["url"] not in urls(archive_path, "学校")
    assert urls(archive_path, "校园") == [ZH_CAMPUS["url"]]


def test_english_words_match_whole_without_stemming(archive_path):
    assert urls(archive_path, "cooperation") == [EN_COOPERATION["url"]]
    assert urls(archive_path, "cooperat") == []


def test_a_trailing_star_searches_by_prefix(archive_path):
    assert set(urls(archive_path, "cooperat*")) == {EN_COOPERATION["url"], EN_WORKSHOP["url"]}


def test_every_term_must_match(archive_path):
    assert urls(archive_path, "学校 合作") == [ZH_COOPERATION["url"]]
    assert urls(archive_path, "学校 cooperation") == []


def test_title_hits_rank_above_body_hits(archive_path):
    # Both mention 学校; ZH_MEETING has it in the title.
    assert urls(archive_path, "学校")[0] == ZH_MEETING["url"]


def test_site_filter_limits_hits(archive_path):
    assert urls(archive_path, "Students", sites=("ustb-zh",)) == []
    assert len(urls(archive_path, "Students", sites=("ustb-en",))) == 2


def test_snippet_shows_the_text_as_written_with_the_match_marked(archive_path):
    (hit,) = search(open_archive(archive_path), "合作")
    assert "战略[合作]协议" in hit.snippet
    assert "\u200b" not in hit.snippet


def test_updated_and_deleted_articles_are_reindexed(archive_path):
    db = open_archive(archive_path)
    assert urls(archive_path, "部署") == [ZH_MEETING["url"]]  # only in the edited body
    with db.conn:
        db["articles"].update(ZH_MEETING["url"], {"body": "全新的正文。"})
    assert urls(archive_path, "部署") == []
    with db.conn:
        db["articles"].delete(ZH_COOPERATION["url"])
    assert urls(archive_path, "合作") == []


def test_quotes_in_a_query_are_literal_not_syntax():
    assert match_expression('say "hi"') == '"say" """hi"""'
    with pytest.raises(QueryError):
        match_expression("   ")


def test_search_command_prints_each_hit_with_its_url(archive_path):
    result = CliRunner().invoke(cli, ["search", "学校", "--db", str(archive_path)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:3] == [
        f"1. {ZH_MEETING['title']}  (ustb-zh, 2023-05-02)",
        f"   {ZH_MEETING['url']}",
        "   [学校]召开2023年工作会议",
    ]
    assert f"2. {ZH_COOPERATION['title']}" in result.stdout
    assert f"   {ZH_COOPERATION['url']}" in result.stdout


def test_a_word_in_every_article_scores_above_zero_not_minus_zero(tmp_path):
    # bm25 gives such a word almost no weight: rounded, SQLite's score read -0.0.
    path = tmp_path / "archive.db"
    store(path, *(article(f"https://e.edu/{n}.htm", title=f"News {n}", body="news") for n in "ab"))
    result = CliRunner().invoke(cli, ["search", "news", "--db", str(path), "--json"])
    scores = [hit["score"] for hit in json.loads(result.stdout)]
    assert len(scores) == 2 and all(score > 0 for score in scores), scores
    assert "-0.0" not in result.stdout


def test_search_command_json_lists_ranked_hits(archive_path):
    result = CliRunner().invoke(
        cli, ["search", "学校", "--db", str(archive_path), "--json", "--limit", "1"]
    )
    assert result.exit_code == 0, result.output
    (hit,) = json.loads(result.output)
    assert hit["url"] == ZH_MEETING["url"]
    assert set(hit) == {"url", "site", "title", "published", "score", "snippet"}


def test_search_command_on_a_missing_archive_fails_clearly(tmp_path):
    result = CliRunner().invoke(cli, ["search", "x", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2
    assert "no archive" in result.output


def test_no_hit_for_an_english_word_suggests_the_prefix_search(archive_path):
    # "cooperat" is no whole word of any article; "cooperat*" finds two.
    result = CliRunner().invoke(cli, ["search", "cooperat", "--db", str(archive_path)])
    assert result.exit_code == 0 and result.stdout == ""
    assert "newscrawler search cooperat*" in result.stderr
    hint = CliRunner().invoke(cli, ["search", "cooperat*", "--db", str(archive_path)])
    assert EN_COOPERATION["url"] in hint.stdout and EN_WORKSHOP["url"] in hint.stdout


def test_no_prefix_search_is_suggested_when_it_would_find_nothing_either(archive_path):
    # No article's title or body has a word starting with "okafor" (a name in credits only).
    result = CliRunner().invoke(cli, ["search", "Okafor", "--db", str(archive_path)])
    assert result.exit_code == 0 and result.stdout == ""
    assert "titles and bodies are searched" in result.stderr
    assert "Okafor*" not in result.stderr
