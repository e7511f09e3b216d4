"""Tuning tables: per family, the choices a generated type's shape or speed depends on,
each entry with the reason for it (measured where it says so)."""
from dataclasses import dataclass, field


@dataclass
class Layout:
    """A fixed-width SEQUENCE whose fields' bit offsets, widths and ranges are generated
    as a table (`generated/layout.rs`), flattened through its nested fixed-width
    SEQUENCEs, starting at bit `start` of the enclosing value."""
    type: str
    module: str  # the Rust module of its constants (`layout::bsm_core_data`)
    start: int
    why: str
    names: dict = field(default_factory=dict)  # member path -> Rust name, where not its own


@dataclass
class Tuning:
    """The tuning tables of one family; each maps a name to the reason for its entry."""
    # Written by hand beside the generated code (open types typed by an id): no type or
    # codec generated, only a skip function.
    hand_written: dict = field(default_factory=dict)
    # SEQUENCEs whose OPTIONAL members are usually present: read in blocks with the
    # mandatory ones.
    optional_in_blocks: dict = field(default_factory=dict)
    # SEQUENCEs whose mandatory CHOICEs of fixed-width alternatives join the blocks.
    choices_in_blocks: dict = field(default_factory=dict)
    # SEQUENCE OFs held in a `SmallList`: name -> (entries held in place, why); more
    # entries go on the heap.
    small_lists: dict = field(default_factory=dict)
    # (SEQUENCE, member) pairs held in a `Box`.
    boxed: dict = field(default_factory=dict)
    # Layout tables to generate.
    layouts: list = field(default_factory=list)
    # Hand-written types that are an id and an open type typed by it: (id member, value
    # member, {id: type}); their skip functions read the typed content as the owned decode
    # does (unknown ids: the octets).
    typed_open: dict = field(default_factory=dict)
    # Information object classes whose typed open types are lenient (see
    # `model.TypedOpen.lenient`): class name -> why.
    lenient_open: dict = field(default_factory=dict)
    # The messages that get a zero-copy view (with the views of every value they reach).
    view_roots: dict = field(default_factory=dict)
    # Why the roots' views also read a message at a bit offset (`new_at`), if they do.
    views_at: str = ""
    # COER: the SEQUENCEs and CHOICEs that get a zero-copy view (`generated/views.rs`); in
    # them octet strings are borrowed and these types read as views, the rest owned.
    view_types: list = field(default_factory=list)
    # COER: (CHOICE, alternative) pairs this crate does not decode: an `Unsupported` error.
    unsupported: dict = field(default_factory=dict)


J2735 = Tuning(
    hand_written={
        "MessageFrame": "its value is an open type typed by messageId (src/j2735/frame.rs)",
        "PartIIcontent": "its value is an open type typed by partII-Id (src/j2735/part_ii.rs)",
    },
    # A block costs a second load and the reader's repositioning, a loss where the members
    # are usually absent: measured on the BSM's path history points and the MAP's lanes.
    optional_in_blocks={
        "MovementEvent": "SPaT: its timing (`TimeChangeDetails`, taken whole from the block)",
        "IntersectionState": "SPaT: moy and timeStamp",
    },
    choices_in_blocks={
        "NodeXY": "MAP: each node's preamble with its offset (NodeOffsetPointXY)",
    },
    small_lists={
        "MovementEventList": (1, "real traffic sends one entry: a SPaT movement's events were 12 of a "
                                 "new SPaT's 15 allocations"),
    },
    # Optional members that are large and rarely sent, boxed so that the structs around
    # them (repeated in lists) stay small and cheap to move.
    # (`NodeXY.attributes` was boxed until session 9: a box per node with attributes was 13 of
    # a 661-octet MAP's 28 allocations; unboxed, its new decode took 20,969 instructions instead
    # of 23,566 and its decode in place 12,887 instead of 13,239, for 16.8 kB instead of 10 kB.)
    boxed={
        ("PathHistory", "initialPosition"): "FullPositionVector: rarely in a BSM's path history",
    },
    typed_open={
        # BSMpartIIExtension (BasicSafetyMessage.asn), as src/j2735/part_ii.rs decodes it.
        "PartIIcontent": ("partII-Id", "partII-Value", {
            0: "VehicleSafetyExtensions", 1: "SpecialVehicleExtensions", 2: "SupplementalVehicleExtensions"}),
    },
    lenient_open={
        "REG-EXT-ID-AND-TYPE": "a region's content is an open type whose meaning each region defines: "
                               "content that does not read as the type its set gives (another edition "
                               "of the group, a vendor's variant) is kept as octets, not an error, so "
                               "the message still decodes and re-encodes byte-exactly",
    },
    view_roots={
        "SPAT": "message 19",
        "MapData": "message 18",
        "SignalRequestMessage": "message 29",
        "SignalStatusMessage": "message 30",
        "TravelerInformation": "message 31",
        "PersonalSafetyMessage": "message 32",
        "CommonSafetyRequest": "message 21",
        "EmergencyVehicleAlert": "message 22",
        "IntersectionCollision": "message 23",
        "NMEAcorrections": "message 24",
        "ProbeDataManagement": "message 25",
        "ProbeVehicleData": "message 26",
        # The test messages 240..255 (TestMessage00 .. TestMessage15).
        "TestMessage00": "message 240",
        "TestMessage01": "message 241",
        "TestMessage02": "message 242",
        "TestMessage03": "message 243",
        "TestMessage04": "message 244",
        "TestMessage05": "message 245",
        "TestMessage06": "message 246",
        "TestMessage07": "message 247",
        "TestMessage08": "message 248",
        "TestMessage09": "message 249",
        "TestMessage10": "message 250",
        "TestMessage11": "message 251",
        "TestMessage12": "message 252",
        "TestMessage13": "message 253",
        "TestMessage14": "message 254",
        "TestMessage15": "message 255",
        # Also inside the EmergencyVehicleAlert: one view, read inside an EVA's or on its own.
        "RoadSideAlert": "message 27",
        "RTCMcorrections": "message 28",
        # (The BSM's view is written by hand: its core data read at fixed offsets, its
        # Part II typed by partII-Id.)
    },
    layouts=[
        Layout("BSMcoreData", module="bsm_core_data", start=3,
               why="the BSM view reads the core data at fixed offsets, after the BSM's extension bit "
                   "and two presence bits (src/j2735/view/bsm.rs)",
               # The names bsm.rs uses: the acceleration's long/lat/vert beside the position's.
               names={"accelSet.long": "accel_long", "accelSet.lat": "accel_lat", "accelSet.vert": "accel_vert"}),
    ],
)


