//! `--format sarif`: the samples' logs are valid SARIF 2.1.0 (checked offline against the
//! official schema in tests/schemas/), byte-identical run to run, and carry what code scanning
//! needs: rules with help, levels, URIs that stay valid for any file name, fingerprints, fix
//! commands in properties and suppressed findings as suppressed results.

mod common;

use mbxlint::Report;
use mbxlint::finding::{Finding, Location, Scope, Severity};
use mbxlint::report::sarif::{self, artifact_uri};
use mbxlint::report::{RenderOptions, Suppressed, SuppressedBy};
use serde_json::Value;

fn sarif_text(report: &Report, options: &RenderOptions) -> String {
    let mut out = Vec::new();
    sarif::write(report, options, &mut out).expect("sarif writes");
    String::from_utf8(out).expect("sarif is UTF-8")
}

fn sarif_json(report: &Report, options: &RenderOptions) -> Value {
    serde_json::from_str(&sarif_text(report, options)).expect("sarif is JSON")
}

/// Validates against the official SARIF 2.1.0 schema.
fn assert_valid(log: &Value) {
    let errors: Vec<String> = validator()
        .iter_errors(log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "SARIF schema errors: {errors:#?}");
}

/// The SARIF schema's language pattern, as the official file has it.
const LANGUAGE_PATTERN: &str = "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$";

/// The official schema, as shipped, with one fix made in memory: its `language` pattern
/// (`run.language`, `toolComponent.language`) has a stray `]`. ECMA-262 (non-unicode) reads it
/// as a literal `]`, but the crate checks every schema against the draft-07 meta-schema with a
/// strict regex parser and refuses to compile it. Escaping it (`\\]`) keeps the meaning.
fn official_schema() -> Value {
    let mut schema: Value = serde_json::from_str(include_str!("schemas/sarif-schema-2.1.0.json"))
        .expect("schema is JSON");
    let fixed = escape_stray_bracket(&mut schema);
    assert_eq!(fixed, 2, "the official schema has the pattern twice");
    schema
}

/// Escapes the stray `]` of every `pattern` equal to [`LANGUAGE_PATTERN`]; returns how many.
fn escape_stray_bracket(v: &mut Value) -> usize {
    match v {
        Value::Object(map) => map
            .iter_mut()
            .map(|(k, v)| {
                if k == "pattern" && v == LANGUAGE_PATTERN {
                    *v = Value::from(LANGUAGE_PATTERN.replace("}]?", "}\\]?"));
                    1
                } else {
                    escape_stray_bracket(v)
                }
            })
            .sum(),
        Value::Array(items) => items.iter_mut().map(escape_stray_bracket).sum(),
        _ => 0,
    }
}

/// A validator of the official schema, formats (`uri`, `uri-reference`, `date-time`) included.
/// The schema only refers to itself and the crate is built without remote fetching (and told
/// to stay offline), so this never touches the network.
fn validator() -> jsonschema::Validator {
    jsonschema::options()
        .should_validate_formats(true)
        .offline()
        .build(&official_schema())
        .expect("schema compiles")
}

fn results(log: &Value) -> &Vec<Value> {
    log["runs"][0]["results"].as_array().expect("results")
}

/// A report with one hostile finding: a file name with a space, `#`, `%`, `:` and non-ASCII,
/// and a message and objects full of markup and control characters.
fn hostile_report() -> Report {
    let mut report = common::sample_report();
    let f = Finding::new(
        "ID001",
        Severity::Error,
        Scope::Pair,
        "evil <b>&\"]]>\u{1}\u{1b}[31m\n::error::injected".to_string(),
    )
    .at(Location {
        file: "source\\Mäilbox exports #1\\50% done:now.json".to_string(),
        record: Some(3),
        line: Some(12),
    })
    .fails_with("MissingExchangeGuidException")
    .seal();
    let mut f = f;
    f.source_object = Some("Zoë <x>&\u{1}@contoso.com".to_string());
    f.target_object = Some("a/b\u{202e}@fabrikam.com".to_string());
    report.findings.push(f);
    report
}

