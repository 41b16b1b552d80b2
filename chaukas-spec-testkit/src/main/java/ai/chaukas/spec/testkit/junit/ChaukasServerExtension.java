package ai.chaukas.spec.testkit.junit;

import ai.chaukas.spec.client.v1.ChaukasClientServiceGrpc;
import ai.chaukas.spec.reference.ReferenceServer;
import ai.chaukas.spec.reference.RunningServer;
import ai.chaukas.spec.server.v1.ChaukasServerServiceGrpc;
import io.grpc.Channel;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Runs an {@link ReferenceServer} for JUnit 5 tests and injects what talks to it.
 *
 * <p>Register it in a static field, configured in code:
 *
 * <pre>{@code
 * class MySdkTest {
 *   @RegisterExtension
 *   static final ChaukasServerExtension chaukas =
 *       ChaukasServerExtension.inProcess().perTest().configure(server -> server.maxEvents(1_000));
 *
 *   @Test
 *   void sendsOneEvent(ChaukasClientServiceBlockingStub client, ReferenceServer server) {
 *     client.ingestEvent(IngestEventRequest.newBuilder().setEvent(event).build());
 *     assertThat(server.events("tenant-a")).hasSize(1);
 *   }
 * }
 * }</pre>
 *
 * <p>or with defaults through {@link ChaukasServerTest @ChaukasServerTest} (not both: two
 * extensions would compete to resolve the same parameters).
 *
 * <p>Test methods, lifecycle methods and (per class) constructors may declare parameters of these
 * types:
 *
 * <ul>
 *   <li>{@link ReferenceServer}, to inspect or clear stored events;
 *   <li>{@link ManagedChannel} or {@link Channel}, connected to it;
 *   <li>{@link ChaukasClientServiceGrpc.ChaukasClientServiceBlockingStub}, {@link
 *       ChaukasClientServiceGrpc.ChaukasClientServiceFutureStub} and {@link
 *       ChaukasClientServiceGrpc.ChaukasClientServiceStub}: the SDK side;
 *   <li>{@link ChaukasServerServiceGrpc.ChaukasServerServiceBlockingStub}, {@link
 *       ChaukasServerServiceGrpc.ChaukasServerServiceFutureStub} and {@link
 *       ChaukasServerServiceGrpc.ChaukasServerServiceStub}: the platform side, with {@code
 *       GetEventStats};
 *   <li>{@link RunningServer}, with {@link #loopback()} only: its port and target, to point a client
 *       under test at.
 * </ul>
 *
 * <p>Every call on the injected channel gets a deadline of {@link #callTimeout(Duration)} unless it
 * sets its own. {@link Transport#IN_PROCESS} (the default) uses grpc-java's in-process transport
 * with a unique name and direct executors; {@link Transport#LOOPBACK} a Netty server on an
 * ephemeral port of 127.0.0.1. With {@link Lifecycle#PER_TEST} (the default) each test gets a new
 * server with an empty store; with {@link Lifecycle#PER_CLASS} the tests of a class, {@code @Nested}
 * ones included, share one. The channel and the server are always shut down and awaited after the
 * test or class, failed or not.
 *
 * @since 1.0.5
 */
public final class ChaukasServerExtension
    implements BeforeAllCallback,
        AfterAllCallback,
        BeforeEachCallback,
        AfterEachCallback,
        ParameterResolver {

  /** How tests reach the server. */
  public enum Transport {
    /** grpc-java's in-process transport: no sockets, no serialization, calls on the test's thread. */
    IN_PROCESS,
    /** A Netty server on an ephemeral port of 127.0.0.1 and a plaintext Netty channel to it. */
    LOOPBACK
  }

  /** How long a server lives. */
  public enum Lifecycle {
    /** A new server, with an empty store, for every test. */
    PER_TEST,
    /** One server for all tests of the class; register the extension in a static field. */
    PER_CLASS
  }

  /** Deadline of every call that sets none: 10 seconds. */
  public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(10);

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(ChaukasServerExtension.class);
  private static final String FIXTURE = "fixture";
  private static final Set<Class<?>> INJECTABLE =
      Set.of(
          ReferenceServer.class,
          RunningServer.class,
          ManagedChannel.class,
          Channel.class,
          ChaukasClientServiceGrpc.ChaukasClientServiceBlockingStub.class,
          ChaukasClientServiceGrpc.ChaukasClientServiceFutureStub.class,
          ChaukasClientServiceGrpc.ChaukasClientServiceStub.class,
          ChaukasServerServiceGrpc.ChaukasServerServiceBlockingStub.class,
          ChaukasServerServiceGrpc.ChaukasServerServiceFutureStub.class,
          ChaukasServerServiceGrpc.ChaukasServerServiceStub.class);

  private record Settings(
      Transport transport,
      Lifecycle lifecycle,
      Consumer<ReferenceServer.Builder> options,
      Duration callTimeout) {}

  private static final Settings DEFAULTS =
      new Settings(Transport.IN_PROCESS, Lifecycle.PER_TEST, builder -> {}, DEFAULT_CALL_TIMEOUT);

  /** Null when the settings come from {@link ChaukasServerTest} on the test class. */
  private final Settings settings;

  /**
   * An extension that takes transport and lifecycle from {@link ChaukasServerTest} on the test class
   * (or an enclosing one), and otherwise runs in-process, per test. JUnit calls this for {@code
   * @ExtendWith}; in code, start from {@link #inProcess()} or {@link #loopback()}.
   */
  public ChaukasServerExtension() {
    this(null);
  }

  private ChaukasServerExtension(Settings settings) {
    this.settings = settings;
  }

  /** In-process transport, a new server per test. */
  public static ChaukasServerExtension inProcess() {
    return new ChaukasServerExtension(DEFAULTS);
  }

  /** A Netty server on an ephemeral port of 127.0.0.1, a new one per test. */
  public static ChaukasServerExtension loopback() {
    return new ChaukasServerExtension(
        new Settings(Transport.LOOPBACK, Lifecycle.PER_TEST, DEFAULTS.options, DEFAULT_CALL_TIMEOUT));
  }

  /** A copy that starts a new server, with an empty store, for every test (the default). */
  public ChaukasServerExtension perTest() {
    return with(Lifecycle.PER_TEST);
  }

  /**
   * A copy that starts one server for all tests of the class. Register it in a static field: an
   * instance field is registered too late to start anything before the class.
   */
  public ChaukasServerExtension perClass() {
    return with(Lifecycle.PER_CLASS);
  }

  /**
   * A copy that applies {@code options} to the builder of every server it starts, for example
   * {@code server -> server.maxEvents(10).clock(fixedClock)}.
   */
  public ChaukasServerExtension configure(Consumer<ReferenceServer.Builder> options) {
    Objects.requireNonNull(options, "options");
    Settings s = current();
    return new ChaukasServerExtension(
        new Settings(s.transport(), s.lifecycle(), options, s.callTimeout()));
  }

  /** A copy whose channel gives calls without a deadline this one ({@link #DEFAULT_CALL_TIMEOUT}). */
  public ChaukasServerExtension callTimeout(Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("callTimeout must be positive, was " + timeout);
    }
    Settings s = current();
    return new ChaukasServerExtension(
        new Settings(s.transport(), s.lifecycle(), s.options(), timeout));
  }

  private ChaukasServerExtension with(Lifecycle lifecycle) {
    Settings s = current();
    return new ChaukasServerExtension(
        new Settings(s.transport(), lifecycle, s.options(), s.callTimeout()));
  }

  private Settings current() {
    return settings == null ? DEFAULTS : settings;
  }

  /** Starts the class's server with {@link Lifecycle#PER_CLASS}, unless an enclosing class did. */
  @Override
  public void beforeAll(ExtensionContext context) {
    Settings s = settings(context);
    if (s.lifecycle() == Lifecycle.PER_CLASS && fixture(context) == null) {
      context.getStore(NAMESPACE).put(FIXTURE, start(s));
    }
  }

  /** Stops the server this class started. */
  @Override
  public void afterAll(ExtensionContext context) {
    closeOwn(context);
  }

  /** Starts the test's server with {@link Lifecycle#PER_TEST}. */
  @Override
  public void beforeEach(ExtensionContext context) {
    Settings s = settings(context);
    if (s.lifecycle() == Lifecycle.PER_TEST) {
      context.getStore(NAMESPACE).put(FIXTURE, start(s));
    } else if (fixture(context) == null) {
      throw new ExtensionConfigurationException(
          "ChaukasServerExtension.perClass() found no running server: register it with"
              + " @RegisterExtension on a static field so it can start before the class");
    }
  }

  /** Stops the server this test started, after the test's {@code @AfterEach} methods. */
  @Override
  public void afterEach(ExtensionContext context) {
    closeOwn(context);
  }

  /** Whether the parameter has one of the injectable types listed on this class. */
  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return INJECTABLE.contains(parameter.getParameter().getType());
  }

  /** The server, channel, stub or loopback handle of the running server. */
  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    ServerFixture fixture = fixture(context);
    Class<?> type = parameter.getParameter().getType();
    if (fixture == null) {
      throw new ParameterResolutionException(
          "no Chaukas server is running for " + parameter.getDeclaringExecutable() + "; with"
              + " perTest() inject " + type.getSimpleName() + " into test methods or @BeforeEach"
              + " methods, not constructors or @BeforeAll methods, or use perClass()");
    }
    if (type == ReferenceServer.class) {
      return fixture.server;
    }
    if (type == RunningServer.class) {
      if (fixture.loopback == null) {
        throw new ParameterResolutionException(
            "RunningServer is only available with ChaukasServerExtension.loopback() or"
                + " @ChaukasServerTest(transport = LOOPBACK)");
      }
      return fixture.loopback;
    }
    if (type == ManagedChannel.class || type == Channel.class) {
      return fixture.channel;
    }
    if (type == ChaukasClientServiceGrpc.ChaukasClientServiceBlockingStub.class) {
      return ChaukasClientServiceGrpc.newBlockingStub(fixture.channel);
    }
    if (type == ChaukasClientServiceGrpc.ChaukasClientServiceFutureStub.class) {
      return ChaukasClientServiceGrpc.newFutureStub(fixture.channel);
    }
    if (type == ChaukasClientServiceGrpc.ChaukasClientServiceStub.class) {
      return ChaukasClientServiceGrpc.newStub(fixture.channel);
    }
    if (type == ChaukasServerServiceGrpc.ChaukasServerServiceBlockingStub.class) {
      return ChaukasServerServiceGrpc.newBlockingStub(fixture.channel);
    }
    if (type == ChaukasServerServiceGrpc.ChaukasServerServiceFutureStub.class) {
      return ChaukasServerServiceGrpc.newFutureStub(fixture.channel);
    }
    return ChaukasServerServiceGrpc.newStub(fixture.channel);
  }

  private Settings settings(ExtensionContext context) {
    if (settings != null) {
      return settings;
    }
    for (Class<?> c = context.getRequiredTestClass(); c != null; c = c.getEnclosingClass()) {
      Optional<ChaukasServerTest> annotation =
          AnnotationSupport.findAnnotation(c, ChaukasServerTest.class);
      if (annotation.isPresent()) {
        return new Settings(
            annotation.get().transport(),
            annotation.get().lifecycle(),
            DEFAULTS.options(),
            DEFAULT_CALL_TIMEOUT);
      }
    }
    return DEFAULTS;
  }

  private static ServerFixture start(Settings settings) {
    try {
      return ServerFixture.start(settings.transport(), settings.options(), settings.callTimeout());
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the Chaukas test server: " + e.getMessage(), e);
    }
  }

  /** The fixture of this context or the nearest enclosing one. */
  private static ServerFixture fixture(ExtensionContext context) {
    return context.getStore(NAMESPACE).get(FIXTURE, ServerFixture.class);
  }

  /** Closes the fixture this very context started; enclosing contexts close their own. */
  private static void closeOwn(ExtensionContext context) {
    ServerFixture own = context.getStore(NAMESPACE).remove(FIXTURE, ServerFixture.class);
    if (own != null) {
      own.close();
    }
  }
}
