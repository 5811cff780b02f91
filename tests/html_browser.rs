//! The HTML report in headless Chromium: hostile export values show as text and run nothing,
//! the page logs no console error (a CSP violation would), the filters hide what they should,
//! and Copy works or falls back without an error.
//!
//! Ignored by default (it needs Chromium and chromedriver); `.ci/run` installs them and runs
//! `cargo test --test html_browser -- --ignored`.

mod common;
#[path = "browser/hostile.rs"]
mod hostile;
#[path = "browser/webdriver.rs"]
mod webdriver;

use mbxlint::report::{RenderOptions, html};
use serde_json::{Value, json};
use webdriver::Browser;

/// A finding row as the page shows it: (rule, severity, object, target).
type Row = (String, String, String, String);

/// The page of the hostile sample, loaded in a new browser; returns the browser, the hostile
/// rule and the folder holding the page.
fn open_hostile_page() -> (Browser, &'static str, tempfile::TempDir) {
    let mut report = common::sample_report();
    let rule = hostile::make_hostile(&mut report);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.html");
    let mut out = Vec::new();
    html::write(&report, &RenderOptions::default(), &mut out).unwrap();
    std::fs::write(&path, out).unwrap();
    let browser = Browser::start();
    browser.goto(&webdriver::file_url(&path));
    (browser, rule, dir)
}

/// Fails on any console error (script errors and CSP violations are logged as SEVERE).
fn assert_no_console_errors(browser: &Browser) {
    let errors: Vec<_> = browser
        .console()
        .into_iter()
        .filter(|(level, _)| level == "SEVERE")
        .collect();
    assert!(errors.is_empty(), "console errors: {errors:?}");
}

/// Proves the console is really collected, so that "no errors" means something.
fn assert_console_is_collected(browser: &Browser) {
    browser.execute("console.error('mbxlint-probe');", json!([]));
    let seen = browser
        .console()
        .into_iter()
        .any(|(level, message)| level == "SEVERE" && message.contains("mbxlint-probe"));
    assert!(seen, "the console log is not collected");
}

/// Proves the CSP is in force: markup injected after load (as a missed escape would be) may
/// not load an image nor run an inline script, and the browser reports the violation.
fn assert_csp_blocks_injected_content(browser: &Browser) {
    browser.execute(
        "window.mbxlintInjected = false;\
         document.body.insertAdjacentHTML('beforeend', '<img id=\"probe\" src=\"probe.png\">');\
         var s = document.createElement('script');\
         s.textContent = 'window.mbxlintInjected = true;';\
         document.body.appendChild(s);",
        json!([]),
    );
    std::thread::sleep(std::time::Duration::from_millis(300));
    let ran = browser.execute("return window.mbxlintInjected;", json!([]));
    assert_eq!(ran, json!(false), "an injected inline script ran");
    let violations = browser
        .console()
        .into_iter()
        .filter(|(level, message)| level == "SEVERE" && message.contains("Content Security Policy"))
        .count();
    assert!(violations >= 2, "CSP violations not reported");
}

fn visible_rows(browser: &Browser) -> Vec<Row> {
    let rows = browser.execute(
        "return Array.from(document.querySelectorAll('#findings tbody tr.finding'))\
           .filter(function (r) { return r.getClientRects().length > 0; })\
           .map(function (r) { var d = r.dataset; \
             return [d.rule, d.severity, d.object || '', d.target || '']; });",
        json!([]),
    );
    let text = |v: &Value| v.as_str().unwrap_or("").to_string();
    rows.as_array()
        .unwrap()
        .iter()
        .map(|r| (text(&r[0]), text(&r[1]), text(&r[2]), text(&r[3])))
        .collect()
}

fn total_rows(browser: &Browser) -> usize {
    let n = browser.execute(
        "return document.querySelectorAll('#findings tbody tr.finding').length;",
        json!([]),
    );
    n.as_u64().unwrap() as usize
}

