/// Total quantity, or None for an empty list.
pub fn total(items: &Vec<u32>) -> Option<u32> {
    if items.len() == 0 {
        return None;
    }
    let copy = items.clone();
    return Some(copy.iter().sum());
}

/// Name of the error bucket for a status code.
pub fn error_bucket(code: u16) -> &'static str {
    match code {
        400..=499 => "client_errors",
        500..=599 => "server_errors",
        _ => "no_error",
    }
}
