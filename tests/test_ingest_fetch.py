"""URL ingestion against a local http.server (loopback only): robots.txt, redirects, caps, refusals."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import httpx
import pytest

from basewatch.ingest import Fetcher, IngestError, check_address, iter_documents
from basewatch.ingest import fetch as fetch_module
from basewatch.records import Article

PAGE = b"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>Convoy reaches the base</title>
<meta property="og:site_name" content="Local Test Herald"></head><body><article>
<h1>Convoy reaches the base</h1>
<p>A supply convoy reached the desert base on Thursday after a two-day journey, officials said.</p>
<p>The base hosts about 300 troops and a small airstrip used by transport planes.</p>
</article></body></html>"""
FEED = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Local feed</title>
<item><title>Drill ends</title><link>https://example.org/drill</link>
<description>The navy ended a week-long drill in the gulf on Sunday, officials said.</description></item>
</channel></rss>"""
ROBOTS = b"User-agent: *\nDisallow: /private/\n"


class Handler(BaseHTTPRequestHandler):
    """Routes: /robots.txt, /article, /private/..., /feed, /big, /hop/N (N redirects), 404 otherwise."""

    user_agents: ClassVar[list[str]] = []

    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        return

    def _send(self, status: int, body: bytes, content_type: str = "text/html; charset=utf-8") -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        Handler.user_agents.append(self.headers.get("User-Agent", ""))
        if self.path == "/robots.txt":
            self._send(200, ROBOTS, "text/plain")
        elif self.path in ("/article", "/private/article"):
            self._send(200, PAGE)
        elif self.path == "/feed":
            self._send(200, FEED, "application/rss+xml")
        elif self.path == "/big":
            self._send(200, PAGE + b" " * 50_000)
        elif self.path.startswith("/hop/"):
            left = int(self.path.rsplit("/", 1)[1])
            self.send_response(302)
            self.send_header("Location", f"/hop/{left - 1}" if left > 1 else "/article")
            self.send_header("Content-Length", "0")
            self.end_headers()
        else:
            self._send(404, b"not found", "text/plain")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _one(url: str, **kwargs: object) -> Article | IngestError:
    [result] = list(iter_documents([url], **kwargs))  # type: ignore[arg-type]
    return result


def test_fetches_a_page_with_a_polite_user_agent(server: str) -> None:
    article = _one(f"{server}/article", allow_private=True)
    assert isinstance(article, Article), article
    assert article.url == f"{server}/article" and article.doc == article.url
    assert article.raw_format == "url" and article.raw == PAGE
    assert article.title == "Convoy reaches the base" and article.outlet == "Local Test Herald"
    assert any(agent.startswith("basewatch/") for agent in Handler.user_agents)


def test_loopback_is_refused_without_allow_private(server: str) -> None:
    error = _one(f"{server}/article")
    assert isinstance(error, IngestError) and "non-public address 127.0.0.1" in error.message
    assert "--allow-private" in error.message


def test_robots_txt_is_respected(server: str) -> None:
    error = _one(f"{server}/private/article", allow_private=True)
    assert isinstance(error, IngestError) and "robots.txt" in error.message


def test_redirects_are_followed_up_to_the_cap(server: str) -> None:
    assert isinstance(_one(f"{server}/hop/3", allow_private=True), Article)
    error = _one(f"{server}/hop/9", allow_private=True)
    assert isinstance(error, IngestError) and "more than 5 redirects" in error.message


def test_size_cap_and_http_errors(server: str) -> None:
    fetcher = Fetcher(allow_private=True, max_bytes=10_000)
    with pytest.raises(IngestError, match="over the 10000-byte cap"):
        fetcher.fetch(f"{server}/big")
    with pytest.raises(IngestError, match="HTTP 404"):
        fetcher.fetch(f"{server}/nothing-here")
    fetcher.close()


def test_feed_urls_give_their_entries(server: str) -> None:
    article = _one(f"{server}/feed", allow_private=True)
    assert isinstance(article, Article) and article.raw_format == "feed"
    assert article.url == "https://example.org/drill" and "week-long drill" in article.text


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("file:///etc/passwd", "only http and https"),
        ("http://169.254.169.254/latest/meta-data", "non-public address"),
        ("http://[::1]:8080/", "non-public address"),
        ("http://10.1.2.3/", "non-public address"),
        ("http://[::ffff:192.168.0.1]/", "non-public address"),
    ],
)
def test_non_public_addresses_and_schemes_are_refused(url: str, expected: str) -> None:
    with pytest.raises(IngestError, match=expected):
        check_address(url, allow_private=False)


def test_every_redirect_hop_is_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    """A public page redirecting to an internal host is refused at the second hop."""
    addresses = {"news.example": "93.184.216.34", "internal.example": "10.0.0.5"}

    def fake_getaddrinfo(host: str, port: int, *args: object) -> list[tuple[object, ...]]:
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (addresses[host], port))]

    def respond(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        return httpx.Response(302, headers={"Location": "http://internal.example/admin"})

    monkeypatch.setattr(fetch_module.socket, "getaddrinfo", fake_getaddrinfo)
    fetcher = Fetcher(transport=httpx.MockTransport(respond))
    with pytest.raises(IngestError, match=r"non-public address 10\.0\.0\.5"):
        fetcher.fetch("http://news.example/story")


@pytest.mark.parametrize(
    ("robots", "expected"),
    [
        (httpx.Response(301, headers={"Location": "/robots-moved.txt"}), "disallows"),
        (httpx.Response(403), "disallows"),
        (httpx.Response(503), "cannot read robots.txt"),
        (httpx.Response(404), None),
    ],
)
def test_robots_txt_redirects_and_status_codes(
    monkeypatch: pytest.MonkeyPatch, robots: httpx.Response, expected: str | None
) -> None:
    """A moved robots.txt is followed; 401/403 forbid all, 5xx stops, other 4xx allow all."""

    def fake_getaddrinfo(host: str, port: int, *args: object) -> list[tuple[object, ...]]:
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port))]

    def respond(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return robots
        if request.url.path == "/robots-moved.txt":
            return httpx.Response(200, text="User-agent: basewatch\nDisallow: /\n")
        return httpx.Response(200, html=PAGE.decode())

    monkeypatch.setattr(fetch_module.socket, "getaddrinfo", fake_getaddrinfo)
    fetcher = Fetcher(transport=httpx.MockTransport(respond))
    if expected is None:
        assert fetcher.fetch("http://news.example/story").body == PAGE
    else:
        with pytest.raises(IngestError, match=expected):
            fetcher.fetch("http://news.example/story")


def test_dns_rebinding_is_refused_at_connect_time(server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The name is public when checked and loopback when connected: the connection is refused."""
    port = int(server.rsplit(":", 1)[1])
    answers = iter(["93.184.216.34", "127.0.0.1"])

    def rebinding_getaddrinfo(host: str, port_: int, *args: object) -> list[tuple[object, ...]]:
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers), port_))]

    monkeypatch.setattr(fetch_module.socket, "getaddrinfo", rebinding_getaddrinfo)
    fetcher = Fetcher(respect_robots=False)
    with pytest.raises(IngestError, match=r"non-public address 127\.0\.0\.1"):
        fetcher.fetch(f"http://rebind.example:{port}/article")
    fetcher.close()
