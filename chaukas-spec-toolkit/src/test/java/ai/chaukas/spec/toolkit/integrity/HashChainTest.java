package ai.chaukas.spec.toolkit.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.testing.internal.Values;
import com.google.protobuf.Struct;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HashChainTest {

  private static final ChainKey A = new ChainKey("t", "p", "session-a");
  private static final ChainKey B = new ChainKey("t", "p", "session-b");

  @Test
  void linksInOrder() {
    List<Event> in = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      in.add(TestEvents.varied(i, A).toBuilder().setHashPrev("junk").setContentHash("junk").build());
    }
    List<Event> out = HashChain.link(in);
    assertThat(out).hasSize(20);
    assertThat(out.get(0).getHashPrev()).isEmpty();
    for (int i = 0; i < 20; i++) {
      assertThat(ContentHash.verify(out.get(i))).isTrue();
      assertThat(out.get(i).toBuilder().clearHashPrev().clearContentHash().build())
          .isEqualTo(in.get(i).toBuilder().clearHashPrev().clearContentHash().build());
      if (i > 0) {
        assertThat(out.get(i).getHashPrev()).isEqualTo(out.get(i - 1).getContentHash());
      }
    }
    assertThat(ChainVerifier.verify(out).ok()).isTrue();
  }

  @Test
  void aForgottenChainStartsAfreshAndTheOthersGoOn() {
    HashChain.Linker linker = HashChain.linker();
    Event a0 = linker.append(TestEvents.varied(0, A));
    Event b0 = linker.append(TestEvents.varied(1, B));
    assertThat(linker.size()).isEqualTo(2);
    linker.forget(A);
    assertThat(linker.size()).isOne();
    assertThat(linker.tip(A)).isEmpty();
    assertThat(linker.append(TestEvents.varied(2, A)).getHashPrev()).isEmpty();
    assertThat(linker.append(TestEvents.varied(3, B)).getHashPrev()).isEqualTo(b0.getContentHash());
    assertThat(a0.getHashPrev()).isEmpty();
  }

  @Test
  void mixedSessionsFormSeparateChains() {
    List<Event> in = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      in.add(TestEvents.varied(i, i % 3 == 0 ? B : A));
    }
    List<Event> out = HashChain.link(in);
    String lastA = "";
    String lastB = "";
    for (Event e : out) {
      if (ChainKey.of(e).equals(A)) {
        assertThat(e.getHashPrev()).isEqualTo(lastA);
        lastA = e.getContentHash();
      } else {
        assertThat(e.getHashPrev()).isEqualTo(lastB);
        lastB = e.getContentHash();
      }
    }
    ChainReport report = ChainVerifier.verify(out);
    assertThat(report.ok()).isTrue();
    assertThat(report.chainCount()).isEqualTo(2);
    assertThat(report.tips()).containsEntry(A, lastA).containsEntry(B, lastB);
  }

  @Test
  void linkerContinuesAChain() {
    List<Event> first = HashChain.link(List.of(TestEvents.varied(0, A), TestEvents.varied(1, A)));
    HashChain.Linker linker = HashChain.linker().resume(A, first.get(1).getContentHash());
    Event third = linker.append(TestEvents.varied(2, A));
    assertThat(third.getHashPrev()).isEqualTo(first.get(1).getContentHash());
    assertThat(linker.tip(A)).contains(third.getContentHash());
    assertThat(linker.tip(B)).isEmpty();
    List<Event> all = List.of(first.get(0), first.get(1), third);
    assertThat(ChainVerifier.verify(all).ok()).isTrue();
    assertThatThrownBy(() -> HashChain.linker().resume(A, "ABC")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusedEventLeavesTheChainUnchanged() {
    HashChain.Linker linker = HashChain.linker();
    Event first = linker.append(TestEvents.varied(0, A));
    Event bad = TestEvents.varied(1, A).toBuilder()
        .setMetadata(Struct.newBuilder().putFields("x", Values.num(Double.POSITIVE_INFINITY))).build();
    assertThatThrownBy(() -> linker.append(bad)).isInstanceOf(CanonicalFormException.class);
    assertThat(linker.tip(A)).contains(first.getContentHash());
    assertThat(linker.append(TestEvents.varied(2, A)).getHashPrev()).isEqualTo(first.getContentHash());
  }
}
