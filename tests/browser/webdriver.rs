//! A minimal WebDriver client for the browser tests: starts chromedriver, opens one headless
//! Chromium session with a fresh profile and the flags an offline machine needs, and speaks the
//! W3C WebDriver HTTP API through `ureq` (plain HTTP to 127.0.0.1 only).
//!
//! Paths: `MBXLINT_CHROMIUM` and `MBXLINT_CHROMEDRIVER`, else `/usr/bin/chromium` and
//! `/usr/bin/chromedriver` (Debian's `chromium` and `chromium-driver` packages).
#![allow(dead_code)]

use serde_json::{Value, json};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

/// The W3C key of an element reference.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// Without these, Chromium on a machine with no network hangs on connection attempts.
const CHROMIUM_FLAGS: [&str; 10] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1400,1000",
];

/// A WebDriver error: its `error` code and message.
#[derive(Debug)]
pub struct WdError {
    pub error: String,
    pub message: String,
}

/// One browser session; closed, and chromedriver stopped, on drop.
pub struct Browser {
    driver: Child,
    base: String,
    session: String,
    agent: ureq::Agent,
    _profile: tempfile::TempDir,
}

fn path_from_env(var: &str, default: &str) -> String {
    std::env::var(var).unwrap_or_else(|_| default.to_string())
}

fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    listener.local_addr().expect("its address").port()
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .into()
}

/// The `file://` URL of a local file.
pub fn file_url(path: &Path) -> String {
    let path = path.canonicalize().expect("the page exists");
    let text = path.to_string_lossy().replace('\\', "/");
    let text = text
        .strip_prefix("//?/")
        .unwrap_or(&text)
        .replace(' ', "%20");
    if text.starts_with('/') {
        format!("file://{text}")
    } else {
        format!("file:///{text}")
    }
}

impl Browser {
    /// Starts chromedriver and a headless Chromium session.
    pub fn start() -> Browser {
        let chromium = path_from_env("MBXLINT_CHROMIUM", "/usr/bin/chromium");
        let chromedriver = path_from_env("MBXLINT_CHROMEDRIVER", "/usr/bin/chromedriver");
        let port = free_port();
        let driver = Command::new(&chromedriver)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {chromedriver}: {e}"));
        let profile = tempfile::tempdir().expect("a profile folder");
        let mut browser = Browser {
            driver,
            base: format!("http://127.0.0.1:{port}"),
            session: String::new(),
            agent: agent(),
            _profile: profile,
        };
        browser.wait_ready();
        browser.session = browser.new_session(&chromium);
        browser
    }

    fn wait_ready(&self) {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let ready = self
                .agent
                .get(format!("{}/status", self.base))
                .call()
                .ok()
                .and_then(|r| r.into_body().read_json::<Value>().ok())
                .is_some_and(|v| v["value"]["ready"] == json!(true));
            if ready {
                return;
            }
            assert!(Instant::now() < deadline, "chromedriver did not start");
            sleep(Duration::from_millis(100));
        }
    }

    fn new_session(&self, chromium: &str) -> String {
        let mut args: Vec<String> = CHROMIUM_FLAGS.iter().map(|s| s.to_string()).collect();
        args.push(format!(
            "--user-data-dir={}",
            self._profile.path().display()
        ));
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": chromium, "args": args},
            "goog:loggingPrefs": {"browser": "ALL"},
            // An alert must stay open, so that the test sees it.
            "unhandledPromptBehavior": "ignore",
        }}});
        let value = self
            .request("POST", "/session", Some(caps))
            .expect("a session");
        value["sessionId"]
            .as_str()
            .expect("a session id")
            .to_string()
    }

    /// One WebDriver call; `path` is absolute (`/session`) or relative to the session (`url`).
    pub fn request(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, WdError> {
        let url = if path.starts_with('/') {
            format!("{}{path}", self.base)
        } else if path.is_empty() {
            format!("{}/session/{}", self.base, self.session)
        } else {
            format!("{}/session/{}/{path}", self.base, self.session)
        };
        let response = match method {
            "GET" => self.agent.get(&url).call(),
            "DELETE" => self.agent.delete(&url).call(),
            _ => self.agent.post(&url).send_json(body.unwrap_or(json!({}))),
        };
        let mut reply: Value = response
            .and_then(|r| r.into_body().read_json())
            .map_err(|e| WdError {
                error: "http".into(),
                message: e.to_string(),
            })?;
        let value = reply["value"].take();
        match value.get("error").and_then(Value::as_str) {
            Some(error) => Err(WdError {
                error: error.to_string(),
                message: value["message"].as_str().unwrap_or("").to_string(),
            }),
            None => Ok(value),
        }
    }

    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        self.request(method, path, body)
            .unwrap_or_else(|e| panic!("{method} {path}: {}: {}", e.error, e.message))
    }

    pub fn goto(&self, url: &str) {
        self.call("POST", "url", Some(json!({ "url": url })));
    }

    /// Runs `script` (a function body; `arguments` are `args`) and returns its value.
    pub fn execute(&self, script: &str, args: Value) -> Value {
        self.call(
            "POST",
            "execute/sync",
            Some(json!({ "script": script, "args": args })),
        )
    }

    /// The element `css` selects (the first).
    pub fn find(&self, css: &str) -> String {
        let found = self.call(
            "POST",
            "element",
            Some(json!({"using": "css selector", "value": css})),
        );
        found[ELEMENT]
            .as_str()
            .unwrap_or_else(|| panic!("no element id in {found}"))
            .to_string()
    }

    pub fn click(&self, css: &str) {
        let id = self.find(css);
        self.call("POST", &format!("element/{id}/click"), Some(json!({})));
    }

    pub fn type_into(&self, css: &str, text: &str) {
        let id = self.find(css);
        self.call(
            "POST",
            &format!("element/{id}/value"),
            Some(json!({ "text": text })),
        );
    }

    pub fn clear(&self, css: &str) {
        let id = self.find(css);
        self.call("POST", &format!("element/{id}/clear"), Some(json!({})));
    }

    /// The text of an open alert, confirm or prompt, if one is open.
    pub fn open_dialog(&self) -> Option<String> {
        match self.request("GET", "alert/text", None) {
            Ok(text) => Some(text.as_str().unwrap_or("").to_string()),
            Err(e) if e.error == "no such alert" => None,
            Err(e) => panic!("alert/text: {}: {}", e.error, e.message),
        }
    }

    /// The browser console entries since the last call: (level, message).
    pub fn console(&self) -> Vec<(String, String)> {
        let entries = self.call("POST", "se/log", Some(json!({"type": "browser"})));
        entries
            .as_array()
            .map(|entries| {
                entries
                    .iter()
                    .map(|e| {
                        let text = |k: &str| e[k].as_str().unwrap_or("").to_string();
                        (text("level"), text("message"))
                    })
                    .collect()
            })
            .unwrap_or_default()
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = self.request("DELETE", "", None);
        }
        // Only the chromedriver this test started (and, through the session, its browser).
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}
