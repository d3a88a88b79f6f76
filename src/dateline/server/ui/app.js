/* dateline web UI: plain JavaScript, no libraries, no network beyond this origin.
 *
 * Pages (hash routes): #/ search with facets, #/article/ID, #/entity/KEY,
 * #/cluster/ID, #/events, #/entities, #/quotes.
 * Safety: every string from the API is untrusted (article text is scraped from the
 * web). It only ever enters the page through textContent / createTextNode or
 * setAttribute on a fixed list of attributes; links are built here from ids with
 * encodeURIComponent; external URLs must be http(s). No innerHTML anywhere.
 */
"use strict";

const $app = () => document.getElementById("app");
const SVGNS = "http://www.w3.org/2000/svg";
const SAFE_ATTRS = new Set(["class", "href", "title", "id", "role", "type", "name", "value", "placeholder",
  "for", "aria-label", "data-start", "data-end", "data-key", "rel", "target", "tabindex", "colspan",
  "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "width", "height", "viewBox", "d", "text-anchor",
  "stroke-width", "stroke-dasharray", "dominant-baseline", "transform", "selected", "checked"]);

/* ------------------------------------------------------------------ DOM helpers */

function h(tag, attrs, ...kids) {
  const el = tag.startsWith("svg:") ? document.createElementNS(SVGNS, tag.slice(4)) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "on") { for (const [ev, fn] of Object.entries(v)) el.addEventListener(ev, fn); continue; }
    if (!SAFE_ATTRS.has(k)) throw new Error("attribute not allowed: " + k);
    if (k === "href" && !safeHref(String(v))) continue;
    el.setAttribute(k, String(v));
  }
  append(el, kids);
  return el;
}

function append(el, kids) {
  for (const kid of kids.flat(Infinity)) {
    if (kid === null || kid === undefined || kid === false) continue;
    el.appendChild(kid instanceof Node ? kid : document.createTextNode(String(kid)));
  }
  return el;
}

function safeHref(v) {
  return v.startsWith("#/") || v.startsWith("/api/") || /^https?:\/\//i.test(v);
}

function link(route, ...kids) { return h("a", { href: "#/" + route }, ...kids); }
function enc(s) { return encodeURIComponent(s); }
function clear(el) { while (el.firstChild) el.removeChild(el.firstChild); return el; }
function fmtDate(s) { return s ? String(s).replace("T", " ").slice(0, 16) : "undated"; }
function plural(n, one, many) { return n + " " + (n === 1 ? one : (many || one + "s")); }
function or(nodes, dflt) { return nodes.length ? nodes : h("span", { class: "muted" }, dflt || "—"); }
function badge(text, cls) { return h("span", { class: "badge " + (cls || "") }, text); }

function entLink(ref) {
  if (!ref) return null;
  const name = ref.name || ref.eid || "?";
  const cls = "ent" + (ref.type ? " ent-" + ref.type : "");
  return ref.key ? h("a", { href: "#/entity/" + enc(ref.key), class: cls }, name) : h("span", { class: cls }, name);
}
function joinNodes(nodes, sep) {
  const out = [];
  nodes.filter(Boolean).forEach((n, i) => { if (i) out.push(sep || ", "); out.push(n); });
  return out;
}

async function api(path) {
  const r = await fetch("/api" + path, { headers: { Accept: "application/json" } });
  let body = null;
  try { body = await r.json(); } catch (e) { body = null; }
  if (!r.ok) {
    const msg = body && body.detail ? (typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail)) : r.statusText;
    const err = new Error(msg); err.status = r.status; throw err;
  }
  return body;
}

function showError(e) {
  clear($app()).appendChild(h("div", { class: "error" },
    h("h2", {}, e.status === 404 ? "Not found" : "Something went wrong"), h("p", {}, e.message || String(e))));
}

function loadingInto(el) { clear(el).appendChild(h("p", { class: "muted" }, "Loading…")); }

/* ------------------------------------------------------------------ routing */

