package ai.chaukas.spec.apicheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import japicmp.cmp.JApiCmpArchive;
import japicmp.cmp.JarArchiveComparator;
import japicmp.cmp.JarArchiveComparatorOptions;
import japicmp.model.AccessModifier;
import japicmp.model.JApiClass;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The public API of every published hand-written artifact equals its record in {@code api/}.
 * A difference fails with the lines added and removed; when the change is intended, {@code make
 * api-record} rewrites the record and the reviewed diff of {@code api/} shows the change.
 */
class PublicApiTest {

  /**
   * A published artifact: a class that lives in its jar and the package that holds its
   * hand-written code (generated {@code .v1} packages and {@code .internal} packages are not
   * recorded).
   */
  record Artifact(String name, String markerClass, String packagePrefix, String sourceRoot) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Artifact> artifacts() {
    return Stream.of(
        new Artifact("chaukas-spec-server", "ai.chaukas.spec.server.ChaukasServices",
            "ai.chaukas.spec.server", "chaukas-spec-server/src/main/java"),
        new Artifact("chaukas-spec-toolkit", "ai.chaukas.spec.toolkit.FieldPath",
            "ai.chaukas.spec.toolkit", "chaukas-spec-toolkit/src/main/java"),
        new Artifact("chaukas-spec-exporter", "ai.chaukas.spec.exporter.ChaukasExporter",
            "ai.chaukas.spec.exporter", "chaukas-spec-exporter/src/main/java"),
        new Artifact("chaukas-spec-reference-server", "ai.chaukas.spec.reference.ReferenceServer",
            "ai.chaukas.spec.reference", "chaukas-spec-reference-server/src/main/java"),
        new Artifact("chaukas-spec-testkit", "ai.chaukas.spec.testkit.junit.ChaukasServerExtension",
            "ai.chaukas.spec.testkit", "chaukas-spec-testkit/src/main/java"),
        new Artifact("chaukas-spec-cli", "ai.chaukas.spec.cli.Chaukas",
            "ai.chaukas.spec.cli", "chaukas-spec-cli/src/main/java"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("artifacts")
  void publicApiEqualsTheRecord(Artifact artifact, @TempDir Path tmp) throws Exception {
    List<String> actual = render(artifact, tmp);
    Path record = Paths.get(System.getProperty("chaukas.apiRecord", "../api"))
        .resolve(artifact.name() + ".txt");
    if (Boolean.getBoolean("chaukas.updateApiRecord")) {
      List<String> lines = new ArrayList<>();
      lines.add("# The public API of " + artifact.name() + ", checked by chaukas-spec-api-check.");
      lines.add("# Rewritten by `make api-record`; review its diff like code.");
      lines.addAll(actual);
      Files.write(record, lines, StandardCharsets.UTF_8);
      return;
    }
    assertTrue(Files.exists(record), "no API record " + record + "; run `make api-record`");
    List<String> recorded = Files.readAllLines(record, StandardCharsets.UTF_8).stream()
        .filter(line -> !line.startsWith("#"))
        .collect(Collectors.toList());
    if (!recorded.equals(actual)) {
      List<String> removed = new ArrayList<>(recorded);
      removed.removeAll(actual);
      List<String> added = new ArrayList<>(actual);
      added.removeAll(recorded);
      fail("the public API of " + artifact.name() + " differs from " + record + ":\n"
          + removed.stream().map(l -> "  - " + l).collect(Collectors.joining("\n"))
          + (removed.isEmpty() ? "" : "\n")
          + added.stream().map(l -> "  + " + l).collect(Collectors.joining("\n"))
          + "\nIf the change is intended, run `make api-record` and commit the diff of api/.");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("artifacts")
  void everyPublicTypeSaysSinceWhen(Artifact artifact, @TempDir Path tmp) throws Exception {
    Path sources = Paths.get(System.getProperty("chaukas.sourceRoot", "..")).resolve(artifact.sourceRoot());
    List<String> missing = new ArrayList<>();
    for (String line : render(artifact, tmp)) {
      if (line.startsWith(" ") || line.contains("$")) {
        continue;
      }
      String type = line.substring(0, line.indexOf(':'));
      Path source = sources.resolve(type.replace('.', '/') + ".java");
      if (!Files.readString(source, StandardCharsets.UTF_8).contains("@since")) {
        missing.add(type);
      }
    }
    assertEquals(List.of(), missing, "public types whose javadoc has no @since tag");
  }

  /** The artifact's public API as sorted lines: a type, then its members indented. */
  static List<String> render(Artifact artifact, Path tmp) throws IOException, URISyntaxException, ClassNotFoundException {
    Path jar = jarOf(Class.forName(artifact.markerClass()), tmp);
    JarArchiveComparatorOptions options = new JarArchiveComparatorOptions();
    options.setAccessModifier(AccessModifier.PROTECTED);
    JarArchiveComparator comparator = new JarArchiveComparator(options);
    List<JApiClass> classes = comparator.compare(
        new JApiCmpArchive(emptyJar(tmp).toFile(), "0"), new JApiCmpArchive(jar.toFile(), "1"));
    return ApiListing.of(classes, artifact.packagePrefix());
  }

  /** The jar a class was loaded from; a classes directory (a reactor build before packaging) is jarred. */
  private static Path jarOf(Class<?> marker, Path tmp) throws IOException, URISyntaxException {
    Path location = Paths.get(marker.getProtectionDomain().getCodeSource().getLocation().toURI());
    if (Files.isRegularFile(location)) {
      return location;
    }
    Path jar = tmp.resolve(marker.getSimpleName() + ".jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), new Manifest());
        Stream<Path> files = Files.walk(location)) {
      for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
        out.putNextEntry(new java.util.jar.JarEntry(location.relativize(file).toString().replace('\\', '/')));
        Files.copy(file, out);
        out.closeEntry();
      }
    }
    return jar;
  }

  private static Path emptyJar(Path tmp) throws IOException {
    Path jar = tmp.resolve("empty.jar");
    if (!Files.exists(jar)) {
      Manifest manifest = new Manifest();
      manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
      try (OutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
        out.flush();
      }
    }
    return jar;
  }
}