#[test]
fn sarif_sample_snapshot() {
    let text = sarif_text(&common::sample_report(), &RenderOptions::default());
    in_snapshots!({
        insta::assert_snapshot!("report_sarif_cross_tenant", text);
    });
}

#[test]
fn sarif_org_sample_snapshot() {
    let text = sarif_text(&common::org_sample_report(), &RenderOptions::default());
    in_snapshots!({
        insta::assert_snapshot!("report_sarif_cross_tenant_org", text);
    });
}

#[test]
fn sarif_samples_are_valid_sarif_2_1_0() {
    let with_docs = RenderOptions {
        docs_base_url: Some("https://example.com/mbxlint/rules".to_string()),
        ..Default::default()
    };
    for report in [common::sample_report(), common::org_sample_report()] {
        assert_valid(&sarif_json(&report, &RenderOptions::default()));
        assert_valid(&sarif_json(&report, &with_docs));
    }
    assert_valid(&sarif_json(&hostile_report(), &with_docs));
}

#[test]
fn schema_check_rejects_an_invalid_log() {
    // The validation must be able to fail: a result level SARIF does not know.
    let mut log = sarif_json(&common::sample_report(), &RenderOptions::default());
    log["runs"][0]["results"][0]["level"] = Value::from("fatal");
    assert!(!validator().is_valid(&log));
    // And formats are checked: a URI reference with a raw space is refused.
    let mut log = sarif_json(&common::sample_report(), &RenderOptions::default());
    log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] =
        Value::from("my exports/a b.json");
    assert!(!validator().is_valid(&log));
}

#[test]
fn sarif_is_deterministic() {
    let report = common::org_sample_report();
    let a = sarif_text(&report, &RenderOptions::default());
    let b = sarif_text(&common::org_sample_report(), &RenderOptions::default());
    assert_eq!(a, b);
}

#[test]
fn sarif_lists_every_rule_with_help_and_level() {
    let log = sarif_json(&common::sample_report(), &RenderOptions::default());
    let driver = &log["runs"][0]["tool"]["driver"];
    assert_eq!(driver["name"], "mbxlint");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    assert!(driver.get("informationUri").is_none());
    let rules = driver["rules"].as_array().unwrap();
    assert_eq!(rules.len(), mbxlint::rules::REGISTRY.len());
    for (i, r) in mbxlint::rules::REGISTRY.iter().enumerate() {
        assert_eq!(rules[i]["id"], r.meta.code);
        assert_eq!(rules[i]["name"], r.meta.name);
        assert_eq!(rules[i]["shortDescription"]["text"], r.meta.summary);
        let doc = mbxlint::rules::doc(r.meta.code).unwrap();
        assert_eq!(rules[i]["help"]["markdown"], doc);
        assert!(rules[i].get("helpUri").is_none());
    }
    let id001 = rules.iter().find(|r| r["id"] == "ID001").unwrap();
    assert_eq!(id001["defaultConfiguration"]["level"], "error");
    assert!(
        id001["fullDescription"]["text"]
            .as_str()
            .unwrap()
            .contains("ExchangeGuid")
    );
}

#[test]
fn sarif_help_uri_only_for_absolute_http_base() {
    let uri_of = |base: &str| {
        let options = RenderOptions {
            docs_base_url: Some(base.to_string()),
            ..Default::default()
        };
        let log = sarif_json(&common::sample_report(), &options);
        log["runs"][0]["tool"]["driver"]["rules"][0]
            .get("helpUri")
            .cloned()
    };
    let first = mbxlint::rules::REGISTRY[0].meta.code;
    let want = Some(Value::from(format!("https://x.test/rules/{first}.md")));
    assert_eq!(uri_of("https://x.test/rules"), want);
    assert_eq!(uri_of("https://x.test/rules/"), want);
    assert_eq!(uri_of("https://x.test/rules//"), want);
    assert!(uri_of("http://x.test/").is_some());
    assert_eq!(uri_of("docs/rules/"), None);
    assert_eq!(uri_of("file:///srv/rules/"), None);
    assert_eq!(uri_of("https://"), None);
    assert_eq!(uri_of("https://x.test/my rules/"), None);
    assert_eq!(uri_of("https://x.test/\"a/"), None);
    assert_eq!(uri_of("https://x.test/50%zz/"), None);
    assert_eq!(uri_of("https://x.test/?page="), None);
    assert_eq!(
        uri_of("https://x.test/my%20rules"),
        Some(Value::from(format!("https://x.test/my%20rules/{first}.md")))
    );
}

