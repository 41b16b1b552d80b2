package ai.chaukas.spec.toolkit.redaction;

import static ai.chaukas.spec.testing.internal.Values.list;
import static ai.chaukas.spec.testing.internal.Values.str;
import static ai.chaukas.spec.toolkit.redaction.RedactorTest.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.EventStatus;
import ai.chaukas.spec.common.v1.EventType;
import ai.chaukas.spec.common.v1.MessageContent;
import ai.chaukas.spec.common.v1.RedactionInfo;
import ai.chaukas.spec.common.v1.ToolCall;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class PiiDetectorTest {

  private final PiiDetector detector = PiiDetector.defaults();

  /** The text found in {@code text}, as "category:substring" items. */
  private List<String> found(String text) {
    return detector.scan(text).stream()
        .map(m -> m.category().label() + ":" + text.substring(m.start(), m.end()))
        .toList();
  }

  // ---- positives per category; each row is "text|expected findings" ----

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "write to jane.doe+audit@example.co.uk today|email:jane.doe+audit@example.co.uk",
      "Contact: JOHN_SMITH@Mail.Example.COM.|email:JOHN_SMITH@Mail.Example.COM",
      "<mailto:a@b.io>|email:a@b.io",
      "x@sub-domain.example.org|email:x@sub-domain.example.org",
      "call +1 (555) 123-4567 now|phone:+1 (555) 123-4567",
      "+44 20 7946 0958|phone:+44 20 7946 0958",
      "office: 555-123-4567.|phone:555-123-4567",
      "555.123.4567|phone:555.123.4567",
      "mobile 5551234567|phone:5551234567",
      "+4915112345678|phone:+4915112345678",  // passes Luhn, but '+' marks a phone number
      "(030) 1234 5678|phone:(030) 1234 5678",
      "+49 123 45678|phone:+49 123 45678",
      "card 4111 1111 1111 1111 exp 12/29|payment_card:4111 1111 1111 1111",
      "4111-1111-1111-1111|payment_card:4111-1111-1111-1111",
      "pan=4111111111111111;|payment_card:4111111111111111",
      "amex 378282246310005|payment_card:378282246310005",
      "6011111111111117|payment_card:6011111111111117",
      "visa 4222222222222|payment_card:4222222222222",
      "discover 6011000990139424|payment_card:6011000990139424",
      "from 10.0.0.1|ip_address:10.0.0.1",
      "peer=192.168.1.254:8080|ip_address:192.168.1.254",
      "255.255.255.255|ip_address:255.255.255.255",
      "0.0.0.0/0|ip_address:0.0.0.0",
      "host 2001:db8::1 up|ip_address:2001:db8::1",
      "2001:0db8:85a3:0000:0000:8a2e:0370:7334|ip_address:2001:0db8:85a3:0000:0000:8a2e:0370:7334",
      "fe80::1%eth0|ip_address:fe80::1",
      "loopback ::1.|ip_address:::1",
      "mapped ::ffff:192.0.2.1|ip_address:::ffff:192.0.2.1",
      "url http://[2001:db8::7]:443/|ip_address:2001:db8::7",
      "ip:fe80::2|ip_address:fe80::2",
  })
  void positives(String text, String expected) {
    assertThat(found(text)).containsExactly(expected);
  }

  // ---- negatives per category: texts with no finding of that category ----

  static Stream<Arguments> negativeCases() {
    return Stream.of(
        category("email", "user@localhost", "@example.com", "a@b", "foo@bar.c", "foo@-bar.com",
            "foo@bar.c0m", "plain text", "a @ b . com"),
        category("phone",
            "1234567",                                  // 7 digits
            "order 12345678",                           // bare 8 digits
            "due 2024-01-15",                           // ISO date
            "at 2024-01-15 10:30:00",                   // date and time
            "on 15.01.2024",                            // European date
            "+1234567890123456",                        // 16 digits
            "id 0194f2b0-7c1a-7b3e-9f00-000000000001",  // UUID
            "v1.2.3.4567",                              // version
            "abc12345678901def",                        // inside a token
            "(555 123-4567"),                           // unbalanced parenthesis
        category("payment_card",
            "4111 1111 1111 1112",      // Luhn fails
            "4111111111111112",         // Luhn fails
            "1234 5678 9012 3456",      // Luhn fails
            "41111111111111111111",     // 20 digits
            "411111111111",             // 12 digits
            "x4111111111111111",        // glued to a letter
            "4111 1111 1111 1111 1"),   // continues
        category("ip_address",
            "999.1.1.1", "256.1.1.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "v1.2.3.4",
            "10:30:00", "00:1a:2b:3c:4d:5e", "dead::beef", "1:2:3:4:5:6:7:8:9", "2001:db8:::1",
            "std::vector", "1::2::3", "2001:db8::g1", "12345::1"))
        .flatMap(cases -> cases);
  }

  private static Stream<Arguments> category(String label, String... texts) {
    return Stream.of(texts).map(text -> Arguments.of(label, text));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("negativeCases")
  void negatives(String category, String text) {
    assertThat(found(text)).noneMatch(f -> f.startsWith(category + ":"));
  }

  @Test
  void phoneDoesNotFireOnACardOrAnIp() {
    PiiDetector phonesOnly = PiiDetector.of(List.of(PiiCategory.PHONE));
    assertThat(phonesOnly.scan("4111 1111 1111 1111 and 378282246310005 and 4222222222222")).isEmpty();
    assertThat(phonesOnly.scan("192.168.100.200 and 10.10.10.10")).isEmpty();
    assertThat(phonesOnly.scan("378282246310006")).hasSize(1); // fails Luhn, 15 digits: a phone
  }

  @Test
  void luhn() {
    assertThat(PiiDetector.luhn("79927398713")).isTrue();
    assertThat(PiiDetector.luhn("79927398710")).isFalse();
    assertThat(PiiDetector.luhn("4111 1111 1111 1111")).isTrue();
  }

  @Test
  void ipv6ParserDirectly() {
    assertThat(PiiDetector.isIpv6("1:2:3:4:5:6:7:8")).isTrue();
    assertThat(PiiDetector.isIpv6("1:2:3:4:5:6:7")).isFalse();
    assertThat(PiiDetector.isIpv6("1:2:3:4:5:6:7::")).isTrue();
    assertThat(PiiDetector.isIpv6("1:2:3:4:5:6:7:8::")).isFalse();
    assertThat(PiiDetector.isIpv6("1:2:3:4:5:6:1.2.3.4")).isTrue();
    assertThat(PiiDetector.isIpv6("1.2.3.4::1")).isFalse();
    assertThat(PiiDetector.isIpv6(":1:2:3:4:5:6:7")).isFalse();
  }

  @Test
  void offsetsAndOverlapResolution() {
    String text = "mail jane@example.com or call +1 555 123 4567, card 4111111111111111, ip 10.1.2.3";
    List<PiiMatch> matches = detector.scan(text);
    assertThat(matches).extracting(PiiMatch::category).containsExactly(
        PiiCategory.EMAIL, PiiCategory.PHONE, PiiCategory.PAYMENT_CARD, PiiCategory.IP_ADDRESS);
    assertThat(matches.get(0)).isEqualTo(new PiiMatch(PiiCategory.EMAIL, 5, 21));
    // Digits inside an e-mail address are not a phone number as well.
    assertThat(found("5551234567@example.com")).containsExactly("email:5551234567@example.com");
  }

  @Test
  void categoriesCanBeLimited() {
    PiiDetector emailOnly = PiiDetector.of(Set.of(PiiCategory.EMAIL));
    assertThat(emailOnly.scan("a@b.io 10.0.0.1 4111111111111111")).extracting(PiiMatch::category)
        .containsExactly(PiiCategory.EMAIL);
    assertThat(emailOnly.categories()).containsExactly(PiiCategory.EMAIL);
    assertThatThrownBy(() -> PiiDetector.of(List.of())).isInstanceOf(IllegalArgumentException.class);
  }

  // ---- events ----

  static Event eventWithPii() {
    return Event.newBuilder()
        .setEventId("jane@example.com") // ids are not scanned
        .setSessionId("s-1")
        .setAgentId("bob@example.com")
        .setType(EventType.EVENT_TYPE_TOOL_CALL_START)
        .setStatus(EventStatus.EVENT_STATUS_STARTED)
        .setContentHash("c".repeat(64))
        .setWormProofId("proof-9")
        .addAllTags(List.of("ok", "owner jane@example.com", "fine", "call 555-123-4567"))
        .setToolCall(ToolCall.newBuilder()
            .setId("call-10.0.0.1")
            .setName("lookup")
            .setArguments(Struct.newBuilder()
                .putFields("to", list(str("nobody"), obj(Map.of("ip", str("10.0.0.1"), "n", str("5"))), str("4111 1111 1111 1111")))
                .putFields("odd key", str("ping 2001:db8::1"))))
        .addPiiCategories("health")
        .build();
  }

  @Test
  void findingsCarryNormalizedPathsAndOffsets() {
    List<PiiFinding> findings = detector.detect(eventWithPii());
    assertThat(findings).extracting(PiiFinding::toString).containsExactly(
        "$['tags'][1][6..22] email",
        "$['tags'][3][5..17] phone",
        "$['tool_call']['arguments']['odd key'][5..16] ip_address",
        "$['tool_call']['arguments']['to'][1]['ip'][0..8] ip_address",
        "$['tool_call']['arguments']['to'][2][0..19] payment_card");
  }

  @Test
  void annotateMergesCategoriesSortedAndClearsTheHash() {
    Event out = detector.annotate(eventWithPii());
    assertThat(out.getPiiCategoriesList()).containsExactly("email", "health", "ip_address", "payment_card", "phone");
    assertThat(out.getContentHash()).isEmpty();
    assertThat(out.getWormProofId()).isEmpty();
    assertThat(out.getTagsList()).isEqualTo(eventWithPii().getTagsList()); // nothing redacted
    assertThat(out.hasRedaction()).isFalse();
  }

  @Test
  void annotateLeavesACleanOrAlreadyAnnotatedEventAlone() {
    Event clean = Event.newBuilder().setEventId("e").setContentHash("c".repeat(64))
        .setMessage(MessageContent.newBuilder().setText("nothing personal here, version 1.2.3")).build();
    assertThat(detector.annotate(clean)).isSameAs(clean);
    Event annotated = detector.annotate(eventWithPii());
    assertThat(detector.annotate(annotated)).isSameAs(annotated);
  }

  @Test
  void detectorDrivenMaskRedactsWholeStringsAndRecordsThem() {
    Event out = detector.redact(eventWithPii(), RedactionMethod.MASK);
    assertThat(out.getTagsList()).containsExactly("ok", "[REDACTED]", "fine", "[REDACTED]");
    Struct args = out.getToolCall().getArguments();
    assertThat(args.getFieldsOrThrow("odd key")).isEqualTo(str("[REDACTED]"));
    assertThat(args.getFieldsOrThrow("to").getListValue().getValuesList()).containsExactly(
        str("nobody"), obj(Map.of("ip", str("[REDACTED]"), "n", str("5"))), str("[REDACTED]"));
    assertThat(out.getRedaction()).isEqualTo(RedactionInfo.newBuilder()
        .addFields("$['tags'][1]")
        .addFields("$['tags'][3]")
        .addFields("$['tool_call']['arguments']['odd key']")
        .addFields("$['tool_call']['arguments']['to'][1]['ip']")
        .addFields("$['tool_call']['arguments']['to'][2]")
        .setMethod("mask").build());
    assertThat(out.getPiiCategoriesList()).containsExactly("email", "health", "ip_address", "payment_card", "phone");
    assertThat(out.getEventId()).isEqualTo("jane@example.com");
    assertThat(out.getAgentId()).isEqualTo("bob@example.com");
    assertThat(out.getContentHash()).isEmpty();
    assertThat(detector.detect(out)).isEmpty();
  }

  @Test
  void detectorDrivenDropRemovesListElementsByOriginalIndex() {
    Event out = detector.redact(eventWithPii(), RedactionMethod.DROP);
    assertThat(out.getTagsList()).containsExactly("ok", "fine");
    assertThat(out.getToolCall().getArguments().getFieldsOrThrow("to").getListValue().getValuesList())
        .containsExactly(str("nobody"), obj(Map.of("n", str("5"))));
    assertThat(out.getToolCall().getArguments().getFieldsMap()).doesNotContainKey("odd key");
    assertThat(out.getRedaction().getMethod()).isEqualTo("drop");
  }

  @Test
  void detectorDrivenHashUsesTheRedactorsKeys() {
    byte[] key = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    Redactor redactor = Redactor.builder().keyProvider(KeyProvider.of("pii-2025", key)).build();
    Event out = detector.redact(eventWithPii(), redactor, RedactionMethod.HASH, "pii-2025");
    assertThat(out.getTags(1)).isEqualTo(Redactor.hashedValue(key, "owner jane@example.com"));
    assertThat(out.getRedaction().getSaltId()).isEqualTo("pii-2025");
    assertThat(detector.detect(out)).isEmpty();
  }

  @Test
  void nothingFoundMeansNothingChanged() {
    Event clean = Event.newBuilder().setEventId("e").setContentHash("c".repeat(64))
        .setMessage(MessageContent.newBuilder().setText("hello")).build();
    assertThat(detector.redact(clean, RedactionMethod.MASK)).isSameAs(clean);
  }

  // ---- no catastrophic backtracking ----

  /** Inputs that would make careless patterns backtrack: long runs of almost-matches. */
  static List<Named<String>> adversarial() {
    int n = 1 << 20;
    return List.of(
        Named.of("'1' x 1M", "1".repeat(n)),
        Named.of("'1 ' x 512K", "1 ".repeat(n / 2)),
        Named.of("'1-' x 512K", "1-".repeat(n / 2)),
        Named.of("'1.' x 512K", "1.".repeat(n / 2)),
        Named.of("'(1' x 512K", "(1".repeat(n / 2)),
        Named.of("'+1 (' x 256K", "+1 (".repeat(n / 4)),
        Named.of("'a' x 1M then '@'", "a".repeat(n) + "@"),
        Named.of("'a@' x 512K", "a@".repeat(n / 2)),
        Named.of("'a@' then 'a' x 1M", "a@" + "a".repeat(n)),
        Named.of("'a@' then 'a.' x 512K", "a@" + "a.".repeat(n / 2)),
        Named.of("'a@' then 'a-' x 512K", "a@" + "a-".repeat(n / 2) + "a"),
        Named.of("'1.1.1.' x 170K then 'x'", "1.1.1.".repeat(n / 6) + "x"),
        Named.of("'25.' x 350K", "25.".repeat(n / 3)),
        Named.of("':' x 1M", ":".repeat(n)),
        Named.of("'1:' x 512K", "1:".repeat(n / 2)),
        Named.of("'f:1::' x 210K", "f:1::".repeat(n / 5)),
        Named.of("'4111 1111 ' x 100K", "4111 1111 ".repeat(n / 10)),
        Named.of("36K lines of real findings", "x@y.io 555-123-4567 10.0.0.1 ".repeat(n / 29)));
  }

  /** A linear scan takes well under a second; super-linear behaviour on 1 MB would take hours. */
  private static final long LIMIT_MILLIS = Duration.ofSeconds(15).toMillis();

  @ParameterizedTest
  @MethodSource("adversarial")
  void oneMegabyteOfAdversarialTextScansInLinearTime(String text) {
    assertThat(text.length()).isGreaterThan(900_000);
    long millis = timed(() -> detector.scan(text));
    assertThat(millis).as("scan took %d ms", millis).isLessThan(LIMIT_MILLIS);
  }

  @Test
  void oneMegabyteStructStringThroughTheEventPath() {
    Event e = Event.newBuilder().setEventId("e").setMetadata(Struct.newBuilder()
        .putFields("blob", Value.newBuilder().setStringValue("9".repeat(1 << 20) + " a@b.io").build())).build();
    AtomicReference<List<PiiFinding>> out = new AtomicReference<>();
    long millis = timed(() -> out.set(detector.detect(e)));
    assertThat(millis).isLessThan(LIMIT_MILLIS);
    assertThat(out.get()).extracting(PiiFinding::toString).containsExactly(
        "$['metadata']['blob'][" + ((1 << 20) + 1) + ".." + ((1 << 20) + 7) + "] email");
  }

  private static long timed(Runnable work) {
    long start = System.nanoTime();
    work.run();
    return (System.nanoTime() - start) / 1_000_000;
  }
}
