package ai.chaukas.spec.toolkit.redaction;

/**
 * The kinds of personal data {@link PiiDetector} recognizes. {@link #label()} is what goes into
 * {@code Event.pii_categories}.
 *
 * @since 1.0.5
 */
public enum PiiCategory {
  /** An e-mail address: {@code email}. */
  EMAIL("email"),
  /** A phone number, 8 to 15 digits: {@code phone}. */
  PHONE("phone"),
  /** A payment card number, 13 to 19 digits passing the Luhn check: {@code payment_card}. */
  PAYMENT_CARD("payment_card"),
  /** An IPv4 or IPv6 address: {@code ip_address}. */
  IP_ADDRESS("ip_address");

  private final String label;

  PiiCategory(String label) {
    this.label = label;
  }

  /** The value written to {@code pii_categories}: {@code email}, {@code phone}, {@code payment_card}, {@code ip_address}. */
  public String label() {
    return label;
  }
}
