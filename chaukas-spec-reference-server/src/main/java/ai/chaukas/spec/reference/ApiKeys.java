package ai.chaukas.spec.reference;

import io.grpc.Status;
import io.grpc.StatusException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The API keys a server accepts ({@link ReferenceServer.Builder#apiKeys(ApiKeys)}), read from a key
 * file that holds each key's SHA-256, never the key. A client sends its key as {@code
 * authorization: Bearer KEY} (gRPC metadata, or the HTTP header); the server hashes what it is
 * sent and looks the hash up, so the file gives nothing away and comparing takes the same time
 * for every wrong key.
 *
 * <p>A key file holds one key per line, blank lines and lines starting with {@code #} aside:
 *
 * <pre>
 * # SHA-256 of the key (hex), then fields
 * 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 tenant=acme scopes=ingest,query name=agents
 * 60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752 tenant=acme project=web scopes=query
 * 2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae tenant=* scopes=ingest,query,metrics name=ops
 * </pre>
 *
 * <ul>
 *   <li>{@code tenant} (required): the one tenant the key reads and writes, or {@code *} for an
 *       operator key valid for every tenant.
 *   <li>{@code project} (optional, not with {@code tenant=*}): the key only reads and writes that
 *       project of its tenant.
 *   <li>{@code scopes} (required): a comma-separated list of {@link Scope}s.
 *   <li>{@code name} (optional): shown in the server's lines and errors instead of the hash.
 * </ul>
 *
 * <p>Values are percent-encoded UTF-8 where they hold a space, {@code %}, {@code #}, {@code ,},
 * {@code =} or a control character; a literal tenant {@code *} is written {@code %2A}. {@link
 * #fileLine} writes such lines. Reading is strict: any other field, a repeated field or hash, or
 * a value that breaks these rules fails with the file and line named.
 *
 * @since 1.0.5
 */
public final class ApiKeys {

  /** What a key allows, besides {@code Healthz}, which needs no key. */
  public enum Scope {
    /** IngestEvent and IngestEventBatch, {@code POST /v1/events} and {@code /v1/events/batch}. */
    INGEST,
    /** QueryEvents and GetEventStats, {@code POST /v1/query}. */
    QUERY,
    /**
     * {@code GET /metrics}, whose counts cover every tenant: only for keys with {@code tenant=*}.
     */
    METRICS;

    /** The scope's name in key files: {@code ingest}, {@code query}, {@code metrics}. */
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The tenant of an operator key, valid for every tenant. */
  static final String EVERY_TENANT = "*";

  private static final String KEY_PREFIX = "ck_";
  private static final int KEY_BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final HexFormat HEX = HexFormat.of();

  /** Longest Authorization value looked at; real keys are 46 characters. */
  private static final int MAX_PRESENTED = 512;

  private final Map<String, ApiKey> byHash;

  private ApiKeys(Map<String, ApiKey> byHash) {
    this.byHash = byHash;
  }

  /**
   * Reads a key file.
   *
   * @throws IOException if the file cannot be read
   * @throws IllegalArgumentException if a line breaks the format; the message starts with {@code
   *     FILE:LINE:} and says what to change
   */
  public static ApiKeys load(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    List<String> lines;
    try {
      lines = List.of(
          StandardCharsets.UTF_8.newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(Files.readAllBytes(file)))
              .toString()
              .split("\r?\n", -1));
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException(file + ": the key file is not UTF-8 text");
    }
    Map<String, ApiKey> byHash = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String where = file + ":" + (i + 1) + ": ";
      try {
        ApiKey key = parse(line);
        ApiKey earlier = byHash.putIfAbsent(key.hash(), key);
        if (earlier != null) {
          throw new IllegalArgumentException(
              "this key's hash is already on an earlier line; keep one line per key");
        }
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + e.getMessage(), e);
      }
    }
    return new ApiKeys(Map.copyOf(byHash));
  }

  /**
   * A new random key: {@code ck_} and 32 random bytes in unpadded base64url. Give it to the client
   * and keep only its {@link #fileLine} in the key file.
   */
  public static String newKey() {
    byte[] secret = new byte[KEY_BYTES];
    RANDOM.nextBytes(secret);
    return KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
  }

  /**
   * The key file line of {@code key}: its SHA-256 and the given fields, encoded as the format asks.
   *
   * @param tenant the tenant, or {@code *} for every tenant
   * @param project the one project of the tenant, or null for all
   * @param scopes what the key allows, at least one
   * @param name a label for the server's lines, or null to show the hash's first 8 digits
   * @throws IllegalArgumentException if a field is empty, {@code project} is given with {@code
   *     tenant=*}, or {@code METRICS} without {@code tenant=*}
   */
  public static String fileLine(
      String key, String tenant, String project, Collection<Scope> scopes, String name) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(scopes, "scopes");
    if (key.isEmpty()) {
      throw new IllegalArgumentException("key must not be empty");
    }
    ApiKey checked = checked(hash(key), tenant.equals(EVERY_TENANT), tenant, project,
        scopes.isEmpty() ? null : EnumSet.copyOf(scopes), name);
    StringBuilder line = new StringBuilder(checked.hash())
        .append(" tenant=")
        .append(checked.tenant() == null ? EVERY_TENANT : encode(tenant, true));
    if (project != null) {
      line.append(" project=").append(encode(project, false));
    }
    line.append(" scopes=")
        .append(checked.scopes().stream().map(Scope::id).collect(Collectors.joining(",")));
    if (name != null) {
      line.append(" name=").append(encode(name, false));
    }
    return line.toString();
  }

  /** How many keys it holds. */
  public int size() {
    return byHash.size();
  }

  /** How many of them are operator keys, valid for every tenant. */
  public int operatorKeys() {
    return (int) byHash.values().stream().filter(k -> k.tenant() == null).count();
  }

  @Override
  public String toString() {
    return "ApiKeys[" + size() + " keys]";
  }

  /**
   * The key an {@code authorization} value presents, if it may make {@code rpc} (a method's bare
   * name, or {@code Metrics}).
   *
   * @throws StatusException {@code UNAUTHENTICATED} for a missing or unknown key, {@code
   *     PERMISSION_DENIED} for a key without the scope {@code rpc} needs
   */
  ApiKey authorize(String authorization, String rpc) throws StatusException {
    if (authorization == null || authorization.isBlank()) {
      throw new StatusException(Status.UNAUTHENTICATED.withDescription(
          rpc + " needs an API key: send the header authorization: Bearer KEY (this server's"
              + " operator makes keys with chaukas api-key)"));
    }
    String value = authorization.strip();
    int space = value.indexOf(' ');
    if (space < 0 || !value.substring(0, space).equalsIgnoreCase("Bearer")) {
      throw new StatusException(Status.UNAUTHENTICATED.withDescription(
          "the authorization header is not of the form Bearer KEY; send authorization: Bearer KEY"));
    }
    String presented = value.substring(space + 1).strip();
    ApiKey key = presented.length() > MAX_PRESENTED ? null : byHash.get(hash(presented));
    if (key == null) {
      throw new StatusException(Status.UNAUTHENTICATED.withDescription(
          "the API key is not known to this server: check the key, or ask the server's operator"
              + " to add its line to the key file"));
    }
    Scope needed = scopeOf(rpc);
    if (needed != null && !key.scopes().contains(needed)) {
      throw new StatusException(Status.PERMISSION_DENIED.withDescription(
          "API key " + key.label() + " lacks the scope " + needed.id() + " that " + rpc
              + " needs; use a key made with --scopes " + needed.id()));
    }
    return key;
  }

  /** Whether {@code rpc} may be made without a key: Healthz, for load balancers. */
  static boolean isOpen(String rpc) {
    return rpc.equals("Healthz");
  }

  /** The scope {@code rpc} needs; null for one any known key may make (GetCapabilities). */
  private static Scope scopeOf(String rpc) {
    switch (rpc) {
      case "IngestEvent":
      case "IngestEventBatch":
        return Scope.INGEST;
      case "QueryEvents":
      case "GetEventStats":
        return Scope.QUERY;
      case "Metrics":
        return Scope.METRICS;
      default:
        return null;
    }
  }

  private static ApiKey parse(String line) {
    String[] tokens = line.split("[ \t]+");
    String hash = tokens[0];
    if (!hash.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException(
          "a line starts with the SHA-256 of the key in 64 lower-case hex digits (the key"
              + " itself never goes in the file; chaukas api-key prints the line to add)");
    }
    Map<String, String> fields = new HashMap<>();
    for (int i = 1; i < tokens.length; i++) {
      int eq = tokens[i].indexOf('=');
      String field = eq < 0 ? tokens[i] : tokens[i].substring(0, eq);
      if (eq < 0 || !List.of("tenant", "project", "scopes", "name").contains(field)) {
        throw new IllegalArgumentException(
            "\"" + shortened(tokens[i]) + "\" is not a field; the fields are tenant=, project=,"
                + " scopes= and name=");
      }
      if (fields.put(field, tokens[i].substring(eq + 1)) != null) {
        throw new IllegalArgumentException(field + "= is given twice; give it once");
      }
    }
    String tenant = fields.get("tenant");
    if (tenant == null) {
      throw new IllegalArgumentException("tenant= is missing: name the key's tenant, or * for every tenant");
    }
    String scopes = fields.get("scopes");
    if (scopes == null) {
      throw new IllegalArgumentException("scopes= is missing: list what the key allows, e.g. scopes=ingest,query");
    }
    EnumSet<Scope> scopeSet = EnumSet.noneOf(Scope.class);
    for (String id : scopes.split(",", -1)) {
      Scope scope = null;
      for (Scope s : Scope.values()) {
        if (s.id().equals(id)) {
          scope = s;
        }
      }
      if (scope == null) {
        throw new IllegalArgumentException("scopes= holds \"" + shortened(id)
            + "\"; the scopes are ingest, query and metrics, separated by commas");
      }
      scopeSet.add(scope);
    }
    String project = fields.containsKey("project") ? decode("project", fields.get("project")) : null;
    String name = fields.containsKey("name") ? decode("name", fields.get("name")) : null;
    boolean everyTenant = tenant.equals(EVERY_TENANT);
    return checked(hash, everyTenant, everyTenant ? tenant : decode("tenant", tenant), project,
        scopeSet, name);
  }

  /** The key with these fields, once they agree with each other. */
  private static ApiKey checked(String hash, boolean everyTenant, String tenant, String project,
      EnumSet<Scope> scopes, String name) {
    if (tenant.isEmpty()) {
      throw new IllegalArgumentException("tenant must not be empty: name the key's tenant, or * for every tenant");
    }
    if (project != null && project.isEmpty()) {
      throw new IllegalArgumentException("project must not be empty: name one, or leave it out");
    }
    if (project != null && everyTenant) {
      throw new IllegalArgumentException(
          "project is for a key of one tenant; a key with tenant=* reads every tenant and project");
    }
    if (scopes == null || scopes.isEmpty()) {
      throw new IllegalArgumentException("scopes must name at least one of ingest, query, metrics");
    }
    if (scopes.contains(Scope.METRICS) && !everyTenant) {
      throw new IllegalArgumentException(
          "the metrics scope shows counts over every tenant: give it only to a key with tenant=*");
    }
    if (name != null && name.isEmpty()) {
      throw new IllegalArgumentException("name must not be empty: give one, or leave it out");
    }
    return new ApiKey(hash, name, everyTenant ? null : tenant, project, Collections.unmodifiableSet(scopes));
  }

  /** The SHA-256 of the key's UTF-8 bytes, in lower-case hex. */
  static String hash(String key) {
    try {
      return HEX.formatHex(
          MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JDK has SHA-256", e);
    }
  }

  private static String encode(String value, boolean tenant) {
    if (tenant && value.equals(EVERY_TENANT)) {
      return value;
    }
    StringBuilder out = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      boolean plain = c > 0x20 && c < 0x7f && "%#,=".indexOf(c) < 0 && !(tenant && c == '*');
      if (plain) {
        out.append((char) c);
      } else {
        out.append('%').append(HEX.toHexDigits((byte) c).toUpperCase(Locale.ROOT));
      }
    }
    return out.toString();
  }

  private static String decode(String field, String value) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < value.length(); ) {
      int c = value.codePointAt(i);
      if (c == '%') {
        if (!isHex(value, i + 1) || !isHex(value, i + 2)) {
          throw new IllegalArgumentException(field + "= holds a % not followed by two hex digits;"
              + " write a space as %20 and % itself as %25");
        }
        bytes.write(Integer.parseInt(value.substring(i + 1, i + 3), 16));
        i += 3;
        continue;
      }
      if (c == '#' || c == ',' || c == '=' || Character.isISOControl(c)) {
        throw new IllegalArgumentException(field + "= holds '" + (Character.isISOControl(c) ? "?" : Character.toString(c))
            + "'; write it percent-encoded (# as %23, , as %2C, = as %3D)");
      }
      bytes.writeBytes(Character.toString(c).getBytes(StandardCharsets.UTF_8));
      i += Character.charCount(c);
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException(field + "= decodes to bytes that are not UTF-8");
    }
  }

  private static boolean isHex(String s, int i) {
    return i < s.length() && Character.digit(s.charAt(i), 16) >= 0;
  }

  /** A value quoted in an error, cut so that a key pasted by mistake is not printed whole. */
  private static String shortened(String value) {
    String printable = value.codePoints()
        .map(c -> Character.isISOControl(c) ? '?' : c)
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
        .toString();
    return printable.length() <= 12 ? printable : printable.substring(0, 8) + "…";
  }
}
