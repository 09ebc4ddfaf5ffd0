//! Go's float formatting, which Rust's `{}` does not match: Go switches to
//! exponent form (`1e+21`, `1e-07`) and spells the special values `+Inf`,
//! `-Inf` and `NaN`.

/// Go's `%v` for a float64 as Folio prints template and shortcode values:
/// the shortest digits that round-trip, in exponent form when the decimal
/// exponent is below -4 or at least 21 (`1e+21`, `1.5e-07`, two exponent
/// digits at least), `+Inf`, `-Inf`, `NaN`, and `-0` for negative zero.
pub fn format_go_float(f: f64) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "+Inf" } else { "-Inf" }.into();
    }
    if f == 0.0 {
        return if f.is_sign_negative() { "-0" } else { "0" }.into();
    }
    // Rust's `{:e}` gives the shortest digits and the exact decimal
    // exponent (`1.5e21`); Go writes `1.5e+21`.
    let scientific = format!("{f:e}");
    let Some((mantissa, exponent)) = scientific.split_once('e') else {
        return format!("{f}");
    };
    let exponent: i32 = exponent.parse().unwrap_or(0);
    if (-4..21).contains(&exponent) {
        format!("{f}")
    } else {
        let sign = if exponent < 0 { '-' } else { '+' };
        format!("{mantissa}e{sign}{:02}", exponent.unsigned_abs())
    }
}

/// Go's `encoding/json` float format (`jsonify`, values in scripts): like
/// `%v` but in exponent form only below 1e-6 or from 1e21; NaN and the
/// infinities, which JSON cannot hold, become `null`.
pub fn format_json_float(f: f64) -> String {
    if !f.is_finite() {
        return "null".into();
    }
    let abs = f.abs();
    if abs != 0.0 && !(1e-6..1e21).contains(&abs) {
        format_go_float(f)
    } else {
        format!("{f}")
    }
}
