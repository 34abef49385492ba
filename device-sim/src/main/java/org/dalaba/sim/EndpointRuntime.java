package org.dalaba.sim;

import java.io.IOException;
import org.dalaba.sim.audio.AudioOut;
import org.dalaba.sim.audio.AudioPlayback;
import org.dalaba.sim.audio.Speech;
import org.dalaba.sim.endpoint.HubClock;
import org.dalaba.sim.endpoint.MediaCache;

/**
 * What turns a simulated endpoint into a real one ({@link FleetOptions#endpoint}): a sound output, an
 * on-disk media cache, a clock checked against the hub, its own text-to-speech. Given to a fleet of one.
 * Without it the simulator behaves exactly as before (timers instead of sound, media in memory).
 */
public final class EndpointRuntime implements AutoCloseable {

  final AudioPlayback playback;
  final MediaCache cache;
  final HubClock clock;
  final Speech speech;
  final javax.net.ssl.SSLContext tls;
  final EndpointStatus status = new EndpointStatus();
  /** For media downloads; made here, off the event loop (building one loads TLS). */
  final java.net.http.HttpClient http;

  public EndpointRuntime(AudioOut out, MediaCache cache, HubClock clock, Speech speech, javax.net.ssl.SSLContext tls) {
    this.playback = new AudioPlayback(out);
    this.cache = cache;
    this.clock = clock;
    this.speech = speech;
    this.tls = tls;
    java.net.http.HttpClient.Builder builder = java.net.http.HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(30));
    if (tls != null) {
      builder.sslContext(tls);
    }
    this.http = builder.build();
  }

  public HubClock clock() {
    return clock;
  }

  public MediaCache cache() {
    return cache;
  }

  public AudioPlayback playback() {
    return playback;
  }

  @Override
  public void close() throws IOException {
    playback.close();
  }
}
