// tilshi review page: plain DOM code, no framework, no network beyond this server.
// Every piece of user text goes through textContent, never innerHTML.
"use strict";

const $ = (id) => document.getElementById(id);
const CSRF = document.querySelector('meta[name="csrf-token"]').content;
const LANG_NAMES = { en: "English", ru: "Russian", kk: "Kazakh" };
let release = null; // the release view last received
let entry = null; // the glossary entry open in the editor
let releaseText = ""; // the text the open release was translated from

async function api(method, url, body, headers = {}) {
  const init = { method, headers: { "X-CSRF-Token": CSRF, ...headers }, credentials: "same-origin" };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const response = await fetch(url, init);
  let data = null;
  try { data = await response.json(); } catch (e) { data = { error: `HTTP ${response.status}` }; }
  if (!response.ok) {
    const error = new Error(data.error || `HTTP ${response.status}`);
    error.status = response.status;
    error.data = data;
    throw error;
  }
  return data;
}

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("data-")) node.setAttribute(key, value);
    else node[key] = value;
  }
  for (const child of children) node.append(child);
  return node;
}

function showError(message, where = "error") {
  const box = $(where);
  box.textContent = message || "";
  box.hidden = !message;
}

// --- opening and translating ------------------------------------------------------------

$("file").addEventListener("change", async (event) => {
  const file = event.target.files[0];
  if (!file) return;
  $("source").value = await file.text();
  $("name").value = file.name;
});

$("translate").addEventListener("click", async () => {
  showError("");
  const to = [...document.querySelectorAll('input[name="to"]:checked')].map((box) => box.value);
  const text = $("source").value;
  if (!text.trim()) return showError("Paste a release or choose a file first.");
  if (!to.length) return showError("Choose at least one language.");
  $("translate").disabled = true;
  try {
    let job = await api("POST", "/api/translate", { text, to, name: $("name").value.trim() || "release.md" });
    releaseText = text;
    $("progress-box").hidden = false;
    while (job.status === "queued" || job.status === "running") {
      showProgress(job.progress);
      await new Promise((resolve) => setTimeout(resolve, 300));
      job = await api("GET", `/api/jobs/${job.id}`);
    }
    if (job.status === "error") throw new Error(job.error);
    showProgress(job.progress);
    render(job.result);
  } catch (error) {
    showError(error.message);
  } finally {
    $("translate").disabled = false;
  }
});

function showProgress(progress) {
  $("progress").value = progress.fraction;
  const lang = progress.language ? LANG_NAMES[progress.language] || progress.language : "";
  const sentences = progress.sentences_total ? ` · ${progress.sentences_done}/${progress.sentences_total} sentences` : "";
  $("progress-text").textContent = progress.fraction >= 1 ? "Done." :
    `Translating${lang ? " into " + lang : ""} (${progress.languages_done}/${progress.languages_total} languages${sentences})`;
}

// --- the side-by-side view ---------------------------------------------------------------

function render(view) {
  release = view;
  $("review").hidden = false;
  $("summaries").hidden = true;
  const columns = $("columns");
  columns.replaceChildren(el("th", { text: "English" }),
    ...view.translations.map((t) => el("th", { text: LANG_NAMES[t.language] || t.language })));
  $("counts").replaceChildren(...view.translations.map((t) => {
    const c = t.term_counts;
    return el("span", { class: "count", text: `${t.language}: ${c.ok} ok, ${c.fixed} fixed, ${c.unfixed} unfixed, ${c.missing} missing` });
  }));
  const rows = $("rows");
  rows.replaceChildren();
  const first = view.translations[0];
  if (!first) return;
  first.paragraphs.forEach((paragraph, p) => {
    const row = el("tr", { "data-unit": paragraph.unit });
    row.append(el("td", { class: "source" }, ...paragraph.segments.map((s) => el("span", { class: "seg", text: s.source + " " }))));
    for (const translation of view.translations) {
      const cell = el("td", { class: "target", lang: translation.language });
      for (const segment of translation.paragraphs[p].segments) cell.append(segmentNode(translation.language, segment));
      row.append(cell);
    }
    rows.append(row);
  });
  $("download").href = `/api/releases/${view.id}/download`;
  $("download").textContent = "Download all (.zip)";
  $("files").replaceChildren(...view.translations.map((t) => {
    const name = fileName(view, t.language);
    return el("a", { href: `/api/releases/${view.id}/files/${encodeURIComponent(name)}`, download: name, text: name, class: "file" });
  }));
}

function fileName(view, lang) {
  const stem = view.name.includes(".") ? view.name.slice(0, view.name.lastIndexOf(".")) : view.name;
  return `${stem}.${lang}.${view.format}`;
}

function segmentNode(lang, segment) {
  const node = el("span", { class: "seg", "data-index": segment.index, "data-lang": lang });
  const text = segment.target;
  const spans = segment.terms.filter((t) => t.start !== null).sort((a, b) => a.start - b.start);
  let at = 0;
  for (const term of spans) {
    if (term.start < at) continue;
    node.append(text.slice(at, term.start), termMark(term, text.slice(term.start, term.end)));
    at = term.end;
  }
  node.append(text.slice(at));
  for (const term of segment.terms.filter((t) => t.start === null)) {
    node.append(" ", termMark(term, `⚠ ${term.expected}`, "badge"));
  }
  if (segment.editable) {
    node.append(el("button", { type: "button", class: "edit", title: "Edit this sentence", text: "✎",
      onclick: (event) => { event.stopPropagation(); editSentence(node, lang, segment); } }));
  }
  node.append(" ");
  return node;
}

