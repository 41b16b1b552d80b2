package ai.chaukas.spec.toolkit.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.common.v1.MessageContent;
import ai.chaukas.spec.common.v1.RedactionInfo;
import ai.chaukas.spec.testing.internal.SampleEvents;
import ai.chaukas.spec.testing.internal.Values;
import com.google.protobuf.Any;
import com.google.protobuf.Struct;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ContentHashTest {

  private static final ChainKey KEY = new ChainKey("t", "p", "s");

  private static String sha256(byte[]... parts) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    for (byte[] p : parts) {
      md.update(p);
    }
    return HexFormat.of().formatHex(md.digest());
  }

  @Test
  void isSha256OfPrefixAndCanonicalBytes() throws Exception {
    Event e = SampleEvents.llmInvocation();
    byte[] prefix = {'c', 'h', 'a', 'u', 'k', 'a', 's', '.', 'e', 'v', 'e', 'n', 't', '.', 'v', '1', 0};
    assertThat(ContentHash.of(e)).isEqualTo(sha256(prefix, ContentHash.canonicalBytes(e))).matches("[0-9a-f]{64}");
    assertThat(ContentHash.of(Event.getDefaultInstance()))
        .isEqualTo(sha256("chaukas.event.v1\0{}".getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void excludedFieldsDoNotMatter() {
    Event e = TestEvents.varied(5, KEY);
    Event decorated =
        e.toBuilder()
            .setContentHash("f".repeat(64))
            .setWormProofId("proof-7")
            .addExtensions(Any.pack(Struct.newBuilder().putFields("x", Values.num(1)).build()))
            .build();
    assertThat(ContentHash.of(decorated)).isEqualTo(ContentHash.of(e));
    assertThat(ContentHash.canonicalText(decorated)).doesNotContain("content_hash", "worm_proof_id", "extensions");
  }

  @Test
  void hashPrevAndRedactionAreHashed() {
    Event e = TestEvents.varied(4, KEY);
    assertThat(ContentHash.of(e.toBuilder().setHashPrev("a".repeat(64)).build())).isNotEqualTo(ContentHash.of(e));
    assertThat(ContentHash.of(e.toBuilder().setRedaction(RedactionInfo.newBuilder().setMethod("mask")).build()))
        .isNotEqualTo(ContentHash.of(e));
  }

  @Test
  void verify() {
    Event sealed = ContentHash.withContentHash(TestEvents.varied(1, KEY));
    assertThat(ContentHash.verify(sealed)).isTrue();
    assertThat(ContentHash.verify(sealed.toBuilder().setAgentName("other").build())).isFalse();
    assertThat(ContentHash.verify(sealed.toBuilder().setContentHash(sealed.getContentHash().toUpperCase()).build()))
        .isFalse();
    assertThat(ContentHash.verify(sealed.toBuilder().clearContentHash().build())).isFalse();
    Event nan = sealed.toBuilder().setMetadata(Struct.newBuilder().putFields("x", Values.num(Double.NaN))).build();
    assertThat(ContentHash.verify(nan)).isFalse();
    assertThatThrownBy(() -> ContentHash.of(nan)).isInstanceOf(CanonicalFormException.class).hasMessageContaining("metadata.x");
  }

  /** A 6 MB event goes through the 8 KiB buffer in pieces: same hash as the bytes in one go. */
  @Test
  void largeEventsStreamThroughTheDigest() throws Exception {
    String big = "é😀x\n".repeat(1_000_000);
    Event e = Event.newBuilder().setMessage(MessageContent.newBuilder().setText(big)).addTags(big).build();
    byte[] canonical = ContentHash.canonicalBytes(e);
    assertThat(canonical.length).isGreaterThan(6_000_000);
    assertThat(ContentHash.of(e)).isEqualTo(sha256("chaukas.event.v1\0".getBytes(StandardCharsets.US_ASCII), canonical));
  }

  @Test
  void refusalLeavesTheThreadsHasherUsable() {
    Event ok = TestEvents.varied(2, KEY);
    String before = ContentHash.of(ok);
    Event bad = ok.toBuilder().addTags("\uD800").build();
    assertThatThrownBy(() -> ContentHash.of(bad)).isInstanceOf(CanonicalFormException.class);
    assertThat(ContentHash.of(ok)).isEqualTo(before);
  }

  @Test
  void threadSafe() {
    List<Event> events = IntStream.range(0, 2000).mapToObj(i -> TestEvents.varied(i, KEY)).toList();
    List<String> sequential = events.stream().map(ContentHash::of).toList();
    List<String> parallel = events.parallelStream().map(ContentHash::of).toList();
    assertThat(parallel).isEqualTo(sequential);
  }
}
