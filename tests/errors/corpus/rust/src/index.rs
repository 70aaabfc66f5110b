fn third(xs: &[i32]) -> i32 {
    xs[2]
}

fn main() {
    let v: Vec<i32> = std::env::args().skip(1).map(|a| a.len() as i32).collect();
    println!("{}", third(&v));
}
