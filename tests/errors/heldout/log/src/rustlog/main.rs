// env_logger-style lines written by hand (no crates): [time LEVEL target] msg
use std::time::{SystemTime, UNIX_EPOCH};

fn stamp() -> String {
    let s = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs() as i64;
    let (days, rem) = (s.div_euclid(86400), s.rem_euclid(86400));
    let z = days + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + if m <= 2 { 1 } else { 0 };
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", rem / 3600, rem % 3600 / 60, rem % 60)
}

fn log(level: &str, target: &str, msg: &str) {
    eprintln!("[{} {:<5} {}] {}", stamp(), level, target, msg);
}

fn main() {
    log("INFO", "queue", "consumer started on jobs.default");
    log("DEBUG", "queue", "prefetch=16 errors_seen=0");
    log("WARN", "queue", "job 41 took 12.3s (limit 10s)");
    log("ERROR", "worker", "job 42 failed: timeout after 30s");
    log("INFO", "queue", "job 43 done");
    log("ERROR", "worker", "job 44 failed: payload is not valid UTF-8");
}
