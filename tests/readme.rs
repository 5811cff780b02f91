//! README.md lists every rule, generated from the registry.

mod common;

fn rules_table() -> String {
    let mut out = String::from(
        "| code | name | severity | kinds | Microsoft error |\n|---|---|---|---|---|\n",
    );
    for rule in mbxlint::rules::REGISTRY {
        let m = &rule.meta;
        let kinds: Vec<&str> = m.kinds.iter().map(|k| k.as_str()).collect();
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            m.code,
            m.name,
            m.severity.as_str(),
            kinds.join(", "),
            m.fails_with.unwrap_or("—")
        ));
    }
    out
}

#[test]
fn readme_lists_every_rule() {
    let path = common::repo("README.md");
    let readme = std::fs::read_to_string(&path)
        .unwrap()
        .replace("\r\n", "\n");
    let start = readme.find("<!-- rules:start -->\n").expect("start marker")
        + "<!-- rules:start -->\n".len();
    let end = readme.find("<!-- rules:end -->").expect("end marker");
    let table = rules_table();
    if readme[start..end] != table {
        if std::env::var_os("MBXLINT_BLESS").is_some() {
            let updated = format!("{}{}{}", &readme[..start], table, &readme[end..]);
            std::fs::write(&path, updated).unwrap();
        } else {
            panic!(
                "README.md's rules table is out of date; run `MBXLINT_BLESS=1 cargo test --test readme`:\n{table}"
            );
        }
    }
}

#[test]
fn readme_starts_with_the_two_commands() {
    let readme = std::fs::read_to_string(common::repo("README.md")).unwrap();
    assert!(readme.contains("cargo run --release -- check sample-exports/cross-tenant"));
    assert!(readme.contains("cargo test "));
}
