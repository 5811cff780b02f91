use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
struct C;
static LIVE: AtomicUsize = AtomicUsize::new(0);
static COUNT: AtomicUsize = AtomicUsize::new(0);
unsafe impl GlobalAlloc for C {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        LIVE.fetch_add(l.size(), Relaxed);
        COUNT.fetch_add(1, Relaxed);
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        LIVE.fetch_sub(l.size(), Relaxed);
        COUNT.fetch_sub(1, Relaxed);
        unsafe { System.dealloc(p, l) }
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, n: usize) -> *mut u8 {
        LIVE.fetch_add(n, Relaxed);
        LIVE.fetch_sub(l.size(), Relaxed);
        unsafe { System.realloc(p, l, n) }
    }
}
#[global_allocator]
static A: C = C;
fn live() -> (usize, usize) {
    (LIVE.load(Relaxed), COUNT.load(Relaxed))
}
macro_rules! drop_field { ($s:ident, $name:expr, $($f:tt)+) => {{
    let (b0, c0) = live();
    for side in [&mut $s.source, &mut $s.target] { for r in side.recipients.iter_mut() { r.$($f)+ = Default::default(); } }
    let (b1, c1) = live();
    println!("{:>28}: {:>12} bytes {:>9} allocs", $name, b0 - b1, c0 - c1);
}}}
fn main() {
    let dir = std::env::args().nth(1).unwrap();
    let mut s = mbxlint::load(&mbxlint::LoadOptions {
        snapshot_dir: Some(dir.into()),
        ..Default::default()
    })
    .unwrap();
    let n = s.source.recipients.len() + s.target.recipients.len();
    println!(
        "recipients {n}, sizeof Recipient {}, live {:?}",
        std::mem::size_of::<mbxlint::model::Recipient>(),
        live()
    );
    println!(
        "vec caps {} {}",
        s.source.recipients.capacity(),
        s.target.recipients.capacity()
    );
    drop_field!(s, "texts", texts);
    drop_field!(s, "dn_shared", dn_shared);
    drop_field!(s, "primary_smtp", primary_smtp);
    drop_field!(s, "email_addresses", email_addresses);
    drop_field!(s, "legacy_dn_shared", legacy_dn_shared);
    drop_field!(s, "external_email_address", external_email_address);
    drop_field!(s, "remote_routing_address", remote_routing_address);
    drop_field!(s, "in_place_holds", in_place_holds);
    drop_field!(s, "grant_send", grant_send_on_behalf_to);
    drop_field!(s, "user", user);
    drop_field!(s, "archive_stats", archive_stats);
    println!("rest live {:?}", live());
}
