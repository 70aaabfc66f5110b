// Mismatched types, with the compiler's suggestions.
fn parse_port(s: &str) -> Option<u16> {
    s.parse().ok()
}

fn timeout_ms(secs: u32) -> u64 {
    secs * 1000
}

fn main() {
    let port: u16 = parse_port("8080");
    println!("{port} {}", timeout_ms(3));
}
