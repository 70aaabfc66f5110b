fn helper(x: i32) -> i32 {
    x * 2
}

fn main() {
    let unused = 5;
    let mut count = 0;
    println!("{}", count);
}
