// A panic a few calls deep, for a full backtrace.
fn read_config(path: &str) -> String {
    std::fs::read_to_string(path).expect("config file must exist")
}

fn start() -> usize {
    read_config("/nonexistent/app.toml").len()
}

fn main() {
    println!("{}", start());
}
