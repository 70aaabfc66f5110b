// Puts a type without Hash/Eq into a HashSet.
use std::collections::HashSet;

#[derive(Debug)]
struct Endpoint {
    host: String,
    port: u16,
}

fn main() {
    let mut seen = HashSet::new();
    seen.insert(Endpoint { host: "a".into(), port: 80 });
    println!("{:?}", seen);
}
