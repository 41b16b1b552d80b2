package ai.chaukas.spec.testkit.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated test class with {@link ChaukasServerExtension}: an in-memory Chaukas server
 * whose channel, stubs and store test methods receive as parameters.
 *
 * <pre>{@code
 * @ChaukasServerTest
 * class MySdkTest {
 *   @Test
 *   void healthz(ChaukasClientServiceBlockingStub client) {
 *     client.healthz(HealthzRequest.getDefaultInstance());
 *   }
 * }
 * }</pre>
 *
 * <p>For server options ({@code maxEvents}, a clock, ...) register the extension with {@code
 * @RegisterExtension} instead, and do not combine the two on one class.
 *
 * @since 1.0.5
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(ChaukasServerExtension.class)
public @interface ChaukasServerTest {

  /** How tests reach the server; in-process by default. */
  ChaukasServerExtension.Transport transport() default ChaukasServerExtension.Transport.IN_PROCESS;

  /** Whether each test gets its own server (the default) or the class shares one. */
  ChaukasServerExtension.Lifecycle lifecycle() default ChaukasServerExtension.Lifecycle.PER_TEST;
}
