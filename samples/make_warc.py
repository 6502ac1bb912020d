"""Write samples/13-archive.warc.gz: two synthetic article pages as WARC response records.

Run from the repository root: ``.venv/bin/python samples/make_warc.py``. The output is
deterministic (fixed record ids and dates), so re-running it changes nothing.
"""

from __future__ import annotations

import io
import uuid
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

OUTPUT = Path(__file__).with_name("13-archive.warc.gz")

PAGES: list[tuple[str, str, str]] = [
    (
        "https://samples.basewatch.invalid/2024/10/09/erbil-rockets",
        "2024-10-09T12:00:00Z",
        """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Rockets fired at coalition base near Erbil airport</title>
<meta property="og:site_name" content="Example Kurdistan Report">
<meta property="article:published_time" content="2024-10-09">
<meta name="basewatch:synthetic" content="true"></head><body><article>
<h1>Rockets fired at coalition base near Erbil airport</h1>
<p>ERBIL - Two rockets were fired late on Tuesday at a base used by US-led coalition forces next to
Erbil international airport in Iraq's Kurdistan region, the region's counter-terrorism service said.</p>
<p>One rocket was intercepted by air defences and the other landed in an empty field, causing no casualties.
The service said the rockets were launched from a vehicle found abandoned south of the city.</p>
<p>It was the second attack on the base this month. No group claimed responsibility.</p>
</article></body></html>""",
    ),
    (
        "https://samples.basewatch.invalid/2024/12/02/syria-base-handover",
        "2024-12-02T12:00:00Z",
        """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>US troops pull out of base in Deir ez-Zor countryside</title>
<meta property="og:site_name" content="Example Levant Desk">
<meta property="article:published_time" content="2024-12-02">
<meta name="basewatch:synthetic" content="true"></head><body><article>
<h1>US troops pull out of base in Deir ez-Zor countryside</h1>
<figure><img src="convoy.jpg"><figcaption>A convoy of armoured vehicles drives along a road in Hasakah
province, Syria. (Photo: Example Levant Desk)</figcaption></figure>
<p>US forces withdrew on Sunday from a small base near the town of al-Busayrah in Syria's Deir ez-Zor province
and handed it over to the Syrian Democratic Forces, a local official said.</p>
<p>The troops moved to the larger Conoco gas field base further north, the official said.
The coalition did not comment on the move, saying only that it regularly adjusts
its positions in the region.</p>
</article></body></html>""",
    ),
]


def main() -> None:
    """Write the archive with one response record per page."""
    with OUTPUT.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for url, date, html in PAGES:
            body = html.encode("utf-8")
            http_headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(body),
                http_headers=http_headers,
                warc_headers_dict={
                    "WARC-Date": date,
                    "WARC-Record-ID": f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, url)}>",
                },
            )
            writer.write_record(record)
    print(f"wrote {OUTPUT}")


if __name__ == "__main__":
    main()
