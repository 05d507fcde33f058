//! Decimal numbers for the Summary's shares and the error messages'
//! megabytes, written without Rust's float formatting ([`fixed`]).

/// `x` with `places` decimals (at most 4), exactly as `format!("{x:.places$}")`
/// writes a non-negative `x` below 10^14 (the exact binary value rounded half
/// to even), but with integer arithmetic: Rust's float formatting is some
/// 8 KB of the page's WASM. A negative `x` is written as its absolute value.
pub fn fixed(x: f64, places: u32) -> String {
    if x.is_nan() {
        return "NaN".to_string();
    }
    let bits = x.to_bits() & !(1u64 << 63);
    let (exponent, fraction) = ((bits >> 52) as i32, bits & ((1u64 << 52) - 1));
    // x = mantissa · 2^power
    let (mantissa, power) = if exponent == 0 {
        (fraction, -1074)
    } else {
        (fraction | 1u64 << 52, exponent - 1075)
    };
    let unit = 10u128.pow(places);
    let scaled = u128::from(mantissa) * unit;
    let n = if power >= 0 {
        scaled << power.min(60)
    } else if power <= -127 {
        0 // x · 10^places < 2^-50: rounds to 0
    } else {
        let shift = -power;
        let (q, r, half) = (
            scaled >> shift,
            scaled & ((1u128 << shift) - 1),
            1u128 << (shift - 1),
        );
        if r > half || (r == half && q & 1 == 1) {
            q + 1
        } else {
            q
        }
    };
    // In u64 (x · 10^places < 2^64): u128 division and printing cost code.
    let (n, unit) = (u64::try_from(n).unwrap_or(u64::MAX), unit as u64);
    let mut out = (n / unit).to_string();
    if places > 0 {
        let frac = (n % unit).to_string();
        out.push('.');
        out.extend(std::iter::repeat_n('0', places as usize - frac.len()));
        out.push_str(&frac);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_writes_what_float_formatting_writes() {
        // Ties of the binary value (k / 2^n), values near ties, shares and
        // megabytes, against std's formatting.
        let mut xs = vec![
            0.0, -0.0, 1.0, 0.5, 0.25, 0.125, 0.03125, 0.000_05, 0.999_95, 5e-324,
        ];
        for k in 0..=4096u32 {
            xs.push(f64::from(k) / 4096.0);
            xs.push(f64::from(k) / 7.0 / 1000.0);
        }
        for n in 1..=300u32 {
            for k in 0..=n {
                xs.push(f64::from(k) / f64::from(n));
            }
        }
        for bytes in [
            0u64,
            49_999,
            50_000,
            150_000,
            2_050_000,
            2_150_000,
            104_857_600,
            1 << 40,
        ] {
            xs.push(bytes as f64 / 1_000_000.0);
        }
        for x in xs {
            for places in 0..=4u32 {
                let p = places as usize;
                assert_eq!(
                    fixed(x, places),
                    format!("{:.p$}", x.abs()),
                    "{x:e} {places}"
                );
            }
        }
        assert_eq!(fixed(f64::NAN, 4), "NaN");
    }
}
