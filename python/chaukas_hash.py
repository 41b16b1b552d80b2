#!/usr/bin/env python3
"""chaukas-hash-v1 in Python: a second, independent implementation of docs/chaukas-hash-v1.md.

It shares no code with the Java implementation: it reads the Event schema from the published
descriptor image (spec/chaukas-spec-v1.0.5.binpb), walks each parsed message itself, writes the
canonical JSON by its own rules, formats numbers from Python's repr(), which is correctly
rounded and shortest, and verifies chains by section 8 of the document. Needs Python 3.9+ and the
protobuf package, nothing else (Debian: apt-get install python3-protobuf).

    chaukas_hash.py --vectors FILE [--numbers FILE] [--chains FILE]
                                                      check test vectors; exit 1 on any mismatch
    chaukas_hash.py --hash FILE                       print content_hash of a binary Event
    chaukas_hash.py --canonical FILE                  print the canonical JSON of a binary Event
"""

import argparse
import base64
import datetime
import hashlib
import json
import math
import os
import struct
import sys
from fractions import Fraction

try:
    from google.protobuf import descriptor_pb2, descriptor_pool, message_factory
    from google.protobuf.message import DecodeError
except ImportError:  # pragma: no cover - depends on the machine
    sys.stderr.write(
        "chaukas_hash.py needs the protobuf package: apt-get install python3-protobuf "
        "(or pip install protobuf)\n")
    sys.exit(2)

DOMAIN = b"chaukas.event.v1\x00"
EXCLUDED = {"content_hash", "worm_proof_id", "extensions"}
MIN_SECONDS = -62135596800   # 0001-01-01T00:00:00Z
MAX_SECONDS = 253402300799   # 9999-12-31T23:59:59Z
UNSUPPORTED = {
    "google.protobuf.Any", "google.protobuf.Duration", "google.protobuf.FieldMask",
    "google.protobuf.DoubleValue", "google.protobuf.FloatValue", "google.protobuf.Int64Value",
    "google.protobuf.UInt64Value", "google.protobuf.Int32Value", "google.protobuf.UInt32Value",
    "google.protobuf.BoolValue", "google.protobuf.StringValue", "google.protobuf.BytesValue",
}
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_IMAGE = os.path.join(REPO, "spec", "chaukas-spec-v1.0.5.binpb")

FD = None  # google.protobuf.descriptor.FieldDescriptor, set by load_event_class


class Refused(Exception):
    """The event has no canonical form. problem is one of the names in docs/chaukas-hash-v1.md."""

    def __init__(self, problem, detail):
        super().__init__("%s: %s" % (problem, detail))
        self.problem = problem


def load_event_class(image_path=DEFAULT_IMAGE):
    """The Event class built from the descriptor image (which carries the well-known types)."""
    global FD
    from google.protobuf import descriptor as descriptor_module
    FD = descriptor_module.FieldDescriptor
    files = descriptor_pb2.FileDescriptorSet()
    with open(image_path, "rb") as f:
        files.ParseFromString(f.read())
    pool = descriptor_pool.DescriptorPool()
    names = {f.name for f in files.file}
    for wkt in ("google/protobuf/any.proto", "google/protobuf/struct.proto",
                "google/protobuf/timestamp.proto"):
        if wkt not in names:  # an image without them: take them from the default pool
            proto = descriptor_pb2.FileDescriptorProto()
            descriptor_pool.Default().FindFileByName(wkt).CopyToProto(proto)
            pool.Add(proto)
    for f in files.file:
        pool.Add(f)
    desc = pool.FindMessageTypeByName("chaukas.spec.common.v1.Event")
    if hasattr(message_factory, "GetMessageClass"):
        return message_factory.GetMessageClass(desc)
    return message_factory.MessageFactory(pool).GetPrototype(desc)


# ---------------------------------------------------------------- numbers (ECMAScript form)

