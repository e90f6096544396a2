// tidings dashboard: vanilla JS + SVG over the REST API of the same server. No build step, no
// libraries, nothing fetched from elsewhere. Every piece of data reaches the page through
// textContent or SVG attributes, never through innerHTML.
"use strict";

const SVG = "http://www.w3.org/2000/svg";
const ROOTS = [
  ["01", "make public statement"], ["02", "appeal"], ["03", "express intent to cooperate"],
  ["04", "consult"], ["05", "diplomatic cooperation"], ["06", "material cooperation"],
  ["07", "provide aid"], ["08", "yield"], ["09", "investigate"], ["10", "demand"],
  ["11", "disapprove"], ["12", "reject"], ["13", "threaten"], ["14", "protest"],
  ["15", "exhibit force posture"], ["16", "reduce relations"], ["17", "coerce"],
  ["18", "assault"], ["19", "fight"], ["20", "unconventional mass violence"],
];
const FILTER_NAMES = ["actor", "target", "both_directions", "involving", "root", "code", "since",
  "until", "place", "modality"];

const $ = (sel) => document.querySelector(sel);
const form = $("#filters");
let nextEvents = null;
let world = null;

// ------------------------------------------------------------------------------------------
// small helpers

function el(tag, attrs = {}, text) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

function svgEl(tag, attrs = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

function filterParams() {
  const params = new URLSearchParams();
  const data = new FormData(form);
  for (const name of FILTER_NAMES) {
    const value = (data.get(name) || "").toString().trim();
    if (value && !(name === "modality" && value === "asserted")) params.set(name, value);
  }
  return params;
}

function withParams(path, extra = {}) {
  const params = filterParams();
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}

async function getJSON(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.error || `${response.status} ${response.statusText}`);
  return body;
}

function showError(err) {
  const box = $("#error");
  if (err) { box.textContent = String(err.message || err); box.hidden = false; }
  else { box.textContent = ""; box.hidden = true; }
}

function actorLabel(cameo, name) {
  if (!cameo && !name) return "—";
  return cameo && name ? `${name} (${cameo})` : (cameo || name);
}

// ------------------------------------------------------------------------------------------
// timeline: stacked quad-class bars per day, Goldstein sum as a line on its own scale

async function drawTimeline() {
  const svg = $("#timeline");
  const params = filterParams();
  const actor = params.get("actor"), target = params.get("target");
  let url, title;
  if (actor && target && !actor.includes(",") && !target.includes(",")) {
    params.delete("actor"); params.delete("target");
    const both = params.get("both_directions") === "true";
    url = `/dyads/${encodeURIComponent(actor)}/${encodeURIComponent(target)}/daily?${params}`;
    title = `Timeline: ${actor} ${both ? "↔" : "→"} ${target}`;
  } else {
    url = withParams("/series/daily");
    title = "Timeline: all matching events";
  }
  $("#timeline-title").textContent = title;
  const { items } = await getJSON(url);
  clear(svg);
  const W = 480, H = 220, L = 30, R = 38, T = 12, B = 28;
  if (!items.length) {
    svg.append(svgEl("text", { x: W / 2, y: H / 2, "text-anchor": "middle", class: "empty" },
      "no events dated to the day match these filters"));
    return;
  }
  const day = (s) => Date.parse(s + "T00:00:00Z") / 86400000;
  const first = day(items[0].day), last = day(items[items.length - 1].day);
  const span = Math.max(1, last - first + 1);
  const slot = (W - L - R) / span;
  const barW = Math.max(2.5, Math.min(28, slot * 0.8));
  const x = (d) => L + (day(d) - first + 0.5) * slot;
  const maxCount = Math.max(...items.map((p) => p.events));
  const y = (n) => H - B - (n / maxCount) * (H - T - B);
  const gMax = Math.max(1, ...items.map((p) => Math.abs(p.goldstein_sum)));
  const gy = (g) => T + (H - T - B) / 2 - (g / gMax) * (H - T - B) / 2;

  svg.append(svgEl("line", { x1: L, y1: H - B, x2: W - R, y2: H - B, class: "axis" }));
  svg.append(svgEl("line", { x1: L, y1: T, x2: L, y2: H - B, class: "axis" }));
  svg.append(svgEl("text", { x: L - 4, y: T + 8, "text-anchor": "end" }, maxCount));
  svg.append(svgEl("text", { x: L - 4, y: H - B, "text-anchor": "end" }, 0));
  svg.append(svgEl("text", { x: W - R + 4, y: T + 8 }, `+${gMax}`));
  svg.append(svgEl("text", { x: W - R + 4, y: H - B }, `-${gMax}`));
  const ticks = items.length <= 6 ? items.map((p) => p.day) : [items[0].day, items[items.length - 1].day];
  for (const d of ticks) svg.append(svgEl("text", { x: x(d), y: H - 10, "text-anchor": "middle" }, d));

  for (const p of items) {
    let base = 0;
    for (const q of [1, 2, 3, 4]) {
      const n = p[`quad${q}`];
      if (!n) continue;
      const rect = svgEl("rect", { x: x(p.day) - barW / 2, y: y(base + n), width: barW,
        height: y(base) - y(base + n), class: `q${q}` });
      rect.append(svgEl("title", {}, `${p.day}: ${n} events of quad class ${q}`));
      svg.append(rect);
      base += n;
    }
  }
  const points = items.map((p) => `${x(p.day)},${gy(p.goldstein_sum)}`).join(" ");
  svg.append(svgEl("polyline", { points, class: "goldstein" }));
  for (const p of items) {
    const dot = svgEl("circle", { cx: x(p.day), cy: gy(p.goldstein_sum), r: 2.5, class: "goldstein-dot" });
    dot.append(svgEl("title", {}, `${p.day}: Goldstein sum ${p.goldstein_sum}, ${p.events} events`));
    svg.append(dot);
  }
}

