package org.dalaba.hub.backup;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A small blocking Redis client (RESP2) for the backup and restore commands, which run outside Vert.x
 * (from the command line, or on a worker thread of the hub) and move binary DUMP payloads. Replies:
 * simple strings as String, integers as Long, bulk strings as byte[], arrays as List, nil as null;
 * an error reply throws.
 */
final class RespClient implements AutoCloseable {
  private static final int TIMEOUT_MS = 60_000;
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  private RespClient(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
    this.out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
  }

  static RespClient connect(RedisTarget target) throws IOException {
    Socket socket = target.tls() ? javax.net.ssl.SSLSocketFactory.getDefault().createSocket() : new Socket();
    try {
      socket.connect(new InetSocketAddress(target.host(), target.port()), 5_000);
      socket.setSoTimeout(TIMEOUT_MS);
      RespClient client = new RespClient(socket);
      if (!target.password().isEmpty()) {
        if (target.username().isEmpty()) {
          client.call("AUTH", target.password());
        } else {
          client.call("AUTH", target.username(), target.password());
        }
      }
      if (target.database() != 0) {
        client.call("SELECT", String.valueOf(target.database()));
      }
      return client;
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  /** @param args each a String or a byte[] */
  Object call(Object... args) throws IOException {
    out.write(('*' + String.valueOf(args.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
    for (Object arg : args) {
      byte[] bytes = arg instanceof byte[] b ? b : arg.toString().getBytes(StandardCharsets.UTF_8);
      out.write(('$' + String.valueOf(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(bytes);
      out.write('\r');
      out.write('\n');
    }
    out.flush();
    return read();
  }

  String callString(Object... args) throws IOException {
    Object reply = call(args);
    return reply instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : reply == null ? null : reply.toString();
  }

  private Object read() throws IOException {
    int type = in.read();
    if (type < 0) {
      throw new IOException("Redis closed the connection");
    }
    String line = line();
    switch (type) {
      case '+':
        return line;
      case '-':
        throw new IOException("Redis refused: " + line);
      case ':':
        return Long.parseLong(line);
      case '$': {
        int length = Integer.parseInt(line);
        if (length < 0) {
          return null;
        }
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length || in.read() != '\r' || in.read() != '\n') {
          throw new IOException("truncated reply from Redis");
        }
        return bytes;
      }
      case '*': {
        int count = Integer.parseInt(line);
        if (count < 0) {
          return null;
        }
        List<Object> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
          items.add(read());
        }
        return items;
      }
      default:
        throw new IOException("unexpected reply from Redis (type " + (char) type + ")");
    }
  }

  private String line() throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != '\r') {
      if (c < 0) {
        throw new IOException("Redis closed the connection");
      }
      buffer.write(c);
    }
    in.read(); // '\n'
    return buffer.toString(StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
