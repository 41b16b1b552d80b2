package ai.chaukas.spec.testkit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import ai.chaukas.spec.reference.ReferenceServer;
import ai.chaukas.spec.server.v1.ChaukasServerServiceGrpc.ChaukasServerServiceBlockingStub;
import ai.chaukas.spec.testing.internal.SampleEvents;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** In-process, per class: one server for every test, nested ones included, and for constructors. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InProcessPerClassTest {

  @RegisterExtension
  static final ChaukasServerExtension chaukas = ChaukasServerExtension.inProcess().perClass();

  private static ReferenceServer shared;
  private final ReferenceServer injectedIntoConstructor;

  InProcessPerClassTest(ReferenceServer server) {
    this.injectedIntoConstructor = server;
  }

  @BeforeAll
  static void storeOneEventBeforeAll(ChaukasServerServiceBlockingStub stub, ReferenceServer server) {
    Samples.ingest(stub, "before-all");
    shared = server;
  }

  @Test
  @Order(1)
  void firstTestSeesTheEventOfBeforeAll(ChaukasServerServiceBlockingStub stub, ReferenceServer server) {
    assertThat(server).isSameAs(shared).isSameAs(injectedIntoConstructor);
    assertThat(server.eventCount()).isEqualTo(1);
    Samples.ingest(stub, "first");
  }

  @Test
  @Order(2)
  void secondTestSeesTheFirstTestsEvent(ReferenceServer server) {
    assertThat(server).isSameAs(shared);
    assertThat(server.event(SampleEvents.TENANT, "first")).isPresent();
  }

  @Nested
  class NestedTests {
    @Test
    void shareTheEnclosingClassServer(ReferenceServer server) {
      assertThat(server).isSameAs(shared);
      assertThat(server.event(SampleEvents.TENANT, "before-all")).isPresent();
    }
  }
}