// ------------------------------------------------------------------------------------------
// network: actors on a circle, edges weighted by event count, coloured by Goldstein sign

async function drawNetwork() {
  const svg = $("#network");
  const { items } = await getJSON(withParams("/network", { limit: 60 }));
  clear(svg);
  const W = 480, H = 340;
  if (!items.length) {
    svg.append(svgEl("text", { x: W / 2, y: H / 2, "text-anchor": "middle", class: "empty" },
      "no events with both a source and a target match these filters"));
    return;
  }
  const degree = new Map();
  for (const e of items) {
    degree.set(e.source, (degree.get(e.source) || 0) + e.events);
    degree.set(e.target, (degree.get(e.target) || 0) + e.events);
  }
  const nodes = [...degree.keys()].sort((a, b) => degree.get(b) - degree.get(a)).slice(0, 30);
  const pos = new Map();
  const cx = W / 2, cy = H / 2, radius = Math.min(W, H) / 2 - 30;
  nodes.forEach((n, i) => {
    const a = (2 * Math.PI * i) / nodes.length - Math.PI / 2;
    pos.set(n, [cx + radius * Math.cos(a), cy + radius * Math.sin(a)]);
  });
  const maxEvents = Math.max(...items.map((e) => e.events));
  for (const e of items) {
    if (!pos.has(e.source) || !pos.has(e.target)) continue;
    const [x1, y1] = pos.get(e.source), [x2, y2] = pos.get(e.target);
    const colour = e.goldstein_sum >= 0 ? "var(--coop)" : "var(--conflict)";
    let d;
    if (e.source === e.target) {
      d = `M${x1},${y1} c 25,-35 45,5 0,0`;
    } else {  // a slight curve, so A->B and B->A do not overlap
      const mx = (x1 + x2) / 2 + (y2 - y1) * 0.12, my = (y1 + y2) / 2 - (x2 - x1) * 0.12;
      d = `M${x1},${y1} Q${mx},${my} ${x2},${y2}`;
    }
    const path = svgEl("path", { d, class: "edge", stroke: colour,
      "stroke-width": 1 + 5 * (e.events / maxEvents) });
    path.append(svgEl("title", {}, `${e.source} → ${e.target}: ${e.events} events, Goldstein sum ${e.goldstein_sum}`));
    svg.append(path);
  }
  const involving = filterParams().get("involving");
  const maxDegree = Math.max(...nodes.map((n) => degree.get(n)));
  for (const n of nodes) {
    const [x, y] = pos.get(n);
    const g = svgEl("g", { class: "node" + (n === involving ? " selected" : ""), "data-actor": n });
    g.append(svgEl("circle", { cx: x, cy: y, r: 5 + 9 * Math.sqrt(degree.get(n) / maxDegree) }));
    const outside = x < cx ? "end" : "start";
    g.append(svgEl("text", { x: x + (x < cx ? -14 : 14), y: y + 4, "text-anchor": outside }, n));
    g.append(svgEl("title", {}, `${n}: ${degree.get(n)} events (click to filter)`));
    g.addEventListener("click", () => {
      form.elements.involving.value = n;
      refresh();
    });
    svg.append(g);
  }
}

