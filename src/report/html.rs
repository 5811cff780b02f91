//! `--format html`: one self-contained page for the helpdesk: a summary, every mailbox in
//! scope and where it stands, then the findings, filterable by rule, severity and object, each
//! with its remediation commands ready to copy.
//!
//! Decisions:
//! - Self-contained: inline CSS and JS only, no external asset, no network. The page works from
//!   `file://`, from an e-mail attachment, offline. Without JS everything is shown; the filters
//!   and Copy buttons appear only when the script runs.
//! - Escaping by construction: markup is written through [`Html`], whose `raw` takes only
//!   `&'static str` (markup written in this file) and whose `text` escapes everything else with
//!   [`escape`], in element content and in quoted attributes (the `data-*` the filter reads)
//!   alike. An export value never reaches the page unescaped.
//! - Defence in depth: a strict Content-Security-Policy (`default-src 'none'`) allows only the
//!   page's own `<style>` and `<script>`, by their SHA-256 hashes computed when the page is
//!   written, so even a missed escape could not run a script or load anything.
//! - Deterministic bytes: no timestamp, no random nonce; the same report gives the same page.
//! - Rule codes link to `<base><CODE>.md` only when `docs_base_url` is an absolute http(s) URL
//!   ([`RenderOptions::docs_base`], shared with SARIF's `helpUri`).
//! - "Could not evaluate" is shown as its own section: a rule that could not run is not a pass.
//! - Copy: `navigator.clipboard` where the browser allows it; otherwise (e.g. `file://` without
//!   clipboard permission) the command text is selected for Ctrl+C. Neither path logs an error.

use super::text::clean;
use super::{BatchSummary, ObjectStatus, RenderOptions, Report};
use crate::finding::{Finding, FixSide, Remediation, Scope};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;
use std::io::{self, Write};

pub fn write(report: &Report, options: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    let mut page = Html::default();
    head(&mut page, report);
    page.raw("<body>\n<main>\n");
    header(&mut page, report);
    summary(&mut page, report);
    objects(&mut page, &report.objects);
    findings(&mut page, report, options.docs_base().as_deref());
    page.raw("</main>\n<script>")
        .raw(SCRIPT)
        .raw("</script>\n</body>\n</html>\n");
    out.write_all(page.buf.as_bytes())
}

