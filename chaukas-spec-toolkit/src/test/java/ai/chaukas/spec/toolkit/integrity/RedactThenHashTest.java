package ai.chaukas.spec.toolkit.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.EventType;
import ai.chaukas.spec.common.v1.MessageContent;
import ai.chaukas.spec.common.v1.RedactionInfo;
import ai.chaukas.spec.testing.internal.Values;
import ai.chaukas.spec.toolkit.integrity.ChainBreak.Reason;
import ai.chaukas.spec.toolkit.redaction.KeyProvider;
import ai.chaukas.spec.toolkit.redaction.Redactor;
import com.google.protobuf.Struct;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The redaction vectors hold what the toolkit's Redactor writes, and redacting after hashing shows. */
class RedactThenHashTest {

  private static final Redactor REDACTOR =
      Redactor.builder().keyProvider(KeyProvider.of("jefe", "Jefe".getBytes(StandardCharsets.UTF_8))).build();

  private static Event original() {
    return Event.newBuilder()
        .setEventId("e-1")
        .setSessionId("s-1")
        .setType(EventType.EVENT_TYPE_INPUT_RECEIVED)
        .setMessage(MessageContent.newBuilder().setRole("user").setText("what do ya want for nothing?"))
        .setMetadata(Struct.newBuilder().putFields("user", Values.str("u-1")).putFields("email", Values.str("a@b.c")))
        .build();
  }

  @Test
  void vectorsMatchTheRedactor() {
    Event masked = REDACTOR.mask(original(), "message.text");
    assertThat(masked.getMessage().getText()).isEqualTo("[REDACTED]");
    assertThat(masked.getRedaction())
        .isEqualTo(RedactionInfo.newBuilder().addFields("$['message']['text']").setMethod("mask").build());

    Event hashed = REDACTOR.hash(original(), "jefe", "message.text");
    assertThat(hashed.getMessage().getText())
        .isEqualTo("hmac-sha256:5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    assertThat(hashed.getRedaction())
        .isEqualTo(RedactionInfo.newBuilder().addFields("$['message']['text']").setMethod("hash").setSaltId("jefe").build());

    Event dropped = REDACTOR.drop(original(), "message.text", "metadata.email");
    assertThat(dropped.getMessage().getText()).isEmpty();
    assertThat(dropped.getMetadata().getFieldsMap()).containsOnlyKeys("user");
    assertThat(dropped.getRedaction())
        .isEqualTo(RedactionInfo.newBuilder().addFields("$['message']['text']").addFields("$['metadata']['email']")
            .setMethod("drop").build());
    for (Event e : List.of(masked, hashed, dropped)) {
      assertThat(ContentHash.verify(ContentHash.withContentHash(e))).isTrue();
      assertThat(ContentHash.of(e)).isNotEqualTo(ContentHash.of(original()));
    }
    // The vectors hold exactly what the Redactor writes.
    assertThat(vector("redaction-mask").getMessage().getText()).isEqualTo(masked.getMessage().getText());
    assertThat(vector("redaction-mask").getRedaction()).isEqualTo(masked.getRedaction());
    assertThat(vector("redaction-hash").getMessage().getText()).isEqualTo(hashed.getMessage().getText());
    assertThat(vector("redaction-hash").getRedaction()).isEqualTo(hashed.getRedaction());
    assertThat(vector("redaction-drop").getMessage().getText()).isEqualTo(dropped.getMessage().getText());
    assertThat(vector("redaction-drop").getMetadata()).isEqualTo(dropped.getMetadata());
    assertThat(vector("redaction-drop").getRedaction()).isEqualTo(dropped.getRedaction());
  }

  private static Event vector(String name) {
    Vectors.Vector v = Vectors.all().stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
    try {
      return Event.parseFrom(v.binary());
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }

  /** Redact first, then hash and chain: verifies. Redacting a chained event: a visible break. */
  @Test
  void redactingAfterChainingBreaksTheChain() {
    ChainKey key = new ChainKey("", "", "s-1");
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      events.add(original().toBuilder().setEventId("e-" + i).build());
    }
    List<Event> redactedFirst = new ArrayList<>();
    for (Event e : events) {
      redactedFirst.add(REDACTOR.mask(e, "metadata.email"));
    }
    assertThat(ChainVerifier.verify(HashChain.link(redactedFirst)).ok()).isTrue();

    List<Event> chained = new ArrayList<>(HashChain.link(events));
    Event redacted = REDACTOR.mask(chained.get(1), "metadata.email");
    assertThat(redacted.getContentHash()).isEmpty(); // the redactor clears the stale hash
    chained.set(1, ContentHash.withContentHash(redacted));
    ChainReport r = ChainVerifier.verify(chained);
    assertThat(r.firstBreak().orElseThrow().index()).isEqualTo(2);
    assertThat(r.firstBreak().orElseThrow().reason()).isEqualTo(Reason.DELETED);
    assertThat(r.tips()).containsKey(key);
  }
}
