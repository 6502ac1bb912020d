"""Polite, guarded HTTP fetching of article and feed URLs.

Every hop of a redirect chain is checked: scheme, resolved addresses (private, loopback,
link-local and other non-public addresses are refused unless ``allow_private``), robots.txt.
Bodies are streamed and cut at a size cap.
"""

from __future__ import annotations

import ipaddress
import socket
import urllib.robotparser
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from basewatch import __version__
from basewatch.ingest.errors import IngestError

USER_AGENT = f"basewatch/{__version__} (news research crawler; obeys robots.txt)"
ROBOTS_AGENT = "basewatch"
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


class HttpStatusError(IngestError):
    """The server answered with an error status (kept, so robots.txt handling can tell 404 from 503)."""

    def __init__(self, url: str, status: int) -> None:
        super().__init__(url, None, f"the server answered HTTP {status}")
        self.status = status


@dataclass
class Fetched:
    """A fetched body and what the server said about it."""

    url: str  # final URL after redirects
    body: bytes
    content_type: str | None
    charset: str | None


def public_address(host: str, port: int, where: str) -> str:
    """The first address ``host`` resolves to, after checking that every one of them is public."""
    try:
        infos = socket.getaddrinfo(host, port)
    except (socket.gaierror, UnicodeError) as exc:
        raise IngestError(where, None, f"cannot resolve host '{host}': {exc}") from None
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
            address = address.ipv4_mapped
        if not address.is_global or address.is_multicast:
            raise IngestError(
                where,
                None,
                f"host '{host}' resolves to the non-public address {address}; refused "
                "(use --allow-private to fetch from private or local networks)",
            )
    return str(infos[0][4][0])


def check_address(url: str, *, allow_private: bool) -> None:
    """Refuse URLs that are not http(s) or resolve to a non-public address."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise IngestError(url, None, f"only http and https URLs can be fetched, not '{parts.scheme}:'")
    host = parts.hostname
    if not host:
        raise IngestError(url, None, "the URL has no host name")
    if not allow_private:
        public_address(host, parts.port or (443 if parts.scheme == "https" else 80), url)


class _PublicOnlyBackend(httpcore.SyncBackend):
    """Connects only to addresses checked at connect time, so a DNS answer that changes after
    :func:`check_address` (DNS rebinding) cannot reach a private network. TLS still verifies the
    host name: httpcore passes the URL's host as the server name, not the address."""

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        address = public_address(host, port, f"{host}:{port}")
        return super().connect_tcp(address, port, timeout, local_address, socket_options)


def public_only_transport() -> httpx.HTTPTransport:
    """An httpx transport whose connections can only reach public addresses."""
    transport = httpx.HTTPTransport()
    # httpx has no public hook for the network backend; its pool is rebuilt with ours.
    transport._pool = httpcore.ConnectionPool(
        ssl_context=httpx.create_ssl_context(), network_backend=_PublicOnlyBackend()
    )
    return transport


@dataclass
class Fetcher:
    """HTTP client with timeouts, a size cap, a redirect cap, robots.txt and address checks."""

    allow_private: bool = False
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    timeout: float = 15.0
    respect_robots: bool = True
    user_agent: str = USER_AGENT
    transport: httpx.BaseTransport | None = None
    _robots: dict[str, urllib.robotparser.RobotFileParser | None] = field(default_factory=dict)
    _client: httpx.Client | None = None

    @property
    def client(self) -> httpx.Client:
        if self._client is None:
            self._client = httpx.Client(
                headers={
                    "User-Agent": self.user_agent,
                    "Accept": "text/html, application/xhtml+xml, "
                    "application/rss+xml, application/atom+xml, text/xml;q=0.9, text/plain;q=0.8",
                },
                timeout=httpx.Timeout(self.timeout, connect=min(self.timeout, 10.0)),
                follow_redirects=False,
                transport=self.transport or (None if self.allow_private else public_only_transport()),
            )
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def _get(self, url: str) -> httpx.Response | Fetched:
        """One GET (no redirects followed); a 3xx comes back as the response."""
        check_address(url, allow_private=self.allow_private)
        try:
            with self.client.stream("GET", url) as response:
                if response.status_code in REDIRECT_STATUSES:
                    return response
                if response.status_code >= 400:
                    raise HttpStatusError(url, response.status_code)
                declared = response.headers.get("Content-Length")
                if declared and declared.isdigit() and int(declared) > self.max_bytes:
                    raise IngestError(
                        url, None, f"the page is {declared} bytes, over the {self.max_bytes}-byte cap"
                    )
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise IngestError(
                            url, None, f"the page is over the {self.max_bytes}-byte cap; not read"
                        )
                    chunks.append(chunk)
                content_type = response.headers.get("Content-Type")
                return Fetched(str(response.url), b"".join(chunks), content_type, response.charset_encoding)
        except httpx.TimeoutException:
            raise IngestError(url, None, f"timed out after {self.timeout:.0f} s; try again later") from None
        except httpx.HTTPError as exc:
            raise IngestError(url, None, f"cannot fetch: {exc}") from None

    def _follow(self, url: str, *, check_robots: bool = True) -> Fetched:
        current = url
        for _hop in range(self.max_redirects + 1):
            result = self._get(current)
            if isinstance(result, Fetched):
                return result
            location = result.headers.get("Location")
            if not location:
                raise IngestError(
                    current, None, f"HTTP {result.status_code} redirect without a Location header"
                )
            current = urljoin(current, location)
            if check_robots and self.respect_robots and not self.allowed(current):
                raise IngestError(current, None, "robots.txt of this site disallows fetching this page")
        raise IngestError(url, None, f"more than {self.max_redirects} redirects; not followed further")

    def allowed(self, url: str) -> bool:
        """Whether robots.txt of the URL's site lets basewatch fetch it (cached per site)."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._robots:
            self._robots[origin] = self._load_robots(origin)
        parser = self._robots[origin]
        return True if parser is None else parser.can_fetch(ROBOTS_AGENT, url)

    def _load_robots(self, origin: str) -> urllib.robotparser.RobotFileParser | None:
        """Parsed robots.txt; None (allow all) when the site has none."""
        parser = urllib.robotparser.RobotFileParser()
        robots_url = origin + "/robots.txt"
        try:
            # Sites often redirect robots.txt (http -> https, www.): follow, without robots checks.
            result = self._follow(robots_url, check_robots=False)
        except HttpStatusError as exc:
            # RFC 9309: unauthorised means "disallow all", other client errors mean "no rules".
            if exc.status in (401, 403):
                parser.disallow_all = True
                return parser
            if exc.status < 500:
                return None
            raise IngestError(origin, None, f"cannot read robots.txt ({exc.message}); not fetching") from None
        except IngestError as exc:
            raise IngestError(origin, None, f"cannot read robots.txt ({exc.message}); not fetching") from None
        parser.parse(result.body.decode("utf-8", errors="replace").splitlines())
        return parser

    def fetch(self, url: str) -> Fetched:
        """GET ``url`` following checked redirects; raises IngestError with the reason."""
        if self.respect_robots and not self.allowed(url):
            raise IngestError(url, None, "robots.txt of this site disallows fetching this page")
        return self._follow(url)
