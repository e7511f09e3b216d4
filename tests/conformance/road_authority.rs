//! J2735-2024's `roadAuthorityID` extension addition of `IntersectionGeometry` (MAP) and
//! `IntersectionState` (SPaT): a real SPaT and a real MAP of `tests/vectors/` given the
//! addition by the oracle (asn1tools on our modules; RELATIVE-OID coded by pycrate), read
//! typed on the owned and view faces, the same JSON, re-encoded byte-exactly. Both
//! alternatives: a full OBJECT IDENTIFIER and a RELATIVE-OID.

use crate::add_grp_b::{check_frame, vector_json};
use serde_json::json;

#[test]
fn spat_and_map_road_authority_ids_are_typed() {
    let ids = [
        json!({"fullRdAuthID": "1.0.15628.4.1.17.1.0"}),
        json!({"relRdAuthID": "8571.3.2"}),
    ];
    for (dir, name, at) in [
        (
            "spat",
            "TestSignalControllerConnection_L369",
            "/value/intersections/0",
        ),
        ("map", "asn1codec__batch_json_L6", "/value/intersections/0"),
    ] {
        for id in &ids {
            let mut frame = vector_json(dir, name);
            frame
                .pointer_mut(at)
                .and_then(|v| v.as_object_mut())
                .unwrap_or_else(|| panic!("{name}: no {at}"))
                .insert("roadAuthorityID".into(), id.clone());
            check_frame(&format!("{name} with {id}"), &frame, &frame);
        }
    }
}
