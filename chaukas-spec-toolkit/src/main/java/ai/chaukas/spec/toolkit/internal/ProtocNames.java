package ai.chaukas.spec.toolkit.internal;

/**
 * The names protoc gives generated Java accessors, for the toolkit's code that binds them once
 * instead of reading fields through protobuf reflection.
 */
public final class ProtocNames {

  private ProtocNames() {}

  /**
   * protoc's Java name of a field: snake_case to CamelCase, a letter after a digit upper-cased;
   * {@code "get" + javaName(...)} is the field's getter.
   *
   * @param field the proto field name, e.g. {@code llm_invocation}
   * @return e.g. {@code LlmInvocation}
   */
  public static String javaName(String field) {
    StringBuilder sb = new StringBuilder(field.length());
    boolean upper = true;
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c >= 'a' && c <= 'z') {
        sb.append(upper ? (char) (c - 32) : c);
        upper = false;
      } else if (c >= 'A' && c <= 'Z') {
        sb.append(c);
        upper = false;
      } else if (c >= '0' && c <= '9') {
        sb.append(c);
        upper = true;
      } else {
        upper = true;
      }
    }
    return sb.toString();
  }
}
