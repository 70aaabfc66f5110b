use std::thread;

fn main() {
    let h = thread::Builder::new()
        .name("worker-1".into())
        .spawn(|| {
            let jobs: Vec<u32> = vec![];
            let avg = jobs.iter().sum::<u32>() / jobs.len() as u32;
            println!("{avg}");
        })
        .unwrap();
    let r = h.join();
    eprintln!("worker finished: ok={}", r.is_ok());
}
