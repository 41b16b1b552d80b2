package ai.chaukas.spec.reference;

import ai.chaukas.spec.toolkit.FieldPath;
import ai.chaukas.spec.toolkit.Reason;
import ai.chaukas.spec.toolkit.validation.Violation;
import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import io.grpc.StatusException;
import io.grpc.protobuf.StatusProto;
import java.util.List;

/**
 * The {@code INVALID_ARGUMENT} statuses of the server: a description for people, and the same
 * refusal for programs as a {@code google.rpc.Status} (whose message is the description) with one
 * {@code google.rpc.BadRequest} detail. Each field violation names a field by its path
 * from the request message ({@code event.tool_call.name}, {@code event_batch.events[3]}, {@code
 * query.page_token}; empty for the request as a whole) and describes it as {@code [rule-id]
 * message}: the validation rule of {@code docs/validation.md} the value breaks, the rule of {@code
 * docs/server-semantics.md} that refuses it, or {@code malformed} for bytes that are not the message
 * they should be.
 */
final class InvalidArgument {

  /**
   * What the trailers of a refusal may cost, in the units of {@link #cost}: clients refuse trailers
   * above 8 KiB (gRPC's default), and 1 KiB is left for header names, the status code and the
   * framing of the details.
   */
  private static final int TRAILER_BUDGET = 7 * 1024;
  /** Room kept for the "and N more violations" tail. */
  private static final int TAIL_BUDGET = 128;

  /** The rule id of bytes that are not the message they should be: the toolkit's reason for them. */
  static final String MALFORMED = Reason.MALFORMED.id();

  private InvalidArgument() {}

  /** A refusal of one field, described by {@code message} alone. */
  static StatusException of(FieldPath field, String rule, String message) {
    return of(message, field, rule, message);
  }

  /** A refusal of one field, with a status description of its own. */
  static StatusException of(String description, FieldPath field, String rule, String message) {
    return status(description,
        BadRequest.newBuilder().addFieldViolations(violation(field.toString(), rule, message)));
  }

  /**
   * A refusal of the message at {@code under} for its {@code violations}: the description is
   * {@code prefix} and each violation as {@code path: [rule-id] message}, separated by {@code "; "},
   * with one field violation each, until the trailers would outgrow what a client accepts; the rest
   * are counted in the description and left out of the details.
   */
  static StatusException of(String prefix, FieldPath under, List<Violation> violations) {
    StringBuilder description = new StringBuilder(prefix);
    BadRequest.Builder details = BadRequest.newBuilder();
    int budget = TRAILER_BUDGET - TAIL_BUDGET - cost(prefix, 0);
    for (int i = 0; i < violations.size(); i++) {
      Violation v = violations.get(i);
      String item = (i == 0 ? "" : "; ") + v;
      BadRequest.FieldViolation field =
          violation(under(under, String.valueOf(v.path())), v.ruleId(), v.message());
      int cost = cost(item, field.getSerializedSize());
      if (cost > budget) {
        int left = violations.size() - i;
        description.append(i == 0 ? "" : "; ").append("and ").append(left)
            .append(left == 1 ? " more violation" : " more violations");
        break;
      }
      description.append(item);
      details.addFieldViolations(field);
      budget -= cost;
    }
    return status(description.toString(), details);
  }

  private static BadRequest.FieldViolation violation(String field, String rule, String message) {
    return BadRequest.FieldViolation.newBuilder()
        .setField(field)
        .setDescription("[" + rule + "] " + message)
        .build();
  }

  private static StatusException status(String description, BadRequest.Builder details) {
    return StatusProto.toStatusException(
        com.google.rpc.Status.newBuilder()
            .setCode(Code.INVALID_ARGUMENT_VALUE)
            .setMessage(description)
            .addDetails(Any.pack(details.build()))
            .build());
  }

  /** {@code path}, written from the message at {@code under}, written from the request. */
  private static String under(FieldPath under, String path) {
    if (path.isEmpty()) {
      return under.toString();
    }
    return under.isRoot() || path.startsWith("[") ? under + path : under + "." + path;
  }

  /**
   * An upper bound of what {@code text} adds to the trailers: once percent-encoded in {@code
   * grpc-message}, and once base64-encoded in {@code grpc-status-details-bin}, where it is the
   * message's UTF-8 (the status repeats the description) plus {@code detailBytes} of a field
   * violation and its framing.
   */
  private static int cost(String text, int detailBytes) {
    int encoded = 0;
    int utf8 = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      // Printable ASCII stays as it is; anything else becomes up to three UTF-8 bytes of three
      // characters each.
      encoded += c >= ' ' && c <= '~' && c != '%' ? 1 : 9;
      utf8 += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
    }
    int binary = utf8 + detailBytes + 3;
    return encoded + (binary + 2) / 3 * 4;
  }
}
