//! Whether a location lies in a region, and a region in another, as far as the crate can
//! tell without maps: circles, rectangles and polygons are checked; identified regions
//! (countries) contain each other by their numbers, and a location or shape inside a
//! country cannot be checked (no borders here), which the answers say (`None`).

use super::types::{GeographicRegion, IdentifiedRegion, TwoDLocation};

const EARTH_RADIUS_M: f64 = 6_371_000.0;

fn deg(v: i32) -> f64 {
    v as f64 / 1e7
}

/// Great-circle distance in metres (haversine).
pub fn distance_m(a: TwoDLocation, b: TwoDLocation) -> f64 {
    let (la1, la2) = (
        deg(a.latitude.0).to_radians(),
        deg(b.latitude.0).to_radians(),
    );
    let dla = la2 - la1;
    let dlo = (deg(b.longitude.0) - deg(a.longitude.0)).to_radians();
    let h = (dla / 2.0).sin().powi(2) + la1.cos() * la2.cos() * (dlo / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_M * h.sqrt().min(1.0).asin()
}

fn in_rectangle(p: TwoDLocation, nw: TwoDLocation, se: TwoDLocation) -> bool {
    p.latitude <= nw.latitude
        && p.latitude >= se.latitude
        && p.longitude >= nw.longitude
        && p.longitude <= se.longitude
}

fn in_polygon(p: TwoDLocation, v: &[TwoDLocation]) -> bool {
    // Ray casting on latitude/longitude (fine for regions far from the poles and the
    // antimeridian).
    let (x, y) = (p.longitude.0 as f64, p.latitude.0 as f64);
    let mut inside = false;
    let mut j = v.len() - 1;
    for i in 0..v.len() {
        let (xi, yi) = (v[i].longitude.0 as f64, v[i].latitude.0 as f64);
        let (xj, yj) = (v[j].longitude.0 as f64, v[j].latitude.0 as f64);
        if (yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi {
            inside = !inside;
        }
        j = i;
    }
    inside
}

/// Whether `p` lies in `region`: `Some(answer)`, or `None` when it cannot be told
/// (identified regions, unknown alternatives).
pub fn contains_location(region: &GeographicRegion, p: TwoDLocation) -> Option<bool> {
    match region {
        GeographicRegion::CircularRegion(c) => Some(distance_m(c.center, p) <= c.radius.0 as f64),
        GeographicRegion::RectangularRegion(v) => Some(
            v.0.iter()
                .any(|r| in_rectangle(p, r.north_west, r.south_east)),
        ),
        GeographicRegion::PolygonalRegion(v) => Some(v.0.len() >= 3 && in_polygon(p, &v.0)),
        GeographicRegion::IdentifiedRegion(_) | GeographicRegion::Unknown(_) => None,
    }
}

fn identified_within(inner: &IdentifiedRegion, outer: &[IdentifiedRegion]) -> bool {
    let Some(country) = inner.country() else {
        return false;
    };
    outer.iter().any(|o| match o {
        IdentifiedRegion::CountryOnly(c) => c.0 == country,
        other => other == inner,
    })
}

/// Whether `inner` lies within `outer`: `Some(answer)` for the comparable pairs (countries
/// in countries, circles/rectangles/polygons by their points and extent in circles,
/// rectangles and polygons), `None` otherwise (a circle in a country, say).
pub fn contains_region(outer: &GeographicRegion, inner: &GeographicRegion) -> Option<bool> {
    use GeographicRegion as G;
    match (outer, inner) {
        (G::IdentifiedRegion(o), G::IdentifiedRegion(i)) => {
            Some(i.0.iter().all(|x| identified_within(x, &o.0)))
        }
        (G::CircularRegion(o), G::CircularRegion(i)) => {
            Some(distance_m(o.center, i.center) + i.radius.0 as f64 <= o.radius.0 as f64)
        }
        (_, G::RectangularRegion(v))
            if !matches!(outer, G::IdentifiedRegion(_) | G::Unknown(_)) =>
        {
            let corners = v.0.iter().flat_map(|r| {
                [
                    r.north_west,
                    r.south_east,
                    TwoDLocation {
                        latitude: r.north_west.latitude,
                        longitude: r.south_east.longitude,
                    },
                    TwoDLocation {
                        latitude: r.south_east.latitude,
                        longitude: r.north_west.longitude,
                    },
                ]
            });
            let mut all = true;
            for c in corners {
                all &= contains_location(outer, c)?;
            }
            Some(all)
        }
        (_, G::PolygonalRegion(v)) if !matches!(outer, G::IdentifiedRegion(_) | G::Unknown(_)) => {
            let mut all = true;
            for c in &v.0 {
                all &= contains_location(outer, *c)?;
            }
            Some(all)
        }
        _ => None,
    }
}
