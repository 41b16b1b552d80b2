package ai.chaukas.spec.reference;

import ai.chaukas.spec.common.v1.QueryFilter;
import ai.chaukas.spec.reference.internal.Position;
import com.google.protobuf.CodedOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Page tokens (QRY-6, QRY-7): base64url, without padding, of
 *
 * <pre>
 * version (1 byte) | binding (16 bytes) | seconds (8) | nanos (4) | event_id length (4) | event_id (UTF-8)
 *   | mac (16 bytes)
 * </pre>
 *
 * <p>The binding is the first 16 bytes of SHA-256 over the sort order and the deterministic
 * encoding of the filter (which holds the tenant), so a token used with any other tenant, filter or
 * order is refused. Then comes the position of the last event returned: the next page starts
 * after it (keyset pagination, never an offset). The mac is the first 16 bytes of HMAC-SHA256,
 * keyed with the store's {@code tokenKey()}, over everything before it: a token that was altered,
 * forged, or issued over another store is refused before anything in it is believed. Tokens are
 * opaque to clients; they are not encrypted, and an event id in one is readable.
 */
final class PageToken {

  private static final byte VERSION = 2;
  private static final int BINDING_BYTES = 16;
  private static final int HEADER_BYTES = 1 + BINDING_BYTES + 8 + 4 + 4;
  private static final int MAC_BYTES = 16;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private PageToken() {}

  /** Thrown for a token that is malformed or bound to another query; the message says which. */
  static final class InvalidTokenException extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidTokenException(String message) {
      super(message);
    }
  }

  /** What a token is bound to: the filter (tenant included) and the sort order. */
  static byte[] binding(QueryFilter filter, boolean ascending) {
    try {
      byte[] encoded = new byte[filter.getSerializedSize()];
      CodedOutputStream out = CodedOutputStream.newInstance(encoded);
      out.useDeterministicSerialization();
      filter.writeTo(out);
      out.checkNoSpaceLeft();
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      sha256.update(ascending ? (byte) 'A' : (byte) 'D');
      return Arrays.copyOf(sha256.digest(encoded), BINDING_BYTES);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /** The length of the token for the page that follows an event whose id has this many UTF-8 bytes. */
  static int length(int eventIdBytes) {
    return ((HEADER_BYTES + eventIdBytes + MAC_BYTES) * 4 + 2) / 3;
  }

  /** The token, authenticated with {@code key}, for the page that follows {@code last}. */
  static String encode(byte[] key, byte[] binding, Position last) {
    byte[] id = last.eventId().getBytes(StandardCharsets.UTF_8);
    ByteBuffer out = ByteBuffer.allocate(HEADER_BYTES + id.length + MAC_BYTES);
    out.put(VERSION).put(binding).putLong(last.seconds()).putInt(last.nanos()).putInt(id.length).put(id);
    out.put(mac(key, out.array(), out.position()));
    return ENCODER.encodeToString(out.array());
  }

  /**
   * The position a token continues after.
   *
   * @throws InvalidTokenException if the token is malformed, was not issued with {@code key}, or
   *     was issued for another binding
   */
  static Position decode(String token, byte[] key, byte[] binding) throws InvalidTokenException {
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(token);
    } catch (IllegalArgumentException e) {
      throw malformed();
    }
    // The decoder ignores the unused bits of the last character: only the one spelling is valid.
    if (bytes.length < HEADER_BYTES + MAC_BYTES || !ENCODER.encodeToString(bytes).equals(token)) {
      throw malformed();
    }
    int signed = bytes.length - MAC_BYTES;
    if (!MessageDigest.isEqual(
        mac(key, bytes, signed), Arrays.copyOfRange(bytes, signed, bytes.length))) {
      throw new InvalidTokenException(
          "query.page_token was not issued by this store (it was altered, or comes from another"
              + " store); pass next_page_token exactly as received, or start again without a token");
    }
    ByteBuffer in = ByteBuffer.wrap(bytes, 0, signed);
    if (in.get() != VERSION) {
      throw malformed();
    }
    byte[] tokenBinding = new byte[BINDING_BYTES];
    in.get(tokenBinding);
    long seconds = in.getLong();
    int nanos = in.getInt();
    int idLength = in.getInt();
    if (nanos < 0 || nanos > 999_999_999 || idLength <= 0 || idLength != in.remaining()) {
      throw malformed();
    }
    String eventId;
    try {
      eventId =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(in)
              .toString();
    } catch (CharacterCodingException e) {
      throw malformed();
    }
    if (!MessageDigest.isEqual(tokenBinding, binding)) {
      throw new InvalidTokenException(
          "query.page_token was issued for another tenant, filter or sort order; send the same"
              + " filter and order_by_time as for the first page, or start again without a token");
    }
    return new Position(seconds, nanos, eventId);
  }

  private static byte[] mac(byte[] key, byte[] data, int length) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update(data, 0, length);
      return Arrays.copyOf(mac.doFinal(), MAC_BYTES);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has HmacSHA256", e);
    } catch (InvalidKeyException e) {
      throw new IllegalArgumentException("a store's token key must not be empty", e);
    }
  }

  private static InvalidTokenException malformed() {
    return new InvalidTokenException(
        "query.page_token is malformed; pass next_page_token exactly as received, or start again"
            + " without a token");
  }
}
