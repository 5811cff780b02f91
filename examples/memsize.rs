use std::collections::HashMap;
fn main() {
    let dir = std::env::args().nth(1).unwrap();
    let s = mbxlint::load(&mbxlint::LoadOptions {
        snapshot_dir: Some(dir.into()),
        ..Default::default()
    })
    .unwrap();
    for side in [mbxlint::model::Side::Source, mbxlint::model::Side::Target] {
        let d = s.side(side);
        let mut per: HashMap<&str, (usize, usize, std::collections::HashSet<String>)> =
            HashMap::new();
        for r in &d.recipients {
            for (n, o) in [
                ("identity", &r.identity),
                ("name", &r.name),
                ("alias", &r.alias),
                ("display", &r.display_name),
                ("dn", &r.distinguished_name),
                ("upn", &r.user_principal_name),
                ("ldn", &r.legacy_exchange_dn),
                ("archdb", &r.archive_database),
                ("db", &r.database),
                ("server", &r.server_name),
                ("archdomain", &r.archive_domain),
                ("archstate", &r.archive_state),
            ] {
                if let Some(x) = o {
                    let e = per.entry(n).or_default();
                    e.0 += 1;
                    e.1 += x.len();
                    if e.2.len() < 100000 {
                        e.2.insert(x.to_string());
                    }
                }
            }
        }
        let mut v: Vec<_> = per.into_iter().collect();
        v.sort_by_key(|x| x.0);
        for (n, (c, b, u)) in v {
            println!("{side:?} {n}: {c} values, {b} bytes, {} distinct", u.len());
        }
        let same = d
            .recipients
            .iter()
            .filter(|r| r.identity.is_some() && r.identity == r.name && r.name == r.alias)
            .count();
        println!("{side:?} identity==name==alias: {same}");
    }
}
