package org.dalaba.hub.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs Debian's redis-cli against a loopback port, as an operator would, and returns what it printed. */
public final class RedisCli {
  private RedisCli() {
  }

  public static String run(int port, String password, String... args) {
    ExternalProcess.requireProgram("/usr/bin/redis-cli", "redis-tools");
    List<String> command = new ArrayList<>(List.of("/usr/bin/redis-cli", "-h", "127.0.0.1", "-p", String.valueOf(port),
        "--no-auth-warning"));
    if (password != null) {
      command.addAll(List.of("-a", password));
    }
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      byte[] out = process.getInputStream().readAllBytes();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("redis-cli " + String.join(" ", args) + " did not finish");
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** One field of an INFO-style reply ({@code field:value} lines), or "" if absent. */
  public static String field(String info, String name) {
    for (String line : info.split("\r?\n")) {
      if (line.startsWith(name + ":")) {
        return line.substring(name.length() + 1).strip();
      }
    }
    return "";
  }
}