/// Escapes a value for HTML element content and quoted attribute values.
///
/// Control characters and bidirectional overrides are first made visible (as the text report
/// does), so a display name cannot reorder or hide what the helpdesk reads; then `&`, `<`, `>`,
/// `"` and `'` become character references.
pub fn escape(value: &str) -> String {
    let visible = clean(value);
    let mut out = String::with_capacity(visible.len());
    for c in visible.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The `sha256-…` CSP source of an inline `<style>` or `<script>` body.
pub fn csp_hash(body: &str) -> String {
    format!(
        "sha256-{}",
        STANDARD.encode(Sha256::digest(body.as_bytes()))
    )
}

/// The Content-Security-Policy of the page.
pub fn content_security_policy() -> String {
    format!(
        "default-src 'none'; style-src '{}'; script-src '{}'; base-uri 'none'; form-action 'none'",
        csp_hash(STYLE),
        csp_hash(SCRIPT)
    )
}

/// A page being written. Markup goes in through [`Html::raw`] (static strings only); every
/// value goes in through [`Html::text`], escaped.
#[derive(Default)]
struct Html {
    buf: String,
}

impl Html {
    fn raw(&mut self, markup: &'static str) -> &mut Self {
        self.buf.push_str(markup);
        self
    }

    fn text(&mut self, value: &str) -> &mut Self {
        self.buf.push_str(&escape(value));
        self
    }

    fn num(&mut self, n: u64) -> &mut Self {
        self.buf.push_str(&n.to_string());
        self
    }

    /// `<tag>value</tag>` for a static tag pair.
    fn cell(&mut self, open: &'static str, value: &str, close: &'static str) -> &mut Self {
        self.raw(open).text(value).raw(close)
    }
}

fn head(page: &mut Html, report: &Report) {
    page.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .raw("<meta http-equiv=\"Content-Security-Policy\" content=\"")
        .text(&content_security_policy())
        .raw("\">\n<meta name=\"referrer\" content=\"no-referrer\">\n")
        .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .raw("<title>mbxlint report: ")
        .text(report.kind.as_str())
        .raw(" migration</title>\n<style>")
        .raw(STYLE)
        .raw("</style>\n</head>\n");
}

fn header(page: &mut Html, report: &Report) {
    page.raw("<header>\n<h1>mbxlint report: ")
        .text(report.kind.as_str())
        .raw(" migration</h1>\n<p class=\"meta\">")
        .text(&report.summary.kind_reason)
        .raw(" · ")
        .text(report.tool.name)
        .raw(" ")
        .text(report.tool.version)
        .raw("</p>\n</header>\n");
}

fn summary(page: &mut Html, report: &Report) {
    let s = &report.summary;
    page.raw("<section id=\"summary\">\n<h2>Summary</h2>\n<div class=\"cards\">\n");
    let scope = if s.batch_scoped {
        "mailboxes checked (batch members)"
    } else {
        "mailboxes checked"
    };
    card(page, "total", s.objects_checked, scope);
    card(page, "ready", s.ready, "ready");
    card(page, "blocked", s.blocked, "blocked");
    card(page, "warned", s.warned, "warnings only");
    card(page, "incomplete", s.incomplete, "not fully evaluated");
    page.raw("</div>\n<p>")
        .num(s.errors)
        .raw(" error(s), ")
        .num(s.warnings)
        .raw(" warning(s), ")
        .num(s.infos)
        .raw(" info; ")
        .num(s.input_problems)
        .raw(" input problem(s) in ")
        .num(report.inputs.len() as u64)
        .raw(" file(s) read.</p>\n");
    if s.records_out_of_scope > 0 {
        page.raw("<p>Loaded for the batches only: ")
            .num(s.records_out_of_scope)
            .raw(
                " record(s) of objects the batches do not reach were not read \
                 (<code>--load-all</code> reads every record).</p>\n",
            );
    }
    batches(page, report);
    not_evaluated(page, report);
    policy(page, report);
    page.raw("</section>\n");
}

fn card(page: &mut Html, class: &'static str, n: u64, label: &'static str) {
    page.raw("<div class=\"card ")
        .raw(class)
        .raw("\"><span class=\"n\">")
        .num(n)
        .raw("</span> ")
        .raw(label)
        .raw("</div>\n");
}

fn batches(page: &mut Html, report: &Report) {
    page.raw("<h3>Per batch</h3>\n<table class=\"batches\">\n<thead><tr><th>Batch</th>")
        .raw("<th>Mailboxes</th><th>Ready</th><th>Blocked</th><th>Warned</th>")
        .raw("<th>Incomplete</th><th>Blocked most by</th></tr></thead>\n<tbody>\n");
    for b in &report.summary.batches {
        batch_row(page, b, report.summary.batch_scoped);
    }
    page.raw("</tbody>\n</table>\n");
}

fn batch_row(page: &mut Html, b: &BatchSummary, batch_scoped: bool) {
    let name = match (&b.batch, batch_scoped) {
        (Some(name), _) => name.as_str(),
        (None, true) => "(in no batch)",
        (None, false) => "(all mailboxes)",
    };
    page.cell("<tr><td>", name, "</td>");
    for n in [b.objects, b.ready, b.blocked, b.warned, b.incomplete] {
        page.raw("<td class=\"num\">").num(n).raw("</td>");
    }
    page.raw("<td>");
    for (i, r) in b.top_blocking_rules.iter().enumerate() {
        if i > 0 {
            page.raw(", ");
        }
        page.text(r.rule).raw(" (").num(r.objects).raw(")");
    }
    page.raw("</td></tr>\n");
}

fn not_evaluated(page: &mut Html, report: &Report) {
    let partial: Vec<_> = report
        .summary
        .rules
        .iter()
        .filter(|r| !r.evaluated || r.not_evaluated > 0)
        .collect();
    page.raw("<h3>Could not evaluate</h3>\n");
    if partial.is_empty() {
        page.raw("<p>Every rule looked at every mailbox it applies to.</p>\n");
        return;
    }
    page.raw("<p class=\"warn\">A rule that could not evaluate is not a pass: ")
        .raw("add the missing export and run again.</p>\n<ul class=\"not-evaluated\">\n");
    for r in partial {
        page.cell("<li><strong>", r.rule, "</strong> ")
            .text(r.name)
            .raw(": ");
        if r.evaluated {
            page.num(r.not_evaluated)
                .raw(" object(s) could not be checked");
        } else {
            page.text(r.reason.as_deref().unwrap_or("not run"));
        }
        page.raw("</li>\n");
    }
    page.raw("</ul>\n");
}

fn policy(page: &mut Html, report: &Report) {
    page.raw("<h3>Suppressed and policy notes</h3>\n<p>")
        .num(report.summary.suppressed)
        .raw(" finding(s) suppressed by the configuration or the baseline.</p>\n");
    if report.policy.is_empty() {
        return;
    }
    page.raw("<ul class=\"policy\">\n");
    for note in &report.policy {
        page.cell("<li><strong>", note.kind, "</strong>: ")
            .text(&note.message)
            .raw("</li>\n");
    }
    page.raw("</ul>\n");
}

fn objects(page: &mut Html, objects: &[ObjectStatus]) {
    page.raw("<section id=\"mailboxes\">\n<h2>Mailboxes</h2>\n<table class=\"objects\">\n")
        .raw("<thead><tr><th>Source</th><th>Target</th><th>Status</th><th>Batches</th>")
        .raw("<th>Rules</th></tr></thead>\n<tbody>\n");
    for o in objects {
        page.cell("<tr><td>", &o.source, "</td>")
            .cell("<td>", o.target.as_deref().unwrap_or(""), "</td>")
            .raw("<td><span class=\"status ")
            .raw(o.status.as_str())
            .raw("\">")
            .raw(o.status.as_str())
            .raw("</span></td>")
            .cell("<td>", &o.batches.join(", "), "</td>")
            .cell("<td>", &o.rules.join(", "), "</td></tr>\n");
    }
    page.raw("</tbody>\n</table>\n</section>\n");
}

fn findings(page: &mut Html, report: &Report, docs: Option<&str>) {
    page.raw("<section id=\"findings-section\">\n<h2>Findings (")
        .num(report.findings.len() as u64)
        .raw(")</h2>\n");
    filters(page, &report.findings);
    page.raw("<table id=\"findings\">\n<thead><tr><th>Severity</th><th>Rule</th>")
        .raw("<th>Object</th><th>Finding</th><th>Fix</th></tr></thead>\n<tbody>\n");
    if report.findings.is_empty() {
        page.raw("<tr><td colspan=\"5\">No findings.</td></tr>\n");
    }
    for f in &report.findings {
        finding_row(page, f, docs);
    }
    page.raw("</tbody>\n</table>\n</section>\n");
}

fn filters(page: &mut Html, findings: &[Finding]) {
    let rules: BTreeSet<&str> = findings.iter().map(|f| f.rule).collect();
    page.raw("<div class=\"filters\">\n<label>Rule <select id=\"f-rule\">")
        .raw("<option value=\"\">all rules</option>");
    for rule in rules {
        page.cell("<option value=\"", rule, "\">")
            .text(rule)
            .raw(" ")
            .text(rule_name(rule))
            .raw("</option>");
    }
    page.raw("</select></label>\n<label>Severity <select id=\"f-severity\">")
        .raw("<option value=\"\">all severities</option><option value=\"error\">error</option>")
        .raw("<option value=\"warning\">warning</option><option value=\"info\">info</option>")
        .raw("</select></label>\n<label>Object <input id=\"f-object\" type=\"search\" ")
        .raw("placeholder=\"name or address\" autocomplete=\"off\"></label>\n")
        .raw("<span id=\"f-count\" aria-live=\"polite\"></span>\n</div>\n");
}

fn rule_name(code: &str) -> &'static str {
    crate::rules::find(code).map_or("", |r| r.meta.name)
}

