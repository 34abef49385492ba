package org.dalaba.hub.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** A tiny blocking RESP exchange used only at start-up, before Vert.x runs, to identify a Redis. */
final class RedisProbe {
  private RedisProbe() {
  }

  /** The {@code dir} configured in the Redis on this loopback port, if it answers. */
  static Optional<String> dataDirOf(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      socket.setSoTimeout(1000);
      OutputStream out = socket.getOutputStream();
      out.write("*3\r\n$6\r\nCONFIG\r\n$3\r\nGET\r\n$3\r\ndir\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[4096];
      int n = in.read(buffer);
      if (n <= 0) {
        return Optional.empty();
      }
      // reply: *2\r\n$3\r\ndir\r\n$<len>\r\n<path>\r\n
      String[] lines = new String(buffer, 0, n, StandardCharsets.UTF_8).split("\r\n");
      return lines.length >= 5 && lines[0].equals("*2") ? Optional.of(lines[4]) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
