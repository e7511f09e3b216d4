"""File backends: each turns the model of a family into Rust files of its output
directory. A backend is a function `generate(gen) -> {module name: Rust source}` (before
rustfmt), listed in `BACKENDS` with how `mod.rs` declares its modules: "reexport"
(`mod m; pub use m::*;`, for the types themselves) or "public" (`pub mod m;`).

The expression-level helpers the backends share (decode, decode_into, encode, skip,
arbitrary, blocks, types) are mixins of `asn1gen.generator.Generator`, the `gen` each
`generate` receives."""
from . import coer, layout, owned, skip, views

# (backend, how mod.rs declares its modules), in the order mod.rs lists them.
BACKENDS = [
    (owned.generate, "reexport"),
    (skip.generate, "public"),
    (layout.generate, "public"),
    (views.generate, "public"),
]

# The backends of a COER family (`Family.encoding == "coer"`).
COER_BACKENDS = [
    (coer.generate, "reexport"),
    (coer.generate_views, "public"),
]
