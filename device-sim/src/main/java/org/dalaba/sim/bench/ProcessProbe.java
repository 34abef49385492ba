package org.dalaba.sim.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads what Linux and the JDK tell about another process: CPU time and RSS from {@code /proc}, CPU per
 * thread group (threads named alike, digits removed), and a Java process's heap after a full GC via
 * {@code jcmd}. Linux only; blocking.
 */
final class ProcessProbe {
  /** USER_HZ: the unit of utime/stime in /proc/PID/stat on every Linux we run on. */
  private static final long TICKS_PER_SECOND = 100;
  private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

  private ProcessProbe() {
  }

  /** User + system CPU time of the process (all its threads), in ms; 0 if it is gone. */
  static long cpuMs(long pid) {
    return statCpuMs(Path.of("/proc", String.valueOf(pid), "stat"));
  }

  static long rssBytes(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException e) {
      return 0;
    }
    return 0;
  }

  /** CPU ms per thread group of the process, e.g. {@code vert.x-eventloop-thread-} or {@code MQTT Call: hub-}. */
  static Map<String, Long> threadCpuMs(long pid) {
    Map<String, Long> groups = new TreeMap<>();
    Path tasks = Path.of("/proc", String.valueOf(pid), "task");
    try (Stream<Path> list = Files.list(tasks)) {
      for (Path task : list.toList()) {
        try {
          String name = Files.readString(task.resolve("comm")).strip().replaceAll("[0-9a-f]{6,}|[0-9]+", "");
          groups.merge(name, statCpuMs(task.resolve("stat")), Long::sum);
        } catch (IOException e) {
          // the thread ended meanwhile
        }
      }
    } catch (IOException e) {
      return groups;
    }
    return groups;
  }

  /** The pids of the process's children (e.g. the hub's embedded redis-server). */
  static List<Long> children(long pid) {
    return ProcessHandle.of(pid).map(p -> p.children().map(ProcessHandle::pid).toList()).orElse(List.of());
  }

  /** Runs a full GC in a Java process and returns its used heap afterwards, in bytes. */
  static long heapAfterFullGc(long pid) {
    jcmd(pid, "GC.run");
    String info = jcmd(pid, "GC.heap_info");
    Matcher used = HEAP_USED.matcher(info);
    if (!used.find()) {
      throw new IllegalStateException("cannot read the heap of process " + pid + " from jcmd: " + info);
    }
    return Long.parseLong(used.group(1)) * 1024;
  }

  private static String jcmd(long pid, String command) {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    try {
      Process process = new ProcessBuilder(jcmd.toString(), String.valueOf(pid), command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes());
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("jcmd " + pid + " " + command + " failed: " + output);
      }
      return output;
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + jcmd + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static long statCpuMs(Path stat) {
    try {
      String text = Files.readString(stat);
      // fields after the command name, which is in parentheses and may contain spaces
      String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      return ticks * 1000 / TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }
}
