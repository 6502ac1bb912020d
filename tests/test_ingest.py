"""Ingestion of every input format, sidecars, the --meta CSV, and every kind of bad input."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from basewatch.ingest import IngestError, iter_documents, read_document
from basewatch.records import Article

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"

BODY = (
    "The army opened a new outpost near the northern border on Friday, a spokesman said.\n\n"
    "The outpost will house 200 troops and a helicopter pad, he added.\n"
)
TEXT_ARTICLE = "World / Asia\n\nArmy opens new outpost near border\n\n" + BODY + "\nShare this article\n"
HTML_ARTICLE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Army opens new outpost near border | Example Herald</title>
<meta property="og:site_name" content="Example Herald">
<meta property="article:published_time" content="2023-05-06T08:00:00+02:00">
<meta name="author" content="Jo Writer"></head><body>
<nav>Home &gt; World</nav>
<article><h1>Army opens new outpost near border</h1>
<figure><img src="x.jpg">
<figcaption>Soldiers stand at the gate of the outpost. (Photo by Example Herald)</figcaption></figure>
<p>The army opened a new outpost near the northern border on Friday, a spokesman said.</p>
<p>The outpost will house 200 troops and a helicopter pad, he added.</p>
</article><footer>Copyright 2023 Example Herald</footer></body></html>"""


def _articles(results: list[Article | IngestError]) -> list[Article]:
    return [r for r in results if isinstance(r, Article)]


def _errors(results: list[Article | IngestError]) -> list[IngestError]:
    return [r for r in results if isinstance(r, IngestError)]


def _run(*paths: Path | str, **kwargs: object) -> list[Article | IngestError]:
    return list(iter_documents([str(p) for p in paths], **kwargs))  # type: ignore[arg-type]


def _warc(records: list[tuple[str, bytes]], *, compress: bool = True) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=compress)
    for url, body in records:
        headers = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        writer.write_record(
            writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers)
        )
    return buffer.getvalue()


# --------------------------------------------------------------------------- formats


