//! Byte offsets → UTF-16 code units (what JavaScript's `String.slice` counts).

/// Convert sorted-or-not byte offsets of `text` to UTF-16 offsets, in one pass.
pub fn byte_to_utf16(text: &str, offsets: &[usize]) -> Vec<usize> {
    if text.is_ascii() {
        return offsets.to_vec();
    }
    let order = order_by_key(offsets);
    let mut out = vec![0; offsets.len()];
    let mut units = 0usize;
    let mut byte = 0usize;
    let mut chars = text.char_indices().peekable();
    for i in order {
        let target = offsets[i].min(text.len());
        while byte < target {
            match chars.next() {
                Some((b, c)) => {
                    byte = b + c.len_utf8();
                    units += c.len_utf16();
                }
                None => break,
            }
        }
        out[i] = units;
    }
    out
}

/// The indices of `keys` in ascending key order, equal keys in index order.
/// The one stable sort the library's code uses (each sort call site is its
/// own copy of the sort in the page's WASM).
pub(crate) fn order_by_key(keys: &[usize]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..keys.len()).collect();
    order.sort_by_key(|&i| keys[i]);
    order
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_units() {
        let t = "a–b😀c";
        let v = super::byte_to_utf16(t, &[0, 1, 4, 5, 9, 10]);
        assert_eq!(v, vec![0, 1, 2, 3, 5, 6]);
    }
}
