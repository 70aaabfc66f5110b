fn main() {
    let entries: Vec<i64> = vec![1, 2];
    let total: i32 = entries.iter().sum();
    println!("{}", totl);
}
