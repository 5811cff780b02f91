//! The configuration: `mbxlint.toml` (found in the snapshot folder or given with `--config`)
//! and the command-line flags, merged into one [`Config`]. Flags override the file.
//!
//! ```toml
//! select = ["ID", "PX"]            # rule codes or prefixes to run (default: all)
//! ignore = ["LI002"]               # rule codes or prefixes not to run
//! fail-on = "warning"              # exit 1 at or above this severity (default "error")
//! kind = "cross-tenant"            # default: detected from the exports
//! docs-url = "https://example.org/mbxlint/rules/"
//! target-delivery-domain = "fabrikam.onmicrosoft.com"
//! source-tenant-id = "…"
//! target-tenant-id = "…"
//! target-version = "15.2"          # offboarding: on-premises Exchange version moved to
//!
//! [severity]                       # per-rule severity overrides
//! LI001 = "warning"
//!
//! [thresholds]
//! quota-warning-percent = 90
//! batch-size-limit = 2000
//! ready-batch-size = 2000
//! max-export-age-days = 7          # IN002: exports older than this are reported
//!
//! [[per-object-ignores]]           # reason is mandatory; expires is optional
//! rule = "HD001"                   # code or prefix; omit for every rule
//! object = "alice@contoso.com"     # source or target object, or its ExchangeGuid
//! reason = "Litigation hold kept on purpose (ticket 4711)"
//! expires = 2027-01-31
//! ```

use crate::finding::Severity;
use crate::model::MigrationKind;
use crate::values::Guid;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The file name looked for in the snapshot folder.
pub const FILE_NAME: &str = "mbxlint.toml";

/// `mbxlint.toml`, as written.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FileConfig {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub select: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ignore: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fail_on: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub docs_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_delivery_domain: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_tenant_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_tenant_id: Option<String>,
    /// Offboarding: the on-premises Exchange version moved to, `major.minor` (e.g. "14.3").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_version: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub severity: BTreeMap<String, String>,
    #[serde(default)]
    pub thresholds: Thresholds,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub per_object_ignores: Vec<FileIgnore>,
}

/// `[thresholds]`.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Thresholds {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quota_warning_percent: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub batch_size_limit: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ready_batch_size: Option<usize>,
    /// Days after which an export (its `mbxlint collect` manifest time) is stale (IN002).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_export_age_days: Option<u32>,
}

/// One `[[per-object-ignores]]` entry, as written.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FileIgnore {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    pub object: String,
    pub reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires: Option<toml::Value>,
}

/// A per-object ignore, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObjectIgnore {
    /// Rule code or prefix; `None` for every rule.
    pub rule: Option<String>,
    /// Source or target object, or its stable id; compared without regard to case.
    pub object: String,
    pub reason: String,
    pub expires: Option<Date>,
}

impl ObjectIgnore {
    /// Whether this ignore covers a finding of `rule` about these objects.
    pub fn covers(&self, rule: &str, objects: &[Option<&str>]) -> bool {
        let rule_ok = self
            .rule
            .as_ref()
            .is_none_or(|p| crate::matches_prefix(rule, std::slice::from_ref(p)));
        rule_ok
            && objects
                .iter()
                .flatten()
                .any(|o| o.eq_ignore_ascii_case(self.object.trim()))
    }

    pub fn expired(&self, today: Date) -> bool {
        self.expires.is_some_and(|e| e < today)
    }
}

/// Command-line flags that override the file (`None` / empty: not given).
#[derive(Clone, Debug, Default)]
pub struct Flags {
    pub kind: Option<String>,
    pub fail_on: Option<Severity>,
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    pub target_delivery_domain: Option<String>,
    pub batch_size_limit: Option<usize>,
    pub quota_warning_percent: Option<u32>,
    pub source_tenant_id: Option<String>,
    pub target_tenant_id: Option<String>,
    pub docs_url: Option<String>,
    pub ready_batch_size: Option<usize>,
    pub target_version: Option<String>,
    pub max_export_age_days: Option<u32>,
}

/// The effective configuration.
#[derive(Clone, Debug)]
pub struct Config {
    /// The file read, if any.
    pub file: Option<PathBuf>,
    pub kind: Option<MigrationKind>,
    pub fail_on: Severity,
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    pub severity: BTreeMap<String, Severity>,
    pub rules: crate::rules::Options,
    pub docs_url: Option<String>,
    pub ready_batch_size: usize,
    pub object_ignores: Vec<ObjectIgnore>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            file: None,
            kind: None,
            fail_on: Severity::Error,
            select: Vec::new(),
            ignore: Vec::new(),
            severity: BTreeMap::new(),
            rules: crate::rules::Options::default(),
            docs_url: None,
            ready_batch_size: 2000,
            object_ignores: Vec::new(),
        }
    }
}

/// A configuration that cannot be used; the message names the file and the key.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ConfigError(pub String);

