//! The little floating-point math the geometry needs, without `std` (no `libm` dependency):
//! square root, sine and cosine, good to a few units in the last place for the arguments used
//! here (latitudes, in radians).

use core::f64::consts::{FRAC_PI_2, PI};

/// Rounds to the nearest integer, halves away from zero (`f64::round` needs `std`).
pub(crate) fn round_i64(x: f64) -> i64 {
    if x >= 0.0 {
        (x + 0.5) as i64
    } else {
        -((-x + 0.5) as i64)
    }
}

/// Square root by Newton's method from a bit-level first guess; `0` for `x <= 0`.
pub(crate) fn sqrt(x: f64) -> f64 {
    if x <= 0.0 || x.is_nan() {
        return 0.0;
    }
    if x.is_infinite() {
        return x;
    }
    // Halving the exponent gives a guess within a factor of about 1.5.
    let mut y = f64::from_bits((x.to_bits() >> 1) + (1023u64 << 51));
    for _ in 0..8 {
        y = 0.5 * (y + x / y);
    }
    y
}

/// Sine and cosine of `x` (radians).
pub(crate) fn sin_cos(x: f64) -> (f64, f64) {
    // Reduce to [-pi, pi], then to a quadrant: x = n * pi/2 + r, |r| <= pi/4.
    let x = x - 2.0 * PI * round_i64(x / (2.0 * PI)) as f64;
    let n = round_i64(x / FRAC_PI_2);
    let r = x - n as f64 * FRAC_PI_2;
    let (s, c) = (sin_poly(r), cos_poly(r));
    match n.rem_euclid(4) {
        0 => (s, c),
        1 => (c, -s),
        2 => (-s, -c),
        _ => (-c, s),
    }
}

/// Taylor series of sine to x^19: the remainder is below 1e-19 for |x| <= pi/4.
fn sin_poly(x: f64) -> f64 {
    let x2 = x * x;
    let mut term = x;
    let mut sum = x;
    let mut k = 1.0;
    for _ in 0..9 {
        term *= -x2 / ((k + 1.0) * (k + 2.0));
        sum += term;
        k += 2.0;
    }
    sum
}

/// Taylor series of cosine to x^20.
fn cos_poly(x: f64) -> f64 {
    let x2 = x * x;
    let mut term = 1.0;
    let mut sum = 1.0;
    let mut k = 0.0;
    for _ in 0..10 {
        term *= -x2 / ((k + 1.0) * (k + 2.0));
        sum += term;
        k += 2.0;
    }
    sum
}

#[cfg(all(test, feature = "std"))]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_std() {
        // Latitudes (|x| <= pi/2) to a few ulps; larger arguments lose a little in the
        // reduction by 2 pi.
        let mut x = -7.0f64;
        while x < 7.0 {
            let tol = if x.abs() <= FRAC_PI_2 { 6e-16 } else { 4e-15 };
            let (s, c) = sin_cos(x);
            assert!((s - x.sin()).abs() < tol, "sin {x}: {}", s - x.sin());
            assert!((c - x.cos()).abs() < tol, "cos {x}: {}", c - x.cos());
            x += 0.000_13;
        }
        for v in [1e-12, 0.25, 1.0, 2.0, 0.996_647, 1e6, 6.4e13] {
            assert!((sqrt(v) - v.sqrt()).abs() <= v.sqrt() * 4e-16, "sqrt {v}");
        }
        assert_eq!(sqrt(0.0), 0.0);
        assert_eq!(round_i64(-2.5), -3);
        assert_eq!(round_i64(2.49), 2);
    }
}
