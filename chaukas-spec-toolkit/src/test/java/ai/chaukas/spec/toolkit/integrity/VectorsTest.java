package ai.chaukas.spec.toolkit.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.chaukas.spec.common.v1.Event;
import ai.chaukas.spec.toolkit.integrity.Vectors.Vector;
import ai.chaukas.spec.toolkit.internal.json.EcmaScriptNumbers;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The stored vectors ({@code src/test/resources/integrity/} and the repository's {@code
 * vectors/chains.json}) are what this code computes. Run with {@code
 * -Dchaukas.integrity.writeVectors=true} to rewrite them after a deliberate change; {@code
 * scripts/hash-crosscheck} then proves the Python implementation agrees.
 */
class VectorsTest {

  private static final String WRITE = "chaukas.integrity.writeVectors";
  private static final Path DIR = Path.of("src/test/resources/integrity");
  /** The repository's vectors folder, on the test classpath as {@code /vectors}. */
  private static final Path REPO_VECTORS = Path.of("../vectors");
  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();
  private static final JsonFormat.Printer PRINTER =
      JsonFormat.printer()
          .preservingProtoFieldNames()
          .usingTypeRegistry(JsonFormat.TypeRegistry.newBuilder().add(Struct.getDescriptor()).build());

  @Test
  void eventVectors() throws Exception {
    JsonArray out = new JsonArray();
    int hashed = 0;
    for (Vector v : Vectors.all()) {
      JsonObject o = new JsonObject();
      o.addProperty("name", v.name());
      o.addProperty("description", v.description());
      o.addProperty("event_base64", Base64.getEncoder().encodeToString(v.binary()));
      Event e;
      try {
        e = Event.parseFrom(v.binary());
      } catch (InvalidProtocolBufferException ex) {
        assertThat(v.refused()).as(v.name()).isEqualTo("INVALID_STRING");
        o.addProperty("refused", v.refused());
        out.add(o);
        continue;
      }
      try {
        o.add("event_json", JsonParser.parseString(PRINTER.print(e)));
      } catch (InvalidProtocolBufferException | IllegalArgumentException ex) {
        // JsonFormat cannot print some refused events either; the base64 form is the vector.
      }
      if (v.refused() != null) {
        assertThatThrownBy(() -> ContentHash.of(e))
            .as(v.name())
            .isInstanceOfSatisfying(
                CanonicalFormException.class, x -> assertThat(x.reason().name()).isEqualTo(v.refused()));
        o.addProperty("refused", v.refused());
      } else {
        String canonical = ContentHash.canonicalText(e);
        String hash = ContentHash.of(e);
        assertThat(hash).as(v.name()).isEqualTo(independentHash(canonical));
        assertThat(canonical).as(v.name()).isEqualTo(JcsReference.of(e.toBuilder().clearExtensions().clearContentHash().clearWormProofId().build()));
        o.addProperty("canonical", canonical);
        o.addProperty("content_hash", hash);
        hashed++;
      }
      out.add(o);
    }
    assertThat(hashed).isGreaterThanOrEqualTo(20);
    compareOrWrite(DIR, "/integrity/", "vectors.json", GSON.toJson(out) + "\n");
  }

  @Test
  void excludedFieldsVectorHashesLikeChainFirst() throws Exception {
    String first = null;
    String excluded = null;
    for (Vector v : Vectors.all()) {
      if (v.name().equals("chain-first")) {
        first = ContentHash.of(Event.parseFrom(v.binary()));
      } else if (v.name().equals("excluded-fields")) {
        excluded = ContentHash.of(Event.parseFrom(v.binary()));
      }
    }
    assertThat(excluded).isNotNull().isEqualTo(first);
  }

  @Test
  void workedExampleOfTheDocument() {
    Event e = Vectors.workedExample();
    assertThat(ContentHash.canonicalText(e))
        .isEqualTo("{\"event_id\":\"evt-1\",\"metadata\":{\"a\":\"é\\n\",\"b\":1},\"session_id\":\"s-1\","
            + "\"status\":\"EVENT_STATUS_STARTED\",\"timestamp\":\"2025-11-25T18:34:52.500Z\","
            + "\"type\":\"EVENT_TYPE_SESSION_START\"}");
  }

  /** Number vectors: the IEEE 754 bits of a double and its ECMAScript text. */
  @Test
  void numberVectors() throws Exception {
    JsonArray out = new JsonArray();
    long[] fixed = {
      0x0000000000000000L, 0x8000000000000000L, 0x0000000000000001L, 0x8000000000000001L, 0x7fefffffffffffffL,
      0xffefffffffffffffL, 0x4340000000000000L, 0xc340000000000000L, 0x4430000000000000L, 0x44b52d02c7e14af5L,
      0x44b52d02c7e14af6L, 0x44b52d02c7e14af7L, 0x444b1ae4d6e2ef4eL, 0x444b1ae4d6e2ef4fL, 0x444b1ae4d6e2ef50L,
      0x3eb0c6f7a0b5ed8cL, 0x3eb0c6f7a0b5ed8dL, 0x41b3de4355555553L, 0x41b3de4355555554L, 0x41b3de4355555555L,
      0x41b3de4355555556L, 0x41b3de4355555557L, 0xbecbf647612f3696L, 0x43143ff3c1cb0959L
    };
    for (long bits : fixed) {
      add(out, bits);
    }
    double[] examples = {2.0, 1e-7, 1e-6, 9.999999e-7, 1e21, 9.99999999999999e20, 1e20, 0.1, 0.5, 100, 1e22, 1e23,
        1.5e-7, 0.30000000000000004, 123456789.125, 182 * 1.5e-7, 4.35e100, 1e-323, 2.2250738585072014e-308};
    for (double d : examples) {
      add(out, Double.doubleToRawLongBits(d));
      add(out, Double.doubleToRawLongBits(-d));
    }
    for (int e = -30; e <= 30; e++) {
      add(out, Double.doubleToRawLongBits(Math.pow(10, e)));
    }
    long seed = 8785;
    Random r = new Random(seed);
    for (int i = 0; i < 600; i++) {
      double d;
      switch (i % 3) {
        case 0:
          d = Double.longBitsToDouble(r.nextLong());
          break;
        case 1:
          d = (r.nextInt(2_000_000) - 1_000_000) / Math.pow(10, r.nextInt(25));
          break;
        default:
          d = r.nextInt(5000) * 1.5e-7 + r.nextDouble() * Math.pow(10, r.nextInt(30) - 10);
      }
      if (!Double.isNaN(d) && !Double.isInfinite(d)) {
        add(out, Double.doubleToRawLongBits(d));
      }
    }
    compareOrWrite(DIR, "/integrity/", "numbers.json", GSON.toJson(out) + "\n");
  }