def es_number(d):
    """ECMAScript Number::toString of a finite double, from the shortest digits repr() gives."""
    if math.isnan(d) or math.isinf(d):
        raise Refused("NOT_FINITE", "%r is not a JSON number" % d)
    if d == 0:
        return "0"
    sign = "-" if d < 0 else ""
    mantissa, _, exp = repr(abs(d)).partition("e")
    whole, _, frac = mantissa.partition(".")
    digits = (whole + frac).lstrip("0")
    # value = 0.<digits> x 10^n
    n = (int(exp) if exp else 0) + len(whole) - (len(whole + frac) - len(digits))
    digits = digits.rstrip("0")
    k = len(digits)
    if k <= n <= 21:
        text = digits + "0" * (n - k)
    elif 0 < n <= 21:
        text = digits[:n] + "." + digits[n:]
    elif -6 < n <= 0:
        text = "0." + "0" * (-n) + digits
    else:
        e = n - 1
        text = digits[0] + ("." + digits[1:] if k > 1 else "") + "e" + ("+" if e >= 0 else "-") + str(abs(e))
    return sign + text


def _f32(x):
    return struct.unpack("<f", struct.pack("<f", x))[0]


def shortest_float32(v):
    """The double equal to the shortest decimal that reads back as the float32 v (closest, even on ties)."""
    if v == 0:
        return 0.0
    if v < 0:
        return -shortest_float32(-v)
    bits = struct.unpack("<I", struct.pack("<f", v))[0]
    below = struct.unpack("<f", struct.pack("<I", bits - 1))[0] if bits > 0 else 0.0
    exact = Fraction(v)
    if bits + 1 >= 0x7F800000:
        above = exact + (exact - Fraction(below))
    else:
        above = Fraction(struct.unpack("<f", struct.pack("<I", bits + 1))[0])
    lo_mid = (Fraction(below) + exact) / 2
    hi_mid = (exact + above) / 2
    even = bits % 2 == 0

    def reads_back(x):
        return lo_mid < x < hi_mid or (even and (x == lo_mid or x == hi_mid))

    e10 = math.floor(math.log10(v))
    for p in range(1, 10):
        scale = Fraction(10) ** (e10 - p + 1)
        lo = math.floor(exact / scale) * scale
        ok = [c for c in (lo, lo + scale) if c > 0 and reads_back(c)]
        if ok:
            ok.sort(key=lambda c: (abs(c - exact), (c / scale) % 2))
            return float(ok[0])
    return v


# ---------------------------------------------------------------- strings

_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def es_string(s):
    out = ['"']
    for ch in s:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 0x20:
            out.append("\\u%04x" % ord(ch))
        elif 0xD800 <= ord(ch) <= 0xDFFF:
            raise Refused("INVALID_STRING", "lone surrogate U+%04X" % ord(ch))
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def utf16_key(s):
    return s.encode("utf-16-be", "surrogatepass")


# ---------------------------------------------------------------- messages

def _scalar(field, v):
    t = field.type
    if t == FD.TYPE_STRING:
        return es_string(v)
    if t == FD.TYPE_BOOL:
        return "true" if v else "false"
    if t == FD.TYPE_ENUM:
        value = field.enum_type.values_by_number.get(v)
        if value is None:
            raise Refused("UNKNOWN_ENUM_VALUE", "%d is not a value of %s" % (v, field.enum_type.full_name))
        return '"%s"' % value.name
    if t == FD.TYPE_DOUBLE:
        return es_number(v)
    if t == FD.TYPE_FLOAT:
        if math.isnan(v) or math.isinf(v):
            raise Refused("NOT_FINITE", "%r is not a JSON number" % v)
        return es_number(shortest_float32(v))
    if t in (FD.TYPE_INT64, FD.TYPE_SINT64, FD.TYPE_SFIXED64, FD.TYPE_UINT64, FD.TYPE_FIXED64):
        return '"%d"' % v
    if t in (FD.TYPE_INT32, FD.TYPE_SINT32, FD.TYPE_SFIXED32, FD.TYPE_UINT32, FD.TYPE_FIXED32):
        return "%d" % v
    if t == FD.TYPE_BYTES:
        return '"%s"' % base64.b64encode(v).decode("ascii")
    raise AssertionError("unexpected field type %d" % t)


