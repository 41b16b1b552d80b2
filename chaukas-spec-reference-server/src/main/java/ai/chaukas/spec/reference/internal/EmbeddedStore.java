package ai.chaukas.spec.reference.internal;

import java.io.IOException;
import java.nio.file.Path;

/** Events on disk. */
public abstract class EmbeddedStore implements EventStore {

  public static EventStore open(Path directory, CommitListener commits) throws IOException {
    throw new IOException("the store on disk is not built yet: " + directory);
  }
}