function parseHash() {
  const raw = location.hash.replace(/^#\/?/, "");
  const [path, qs] = raw.split("?");
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  return { parts, params: new URLSearchParams(qs || "") };
}

function go(route, params) {
  const qs = params ? new URLSearchParams(Object.entries(params).filter(([, v]) => v)).toString() : "";
  location.hash = "#/" + route + (qs ? "?" + qs : "");
}

async function route() {
  const { parts, params } = parseHash();
  const page = parts[0] || "";
  document.body.dataset.page = page || "search";
  window.scrollTo(0, 0);
  try {
    if (page === "" || page === "search") await searchPage(params);
    else if (page === "article") await articlePage(parts[1], params);
    else if (page === "entity") await entityPage(parts[1]);
    else if (page === "cluster") await clusterPage(parts[1]);
    else if (page === "events") await eventsPage(params);
    else if (page === "entities") await entitiesPage(params);
    else if (page === "quotes") await quotesPage(params);
    else throw Object.assign(new Error("no such page"), { status: 404 });
  } catch (e) { showError(e); }
  document.body.dataset.ready = "1";
}

/* ------------------------------------------------------------------ search */

const FACETS = [["type", "Event type"], ["country", "Country"], ["outlet", "Outlet"], ["date", "Month"]];

async function searchPage(params) {
  const q = params.get("q") || "";
  document.getElementById("q").value = q;
  const filt = {};
  for (const k of ["q", "type", "country", "outlet", "since", "until", "cursor"]) if (params.get(k)) filt[k] = params.get(k);
  const month = params.get("month");
  if (month) { filt.since = month + "-01"; filt.until = month + "-31"; }
  const qs = new URLSearchParams(filt);
  const fq = new URLSearchParams(filt); fq.delete("cursor");
  const app = clear($app());
  const side = h("aside", { class: "facets" }, h("p", { class: "muted" }, "…"));
  const list = h("section", { class: "results" }, h("p", { class: "muted" }, "Searching…"));
  app.appendChild(h("div", { class: "layout-search" }, side, list));
  const [res, facets, ents] = await Promise.all([
    api("/articles?" + qs.toString() + "&limit=20"),
    api("/articles/facets?" + fq.toString()),
    q ? api("/entities?limit=8&q=" + enc(q)).catch(() => ({ items: [] })) : Promise.resolve({ items: [] }),
  ]);
  // facets
  clear(side);
  const active = Object.entries({ type: params.get("type"), country: params.get("country"),
    outlet: params.get("outlet"), month }).filter(([, v]) => v);
  if (active.length) {
    side.appendChild(h("div", { class: "facet-active" }, h("h3", {}, "Filters"),
      active.map(([k, v]) => {
        const next = Object.fromEntries(params); delete next[k]; delete next.cursor;
        return h("a", { class: "chip", href: "#/search?" + new URLSearchParams(next).toString(), title: "remove" },
          k + ": " + v + " ✕");
      })));
  }
  for (const [key, label] of FACETS) {
    const vals = facets[key] || [];
    const box = h("div", { class: "facet", id: "facet-" + key }, h("h3", {}, label));
    if (!vals.length) box.appendChild(h("p", { class: "muted small" }, "—"));
    const ul = h("ul", {});
    for (const f of vals) {
      const next = Object.fromEntries(params); delete next.cursor;
      next[key === "date" ? "month" : key] = f.value;
      const on = (key === "date" ? month : params.get(key)) === f.value;
      ul.appendChild(h("li", { class: on ? "on" : "" },
        h("a", { href: "#/search?" + new URLSearchParams(next).toString() }, f.value),
        h("span", { class: "count" }, f.count)));
    }
    box.appendChild(ul);
    side.appendChild(box);
  }
  // results
  clear(list);
  list.appendChild(h("h2", { class: "results-head" },
    q ? ["Results for ", h("q", {}, q)] : "Latest articles",
    h("span", { class: "muted count-total" }, " · " + plural(facets.total, "article"))));
  if (ents.items.length) {
    list.appendChild(h("div", { class: "entity-strip" }, h("span", { class: "muted" }, "Entities: "),
      ents.items.map(e => h("a", { href: "#/entity/" + enc(e.key), class: "chip ent-" + e.type },
        e.name, h("span", { class: "count" }, e.articles)))));
  }
  if (!res.items.length) list.appendChild(h("p", { class: "muted" }, "No articles match."));
  const words = q.toLowerCase().match(/[\p{L}\p{N}_]+/gu) || [];
  for (const a of res.items) {
    list.appendChild(h("article", { class: "hit" },
      h("h3", {}, h("a", { href: "#/article/" + enc(a.id), class: "hit-title" }, a.title || "(untitled)")),
      h("div", { class: "hit-meta muted" }, a.outlet || "unknown outlet", " · ", fmtDate(a.published)),
      h("p", { class: "snippet" }, markWords(a.snippet || "", words))));
  }
  if (res.next_cursor) {
    const next = Object.fromEntries(params); next.cursor = res.next_cursor;
    list.appendChild(h("p", {}, h("a", { class: "more", href: "#/search?" + new URLSearchParams(next).toString() }, "More results →")));
  }
}

function markWords(text, words) {
  if (!words.length) return [text];
  const re = new RegExp("(" + words.map(w => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|") + ")", "giu");
  return text.split(re).map((part, i) => (i % 2 ? h("mark", {}, part) : part));
}

/* ------------------------------------------------------------------ article */

const SOURCE_TYPES = ["state_media", "media", "government", "official", "person", "organization",
  "anonymous", "document", "observation", "unknown"];

function spansOf(rec) {
  // every highlightable span: {start, end, cls, id}
  const spans = [];
  for (const e of rec.entities || []) for (const [s, t] of e.mentions || [])
    spans.push({ start: s, end: t, cls: "hl-ent ent-" + e.type, id: e.id });
  for (const a of rec.attributions || []) {
    if (a.content) spans.push({ start: a.content.start, end: a.content.end, cls: "hl-att src-" + a.source_type, id: a.id });
    if (a.cue) spans.push({ start: a.cue.start, end: a.cue.end, cls: "hl-cue", id: a.id });
  }
  rec.times.forEach((t, i) => spans.push({ start: t.start, end: t.end, cls: "hl-time", id: "T" + i }));
  for (const ev of rec.events || []) if (ev.trigger) spans.push({ start: ev.trigger.start, end: ev.trigger.end, cls: "hl-trig", id: ev.id });
  const n = rec.text.length;
  return spans.filter(s => Number.isInteger(s.start) && Number.isInteger(s.end) && s.start >= 0 && s.end <= n && s.start < s.end);
}

function renderText(rec) {
  // split the text at every span boundary; each piece carries the classes of the spans over it
  const text = rec.text, spans = spansOf(rec);
  const cuts = new Set([0, text.length]);
  for (const s of spans) { cuts.add(s.start); cuts.add(s.end); }
  const pts = [...cuts].sort((a, b) => a - b);
  const box = h("div", { class: "text", id: "article-text" });
  for (let i = 0; i + 1 < pts.length; i++) {
    const a = pts[i], b = pts[i + 1];
    const over = spans.filter(s => s.start <= a && s.end >= b);
    const piece = text.slice(a, b);
    if (!over.length) { box.appendChild(document.createTextNode(piece)); continue; }
    const cls = [...new Set(over.map(s => s.cls).join(" ").split(" "))].join(" ");
    box.appendChild(h("span", { class: "seg " + cls, "data-start": a, "data-end": b,
      title: [...new Set(over.map(s => s.id))].join(" ") }, piece));
  }
  return box;
}

function focusSpan(start, end) {
  const box = document.getElementById("article-text");
  if (!box) return;
  box.querySelectorAll(".focus").forEach(el => el.classList.remove("focus"));
  let first = null;
  const pieces = box.querySelectorAll(".seg");
  for (const el of pieces) {
    const a = +el.getAttribute("data-start"), b = +el.getAttribute("data-end");
    if (a < end && b > start) { el.classList.add("focus"); first = first || el; }
  }
  if (!first) { // no highlighted piece inside: re-render with an evidence span
    box.replaceWith(renderText(Object.assign({}, window.__rec, {
      events: (window.__rec.events || []).concat([{ id: "evidence", trigger: { start, end } }]) })));
    return focusSpan(start, end);
  }
  first.scrollIntoView({ block: "center", behavior: "smooth" });
}

function evidenceBtn(start, end, label) {
  if (!Number.isInteger(start) || !Number.isInteger(end)) return null;
  return h("a", { href: "#", class: "ev", title: "show in the text (" + start + "–" + end + ")",
    on: { click: (e) => { e.preventDefault(); focusSpan(start, end); } } }, label || "⟶ evidence");
}

async function articlePage(id) {
  const data = await api("/articles/" + enc(id));
  const rec = data.record, links = data.links || {};
  window.__rec = rec;
  const ents = Object.fromEntries((rec.entities || []).map(e => [e.id, e]));
  const ref = (eid) => {
    const e = ents[eid];
    return e ? { eid, name: e.name, type: e.type, key: (links.entities || {})[eid] } : { eid, name: eid };
  };
  const atts = Object.fromEntries((rec.attributions || []).map(a => [a.id, a]));
  const app = clear($app());
  const m = rec.meta || {};
  const head = h("header", { class: "article-head" },
    h("h1", {}, m.title || "(untitled)"),
    h("div", { class: "muted" }, joinNodes([m.outlet, fmtDate(m.published), (m.authors || []).join(", "),
      rec.source && rec.source.url && /^https?:\/\//i.test(rec.source.url) ? h("a", { href: rec.source.url, rel: "noopener noreferrer nofollow" }, "source") : null,
      h("span", { class: "mono" }, rec.id)].filter(Boolean), " · ")),
    (m.warnings || []).length ? h("ul", { class: "warnings" }, m.warnings.map(w => h("li", {}, w))) : null,
    legend());
  const text = renderText(rec);
  const side = h("aside", { class: "record" });
  // copies
  if ((links.duplicates || []).length || links.wire) {
    side.appendChild(section("Copies", [
      links.wire ? h("p", {}, "Credits wire: ", h("strong", {}, links.wire)) : null,
      h("ul", {}, (links.duplicates || []).map(d => h("li", {}, link("article/" + enc(d.id), d.title || d.id),
        h("span", { class: "muted" }, " · ", d.outlet || "", " · ", Math.round((d.similarity || 0) * 100) + "% similar"))))]));
  }
  side.appendChild(section("Entities (" + (rec.entities || []).length + ")", h("ul", { class: "list ents" },
    (rec.entities || []).map(e => h("li", {},
      entLink(ref(e.id)), " ", badge(e.type, "t-" + e.type),
      e.country ? badge(e.country, "country") : null,
      (e.titles || []).length ? h("span", { class: "muted" }, " " + e.titles.join(", ")) : null,
      " ", (e.mentions || []).slice(0, 6).map(([s, t], i) => evidenceBtn(s, t, "#" + (i + 1))))))));
  side.appendChild(section("Attributions (" + (rec.attributions || []).length + ")", h("ul", { class: "list atts" },
    (rec.attributions || []).map(a => h("li", { class: "att src-" + a.source_type },
      h("div", {}, a.source ? entLink(ref(a.source)) : h("em", {}, a.source_text || "unnamed"), " ",
        badge(a.source_type, "src-" + a.source_type), " ", badge(a.kind),
        (a.via || []).length ? [" via ", joinNodes(a.via.map(v => entLink(ref(v))))] : null,
        a.addressee ? [" to ", entLink(ref(a.addressee))] : null,
        a.date ? h("span", { class: "muted" }, " · " + a.date) : null),
      h("blockquote", {}, a.content ? a.content.text : ""),
      h("div", { class: "small" }, a.cue ? ["cue ", h("q", {}, a.cue.text), " "] : null,
        a.content ? evidenceBtn(a.content.start, a.content.end) : null))))));
  side.appendChild(section("Events (" + (rec.events || []).length + ")", h("ul", { class: "list evs" },
    (rec.events || []).map(ev => {
      const cl = (links.events || {})[ev.id];
      return h("li", {},
        h("div", {}, badge(ev.type, "plover"), " ", badge(ev.status, "st-" + ev.status), ev.mode ? " " + ev.mode : null),
        h("div", {}, or(joinNodes((ev.actor || []).map(x => entLink(ref(x))))), " → ",
          or(joinNodes((ev.recipient || []).map(x => entLink(ref(x))))),
          ev.location ? [" @ ", entLink(ref(ev.location))] : null),
        h("div", { class: "small muted" }, ev.date ? "date " + (ev.date.value || ev.date.text || "?") + " · " : "",
          "confidence " + Math.round((ev.confidence || 0) * 100) + "%",
          (ev.sources || []).length ? [" · sources ", joinNodes(ev.sources.map(s => atts[s]
            ? evidenceBtn(atts[s].content.start, atts[s].content.end, (atts[s].source_text || s)) : s))] : null),
        h("div", { class: "small" }, ev.trigger ? [evidenceBtn(ev.trigger.start, ev.trigger.end, "trigger “" + ev.trigger.text + "”"), " "] : null,
          ev.evidence ? evidenceBtn(ev.evidence.start, ev.evidence.end, "sentence") : null,
          cl ? [" · ", h("a", { href: "#/cluster/" + enc(cl.cluster_id), class: "cluster-link" },
            "cluster: " + plural(cl.articles, "report") + ", " + plural(cl.outlets, "outlet"))] : null));
    }))));
  side.appendChild(section("Times (" + (rec.times || []).length + ")", h("ul", { class: "list times" },
    (rec.times || []).map(t => h("li", {}, h("span", { class: "hl-time" }, t.text), " → ",
      h("span", { class: "mono" }, t.value || "?"), h("span", { class: "muted" }, " " + t.type + ", " + t.granularity),
      " ", evidenceBtn(t.start, t.end))))));
  app.appendChild(h("div", { class: "layout-article" }, h("div", { class: "article-main" }, head, text), side));
}

function section(title, body) {
  return h("section", { class: "panel" }, h("h2", {}, title), body);
}

function legend() {
  const ents = ["PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "OTHER"];
  return h("div", { class: "legend small" },
    h("span", { class: "muted" }, "Entities: "), ents.map(t => h("span", { class: "seg hl-ent ent-" + t }, t)), " ",
    h("span", { class: "muted" }, " Quotes by source: "),
    ["state_media", "media", "government", "official", "person", "anonymous"].map(t => h("span", { class: "seg hl-att src-" + t }, t.replace("_", " "))),
    " ", h("span", { class: "seg hl-time" }, "time"), " ", h("span", { class: "seg hl-trig" }, "event trigger"));
}

/* ------------------------------------------------------------------ entity */

async function entityPage(key) {
  const [e, tl] = await Promise.all([api("/entities/" + enc(key)), api("/entities/" + enc(key) + "/timeline?limit=100")]);
  const app = clear($app());
  app.appendChild(h("header", { class: "entity-head" },
    h("h1", {}, h("span", { class: "ent ent-" + e.type }, e.name), " ", badge(e.type, "t-" + e.type),
      e.country ? badge(e.country, "country") : null, e.sector ? badge(e.sector) : null),
    h("dl", { class: "facts" },
      h("dt", {}, "Titles"), h("dd", {}, (e.titles || []).length ? e.titles.join("; ") : "—"),
      h("dt", {}, "Also written"), h("dd", {}, (e.aliases || []).length ? e.aliases.join("; ") : "—"),
      h("dt", {}, "Articles"), h("dd", {}, String(e.articles)),
      e.wikidata ? [h("dt", {}, "Wikidata"), h("dd", { class: "mono" }, e.wikidata)] : null)));
  const left = h("div", { class: "col" });
  const right = h("div", { class: "col" });
  app.appendChild(h("div", { class: "layout-entity" }, left, right));
  // timeline
  const tlBox = section("Timeline (" + tl.items.length + (tl.next_cursor ? "+" : "") + ")",
    tl.items.length ? h("ol", { class: "timeline" }, tl.items.map(ev => h("li", {},
      h("div", { class: "tl-date mono" }, ev.date || fmtDate(ev.published).slice(0, 10)),
      h("div", { class: "tl-body" },
        h("div", {}, badge(ev.type, "plover"), " ", badge(ev.status, "st-" + ev.status), " ",
          h("span", { class: "muted small" }, "as " + ev.role)),
        h("div", {}, joinNodes(ev.actors.map(entLink)), " → ", ev.recipients.length ? joinNodes(ev.recipients.map(entLink)) : "—",
          ev.location ? [" @ ", entLink(ev.location)] : null),
        h("div", { class: "small" },
          ev.cluster_id ? h("a", { href: "#/cluster/" + enc(ev.cluster_id), class: "cluster-link" }, "event cluster · " + plural(ev.reports, "report"))
                        : null, ev.cluster_id ? " · " : null,
          h("a", { href: "#/article/" + enc(ev.article_id) }, ev.title || "article"),
          h("span", { class: "muted" }, " · " + (ev.outlet || ""))))))) : h("p", { class: "muted" }, "No events."));
  left.appendChild(tlBox);
  left.appendChild(section("Quotes by " + e.name + " (" + e.quotes_by.length + ")", quoteList(e.quotes_by, true)));
  right.appendChild(section("Who met whom", graph(e.graph)));
  right.appendChild(section("Quotes about " + e.name + " (" + e.quotes_about.length + ")", quoteList(e.quotes_about, false)));
}

function quoteList(items, by) {
  if (!items.length) return h("p", { class: "muted" }, "None.");
  return h("ul", { class: "list quotes" }, items.map(q => h("li", { class: "att src-" + q.source_type },
    h("blockquote", {}, q.content || ""),
    h("div", { class: "small" },
      by ? (q.role === "channel" ? ["as channel for ", q.source.name ? entLink(q.source) : h("em", {}, q.source_text || "?")] : null)
         : ["— ", q.source.name ? entLink(q.source) : h("em", {}, q.source_text || "unnamed"), " "],
      badge(q.source_type, "src-" + q.source_type), " ",
      (q.via || []).length ? ["via ", joinNodes(q.via.map(entLink)), " "] : null,
      h("a", { href: "#/article/" + enc(q.article_id) }, q.title || "article"),
      h("span", { class: "muted" }, " · " + (q.outlet || "") + " · " + (q.date || fmtDate(q.published)))))));
}

function graph(g) {
  const nodes = (g && g.nodes) || [];
  if (nodes.length < 2) return h("p", { class: "muted" }, "No shared events with other entities.");
  const W = 680, H = 380, cx = W / 2, cy = H / 2, R = H / 2 - 40;
  const pos = {};
  pos[nodes[0].key] = [cx, cy];
  const others = nodes.slice(1);
  const angle = {};
  others.forEach((n, i) => {
    const a = -Math.PI / 2 + (2 * Math.PI * i) / others.length;
    angle[n.key] = a;
    pos[n.key] = [cx + R * Math.cos(a), cy + R * Math.sin(a)];
  });
  const short = (s) => (s.length > 24 ? s.slice(0, 23) + "…" : s);
  const maxW = Math.max(1, ...g.edges.map(e => e.weight));
  const svg = h("svg:svg", { viewBox: `0 0 ${W} ${H}`, class: "graph", role: "img", "aria-label": "who met whom" });
  for (const e of g.edges) {
    const [x1, y1] = pos[e.source], [x2, y2] = pos[e.target];
    const line = h("svg:line", { x1, y1, x2, y2, class: "edge" + (e.met ? " met" : ""),
      "stroke-width": (1 + 4 * e.weight / maxW).toFixed(1) });
    line.appendChild(h("svg:title", {}, Object.entries(e.types).map(([t, n]) => t + " ×" + n).join(", ")));
    svg.appendChild(line);
  }
  const maxN = Math.max(1, ...nodes.map(n => n.weight));
  nodes.forEach((n, i) => {
    const [x, y] = pos[n.key];
    const r = i === 0 ? 14 : 5 + 7 * n.weight / maxN;
    const a = h("svg:a", { href: "#/entity/" + enc(n.key), class: "node" + (i === 0 ? " me" : "") });
    a.appendChild(h("svg:circle", { cx: x, cy: y, r: r.toFixed(1), class: "ent-fill-" + (n.type || "OTHER") }));
    if (i === 0) {
      a.appendChild(h("svg:text", { x, y: y + r + 15, "text-anchor": "middle" }, n.name));
    } else { // label outward from the centre: right of right-hand nodes, left of left-hand ones
      const c = Math.cos(angle[n.key]), sn = Math.sin(angle[n.key]);
      const side = c > 0.25 ? "start" : c < -0.25 ? "end" : "middle";
      const lx = x + (side === "start" ? r + 4 : side === "end" ? -r - 4 : 0);
      const ly = side === "middle" ? (sn > 0 ? y + r + 13 : y - r - 5) : y + 4;
      a.appendChild(h("svg:text", { x: lx.toFixed(1), y: ly.toFixed(1), "text-anchor": side }, short(n.name)));
    }
    a.appendChild(h("svg:title", {}, n.name + " (" + (n.type || "?") + "), " + plural(n.weight, "shared event")));
    svg.appendChild(a);
  });
  return h("div", {}, svg, h("p", { class: "small muted" }, "Solid lines: met (CONSULT events); dashed: other shared events. Line width: number of events."));
}

/* ------------------------------------------------------------------ cluster */

async function clusterPage(id) {
  const c = await api("/clusters/" + enc(id));
  const corr = c.corroboration || {};
  const app = clear($app());
  const actors = (c.actor_ids || []).map((k, i) => ({ key: k, name: (c.actors || [])[i] || k }));
  const recips = (c.recipient_ids || []).map((k, i) => ({ key: k, name: (c.recipients || [])[i] || k }));
  app.appendChild(h("header", { class: "cluster-head" },
    h("h1", {}, badge(c.type, "plover big"), " ", or(joinNodes(actors.map(entLink))),
      " → ", or(joinNodes(recips.map(entLink))),
      c.location ? [" @ ", entLink({ key: c.location_id, name: c.location })] : null),
    h("div", { class: "stats" },
      stat(c.articles, "reports"), stat(c.outlets, "independent outlets"),
      stat(c.date ? (c.date_end && c.date_end !== c.date ? c.date + " – " + c.date_end : c.date) : "undated", "date"),
      stat(c.status || "?", "status"),
      stat(fmtDate(c.earliest_published), "first reported"))));
  const left = h("div", { class: "col wide" }), right = h("div", { class: "col" });
  app.appendChild(h("div", { class: "layout-cluster" }, left, right));
  // reports in order, grouped by voice
  const voices = c.voices || [];
  const shown = (c.members || []).length, total = c.members_total || shown;
  left.appendChild(section("Reports, earliest first (" + (total > shown ? shown + " of " + total : total) + ")", h("ol", { class: "voices" },
    voices.map(v => h("li", { class: "voice" },
      h("div", { class: "voice-head" }, voiceName(v.voice), v.reports.length > 1 ? badge(plural(v.reports.length, "copy", "copies") , "copies") : null,
        v.outlets.length > 1 ? h("span", { class: "muted small" }, " carried by " + v.outlets.join(", ")) : null),
      h("ul", { class: "reports" }, v.reports.map(r => h("li", {},
        h("div", {}, h("a", { href: "#/article/" + enc(r.article_id) }, r.title || r.article_id),
          h("span", { class: "muted small" }, " · " + (r.outlet || "?") + " · " + fmtDate(r.published)), " ",
          badge(r.status || "?", "st-" + r.status)),
        r.evidence ? h("blockquote", { class: "small" }, r.evidence) : null,
        (r.sources_named || []).length ? h("div", { class: "small" }, "sources: ",
          joinNodes(r.sources_named.map(s => [h("strong", {}, s.name || "?"), " ", badge(s.source_type, "src-" + s.source_type)]))) : null))))))));
  // original sources
  const titles = Object.fromEntries((c.members || []).map(m => [m.article_id, m.title || m.article_id]));
  const artLinks = (ids) => joinNodes((ids || []).map(id => h("a", { href: "#/article/" + enc(id) }, titles[id] || id)), "; ");
  const sources = Array.isArray(corr.sources) ? corr.sources : [];
  right.appendChild(section("Original sources", sources.length || (corr.asserted_by || []).length
    ? h("ul", { class: "list sources" },
        sources.map(s => h("li", {},
          h("div", {}, s.source_id ? h("a", { href: "#/entity/" + enc(s.source_id), class: "ent" }, s.source) : h("strong", {}, s.source || "unknown"),
            " ", badge(s.type || "unknown", "src-" + (s.type || "unknown")),
            (s.via || []).length ? h("span", { class: "muted" }, " via " + s.via.join(", ")) : null,
            s.origin ? h("span", { class: "muted" }, " citing " + s.origin) : null),
          h("div", { class: "small" }, plural((s.articles || []).length, "article") + ": ", artLinks(s.articles)))),
        (corr.asserted_by || []).length ? h("li", {}, h("strong", {}, "In their own voice: "), corr.asserted_by.join(", ")) : null)
    : h("p", { class: "muted" }, "None named.")));
  const dis = Array.isArray(corr.disagreements) ? corr.disagreements : [];
  right.appendChild(section("Disagreements", dis.length
    ? h("ul", { class: "list disagreements" }, dis.map(d => h("li", {},
        h("div", {}, h("strong", {}, String(d.field || "?").replace(":", ": "))),
        h("ul", { class: "values" }, Object.entries(d.values || {}).map(([v, ids]) =>
          h("li", {}, h("span", { class: "value" }, v), " — ", artLinks(ids)))))))
    : h("p", { class: "muted" }, "None found.")));
  if (corr.earliest) right.appendChild(section("First report", h("p", {},
    h("a", { href: "#/article/" + enc(corr.earliest.article_id) }, titles[corr.earliest.article_id] || corr.earliest.article_id),
    h("span", { class: "muted" }, " · " + (corr.earliest.outlet || "?") + " · " + fmtDate(corr.earliest.published)))));
}

function voiceName(v) {
  const m = /^(wire|outlet|article|group):(.*)$/.exec(v || "");
  return m ? [h("strong", {}, m[1] === "outlet" ? m[2].replace(/\b\w/g, ch => ch.toUpperCase()) : m[2]), " ", badge(m[1], "kind")]
           : [h("strong", {}, v || "?")];
}

function stat(v, label) { return h("div", { class: "stat" }, h("div", { class: "v" }, String(v)), h("div", { class: "l muted" }, label)); }

function describe(v) {
  // a readable rendering of an arbitrary JSON value (text only)
  if (v === null || v === undefined) return "—";
  if (Array.isArray(v)) return v.length ? joinNodes(v.map(describe), "; ") : "—";
  if (typeof v === "object") return joinNodes(Object.entries(v).map(([k, x]) => [h("span", { class: "muted" }, k + ": "), describe(x)]), ", ");
  return String(v);
}

/* ------------------------------------------------------------------ lists */

async function eventsPage(params) {
  const f = {};
  for (const k of ["actor", "recipient", "type", "place", "since", "until", "status", "min_outlets", "cursor"]) if (params.get(k)) f[k] = params.get(k);
  const stats = await api("/stats");
  const useClusters = (stats.event_clusters || 0) > 0;
  const res = await api((useClusters ? "/clusters?" : "/events?") + new URLSearchParams(f).toString() + "&limit=30");
  const app = clear($app());
  app.appendChild(h("h1", {}, useClusters ? "Event clusters" : "Events"));
  app.appendChild(filterForm("events", params, [["actor", "Actor"], ["recipient", "Recipient"], ["type", "Type"], ["place", "Place"],
    ["since", "Since (YYYY-MM-DD)"], ["until", "Until"], ["status", "Status"], ["min_outlets", "Min outlets"]]));
  if (!res.items.length) app.appendChild(h("p", { class: "muted" }, "No events match."));
  const tbl = h("table", { class: "grid" }, h("tr", {}, ["Date", "Type", "Actors", "Recipients", "Status", useClusters ? "Corroboration" : "Article"].map(x => h("th", {}, x))));
  for (const ev of res.items) {
    if (useClusters) {
      tbl.appendChild(h("tr", {}, h("td", { class: "mono" }, ev.date || "—"), h("td", {}, badge(ev.type, "plover")),
        h("td", {}, joinNodes((ev.actor_ids || []).map((k, i) => entLink({ key: k, name: ev.actors[i] })))),
        h("td", {}, joinNodes((ev.recipient_ids || []).map((k, i) => entLink({ key: k, name: ev.recipients[i] })))),
        h("td", {}, badge(ev.status || "?", "st-" + ev.status)),
        h("td", {}, h("a", { href: "#/cluster/" + enc(ev.cluster_id), class: "cluster-link" }, plural(ev.articles, "report") + ", " + plural(ev.outlets, "outlet")))));
    } else {
      tbl.appendChild(h("tr", {}, h("td", { class: "mono" }, ev.date || fmtDate(ev.published).slice(0, 10)), h("td", {}, badge(ev.type, "plover")),
        h("td", {}, joinNodes(ev.actors.map(entLink))), h("td", {}, joinNodes(ev.recipients.map(entLink))),
        h("td", {}, badge(ev.status, "st-" + ev.status)),
        h("td", {}, h("a", { href: "#/article/" + enc(ev.article_id) }, ev.title || "article"))));
    }
  }
  app.appendChild(tbl);
  pager(app, "events", params, res.next_cursor);
}

async function entitiesPage(params) {
  const f = {};
  for (const k of ["q", "type", "country", "cursor"]) if (params.get(k)) f[k] = params.get(k);
  const res = await api("/entities?" + new URLSearchParams(f).toString() + "&limit=50");
  const app = clear($app());
  app.appendChild(h("h1", {}, "Entities"));
  app.appendChild(filterForm("entities", params, [["q", "Name"], ["type", "Type"], ["country", "Country"]]));
  app.appendChild(h("ul", { class: "cards" }, res.items.map(e => h("li", {},
    h("a", { href: "#/entity/" + enc(e.key), class: "ent ent-" + e.type }, e.name), " ", badge(e.type, "t-" + e.type),
    e.country ? badge(e.country, "country") : null, h("span", { class: "muted small" }, " " + plural(e.articles, "article"))))));
  pager(app, "entities", params, res.next_cursor);
}

async function quotesPage(params) {
  const f = {};
  for (const k of ["speaker", "source_type", "channel", "kind", "q", "cursor"]) if (params.get(k)) f[k] = params.get(k);
  const res = await api("/attributions?" + new URLSearchParams(f).toString() + "&limit=30");
  const app = clear($app());
  app.appendChild(h("h1", {}, "Quotes"));
  app.appendChild(filterForm("quotes", params, [["speaker", "Speaker"], ["source_type", "Source type"], ["channel", "Channel"], ["q", "Words"]]));
  app.appendChild(quoteList(res.items, false));
  pager(app, "quotes", params, res.next_cursor);
}

function filterForm(routeName, params, fields) {
  const form = h("form", { class: "filters" }, fields.map(([k, label]) => h("label", {}, h("span", { class: "small muted" }, label),
    h("input", { name: k, value: params.get(k) || "" }))), h("button", { type: "submit" }, "Filter"));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    go(routeName, Object.fromEntries(new FormData(form).entries()));
  });
  return form;
}

function pager(app, routeName, params, cursor) {
  if (!cursor) return;
  const next = Object.fromEntries(params); next.cursor = cursor;
  app.appendChild(h("p", {}, h("a", { class: "more", href: "#/" + routeName + "?" + new URLSearchParams(next).toString() }, "More →")));
}

/* ------------------------------------------------------------------ start */

document.addEventListener("DOMContentLoaded", () => {
  document.getElementById("searchform").addEventListener("submit", (e) => {
    e.preventDefault();
    go("search", { q: document.getElementById("q").value.trim() });
  });
  window.addEventListener("hashchange", route);
  route();
});
