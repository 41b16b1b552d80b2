package ai.chaukas.spec.toolkit.redaction;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.RedactionInfo;
import ai.chaukas.spec.toolkit.FieldPath;
import ai.chaukas.spec.toolkit.FieldPath.Kind;
import ai.chaukas.spec.toolkit.FieldPath.Segment;
import ai.chaukas.spec.toolkit.Reason;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.ListValue;
import com.google.protobuf.Message;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Applies one {@link RedactionMethod} to a set of paths of an event and records what it did in
 * {@code Event.redaction}.
 *
 * <pre>{@code
 * Redactor redactor = Redactor.builder().keyProvider(KeyProvider.of("k-2025", key)).build();
 * Event safe = redactor.hash(event, "k-2025", "llm_invocation.request.messages[0].content");
 * // safe.getRedaction(): fields ["$['llm_invocation']['request']['messages'][0]['content']"],
 * //                      method "hash", salt_id "k-2025"; content_hash and worm_proof_id cleared
 * }</pre>
 *
 * <p>Every path refers to the event as passed in, so dropping {@code tags[0]} and {@code tags[2]}
 * in one call removes the first and the third tag. All paths are checked before anything is
 * returned: on an error the caller's event is unchanged (events are immutable) and nothing partial
 * escapes. Redaction changes the content, so a redacted event has no {@code content_hash} and no
 * {@code worm_proof_id}: compute the hash afterwards ({@code docs/redaction.md}, "Redact, then
 * hash").
 *
 * <p>Immutable and thread-safe.
 *
 * @since 1.0.5
 */
public final class Redactor {

  /** What {@link RedactionMethod#MASK} writes: {@value}. */
  public static final String MASK = "[REDACTED]";

  /** The prefix of what {@link RedactionMethod#HASH} writes, followed by 64 lowercase hex digits. */
  public static final String HASH_PREFIX = "hmac-sha256:";

  /**
   * Top-level fields no path may touch: the ids that identify the event, the integrity fields and
   * the redaction record itself.
   */
  public static final Set<String> PROTECTED_FIELDS = Set.of(
      "event_id", "session_id", "content_hash", "hash_prev", "worm_proof_id", "redaction");

  private static final String HMAC = "HmacSHA256";
  private static final HexFormat HEX = HexFormat.of();

  private final KeyProvider keys;
  private final boolean ignoreMissing;

  private Redactor(Builder b) {
    this.keys = b.keys;
    this.ignoreMissing = b.ignoreMissing;
  }

  /** A redactor without keys that fails on missing paths: enough for mask and drop. */
  public static Redactor withoutKeys() {
    return builder().build();
  }

  /** A builder; by default no keys ({@link KeyProvider#none()}) and missing paths are errors. */
  public static Builder builder() {
    return new Builder();
  }

  /** Configures a {@link Redactor}. */
  public static final class Builder {
    private KeyProvider keys = KeyProvider.none();
    private boolean ignoreMissing;

    private Builder() {}

    /** Where {@link RedactionMethod#HASH} finds the key for a {@code salt_id}. */
    public Builder keyProvider(KeyProvider keys) {
      this.keys = Objects.requireNonNull(keys, "keys");
      return this;
    }

    /**
     * When true, a path this event has no value at (reason {@link Reason#MISSING}) is skipped and not
     * recorded instead of failing the call. Unknown fields and other errors still fail; names below
     * an unset message field are checked against its type, so {@code message.txt} is an unknown
     * field even on an event without {@code message}. Default false.
     */
    public Builder ignoreMissing(boolean ignoreMissing) {
      this.ignoreMissing = ignoreMissing;
      return this;
    }

    /** The redactor. */
    public Redactor build() {
      return new Redactor(this);
    }
  }

  /** Masks the values at {@code paths} ({@link RedactionMethod#MASK}). */
  public Event mask(Event event, String... paths) {
    return redact(event, RedactionMethod.MASK, null, parseAll(paths));
  }

  /** Drops the values at {@code paths} ({@link RedactionMethod#DROP}). */
  public Event drop(Event event, String... paths) {
    return redact(event, RedactionMethod.DROP, null, parseAll(paths));
  }

  /** Hashes the strings at {@code paths} with the key named {@code saltId} ({@link RedactionMethod#HASH}). */
  public Event hash(Event event, String saltId, String... paths) {
    return redact(event, RedactionMethod.HASH, saltId, parseAll(paths));
  }

  private static List<RedactionPath> parseAll(String... paths) {
    List<RedactionPath> parsed = new ArrayList<>(paths.length);
    for (String p : paths) {
      parsed.add(RedactionPath.parse(p));
    }
    return parsed;
  }

  /**
   * Applies {@code method} to every path and returns the redacted event, with {@code redaction}
   * recording the paths (normalized, sorted by code point, without duplicates), the method and the
   * salt, merged with a record the event already has, and with {@code content_hash} and
   * {@code worm_proof_id} cleared. When nothing is redacted (no paths, all skipped as missing, or
   * all already recorded for mask or hash) the event is returned unchanged.
   *
   * @param saltId the key name for {@link RedactionMethod#HASH}; null or empty for the others
   * @throws RedactionException when a path cannot be redacted, the key is missing, or the event's
   *     existing record has another method or salt
   */
  public Event redact(Event event, RedactionMethod method, String saltId, Collection<RedactionPath> paths) {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(paths, "paths");
    String salt = saltId == null ? "" : saltId;
    if (method == RedactionMethod.HASH && salt.isEmpty()) {
      throw RedactionException.request(Reason.INVALID_REQUEST, "hash needs a salt_id naming the key; pass one");
    }
    if (method != RedactionMethod.HASH && !salt.isEmpty()) {
      throw RedactionException.request(Reason.INVALID_REQUEST, method.wireName() + " uses no key, so salt_id '" + salt
          + "' would be recorded for nothing; pass null");
    }

    TreeSet<RedactionPath> wanted = new TreeSet<>();
    for (RedactionPath p : paths) {
      Objects.requireNonNull(p, "path");
      if (p.isRoot()) {
        throw RedactionException.at(Reason.INVALID_REQUEST, p.fieldPath(),
            "the whole event cannot be redacted; name a value in it");
      }
      Segment first = p.fieldPath().segments().get(0);
      if (first.kind() != Kind.INDEX && PROTECTED_FIELDS.contains(first.name())) {
        throw RedactionException.at(Reason.FORBIDDEN, p.fieldPath(), first.name() + " may not be redacted: "
            + "ids, integrity fields and the redaction record must stay as they are");
      }
      wanted.add(p);
    }

    Set<String> recorded = existingRecord(event, method, salt);
    if (method != RedactionMethod.DROP) {
      // Masking or hashing again would change nothing or hash a hash: a recorded path is done.
      wanted.removeIf(p -> recorded.contains(p.normalized()));
    }
    if (wanted.isEmpty()) {
      return event;
    }

    Run run = new Run(method, method == RedactionMethod.HASH ? mac(salt) : null);
    Node root = new Node(FieldPath.root());
    for (RedactionPath p : wanted) {
      root.add(p);
    }
    Event redacted = (Event) run.message(event, root);
    if (run.applied.isEmpty()) {
      return event;
    }

    TreeSet<String> fields = new TreeSet<>(RedactionPath.CODE_POINT_ORDER);
    fields.addAll(recorded);
    for (FieldPath p : run.applied) {
      fields.add(p.toNormalizedJsonPath());
    }
    return redacted.toBuilder()
        .setRedaction(RedactionInfo.newBuilder()
            .addAllFields(fields)
            .setMethod(method.wireName())
            .setSaltId(salt))
        .clearContentHash()
        .clearWormProofId()
        .build();
  }

  /**
   * The paths already recorded (normalized when they parse, verbatim otherwise), after checking
   * that the record allows adding {@code method} with {@code salt}.
   */
  private static Set<String> existingRecord(Event event, RedactionMethod method, String salt) {
    if (!event.hasRedaction()) {
      return Set.of();
    }
    RedactionInfo info = event.getRedaction();
    if (info.getFieldsCount() == 0 && info.getMethod().isEmpty() && info.getSaltId().isEmpty()) {
      return Set.of();
    }
    if (!info.getMethod().equals(method.wireName())) {
      throw RedactionException.request(Reason.CONFLICT,
          "the event already records redaction method '" + info.getMethod() + "'; RedactionInfo holds one "
              + "method per event, so " + method.wireName() + " cannot be added. Redact with '"
              + info.getMethod() + "', or apply all methods to the original event in one step of one method");
    }
    if (!info.getSaltId().equals(salt)) {
      throw RedactionException.request(Reason.CONFLICT,
          "the event already records salt_id '" + info.getSaltId() + "'; RedactionInfo holds one salt per "
              + "event, so values hashed with '" + salt + "' could not be checked. Use '" + info.getSaltId() + "'");
    }
    Set<String> recorded = new LinkedHashSet<>();
    for (String f : info.getFieldsList()) {
      String normalized;
      try {
        normalized = RedactionPath.parse(f).normalized();
      } catch (RedactionException notOurs) {
        normalized = f;
      }
      recorded.add(normalized);
    }
    return recorded;
  }

  private Mac mac(String salt) {
    byte[] key = keys.key(salt).orElseThrow(() -> RedactionException.request(Reason.NO_KEY,
        "no key for salt_id '" + salt + "'; give the Redactor a KeyProvider that knows it"));
    if (key.length == 0) {
      throw RedactionException.request(Reason.NO_KEY,
          "the key for salt_id '" + salt + "' is empty; HMAC-SHA256 needs a key of at least 32 bytes");
    }
    return newMac(key);
  }

  private static Mac newMac(byte[] key) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(new SecretKeySpec(key, HMAC));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
    }
  }

  /**
   * What {@link RedactionMethod#HASH} writes for {@code value} under {@code key}:
   * {@code hmac-sha256:} followed by the lowercase hex HMAC-SHA256 of the value's UTF-8 bytes. A
   * verifier holding the key and a candidate original can recompute it.
   */
  public static String hashedValue(byte[] key, String value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    if (key.length == 0) {
      throw new IllegalArgumentException("the key is empty");
    }
    return hashed(newMac(key), value);
  }

  private static String hashed(Mac mac, String value) {
    return HASH_PREFIX + HEX.formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
  }

  /** The paths to apply, as a tree: one rebuild per touched container, whatever the path count. */
  private static final class Node {
    final FieldPath path;
    final TreeMap<Segment, Node> children = new TreeMap<>(RedactionPath::compareSegments);
    boolean target;

    Node(FieldPath path) {
      this.path = path;
    }

    void add(RedactionPath p) {
      Node n = this;
      for (Segment s : p.fieldPath().segments()) {
        Node parent = n;
        n = n.children.computeIfAbsent(s, k -> new Node(parent.path.append(k)));
      }
      n.target = true;
    }

    /** The first path the caller asked for at or below this node, for error messages. */
    FieldPath firstTarget() {
      Node n = this;
      while (!n.target) {
        n = n.children.firstEntry().getValue();
      }
      return n.path;
    }

    String where() {
      return path.toNormalizedJsonPath();
    }
  }

  /** One call's state: the method, its MAC and the paths actually redacted. */
  private final class Run {
    final RedactionMethod method;
    final Mac mac;
    final List<FieldPath> applied = new ArrayList<>();

    Run(RedactionMethod method, Mac mac) {
      this.method = method;
      this.mac = mac;
    }

    /** Applies {@code node}'s children to {@code msg}, whatever kind of message it is. */
    Message inside(Message msg, Node node) {
      if (msg instanceof Struct s) {
        return struct(s, node);
      }
      if (msg instanceof ListValue l) {
        return list(l, node);
      }
      if (msg instanceof Value v) {
        return value(v, node);
      }
      String type = msg.getDescriptorForType().getFullName();
      if (type.startsWith("google.protobuf.")) {
        throw RedactionException.at(Reason.TYPE_MISMATCH, node.firstTarget(), node.where() + " is a " + type
            + ", a single value in proto3 JSON; nothing inside it can be addressed, drop it as a whole");
      }
      return message(msg, node);
    }

    Message message(Message msg, Node node) {
      Descriptor type = msg.getDescriptorForType();
      Message.Builder b = msg.toBuilder();
      for (Node child : node.children.values()) {
        Segment s = child.path.last();
        if (s.kind() == Kind.INDEX) {
          throw RedactionException.at(Reason.TYPE_MISMATCH, child.firstTarget(),
              where(node) + " is " + article(type.getName()) + " message, not a list; name one of its fields");
        }
        FieldDescriptor fd = field(type, s.name(), node, child);
        if (fd.isMapField()) {
          throw RedactionException.at(Reason.TYPE_MISMATCH, child.firstTarget(),
              child.where() + " is a map field; map fields are not supported");
        }
        if (fd.isRepeated()) {
          repeated(b, fd, child);
        } else {
          singular(b, fd, child);
        }
      }
      return b.build();
    }

    private void singular(Message.Builder b, FieldDescriptor fd, Node node) {
      if (!b.hasField(fd)) {
        checkNamesBelow(fd, node);
        FieldDescriptor other = fd.getContainingOneof() == null ? null : b.getOneofFieldDescriptor(fd.getContainingOneof());
        missing(node, node.where() + " is not set in this event"
            + (other == null ? "" : " (its " + fd.getContainingOneof().getName() + " is " + other.getName() + ")"));
        return;
      }
      if (!node.children.isEmpty()) {
        if (fd.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
          throw nothingInside(node, describe(fd));
        }
        b.setField(fd, inside((Message) b.getField(fd), node));
      }
      if (!node.target) {
        return;
      }
      if (method == RedactionMethod.DROP) {
        b.clearField(fd);
      } else if (fd.getJavaType() == FieldDescriptor.JavaType.STRING) {
        b.setField(fd, transform((String) b.getField(fd)));
      } else if (isValue(fd)) {
        b.setField(fd, transform((Value) b.getField(fd), node));
      } else {
        throw notRedactable(node, describe(fd), null);
      }
      applied.add(node.path);
    }

    private void repeated(Message.Builder b, FieldDescriptor fd, Node node) {
      int count = b.getRepeatedFieldCount(fd);
      if (node.target && count == 0) {
        checkNamesBelow(fd, node);
        missing(node, node.where() + " is empty in this event");
        return;
      }
      if (node.target && method != RedactionMethod.DROP) {
        throw notRedactable(node, "a list (" + describe(fd) + ")",
            "redact its elements (" + node.where() + "[0], ...) or drop it");
      }
      TreeSet<Integer> removals = new TreeSet<>();
      for (Node child : node.children.values()) {
        Segment s = child.path.last();
        if (s.kind() != Kind.INDEX) {
          throw RedactionException.at(Reason.TYPE_MISMATCH, child.firstTarget(),
              node.where() + " is a list; address an element by index, e.g. " + node.where() + "[0]");
        }
        int i = s.index();
        if (i >= count) {
          checkNamesInElement(fd, child);
          missing(child, "index " + i + " is out of range: " + node.where() + " has " + count
              + (count == 1 ? " element" : " elements"));
          continue;
        }
        if (!child.children.isEmpty()) {
          if (fd.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
            throw nothingInside(child, "an element of " + describe(fd));
          }
          b.setRepeatedField(fd, i, inside((Message) b.getRepeatedField(fd, i), child));
        }
        if (!child.target) {
          continue;
        }
        if (method == RedactionMethod.DROP) {
          removals.add(i);
        } else if (fd.getJavaType() == FieldDescriptor.JavaType.STRING) {
          b.setRepeatedField(fd, i, transform((String) b.getRepeatedField(fd, i)));
        } else if (isValue(fd)) {
          b.setRepeatedField(fd, i, transform((Value) b.getRepeatedField(fd, i), child));
        } else {
          throw notRedactable(child, "an element of " + describe(fd), null);
        }
        applied.add(child.path);
      }
      if (node.target) {
        b.clearField(fd);
        applied.add(node.path);
      } else if (!removals.isEmpty()) {
        List<Object> kept = new ArrayList<>(count - removals.size());
        for (int i = 0; i < count; i++) {
          if (!removals.contains(i)) {
            kept.add(b.getRepeatedField(fd, i));
          }
        }
        b.clearField(fd);
        for (Object o : kept) {
          b.addRepeatedField(fd, o);
        }
      }
    }

    private Struct struct(Struct s, Node node) {
      Map<String, Value> fields = s.getFieldsMap();
      Struct.Builder b = s.toBuilder();
      for (Node child : node.children.values()) {
        Segment seg = child.path.last();
        if (seg.kind() == Kind.INDEX) {
          throw RedactionException.at(Reason.TYPE_MISMATCH, child.firstTarget(),
              where(node) + " is an object, not a list; address a key, e.g. " + node.where() + "['key']");
        }
        Value v = fields.get(seg.name());
        if (v == null) {
          missing(child, "this event has no key '" + seg.name() + "' in " + where(node));
          continue;
        }
        if (!child.children.isEmpty()) {
          v = value(v, child);
        }
        if (child.target) {
          applied.add(child.path);
          if (method == RedactionMethod.DROP) {
            b.removeFields(seg.name());
            continue;
          }
          v = transform(v, child);
        }
        b.putFields(seg.name(), v);
      }
      return b.build();
    }

    private ListValue list(ListValue l, Node node) {
      List<Value> values = new ArrayList<>(l.getValuesList());
      TreeSet<Integer> removals = new TreeSet<>();
      for (Node child : node.children.values()) {
        Segment seg = child.path.last();
        if (seg.kind() != Kind.INDEX) {
          throw RedactionException.at(Reason.TYPE_MISMATCH, child.firstTarget(),
              node.where() + " is a list, not an object; address an element by index, e.g. "
                  + node.where() + "[0]");
        }
        int i = seg.index();
        if (i >= values.size()) {
          missing(child, "index " + i + " is out of range: " + node.where() + " has " + values.size()
              + (values.size() == 1 ? " element" : " elements"));
          continue;
        }
        Value v = values.get(i);
        if (!child.children.isEmpty()) {
          v = value(v, child);
        }
        if (child.target) {
          applied.add(child.path);
          if (method == RedactionMethod.DROP) {
            removals.add(i);
          } else {
            v = transform(v, child);
          }
        }
        values.set(i, v);
      }
      // Removed in one pass at the end, so that every index meant the original position.
      ListValue.Builder b = ListValue.newBuilder();
      for (int i = 0; i < values.size(); i++) {
        if (!removals.contains(i)) {
          b.addValues(values.get(i));
        }
      }
      return b.build();
    }

    /** Applies {@code node}'s children inside a Struct value, which must be an object or a list. */
    private Value value(Value v, Node node) {
      return switch (v.getKindCase()) {
        case STRUCT_VALUE -> Value.newBuilder().setStructValue(struct(v.getStructValue(), node)).build();
        case LIST_VALUE -> Value.newBuilder().setListValue(list(v.getListValue(), node)).build();
        default -> throw nothingInside(node, kindName(v));
      };
    }

    private String transform(String s) {
      return method == RedactionMethod.MASK ? MASK : hashed(mac, s);
    }

    /** Mask turns any value into the marker; hash takes strings only. */
    private Value transform(Value v, Node node) {
      if (method == RedactionMethod.MASK) {
        return Value.newBuilder().setStringValue(MASK).build();
      }
      if (v.getKindCase() != Value.KindCase.STRING_VALUE) {
        throw notRedactable(node, kindName(v), "only strings can be hashed; mask or drop it instead");
      }
      return Value.newBuilder().setStringValue(hashed(mac, v.getStringValue())).build();
    }

    private void missing(Node node, String why) {
      if (!ignoreMissing) {
        throw RedactionException.at(Reason.MISSING, node.firstTarget(), "does not exist in this event: " + why
            + " (build the Redactor with ignoreMissing(true) to skip such paths)");
      }
    }

    private RedactionException notRedactable(Node node, String what, String advice) {
      String how = advice != null ? advice
          : method == RedactionMethod.HASH ? "only strings can be hashed; drop it instead"
          : "only strings and Struct values can be masked; drop it instead";
      return RedactionException.at(Reason.NOT_REDACTABLE, node.path, "cannot " + method.wireName() + " " + what + "; " + how);
    }

    private RedactionException nothingInside(Node node, String what) {
      return RedactionException.at(Reason.TYPE_MISMATCH, node.firstTarget(),
          node.where() + " is " + what + "; nothing inside it can be addressed");
    }
  }

  /**
   * The field {@code name} of {@code type}, which {@code child} (a child of {@code parent}) names.
   *
   * @throws RedactionException with reason {@link Reason#UNKNOWN_FIELD} when {@code type} has no
   *     such field
   */
  private static FieldDescriptor field(Descriptor type, String name, Node parent, Node child) {
    FieldDescriptor fd = type.findFieldByName(name);
    if (fd == null) {
      throw RedactionException.at(Reason.UNKNOWN_FIELD, child.firstTarget(), unknownField(type, name, parent));
    }
    return fd;
  }

  /**
   * Checks the names below {@code node}, whose field {@code fd} has no value in this event, against
   * the schema, so that a misspelt name is {@link Reason#UNKNOWN_FIELD} even where there is no data
   * (and not {@link Reason#MISSING}, which {@code ignoreMissing} would skip). The check stops where
   * the schema ends: at a {@code google.protobuf} type (in a {@code Struct} the names are data
   * keys), a map field, a scalar, or a segment of the wrong shape; shape errors are reported only
   * where there is data.
   */
  private static void checkNamesBelow(FieldDescriptor fd, Node node) {
    if (fd.isRepeated()) {
      for (Node element : node.children.values()) {
        checkNamesInElement(fd, element);
      }
    } else if (fd.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
      checkNames(fd.getMessageType(), node);
    }
  }

  /** {@link #checkNamesBelow} for {@code element}, an index into the repeated field {@code fd}. */
  private static void checkNamesInElement(FieldDescriptor fd, Node element) {
    if (!fd.isMapField() && fd.getJavaType() == FieldDescriptor.JavaType.MESSAGE
        && element.path.last().kind() == Kind.INDEX) {
      checkNames(fd.getMessageType(), element);
    }
  }

  /** Checks the names of {@code node}'s children, and below, against {@code type}. */
  private static void checkNames(Descriptor type, Node node) {
    if (type.getFullName().startsWith("google.protobuf.")) {
      return;
    }
    for (Node child : node.children.values()) {
      Segment s = child.path.last();
      if (s.kind() != Kind.INDEX) {
        FieldDescriptor fd = field(type, s.name(), node, child);
        if (!fd.isMapField()) {
          checkNamesBelow(fd, child);
        }
      }
    }
  }

  private static String where(Node node) {
    return node.path.isRoot() ? "the event" : node.where();
  }

  private static boolean isValue(FieldDescriptor fd) {
    return fd.getJavaType() == FieldDescriptor.JavaType.MESSAGE
        && fd.getMessageType().getFullName().equals("google.protobuf.Value");
  }

  private static String describe(FieldDescriptor fd) {
    String type = switch (fd.getJavaType()) {
      case MESSAGE -> fd.getMessageType().getFullName().startsWith("google.protobuf.")
          ? fd.getMessageType().getFullName() : fd.getMessageType().getName() + " message";
      case ENUM -> fd.getEnumType().getName() + " enum";
      case BYTE_STRING -> "bytes";
      default -> fd.getType().name().toLowerCase(java.util.Locale.ROOT);
    };
    return article(type) + " field";
  }

  private static String article(String noun) {
    return ("aeiouAEIOU".indexOf(noun.charAt(0)) >= 0 ? "an " : "a ") + noun;
  }

  private static String kindName(Value v) {
    return switch (v.getKindCase()) {
      case STRING_VALUE -> "a string";
      case NUMBER_VALUE -> "a number";
      case BOOL_VALUE -> "a boolean";
      case NULL_VALUE -> "null";
      case STRUCT_VALUE -> "an object";
      case LIST_VALUE -> "a list";
      case KIND_NOT_SET -> "an empty Value";
    };
  }

  private static String unknownField(Descriptor type, String name, Node parent) {
    StringBuilder sb = new StringBuilder(type.getName()).append(" has no field '").append(name).append('\'');
    for (FieldDescriptor f : type.getFields()) {
      if (f.getJsonName().equals(name) && !f.getName().equals(name)) {
        return sb.append("; did you mean '").append(f.getName())
            .append("'? Paths use proto field names, not the lowerCamelCase JSON names").toString();
      }
    }
    for (FieldDescriptor f : type.getFields()) {
      if (f.getName().equalsIgnoreCase(name)) {
        return sb.append("; did you mean '").append(f.getName()).append("'? Names are case-sensitive").toString();
      }
    }
    if (parent.path.isRoot()) {
      sb.append("; paths start at the event, e.g. llm_invocation.request.messages[0].content");
    }
    return sb.toString();
  }
}
