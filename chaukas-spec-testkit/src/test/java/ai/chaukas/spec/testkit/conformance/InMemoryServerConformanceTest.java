package ai.chaukas.spec.testkit.conformance;

import ai.chaukas.spec.testkit.junit.ChaukasServerExtension;
import io.grpc.Channel;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The conformance suite against {@code ReferenceServer}, the reference: every check passes.
 * It listens on a loopback port of this JVM rather than in-process, because the in-process
 * transport has no maximum message size for ING-7 to find.
 */
class InMemoryServerConformanceTest extends ConformanceTests {

  @RegisterExtension
  static final ChaukasServerExtension chaukas = ChaukasServerExtension.loopback().perClass();

  private final Channel channel;

  InMemoryServerConformanceTest(Channel channel) {
    this.channel = channel;
  }

  @Override
  protected Channel channel() {
    return channel;
  }
}