#[test]
fn sarif_results_map_findings() {
    let report = common::sample_report();
    let log = sarif_json(&report, &RenderOptions::default());
    let results = results(&log);
    assert_eq!(results.len(), report.findings.len());
    let (i, f) = report
        .findings
        .iter()
        .enumerate()
        .find(|(_, f)| f.rule == "ID001" && f.fails_with.is_some())
        .expect("an ID001 finding");
    let r = &results[i];
    assert_eq!(r["ruleId"], "ID001");
    let index = r["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(mbxlint::rules::REGISTRY[index].meta.code, "ID001");
    assert_eq!(r["level"], "error");
    let text = r["message"]["text"].as_str().unwrap();
    assert!(text.starts_with(&f.message));
    assert!(text.contains("fails with MissingExchangeGuidException"));
    assert_eq!(
        r["partialFingerprints"]["mbxlintFingerprint/v1"],
        f.fingerprint.as_str()
    );
    // Fix commands are properties, never SARIF `fixes` (file edits).
    assert!(r.get("fixes").is_none());
    let fix = &r["properties"]["remediation"][0];
    assert_eq!(fix["command"], f.remediation[0].command.as_str());
    assert_eq!(fix["side"], "target");
    assert!(fix["irreversible"].is_boolean());
    // Where: the export file and record, and the directory objects.
    let loc = &r["locations"][0];
    let file = &f.locations[0];
    assert_eq!(
        loc["physicalLocation"]["artifactLocation"]["uri"],
        file.file.as_str()
    );
    assert_eq!(loc["properties"]["record"], file.record.unwrap());
    let logical = loc["logicalLocations"].as_array().unwrap();
    assert_eq!(logical[0]["name"], f.source_object.as_deref().unwrap());
    assert_eq!(logical[0]["kind"], "object");
    assert_eq!(
        logical[0]["fullyQualifiedName"],
        format!("source/{}", f.source_object.as_deref().unwrap())
    );
    assert_eq!(logical[1]["name"], f.target_object.as_deref().unwrap());
    // Severity levels map to SARIF levels.
    for (r, f) in results.iter().zip(&report.findings) {
        let want = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "note",
        };
        assert_eq!(r["level"], want, "{}", f.rule);
    }
}

#[test]
fn sarif_start_line_only_when_known() {
    let log = sarif_json(&hostile_report(), &RenderOptions::default());
    let last = results(&log).last().unwrap();
    assert_eq!(
        last["locations"][0]["physicalLocation"]["region"]["startLine"],
        12
    );
    let report = common::sample_report();
    let log = sarif_json(&report, &RenderOptions::default());
    for (r, f) in results(&log).iter().zip(&report.findings) {
        let region = &r["locations"][0]["physicalLocation"]["region"];
        match f.locations.first().and_then(|l| l.line) {
            Some(n) => assert_eq!(region["startLine"], n),
            None => assert!(region.is_null()),
        }
    }
}

