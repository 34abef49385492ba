package org.dalaba.hub.endpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.dalaba.hub.RunningHub;
import org.dalaba.hub.testing.ApiClient;
import org.dalaba.sim.EndpointMain;
import org.dalaba.sim.audio.Pcm;

/**
 * One real endpoint (device-sim's {@code --endpoint} mode, in this JVM) provisioned as an installer would: the
 * console's credential download saved 0600, the hub's key list, {@code --audio-out file:} so the test hears
 * exactly what a speaker would have played.
 */
final class EndpointUnderTest implements AutoCloseable {

  final String endpointId;
  final Path pcm;
  final EndpointMain.Running running;

  private EndpointUnderTest(String endpointId, Path pcm, EndpointMain.Running running) {
    this.endpointId = endpointId;
    this.pcm = pcm;
    this.running = running;
  }

  static EndpointUnderTest start(RunningHub hub, ApiClient admin, Path dataDir, Path dir, String endpointId, String broker,
      String... extra) throws Exception {
    ApiClient.Reply download = admin.get("/api/v1/endpoints/" + endpointId + "/credentials");
    if (download.status() != 200) {
      throw new IllegalStateException("credential download: " + download);
    }
    Files.createDirectories(dir);
    Path credentials = dir.resolve("credentials.json");
    Files.writeString(credentials, download.body().encode());
    Files.setPosixFilePermissions(credentials, PosixFilePermissions.fromString("rw-------"));
    Path pcm = dir.resolve("out.pcm");
    List<String> args = new ArrayList<>(List.of("--endpoint", endpointId, "--credentials", credentials.toString(),
        "--broker", broker, "--audio-out", "file:" + pcm, "--cache-dir", dir.resolve("cache").toString(),
        "--status-file", dir.resolve("status.json").toString(), "--heartbeat-seconds", "5",
        "--hub-url", "http://127.0.0.1:" + hub.httpPort()));
    args.addAll(List.of(extra));
    return new EndpointUnderTest(endpointId, pcm, EndpointMain.start(args));
  }

  /** Samples written so far. */
  int samples() {
    try {
      return Files.exists(pcm) ? (int) (Files.size(pcm) / 2) : 0;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The samples written from {@code from} on. */
  short[] output(int from) throws IOException {
    byte[] bytes = Files.readAllBytes(pcm);
    short[] all = new short[bytes.length / 2];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(all);
    return java.util.Arrays.copyOfRange(all, from, all.length);
  }

  static short[] concat(short[]... parts) {
    int n = 0;
    for (short[] p : parts) {
      n += p.length;
    }
    short[] out = new short[n];
    int at = 0;
    for (short[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }

  /** As heard at {@code volume}: the endpoint scales linearly (docs/endpoint.md). */
  static short[] atVolume(short[] pcm, int volume) {
    short[] out = new short[pcm.length];
    Pcm.scale(pcm, 0, pcm.length, volume, out);
    return out;
  }

  static String sha256(short[] samples) throws Exception {
    return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Pcm.bytes(samples, 0, samples.length)));
  }

  @Override
  public void close() {
    running.close();
  }
}