  private static void add(JsonArray out, long bits) {
    JsonObject o = new JsonObject();
    o.addProperty("bits", String.format("%016x", bits));
    o.addProperty("text", EcmaScriptNumbers.toString(Double.longBitsToDouble(bits)));
    out.add(o);
  }

  private static String independentHash(String canonical) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    md.update("chaukas.event.v1".getBytes(StandardCharsets.US_ASCII));
    md.update((byte) 0);
    md.update(canonical.getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(md.digest());
  }

  /**
   * Chain vectors: each case's breaks are the ones {@link Vectors#chains()} expects, and the stored
   * file holds the events, the resumed chains, those breaks and the tips this code reports.
   */
  @Test
  void chainVectors() throws Exception {
    JsonArray out = new JsonArray();
    for (Vectors.ChainVector v : Vectors.chains()) {
      ChainVerifier verifier = new ChainVerifier();
      v.resumed().forEach(verifier::resume);
      v.events().forEach(verifier::accept);
      ChainReport report = verifier.finish();
      List<Vectors.ExpectedBreak> breaks = report.breaks().stream()
          .map(b -> new Vectors.ExpectedBreak(b.index(), b.reason()))
          .sorted(BREAK_ORDER)
          .toList();
      assertThat(breaks).as(v.name()).isEqualTo(v.breaks().stream().sorted(BREAK_ORDER).toList());

      JsonObject o = new JsonObject();
      o.addProperty("name", v.name());
      o.addProperty("description", v.description());
      if (!v.resumed().isEmpty()) {
        o.add("resume", chains(v.resumed()));
      }
      JsonArray events = new JsonArray();
      v.events().forEach(e -> events.add(Base64.getEncoder().encodeToString(e.toByteArray())));
      o.add("events_base64", events);
      JsonArray breakArray = new JsonArray();
      for (Vectors.ExpectedBreak b : breaks) {
        JsonObject jb = new JsonObject();
        jb.addProperty("index", b.index());
        jb.addProperty("reason", b.reason().name());
        breakArray.add(jb);
      }
      o.add("breaks", breakArray);
      o.add("tips", chains(report.tips()));
      out.add(o);
    }
    assertThat(out.size()).isGreaterThanOrEqualTo(20);
    compareOrWrite(REPO_VECTORS, "/vectors/", "chains.json", GSON.toJson(out) + "\n");
  }

  private static final Comparator<Vectors.ExpectedBreak> BREAK_ORDER =
      Comparator.comparingLong(Vectors.ExpectedBreak::index).thenComparing(b -> b.reason().name());

  /** Chains with a hash each, ordered by tenant, project and session. */
  private static JsonArray chains(Map<ChainKey, String> hashes) {
    JsonArray out = new JsonArray();
    hashes.entrySet().stream()
        .sorted(Map.Entry.comparingByKey(
            Comparator.comparing(ChainKey::tenantId).thenComparing(ChainKey::projectId).thenComparing(ChainKey::sessionId)))
        .forEach(e -> {
          JsonObject o = new JsonObject();
          o.addProperty("tenant_id", e.getKey().tenantId());
          o.addProperty("project_id", e.getKey().projectId());
          o.addProperty("session_id", e.getKey().sessionId());
          o.addProperty("hash", e.getValue());
          out.add(o);
        });
    return out;
  }

  private static String stored(String resource) throws IOException {
    try (InputStream in = VectorsTest.class.getResourceAsStream(resource)) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Compares with the stored {@code resourceDir + file}, or writes it to {@code dir} when asked to. */
  private static void compareOrWrite(Path dir, String resourceDir, String file, String computed) throws IOException {
    if (Boolean.getBoolean(WRITE)) {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(file), computed, StandardCharsets.UTF_8);
      return;
    }
    String stored = stored(resourceDir + file);
    assertThat(stored)
        .as(resourceDir + file + " is missing; write it with -D" + WRITE + "=true")
        .isNotNull();
    assertThat(computed)
        .as(resourceDir + file + " differs from what this code computes. If the change is deliberate, the "
            + "algorithm changed: rewrite with -D" + WRITE + "=true, update docs/chaukas-hash-v1.md and run "
            + "scripts/hash-crosscheck")
        .isEqualTo(stored);
  }
}