fn finding_row(page: &mut Html, f: &Finding, docs: Option<&str>) {
    let severity = f.severity.as_str();
    page.raw("<tr class=\"finding\" data-rule=\"")
        .text(f.rule)
        .raw("\" data-severity=\"")
        .text(severity)
        .raw("\" data-object=\"")
        .text(f.source_object.as_deref().unwrap_or(""))
        .raw("\" data-target=\"")
        .text(f.target_object.as_deref().unwrap_or(""))
        .raw("\">\n<td><span class=\"badge ")
        .text(severity)
        .raw("\">")
        .text(severity)
        .raw("</span></td>\n");
    rule_cell(page, f.rule, docs);
    object_cell(page, f);
    message_cell(page, f);
    fix_cell(page, &f.remediation);
    page.raw("</tr>\n");
}

fn rule_cell(page: &mut Html, rule: &str, docs: Option<&str>) {
    page.raw("<td class=\"rule\">");
    match docs {
        Some(base) => {
            page.raw("<a href=\"")
                .text(&format!("{base}{rule}.md"))
                .raw("\" rel=\"noopener noreferrer\">")
                .text(rule)
                .raw("</a>");
        }
        None => {
            page.cell("<code>", rule, "</code>");
        }
    }
    page.cell(
        "<div class=\"rule-name\">",
        rule_name(rule),
        "</div></td>\n",
    );
}

