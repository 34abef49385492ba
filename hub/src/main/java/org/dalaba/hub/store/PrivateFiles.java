package org.dalaba.hub.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Set;
import java.util.stream.Stream;

/** Folders only their owner may enter (0700) and files only their owner may read (0600). Blocking. */
public final class PrivateFiles {
  private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
  private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";

  private PrivateFiles() {
  }

  public static Path directory(Path dir) throws IOException {
    Files.createDirectories(dir);
    set(dir, DIR);
    return dir;
  }

  /** Tightens a folder and everything under it, e.g. a Redis data folder made before this rule. */
  public static void tree(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path path : (Iterable<Path>) all::iterator) {
        if (!Files.isSymbolicLink(path)) {
          set(path, Files.isDirectory(path) ? DIR : FILE);
        }
      }
    }
  }

  /** Writes the file 0600 from the start (a temporary file moved into place), replacing any old one. */
  public static void write(Path target, String content) throws IOException {
    Path temp = target.resolveSibling(target.getFileName() + ".tmp");
    Files.deleteIfExists(temp);
    try {
      Files.createFile(temp, PosixFilePermissions.asFileAttribute(FILE));
    } catch (UnsupportedOperationException e) {
      Files.createFile(temp); // not a POSIX file system: rely on the folder's permissions
    }
    Files.writeString(temp, content, StandardCharsets.UTF_8);
    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Makes sure the file exists and is 0600, e.g. before another program appends to it. */
  public static Path file(Path file) throws IOException {
    if (!Files.exists(file)) {
      try {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
      } catch (UnsupportedOperationException e) {
        Files.createFile(file);
      }
    }
    set(file, FILE);
    return file;
  }

  /** The secret kept in the file, made and written (0600) on first use. */
  public static String secret(Path file) throws IOException {
    if (Files.exists(file)) {
      set(file, FILE);
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    }
    SecureRandom random = new SecureRandom();
    StringBuilder secret = new StringBuilder();
    for (int i = 0; i < 32; i++) {
      secret.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    write(file, secret.toString());
    return secret.toString();
  }

  private static void set(Path path, Set<PosixFilePermission> permissions) throws IOException {
    try {
      Files.setPosixFilePermissions(path, permissions);
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system
    }
  }
}
