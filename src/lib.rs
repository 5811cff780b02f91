//! mbxlint: offline pre-flight linter for Exchange / Microsoft 365 mailbox migrations.
pub mod values;
