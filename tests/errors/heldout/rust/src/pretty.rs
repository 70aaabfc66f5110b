// Panics with a pretty-printed struct in the message.
#[derive(Debug)]
#[allow(dead_code)]
struct Job {
    id: u32,
    state: &'static str,
}

fn main() {
    let job = Job { id: 7, state: "stuck" };
    if job.state != "done" {
        panic!("job did not finish: {:#?}", job);
    }
}