CSAE = Tuning(
    # A SPAT's timing: one bounded block (at most 109 bits) for the presence bits and every
    # TimeMark present, instead of a bounds check and a load per OPTIONAL member.
    optional_in_blocks={
        "TimeCountingDown": "SPAT: every phase state's timing (counting)",
        "UTCTiming": "SPAT: every phase state's timing (UTC)",
        "NodeReferenceID": "MAP: every node's, link's, movement's and connection's node; SPAT: the "
                           "intersection's (33 bits at most)",
        "Position3D": "MAP: every node's reference position, elevation usually sent (81 bits at most)",
        "Movement": "MAP: a link's movements (a node and its phase)",
        "Connection": "MAP: a lane's connections (a node, the lane and maneuvers, the phase)",
    },
    # Lists whose entries real traffic sends few of, held in place up to that many (a heap
    # block each otherwise: 11 of the real SPAT's allocations, 26 of the real MAP's). The
    # places are values of the entry type, so a list of large entries (a link, a node)
    # stays a `Vec`. Counts from the real frames (tests/vectors/csae/).
    small_lists={
        "PhaseStateList": (3, "SPAT: a phase's states (3 in every phase of the real SPAT)"),
        "IntersectionStateList": (1, "SPAT: one intersection a frame"),
        "SpeedLimitList": (2, "MAP: a link's or lane's speed limits (2 in every link of the real MAP)"),
        "MovementList": (3, "MAP: a link's movements (3 in every link of the real MAP)"),
        "ConnectsToList": (3, "MAP: a lane's connections (3 in every lane of the real MAP)"),
        "PointList": (4, "MAP: a link's or lane's points (4 in every one of the real MAP)"),
        "LaneList": (1, "MAP: a link's lanes (1 in every link of the real MAP)"),
    },
    # The frame is a plain CHOICE (no open type typed by an id, unlike J2735's): generated
    # whole, nothing hand-written. The views backend takes only SEQUENCE roots, so the five
    # messages are the roots; `new_at` reads one at a bit offset, for the hand-written
    # frame view (src/csae/v2020/view.rs). One tuning for every edition: a type shared by
    # editions is generated once (asn1gen.sharing).
    view_roots={
        "BasicSafetyMessage": "bsmFrame",
        "MapData": "mapFrame",
        "RoadsideSafetyMessage": "rsmFrame",
        "SPAT": "spatFrame",
        "RoadSideInformation": "rsiFrame",
        # The Day-2 messages of msgFrameExt, by ExtMsgID: read from the open type's octets.
        "TestMsg": "msgFrameExt 0",
        "RTCMcorrections": "msgFrameExt 10",
        "RoadsideCoordination": "msgFrameExt 11",
        "VehIntentionAndRequest": "msgFrameExt 13",
        "PAMData": "msgFrameExt 14",
        "PersonalSafetyMessage": "msgFrameExt 15",
        "CLPMM": "msgFrameExt 16",
        "SensorSharingMsg": "msgFrameExt 12",
        "VehiclePaymentMessage": "msgFrameExt 17",
    },
    views_at="a frame's message starts at bit 4, after the CHOICE's extension bit and index",
)


IEEE1609DOT2 = Tuning(
    # The recursion of signed data inside signed data: the inner data boxed, so the
    # structs stay finite (as a view, its octets: a receiver reads the payload from them).
    boxed={
        ("SignedDataPayload", "data"): "Ieee1609Dot2Data inside Ieee1609Dot2Data",
        # A certificate (about 1 kB as a value) inline in every header makes each header,
        # signed data and view that large to build and move, for an addition rarely sent.
        # (With it inline, `coer/parse_spdu_digest` took 751 ns against the hand-written
        # 159 ns; what the box gains is not measured yet.)
        ("HeaderInfo", "requestedCertificate"): "a certificate, rarely sent, inline in every header",
    },
    unsupported={
        ("Ieee1609Dot2Content", "encryptedData"): "EncryptedData is not described in the module (NULL in its "
                                                  "place): refused, not read as NULL",
    },
    # What a receiver reads of a signed SPDU without a copy: the signed octets
    # (ToBeSignedData's) and the payload (the J2735 frame); see src/sec/types/spdu.rs.
    view_types=["Ieee1609Dot2Data", "Ieee1609Dot2Content", "SignedData", "ToBeSignedData", "SignedDataPayload"],
)
