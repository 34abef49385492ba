package org.dalaba.hub.hostile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The attacker with a shell on the hub's machine: commands run as user {@code nobody} (setpriv, which
 * execs, so the process we hold is the attacker's program itself). Needs root to switch users; outside
 * CI a non-root run skips with a message, in CI it fails.
 */
final class LocalUser {
  record Result(int exit, String output) {
  }

  private LocalUser() {
  }

  static void requireRoot() {
    boolean root = "root".equals(System.getProperty("user.name"));
    if (!root && System.getenv("CI") == null) {
      Assumptions.abort("acting as user nobody needs root (setpriv); run as root to check the local-user findings");
    }
    if (!root) {
      throw new AssertionError("CI must run as root to check the local-user findings");
    }
  }

  static List<String> asNobody(String... command) {
    List<String> all = new ArrayList<>(List.of("/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"));
    all.addAll(List.of(command));
    return all;
  }

  /** Runs a command as nobody and waits (at most 30 s) for it. */
  static Result run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(asNobody(command)).redirectErrorStream(true).directory(Path.of("/").toFile()).start();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      throw new AssertionError("as nobody, " + String.join(" ", command) + " did not finish in 30 s");
    }
    return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  /** Makes the folder and its parents up to {@code top} traversable by others, like an operator's /var/lib/dalaba. */
  static void openUpTo(Path dir, Path top) throws IOException {
    for (Path p = dir; p != null && p.startsWith(top); p = p.getParent()) {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  static String mode(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }
}
