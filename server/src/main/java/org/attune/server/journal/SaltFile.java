package org.attune.server.journal;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.attune.server.group.SecretHashes;

/**
 * The data directory's salt for the hashes of join codes: made once, readable by its owner only,
 * and read on every start so that a restored group is found by the code its members type.
 *
 * <p>Thread-safe: yes (one file operation each).
 */
public final class SaltFile {

  private SaltFile() {}

  /**
   * The salt in {@code file}, made there first if it is missing.
   *
   * @throws IOException if it cannot be read or made, or holds too few bytes
   */
  public static byte[] loadOrCreate(Path file) throws IOException {
    if (!Files.exists(file)) {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
      Files.write(temporary, SecretHashes.newSalt());
      try {
        Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // Not a POSIX file system: the directory's own permissions protect it.
      }
      try {
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
        Files.deleteIfExists(temporary);
      }
    }
    byte[] salt = Files.readAllBytes(file);
    if (salt.length < SecretHashes.SALT_BYTES) {
      throw new IOException(
          file
              + " holds "
              + salt.length
              + " bytes, not a salt of "
              + SecretHashes.SALT_BYTES
              + ": the join codes of its sessions cannot be checked");
    }
    return salt;
  }
}
