/* basewatch dashboard: plain JavaScript, no build step, no network beyond this server.
 *
 * Security rule for this file: article text and every value from the API is hostile. DOM is built with
 * createElement + textContent (the `el` helper); innerHTML is never given data. Links from data get an
 * href only when they are http(s).
 */
(function () {
  "use strict";

  const FILTER_KEYS = [
    "type", "modality", "date_from", "date_to", "country", "admin1", "actor",
    "installation", "outlet", "q", "reviewed", "background",
  ];
  const MAP_LIMIT = 5000;
  const TABLE_ROWS = 200;
  const FAMILY_COLORS = { base: "#e63946", force: "#457b9d", politics: "#8a5cc2", territory: "#2a9d8f" };
  const SVG_NS = "http://www.w3.org/2000/svg";

  const state = { config: null, map: null, eventLayer: null, installationLayer: null, outlinesLoaded: false };

  // ------------------------------------------------------------------ DOM helpers

  /** Create an element; `props` sets properties (text -> textContent), children are nodes or strings. */
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === null || value === undefined) continue;
      if (key === "text") node.textContent = String(value);
      else if (key === "className") node.className = value;
      else if (key === "dataset") Object.assign(node.dataset, value);
      else if (key === "href") node.setAttribute("href", value);
      else node[key] = value;
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function svg(tag, attrs, ...children) {
    const node = document.createElementNS(SVG_NS, tag);
    for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, String(value));
    for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    return node;
  }

  /** An in-app link (handled by the router, no page reload). */
  function navLink(search, text, className) {
    return el("a", { href: search ? "/?" + search : "/", text, className, dataset: { nav: "" } });
  }

  /** An external link: only http(s) URLs become links; anything else is shown as text. */
  function safeLink(url, text) {
    if (typeof url === "string" && /^https?:\/\//i.test(url)) {
      return el("a", { href: url, text: text || url, rel: "noopener noreferrer nofollow", target: "_blank" });
    }
    return el("span", { text: text || url || "" });
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
  }

  function showStatus(message) {
    const box = document.getElementById("status");
    box.textContent = message || "";
    box.hidden = !message;
  }

  async function api(path, options) {
    const response = await fetch(path, options);
    let body = null;
    try {
      body = await response.json();
    } catch (_) {
      body = null;
    }
    if (!response.ok) {
      const message = body && typeof body.error === "string" ? body.error : "HTTP " + response.status;
      const error = new Error(message);
      error.status = response.status;
      throw error;
    }
    return body;
  }

  function params() {
    return new URLSearchParams(window.location.search);
  }

  function filterQuery(source) {
    const query = new URLSearchParams();
    for (const key of FILTER_KEYS) {
      const value = source.get(key);
      if (value) query.set(key, value);
    }
    return query;
  }

  function navigate(search) {
    const target = search ? "/?" + search : "/";
    if (target !== window.location.pathname + window.location.search) window.history.pushState(null, "", target);
    route();
  }

  // ------------------------------------------------------------------ formatting

  function familyOf(type) {
    return String(type || "").split(".")[0];
  }

  function colorOf(type) {
    return FAMILY_COLORS[familyOf(type)] || "#666";
  }

  function spanText(span) {
    if (!span) return "unknown";
    const range = span.start === span.end ? span.start : span.start + " to " + span.end;
    const words = span.text ? " (“" + span.text + "”)" : "";
    return range + " · " + (span.precision || "") + words;
  }

  function eventDay(event) {
    if (event.date) return event.date.start;
    if (event.reported) return event.reported.start;
    return null;
  }

  function placeText(place) {
    if (!place) return "unknown";
    const parts = [place.name, place.admin1, place.country].filter(Boolean);
    let text = parts.join(", ");
    if (place.lat !== null && place.lat !== undefined) {
      text += " (" + Number(place.lat).toFixed(3) + ", " + Number(place.lon).toFixed(3) + ")";
    } else {
      text += " (unresolved)";
    }
    return text + " · precision " + place.precision;
  }

  function actorText(actor) {
    if (!actor) return "unknown";
    if (actor.text && actor.name && actor.text !== actor.name) return actor.name + " (“" + actor.text + "”)";
    return actor.name || actor.text || "unknown";
  }

  // ------------------------------------------------------------------ map view

  function initMap() {
    if (state.map) return;
    const map = L.map("map", { worldCopyJump: true, attributionControl: true, zoomSnap: 0.5 });
    map.attributionControl.setPrefix("Leaflet");
    map.setView([33.5, 42], 5);
    const config = state.config || {};
    if (config.tiles_url) {
      // The attribution string comes from the server's settings; escape it anyway (Leaflet uses innerHTML).
      const escaped = String(config.tiles_attribution || "").replace(/[&<>"']/g, (c) => "&#" + c.charCodeAt(0) + ";");
      L.tileLayer(config.tiles_url, { attribution: escaped, maxZoom: 18 }).addTo(map);
    }
    map.attributionControl.addAttribution("Natural Earth");
    state.eventLayer = L.featureGroup().addTo(map);
    state.installationLayer = L.featureGroup().addTo(map);
    const legend = L.control({ position: "bottomright" });
    legend.onAdd = function () {
      const box = el("div", { className: "legend" });
      for (const family of Object.keys(FAMILY_COLORS)) {
        box.append(el("div", {}, el("span", { className: "swatch " + family }), family + " events"));
      }
      box.append(el("div", {}, el("span", { className: "swatch installation" }), "installation"));
      return box;
    };
    legend.addTo(map);
    state.map = map;
    loadOutlines();
  }

  async function loadOutlines() {
    if (state.outlinesLoaded) return;
    state.outlinesLoaded = true;
    const outline = { color: "#8c9aab", weight: 0.8, fillColor: "#fbfbf8", fillOpacity: 1, interactive: false };
    const admin = { color: "#b9c3cf", weight: 0.5, fill: false, dashArray: "2 3", interactive: false };
    try {
      const [countries, admin1] = await Promise.all([
        api("/static/data/countries.geojson"),
        api("/static/data/admin1.geojson"),
      ]);
      const pane = state.map.createPane("outlines");
      pane.classList.add("outlines-pane");
      L.geoJSON(countries, { style: outline, pane: "outlines" }).addTo(state.map);
      L.geoJSON(admin1, { style: admin, pane: "outlines" }).addTo(state.map);
    } catch (error) {
      showStatus("Could not load the map outlines: " + error.message);
    }
  }

  function popupForEvents(placeName, events) {
    const box = el("div", {}, el("strong", { text: placeName || "unnamed place" }));
    const list = el("ul");
    for (const event of events.slice(0, 25)) {
      const label = event.type + " · " + (eventDay(event) || "undated") + " · " + actorText(event.actor);
      list.append(el("li", {}, navLink("view=event&id=" + encodeURIComponent(event.id), label)));
    }
    if (events.length > 25) list.append(el("li", { text: "and " + (events.length - 25) + " more" }));
    box.append(list);
    return box;
  }

  function drawEvents(events) {
    state.eventLayer.clearLayers();
    const groups = new Map();
    let unplaced = 0;
    for (const event of events) {
      const place = event.location;
      if (!place || place.lat === null || place.lat === undefined || place.lon === null) {
        unplaced += 1;
        continue;
      }
      // Events at the same spot share one marker (sized by count) so none hides another.
      const key = Number(place.lat).toFixed(3) + "," + Number(place.lon).toFixed(3);
      if (!groups.has(key)) groups.set(key, { lat: place.lat, lon: place.lon, name: place.name, events: [] });
      groups.get(key).events.push(event);
    }
    for (const group of groups.values()) {
      const radius = Math.min(6 + Math.sqrt(group.events.length) * 2.5, 22);
      const marker = L.circleMarker([group.lat, group.lon], {
        radius,
        color: "#1d2733",
        weight: 1,
        fillColor: colorOf(group.events[0].type),
        fillOpacity: 0.75,
        className: "bw-marker bw-event",
      });
      marker.bindPopup(() => popupForEvents(group.name, group.events));
      // Leaflet puts string content in with innerHTML: always hand it a DOM node.
      marker.bindTooltip(el("span", { text: (group.name || "unnamed place") + " · " + group.events.length + " event(s)" }));
      marker.addTo(state.eventLayer);
    }
    return { markers: groups.size, unplaced };
  }

  function drawInstallations(rows) {
    state.installationLayer.clearLayers();
    for (const row of rows) {
      if (row.lat === null || row.lat === undefined || row.lon === null) continue;
      const marker = L.circleMarker([row.lat, row.lon], {
        radius: 5,
        color: "#1d2733",
        weight: 2,
        fillColor: "#ffffff",
        fillOpacity: 1,
        className: "bw-marker bw-installation",
      });
      const popup = el(
        "div", {},
        navLink("view=installation&id=" + encodeURIComponent(row.id), row.name),
        el("div", { text: (row.status || "status unknown") + " · " + row.event_count + " event(s)" }),
      );
      marker.bindPopup(popup);
      marker.addTo(state.installationLayer);
    }
  }

  function drawTimeline(data, query) {
    const box = clear(document.getElementById("timeline"));
    const buckets = data.buckets || [];
    if (!buckets.length) {
      box.append(el("p", { className: "count", text: "No dated events for the timeline." }));
      return;
    }
    // Fill the months between the first and last bucket so gaps show as gaps.
    const counts = new Map(buckets.map((b) => [b.month, b]));
    const months = [];
    let [year, month] = buckets[0].month.split("-").map(Number);
    const last = buckets[buckets.length - 1].month;
    for (let guard = 0; guard < 1200; guard += 1) {
      const key = year + "-" + String(month).padStart(2, "0");
      months.push(key);
      if (key === last) break;
      month += 1;
      if (month > 12) { month = 1; year += 1; }
    }
    const width = 1000, height = 130, bottom = 18, top = 6;
    const max = Math.max(...buckets.map((b) => b.total));
    const step = width / months.length;
    const chart = svg("svg", { viewBox: "0 0 " + width + " " + height, preserveAspectRatio: "none", role: "img" });
    chart.append(svg("title", {}, "Events per month"));
    months.forEach((key, index) => {
      const bucket = counts.get(key);
      const x = index * step;
      if (bucket) {
        const barHeight = ((height - bottom - top) * bucket.total) / max;
        const types = Object.entries(bucket.by_type).map(([t, n]) => t + ": " + n).join(", ");
        const bar = svg("rect", {
          class: "bar", x: x + step * 0.1, width: Math.max(step * 0.8, 1),
          y: height - bottom - barHeight, height: barHeight, "data-month": key,
        }, svg("title", {}, key + " · " + bucket.total + " event(s) · " + types));
        bar.addEventListener("click", () => {
          const [y, m] = key.split("-").map(Number);
          const lastDay = new Date(Date.UTC(y, m, 0)).getUTCDate();
          query.set("date_from", key + "-01");
          query.set("date_to", key + "-" + String(lastDay).padStart(2, "0"));
          navigate(query.toString());
        });
        chart.append(bar);
      }
      // Year labels on Januaries; the first bar gets one unless a January follows within 3 months.
      const januarySoon = months.slice(1, 4).some((m) => m.endsWith("-01"));
      if (key.endsWith("-01") || (index === 0 && !januarySoon)) {
        const nearEnd = x > width - 30;  // keep the last label inside the chart
        chart.append(svg("text", {
          class: "axis", x: nearEnd ? width - 1 : x + 1, y: height - 4, "text-anchor": nearEnd ? "end" : "start",
        }, key.slice(0, 4)));
      }
    });
    box.append(chart);
    if (data.undated) box.append(el("p", { className: "count", text: data.undated + " undated event(s) not charted." }));
  }

  function fillEventTable(events) {
    const table = clear(document.getElementById("event-table"));
    table.append(el("thead", {}, el("tr", {}, ...["Date", "Type", "Modality", "Place", "Actor", "Outlet", "Review"]
      .map((h) => el("th", { text: h })))));
    const body = el("tbody");
    const sorted = [...events].sort((a, b) => String(eventDay(b) || "").localeCompare(String(eventDay(a) || "")));
    for (const event of sorted.slice(0, TABLE_ROWS)) {
      body.append(el("tr", {},
        el("td", { text: eventDay(event) || "undated" }),
        el("td", {}, navLink("view=event&id=" + encodeURIComponent(event.id), event.type)),
        el("td", { text: event.modality }),
        el("td", { text: event.location ? event.location.name : "" }),
        el("td", { text: event.actor ? event.actor.name || event.actor.text || "" : "" }),
        el("td", { text: (event.attribution && event.attribution.outlet) || "" }),
        el("td", { text: event.review_status || "" }),
      ));
    }
    table.append(body);
  }

  function fillInstallationTable(rows) {
    const table = clear(document.getElementById("installation-table"));
    table.append(el("thead", {}, el("tr", {}, ...["Installation", "Country", "Status", "Events", "First", "Last"]
      .map((h) => el("th", { text: h })))));
    const body = el("tbody");
    for (const row of rows.slice(0, TABLE_ROWS)) {
      body.append(el("tr", {},
        el("td", {}, navLink("view=installation&id=" + encodeURIComponent(row.id), row.name)),
        el("td", { text: row.country || "" }),
        el("td", { text: row.status || "" }),
        el("td", { text: row.event_count }),
        el("td", { text: row.first_date || "" }),
        el("td", { text: row.last_date || "" }),
      ));
    }
    table.append(body);
  }

  function syncForm(query) {
    const form = document.getElementById("filter-form");
    for (const key of FILTER_KEYS) {
      if (form.elements[key]) form.elements[key].value = query.get(key) || "";
    }
    for (const format of ["csv", "geojson", "jsonl", "parquet"]) {
      const exportQuery = new URLSearchParams(query);
      exportQuery.set("format", format);
      document.getElementById("export-" + format).setAttribute("href", "/api/export?" + exportQuery.toString());
    }
  }

  async function renderMap(current) {
    initMap();
    state.map.invalidateSize();
    const query = filterQuery(current);
    syncForm(query);
    const count = document.getElementById("event-count");
    count.textContent = "Loading…";
    const listQuery = new URLSearchParams(query);
    listQuery.set("limit", String(MAP_LIMIT));
    const [events, installations, timeline] = await Promise.all([
      api("/api/events?" + listQuery.toString()),
      api("/api/installations?" + query.toString()),
      api("/api/timeline?" + query.toString()),
    ]);
    const drawn = drawEvents(events.items);
    drawInstallations(installations.items);
    drawTimeline(timeline, query);
    fillEventTable(events.items);
    fillInstallationTable(installations.items);
    let text = events.total + " event(s) match; " + drawn.markers + " place(s) on the map";
    if (events.total > events.items.length) text += " (first " + events.items.length + " shown)";
    if (drawn.unplaced) text += "; " + drawn.unplaced + " without coordinates";
    count.textContent = text + ".";
    count.dataset.total = String(events.total);
    count.dataset.markers = String(drawn.markers);
    const bounds = state.eventLayer.getBounds();
    if (bounds.isValid()) state.map.fitBounds(bounds.pad(0.3), { maxZoom: 7 });
  }

  // ------------------------------------------------------------------ article text with highlights

  /**
   * The cleaned text as blocks (title, body, caption), with `marks` ({start, end, className, href})
   * wrapped in <mark>. Offsets index the cleaned text (JavaScript strings index UTF-16 code units while
   * the server counts code points, so convert first).
   */
  function renderArticleText(article, marks) {
    const codePoints = Array.from(article.text);
    const slice = (start, end) => codePoints.slice(start, end).join("");
    let blocks = (article.blocks || []).slice().sort((a, b) => a.start - b.start);
    if (!blocks.length) blocks = [{ kind: "body", start: 0, end: codePoints.length }];
    // Text outside every block still shows, as body.
    const filled = [];
    let cursor = 0;
    for (const block of blocks) {
      if (block.start > cursor) filled.push({ kind: "body", start: cursor, end: block.start });
      filled.push(block);
      cursor = Math.max(cursor, block.end);
    }
    if (cursor < codePoints.length) filled.push({ kind: "body", start: cursor, end: codePoints.length });

    const container = el("div", { className: "article-text" });
    for (const block of filled) {
      const text = slice(block.start, block.end);
      if (!text.trim()) continue;
      const node = el("div", { className: "block " + block.kind, dataset: { kind: block.kind } });
      if (block.kind === "caption") node.append(el("span", { className: "caption-label", text: "Caption" }));
      let position = block.start;
      const inside = marks
        .filter((m) => m.end > block.start && m.start < block.end)
        .sort((a, b) => a.start - b.start);
      for (const mark of inside) {
        const start = Math.max(mark.start, position);
        const end = Math.min(mark.end, block.end);
        if (end <= start) continue;
        if (start > position) node.append(slice(position, start));
        const highlighted = el("mark", { className: mark.className, text: slice(start, end) });
        if (mark.title) highlighted.title = mark.title;
        node.append(mark.href ? el("a", { href: mark.href, dataset: { nav: "" } }, highlighted) : highlighted);
        position = end;
      }
      if (position < block.end) node.append(slice(position, block.end));
      container.append(node);
    }
    return container;
  }

  function articleHeader(article) {
    const published = article.published
      ? article.published.start + (article.published.inferred ? " (inferred from " + article.published.from + ")" : "")
      : "unknown";
    return el("dl", { className: "facts" },
      el("dt", { text: "Title" }), el("dd", { text: article.title || "(none)" }),
      el("dt", { text: "Outlet" }), el("dd", { text: article.outlet || "unknown" }),
      el("dt", { text: "Published" }), el("dd", { text: published }),
      el("dt", { text: "Source" }), el("dd", {}, article.url ? safeLink(article.url) : article.doc || ""),
    );
  }

  // ------------------------------------------------------------------ event view

  function attributionChain(event) {
    const attribution = event.attribution || {};
    const chain = el("ol", { className: "chain", id: "attribution-chain" });
    chain.append(el("li", { text: "Outlet: " + (attribution.outlet || "unknown") }));
    for (const via of attribution.via || []) chain.append(el("li", { text: "Via: " + via }));
    const source = attribution.source || {};
    chain.append(el("li", { text: "Source (" + (source.kind || "none") + ")" + (source.text ? ": " + source.text : "") }));
    return chain;
  }

  function eventFacts(event) {
    const rows = [
      ["Modality", event.modality],
      ["Date", spanText(event.date)],
      ["Reported", spanText(event.reported)],
      ["Location", placeText(event.location)],
      ["Actor", actorText(event.actor)],
      ["Counterpart", event.counterpart ? actorText(event.counterpart) : "none"],
      ["Hedges", (event.hedges || []).join(", ") || "none"],
      ["Fatalities", event.fatalities === null || event.fatalities === undefined ? "not given" : event.fatalities],
      ["Background", event.background ? "yes (context, not the news)" : "no"],
      ["From a caption", event.caption ? "yes" : "no"],
      ["Confidence", event.confidence],
    ];
    const list = el("dl", { className: "facts" });
    for (const [label, value] of rows) list.append(el("dt", { text: label }), el("dd", { text: value }));
    if (event.installation) {
      list.append(el("dt", { text: "Installation" }), el("dd", {},
        navLink("view=installation&id=" + encodeURIComponent(event.installation.id), event.installation.name)));
    }
    return list;
  }

  function reviewTable(reviews) {
    if (!reviews.length) return el("p", { id: "review-list", text: "No reviews yet." });
    const table = el("table", { className: "grid", id: "review-list" });
    table.append(el("thead", {}, el("tr", {}, ...["When", "Reviewer", "Status", "Corrections", "Note"]
      .map((h) => el("th", { text: h })))));
    const body = el("tbody");
    for (const review of reviews) {
      const corrections = Object.entries(review.corrections || {})
        .map(([k, v]) => k + ": " + (v && typeof v === "object" ? v.start || v.name || JSON.stringify(v) : v))
        .join("; ");
      body.append(el("tr", {},
        el("td", { text: review.created_at || "" }),
        el("td", { text: review.reviewer || "(anonymous)" }),
        el("td", { text: review.status }),
        el("td", { text: corrections }),
        el("td", { text: review.note || "" }),
      ));
    }
    table.append(body);
    return table;
  }

  function selectOf(name, values, emptyLabel) {
    const select = el("select", { name });
    select.append(el("option", { value: "", text: emptyLabel }));
    for (const value of values) select.append(el("option", { value, text: value }));
    return select;
  }

  function reviewForm(event) {
    const config = state.config || { types: [], modalities: [] };
    if (config.read_only) {
      return el("p", { className: "message", text: "This server is read-only: start it with BASEWATCH_TOKEN set to enable reviews." });
    }
    const form = el("form", { className: "review-form", id: "review-form" });
    const status = selectOf("status", ["accepted", "rejected", "corrected"], "choose…");
    status.required = true;
    const field = (label, input, wide) => el("label", { className: wide ? "wide" : "" }, label, input);
    const token = el("input", { name: "token", type: "password", autocomplete: "off", required: true });
    token.value = window.sessionStorage.getItem("basewatch-token") || "";
    form.append(
      field("Verdict", status),
      field("Reviewer", el("input", { name: "reviewer", maxLength: 200 })),
      field("Token", token),
      field("Correct type", selectOf("type", config.types, "(keep)")),
      field("Correct modality", selectOf("modality", config.modalities, "(keep)")),
      field("Correct date (YYYY-MM-DD or start/end)", el("input", { name: "date", maxLength: 21, placeholder: "2020-03-17" })),
      field("Correct place", el("input", { name: "place", maxLength: 300 })),
      field("Correct actor", el("input", { name: "actor", maxLength: 300 })),
      field("Note", el("textarea", { name: "note", rows: 2, maxLength: 4000 }), true),
      el("div", { className: "wide" }, el("button", { type: "submit", text: "Save review" })),
      el("p", { className: "message wide", id: "review-message" }),
    );
    form.addEventListener("submit", async (submitEvent) => {
      submitEvent.preventDefault();
      const data = new FormData(form);
      const corrections = {};
      for (const key of ["type", "modality", "date", "place", "actor"]) {
        const value = String(data.get(key) || "").trim();
        if (value) corrections[key] = value;
      }
      const body = {
        status: data.get("status"),
        reviewer: String(data.get("reviewer") || "").trim(),
        note: String(data.get("note") || "").trim() || null,
      };
      if (Object.keys(corrections).length) body.corrections = corrections;
      const secret = String(data.get("token") || "");
      window.sessionStorage.setItem("basewatch-token", secret);
      const message = document.getElementById("review-message");
      try {
        await api("/api/events/" + encodeURIComponent(event.id) + "/review", {
          method: "POST",
          headers: { "Content-Type": "application/json", Authorization: "Bearer " + secret },
          body: JSON.stringify(body),
        });
        await renderEvent(event.id, true);
        const saved = document.getElementById("review-message");
        saved.className = "message ok wide";
        saved.textContent = "Review saved.";
      } catch (error) {
        message.className = "message error wide";
        message.textContent = "Not saved: " + error.message;
      }
    });
    return form;
  }

  async function renderEvent(id, keepScroll) {
    const box = document.getElementById("event-detail");
    const event = await api("/api/events/" + encodeURIComponent(id));
    const article = event.article_id ? await api("/api/articles/" + encodeURIComponent(event.article_id)) : null;
    clear(box);
    const heading = el("h1", { text: event.type });
    heading.append(el("span", { className: "badge", text: event.modality }));
    if (event.review_status) heading.append(el("span", { className: "badge " + event.review_status, text: "review: " + event.review_status }));
    box.append(heading, eventFacts(event), el("h2", { text: "Who says so" }), attributionChain(event));
    if (event.evidence) box.append(el("h2", { text: "Evidence" }), el("blockquote", { id: "evidence-quote", text: event.evidence.text }));
    if (article) {
      const marks = event.evidence
        ? [{ start: event.evidence.start, end: event.evidence.end, className: "evidence" }]
        : [];
      box.append(el("h2", {}, "Article ", navLink("view=article&id=" + encodeURIComponent(article.id), "(all its events)")));
      box.append(articleHeader(article), renderArticleText(article, marks));
    }
    box.append(el("h2", { text: "Reviews" }), reviewTable(event.reviews || []), el("h2", { text: "Review this event" }), reviewForm(event));
    const mark = box.querySelector("mark.evidence");
    if (mark && !keepScroll) mark.scrollIntoView({ block: "center" });
  }

  // ------------------------------------------------------------------ article view

  async function renderArticle(id) {
    const box = document.getElementById("article-detail");
    const article = await api("/api/articles/" + encodeURIComponent(id));
    clear(box);
    box.append(el("h1", { text: article.title || article.doc || "Article" }), articleHeader(article));
    const marks = (article.events || []).filter((e) => e.evidence).map((e) => ({
      start: e.evidence.start, end: e.evidence.end, className: "other-evidence",
      href: "/?view=event&id=" + encodeURIComponent(e.id), title: e.type + " · " + e.modality,
    }));
    box.append(el("h2", { text: "Text (evidence of each event marked; click one to open it)" }), renderArticleText(article, marks));
    const list = el("ul");
    for (const event of article.events || []) {
      list.append(el("li", {}, navLink("view=event&id=" + encodeURIComponent(event.id), event.type + " · " + event.modality),
        " · " + (eventDay(event) || "undated") + " · " + (event.location ? event.location.name : "no place")));
    }
    box.append(el("h2", { text: (article.events || []).length + " event(s)" }), list);
  }

  // ------------------------------------------------------------------ installation view

  function statusLine(timeline) {
    const dated = timeline.filter((row) => row.date);
    if (!dated.length) return el("p", { text: "No dated events." });
    const times = dated.map((row) => Date.parse(row.date));
    const min = Math.min(...times), max = Math.max(...times);
    const span = Math.max(max - min, 86400000);
    const width = 1000, height = 70;
    const chart = svg("svg", { viewBox: "0 0 " + width + " " + height, preserveAspectRatio: "none", role: "img" });
    chart.append(svg("title", {}, "Status over time"));
    chart.append(svg("line", { x1: 10, x2: width - 10, y1: 30, y2: 30, stroke: "#b9c3cf", "stroke-width": 2 }));
    dated.forEach((row, index) => {
      const x = 10 + ((width - 20) * (Date.parse(row.date) - min)) / span;
      const uncertain = row.modality === "speculative" || row.modality === "denied";
      const dot = svg("circle", {
        cx: x, cy: 30, r: 7, fill: uncertain ? "#ffffff" : colorOf(row.type), stroke: colorOf(row.type), "stroke-width": 2,
      }, svg("title", {}, row.date + " · " + row.type + " (" + row.modality + ")" + (row.status ? " → " + row.status : "")));
      chart.append(dot);
      if (index === 0 || index === dated.length - 1) {
        chart.append(svg("text", { class: "axis", x: Math.min(x, width - 70), y: 60 }, row.date));
      }
    });
    return el("div", { className: "status-line" }, chart);
  }

  function claimCard(claim) {
    const source = claim.source_kind + (claim.source_text ? ": " + claim.source_text : "");
    return el("div", { className: "claim-card" },
      el("div", {}, navLink("view=event&id=" + encodeURIComponent(claim.event_id), claim.date || "undated"),
        " · " + (claim.outlet || "unknown outlet") + (claim.via.length ? " via " + claim.via.join(", ") : "")),
      el("div", { text: "Source " + source }),
      claim.hedges.length ? el("div", { text: "Hedges: " + claim.hedges.join(", ") }) : null,
      claim.evidence ? el("blockquote", { text: claim.evidence }) : null,
      claim.review_status ? el("span", { className: "badge " + claim.review_status, text: claim.review_status }) : null,
    );
  }

  async function renderInstallation(id) {
    const box = document.getElementById("installation-detail");
    const detail = await api("/api/installations/" + encodeURIComponent(id));
    const inst = detail.installation;
    clear(box);
    box.append(el("h1", { text: inst.name }, el("span", { className: "badge", text: detail.status || "status unknown" })));
    const coords = inst.lat === null || inst.lat === undefined ? "unknown" : inst.lat + ", " + inst.lon;
    box.append(el("dl", { className: "facts" },
      el("dt", { text: "Kind" }), el("dd", { text: inst.kind }),
      el("dt", { text: "Aliases" }), el("dd", { text: (inst.aliases || []).join(", ") || "none" }),
      el("dt", { text: "Where" }), el("dd", { text: [inst.admin1, inst.country].filter(Boolean).join(", ") + " · " + coords }),
      el("dt", { text: "Operators" }), el("dd", { text: (inst.operators || []).join(", ") || "unknown" }),
      el("dt", { text: "Coordinates from" }), el("dd", { text: inst.coord_source || "unknown" }),
      el("dt", { text: "Events" }), el("dd", {}, navLink("installation=" + encodeURIComponent(inst.id), detail.timeline.length + " on the map")),
    ));
    box.append(el("h2", { text: "Status timeline" }), statusLine(detail.timeline));
    const table = el("table", { className: "grid", id: "status-timeline" });
    table.append(el("thead", {}, el("tr", {}, ...["Date", "Event", "Modality", "Status after", "Outlet", "Source"].map((h) => el("th", { text: h })))));
    const body = el("tbody");
    for (const row of detail.timeline) {
      body.append(el("tr", {},
        el("td", { text: row.date || "undated" }),
        el("td", {}, navLink("view=event&id=" + encodeURIComponent(row.event_id), row.type)),
        el("td", { text: row.modality }),
        el("td", { text: row.status || "(no change claimed)" }),
        el("td", { text: row.outlet || "" }),
        el("td", { text: row.source_kind + (row.source_text ? ": " + row.source_text : "") }),
      ));
    }
    table.append(body);
    box.append(table, el("h2", { text: "Claims side by side" }));
    const claims = el("div", { className: "claims", id: "claims" });
    for (const group of detail.claims) {
      const row = el("div", { className: "claim-row" }, el("h3", { text: group.type },
        group.conflicting ? el("span", { className: "badge conflict", text: "sources disagree" }) : null));
      const columns = el("div", { className: "claim-columns" });
      for (const [modality, items] of Object.entries(group.by_modality)) {
        columns.append(el("div", { className: "claim-column" }, el("strong", { text: modality + " (" + items.length + ")" }), items.map(claimCard)));
      }
      row.append(columns);
      claims.append(row);
    }
    box.append(claims);
    box.append(el("h2", { text: "Contradictions between sources (clustered timeline)" }), contradictions(detail));
  }

  function timelineEntryCard(entry, otherId) {
    // Only the conflicts with the entry shown beside this one, each description once.
    const relevant = (entry.conflicts || []).filter((c) => c.entry_id === otherId);
    const reasons = [...new Set((relevant.length ? relevant : entry.conflicts || []).map((c) => c.description || c.rule))];
    const date = entry.date || {};
    const when = (date.start || "?") + (date.end && date.end !== date.start ? " to " + date.end : "");
    const card = el("div", { className: "claim-column" },
      el("strong", { text: entry.status + " · " + entry.type + " (" + entry.modality + ")" }),
      el("div", { text: when + (date.basis && date.basis !== "event" ? " · dated by " + date.basis : "") }),
      reasons.map((reason) => el("div", { className: "badge conflict", text: reason })),
    );
    for (const source of entry.sources || []) {
      const who = source.source || {};
      card.append(el("div", { className: "claim-card" },
        el("div", {}, navLink("view=event&id=" + encodeURIComponent(source.event_id), source.outlet || "unknown outlet"),
          (source.via || []).length ? " via " + source.via.join(", ") : "",
          " · " + (who.kind || "none") + (who.text ? ": " + who.text : "")),
        source.evidence ? el("blockquote", { text: source.evidence.text }) : null,
      ));
    }
    return card;
  }

  /** Pairs of clustered timeline entries that contradict each other, side by side. */
  function contradictions(detail) {
    const clustered = detail.cluster_timeline;
    if (!clustered) return el("p", { text: detail.cluster_timeline_note || "Clustered timeline not available." });
    const byId = new Map(clustered.timeline.map((entry) => [entry.id, entry]));
    const seen = new Set();
    const box = el("div", { className: "claims", id: "contradictions" });
    for (const entry of clustered.timeline) {
      for (const otherId of entry.conflicts_with || []) {
        const key = [entry.id, otherId].sort().join("|");
        if (seen.has(key) || !byId.has(otherId)) continue;
        seen.add(key);
        box.append(el("div", { className: "claim-row" },
          el("div", { className: "claim-columns" }, timelineEntryCard(entry, otherId), timelineEntryCard(byId.get(otherId), entry.id))));
      }
    }
    if (!seen.size) box.append(el("p", { text: "No contradictions flagged among " + clustered.timeline.length + " timeline entries." }));
    return box;
  }

  // ------------------------------------------------------------------ search view

  /** A search snippet with the server's [match] markers turned into <mark> (as text nodes). */
  function snippetNode(snippet) {
    const node = el("div", { className: "snippet" });
    const pattern = /\[([^\]]*)\]/g;
    let last = 0;
    let match;
    while ((match = pattern.exec(snippet)) !== null) {
      node.append(snippet.slice(last, match.index), el("mark", { text: match[1] }));
      last = pattern.lastIndex;
    }
    node.append(snippet.slice(last));
    return node;
  }

  async function renderSearch(current) {
    const q = current.get("q") || "";
    document.getElementById("search-q").value = q;
    const results = clear(document.getElementById("search-results"));
    if (!q.trim()) return;
    const data = await api("/api/articles?" + new URLSearchParams({ q, limit: "50" }).toString());
    if (!data.items.length) results.append(el("li", { text: "No article matches." }));
    for (const item of data.items) {
      results.append(el("li", {},
        navLink("view=article&id=" + encodeURIComponent(item.id), item.title || item.doc || item.id),
        " · " + (item.outlet || "unknown outlet") + " · " + (item.published ? item.published.start : "undated"),
        snippetNode(item.snippet || ""),
      ));
    }
  }

  // ------------------------------------------------------------------ router

  const VIEWS = ["map", "event", "article", "installation", "search"];

  async function route() {
    const current = params();
    const view = VIEWS.includes(current.get("view")) ? current.get("view") : "map";
    for (const name of VIEWS) document.getElementById("view-" + name).hidden = name !== view;
    showStatus("");
    try {
      if (view === "map") await renderMap(current);
      else if (view === "event") await renderEvent(current.get("id") || "");
      else if (view === "article") await renderArticle(current.get("id") || "");
      else if (view === "installation") await renderInstallation(current.get("id") || "");
      else await renderSearch(current);
      document.title = "basewatch · " + view;
    } catch (error) {
      showStatus(error.message);
    }
    document.body.dataset.ready = view;
    document.body.dataset.renders = String(Number(document.body.dataset.renders || 0) + 1);
  }

  function fillChoices(select, values) {
    for (const value of values) select.append(el("option", { value, text: value }));
  }

  async function start() {
    try {
      state.config = await api("/api/config");
    } catch (error) {
      state.config = { read_only: true, types: [], modalities: [] };
      showStatus("Could not reach the API: " + error.message);
    }
    fillChoices(document.getElementById("f-type"), state.config.types || []);
    fillChoices(document.getElementById("f-modality"), state.config.modalities || []);
    document.getElementById("mode").textContent = state.config.read_only ? "read-only" : "reviews enabled";

    document.addEventListener("click", (click) => {
      const link = click.target.closest("a[data-nav]");
      if (!link || click.ctrlKey || click.metaKey || click.shiftKey || click.button !== 0) return;
      click.preventDefault();
      navigate(new URL(link.href).search.slice(1));
    });
    window.addEventListener("popstate", route);
    document.getElementById("filter-form").addEventListener("submit", (submit) => {
      submit.preventDefault();
      const query = new URLSearchParams();
      for (const [key, value] of new FormData(submit.target)) if (value) query.set(key, String(value).trim());
      navigate(query.toString());
    });
    document.getElementById("reset-filters").addEventListener("click", () => navigate(""));
    document.getElementById("search-form").addEventListener("submit", (submit) => {
      submit.preventDefault();
      const q = document.getElementById("search-q").value.trim();
      navigate(new URLSearchParams({ view: "search", q }).toString());
    });
    await route();
  }

  document.addEventListener("DOMContentLoaded", start);
})();
