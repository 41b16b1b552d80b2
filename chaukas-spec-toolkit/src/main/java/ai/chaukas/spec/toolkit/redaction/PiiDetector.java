package ai.chaukas.spec.toolkit.redaction;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.toolkit.FieldPath;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.ListValue;
import com.google.protobuf.Message;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small, documented detector of personal data in the strings of an event: e-mail addresses,
 * phone numbers, payment card numbers (Luhn-checked) and IPv4/IPv6 addresses
 * ({@link PiiCategory}). It finds the data ({@link #detect(Event)}), records the categories in
 * {@code pii_categories} ({@link #annotate(Event)}) and drives a {@link Redactor}
 * ({@link #redact(Event, Redactor, RedactionMethod, String)}).
 *
 * <p>It reads every string value: string fields, elements of repeated string fields and
 * {@code Struct} string values at any depth. It does not read identifier and integrity fields
 * ({@link #UNSCANNED_FIELDS}), {@code Struct} keys, enums, numbers, timestamps or {@code Any}
 * payloads. The patterns and their known limits are in {@code docs/redaction.md}; they are
 * heuristics that favour few false positives, not a guarantee that an event is free of personal
 * data. Every pattern uses bounded or possessive repetition, so the time spent is linear in the
 * length of the text.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 1.0.5
 */
public final class PiiDetector {

  /**
   * Fields never scanned, by full proto name: the ids that link events (redacting them breaks
   * sessions, spans and tenancy; redact them by explicit path if they carry personal data), the
   * integrity fields, the redaction record and the category lists themselves.
   */
  public static final Set<String> UNSCANNED_FIELDS = Set.of(
      "chaukas.spec.common.v1.Event.event_id",
      "chaukas.spec.common.v1.Event.tenant_id",
      "chaukas.spec.common.v1.Event.project_id",
      "chaukas.spec.common.v1.Event.session_id",
      "chaukas.spec.common.v1.Event.span_id",
      "chaukas.spec.common.v1.Event.parent_span_id",
      "chaukas.spec.common.v1.Event.trace_id",
      "chaukas.spec.common.v1.Event.agent_id",
      "chaukas.spec.common.v1.Event.invocation_id",
      "chaukas.spec.common.v1.Event.response_id",
      "chaukas.spec.common.v1.Event.hash_prev",
      "chaukas.spec.common.v1.Event.content_hash",
      "chaukas.spec.common.v1.Event.worm_proof_id",
      "chaukas.spec.common.v1.Event.redaction",
      "chaukas.spec.common.v1.Event.pii_categories",
      "chaukas.spec.common.v1.ToolCall.id",
      "chaukas.spec.common.v1.ToolResponse.tool_call_id",
      "chaukas.spec.common.v1.AgentHandoff.from_agent_id",
      "chaukas.spec.common.v1.AgentHandoff.to_agent_id",
      "chaukas.spec.common.v1.DataAccess.pii_categories");

  /** Deeper nesting than this is refused rather than scanned partly (events off the wire stop at 100). */
  static final int MAX_DEPTH = 512;

  private static final String OCTET = "(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";

  /** Local part of 1-64 characters, '@', 1-8 dot-terminated labels of 1-63, a letters-only TLD. */
  static final Pattern EMAIL = Pattern.compile(
      "(?<![A-Za-z0-9._%+\\-])[A-Za-z0-9._%+\\-]{1,64}+@"
          + "(?:[A-Za-z0-9](?:[A-Za-z0-9\\-]{0,61}[A-Za-z0-9])?\\.){1,8}[A-Za-z]{2,63}+"
          + "(?![A-Za-z0-9\\-])");

  /** 13-19 digits, single spaces or dashes allowed between them, not part of a longer number nor after '+'. */
  static final Pattern CARD = Pattern.compile(
      "(?<![\\p{L}\\p{N}_+])(?<![0-9][ \\-])[0-9](?:[ \\-]?+[0-9]){12,18}+"
          + "(?![\\p{L}\\p{N}_])(?![ \\-][0-9])");

  /** An optional '+', then digits with up to two of space . - ( ) between them; 8-19 digits here, 8-15 after filtering. */
  static final Pattern PHONE = Pattern.compile(
      "(?<![\\p{L}\\p{N}_+(])(?<![0-9][ .()\\-])(?<![\\p{L}][.\\-])"
          + "\\+?+\\(?+[0-9](?:[ .()\\-]{0,2}+[0-9]){7,18}+"
          + "(?![\\p{L}\\p{N}_])(?![ .()\\-]{1,2}+[0-9])");

  /** Dotted quad, each part 0-255 without leading zeros, not inside a longer dotted number. */
  static final Pattern IPV4 = Pattern.compile(
      "(?<![\\p{L}\\p{N}_.])(?:" + OCTET + "\\.){3}+" + OCTET + "(?![\\p{L}\\p{N}_])(?!\\.[0-9])");

  private static final Pattern IPV4_EXACT = Pattern.compile("(?:" + OCTET + "\\.){3}" + OCTET);

  /** A run of hex digits, ':' and '.', checked afterwards by {@link #isIpv6(String)}. */
  static final Pattern IPV6_CANDIDATE = Pattern.compile(
      "(?:(?<![\\p{L}\\p{N}_.:])|(?<=\\p{L}:))[0-9A-Fa-f:.]{2,45}+(?![\\p{L}\\p{N}_:.])");

  private static final Pattern DATE_YMD =
      Pattern.compile("[0-9]{4}([-.])([0-9]{1,2})\\1([0-9]{1,2})(?: [0-9]{1,2})?");
  private static final Pattern DATE_DMY =
      Pattern.compile("([0-9]{1,2})([-.])([0-9]{1,2})\\2[0-9]{4}(?: [0-9]{1,2})?");

  private static final PiiDetector ALL = new PiiDetector(EnumSet.allOf(PiiCategory.class));

  private final Set<PiiCategory> categories;

  private PiiDetector(Set<PiiCategory> categories) {
    this.categories = categories;
  }

  /** A detector of every {@link PiiCategory}. */
  public static PiiDetector defaults() {
    return ALL;
  }

  /** A detector of these categories only (at least one). */
  public static PiiDetector of(Collection<PiiCategory> categories) {
    if (categories.isEmpty()) {
      throw new IllegalArgumentException("name at least one category");
    }
    return new PiiDetector(EnumSet.copyOf(categories));
  }

  /** The categories this detector looks for. */
  public Set<PiiCategory> categories() {
    return EnumSet.copyOf(categories);
  }

  /**
   * Every finding in the event's scanned strings, in field-number order (Struct keys by code
   * point, list elements by index), then by position within the string. Overlapping candidates
   * are resolved in the order email, payment_card, ip_address, phone, so each character belongs to
   * at most one finding.
   *
   * @throws IllegalArgumentException when messages or Struct values nest deeper than 512 levels
   */
  public List<PiiFinding> detect(Event event) {
    Objects.requireNonNull(event, "event");
    List<PiiFinding> out = new ArrayList<>();
    walkMessage(event, FieldPath.root(), 0, out);
    return out;
  }

  /** The personal data in one string, in order of position; see {@link #detect(Event)}. */
  public List<PiiMatch> scan(String text) {
    Objects.requireNonNull(text, "text");
    boolean at = false;
    boolean digit = false;
    boolean colon = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      at |= c == '@';
      digit |= c >= '0' && c <= '9';
      colon |= c == ':';
    }
    if (!at && !digit) {
      return List.of();
    }
    List<PiiMatch> candidates = new ArrayList<>();
    if (at && categories.contains(PiiCategory.EMAIL)) {
      find(EMAIL, text, PiiCategory.EMAIL, candidates);
    }
    if (digit && categories.contains(PiiCategory.PAYMENT_CARD)) {
      Matcher m = CARD.matcher(text);
      while (m.find()) {
        if (luhn(m.group())) {
          candidates.add(new PiiMatch(PiiCategory.PAYMENT_CARD, m.start(), m.end()));
        }
      }
    }
    if (digit && categories.contains(PiiCategory.IP_ADDRESS)) {
      find(IPV4, text, PiiCategory.IP_ADDRESS, candidates);
      if (colon) {
        Matcher m = IPV6_CANDIDATE.matcher(text);
        while (m.find()) {
          int end = m.end();
          if (text.charAt(end - 1) == '.') {
            end--; // a sentence's full stop
          }
          if (isIpv6(text.substring(m.start(), end))) {
            candidates.add(new PiiMatch(PiiCategory.IP_ADDRESS, m.start(), end));
          }
        }
      }
    }
    if (digit && categories.contains(PiiCategory.PHONE)) {
      Matcher m = PHONE.matcher(text);
      while (m.find()) {
        if (isPhone(m.group())) {
          candidates.add(new PiiMatch(PiiCategory.PHONE, m.start(), m.end()));
        }
      }
    }
    return withoutOverlaps(candidates);
  }

  /**
   * The event with the categories found added to {@code pii_categories}: the union with the
   * categories already there, distinct and sorted by code point. When that changes the list,
   * {@code content_hash} and {@code worm_proof_id} are cleared, as they no longer match. Returns
   * the event itself when nothing is found or nothing changes.
   */
  public Event annotate(Event event) {
    return withCategories(event, detect(event));
  }

  /**
   * Annotates the event ({@link #annotate(Event)}) and redacts, with {@code method}, every string
   * that holds a finding, as a whole (the redaction record holds paths, not offsets, so part of a
   * string cannot be recorded). With {@link RedactionMethod#HASH} the redactor's key provider
   * must know {@code saltId}. Returns the event itself when nothing is found.
   *
   * @param saltId the key name for {@link RedactionMethod#HASH}; null for mask and drop
   * @throws RedactionException as {@link Redactor#redact} does, e.g. when the event already
   *     records another method
   */
  public Event redact(Event event, Redactor redactor, RedactionMethod method, String saltId) {
    Objects.requireNonNull(redactor, "redactor");
    List<PiiFinding> findings = detect(event);
    if (findings.isEmpty()) {
      return event;
    }
    Set<RedactionPath> paths = new LinkedHashSet<>();
    for (PiiFinding f : findings) {
      paths.add(f.path());
    }
    return redactor.redact(withCategories(event, findings), method, saltId, paths);
  }

  /**
   * {@link #redact(Event, Redactor, RedactionMethod, String)} with {@link Redactor#withoutKeys()}:
   * for {@link RedactionMethod#MASK} and {@link RedactionMethod#DROP}.
   */
  public Event redact(Event event, RedactionMethod method) {
    return redact(event, Redactor.withoutKeys(), method, null);
  }

  private static Event withCategories(Event event, List<PiiFinding> findings) {
    if (findings.isEmpty()) {
      return event;
    }
    TreeSet<String> merged = new TreeSet<>(RedactionPath.CODE_POINT_ORDER);
    merged.addAll(event.getPiiCategoriesList());
    for (PiiFinding f : findings) {
      merged.add(f.category().label());
    }
    if (List.copyOf(merged).equals(event.getPiiCategoriesList())) {
      return event;
    }
    return event.toBuilder()
        .clearPiiCategories()
        .addAllPiiCategories(merged)
        .clearContentHash()
        .clearWormProofId()
        .build();
  }

  private void walkMessage(Message msg, FieldPath path, int depth, List<PiiFinding> out) {
    checkDepth(path, depth);
    if (msg instanceof Struct s) {
      walkStruct(s, path, depth, out);
      return;
    }
    if (msg instanceof ListValue l) {
      walkList(l, path, depth, out);
      return;
    }
    if (msg instanceof Value v) {
      walkValue(v, path, depth, out);
      return;
    }
    if (msg.getDescriptorForType().getFullName().startsWith("google.protobuf.")) {
      return; // Timestamp, Any and the like hold no free text
    }
    for (Map.Entry<FieldDescriptor, Object> e : msg.getAllFields().entrySet()) {
      FieldDescriptor fd = e.getKey();
      if (UNSCANNED_FIELDS.contains(fd.getFullName()) || fd.isMapField()) {
        continue;
      }
      FieldPath fieldPath = path.field(fd.getName());
      boolean isString = fd.getJavaType() == FieldDescriptor.JavaType.STRING;
      boolean isMessage = fd.getJavaType() == FieldDescriptor.JavaType.MESSAGE;
      if (fd.isRepeated()) {
        List<?> items = (List<?>) e.getValue();
        for (int i = 0; i < items.size(); i++) {
          if (isString) {
            scanInto((String) items.get(i), fieldPath.index(i), out);
          } else if (isMessage) {
            walkMessage((Message) items.get(i), fieldPath.index(i), depth + 1, out);
          }
        }
      } else if (isString) {
        scanInto((String) e.getValue(), fieldPath, out);
      } else if (isMessage) {
        walkMessage((Message) e.getValue(), fieldPath, depth + 1, out);
      }
    }
  }

  private void walkStruct(Struct s, FieldPath path, int depth, List<PiiFinding> out) {
    TreeMap<String, Value> sorted = new TreeMap<>(RedactionPath.CODE_POINT_ORDER);
    sorted.putAll(s.getFieldsMap());
    for (Map.Entry<String, Value> e : sorted.entrySet()) {
      walkValue(e.getValue(), path.key(e.getKey()), depth + 1, out);
    }
  }

  private void walkList(ListValue l, FieldPath path, int depth, List<PiiFinding> out) {
    for (int i = 0; i < l.getValuesCount(); i++) {
      walkValue(l.getValues(i), path.index(i), depth + 1, out);
    }
  }

  private void walkValue(Value v, FieldPath path, int depth, List<PiiFinding> out) {
    checkDepth(path, depth);
    switch (v.getKindCase()) {
      case STRING_VALUE -> scanInto(v.getStringValue(), path, out);
      case STRUCT_VALUE -> walkStruct(v.getStructValue(), path, depth, out);
      case LIST_VALUE -> walkList(v.getListValue(), path, depth, out);
      default -> { }
    }
  }

  private static void checkDepth(FieldPath path, int depth) {
    if (depth > MAX_DEPTH) {
      String at = path.toNormalizedJsonPath();
      throw new IllegalArgumentException("the event nests deeper than " + MAX_DEPTH + " levels (at "
          + at.substring(0, Math.min(at.length(), 200)) + "...); it cannot be scanned");
    }
  }

  private void scanInto(String text, FieldPath path, List<PiiFinding> out) {
    List<PiiMatch> matches = scan(text);
    if (matches.isEmpty()) {
      return;
    }
    RedactionPath where = RedactionPath.of(path);
    for (PiiMatch m : matches) {
      out.add(new PiiFinding(m.category(), where, m.start(), m.end()));
    }
  }

  private static void find(Pattern p, String text, PiiCategory category, List<PiiMatch> out) {
    Matcher m = p.matcher(text);
    while (m.find()) {
      out.add(new PiiMatch(category, m.start(), m.end()));
    }
  }

  /** Keeps the strongest of overlapping candidates: by category order, then the longer one. */
  private static List<PiiMatch> withoutOverlaps(List<PiiMatch> candidates) {
    if (candidates.size() <= 1) {
      return candidates;
    }
    candidates.sort(Comparator.comparing(PiiMatch::category, Comparator.comparingInt(PiiDetector::rank))
        .thenComparing(m -> m.start() - m.end())
        .thenComparingInt(PiiMatch::start));
    TreeMap<Integer, PiiMatch> kept = new TreeMap<>();
    for (PiiMatch m : candidates) {
      Map.Entry<Integer, PiiMatch> before = kept.floorEntry(m.start());
      Map.Entry<Integer, PiiMatch> after = kept.ceilingEntry(m.start());
      boolean overlaps = (before != null && before.getValue().end() > m.start())
          || (after != null && after.getKey() < m.end());
      if (!overlaps) {
        kept.put(m.start(), m);
      }
    }
    return new ArrayList<>(kept.values());
  }

  private static int rank(PiiCategory c) {
    return switch (c) {
      case EMAIL -> 0;
      case PAYMENT_CARD -> 1;
      case IP_ADDRESS -> 2;
      case PHONE -> 3;
    };
  }

  /** The Luhn (mod 10) check over the digits of {@code text}, ignoring separators. */
  static boolean luhn(String text) {
    int sum = 0;
    boolean doubled = false;
    for (int i = text.length() - 1; i >= 0; i--) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        continue;
      }
      int d = c - '0';
      if (doubled) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      doubled = !doubled;
    }
    return sum % 10 == 0;
  }

  /** The filters a {@link #PHONE} candidate must pass (docs/redaction.md, "phone"). */
  static boolean isPhone(String candidate) {
    int digits = 0;
    boolean separated = false;
    int open = 0;
    int close = 0;
    for (int i = 0; i < candidate.length(); i++) {
      char c = candidate.charAt(i);
      if (c >= '0' && c <= '9') {
        digits++;
      } else if (c == '(') {
        open++;
      } else if (c == ')') {
        close++;
      }
      if (c == ' ' || c == '.' || c == '-' || c == '(' || c == ')') {
        separated = true;
      }
    }
    boolean plus = candidate.charAt(0) == '+';
    if (digits < 8 || digits > 15 || open != close) {
      return false;
    }
    if (!plus && !separated && digits < 10) {
      return false; // a bare 8- or 9-digit run is more often an amount or a reference
    }
    if (!plus && (isDate(candidate) || IPV4_EXACT.matcher(candidate).matches())) {
      return false;
    }
    boolean cardShaped = !plus && candidate.chars().allMatch(c -> (c >= '0' && c <= '9') || c == ' ' || c == '-');
    return !(cardShaped && digits >= 13 && luhn(candidate));
  }

  private static boolean isDate(String candidate) {
    Matcher ymd = DATE_YMD.matcher(candidate);
    if (ymd.matches()) {
      return inRange(ymd.group(2), 1, 12) && inRange(ymd.group(3), 1, 31);
    }
    Matcher dmy = DATE_DMY.matcher(candidate);
    if (dmy.matches()) {
      int a = Integer.parseInt(dmy.group(1));
      int b = Integer.parseInt(dmy.group(3));
      return a >= 1 && b >= 1 && a <= 31 && b <= 31 && (a <= 12 || b <= 12);
    }
    return false;
  }

  private static boolean inRange(String number, int min, int max) {
    int n = Integer.parseInt(number);
    return n >= min && n <= max;
  }

  /**
   * Whether {@code s} is an IPv6 address in RFC 4291 text form (eight groups of 1-4 hex digits,
   * one {@code ::} for a run of zero groups, optionally a dotted-quad tail) that contains at least
   * one decimal digit. Parsed here; never given to {@link java.net.InetAddress}.
   */
  static boolean isIpv6(String s) {
    if (s.indexOf(':') < 0 || s.chars().noneMatch(c -> c >= '0' && c <= '9')) {
      return false;
    }
    int gap = s.indexOf("::");
    if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
      return false;
    }
    List<String> parts = new ArrayList<>();
    if (gap >= 0) {
      splitGroups(s.substring(0, gap), parts);
      splitGroups(s.substring(gap + 2), parts);
    } else {
      splitGroups(s, parts);
    }
    int groups = 0;
    for (int i = 0; i < parts.size(); i++) {
      String p = parts.get(i);
      if (p.indexOf('.') >= 0) {
        if (i != parts.size() - 1 || !IPV4_EXACT.matcher(p).matches()) {
          return false;
        }
        groups += 2;
      } else if (p.isEmpty() || p.length() > 4 || !p.chars().allMatch(PiiDetector::isHex)) {
        return false;
      } else {
        groups++;
      }
    }
    return gap >= 0 ? groups <= 7 : groups == 8;
  }

  private static boolean isHex(int c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static void splitGroups(String s, List<String> into) {
    if (s.isEmpty()) {
      return;
    }
    int from = 0;
    while (true) {
      int colon = s.indexOf(':', from);
      if (colon < 0) {
        into.add(s.substring(from));
        return;
      }
      into.add(s.substring(from, colon));
      from = colon + 1;
    }
  }
}
