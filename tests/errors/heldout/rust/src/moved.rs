// Uses a String after moving it into a thread.
use std::thread;

fn main() {
    let name = String::from("worker-1");
    let h = thread::spawn(move || println!("hello from {name}"));
    h.join().unwrap();
    println!("spawned {}", name);
}
