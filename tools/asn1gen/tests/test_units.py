"""Unit tests of the comment scanner, the doc escaping and the model's normalisation."""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

from asn1gen import comments  # noqa: E402
from asn1gen.naming import doc_lines, field_name, type_name, variant_name  # noqa: E402


class Comments(unittest.TestCase):
    """Where the scanner attaches comments."""

    def test_placement(self):
        d = comments.docs('''
-- header

-- above T
T ::= SEQUENCE {   -- on the brace line
   -- above a
   a INTEGER -- after a -- ,
   b BOOLEAN  -- after b
              -- continuing b
   }  -- after T
x T ::= { a 1, b TRUE }  -- a value: ignored
''')
        self.assertEqual(d[("T",)], "above T\non the brace line\nafter T")
        self.assertEqual(d[("T", "a")], "above a\nafter a")
        self.assertEqual(d[("T", "b")], "after b\ncontinuing b")
        self.assertNotIn(("x",), d)

    def test_block_comments_nest(self):
        d = comments.docs("/* one /* two */ still */\nT ::= BOOLEAN\n")
        self.assertEqual(d[("T",)], "one /* two */ still")

    def test_strings_hide_dashes(self):
        d = comments.docs('T ::= SEQUENCE {\n   a IA5String (FROM("--")), -- real\n   }\n')
        self.assertEqual(d[("T", "a")], "real")


class Naming(unittest.TestCase):
    """Rust names and rustdoc escaping."""

    def test_names(self):
        self.assertEqual(type_name("Node-XY-20b"), "NodeXY20b")
        self.assertEqual(field_name("currGNSSstatus"), "curr_gnss_status")
        self.assertEqual(field_name("type"), "r#type")
        self.assertEqual(variant_name("prec0-1deg"), "Prec0_1deg")

    def test_doc_lines(self):
        self.assertEqual(doc_lines("  a [b] <c> <https://x.org/p>\n# h\n- l\n3. x\n4-octet"),
                         ["a \\[b\\] \\<c\\> <https://x.org/p>", "\\# h", "\\- l", "3\\. x", "4-octet"])


if __name__ == "__main__":
    unittest.main()
