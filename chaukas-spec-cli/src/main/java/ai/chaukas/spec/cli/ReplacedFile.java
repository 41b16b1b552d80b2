package ai.chaukas.spec.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A file replaced as a whole: everything is written to a temporary file beside it, which takes the
 * file's place in one atomic rename at {@link #commit()}, so a reader sees the old file or the new
 * one, never a mix, and a command that fails leaves the file as it was.
 *
 * <ul>
 *   <li>The temporary file is {@code .NAME.chaukas-PID-RANDOM.tmp}. It is deleted by {@link
 *       #discard()}, and on SIGINT or SIGTERM by a shutdown hook. After SIGKILL it stays; the next
 *       run that replaces the same file deletes the ones whose process is gone.
 *   <li>A file that exists keeps its permissions, and its owner and group where the process may set
 *       them; until the rename, the temporary file is readable by its owner only. A symbolic link
 *       is followed: the file it points to is replaced, the link stays.
 *   <li>The new content is on disk (fsync) before the rename, and the rename is made durable by
 *       an fsync of the directory.
 * </ul>
 */
final class ReplacedFile {

  private static final Set<Path> PENDING = ConcurrentHashMap.newKeySet();
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      for (Path temp : PENDING) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // The JVM is stopping; what cannot be deleted now is found by the next run.
        }
      }
    }, "chaukas-temp-cleanup"));
  }

  private final Path target;
  private final Path temp;
  private final PosixFileAttributes existing;
  private final FileChannel channel;
  private final List<String> leftoversRemoved;
  private boolean closed;

  private ReplacedFile(Path target, Path temp, PosixFileAttributes existing, FileChannel channel,
      List<String> leftoversRemoved) {
    this.target = target;
    this.temp = temp;
    this.existing = existing;
    this.channel = channel;
    this.leftoversRemoved = leftoversRemoved;
  }

  /**
   * Starts replacing {@code file}, which need not exist; its directory must.
   *
   * @throws IOException if the directory is missing or not writable
   */
  static ReplacedFile create(Path file) throws IOException {
    Path target = file.toAbsolutePath();
    if (Files.isSymbolicLink(target) && Files.exists(target)) {
      target = target.toRealPath();
    }
    Path dir = target.getParent();
    if (!Files.isDirectory(dir)) {
      throw new NoSuchFileException(dir.toString());
    }
    PosixFileAttributes existing = null;
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      PosixFileAttributeView view = Files.getFileAttributeView(target, PosixFileAttributeView.class);
      existing = view == null ? null : view.readAttributes();
    }
    List<String> removed = removeLeftovers(dir, target.getFileName().toString());
    Path temp = dir.resolve("." + target.getFileName() + ".chaukas-" + ProcessHandle.current().pid() + "-"
        + UUID.randomUUID().toString().substring(0, 8) + ".tmp");
    // An existing file's content may be private: until the rename, only the owner may read the copy.
    FileAttribute<?>[] attributes = existing == null
        ? new FileAttribute<?>[0] : new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)};
    PENDING.add(temp);
    try {
      FileChannel channel = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
          attributes);
      return new ReplacedFile(target, temp, existing, channel, removed);
    } catch (IOException | RuntimeException e) {
      PENDING.remove(temp);
      throw e;
    }
  }

  /** The file being replaced (a symbolic link resolved). */
  Path target() {
    return target;
  }

  /** Names of temporary files of interrupted runs that were deleted when this one started. */
  List<String> leftoversRemoved() {
    return leftoversRemoved;
  }

  /** Where to write the new content; closing it does not commit. */
  OutputStream stream() {
    return new java.io.FilterOutputStream(Channels.newOutputStream(channel)) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() {
        // The channel is closed by commit or discard.
      }
    };
  }

  /** Makes the new content durable and moves it into the file's place. */
  void commit() throws IOException {
    channel.force(true);
    channel.close();
    closed = true;
    if (existing != null) {
      Files.setPosixFilePermissions(temp, existing.permissions());
      PosixFileAttributeView view = Files.getFileAttributeView(temp, PosixFileAttributeView.class);
      try {
        view.setGroup(existing.group());
        view.setOwner(existing.owner());
      } catch (IOException notPermitted) {
        // Only root may give a file away; the content is still the caller's own.
      }
    }
    try {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
    PENDING.remove(temp);
    try (FileChannel dir = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException directoriesCannotBeSynced) {
      // Some file systems refuse it; the rename is as durable as they make it.
    }
  }

  /** Deletes the temporary file; the file keeps its old content. */
  void discard() throws IOException {
    try {
      if (!closed) {
        closed = true;
        channel.close();
      }
    } finally {
      Files.deleteIfExists(temp);
      PENDING.remove(temp);
    }
  }

  /** Deletes {@code .NAME.chaukas-PID-*.tmp} files in {@code dir} whose process no longer runs. */
  private static List<String> removeLeftovers(Path dir, String name) {
    Pattern pattern = Pattern.compile("\\." + Pattern.quote(name) + "\\.chaukas-(\\d+)-[0-9a-f]{8}\\.tmp");
    List<String> removed = new ArrayList<>();
    try (DirectoryStream<Path> candidates = Files.newDirectoryStream(dir, "." + globEscape(name) + ".chaukas-*.tmp")) {
      for (Path candidate : candidates) {
        Matcher m = pattern.matcher(candidate.getFileName().toString());
        if (m.matches() && !running(m.group(1)) && Files.deleteIfExists(candidate)) {
          removed.add(candidate.getFileName().toString());
        }
      }
    } catch (IOException | UncheckedIOException e) {
      // Leftovers are only tidied; failing to list them must not stop the command.
    }
    return removed;
  }

  private static boolean running(String pid) {
    try {
      return ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
    } catch (NumberFormatException tooLarge) {
      return false;
    }
  }

  private static String globEscape(String name) {
    return name.replaceAll("([\\\\*?\\[\\]{}])", "\\\\$1");
  }
}
