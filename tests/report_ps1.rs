//! `--format ps1`: the remediation script. Hostile export values must come out as exactly one
//! string argument each, and never as code through a comment; checked with a small PowerShell
//! tokenizer (below) that follows the PowerShell grammar for what the script uses.

mod common;

use mbxlint::Report;
use mbxlint::finding::{Finding, FixSide, Scope, Severity};
use mbxlint::powershell::{Cmd, quote};
use mbxlint::report::{Format, RenderOptions, render};

#[path = "support/pstoken.rs"]
mod ps;

use ps::Tok;

fn word(w: &str) -> Tok {
    Tok::Word(w.to_string())
}

/// The values an attacker could put in a display name or address.
fn hostile_values() -> Vec<String> {
    let mut v: Vec<String> = [
        "'",
        "''",
        "O'Brien",
        "$(Remove-Item C:\\)",
        "`$x`n`",
        "a; Remove-Mailbox x",
        "a | Remove-Mailbox",
        "a & calc",
        "line1\nRemove-Mailbox -Identity x",
        "cr\rRemove-Mailbox x",
        "\r\n",
        "\u{2018}",
        "\u{2019}; Remove-Mailbox x; \u{2019}",
        "\u{201A}\u{201B}",
        "\u{2018}\u{2019}\u{201A}\u{201B}'",
        "\"dq\"",
        "\u{201C}curly\u{201D}",
        "#> Remove-Mailbox x <#",
        "<# x",
        "x #>",
        "nul\0byte",
        "ls\u{2028}Remove-Mailbox x",
        "ps\u{2029}Remove-Mailbox x",
        "nel\u{85}Remove-Mailbox x",
        "bidi\u{202E}evil",
        "zero\u{FEFF}width\u{200B}",
        "Müller 中文 😀",
        "",
        "-Identity",
        "#requires -Modules Evil",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    v.push("A\u{2018}'$(x)\n#> ;|&".repeat(800));
    assert!(v.last().is_some_and(|s| s.len() > 10_000));
    v
}

/// The sample report with its findings replaced.
fn report_with(findings: Vec<Finding>) -> Report {
    let mut report = common::sample_report();
    report.findings = findings;
    report
}

fn script(report: &Report) -> String {
    let mut out = Vec::new();
    render(Format::Ps1, report, &RenderOptions::default(), &mut out).unwrap();
    assert!(out.starts_with(&[0xEF, 0xBB, 0xBF]), "UTF-8 with BOM");
    String::from_utf8(out).unwrap()
}

fn hostile_findings(v: &str) -> Vec<Finding> {
    let mut f = Finding::new(
        "PX001",
        Severity::Error,
        Scope::Pair,
        format!("message {v}"),
    )
    .fails_with("MissingX500Exception")
    .note(format!("note {v}"))
    .fix(
        FixSide::Target,
        Cmd::new("Set-MailUser").identity(v).build(),
    );
    f.source_object = Some(v.to_string());
    f.target_object = Some(v.to_string());
    let mut irreversible = Finding::new("ID004", Severity::Error, Scope::Pair, v.to_string())
        .fix_irreversible(
            FixSide::Source,
            Cmd::new("Set-User")
                .identity(v)
                .switch("PermanentlyClearPreviousMailboxInfo")
                .build(),
        );
    irreversible.source_object = Some(v.to_string());
    let mut note_only = Finding::new("OR001", Severity::Warning, Scope::Tenant, v.to_string());
    note_only.remediation_note = Some(v.to_string());
    vec![f.seal(), irreversible.seal(), note_only.seal()]
}

/// Checks the layout every script must have: CRLF line ends only, every line empty, a `#`
/// comment or code, no raw control or separator characters anywhere.
fn assert_layout(text: &str) {
    let body = text.strip_prefix('\u{FEFF}').unwrap();
    assert!(body.ends_with("\r\n"));
    for line in body.split("\r\n") {
        assert!(
            !line
                .chars()
                .any(|c| c.is_control() || ps::is_newline(c) || c == '\u{202E}'),
            "raw control character in line {line:?}"
        );
        if line.starts_with('#') {
            assert!(
                line == "#" || line.starts_with("# "),
                "comment must start with '# ': {line:?}"
            );
        }
    }
}

#[test]
fn hostile_values_are_one_argument_each() {
    for v in hostile_values() {
        let text = script(&report_with(hostile_findings(&v)));
        assert_layout(&text);
        let tokens = ps::tokenize(&text).unwrap_or_else(|e| panic!("{e} for {v:?}"));
        assert!(!tokens.iter().any(|t| matches!(t, Tok::Block(_))));
        let code: Vec<Tok> = tokens
            .iter()
            .filter(|t| matches!(t, Tok::Word(_) | Tok::Value(_) | Tok::Expandable { .. }))
            .cloned()
            .collect();
        assert_eq!(
            code,
            vec![
                word("Set-MailUser"),
                word("-Identity"),
                Tok::Value(v.clone())
            ],
            "code tokens for {v:?}"
        );
    }
}

#[test]
fn irreversible_command_is_commented_out_and_uncomments_to_the_exact_command() {
    for v in hostile_values() {
        let text = script(&report_with(hostile_findings(&v)));
        let tokens = ps::tokenize(&text).unwrap();
        let commented: Vec<&String> = tokens
            .iter()
            .filter_map(|t| match t {
                Tok::Comment(c) if c.starts_with(" Set-User ") => Some(c),
                _ => None,
            })
            .collect();
        assert_eq!(commented.len(), 1, "one commented-out command for {v:?}");
        let inner = ps::tokenize(commented[0]).unwrap();
        assert_eq!(
            inner,
            vec![
                word("Set-User"),
                word("-Identity"),
                Tok::Value(v.clone()),
                word("-PermanentlyClearPreviousMailboxInfo")
            ]
        );
        let warning = text
            .split("\r\n")
            .position(|l| l.starts_with("# WARNING: irreversible"))
            .unwrap();
        let next = text.split("\r\n").nth(warning + 1).unwrap();
        assert!(next.starts_with("# Set-User "));
    }
}

#[test]
fn hash_parameter_values_are_one_argument() {
    for v in hostile_values() {
        let f = Finding::new("PX001", Severity::Error, Scope::Pair, v.clone()).fix(
            FixSide::Target,
            Cmd::new("Set-MailUser")
                .identity("a@b.c")
                .param_hash("EmailAddresses", "add", &v)
                .build(),
        );
        let text = script(&report_with(vec![f.seal()]));
        let code: Vec<Tok> = ps::tokenize(&text)
            .unwrap()
            .into_iter()
            .filter(|t| matches!(t, Tok::Word(_) | Tok::Value(_) | Tok::Expandable { .. }))
            .collect();
        assert_eq!(
            code,
            vec![
                word("Set-MailUser"),
                word("-Identity"),
                Tok::Value("a@b.c".into()),
                word("-EmailAddresses"),
                word("@{"),
                word("add"),
                word("="),
                Tok::Value(v.clone()),
                word("}"),
            ]
        );
    }
}

#[test]
fn quote_round_trips_through_the_tokenizer() {
    for v in hostile_values() {
        let q = quote(&v);
        assert!(!q.chars().any(ps::is_newline), "one line: {v:?}");
        assert_eq!(ps::tokenize(&q).unwrap(), vec![Tok::Value(v.clone())]);
    }
}

#[test]
fn tokenizer_sees_injected_code() {
    // What an unescaped value would look like: the tokenizer must show the injected command.
    let tokens = ps::tokenize("Set-MailUser -Identity 'a'; Remove-Mailbox x").unwrap();
    assert!(tokens.contains(&word("Remove-Mailbox")));
    let tokens = ps::tokenize("# name a\u{2028}Remove-Mailbox x").unwrap();
    assert!(tokens.contains(&word("Remove-Mailbox")));
    let tokens = ps::tokenize("Set-MailUser -Identity 'a\u{2019}; Remove-Mailbox x").unwrap();
    assert!(tokens.contains(&word("Remove-Mailbox")));
    assert_eq!(
        ps::tokenize("('a'+[char]10+'b')").unwrap(),
        vec![Tok::Value("a\nb".into())]
    );
    assert_eq!(
        ps::tokenize("\"a`\"$(calc)\u{201D}").unwrap(),
        vec![Tok::Expandable {
            text: "a\"$(calc)".into(),
            expands: true
        }]
    );
    assert_eq!(
        ps::tokenize("\"`$x `n\"\"\"").unwrap(),
        vec![Tok::Expandable {
            text: "$x \n\"".into(),
            expands: false
        }]
    );
}

#[test]
fn placeholder_commands_are_commented_out() {
    let f = Finding::new("OR001", Severity::Error, Scope::Tenant, "m".into())
        .fix(
            FixSide::Target,
            "Set-OrganizationRelationship -Identity 'x' -DomainNames <target tenant ID>".into(),
        )
        .seal();
    let text = script(&report_with(vec![f]));
    assert!(text.contains(
        "# EDIT FIRST: replace the <placeholder> values in the next line, then uncomment it.\r\n# Set-OrganizationRelationship"
    ));
    let code = ps::tokenize(&text)
        .unwrap()
        .into_iter()
        .filter(|t| !matches!(t, Tok::Comment(_) | Tok::NewLine))
        .count();
    assert_eq!(code, 0);
}

#[test]
fn irreversible_by_command_text_even_when_not_flagged() {
    let cmds = [
        "Set-Mailbox -Identity 'x@y.z' -LitigationHoldEnabled $false",
        "Set-Mailbox -Identity 'x@y.z' -RemoveDelayReleaseHoldApplied",
        "Disable-Mailbox -Identity 'x@y.z' -Archive",
        "Remove-MoveRequest -Identity 'x'",
    ];
    let findings = cmds
        .iter()
        .map(|c| {
            Finding::new("HD001", Severity::Error, Scope::Pair, "m".into())
                .fix(FixSide::Source, c.to_string())
                .seal()
        })
        .collect();
    let text = script(&report_with(findings));
    for c in cmds {
        assert!(
            text.contains(&format!("\r\n# {c}\r\n")),
            "{c} commented out"
        );
    }
    assert_eq!(text.matches("# WARNING: irreversible").count(), cmds.len());
}

#[test]
fn identical_commands_once_with_every_finding() {
    let cmd = Cmd::new("Set-MailUser")
        .identity("a@b.c")
        .param("ExchangeGuid", "1")
        .build();
    let a = Finding::new("ID001", Severity::Error, Scope::Pair, "first".into())
        .fix(FixSide::Target, cmd.clone())
        .seal();
    let b = Finding::new("ID002", Severity::Warning, Scope::Pair, "second".into())
        .fix(FixSide::Target, cmd.clone())
        .seal();
    let text = script(&report_with(vec![a, b]));
    assert_eq!(text.matches(&format!("\r\n{cmd}\r\n")).count(), 1);
    assert!(text.contains("# [ID001 error]") && text.contains("# [ID002 warning]"));
    assert!(text.contains("# ===== TARGET organisation ====="));
    assert!(!text.contains("SOURCE organisation"));
    assert!(!text.contains("ON-PREMISES"));
}

#[test]
fn no_secrets_and_placeholder_connections() {
    let text = script(&common::sample_report());
    assert!(text.contains("# Connect-ExchangeOnline -UserPrincipalName <admin@source-tenant>"));
    assert!(text.contains("# Connect-ExchangeOnline -UserPrincipalName <admin@target-tenant>"));
    for bad in [
        "Get-Credential",
        "-Password",
        "ConvertTo-SecureString",
        "PSCredential",
    ] {
        assert!(!text.contains(bad), "{bad}");
    }
    for l in text.split("\r\n") {
        assert!(!l.starts_with("Connect-"), "connection lines are comments");
    }
}

#[test]
fn sample_script_is_deterministic_and_matches_snapshot() {
    let text = script(&common::sample_report());
    assert_eq!(text, script(&common::sample_report()));
    assert_layout(&text);
    ps::tokenize(&text).unwrap();
    let shown = text.trim_start_matches('\u{FEFF}').replace("\r\n", "\n");
    in_snapshots!({
        insta::assert_snapshot!("report_ps1_sample_cross_tenant", shown);
    });
}

#[test]
fn org_sample_script_matches_snapshot() {
    let text = script(&common::org_sample_report());
    assert_layout(&text);
    ps::tokenize(&text).unwrap();
    let shown = text.trim_start_matches('\u{FEFF}').replace("\r\n", "\n");
    in_snapshots!({
        insta::assert_snapshot!("report_ps1_sample_cross_tenant_org", shown);
    });
}

#[test]
fn on_premises_sides_get_the_management_shell_note() {
    let mut report = common::sample_report();
    report.kind = mbxlint::model::MigrationKind::Onboarding;
    let text = script(&report);
    assert!(text.contains(
        "# ===== SOURCE organisation (on-premises) =====\r\n# Run in the Exchange Management Shell"
    ));
    assert!(text.contains("# Connect-ExchangeOnline -UserPrincipalName <admin@target-tenant>"));
    assert!(text.contains("(migration kind: onboarding)"));
}

#[test]
fn a_command_with_a_raw_line_break_is_withheld() {
    // Not built with Cmd/quote: a rule that formatted a value in by hand.
    let f = Finding::new("PX001", Severity::Error, Scope::Pair, "m".into())
        .fix(
            FixSide::Target,
            "Set-MailUser -Identity 'a\r\nRemove-Mailbox x'".into(),
        )
        .seal();
    let text = script(&report_with(vec![f]));
    assert_layout(&text);
    assert!(text.contains("# Command withheld"));
    assert!(!text.contains("Remove-Mailbox"));
    let code = ps::tokenize(&text)
        .unwrap()
        .into_iter()
        .filter(|t| !matches!(t, Tok::Comment(_) | Tok::NewLine))
        .count();
    assert_eq!(code, 0);
}

#[test]
fn alternative_fixes_are_all_commented_out_under_choose_one() {
    let mut report = common::sample_report();
    let ar003 = report
        .findings
        .iter()
        .find(|f| f.rule == "AR003")
        .expect("the sample has AR003")
        .clone();
    assert!(ar003.remediation_alternatives);
    report.findings = vec![ar003.clone()];
    let mut out = Vec::new();
    render(Format::Ps1, &report, &RenderOptions::default(), &mut out).unwrap();
    let script = String::from_utf8(out).unwrap();
    let code: Vec<&str> = script
        .lines()
        .map(|l| l.trim_start_matches('\u{FEFF}'))
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .collect();
    assert!(code.is_empty(), "no alternative runs by default: {code:?}");
    for r in &ar003.remediation {
        assert!(
            script.contains(&format!("# {}", r.command)),
            "{}",
            r.command
        );
    }
    assert_eq!(
        script.matches("CHOOSE ONE").count(),
        ar003.remediation.len()
    );
}
