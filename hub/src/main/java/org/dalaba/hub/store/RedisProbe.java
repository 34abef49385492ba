package org.dalaba.hub.store;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A tiny blocking RESP exchange used only at start-up and stop, before or after Vert.x runs, to tell
 * whether the Redis on a loopback port is the one this hub's data directory started.
 */
final class RedisProbe implements AutoCloseable {
  /** What a Redis on the port says about itself once it accepted our password. */
  record Identity(String runId, long pid, String dir) {
  }

  private final Socket socket;
  private final OutputStream out;
  private final InputStream in;

  private RedisProbe(int port) throws IOException {
    socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
    socket.setSoTimeout(3000);
    out = socket.getOutputStream();
    in = new BufferedInputStream(socket.getInputStream());
  }

  /**
   * @return who answers on the port, or throws with the reason it cannot be ours (no answer, the
   *     password refused, commands missing)
   */
  static Identity identify(int port, String password) throws IOException {
    try (RedisProbe probe = new RedisProbe(port)) {
      Object auth = probe.command("AUTH", password);
      if (!"OK".equals(auth)) {
        throw new IOException("it does not accept this hub's Redis password (" + auth + ")");
      }
      Map<String, String> info = parseInfo(String.valueOf(probe.command("INFO", "server")));
      Object dir = probe.command("CONFIG", "GET", "dir");
      String dirValue = dir instanceof List<?> list && list.size() == 2 ? String.valueOf(list.get(1)) : "";
      long pid;
      try {
        pid = Long.parseLong(info.getOrDefault("process_id", "-1"));
      } catch (NumberFormatException e) {
        pid = -1;
      }
      return new Identity(info.getOrDefault("run_id", ""), pid, dirValue);
    }
  }

  static Map<String, String> parseInfo(String info) {
    Map<String, String> fields = new HashMap<>();
    for (String line : info.split("\r?\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && !line.startsWith("#")) {
        fields.put(line.substring(0, colon), line.substring(colon + 1).strip());
      }
    }
    return fields;
  }

  /** @return a String for simple and bulk strings, a Long, a List for arrays, or "ERR …" text for errors */
  Object command(String... args) throws IOException {
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    request.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
    for (String arg : args) {
      byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
      request.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
      request.writeBytes(bytes);
      request.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    out.write(request.toByteArray());
    out.flush();
    return read();
  }

  private Object read() throws IOException {
    int type = in.read();
    String line = line();
    switch (type) {
      case '+', '-' -> {
        return line;
      }
      case ':' -> {
        return Long.parseLong(line);
      }
      case '$' -> {
        int length = Integer.parseInt(line);
        if (length < 0) {
          return null;
        }
        byte[] bytes = in.readNBytes(length + 2);
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
      }
      case '*' -> {
        int count = Integer.parseInt(line);
        List<Object> items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
          items.add(read());
        }
        return items;
      }
      default -> throw new IOException("not a Redis reply");
    }
  }

  private String line() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\r'; b = in.read()) {
      if (b < 0) {
        throw new IOException("connection closed");
      }
      line.write(b);
    }
    in.read(); // '\n'
    return line.toString(StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