#[test]
fn sarif_suppressed_findings_are_suppressed_results() {
    let mut report = common::sample_report();
    let f1 = report.findings.remove(0);
    let f2 = report.findings.remove(0);
    let f3 = report.findings.remove(0);
    report.suppressed.push(Suppressed {
        by: SuppressedBy::Config {
            reason: "migrated by hand, ticket 42".to_string(),
        },
        finding: f1.clone(),
    });
    report.suppressed.push(Suppressed {
        by: SuppressedBy::Baseline,
        finding: f2.clone(),
    });
    report.suppressed.push(Suppressed {
        by: SuppressedBy::Config {
            reason: " ".to_string(),
        },
        finding: f3.clone(),
    });
    let log = sarif_json(&report, &RenderOptions::default());
    assert_valid(&log);
    let results = results(&log);
    assert_eq!(results.len(), report.findings.len() + 3);
    let unsuppressed = results
        .iter()
        .filter(|r| r.get("suppressions").is_none())
        .count();
    assert_eq!(unsuppressed, report.findings.len());
    let by_print = |fp: &str| {
        results
            .iter()
            .find(|r| r["partialFingerprints"]["mbxlintFingerprint/v1"] == fp)
            .unwrap()
    };
    let s1 = &by_print(&f1.fingerprint)["suppressions"][0];
    assert_eq!(s1["kind"], "external");
    assert_eq!(s1["justification"], "migrated by hand, ticket 42");
    let s2 = &by_print(&f2.fingerprint)["suppressions"][0];
    assert_eq!(s2["kind"], "external");
    assert_eq!(s2["justification"], "accepted in the baseline");
    let s3 = &by_print(&f3.fingerprint)["suppressions"][0];
    assert_eq!(s3["justification"], "ignored in the configuration");
}

#[test]
fn sarif_artifact_uris_are_valid_uri_references() {
    assert_eq!(
        artifact_uri("source/mailboxes.json"),
        "source/mailboxes.json"
    );
    assert_eq!(
        artifact_uri("source\\mailboxes.json"),
        "source/mailboxes.json"
    );
    assert_eq!(
        artifact_uri("my exports/Zoë 100%.json"),
        "my%20exports/Zo%C3%AB%20100%25.json"
    );
    // A colon in the first segment must not read as a scheme; `#` and `?` are not fragments.
    assert_eq!(artifact_uri("c:d#e?.json"), "c%3Ad%23e%3F.json");
    assert_eq!(
        artifact_uri("C:\\Exports\\Wave 1\\a.csv"),
        "file:///C:/Exports/Wave%201/a.csv"
    );
    assert_eq!(artifact_uri("/srv/exp/a.csv"), "file:///srv/exp/a.csv");
    assert_eq!(
        artifact_uri("\\\\server\\share\\a.csv"),
        "file://server/share/a.csv"
    );
}

#[test]
fn sarif_hostile_values_stay_data() {
    let log = sarif_json(&hostile_report(), &RenderOptions::default());
    let last = results(&log).last().unwrap();
    assert_eq!(
        last["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "source/M%C3%A4ilbox%20exports%20%231/50%25%20done%3Anow.json"
    );
    // JSON escaping keeps the text as it is, control characters included.
    let text = last["message"]["text"].as_str().unwrap();
    assert!(text.starts_with("evil <b>&\"]]>\u{1}\u{1b}[31m\n::error::injected"));
    assert_eq!(
        last["locations"][0]["logicalLocations"][0]["name"],
        "Zoë <x>&\u{1}@contoso.com"
    );
}

#[test]
fn sarif_invocation_notes_rules_that_could_not_run_and_policy_notes() {
    let mut report = common::org_sample_report();
    report.policy.push(mbxlint::report::PolicyNote {
        kind: "expired-ignore",
        message: "the ignore of ID001 for a@b expired on 2026-01-01".to_string(),
    });
    let log = sarif_json(&report, &RenderOptions::default());
    assert_valid(&log);
    let invocation = &log["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], true);
    let skipped: Vec<&str> = report
        .summary
        .rules
        .iter()
        .filter(|s| !s.evaluated)
        .map(|s| s.rule)
        .collect();
    assert!(skipped.contains(&"AR004"));
    let notes = invocation["toolExecutionNotifications"].as_array().unwrap();
    assert_eq!(notes.len(), skipped.len());
    let ar004 = notes
        .iter()
        .find(|n| n["associatedRule"]["id"] == "AR004")
        .unwrap();
    assert!(
        ar004["message"]["text"]
            .as_str()
            .unwrap()
            .starts_with("AR004 could not run: needs")
    );
    let config = &invocation["toolConfigurationNotifications"][0];
    assert_eq!(config["descriptor"]["id"], "expired-ignore");
    assert_eq!(config["level"], "warning");
}
