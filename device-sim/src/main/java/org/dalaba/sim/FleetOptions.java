package org.dalaba.sim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Configuration of a {@link SimulatedFleet}. Fluent: each setter returns {@code this}; the getter of the
 * same name reads the value. Setters reject values out of range instead of clamping them.
 *
 * <p>Fault behaviours ({@link Behaviour}) are given as shares of the fleet: with 100 endpoints,
 * {@code offlineShare(0.1)} makes exactly 10 of them (rounded) OFFLINE, chosen with {@link #seed()}.
 * Shares together must not exceed 1. {@link #behaviour(String, Behaviour)} forces one endpoint's
 * behaviour regardless of the shares.
 */
public final class FleetOptions {

  /** Default {@link #brokerHost()}. */
  public static final String DEFAULT_BROKER_HOST = "localhost";
  /** Default {@link #brokerPort()}. */
  public static final int DEFAULT_BROKER_PORT = 1883;
  /** Default {@link #heartbeatSeconds()}, as recommended by the protocol. */
  public static final int DEFAULT_HEARTBEAT_SECONDS = 60;
  /** Default {@link #timeScale()}: real time. */
  public static final double DEFAULT_TIME_SCALE = 1.0;
  /** Default {@link #connectRatePerSecond()}: below the 1,000-1,800 connects/s a broker here sustains. */
  public static final int DEFAULT_CONNECT_RATE_PER_SECOND = 500;
  /** Default {@link #flapPeriodMs()}. */
  public static final long DEFAULT_FLAP_PERIOD_MS = 1000;
  /** Default {@link #slowAckMs()}. */
  public static final long DEFAULT_SLOW_ACK_MS = 2000;
  /** Default {@link #dropCommandShare()}. */
  public static final double DEFAULT_DROP_COMMAND_SHARE = 0.5;
  /** Default {@link #garbagePeriodMs()}. */
  public static final long DEFAULT_GARBAGE_PERIOD_MS = 1000;
  /** Default {@link #seed()}: fixed, so two runs with the same options behave alike. */
  public static final long DEFAULT_SEED = 42L;

  private String brokerHost = DEFAULT_BROKER_HOST;
  private int brokerPort = DEFAULT_BROKER_PORT;
  private List<java.net.InetSocketAddress> fallbackBrokers = List.of();
  private int heartbeatSeconds = DEFAULT_HEARTBEAT_SECONDS;
  // volatile: a running fleet reads it at every playback, so it may be changed while the fleet runs
  private volatile double timeScale = DEFAULT_TIME_SCALE;
  private int connectRatePerSecond = DEFAULT_CONNECT_RATE_PER_SECOND;
  private double offlineShare;
  private double flappingShare;
  private double slowAckShare;
  private double droppingShare;
  private double garbageShare;
  private long flapPeriodMs = DEFAULT_FLAP_PERIOD_MS;
  private long slowAckMs = DEFAULT_SLOW_ACK_MS;
  private double dropCommandShare = DEFAULT_DROP_COMMAND_SHARE;
  private long garbagePeriodMs = DEFAULT_GARBAGE_PERIOD_MS;
  private long seed = DEFAULT_SEED;
  private java.util.Set<String> caps = java.util.Set.of("text", "audio");
  private ReceiptSteps receiptSteps = ReceiptSteps.EVERY_STEP;
  private final Map<String, Behaviour> forced = new LinkedHashMap<>();
  private HubKeys hubKeys;
  private boolean tls;
  private java.nio.file.Path tlsCaFile;

  /** Whether endpoints connect to the broker over TLS (and fetch media over https with the same trust). */
  public boolean tls() {
    return tls;
  }

  /** The PEM CA certificate(s) endpoints trust for TLS; null = the JDK's trusted CAs. */
  public java.nio.file.Path tlsCaFile() {
    return tlsCaFile;
  }

  /** Connects over TLS, trusting {@code caFile} (PEM; null = the JDK's trusted CAs); host names are verified. */
  public FleetOptions tls(java.nio.file.Path caFile) {
    this.tls = true;
    this.tlsCaFile = caFile;
    return this;
  }

  /** The hub keys commands must be signed with; null (the default) = signatures are not checked. */
  public HubKeys hubKeys() {
    return hubKeys;
  }

  /** Makes every endpoint refuse a command not signed by one of these keys ({@code failed BAD_SIGNATURE}). */
  public FleetOptions hubKeys(HubKeys hubKeys) {
    this.hubKeys = hubKeys;
    return this;
  }

  private EndpointRuntime endpoint;

  /** Null: simulated endpoints; else the one endpoint of the fleet plays for real (docs/endpoint.md). */
  public EndpointRuntime endpoint() {
    return endpoint;
  }

  public FleetOptions endpoint(EndpointRuntime endpoint) {
    this.endpoint = endpoint;
    return this;
  }

  /** Epoch ms as the endpoints see it: the hub-corrected clock of a real endpoint, else the system's. */
  long now() {
    return endpoint == null ? System.currentTimeMillis() : endpoint.clock.now();
  }

  public String brokerHost() {
    return brokerHost;
  }

  /** MQTT broker host. Default {@value #DEFAULT_BROKER_HOST}. */
  public FleetOptions brokerHost(String brokerHost) {
    if (brokerHost == null || brokerHost.isBlank()) {
      throw new IllegalArgumentException("brokerHost must not be empty");
    }
    this.brokerHost = brokerHost;
    return this;
  }

  public int brokerPort() {
    return brokerPort;
  }

  public List<java.net.InetSocketAddress> fallbackBrokers() {
    return fallbackBrokers;
  }

  /**
   * Other nodes of the same broker cluster. After a lost connection or a failed reconnect an endpoint tries the
   * next broker of {@code [brokerHost:brokerPort, fallbacks...]}, round the list. Default none.
   */
  public FleetOptions fallbackBrokers(List<java.net.InetSocketAddress> fallbacks) {
    for (java.net.InetSocketAddress broker : fallbacks) {
      if (broker.getHostString() == null || broker.getHostString().isBlank() || broker.getPort() < 1) {
        throw new IllegalArgumentException("fallback broker must be HOST:PORT, was " + broker);
      }
    }
    this.fallbackBrokers = List.copyOf(fallbacks);
    return this;
  }

  /** The broker an endpoint uses on its {@code index}-th choice: the main one, then the fallbacks, round the list. */
  java.net.InetSocketAddress broker(int index) {
    int choice = Math.floorMod(index, fallbackBrokers.size() + 1);
    return choice == 0 ? java.net.InetSocketAddress.createUnresolved(brokerHost, brokerPort) : fallbackBrokers.get(choice - 1);
  }

  /** MQTT broker TCP port. Default {@value #DEFAULT_BROKER_PORT}. */
  public FleetOptions brokerPort(int brokerPort) {
    if (brokerPort < 1 || brokerPort > 65535) {
      throw new IllegalArgumentException("brokerPort must be 1-65535, was " + brokerPort);
    }
    this.brokerPort = brokerPort;
    return this;
  }

  public int heartbeatSeconds() {
    return heartbeatSeconds;
  }

  /** Interval between heartbeats of one endpoint. Default {@value #DEFAULT_HEARTBEAT_SECONDS}. */
  public FleetOptions heartbeatSeconds(int heartbeatSeconds) {
    if (heartbeatSeconds < 1) {
      throw new IllegalArgumentException("heartbeatSeconds must be at least 1, was " + heartbeatSeconds);
    }
    this.heartbeatSeconds = heartbeatSeconds;
    return this;
  }

  /** What every endpoint announces unless its spec says otherwise: {@code text}, {@code audio}, both or neither. */
  public java.util.Set<String> caps() {
    return caps;
  }

  public FleetOptions caps(java.util.Set<String> caps) {
    for (String cap : caps) {
      if (!cap.equals("text") && !cap.equals("audio")) {
        throw new IllegalArgumentException("caps are text and/or audio, was " + cap);
      }
    }
    this.caps = java.util.Set.copyOf(caps);
    return this;
  }

  /** Which receipts endpoints send when a command moves on at once; default every step. */
  public ReceiptSteps receiptSteps() {
    return receiptSteps;
  }

  public FleetOptions receiptSteps(ReceiptSteps receiptSteps) {
    this.receiptSteps = java.util.Objects.requireNonNull(receiptSteps);
    return this;
  }

  public double timeScale() {
    return timeScale;
  }

  /**
   * Factor on simulated playback time: a command plays for durationMs x repeat x timeScale.
   * Default {@value #DEFAULT_TIME_SCALE}; tests use e.g. 0.001. Expiry times are not scaled. May be changed
   * while a fleet runs: it applies to playbacks that start afterwards.
   */
  public FleetOptions timeScale(double timeScale) {
    if (!(timeScale > 0) || Double.isInfinite(timeScale)) {
      throw new IllegalArgumentException("timeScale must be a positive number, was " + timeScale);
    }
    this.timeScale = timeScale;
    return this;
  }

  public int connectRatePerSecond() {
    return connectRatePerSecond;
  }

  /** How many endpoints start connecting per second while the fleet ramps up. Default {@value #DEFAULT_CONNECT_RATE_PER_SECOND}. */
  public FleetOptions connectRatePerSecond(int connectRatePerSecond) {
    if (connectRatePerSecond < 1) {
      throw new IllegalArgumentException("connectRatePerSecond must be at least 1, was " + connectRatePerSecond);
    }
    this.connectRatePerSecond = connectRatePerSecond;
    return this;
  }

  public double offlineShare() {
    return offlineShare;
  }

  /** Share of the fleet that is {@link Behaviour#OFFLINE}. Default 0. */
  public FleetOptions offlineShare(double share) {
    this.offlineShare = share(share, "offlineShare");
    return this;
  }

  public double flappingShare() {
    return flappingShare;
  }

  /** Share of the fleet that is {@link Behaviour#FLAPPING}. Default 0. */
  public FleetOptions flappingShare(double share) {
    this.flappingShare = share(share, "flappingShare");
    return this;
  }

  public double slowAckShare() {
    return slowAckShare;
  }

  /** Share of the fleet that is {@link Behaviour#SLOW_ACK}. Default 0. */
  public FleetOptions slowAckShare(double share) {
    this.slowAckShare = share(share, "slowAckShare");
    return this;
  }

  public double droppingShare() {
    return droppingShare;
  }

  /** Share of the fleet that is {@link Behaviour#DROPPING}. Default 0. */
  public FleetOptions droppingShare(double share) {
    this.droppingShare = share(share, "droppingShare");
    return this;
  }

  public double garbageShare() {
    return garbageShare;
  }

  /** Share of the fleet that is {@link Behaviour#GARBAGE}. Default 0. */
  public FleetOptions garbageShare(double share) {
    this.garbageShare = share(share, "garbageShare");
    return this;
  }

  public long flapPeriodMs() {
    return flapPeriodMs;
  }

  /** One connect-drop cycle of a FLAPPING endpoint. Default {@value #DEFAULT_FLAP_PERIOD_MS}. */
  public FleetOptions flapPeriodMs(long flapPeriodMs) {
    if (flapPeriodMs < 10) {
      throw new IllegalArgumentException("flapPeriodMs must be at least 10, was " + flapPeriodMs);
    }
    this.flapPeriodMs = flapPeriodMs;
    return this;
  }

  public long slowAckMs() {
    return slowAckMs;
  }

  /** Delay of every receipt of a SLOW_ACK endpoint. Default {@value #DEFAULT_SLOW_ACK_MS}. */
  public FleetOptions slowAckMs(long slowAckMs) {
    if (slowAckMs < 0) {
      throw new IllegalArgumentException("slowAckMs must not be negative, was " + slowAckMs);
    }
    this.slowAckMs = slowAckMs;
    return this;
  }

  public double dropCommandShare() {
    return dropCommandShare;
  }

  /** Share of commands a DROPPING endpoint loses. Default {@value #DEFAULT_DROP_COMMAND_SHARE}. */
  public FleetOptions dropCommandShare(double share) {
    this.dropCommandShare = share(share, "dropCommandShare");
    return this;
  }

  public long garbagePeriodMs() {
    return garbagePeriodMs;
  }

  /** Interval between malformed publishes of a GARBAGE endpoint. Default {@value #DEFAULT_GARBAGE_PERIOD_MS}. */
  public FleetOptions garbagePeriodMs(long garbagePeriodMs) {
    if (garbagePeriodMs < 10) {
      throw new IllegalArgumentException("garbagePeriodMs must be at least 10, was " + garbagePeriodMs);
    }
    this.garbagePeriodMs = garbagePeriodMs;
    return this;
  }

  public long seed() {
    return seed;
  }

  /** Seed of every random choice (who misbehaves, which commands are dropped, jitter). Default {@value #DEFAULT_SEED}. */
  public FleetOptions seed(long seed) {
    this.seed = seed;
    return this;
  }

  /** Forces the behaviour of one endpoint, whatever the shares say. */
  public FleetOptions behaviour(String endpointId, Behaviour behaviour) {
    forced.put(Objects.requireNonNull(endpointId, "endpointId"), Objects.requireNonNull(behaviour, "behaviour"));
    return this;
  }

  /** The behaviours forced with {@link #behaviour(String, Behaviour)}, by endpoint id. */
  public Map<String, Behaviour> forcedBehaviours() {
    return Collections.unmodifiableMap(forced);
  }

  /** The share of the fleet given to {@code behaviour} (NORMAL: whatever the others leave). */
  public double share(Behaviour behaviour) {
    return switch (behaviour) {
      case OFFLINE -> offlineShare;
      case FLAPPING -> flappingShare;
      case SLOW_ACK -> slowAckShare;
      case DROPPING -> droppingShare;
      case GARBAGE -> garbageShare;
      case NORMAL -> 1.0 - faultShareTotal();
    };
  }

  double faultShareTotal() {
    return offlineShare + flappingShare + slowAckShare + droppingShare + garbageShare;
  }

  /** Checks what single setters cannot: the fault shares together must not exceed 1. */
  void validate() {
    if (faultShareTotal() > 1.0 + 1e-9) {
      throw new IllegalArgumentException("behaviour shares add up to " + faultShareTotal() + ", more than 1");
    }
  }

  private static double share(double share, String name) {
    if (!(share >= 0 && share <= 1)) {
      throw new IllegalArgumentException(name + " must be between 0 and 1, was " + share);
    }
    return share;
  }
}
