//! A sample report in which one finding carries hostile values, as an export could.
#![allow(dead_code)]

use mbxlint::Report;

pub const NAME: &str = "<script>alert(1)</script>";
pub const MESSAGE: &str = "\"><img src=x onerror=alert(1)> ' \" </code></pre>";
pub const COMMAND: &str = "Set-MailUser -Identity '</code></pre><script>alert(1)</script>' \"><img src=x onerror=alert(1)>";

/// `report` with the first finding that has a fix made hostile; returns its rule code.
pub fn make_hostile(report: &mut Report) -> &'static str {
    let f = report
        .findings
        .iter_mut()
        .find(|f| !f.remediation.is_empty() && f.source_object.is_some())
        .expect("a finding with a fix");
    f.source_object = Some(NAME.to_string());
    f.message = MESSAGE.to_string();
    f.remediation[0].command = COMMAND.to_string();
    f.remediation[0].irreversible = true;
    f.rule
}
