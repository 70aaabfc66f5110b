pub fn allow(used: u32, limit: u32) -> bool {
    used * 100 / limit <= 100
}

pub fn label(used: u32) -> String {
    format!("{used} requests used")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allows_under_limit() {
        assert!(allow(1, 2));
    }

    #[test]
    #[should_panic(expected = "limit must be positive")]
    fn rejects_zero_limit() {
        allow(1, 0);
    }

    #[test]
    fn label_text() {
        assert_ne!(label(3), "3 requests used", "labels must carry units");
    }
}
