// SPDX-License-Identifier: MIT
// tilde's search page: plain DOM, no framework, no build step. Everything shown from the index
// goes through textContent (never innerHTML), so a document can never inject markup.
"use strict";

const PAGE = 10;
const FACETS = "date,lang,source";
const $ = (id) => document.getElementById(id);
const state = { q: "", offset: 0, hits: [], current: -1 };

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "text") node.textContent = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value);
  }
  for (const child of children) node.append(child);
  return node;
}

// `text` with its byte ranges [[begin, end], ...] (UTF-8, as the API gives them) in <mark>.
function highlighted(text, ranges) {
  const bytes = new TextEncoder().encode(text);
  const decode = (from, to) => new TextDecoder().decode(bytes.subarray(from, to));
  const out = document.createDocumentFragment();
  let at = 0;
  for (const [begin, end] of ranges || []) {
    if (begin < at || end > bytes.length) continue;
    out.append(decode(at, begin), element("mark", { text: decode(begin, end) }));
    at = end;
  }
  out.append(decode(at, bytes.length));
  return out;
}

async function getJson(path) {
  const response = await fetch(path);
  const body = await response.json();
  if (!response.ok) throw new Error(body.error || response.statusText);
  return body;
}

async function search(q, offset = 0, remember = true) {
  state.q = q.trim();
  state.offset = offset;
  $("q").value = state.q;
  closeCompletions();
  showResults();
  if (!state.q) return;
  if (remember) history.pushState({ q: state.q, offset }, "", "?q=" + encodeURIComponent(state.q) + (offset ? "&offset=" + offset : ""));
  const status = $("status");
  status.className = "";
  status.textContent = "Searching…";
  try {
    const params = new URLSearchParams({ q: state.q, offset, limit: PAGE, facets: FACETS, explain: 1 });
    const answer = await getJson("/search?" + params);
    render(answer);
  } catch (error) {
    status.className = "error";
    status.textContent = error.message;
    $("results").replaceChildren();
    $("facets").replaceChildren();
    $("pages").replaceChildren();
  }
}

function render(answer) {
  state.hits = answer.results;
  state.current = -1;
  const count = (answer.total_exact ? "" : "about ") + answer.total +
    (answer.total === 1 && answer.total_exact ? " passage matches" : " passages match");
  let status = answer.total === 0 ? `No passage matches “${answer.query}”` : count;
  if (answer.translations.length) {
    status += " · also as " + answer.translations.map((t) => `${t.words}: ${t.translations.join(", ")}`).join("; ");
  }
  $("status").textContent = status;
  if (answer.suggestion) {
    $("status").append(" · did you mean ",
      element("button", { class: "linkish", text: answer.suggestion, onclick: () => search(answer.suggestion) }), "?");
  }
  $("results").replaceChildren(...answer.results.map(resultItem));
  renderFacets(answer.facets || {});
  renderPages(answer.total);
}

function resultItem(hit, index) {
  const title = hit.title || hit.doc;
  const item = element("li", { tabindex: "-1", "data-rank": hit.rank },
    element("h2", {}, element("a", { href: "#", text: title, onclick: (event) => { event.preventDefault(); openDocument(index); } })),
    element("p", { class: "meta", text: `${hit.doc} ¶${hit.passage}${hit.date ? " · " + hit.date : ""} · score ${hit.score.toFixed(3)}` }),
    element("p", { class: "snippet" }, highlighted(hit.snippet, hit.snippet_highlights)),
    element("button", { class: "linkish why-toggle", type: "button", text: "why this rank?", onclick: () => toggleWhy(index) }));
  return item;
}

function toggleWhy(index) {
  const item = $("results").children[index];
  const open = item.querySelector("table");
  if (open) { open.remove(); return; }
  const hit = state.hits[index];
  const rows = (hit.explain || []).map((part) => element("tr", {},
    element("td", { text: part.term }), element("td", { text: part.kind }),
    element("td", { text: part.passage_words || "" }), element("td", { text: part.weight.toFixed(3) })));
  rows.push(element("tr", {}, element("td", { text: "phrase/proximity bonus", colspan: "3" }), element("td", { text: (hit.proximity || 0).toFixed(3) })));
  rows.push(element("tr", {}, element("th", { text: "total", colspan: "3" }), element("th", { text: hit.score.toFixed(3) })));
  item.append(element("table", { class: "why" },
    element("tr", {}, element("th", { text: "query word" }), element("th", { text: "matched as" }),
      element("th", { text: "in the passage" }), element("th", { text: "weight" })), ...rows));
}

// A facet value narrows the query with the field that selects it.
function facetFilter(name, value) {
  if (name === "year") return `date:${value}-01..${value}-12`;
  if (name === "month") return `date:${value}..${value}`;
  if (name === "lang") return `lang:${value}`;
  return `source:${value}`;
}

function renderFacets(facets) {
  const titles = { year: "Year", month: "Month", lang: "Language", source: "Source" };
  const parts = [];
  for (const name of ["year", "month", "lang", "source"]) {
    const counts = facets[name] || [];
    if (!counts.length) continue;
    parts.push(element("h3", { text: titles[name] }));
    for (const { value, count } of counts) {
      parts.push(element("button", { type: "button", class: "facet", "data-facet": name, "data-value": value,
        onclick: () => search(state.q + " " + facetFilter(name, value)) },
        value, element("span", { class: "count", text: String(count) })));
    }
  }
  $("facets").replaceChildren(...parts);
}

