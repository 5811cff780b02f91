//! Compiles the rule documents (`rules/<CODE>.md`) into the binary, so `mbxlint explain` and
//! the SARIF `help` text work without the source tree.

use std::fmt::Write;
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=rules");
    let mut entries: Vec<(String, String)> = Vec::new();
    if let Ok(dir) = std::fs::read_dir("rules") {
        for entry in dir.flatten() {
            let path = entry.path();
            if path.extension().and_then(|e| e.to_str()) == Some("md")
                && let Some(code) = path.file_stem().and_then(|s| s.to_str())
            {
                println!("cargo:rerun-if-changed={}", path.display());
                let abs = std::fs::canonicalize(&path).unwrap_or(path.clone());
                entries.push((code.to_string(), abs.display().to_string()));
            }
        }
    }
    entries.sort();
    let mut out = String::from("pub static DOCS: &[(&str, &str)] = &[\n");
    for (code, path) in entries {
        writeln!(out, "    ({code:?}, include_str!({path:?})),").unwrap();
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("rule_docs.rs");
    std::fs::write(dest, out).unwrap();
}
