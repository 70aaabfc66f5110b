use std::collections::HashMap;

fn port(cfg: &HashMap<&str, &str>) -> u16 {
    cfg.get("port").unwrap().parse().unwrap()
}

fn main() {
    let mut cfg = HashMap::new();
    cfg.insert("host", "localhost");
    eprintln!("reading config");
    println!("{}", port(&cfg));
}