fn object_cell(page: &mut Html, f: &Finding) {
    page.raw("<td class=\"object\">");
    match (&f.source_object, &f.target_object) {
        (None, None) => {
            page.cell("<div class=\"scope\">", scope_label(f.scope), "</div>");
        }
        (source, target) => {
            if let Some(s) = source {
                page.cell("<div class=\"source\">", s, "</div>");
            }
            if let Some(t) = target {
                page.cell("<div class=\"target\">→ ", t, "</div>");
            }
        }
    }
    if let Some(id) = &f.object_id {
        page.cell("<div class=\"id\">", id, "</div>");
    }
    page.raw("</td>\n");
}

fn scope_label(scope: Scope) -> &'static str {
    match scope {
        Scope::Pair | Scope::Object => "(object)",
        Scope::Tenant => "(tenant and organisation)",
        Scope::Batch => "(batches)",
        Scope::Input => "(input files)",
    }
}

fn message_cell(page: &mut Html, f: &Finding) {
    page.cell(
        "<td class=\"message\">\n<p class=\"msg\">",
        &f.message,
        "</p>\n",
    );
    evidence(page, f);
    if let Some(e) = f.fails_with {
        page.cell(
            "<p class=\"fails\">The move fails with <code>",
            e,
            "</code></p>\n",
        );
    }
    if let Some(n) = &f.remediation_note {
        page.cell("<p class=\"note\">", n, "</p>\n");
    }
    for l in &f.locations {
        page.cell("<p class=\"loc\">", &l.file, "");
        if let Some(line) = l.line {
            page.raw(" line ").num(line);
        } else if let Some(r) = l.record {
            page.raw(" record ").num(u64::from(r) + 1);
        }
        page.raw("</p>\n");
    }
    page.raw("</td>\n");
}

fn evidence(page: &mut Html, f: &Finding) {
    let e = &f.evidence;
    if e.property.is_none() && e.expected.is_none() && e.found.is_none() {
        return;
    }
    page.raw("<dl class=\"evidence\">");
    let rows = [
        ("<dt>Property</dt><dd>", &e.property),
        ("<dt>Expected</dt><dd>", &e.expected),
        ("<dt>Found</dt><dd>", &e.found),
    ];
    for (label, value) in rows {
        if let Some(v) = value {
            page.cell(label, v, "</dd>");
        }
    }
    page.raw("</dl>\n");
}

