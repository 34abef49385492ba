package org.dalaba.hub.hostile;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A bare HTTP/1.1 client that can pick its own source address (127.0.0.x), the way an attacker on
 * the network has many addresses, and send any header (X-Forwarded-For). One request per connection.
 */
final class RawHttp {
  record Reply(int status, String body, Map<String, String> headers) {
    JsonObject json() {
      return new JsonObject(body);
    }
  }

  private RawHttp() {
  }

  static Reply post(String from, int port, String path, String json, Map<String, String> headers) throws IOException {
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      socket.setSoTimeout(60_000);
      byte[] body = json.getBytes(StandardCharsets.UTF_8);
      StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
          + "\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: " + body.length + "\r\n");
      headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
      head.append("\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.UTF_8));
      out.write(body);
      out.flush();
      InputStream in = socket.getInputStream();
      String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      int split = response.indexOf("\r\n\r\n");
      String[] lines = response.substring(0, Math.max(split, 0)).split("\r\n");
      Map<String, String> replyHeaders = new java.util.HashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        if (colon > 0) {
          replyHeaders.put(lines[i].substring(0, colon).strip().toLowerCase(), lines[i].substring(colon + 1).strip());
        }
      }
      return new Reply(Integer.parseInt(lines[0].split(" ")[1]), split < 0 ? "" : response.substring(split + 4), replyHeaders);
    }
  }

  static Reply login(String from, int port, String username, String password, Map<String, String> headers) throws IOException {
    return post(from, port, "/api/v1/session", new JsonObject().put("username", username).put("password", password).encode(), headers);
  }
}