#[test]
#[ignore = "needs chromium; .ci/run installs it and runs them"]
fn hostile_values_show_as_text_and_run_nothing() {
    let (browser, _, _dir) = open_hostile_page();
    assert_eq!(browser.open_dialog(), None, "an alert opened");
    let shown = browser.execute(
        "var has = function (sel, text) { return Array.from(document.querySelectorAll(sel))\
           .some(function (e) { return e.textContent === text; }); };\
         return [has('#findings .source', arguments[0]), has('#findings .msg', arguments[1]),\
                 has('#findings pre code', arguments[2])];",
        json!([hostile::NAME, hostile::MESSAGE, hostile::COMMAND]),
    );
    assert_eq!(shown, json!([true, true, true]), "hostile values as text");
    let injected = browser.execute(
        "return [document.querySelectorAll('img').length, document.scripts.length,\
                 document.querySelectorAll('[onerror]').length];",
        json!([]),
    );
    assert_eq!(injected, json!([0, 1, 0]), "injected elements");
    let marked = browser.execute(
        "return document.querySelectorAll('.cmd.irreversible .irrev').length;",
        json!([]),
    );
    assert!(marked.as_u64().unwrap() >= 1, "irreversible command marked");
    // The page's own script ran (its CSP hash matched).
    let ran = browser.execute(
        "return document.documentElement.classList.contains('js');",
        json!([]),
    );
    assert_eq!(ran, json!(true), "the page's script did not run");
    assert_no_console_errors(&browser);
    assert_console_is_collected(&browser);
    assert_csp_blocks_injected_content(&browser);
}

#[test]
#[ignore = "needs chromium; .ci/run installs it and runs them"]
fn filters_show_only_matching_rows() {
    let (browser, rule, _dir) = open_hostile_page();
    let total = total_rows(&browser);
    assert_eq!(visible_rows(&browser).len(), total);

    browser.click(&format!("#f-rule option[value='{rule}']"));
    let rows = visible_rows(&browser);
    assert!(!rows.is_empty() && rows.len() < total, "{rows:?}");
    assert!(rows.iter().all(|r| r.0 == rule), "{rows:?}");
    browser.click("#f-rule option[value='']");
    assert_eq!(visible_rows(&browser).len(), total);

    browser.click("#f-severity option[value='warning']");
    let rows = visible_rows(&browser);
    assert!(!rows.is_empty() && rows.len() < total, "{rows:?}");
    assert!(rows.iter().all(|r| r.1 == "warning"), "{rows:?}");
    browser.click("#f-severity option[value='']");

    browser.type_into("#f-object", "isaiah");
    let rows = visible_rows(&browser);
    assert!(!rows.is_empty() && rows.len() < total, "{rows:?}");
    assert!(
        rows.iter().all(|r| format!("{}\n{}", r.2, r.3)
            .to_lowercase()
            .contains("isaiah")),
        "{rows:?}"
    );
    browser.clear("#f-object");
    browser.type_into("#f-object", "<script>");
    let rows = visible_rows(&browser);
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0].2, hostile::NAME);
    assert_no_console_errors(&browser);
}

#[test]
#[ignore = "needs chromium; .ci/run installs it and runs them"]
fn copy_copies_or_selects_without_error() {
    let (browser, _, _dir) = open_hostile_page();
    browser.click("button.copy");
    // The clipboard answers asynchronously: wait for the label to change.
    let mut label = String::from("Copy");
    for _ in 0..50 {
        label = browser
            .execute(
                "return document.querySelector('button.copy').textContent;",
                json!([]),
            )
            .as_str()
            .unwrap_or("")
            .to_string();
        if label != "Copy" {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert!(
        label == "Copied" || label == "Selected: press Ctrl+C",
        "button says {label:?}"
    );
    assert_selected_is_first_command(&browser, &label);
    assert_eq!(browser.open_dialog(), None);
    assert_no_console_errors(&browser);

    // Where the page may not use the clipboard, the command is selected instead.
    browser.execute(
        "Object.defineProperty(navigator, 'clipboard', { value: undefined });",
        json!([]),
    );
    browser.click("button.copy");
    let label = browser.execute(
        "return document.querySelector('button.copy').textContent;",
        json!([]),
    );
    assert_eq!(label, json!("Selected: press Ctrl+C"));
    assert_selected_is_first_command(&browser, "Selected: press Ctrl+C");
    assert_no_console_errors(&browser);
}

fn assert_selected_is_first_command(browser: &Browser, label: &str) {
    if label != "Copied" {
        let selected = browser.execute("return String(window.getSelection());", json!([]));
        let first = browser.execute(
            "return document.querySelector('.cmd pre code').textContent;",
            json!([]),
        );
        assert_eq!(selected, first, "the command is selected");
    }
}