fn known_rule(code: &str) -> bool {
    crate::rules::REGISTRY
        .iter()
        .any(|r| r.meta.code.eq_ignore_ascii_case(code.trim()))
}

fn known_prefix(prefix: &str) -> bool {
    let p = prefix.trim().to_ascii_uppercase();
    !p.is_empty()
        && crate::rules::REGISTRY
            .iter()
            .any(|r| r.meta.code.starts_with(&p))
}

/// `14.3`, `15.2.1544.4` or `Version 15.2 (Build 1544.4)` → (major, minor).
fn parse_version(text: &str) -> Option<(u32, u32)> {
    let t = text.trim();
    let t = t.strip_prefix("Version").unwrap_or(t).trim();
    let mut parts = t.split(['.', ' ']);
    let major = parts.next()?.parse().ok()?;
    let minor = parts.next().map_or(Some(0), |m| m.parse().ok())?;
    Some((major, minor))
}

fn parse_date(value: &toml::Value) -> Option<Date> {
    let text = match value {
        toml::Value::String(s) => s.clone(),
        toml::Value::Datetime(d) => d.to_string(),
        _ => return None,
    };
    text.trim().get(..10)?.parse().ok()
}

impl Config {
    /// Finds and reads the configuration file (if any) and merges `flags` over it.
    /// `explicit` is `--config`; otherwise `mbxlint.toml` in `snapshot_dir` is read when present.
    pub fn load(
        explicit: Option<&Path>,
        snapshot_dir: Option<&Path>,
        flags: &Flags,
    ) -> Result<Config, ConfigError> {
        let path = match explicit {
            Some(p) => Some(p.to_path_buf()),
            None => snapshot_dir
                .map(|d| d.join(FILE_NAME))
                .filter(|p| p.is_file()),
        };
        let file = match &path {
            Some(p) => {
                let bytes = std::fs::read(p).map_err(|e| {
                    ConfigError(format!(
                        "cannot read the configuration {}: {e}",
                        p.display()
                    ))
                })?;
                let text = crate::import::encoding::decode_to_string(&bytes);
                FileConfig::parse(&text)
                    .map_err(|e| ConfigError(format!("{}: {e}", p.display())))?
            }
            None => FileConfig::default(),
        };
        let mut config = Config::merge(&file, flags).map_err(|e| match &path {
            Some(p) => ConfigError(format!("{}: {e}", p.display())),
            None => ConfigError(e),
        })?;
        config.file = path;
        Ok(config)
    }

    /// Merges flags over a parsed file; the error names the key.
    pub fn merge(file: &FileConfig, flags: &Flags) -> Result<Config, String> {
        let mut c = Config::default();
        let kind = flags.kind.as_ref().or(file.kind.as_ref());
        if let Some(k) = kind {
            c.kind = Some(MigrationKind::parse(k).ok_or_else(|| {
                format!("kind = {k:?}: use cross-tenant, onboarding or offboarding")
            })?);
        }
        if let Some(s) = flags.fail_on {
            c.fail_on = s;
        } else if let Some(s) = &file.fail_on {
            c.fail_on = Severity::parse(s)
                .ok_or_else(|| format!("fail-on = {s:?}: use error, warning or info"))?;
        }
        c.select = if flags.select.is_empty() {
            file.select.clone()
        } else {
            flags.select.clone()
        };
        c.ignore = if flags.ignore.is_empty() {
            file.ignore.clone()
        } else {
            flags.ignore.clone()
        };
        for (key, list) in [("select", &c.select), ("ignore", &c.ignore)] {
            if let Some(bad) = list.iter().find(|p| !known_prefix(p)) {
                return Err(format!(
                    "{key}: {bad:?} is no rule code or prefix (`mbxlint rules` lists them)"
                ));
            }
        }
        for (code, severity) in &file.severity {
            if !known_rule(code) {
                return Err(format!(
                    "[severity] {code}: no such rule (`mbxlint rules` lists them)"
                ));
            }
            let s = Severity::parse(severity).ok_or_else(|| {
                format!("[severity] {code} = {severity:?}: use error, warning or info")
            })?;
            c.severity.insert(code.trim().to_ascii_uppercase(), s);
        }
        c.rules.target_delivery_domain = flags
            .target_delivery_domain
            .clone()
            .or_else(|| file.target_delivery_domain.clone());
        if let Some(p) = flags
            .quota_warning_percent
            .or(file.thresholds.quota_warning_percent)
        {
            if !(1..=100).contains(&p) {
                return Err(format!(
                    "quota-warning-percent = {p}: use a percentage from 1 to 100"
                ));
            }
            c.rules.quota_warning_percent = p;
        }
        if let Some(n) = flags.batch_size_limit.or(file.thresholds.batch_size_limit) {
            if n == 0 {
                return Err("batch-size-limit = 0: use a positive number".into());
            }
            c.rules.batch_size_limit = n;
        }
        if let Some(d) = flags
            .max_export_age_days
            .or(file.thresholds.max_export_age_days)
        {
            c.rules.max_export_age_days = d;
        }
        if let Some(n) = flags.ready_batch_size.or(file.thresholds.ready_batch_size) {
            if n == 0 {
                return Err("ready-batch-size = 0: use a positive number".into());
            }
            c.ready_batch_size = n;
        }
        for (key, flag, value, slot) in [
            (
                "source-tenant-id",
                &flags.source_tenant_id,
                &file.source_tenant_id,
                &mut c.rules.source_tenant_id,
            ),
            (
                "target-tenant-id",
                &flags.target_tenant_id,
                &file.target_tenant_id,
                &mut c.rules.target_tenant_id,
            ),
        ] {
            if let Some(text) = flag.as_ref().or(value.as_ref()) {
                *slot = Some(Guid::parse(text).map_err(|_| {
                    format!(
                        "{key} = {text:?}: use the tenant ID, a GUID (Get-ConnectionInformation | Select TenantID), not a domain name"
                    )
                })?);
            }
        }
        c.docs_url = flags.docs_url.clone().or_else(|| file.docs_url.clone());
        if let Some(v) = flags
            .target_version
            .as_ref()
            .or(file.target_version.as_ref())
        {
            c.rules.target_version = Some(parse_version(v).ok_or_else(|| {
                format!("target-version = {v:?}: use major.minor, e.g. 14.3 for Exchange 2010 SP3 or 15.2 for Exchange 2019")
            })?);
        }
        for (i, ig) in file.per_object_ignores.iter().enumerate() {
            let at = format!("[[per-object-ignores]] #{} (object {:?})", i + 1, ig.object);
            let reason = ig.reason.as_deref().map(str::trim).unwrap_or("");
            if reason.is_empty() {
                return Err(format!(
                    "{at}: reason is mandatory; say why this finding is accepted"
                ));
            }
            if ig.object.trim().is_empty() {
                return Err(format!("{at}: object is empty"));
            }
            if let Some(r) = &ig.rule
                && !known_prefix(r)
            {
                return Err(format!("{at}: rule {r:?} is no rule code or prefix"));
            }
            let expires = match &ig.expires {
                None => None,
                Some(v) => Some(parse_date(v).ok_or_else(|| {
                    format!("{at}: expires takes a date like 2027-01-31, not {v}")
                })?),
            };
            c.object_ignores.push(ObjectIgnore {
                rule: ig.rule.clone(),
                object: ig.object.clone(),
                reason: reason.to_string(),
                expires,
            });
        }
        Ok(c)
    }

