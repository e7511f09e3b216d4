//! The types that two or more CSAE editions define the same way, on the wire and in Rust:
//! generated once, here, and re-exported by each edition that has them.
//!
//! A type is shared when its definition is the same in the editions' ASN.1 (`asn1/csae/`)
//! down to every type it reaches: names, constraints, optionality, extension markers.
//! So `csae::v2019::SPAT` and `csae::v2020::SPAT` are one type (the 2019 draft and 2020
//! agree on SPAT), and code written for one edition's SPAT reads the other's; the 2019
//! draft's `MapData` is not 2020's (`NodeList` holds up to 63 nodes, not 32), so each
//! edition has its own, with the nodes, links and lanes that differ.
//!
//! Use the types through an edition's module (`csae::v2020::Position3D`): which types are
//! shared follows from the ASN.1 and may change as editions are added. `tools/gen_rust.py`
//! writes this module (`asn1gen.sharing`).

mod generated;

pub use generated::*;
