package org.dalaba.hub.outside;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

/** The hostile side of the stream route: who asks, and what they get (status and headers only, never the body). */
final class StreamProbe {
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  private StreamProbe() {
  }

  /** The answer's status and headers to a GET of {@code url}, with Basic credentials or none ({@code user} null). */
  static HttpResponse.ResponseInfo ask(URI url, String user, String password) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(url).GET().timeout(Duration.ofSeconds(10));
    if (user != null) {
      request.header("Authorization", basic(user, password));
    }
    CompletableFuture<HttpResponse.ResponseInfo> info = new CompletableFuture<>();
    HTTP.sendAsync(request.build(), answer -> {
      info.complete(answer);
      return HttpResponse.BodySubscribers.fromSubscriber(new Flow.Subscriber<List<ByteBuffer>>() {
        @Override
        public void onSubscribe(Flow.Subscription s) {
          s.cancel(); // a stream that would last the session: the status is all we asked for
        }

        @Override
        public void onNext(List<ByteBuffer> item) {
        }

        @Override
        public void onError(Throwable throwable) {
        }

        @Override
        public void onComplete() {
        }
      });
    }).exceptionally(e -> {
      info.completeExceptionally(e);
      return null;
    });
    return info.get(15, TimeUnit.SECONDS);
  }

  static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** A reader that sends its GET and then never reads: a tiny receive window, so the hub's writes back up at once. */
  static final class NeverReads implements AutoCloseable {
    private final Socket socket = new Socket();

    NeverReads(URI url, String user, String password) throws IOException {
      socket.setReceiveBufferSize(1024);
      socket.connect(new InetSocketAddress(url.getHost(), url.getPort()), 5_000);
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + url.getRawPath() + " HTTP/1.1\r\nHost: " + url.getHost() + ":" + url.getPort()
          + "\r\nAuthorization: " + basic(user, password) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
    }

    /** How the connection ended for the reader, and how many bytes the hub had left in it. */
    record Drained(String how, long bytes) {
    }

    /**
     * Reads what the hub left in the connection until the response's last chunk ({@code 0\r\n\r\n}: HTTP/1.1 keeps
     * the connection open after it), the connection's end or reset, or {@code timeoutMs} of silence ("open").
     */
    Drained drain(int timeoutMs) throws IOException {
      socket.setSoTimeout(timeoutMs);
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[16384];
      byte[] tail = new byte[7];
      long total = 0;
      try {
        for (int n; (n = in.read(buffer)) >= 0; ) {
          total += n;
          for (int i = 0; i < n; i++) {
            System.arraycopy(tail, 1, tail, 0, 6);
            tail[6] = buffer[i];
          }
          if (new String(tail, StandardCharsets.US_ASCII).equals("\r\n0\r\n\r\n")) {
            return new Drained("last chunk", total);
          }
        }
        return new Drained("closed", total);
      } catch (SocketTimeoutException e) {
        return new Drained("open", total);
      } catch (IOException reset) {
        return new Drained("reset", total);
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