    /// The settings `check` takes.
    pub fn check_options(&self) -> crate::CheckOptions {
        crate::CheckOptions {
            kind: self.kind,
            rules: self.rules.clone(),
            select: self.select.clone(),
            ignore: self.ignore.clone(),
            severity: self.severity.clone(),
            object_ignores: self.object_ignores.clone(),
            baseline: None,
            today: None,
        }
    }

    /// The effective configuration as a `mbxlint.toml` that would give it.
    pub fn to_toml(&self) -> String {
        let file = FileConfig {
            select: self.select.clone(),
            ignore: self.ignore.clone(),
            fail_on: Some(self.fail_on.as_str().to_string()),
            kind: self.kind.map(|k| k.as_str().to_string()),
            docs_url: self.docs_url.clone(),
            target_delivery_domain: self.rules.target_delivery_domain.clone(),
            source_tenant_id: self.rules.source_tenant_id.map(|g| g.to_string()),
            target_tenant_id: self.rules.target_tenant_id.map(|g| g.to_string()),
            target_version: self.rules.target_version.map(|(a, b)| format!("{a}.{b}")),
            severity: self
                .severity
                .iter()
                .map(|(k, v)| (k.clone(), v.as_str().to_string()))
                .collect(),
            thresholds: Thresholds {
                quota_warning_percent: Some(self.rules.quota_warning_percent),
                batch_size_limit: Some(self.rules.batch_size_limit),
                ready_batch_size: Some(self.ready_batch_size),
                max_export_age_days: Some(self.rules.max_export_age_days),
            },
            per_object_ignores: self
                .object_ignores
                .iter()
                .map(|i| FileIgnore {
                    rule: i.rule.clone(),
                    object: i.object.clone(),
                    reason: Some(i.reason.clone()),
                    expires: i.expires.map(|d| toml::Value::String(d.to_string())),
                })
                .collect(),
        };
        let mut out = match &self.file {
            Some(p) => format!("# effective configuration: {} and flags\n", p.display()),
            None => "# effective configuration: defaults and flags (no mbxlint.toml)\n".into(),
        };
        out.push_str(&toml::to_string(&file).unwrap_or_default());
        out
    }
}

impl FileConfig {
    /// Parses `mbxlint.toml`; the error says where and what.
    pub fn parse(text: &str) -> Result<FileConfig, String> {
        toml::from_str(text).map_err(|e| e.to_string().trim_end().to_string())
    }
}
