pub fn balance(entries: &[i64]) -> i64 {
    entries.iter().sum()
}

pub fn average(entries: &[i64]) -> i64 {
    balance(entries) / entries.len() as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums() {
        assert_eq!(balance(&[1, 2, 3]), 6);
    }

    #[test]
    fn sums_negative() {
        assert_eq!(balance(&[5, -2]), 2, "balance of a refund");
    }

    #[test]
    fn average_empty() {
        assert_eq!(average(&[]), 0);
    }
}