fn fix_cell(page: &mut Html, remediation: &[Remediation]) {
    page.raw("<td class=\"fix\">");
    for r in remediation {
        command(page, r);
    }
    page.raw("</td>\n");
}

fn command(page: &mut Html, r: &Remediation) {
    page.raw(if r.irreversible {
        "<div class=\"cmd irreversible\"><div class=\"cmd-head\">"
    } else {
        "<div class=\"cmd\"><div class=\"cmd-head\">"
    })
    .raw("<span class=\"side\">")
    .raw(side_label(r.side))
    .raw("</span>");
    if r.irreversible {
        page.raw("<strong class=\"irrev\">IRREVERSIBLE: read the rule doc first</strong>");
    }
    page.raw("<button type=\"button\" class=\"copy\">Copy</button></div>")
        .cell("<pre><code>", &r.command, "</code></pre></div>\n");
}

fn side_label(side: FixSide) -> &'static str {
    match side {
        FixSide::Source => "source tenant",
        FixSide::Target => "target tenant",
        FixSide::Onprem => "on-premises",
    }
}

/// The page's only style sheet (its hash is in the CSP).
const STYLE: &str = r#"
:root { color-scheme: light; --err: #b00020; --warn: #8a5a00; --info: #1f5fa8; --ok: #1e7b34; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; color: #1b1b1b; background: #fafafa; }
main { max-width: 1400px; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
h1 { font-size: 1.5rem; margin: .5rem 0 0; }
h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #ccc; }
h3 { font-size: 1rem; margin-top: 1.25rem; }
.meta { color: #555; margin-top: .25rem; }
.cards { display: flex; flex-wrap: wrap; gap: .75rem; }
.card { background: #fff; border: 1px solid #ddd; border-left: 4px solid #888; padding: .5rem .9rem; border-radius: 4px; }
.card .n { font-size: 1.4rem; font-weight: 600; }
.card.ready { border-left-color: var(--ok); }
.card.blocked { border-left-color: var(--err); }
.card.warned { border-left-color: var(--warn); }
.card.incomplete { border-left-color: var(--info); }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { border: 1px solid #ddd; padding: .35rem .5rem; text-align: left; vertical-align: top; }
th { background: #f0f0f0; }
td.num { text-align: right; }
tr[hidden] { display: none; }
.warn { color: var(--warn); font-weight: 600; }
.badge, .status { display: inline-block; padding: 0 .4rem; border-radius: 3px; color: #fff; font-size: .85em; }
.badge.error, .status.blocked { background: var(--err); }
.badge.warning, .status.warned { background: var(--warn); }
.badge.info, .status.incomplete { background: var(--info); }
.status.ready { background: var(--ok); }
.rule-name, .id, .loc, .scope { color: #555; font-size: .85em; }
.target { color: #333; }
.msg { margin: 0 0 .3rem; }
.evidence { display: grid; grid-template-columns: max-content 1fr; gap: 0 .6rem; margin: .2rem 0; font-size: .9em; }
.evidence dt { font-weight: 600; }
.evidence dd { margin: 0; word-break: break-all; }
.fails, .note, .loc { margin: .2rem 0; }
.cmd { margin: .2rem 0 .5rem; border: 1px solid #ccc; border-radius: 4px; background: #f6f6f6; }
.cmd.irreversible { border: 2px solid var(--err); background: #fff4f4; }
.cmd-head { display: flex; gap: .5rem; align-items: center; padding: .15rem .4rem; font-size: .85em; }
.irrev { color: var(--err); }
td.fix { width: 34%; min-width: 18rem; }
.cmd pre { margin: 0; padding: .3rem .5rem; white-space: pre-wrap; overflow-wrap: anywhere; }
.cmd code, code { font-family: Consolas, "Cascadia Mono", Menlo, monospace; font-size: .9em; }
.copy, .filters { display: none; }
.js .copy { display: inline-block; margin-left: auto; }
.js .filters { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; margin: .5rem 0; }
@media print { .copy, .filters { display: none !important; } }
"#;

/// The page's only script (its hash is in the CSP): the filters and the Copy buttons.
const SCRIPT: &str = r#"
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var rule = document.getElementById("f-rule");
  var severity = document.getElementById("f-severity");
  var object = document.getElementById("f-object");
  var count = document.getElementById("f-count");
  var table = document.getElementById("findings");
  var rows = table ? Array.prototype.slice.call(table.querySelectorAll("tbody tr.finding")) : [];

  function matches(row, r, s, o) {
    var d = row.dataset;
    if (r && d.rule !== r) { return false; }
    if (s && d.severity !== s) { return false; }
    if (o) {
      var names = ((d.object || "") + "\n" + (d.target || "")).toLowerCase();
      if (names.indexOf(o) === -1) { return false; }
    }
    return true;
  }

  function apply() {
    var r = rule.value, s = severity.value, o = object.value.trim().toLowerCase(), shown = 0;
    rows.forEach(function (row) {
      var show = matches(row, r, s, o);
      row.hidden = !show;
      if (show) { shown += 1; }
    });
    count.textContent = shown + " of " + rows.length + " finding(s) shown";
  }

  if (rule && severity && object && count) {
    rule.addEventListener("change", apply);
    severity.addEventListener("change", apply);
    object.addEventListener("input", apply);
    apply();
  }

  function selectText(code) {
    var selection = window.getSelection();
    if (!selection) { return; }
    var range = document.createRange();
    range.selectNodeContents(code);
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function copy(button) {
    var box = button.closest(".cmd");
    var code = box ? box.querySelector("code") : null;
    if (!code) { return; }
    var fallback = function () {
      selectText(code);
      button.textContent = "Selected: press Ctrl+C";
    };
    try {
      if (window.isSecureContext && navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(code.textContent).then(function () {
          button.textContent = "Copied";
        }, fallback);
        return;
      }
    } catch (e) {
      // No clipboard here: select the text instead.
    }
    fallback();
  }

  Array.prototype.forEach.call(document.querySelectorAll("button.copy"), function (button) {
    button.addEventListener("click", function () { copy(button); });
  });
})();
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_covers_markup_and_quotes() {
        assert_eq!(
            escape(r#"<script>alert(1)</script>"#),
            "&lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(
            escape(r#""><img src=x onerror=alert(1)>"#),
            "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"
        );
        assert_eq!(escape("a & b 'c'"), "a &amp; b &#39;c&#39;");
        assert_eq!(escape("&amp;"), "&amp;amp;");
    }

    #[test]
    fn escape_makes_bidi_and_controls_visible() {
        assert_eq!(escape("a\u{202E}b\u{0}"), "a\\u{202e}b\\u{0}");
    }

    #[test]
    fn docs_base_only_for_absolute_http_urls() {
        let with = |url: &str| RenderOptions {
            docs_base_url: Some(url.to_string()),
            ..RenderOptions::default()
        };
        assert_eq!(
            with("https://example.org/rules/").docs_base().as_deref(),
            Some("https://example.org/rules/")
        );
        assert_eq!(with("HTTP://x/").docs_base().as_deref(), Some("HTTP://x/"));
        for bad in [
            "javascript:alert(1)//",
            "rules/",
            "file:///c:/rules/",
            "https://",
            "https:// x",
            "//example.org/",
        ] {
            assert_eq!(with(bad).docs_base(), None, "{bad}");
        }
        assert_eq!(RenderOptions::default().docs_base(), None);
    }

    #[test]
    fn csp_hashes_are_base64_sha256() {
        let h = csp_hash("");
        assert_eq!(h, "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
        let csp = content_security_policy();
        assert!(csp.starts_with("default-src 'none'; "));
        assert!(csp.contains(&csp_hash(STYLE)) && csp.contains(&csp_hash(SCRIPT)));
    }
}
