package org.dalaba.hub.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A live session's source as an operator's line-in box would be: {@code curl -T file.wav} to
 * {@code PUT /api/v1/live/{id}/audio} (docs/api.md), in the background; the hub paces it to real time, so it runs as
 * long as the audio lasts. Closing it stops curl.
 */
public final class CurlSource implements AutoCloseable {
  private final Process curl;
  private final Path output;

  private CurlSource(Process curl, Path output) {
    this.curl = curl;
    this.output = output;
  }

  /** Streams {@code wav} (a WAV file's bytes) to the session on the hub at {@code httpPort}. */
  public static CurlSource start(Path dir, int httpPort, String token, String liveId, byte[] wav) throws IOException {
    Path file = Files.write(dir.resolve(liveId + ".wav"), wav);
    Path output = dir.resolve(liveId + ".curl.out");
    Process curl = new ProcessBuilder("curl", "-sS", "-T", file.toString(), "-H", "Authorization: Bearer " + token,
        "-H", "Content-Type: audio/wav", "http://127.0.0.1:" + httpPort + "/api/v1/live/" + liveId + "/audio")
        .redirectErrorStream(true).redirectOutput(output.toFile()).start();
    return new CurlSource(curl, output);
  }

  /** What the hub answered (the session once it ended), or what curl said. */
  public String output() throws IOException {
    return Files.readString(output).trim();
  }

  public boolean isAlive() {
    return curl.isAlive();
  }

  @Override
  public void close() throws Exception {
    curl.destroy();
    if (!curl.waitFor(10, TimeUnit.SECONDS)) {
      curl.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