def _is_default(field, v):
    if field.type in (FD.TYPE_DOUBLE, FD.TYPE_FLOAT):
        return struct.pack("<d", v) == b"\x00" * 8   # -0.0 is not the default
    return v == field.default_value if field.type != FD.TYPE_ENUM else v == 0


def _value(field, v):
    if field.type in (FD.TYPE_MESSAGE, FD.TYPE_GROUP):
        return message_json(v)
    return _scalar(field, v)


def _map_key(field, k):
    if field.type == FD.TYPE_BOOL:
        return "true" if k else "false"
    return str(k)


def _unknown_field_count(msg):
    try:  # protobuf 4.22 and later
        from google.protobuf import unknown_fields
        return len(unknown_fields.UnknownFieldSet(msg))
    except ImportError:
        return len(msg.UnknownFields())


def message_json(msg, excluded=()):
    """The canonical JSON text of msg, by its type."""
    name = msg.DESCRIPTOR.full_name
    if _unknown_field_count(msg):
        raise Refused("UNKNOWN_FIELD", "%s holds fields its schema does not define" % name)
    if name == "google.protobuf.Struct":
        keys = sorted(msg.fields.keys(), key=utf16_key)
        return "{" + ",".join(es_string(k) + ":" + message_json(msg.fields[k]) for k in keys) + "}"
    if name == "google.protobuf.ListValue":
        return "[" + ",".join(message_json(v) for v in msg.values) + "]"
    if name == "google.protobuf.Value":
        kind = msg.WhichOneof("kind")
        if kind is None:
            raise Refused("VALUE_WITHOUT_KIND", "google.protobuf.Value has no kind set")
        if kind == "null_value":
            if msg.null_value != 0:
                raise Refused("UNKNOWN_ENUM_VALUE", "%d is not a NullValue" % msg.null_value)
            return "null"
        if kind == "number_value":
            return es_number(msg.number_value)
        if kind == "string_value":
            return es_string(msg.string_value)
        if kind == "bool_value":
            return "true" if msg.bool_value else "false"
        return message_json(getattr(msg, kind))
    if name == "google.protobuf.Timestamp":
        return timestamp_json(msg.seconds, msg.nanos)
    if name in UNSUPPORTED:
        raise Refused("UNSUPPORTED_TYPE", name + " has no canonical form in chaukas-hash-v1")

    parts = []
    for field in sorted(msg.DESCRIPTOR.fields, key=lambda f: f.name):
        if field.name in excluded:
            continue
        value = getattr(msg, field.name)
        if field.label == FD.LABEL_REPEATED:
            if len(value) == 0:
                continue
            entry = field.message_type
            if entry is not None and entry.GetOptions().map_entry:
                key_field, value_field = entry.fields_by_number[1], entry.fields_by_number[2]
                items = sorted(((_map_key(key_field, k), value[k]) for k in value), key=lambda kv: utf16_key(kv[0]))
                text = "{" + ",".join(es_string(k) + ":" + _value(value_field, v) for k, v in items) + "}"
            else:
                text = "[" + ",".join(_value(field, v) for v in value) + "]"
        elif field.type in (FD.TYPE_MESSAGE, FD.TYPE_GROUP) or field.containing_oneof is not None \
                or getattr(field, "has_presence", False):
            if not msg.HasField(field.name):
                continue
            text = _value(field, value)
        else:
            if _is_default(field, value):
                continue
            text = _value(field, value)
        parts.append('"%s":%s' % (field.name, text))
    return "{" + ",".join(parts) + "}"


