package ai.chaukas.spec.cli;

import ai.chaukas.spec.toolkit.integrity.ChainKey;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The tips file of {@code --tips-out} and {@code --resume-from}: the content hash of the last event
 * of each chain, one JSON object per line,
 * {@code {"tenant_id":"…","project_id":"…","session_id":"…","content_hash":"…"}}, sorted by chain.
 * It lets {@code chain} continue chains in a later file and {@code verify} check a later file
 * against the chains already verified.
 */
final class ChainTips {

  private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
  private static final int MAX_LINE_BYTES = 1 << 20;
  private static final Comparator<ChainKey> ORDER = Comparator.comparing(ChainKey::tenantId)
      .thenComparing(ChainKey::projectId).thenComparing(ChainKey::sessionId);

  private ChainTips() {}

  /** The tips sorted by tenant, project, session. */
  static List<Map.Entry<ChainKey, String>> sorted(Map<ChainKey, String> tips) {
    List<Map.Entry<ChainKey, String>> entries = new ArrayList<>(tips.entrySet());
    entries.sort(Map.Entry.comparingByKey(ORDER));
    return entries;
  }

  /** Writes the tips to {@code file}, replacing it. */
  static void write(Path file, Map<ChainKey, String> tips) throws IOException {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (Map.Entry<ChainKey, String> e : sorted(tips)) {
        JsonObject o = new JsonObject();
        o.addProperty("tenant_id", e.getKey().tenantId());
        o.addProperty("project_id", e.getKey().projectId());
        o.addProperty("session_id", e.getKey().sessionId());
        o.addProperty("content_hash", e.getValue());
        w.write(o.toString());
        w.write('\n');
      }
    }
  }

  /** Reads a tips file; any problem makes it unusable, with the line it is on. */
  static Map<ChainKey, String> read(Path file) throws UnusableInputException {
    Map<ChainKey, String> tips = new LinkedHashMap<>();
    String label = Printable.of(file.toString());
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      int lineNumber = 0;
      for (boolean more = true; more; ) {
        bytes.reset();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
          if (bytes.size() >= MAX_LINE_BYTES) {
            throw new UnusableInputException(label + ":line " + (lineNumber + 1) + ": longer than " + MAX_LINE_BYTES
                + " bytes; a tips file is what 'chaukas verify --tips-out' or 'chaukas chain --tips-out' wrote");
          }
          bytes.write(b);
        }
        more = b >= 0;
        lineNumber++;
        String where = label + ":line " + lineNumber + ": ";
        String line = Utf8Text.decode(bytes.toByteArray(), bytes.size(), file.toString(), lineNumber);
        if (line.isBlank()) {
          continue;
        }
        JsonObject o;
        try {
          o = JsonParser.parseString(line).getAsJsonObject();
        } catch (RuntimeException e) {
          throw new UnusableInputException(where + "not a JSON object; a tips file is what"
              + " 'chaukas verify --tips-out' or 'chaukas chain --tips-out' wrote");
        }
        ChainKey key = new ChainKey(string(o, "tenant_id", where), string(o, "project_id", where),
            string(o, "session_id", where));
        String hash = string(o, "content_hash", where);
        if (!HASH.matcher(hash).matches()) {
          throw new UnusableInputException(where + "content_hash \"" + Printable.of(hash)
              + "\" is not 64 lowercase hex characters");
        }
        if (tips.put(key, hash) != null) {
          throw new UnusableInputException(where + "chain " + Printable.of(key.toString())
              + " appears twice; keep one tip per chain");
        }
      }
    } catch (NoSuchFileException e) {
      throw new UnusableInputException(label + ": no such file");
    } catch (IOException e) {
      throw new UnusableInputException(label + ": cannot be read (" + Printable.of(e.getMessage()) + ")", e);
    }
    return tips;
  }

  private static String string(JsonObject o, String name, String where) throws UnusableInputException {
    JsonElement e = o.get(name);
    if (e == null) {
      return "";
    }
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
      throw new UnusableInputException(where + name + " must be a string");
    }
    return e.getAsString();
  }
}