// ------------------------------------------------------------------------------------------
// map: bundled world outline (Natural Earth via world-atlas), event places as circles

async function drawMap() {
  const svg = $("#map");
  if (!world) world = await getJSON("/static/world.json");
  const { items } = await getJSON(withParams("/places", { limit: 2000 }));
  clear(svg);
  svg.append(svgEl("rect", { x: 0, y: 0, width: 360, height: 180, class: "sea" }));
  const land = svgEl("g", { class: "land" });
  for (const c of world.countries) {
    const p = svgEl("path", { d: c.d });
    p.append(svgEl("title", {}, c.name));
    land.append(p);
  }
  svg.append(land);
  const maxEvents = Math.max(1, ...items.map((p) => p.events));
  for (const p of items) {
    const c = svgEl("circle", { cx: p.lon + 180, cy: 90 - p.lat,
      r: 1.2 + 3.5 * Math.sqrt(p.events / maxEvents),
      class: "point" + (p.goldstein_sum >= 0 ? " coop" : "") });
    c.append(svgEl("title", {}, `${p.name || "?"} (${p.country || "?"}): ${p.events} events`));
    svg.append(c);
  }
  $("#map-note").textContent = items.length
    ? `${items.length} ${items.length === 1 ? "place" : "places"} · outline: Natural Earth (public domain)`
    : "no matching event has a located place yet · outline: Natural Earth (public domain)";
}

// ------------------------------------------------------------------------------------------
// event list and the event's evidence

function eventRow(e) {
  const tr = el("tr", { "data-event-id": e.event_id, tabindex: "0" });
  tr.append(el("td", {}, e.event_date || "undated"));
  tr.append(el("td", {}, actorLabel(e.source_cameo, e.source_name)));
  const code = el("td", { class: "code" }, `${e.cameo_code} ${e.plover_type || ""}`);
  code.title = `quad class ${e.quad_class}, Goldstein ${e.goldstein}`;
  tr.append(code);
  tr.append(el("td", {}, actorLabel(e.target_cameo, e.target_name)));
  tr.append(el("td", { class: e.modality === "asserted" ? "" : "muted" }, e.modality));
  tr.append(el("td", {}, e.place_name || ""));
  tr.append(el("td", {}, e.outlet || ""));
  const sources = el("td", { class: "num" }, e.n_independent ?? "");
  sources.title = e.n_mentions ? `${e.n_mentions} reports, ${e.n_outlets} outlets, ${e.n_independent} independent` : "";
  tr.append(sources);
  const open = () => openEvent(e.event_id, tr);
  tr.addEventListener("click", open);
  tr.addEventListener("keydown", (ev) => { if (ev.key === "Enter") open(); });
  return tr;
}

async function loadEvents(append = false) {
  const body = $("#event-list tbody");
  const url = append && nextEvents ? nextEvents : withParams("/events", { limit: 50, order: "desc" });
  const page = await getJSON(url);
  if (!append) clear(body);
  for (const e of page.items) body.append(eventRow(e));
  nextEvents = page.next;
  $("#more").hidden = !nextEvents;
  const shown = body.children.length;
  $("#events-title").textContent = shown
    ? `Events (${shown}${nextEvents ? "+" : ""}, newest first; click one for its evidence)`
    : "Events: none match these filters";
}

