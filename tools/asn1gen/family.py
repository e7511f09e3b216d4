"""Families: a set of ASN.1 modules generated into one Rust module tree; groups: the
editions of one standard, whose common types are generated once (`asn1gen.sharing`).

Adding a family is adding its ASN.1 (`asn1/<family>/`) and an entry in `FAMILIES` (and,
for an edition, its name in its group's `families`); the generator code does not change.
"""
import os
from dataclasses import dataclass, field

from .tuning import CSAE, IEEE1609DOT2, J2735, Tuning

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@dataclass
class Family:
    """What the generator needs to know about a family of ASN.1 modules."""
    name: str  # `--family NAME`
    asn1_dir: str  # its modules, relative to the repository root
    out_dir: str  # where its Rust goes, relative to the repository root
    crate_path: str  # the Rust path of its types (`crate::j2735`)
    wire: str  # what its module docs say is on the wire
    type_macro: str  # the `macro_rules!` calling `$m!(Type, "AsnName")` for every type
    tuning: Tuning = field(default_factory=Tuning)
    group: str = ""  # the group whose module it shares types with, if any
    encoding: str = "uper"  # "uper", or "coer" (canonical OER: `asn1gen.backends.coer`)

    def path(self, *parts):
        """An absolute path under the repository root."""
        return os.path.join(ROOT, *parts)


@dataclass
class Group:
    """The editions of one standard: a type the same in two or more of them (down to
    every type it reaches) is generated once, into `out_dir` (`crate_path`), and each of
    those editions re-exports it."""
    name: str
    families: list  # the editions, newest first: a shared type's documentation is the first's
    out_dir: str
    crate_path: str
    wire: str

    def path(self, *parts):
        """An absolute path under the repository root."""
        return os.path.join(ROOT, *parts)


FAMILIES = {
    "j2735": Family(
        name="j2735",
        asn1_dir="asn1/j2735",
        out_dir="src/j2735/generated",
        crate_path="crate::j2735",
        wire="J2735-2020 on the wire",
        type_macro="__for_each_j2735_type",
        tuning=J2735,
    ),
    "csae2020": Family(
        name="csae2020",
        asn1_dir="asn1/csae/2020",
        out_dir="src/csae/v2020/generated",
        crate_path="crate::csae::v2020",
        wire="YD/T 3709-2020 = T/CSAE 53-2020 Day-1 on the wire",
        type_macro="__for_each_csae2020_type",
        tuning=CSAE,
        group="csae",
    ),
    "csae2019": Family(
        name="csae2019",
        asn1_dir="asn1/csae/2019",
        out_dir="src/csae/v2019/generated",
        crate_path="crate::csae::v2019",
        wire="the 2019 draft of T/CSAE 53 on the wire",
        type_macro="__for_each_csae2019_type",
        tuning=CSAE,
        group="csae",
    ),
    "csae2017": Family(
        name="csae2017",
        asn1_dir="asn1/csae/2017",
        out_dir="src/csae/v2017/generated",
        crate_path="crate::csae::v2017",
        wire="T/CSAE 53-2017 on the wire",
        type_macro="__for_each_csae2017_type",
        tuning=CSAE,
        group="csae",
    ),
    "ieee1609dot2": Family(
        name="ieee1609dot2",
        asn1_dir="asn1/ieee1609dot2",
        out_dir="src/sec/generated",
        crate_path="crate::sec::generated",
        wire="IEEE 1609.2 in canonical OER",
        type_macro="",
        tuning=IEEE1609DOT2,
        encoding="coer",
    ),
}

GROUPS = {
    "csae": Group(
        name="csae",
        families=["csae2020", "csae2019", "csae2017"],
        out_dir="src/csae/shared/generated",
        crate_path="crate::csae::shared",
        wire="the same on the wire in the editions that re-export them",
    ),
}