def timestamp_json(seconds, nanos):
    if not (MIN_SECONDS <= seconds <= MAX_SECONDS and 0 <= nanos <= 999999999):
        raise Refused("INVALID_TIMESTAMP", "seconds=%d nanos=%d is out of range" % (seconds, nanos))
    t = datetime.datetime(1970, 1, 1) + datetime.timedelta(seconds=seconds)
    text = "%04d-%02d-%02dT%02d:%02d:%02d" % (t.year, t.month, t.day, t.hour, t.minute, t.second)
    if nanos:
        if nanos % 1000000 == 0:
            text += ".%03d" % (nanos // 1000000)
        elif nanos % 1000 == 0:
            text += ".%06d" % (nanos // 1000)
        else:
            text += ".%09d" % nanos
    return '"' + text + 'Z"'


# ---------------------------------------------------------------- events

def parse_event(event_class, data):
    event = event_class()
    try:
        event.ParseFromString(data)
    except DecodeError as e:
        # proto3 parsers reject strings that are not UTF-8; nothing else in Event fails to parse
        raise Refused("INVALID_STRING", "cannot parse: %s" % e)
    return event


def canonical_bytes(event):
    text = message_json(event, EXCLUDED)
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as e:
        raise Refused("INVALID_STRING", str(e))


def content_hash(event):
    return hashlib.sha256(DOMAIN + canonical_bytes(event)).hexdigest()


# ---------------------------------------------------------------- chains (section 8)

def is_hash(s):
    """A well-formed hash: exactly 64 characters from 0-9 and a-f."""
    return len(s) == 64 and all(ch in "0123456789abcdef" for ch in s)


class ChainState:
    """Section 8.1: expected, tip as (index, hash_prev) or None, held as (kind, index, hash, hash_prev) or None."""

    def __init__(self, expected=""):
        self.expected = expected
        self.tip = None
        self.held = None

    def accept(self, index, hash_, hash_prev):
        self.expected = hash_
        self.tip = (index, hash_prev)


def _settle(state, c, p, breaks):
    """Section 8.3; True when the current event is placed."""
    kind, j, held_hash, held_prev = state.held
    state.held = None
    if kind == "sibling":
        t = state.tip[0]
        if p == held_hash:
            breaks.append((t, "INSERTED"))
            state.accept(j, held_hash, held_prev)
        elif p == state.expected:
            breaks.append((j, "INSERTED"))
        else:
            breaks.append((t, "FORKED"))
            state.accept(j, held_hash, held_prev)
        return False
    if p == state.expected and is_hash(c) and c == held_prev:
        breaks.append((j, "REORDERED"))
        state.accept(j, held_hash, held_prev)
        return True
    breaks.append((j, "DELETED"))
    state.accept(j, held_hash, held_prev)
    return False


def verify_chains(events, resume=()):
    """Section 8 over parsed events: the sorted breaks [(index, reason)] and the tip of every chain."""
    chains = {key: ChainState(hash_) for key, hash_ in resume}
    breaks = []
    for i, event in enumerate(events):
        state = chains.setdefault((event.tenant_id, event.project_id, event.session_id), ChainState())
        c, p = event.content_hash, event.hash_prev
        try:
            h = content_hash(event)
        except Refused:
            h = None
        if h is None:
            breaks.append((i, "INVALID"))
        elif h != c:
            breaks.append((i, "MODIFIED"))
        bad = h is None or h != c
        if state.held is not None and _settle(state, c, p, breaks):
            continue
        if bad:
            if is_hash(c):
                state.accept(i, c, p)
            elif h is not None:
                state.accept(i, h, p)
        elif c == state.expected:
            breaks.append((i, "INSERTED"))
        elif p == state.expected:
            state.accept(i, c, p)
        elif state.tip is not None and p == state.tip[1] and (p == "" or is_hash(p)):
            state.held = ("sibling", i, c, p)
        else:
            state.held = ("unlinked", i, c, p)
    for state in chains.values():
        if state.held is not None:
            kind, j, held_hash, held_prev = state.held
            state.held = None
            breaks.append((state.tip[0], "FORKED") if kind == "sibling" else (j, "DELETED"))
            state.accept(j, held_hash, held_prev)
    return sorted(breaks), {key: state.expected for key, state in chains.items()}


def _chain_key(o):
    return (o["tenant_id"], o["project_id"], o["session_id"])


def check_chains(event_class, path):
    with open(path, encoding="utf-8") as f:
        cases = json.load(f)
    bad = 0
    for case in cases:
        events = [parse_event(event_class, base64.b64decode(e)) for e in case["events_base64"]]
        resume = [(_chain_key(r), r["hash"]) for r in case.get("resume", [])]
        breaks, tips = verify_chains(events, resume)
        want_breaks = sorted((b["index"], b["reason"]) for b in case["breaks"])
        want_tips = {_chain_key(t): t["hash"] for t in case["tips"]}
        if breaks == want_breaks and tips == want_tips:
            print("ok %s" % case["name"])
        else:
            bad += 1
            print("MISMATCH %s expected breaks %s tips %s got breaks %s tips %s"
                  % (case["name"], want_breaks, want_tips, breaks, tips))
    return len(cases), bad


# ---------------------------------------------------------------- command line

def check_vectors(event_class, path):
    with open(path, encoding="utf-8") as f:
        vectors = json.load(f)
    bad = 0
    for v in vectors:
        name = v["name"]
        try:
            event = parse_event(event_class, base64.b64decode(v["event_base64"]))
            canonical = canonical_bytes(event).decode("utf-8")
            got = hashlib.sha256(DOMAIN + canonical.encode("utf-8")).hexdigest()
        except Refused as r:
            if v.get("refused") == r.problem:
                print("ok %s (refused: %s)" % (name, r.problem))
            else:
                bad += 1
                print("MISMATCH %s expected %s got refused %s" % (name, v.get("content_hash", v.get("refused")), r))
            continue
        if "refused" in v:
            bad += 1
            print("MISMATCH %s expected refused %s got %s" % (name, v["refused"], got))
        elif got != v["content_hash"] or canonical != v["canonical"]:
            bad += 1
            print("MISMATCH %s expected %s got %s" % (name, v["content_hash"], got))
            if canonical != v["canonical"]:
                print("  expected canonical %s\n  got canonical      %s" % (v["canonical"], canonical))
        else:
            print("ok %s" % name)
    return len(vectors), bad


def check_numbers(path):
    with open(path, encoding="utf-8") as f:
        numbers = json.load(f)
    bad = 0
    for n in numbers:
        d = struct.unpack(">d", bytes.fromhex(n["bits"]))[0]
        got = es_number(d)
        if got != n["text"]:
            bad += 1
            print("MISMATCH number %s expected %s got %s" % (n["bits"], n["text"], got))
    if not bad:
        print("ok numbers (%d)" % len(numbers))
    return len(numbers), bad


def main(argv=None):
    p = argparse.ArgumentParser(description="chaukas-hash-v1 (docs/chaukas-hash-v1.md), independent Python implementation")
    p.add_argument("--descriptors", default=DEFAULT_IMAGE, help="FileDescriptorSet with events.proto")
    p.add_argument("--vectors", help="vectors.json to check")
    p.add_argument("--numbers", help="numbers.json to check (default: next to --vectors)")
    p.add_argument("--chains", help="chains.json to check (chain verification, section 8)")
    p.add_argument("--hash", metavar="FILE", help="print content_hash of a binary Event")
    p.add_argument("--canonical", metavar="FILE", help="print the canonical JSON of a binary Event")
    args = p.parse_args(argv)
    event_class = load_event_class(args.descriptors)
    if args.hash or args.canonical:
        with open(args.hash or args.canonical, "rb") as f:
            data = f.read()
        try:
            event = parse_event(event_class, data)
            print(content_hash(event) if args.hash else canonical_bytes(event).decode("utf-8"))
        except Refused as r:
            sys.stderr.write("refused: %s\n" % r)
            return 1
        return 0
    if not args.vectors:
        p.error("give --vectors, --hash or --canonical")
    total, bad = check_vectors(event_class, args.vectors)
    numbers = args.numbers or os.path.join(os.path.dirname(args.vectors), "numbers.json")
    n_total = n_bad = 0
    if os.path.exists(numbers):
        n_total, n_bad = check_numbers(numbers)
    c_total = c_bad = 0
    if args.chains:
        c_total, c_bad = check_chains(event_class, args.chains)
    if bad or n_bad or c_bad:
        print("FAILED: %d of %d vectors, %d of %d numbers and %d of %d chain cases differ"
              % (bad, total, n_bad, n_total, c_bad, c_total))
        return 1
    print("all %d vectors, %d numbers and %d chain cases agree" % (total, n_total, c_total))
    return 0


if __name__ == "__main__":
    sys.exit(main())