async function openEvent(eventId, row) {
  for (const tr of document.querySelectorAll("#event-list tr.active")) tr.classList.remove("active");
  if (row) row.classList.add("active");
  let detail;
  try { detail = await getJSON(`/events/${encodeURIComponent(eventId)}`); }
  catch (err) { showError(err); return; }
  const e = detail.event;
  $("#detail-title").textContent =
    `${actorLabel(e.source_cameo, e.source_name)} — ${e.cameo_code} ${e.plover_type || ""} — ${actorLabel(e.target_cameo, e.target_name)}`;
  $("#detail-meta").textContent = [
    e.event_date ? `${e.date_value} (${e.date_precision})` : "undated",
    e.modality, `quad class ${e.quad_class}`, `Goldstein ${e.goldstein}`,
    e.place_name ? `at ${e.place_name}` : null,
    e.reported_by ? `according to ${e.reported_by}` : null,
    e.n_mentions ? `${e.n_mentions} report${e.n_mentions === 1 ? "" : "s"} in ${e.n_outlets} outlet${e.n_outlets === 1 ? "" : "s"}, ${e.n_independent} independent` : null,
  ].filter(Boolean).join(" · ");

  const quote = $("#detail-evidence");
  clear(quote);
  const text = e.evidence_text || "";
  const h = detail.highlight;
  if (h && h.start >= 0 && h.end <= text.length) {
    quote.append(document.createTextNode(text.slice(0, h.start)));
    quote.append(el("mark", {}, text.slice(h.start, h.end)));
    quote.append(document.createTextNode(text.slice(h.end)));
  } else {
    quote.textContent = text;
  }
  $("#detail-rule").textContent = [
    detail.rule ? `rule ${detail.rule}` : null,
    detail.cues.length ? `modality cues: ${detail.cues.join(", ")}` : null,
    `sentence ${e.sentence_index} of article ${e.article_id}`,
  ].filter(Boolean).join(" · ");

  const outlets = $("#detail-outlets");
  clear(outlets);
  for (const o of detail.outlets) {
    const li = el("li");
    li.append(el("strong", {}, o.outlet || "unknown outlet"));
    li.append(document.createTextNode(` · ${o.published || "undated"} · `));
    if (o.url && /^https?:\/\//.test(o.url)) {
      li.append(el("a", { href: o.url, rel: "noopener noreferrer" }, o.title || o.url));
    } else {
      li.append(document.createTextNode(o.title || o.article_id));
    }
    outlets.append(li);
  }

  const quotes = $("#detail-quotes");
  clear(quotes);
  const speakers = new Set([e.source_actor_id, e.target_actor_id].filter(Boolean));
  for (const q of detail.quotes) {
    const related = q.sentence_index === e.sentence_index || speakers.has(q.speaker_actor_id);
    const li = el("li", { class: related ? "related" : "" });
    li.append(document.createTextNode(`“${q.text}” `));
    const who = q.speaker_name ? `${q.speaker_name}${q.speaker_cameo ? ` (${q.speaker_cameo})` : ""}` : "unattributed";
    li.append(el("span", { class: "who" }, `— ${who}${q.cue ? `, ${q.cue}` : ""}`));
    quotes.append(li);
  }
  if (!detail.quotes.length) quotes.append(el("li", { class: "meta" }, "no quotes in this article"));
  $("#event-detail").hidden = false;
}

// ------------------------------------------------------------------------------------------
// wiring

async function loadSummary() {
  const s = await getJSON("/summary");
  const asserted = s.events_by_modality.asserted || 0;
  const all = Object.values(s.events_by_modality).reduce((a, b) => a + b, 0);
  $("#summary").textContent =
    `${s.articles} articles from ${s.outlets} outlets · ${asserted} asserted events (${all} in all) · ` +
    `${s.quotes} quotes` + (s.first_event_date ? ` · ${s.first_event_date} to ${s.last_event_date}` : "");
}

async function refresh() {
  showError(null);
  const params = filterParams();
  history.replaceState(null, "", params.toString() ? `?${params}` : location.pathname);
  $("#event-detail").hidden = true;
  const results = await Promise.allSettled([loadEvents(false), drawTimeline(), drawNetwork(), drawMap()]);
  const failed = results.find((r) => r.status === "rejected");
  if (failed) showError(failed.reason);
  document.body.dataset.ready = "true";
}

function restoreFilters() {
  const params = new URLSearchParams(location.search);
  for (const name of FILTER_NAMES) {
    const field = form.elements[name];
    if (!field || !params.has(name)) continue;
    if (field.type === "checkbox") field.checked = params.get(name) === "true";
    else field.value = params.get(name);
  }
}

function init() {
  const root = form.elements.root;
  for (const [code, name] of ROOTS) root.append(el("option", { value: code }, `${code} ${name}`));
  restoreFilters();
  form.addEventListener("submit", (ev) => { ev.preventDefault(); document.body.dataset.ready = "false"; refresh(); });
  form.addEventListener("reset", () => setTimeout(() => { document.body.dataset.ready = "false"; refresh(); }, 0));
  $("#more").addEventListener("click", () => loadEvents(true).catch(showError));
  $("#close-detail").addEventListener("click", () => { $("#event-detail").hidden = true; });
  loadSummary().catch(showError);
  refresh();
}

init();