function renderPages(total) {
  const pages = [];
  if (state.offset > 0) pages.push(element("button", { type: "button", text: "← Previous", onclick: () => search(state.q, Math.max(0, state.offset - PAGE)) }));
  if (state.offset + PAGE < total) pages.push(element("button", { type: "button", id: "next", text: "Next →", onclick: () => search(state.q, state.offset + PAGE) }));
  $("pages").replaceChildren(...pages);
}

async function openDocument(index) {
  const hit = state.hits[index];
  const view = $("document");
  try {
    const documentText = await getJson(`/documents/${encodeURIComponent(hit.doc)}?q=${encodeURIComponent(state.q)}`);
    $("document-title").textContent = documentText.title || documentText.doc;
    $("document-id").textContent = `${documentText.doc} · ${documentText.passages.length} passages`;
    const passages = documentText.passages.map((passage) => element("p",
      { class: "passage" + (passage.passage === hit.passage ? " marked" : ""), id: "passage-" + passage.passage },
      highlighted(passage.text, passage.highlights)));
    $("document-passages").replaceChildren(...passages);
    $("answer").hidden = true;
    $("facets").hidden = true;
    view.hidden = false;
    view.focus();
    const marked = view.querySelector(".marked");
    if (marked) marked.scrollIntoView({ block: "center" });
  } catch (error) {
    $("status").className = "error";
    $("status").textContent = error.message;
  }
}

function showResults() {
  $("document").hidden = true;
  $("answer").hidden = false;
  $("facets").hidden = false;
}

function moveCurrent(step) {
  const items = $("results").children;
  if (!items.length) return;
  state.current = Math.max(0, Math.min(items.length - 1, state.current + step));
  for (const item of items) item.classList.remove("current");
  items[state.current].classList.add("current");
  items[state.current].focus();
}

// Completion of the word being typed, in the corpus's spelling (guai -> Guaidó).
let completionTimer = null;
let completionChoice = -1;

function closeCompletions() {
  clearTimeout(completionTimer);  // a completion still on its way would reopen the list
  $("completions").hidden = true;
  completionChoice = -1;
}

async function suggestCompletions() {
  const input = $("q");
  const typed = input.value;
  const word = typed.split(/\s+/).pop();
  if (word.length < 2 || word.includes(":") || typed.trim() === state.q) { closeCompletions(); return; }
  try {
    const answer = await getJson("/complete?limit=8&prefix=" + encodeURIComponent(word));
    if (input.value !== typed || document.activeElement !== input) return;  // typed on, or left
    const list = $("completions");
    list.replaceChildren(...answer.completions.map((completion) =>
      element("li", { role: "option", text: completion, onmousedown: (event) => { event.preventDefault(); acceptCompletion(completion); } })));
    list.hidden = answer.completions.length === 0;
    completionChoice = -1;
  } catch {
    closeCompletions();
  }
}

function acceptCompletion(completion) {
  const input = $("q");
  input.value = input.value.replace(/\S*$/, completion) + " ";
  closeCompletions();
  input.focus();
}

function chooseCompletion(step) {
  const options = $("completions").children;
  completionChoice = (completionChoice + step + options.length) % options.length;
  for (let i = 0; i < options.length; ++i) options[i].setAttribute("aria-selected", i === completionChoice);
}

$("q").addEventListener("input", () => {
  clearTimeout(completionTimer);
  completionTimer = setTimeout(suggestCompletions, 120);
});

$("q").addEventListener("keydown", (event) => {
  const open = !$("completions").hidden;
  if (open && (event.key === "ArrowDown" || event.key === "ArrowUp")) {
    event.preventDefault();
    chooseCompletion(event.key === "ArrowDown" ? 1 : -1);
  } else if (open && (event.key === "Tab" || event.key === "Enter") && completionChoice >= 0) {
    event.preventDefault();
    acceptCompletion($("completions").children[completionChoice].textContent);
  } else if (event.key === "Escape") {
    closeCompletions();
  } else if (!open && event.key === "ArrowDown") {
    event.preventDefault();
    moveCurrent(1);
  }
});

$("q").addEventListener("blur", () => setTimeout(closeCompletions, 150));
$("search-form").addEventListener("submit", (event) => { event.preventDefault(); search($("q").value); });
$("back").addEventListener("click", () => { showResults(); moveCurrent(0); });

document.addEventListener("keydown", (event) => {
  if (event.target === $("q")) return;
  if (event.key === "/") { event.preventDefault(); $("q").focus(); $("q").select(); }
  else if (event.key === "Escape" && !$("document").hidden) { showResults(); moveCurrent(0); }
  else if (!$("document").hidden) return;
  else if (event.key === "ArrowDown" || event.key === "j") { event.preventDefault(); moveCurrent(1); }
  else if (event.key === "ArrowUp" || event.key === "k") { event.preventDefault(); moveCurrent(-1); }
  else if (event.key === "Enter" && state.current >= 0) openDocument(state.current);
  else if (event.key === "e" && state.current >= 0) toggleWhy(state.current);
});

window.addEventListener("popstate", (event) => {
  if (event.state) search(event.state.q, event.state.offset, false);
});

const start = new URLSearchParams(location.search);
if (start.get("q")) search(start.get("q"), Number(start.get("offset")) || 0, false);
