use std::fs;

fn main() {
    let text = fs::read_to_string("/nonexistent/app.toml").expect("failed to read app.toml");
    println!("{text}");
}
