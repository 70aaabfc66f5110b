struct Config {
    port: u16,
}

fn open(c: &Config) -> String {
    format!("{}", c.port)
}

fn main() {
    let c = Config { port: "8080" };
    let s: i32 = open(&c);
    let v = vec![1, 2, 3];
    let w = v;
    println!("{:?} {}", v, s);
}