def test_plain_text_article_has_every_field(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes(TEXT_ARTICLE.encode("utf-8"))
    [article] = read_document(path)
    assert article.doc == "story.txt" and article.raw_format == "text"
    assert article.title == "Army opens new outpost near border"
    assert article.language == "en"
    assert article.raw == path.read_bytes()
    assert "Share this article" not in article.text and "World / Asia" not in article.text
    assert len(article.content_hash) == 64
    assert [b.kind for b in article.blocks] == ["title", "body", "body"]
    assert article.offset_map and article.published is None and article.outlet is None


def test_html_page_gives_text_metadata_and_caption(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(HTML_ARTICLE, encoding="utf-8")
    [article] = read_document(path)
    assert article.raw_format == "html"
    assert article.title == "Army opens new outpost near border"
    assert article.outlet == "Example Herald"
    assert article.author == "Jo Writer"
    assert article.published is not None and article.published.start == dt.date(2023, 5, 6)
    assert article.published.source == "html"
    [caption] = article.captions()
    assert article.text[caption.start : caption.end].startswith("Soldiers stand at the gate")
    assert "Home > World" not in article.text and "Copyright" not in article.text


def test_minified_html_keeps_its_paragraphs(tmp_path: Path) -> None:
    html = "".join(HTML_ARTICLE.split("\n"))
    path = tmp_path / "min.html"
    path.write_text(html, encoding="utf-8")
    [article] = read_document(path)
    bodies = [article.text[b.start : b.end] for b in article.blocks if b.kind == "body"]
    assert len(bodies) == 2 and bodies[1].startswith("The outpost will house")


def test_same_article_in_two_formats_has_the_same_hash(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT_ARTICLE, encoding="utf-8")
    (tmp_path / "a.html").write_text(HTML_ARTICLE, encoding="utf-8")
    [text_article] = read_document(tmp_path / "a.txt")
    [html_article] = read_document(tmp_path / "a.html")
    assert text_article.content_hash == html_article.content_hash


def test_jsonl_reads_each_line_and_names_the_broken_one(tmp_path: Path) -> None:
    lines = [
        json.dumps({"text": BODY, "url": "https://www.reuters.com/world/2021/02/03/x", "synthetic": True}),
        '{"text": "unterminated',
        json.dumps({"title": "no text here"}),
        json.dumps({"html": HTML_ARTICLE, "doc": "page-in-jsonl", "published": "2023-05-07"}),
        "",
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    results = _run(path)
    articles, errors = _articles(results), _errors(results)
    assert [e.line for e in errors] == [2, 3]
    assert "not valid JSON" in errors[0].message and "'text' or 'html'" in errors[1].message
    assert str(errors[0]).startswith(f"{path.name}:2: ")
    first, second = articles
    assert first.outlet == "Reuters" and first.meta["synthetic"] is True
    assert first.published is not None and first.published.source == "url"
    assert first.published.start == dt.date(2021, 2, 3)
    assert second.doc == "page-in-jsonl" and second.raw_format == "jsonl" and second.captions()
    assert second.published is not None and second.published.source == "metadata"
    assert second.meta["published_conflict"] == {"value": "2023-05-06", "from": "html"}


@pytest.mark.parametrize("compress", [True, False])
def test_warc_records_become_articles(tmp_path: Path, compress: bool) -> None:
    data = _warc(
        [
            ("https://www.bbc.com/news/a", HTML_ARTICLE.encode()),
            ("https://example.org/b", HTML_ARTICLE.encode()),
        ],
        compress=compress,
    )
    path = tmp_path / ("crawl.warc.gz" if compress else "crawl.warc")
    path.write_bytes(data)
    results = _run(path)
    assert not _errors(results)
    first, second = _articles(results)
    assert first.doc == first.url == "https://www.bbc.com/news/a" and first.raw_format == "warc"
    assert first.outlet == "BBC" and second.outlet == "Example Herald"


def test_truncated_warc_keeps_the_records_before_it(tmp_path: Path) -> None:
    data = _warc([(f"https://example.org/{i}", HTML_ARTICLE.encode() + b" " * i) for i in range(3)])
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(data[:-60])
    results = _run(path)
    assert len(_articles(results)) == 2
    [error] = _errors(results)
    assert error.path == "cut.warc.gz" and "truncated" in error.message and "record 3" in error.message


RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>Example Herald</title>
<item><title>Outpost opened</title><link>https://www.dawn.com/news/1</link>
<pubDate>Sat, 06 May 2023 08:00:00 GMT</pubDate>
<description><![CDATA[<p>The army opened a new outpost near the border on Friday.</p>
<p>It will house 200 troops.</p>]]></description></item>
<item><title>Empty</title><link>https://www.dawn.com/news/2</link></item>
</channel></rss>"""
ATOM = """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Feed</title>
<entry><title>Navy drill ends</title><link href="https://example.org/drill"/><updated>2022-01-02T10:00:00Z</updated>
<content type="html">
&lt;p&gt;The navy ended a drill in the gulf on Saturday.&lt;/p&gt;</content></entry></feed>"""


def test_rss_and_atom_feed_entries(tmp_path: Path) -> None:
    (tmp_path / "news.rss").write_text(RSS, encoding="utf-8")
    (tmp_path / "news.atom").write_text(ATOM, encoding="utf-8")
    results = _run(tmp_path / "news.rss", tmp_path / "news.atom")
    rss_article, atom_article = _articles(results)
    [empty] = _errors(results)
    assert "entry 2" in empty.message
    assert rss_article.title == "Outpost opened" and rss_article.outlet == "Dawn"
    assert rss_article.url == "https://www.dawn.com/news/1" and rss_article.raw_format == "feed"
    assert rss_article.published is not None and rss_article.published.start == dt.date(2023, 5, 6)
    assert "It will house 200 troops." in rss_article.text
    assert atom_article.title == "Navy drill ends" and "ended a drill" in atom_article.text


def test_a_file_that_is_not_a_feed_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "broken.rss").write_text("this is not xml at all { ]", encoding="utf-8")
    [error] = _run(tmp_path / "broken.rss")
    assert isinstance(error, IngestError) and "not an RSS/Atom feed" in error.message


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("nul.txt", b"some text\x00\x01\x02 more", "NUL bytes"),
        ("image.txt", b"\x89PNG\r\n\x1a\n" + b"\x10" * 100, "PNG image"),
        ("doc.html", b"%PDF-1.7\n" + b"x" * 100, "PDF"),
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\n \t\n", "empty"),
        ("noise.txt", bytes(range(128, 256)) * 20, "encoding"),
        (
            "nothing.html",
            b"<html><head><title>t</title></head><body><script>x()</script></body></html>",
            "no article",
        ),
    ],
)
def test_bad_files_are_clear_errors(tmp_path: Path, name: str, data: bytes, expected: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    [error] = _run(path)
    assert isinstance(error, IngestError) and error.path == name and expected in error.message
    with pytest.raises(IngestError):
        read_document(path)


def test_file_over_the_size_cap(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text(TEXT_ARTICLE * 20, encoding="utf-8")
    [error] = _run(path, max_bytes=1000)
    assert isinstance(error, IngestError) and "over the 1000-byte cap" in error.message


def test_malformed_html_is_still_read(tmp_path: Path) -> None:
    path = tmp_path / "broken.html"
    path.write_text(
        "<html><body><div><p>The army opened a new outpost near the border on Friday, officials said"
        "<p>It will house <b>200 troops</i> and a helicopter pad.<div></span>",
        encoding="utf-8",
    )
    [article] = read_document(path)
    assert "opened a new outpost" in article.text and "200 troops" in article.text


def test_other_encodings_are_detected(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    text = (
        "Headline about the base\n\nThe army said that the base near the river will close next year, and " * 3
    )
    path.write_bytes(text.encode("utf-16"))
    [article] = read_document(path)
    assert "the base near the river" in article.text


def test_a_batch_goes_on_past_failures(tmp_path: Path) -> None:
    (tmp_path / "a_bad.txt").write_bytes(b"\x00\x00\x00\x00binary")
    (tmp_path / "b_good.txt").write_text(TEXT_ARTICLE, encoding="utf-8")
    (tmp_path / "c_empty.txt").write_bytes(b"")
    results = _run(tmp_path)
    assert len(_articles(results)) == 1 and len(_errors(results)) == 2


# --------------------------------------------------------------------------- metadata


def test_json_and_yaml_sidecars_win_over_inferred_values(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(HTML_ARTICLE, encoding="utf-8")
    (tmp_path / "page.html.meta.json").write_text(
        json.dumps({"outlet": "Press TV", "published": "2023-05-09", "synthetic": True}), encoding="utf-8"
    )
    (tmp_path / "story.txt").write_text(TEXT_ARTICLE, encoding="utf-8")
    (tmp_path / "story.meta.yaml").write_text(
        "url: https://www.aljazeera.com/news/2021/1/2/x\ntitle: Given title\nlanguage: fr\n", encoding="utf-8"
    )
    page, story = _articles(_run(tmp_path))
    assert page.outlet == "Press TV" and page.meta["synthetic"] is True
    assert page.published is not None and page.published.start == dt.date(2023, 5, 9)
    assert page.published.source == "metadata"
    assert page.meta["published_conflict"]["from"] == "html"
    assert story.url == "https://www.aljazeera.com/news/2021/1/2/x" and story.outlet == "Al Jazeera"
    assert story.title == "Given title" and story.language == "fr"
    assert story.published is not None and story.published.source == "url"


def test_a_broken_sidecar_is_an_error_naming_it(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text(TEXT_ARTICLE, encoding="utf-8")
    (tmp_path / "story.txt.meta.json").write_text("{not json", encoding="utf-8")
    [error] = _run(tmp_path)
    assert isinstance(error, IngestError) and error.path.endswith("story.txt.meta.json")
    assert "sidecar" in error.message


def test_meta_csv_maps_file_names_to_metadata(tmp_path: Path) -> None:
    (tmp_path / "one.txt").write_text(TEXT_ARTICLE, encoding="utf-8")
    (tmp_path / "two.txt").write_text(TEXT_ARTICLE.replace("Friday", "Saturday"), encoding="utf-8")
    (tmp_path / "one.txt.meta.yaml").write_text("outlet: Sidecar Outlet\n", encoding="utf-8")
    meta = tmp_path / "meta.csv"
    meta.write_text(
        "file,url,outlet,published,language,title\n"
        "one.txt,,CSV Outlet,2020-03-21,,CSV title\n"
        "two.txt,https://tass.com/world/1,,,en,\n",
        encoding="utf-8",
    )
    one, two = _articles(_run(tmp_path / "one.txt", tmp_path / "two.txt", meta_csv=str(meta)))
    assert one.outlet == "CSV Outlet" and one.title == "CSV title"
    assert one.published is not None and one.published.start == dt.date(2020, 3, 21)
    assert two.outlet == "TASS" and two.url == "https://tass.com/world/1"


def test_meta_csv_without_a_file_column_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "one.txt").write_text(TEXT_ARTICLE, encoding="utf-8")
    meta = tmp_path / "meta.csv"
    meta.write_text("url,outlet\nhttps://x.org,Y\n", encoding="utf-8")
    results = _run(tmp_path / "one.txt", meta_csv=str(meta))
    [error] = _errors(results)
    assert error.line == 1 and "column" in error.message
    assert len(_articles(results)) == 1


def test_read_document_metadata_wins_over_the_sidecar(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text(TEXT_ARTICLE, encoding="utf-8")
    (tmp_path / "story.txt.meta.json").write_text('{"outlet": "From Sidecar"}', encoding="utf-8")
    [article] = read_document(
        tmp_path / "story.txt", {"outlet": "From Gold", "published": dt.date(2016, 2, 24), "url": None}
    )
    assert article.outlet == "From Gold"
    assert article.published is not None and article.published.start == dt.date(2016, 2, 24)
    assert article.text == read_document(tmp_path / "story.txt")[0].text


def test_bad_published_value_is_recorded_not_fatal(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text(TEXT_ARTICLE, encoding="utf-8")
    [article] = read_document(tmp_path / "story.txt", {"published": "not a date"})
    assert article.published is None and article.meta["published_errors"]


# --------------------------------------------------------------------------- expansion


def test_folders_globs_and_missing_paths(tmp_path: Path) -> None:
    nested = tmp_path / "nested" / "deeper"
    nested.mkdir(parents=True)
    (nested / "a.txt").write_text(TEXT_ARTICLE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(TEXT_ARTICLE.replace("Friday", "Sunday"), encoding="utf-8")
    (tmp_path / "README.md").write_text("# not an article", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text(TEXT_ARTICLE, encoding="utf-8")
    (tmp_path / "b.txt.meta.json").write_text("{}", encoding="utf-8")
    assert [a.doc for a in _articles(_run(tmp_path))] == ["b.txt", "a.txt"]
    assert [a.doc for a in _articles(_run(str(tmp_path / "**" / "*.txt")))] == ["b.txt", "a.txt"]
    missing, nomatch = _run(tmp_path / "nope.txt", str(tmp_path / "*.nothing"))
    assert isinstance(missing, IngestError) and "no such file" in missing.message
    assert isinstance(nomatch, IngestError) and "no file matches" in nomatch.message


def test_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    class FakeStdin:
        buffer = io.BytesIO(HTML_ARTICLE.encode("utf-8"))

    monkeypatch.setattr(sys, "stdin", FakeStdin())
    [article] = _run("-")
    assert isinstance(article, Article) and article.doc == "-" and article.raw_format == "html"


def test_gzip_that_is_not_a_warc_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "x.warc.gz"
    path.write_bytes(gzip.compress(b"just some text, not an archive"))
    [error] = _run(path)
    assert isinstance(error, IngestError) and "archive" in error.message


def test_ingest_error_string_and_dict() -> None:
    error = IngestError("a.jsonl", 3, "not valid JSON")
    assert str(error) == "a.jsonl:3: not valid JSON"
    assert str(IngestError("a.txt", None, "empty")) == "a.txt: empty"
    assert error.to_dict() == {"path": "a.jsonl", "line": 3, "message": "not valid JSON"}


# --------------------------------------------------------------------------- seeds and samples


def test_seeds_give_outlets_titles_captions_and_no_boilerplate(seeds_dir: Path) -> None:
    results = _run(seeds_dir)
    articles = _articles(results)
    assert len(articles) == 5 and not _errors(results)
    assert sorted(a.outlet or "" for a in articles) == ["Kayhan International"] + ["Press TV"] * 4
    for article in articles:
        assert article.title and article.language == "en"
        lines = [line.strip().casefold() for line in article.text.split("\n")]
        assert "share this article" not in lines
        assert not any("can also be accessed" in line for line in lines)
        assert not any(line.startswith("news / ") for line in lines)
        assert not any(line.startswith("www.") for line in lines)
    with_captions = [a for a in articles if a.captions()]
    assert len(with_captions) == 4
    for article in with_captions:
        caption = article.captions()[0]
        assert article.blocks[0].kind == "title" and caption.start > article.blocks[0].end


def test_bundled_samples_are_all_readable_and_synthetic() -> None:
    results = _run(SAMPLES)
    articles = _articles(results)
    assert not _errors(results)
    assert 12 <= len(articles) <= 16
    assert all(a.meta.get("synthetic") is True for a in articles)
    assert {a.raw_format for a in articles} == {"text", "html", "jsonl", "feed", "warc"}
    assert all(a.title and a.outlet and a.published for a in articles)
    assert sum(1 for a in articles if a.captions()) >= 4
    assert len({a.content_hash for a in articles}) == len(articles)


def test_html_meta_charset_is_used_when_not_utf8(tmp_path: Path) -> None:
    arabic = "انسحبت القوات الأجنبية من القاعدة الجوية في غرب البلاد يوم الاثنين، بحسب مسؤولين محليين."
    html = (
        '<html><head><meta charset="windows-1256"><title>انسحاب القوات</title></head><body><article>'
        f"<h1>انسحاب القوات من القاعدة</h1><p>{arabic}</p><p>{arabic}</p></article></body></html>"
    )
    path = tmp_path / "arabic.html"
    path.write_bytes(html.encode("cp1256"))
    [article] = read_document(path)
    assert arabic in article.text and article.language == "ar"


def test_page_title_loses_its_site_suffix(tmp_path: Path) -> None:
    html = (
        "<html><head><title>Troops leave desert base | Example Herald</title>"
        '<meta property="og:site_name" content="Example Herald"></head><body><article>'
        "<p>The last troops left the desert base on Monday after eight years, officials said.</p>"
        "<p>The base will be handed over to the national army next week, they added.</p>"
        "</article></body></html>"
    )
    path = tmp_path / "nohead.html"
    path.write_text(html, encoding="utf-8")
    [article] = read_document(path)
    assert article.title == "Troops leave desert base"
    assert article.text.startswith("Troops leave desert base\n\nThe last troops left")


def test_json_documents_with_one_article_or_an_array(tmp_path: Path) -> None:
    (tmp_path / "one.json").write_text(
        json.dumps({"text": BODY, "outlet": "Given"}, indent=2), encoding="utf-8"
    )
    (tmp_path / "many.json").write_text(
        json.dumps([{"text": BODY}, {"nothing": 1}], indent=2), encoding="utf-8"
    )
    (tmp_path / "bad.json").write_text('{"text": "unterminated', encoding="utf-8")
    results = _run(tmp_path / "one.json", tmp_path / "many.json", tmp_path / "bad.json")
    one, many = _articles(results)
    assert one.doc == "one.json" and one.outlet == "Given" and many.doc == "many.json:1"
    item_error, bad = _errors(results)
    assert "item 2" in item_error.message and bad.path == "bad.json" and "not valid JSON" in bad.message


def test_an_overlong_jsonl_line_is_skipped_and_the_next_read(tmp_path: Path) -> None:
    path = tmp_path / "long.jsonl"
    long_line = json.dumps({"text": "word " * 5000})
    path.write_text(long_line + "\n" + json.dumps({"text": BODY}) + "\n", encoding="utf-8")
    error, article = _run(path, max_bytes=2000)
    assert isinstance(error, IngestError) and error.line == 1 and "over the 2000-byte cap" in error.message
    assert isinstance(article, Article) and article.doc == "long.jsonl:2"


def test_read_document_with_gold_metadata_matches_the_gold(seeds_dir: Path, gold_dir: Path) -> None:
    """The evaluator's path: each seed read with its gold file's metadata, and without it."""
    for gold_path in sorted(gold_dir.glob("*.yaml")):
        gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
        metadata = gold["metadata"]
        [article] = read_document(seeds_dir / gold["doc"], metadata)
        assert article.outlet == metadata["outlet"] and article.url == metadata["url"]
        assert article.published is not None and article.published.source == "metadata"
        assert article.published.start.isoformat() == str(metadata["published"])
        [bare] = read_document(seeds_dir / gold["doc"])
        assert bare.text == article.text
        # The outlet is recognised from the text alone, as the gold names it.
        assert bare.outlet == metadata["outlet"]


def test_a_reader_crash_is_an_error_for_that_input_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from basewatch.ingest import documents

    def explode(data: bytes, name: str) -> Iterator[object]:
        raise RuntimeError("library bug")
        yield  # pragma: no cover

    monkeypatch.setattr(documents, "read_feed", explode)
    (tmp_path / "a.rss").write_text(RSS, encoding="utf-8")
    (tmp_path / "b.txt").write_text(TEXT_ARTICLE, encoding="utf-8")
    error, article = _run(tmp_path)
    assert (
        isinstance(error, IngestError) and "internal error" in error.message and error.path.endswith("a.rss")
    )
    assert isinstance(article, Article)


def test_a_bare_path_string_and_a_folder_for_read_document(tmp_path: Path) -> None:
    (tmp_path / "one.txt").write_text(TEXT_ARTICLE, encoding="utf-8")
    [article] = list(iter_documents(str(tmp_path / "one.txt")))
    assert isinstance(article, Article) and article.doc == "one.txt"
    with pytest.raises(IngestError, match="is a folder"):
        read_document(tmp_path)


def test_a_web_page_saved_as_txt_is_read_as_html(tmp_path: Path) -> None:
    path = tmp_path / "saved.txt"
    path.write_text(HTML_ARTICLE, encoding="utf-8")
    [article] = read_document(path)
    assert article.raw_format == "html" and "<p>" not in article.text and article.captions()
