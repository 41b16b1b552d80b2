package ai.chaukas.spec.toolkit.integrity;

import ai.chaukas.spec.common.v1.Event;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;

/**
 * {@code Event.content_hash} under chaukas-hash-v1 ({@code docs/chaukas-hash-v1.md}): the
 * lowercase hex SHA-256 of {@code "chaukas.event.v1"}, a zero byte, and the {@link CanonicalJson
 * canonical JSON} of the event without {@code content_hash}, {@code worm_proof_id} and {@code
 * extensions}.
 *
 * <p>{@code hash_prev} and {@code redaction} are hashed, so each hash also commits to the chain
 * before it. {@code extensions} ({@code Any}) is not protected. Events with NaN or infinity,
 * unknown fields, unknown enum numbers, invalid strings or out-of-range timestamps are refused with
 * a {@link CanonicalFormException}.
 *
 * <p>Thread-safe. Each thread reuses one SHA-256 digest and one 8 KiB buffer, which is fed to the
 * digest as it fills, so an event of any size is hashed in constant memory.
 *
 * @since 1.0.5
 */
public final class ContentHash {

  /** The name of the algorithm this class implements. */
  public static final String ALGORITHM = "chaukas-hash-v1";

  /** The domain-separation label; the hashed bytes start with it and one zero byte. */
  public static final String DOMAIN = "chaukas.event.v1";

  /** Fields of Event that are not part of the hash input. */
  public static final Set<String> EXCLUDED_FIELDS = Set.of("content_hash", "worm_proof_id", "extensions");

  private static final byte[] PREFIX = (DOMAIN + "\0").getBytes(StandardCharsets.US_ASCII);
  private static final CanonicalJson.Table EVENT_TABLE =
      new CanonicalJson.Table(Event.getDescriptor(), Event.class, EXCLUDED_FIELDS);
  private static final ThreadLocal<Hasher> HASHER = ThreadLocal.withInitial(Hasher::new);

  private ContentHash() {}

  /**
   * The content hash of {@code event}: 64 lowercase hex characters. Whatever {@code content_hash},
   * {@code worm_proof_id} and {@code extensions} hold does not matter.
   *
   * @throws CanonicalFormException if the event has no canonical form
   */
  public static String of(Event event) {
    return HASHER.get().hash(event);
  }

  /**
   * {@code event} with its {@code content_hash} set to {@link #of(Event)}.
   *
   * @throws CanonicalFormException if the event has no canonical form
   */
  public static Event withContentHash(Event event) {
    return event.toBuilder().setContentHash(of(event)).build();
  }

  /**
   * Whether {@code event.content_hash} is the hash of its content. False when it is empty, differs
   * in any character (upper-case hex included), or the event has no canonical form (then {@link
   * #of(Event)} tells why).
   */
  public static boolean verify(Event event) {
    String claimed = event.getContentHash();
    if (claimed.length() != 64) {
      return false;
    }
    try {
      return claimed.equals(of(event));
    } catch (CanonicalFormException e) {
      return false;
    }
  }

  /**
   * The hash input after the prefix: the canonical JSON (UTF-8) of {@code event} without {@code
   * content_hash}, {@code worm_proof_id} and {@code extensions}. For looking at; {@link
   * #of(Event)} never builds this array.
   *
   * @throws CanonicalFormException if the event has no canonical form
   */
  public static byte[] canonicalBytes(Event event) {
    CanonicalJson.Writer w = new CanonicalJson.Writer(1024);
    w.root(event, EVENT_TABLE);
    return w.collected();
  }

  /** {@link #canonicalBytes(Event)} as text. */
  public static String canonicalText(Event event) {
    return new String(canonicalBytes(event), StandardCharsets.UTF_8);
  }

  /** One thread's digest and buffer. */
  private static final class Hasher {
    private final MessageDigest sha256;
    private final CanonicalJson.Writer writer = new CanonicalJson.Writer(8192);

    Hasher() {
      try {
        sha256 = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every Java platform has SHA-256", e);
      }
    }

    String hash(Event event) {
      sha256.reset();
      sha256.update(PREFIX);
      writer.digestInto(sha256);
      writer.root(event, EVENT_TABLE);
      return HexFormat.of().formatHex(sha256.digest());
    }
  }
}
