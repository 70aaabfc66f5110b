// Debug build: u8 arithmetic overflows.
fn checksum(bytes: &[u8]) -> u8 {
    let mut sum: u8 = 0;
    for b in bytes {
        sum += b;
    }
    sum
}

fn main() {
    println!("{}", checksum(b"hi"));
    println!("{}", checksum(b"hello, world"));
}