function termMark(term, text, extra = "") {
  const mark = el("mark", { class: `term ${term.status} ${extra}`.trim(), text, tabIndex: 0,
    "data-term": term.source, "data-status": term.status });
  const tip = `${term.status.toUpperCase()} · ${term.source} → official form: ${term.expected}\n${term.reason}`;
  mark.setAttribute("aria-label", tip);
  mark.addEventListener("mouseenter", () => showTip(mark, tip));
  mark.addEventListener("focus", () => showTip(mark, tip));
  mark.addEventListener("mouseleave", hideTip);
  mark.addEventListener("blur", hideTip);
  mark.addEventListener("click", () => openEntry(term.source));
  mark.addEventListener("keydown", (e) => { if (e.key === "Enter") openEntry(term.source); });
  return mark;
}

function showTip(anchor, text) {
  const tip = $("tooltip");
  tip.textContent = text;
  const box = anchor.getBoundingClientRect();
  tip.style.left = `${window.scrollX + box.left}px`;
  tip.style.top = `${window.scrollY + box.bottom + 6}px`;
  tip.hidden = false;
}

function hideTip() { $("tooltip").hidden = true; }

// --- editing a sentence ------------------------------------------------------------------

function editSentence(node, lang, segment) {
  const box = el("textarea", { class: "sentence-editor", value: segment.target, rows: 3 });
  const save = el("button", { type: "button", class: "primary", text: "Save sentence" });
  const cancel = el("button", { type: "button", text: "Cancel" });
  const editor = el("span", { class: "seg editing", "data-index": segment.index, "data-lang": lang }, box, save, cancel);
  node.replaceWith(editor);
  box.focus();
  cancel.onclick = () => editor.replaceWith(segmentNode(lang, segment));
  save.onclick = async () => {
    save.disabled = true;
    try {
      render(await api("POST", `/api/releases/${release.id}/segments`, { language: lang, index: segment.index, target: box.value }));
    } catch (error) {
      showError(error.message);
      save.disabled = false;
    }
  };
}

// --- the glossary entry editor -----------------------------------------------------------

const split = (value) => value.split("|").map((s) => s.trim()).filter(Boolean);
const join = (values) => (values || []).join(" | ");

async function openEntry(term) {
  hideTip();
  showError("", "entry-error");
  try {
    entry = await api("GET", `/api/glossary/${encodeURIComponent(term)}`);
  } catch (error) {
    return showError(error.message);
  }
  $("entry-term").textContent = entry.term;
  for (const lang of ["ru", "kk"]) {
    const values = entry[lang] || [];
    $(`e-${lang}`).value = values[0] || "";
    $(`e-${lang}-var`).value = join(values.slice(1));
    $(`e-${lang}-avoid`).value = join((entry.avoid || {})[lang]);
  }
  $("e-type").value = entry.type;
  $("e-note").value = entry.note;
  $("e-dnt").checked = entry.dnt;
  showForms(entry.forms);
  $("editor").showModal();
}

function entryBody() {
  const body = { en: entry.en, type: $("e-type").value, note: $("e-note").value, dnt: $("e-dnt").checked, avoid: {} };
  for (const lang of ["ru", "kk"]) {
    const preferred = $(`e-${lang}`).value.trim();
    body[lang] = preferred ? [preferred, ...split($(`e-${lang}-var`).value)] : [];
    const avoid = split($(`e-${lang}-avoid`).value);
    if (avoid.length) body.avoid[lang] = avoid;
  }
  return body;
}

function showForms(forms) {
  const CASES = { nom: "nominative", gen: "genitive", dat: "dative", acc: "accusative", ins: "instrumental", loc: "locative", abl: "ablative" };
  const tables = Object.entries(forms || {}).map(([lang, rows]) => el("table", { class: "forms" },
    el("caption", { text: LANG_NAMES[lang] || lang }),
    ...rows.filter((r) => r.number === "sg").map((r) => el("tr", {}, el("th", { text: CASES[r.case] || r.case }), el("td", { text: r.form })))));
  $("forms").replaceChildren(...tables);
}

$("e-preview").addEventListener("click", async () => {
  try {
    showForms((await api("POST", "/api/glossary/preview", { term: entry.term, ...entryBody() })).forms);
    showError("", "entry-error");
  } catch (error) {
    showError(error.message, "entry-error");
  }
});

$("e-cancel").addEventListener("click", () => $("editor").close());

$("e-save").addEventListener("click", async () => {
  $("e-save").disabled = true;
  try {
    entry = await api("PUT", `/api/glossary/${encodeURIComponent(entry.term)}`, entryBody(), { "If-Match": `"${entry.version}"` });
    showForms(entry.forms);
    if (release) render(await api("POST", `/api/releases/${release.id}/refresh`));
    $("editor").close();
  } catch (error) {
    showError(error.message, "entry-error");
  } finally {
    $("e-save").disabled = false;
  }
});

// --- summaries ---------------------------------------------------------------------------

$("summarize").addEventListener("click", async () => {
  if (!release) return;
  $("summaries").hidden = false;
  const list = $("summary-list");
  list.replaceChildren(el("p", { text: "Summarising…" }));
  try {
    const data = await api("POST", "/api/summarize", { text: releaseText, to: ["en", ...release.targets], name: release.name });
    list.replaceChildren(...data.summaries.map((s) => el("div", { class: "summary", lang: s.language },
      el("h3", { text: `${LANG_NAMES[s.language] || s.language} (${s.method})` }),
      el("p", { text: s.text }),
      ...s.notes.map((note) => el("p", { class: "note", text: note })))));
  } catch (error) {
    list.replaceChildren(el("p", { class: "error", text: error.message }));
  }
});
