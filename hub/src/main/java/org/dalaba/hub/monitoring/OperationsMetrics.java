package org.dalaba.hub.monitoring;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.dalaba.hub.directory.Directory;
import org.dalaba.hub.directory.Endpoint;
import org.dalaba.hub.metrics.HubRegistry;
import org.dalaba.hub.status.EndpointLive;
import org.dalaba.hub.status.Liveness;

/**
 * The series the alerting rules of {@code packaging/monitoring/} need beyond the hub's own: Redis
 * persistence, liveness per township, free space under the data directory, the served certificate's
 * expiry and the newest backup. Registered in the hub's registry; {@link #refresh} brings them up to date
 * before a scrape (the file-system figures are read on a worker).
 */
public final class OperationsMetrics {
  private final Vertx vertx;
  private final Supplier<Directory> directory;
  private final Function<String, EndpointLive> liveness;
  private final Path dataDir;
  private final Path backupDir;
  private final Path certificate;
  private volatile DiskFigures figures = new DiskFigures(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
  private HubRegistry.Rows townships;

  /** What {@link #refresh} last read off the disk; NaN where it could not. */
  private record DiskFigures(double freeBytes, double sizeBytes, double certificateExpiry, double newestBackup) {
  }

  /** @param certificate the PEM certificate served over TLS, or null when TLS is off */
  public OperationsMetrics(Vertx vertx, Supplier<Directory> directory, Function<String, EndpointLive> liveness,
      Path dataDir, Path backupDir, Path certificate) {
    this.vertx = vertx;
    this.directory = directory;
    this.liveness = liveness;
    this.dataDir = dataDir;
    this.backupDir = backupDir;
    this.certificate = certificate;
  }

  /** Registers the series in {@code registry}. */
  public void bindTo(HubRegistry registry, BooleanSupplier redisPersistent) {
    registry.gauge("dalaba_redis_persistent", "1 if Redis keeps acknowledged writes across a crash (AOF on, fsync as required)",
            () -> redisPersistent.getAsBoolean() ? 1 : 0)
        .gauge("dalaba_data_free_bytes", "Bytes free for the hub on the file system of its data directory", () -> figures.freeBytes())
        .gauge("dalaba_data_size_bytes", "Size of the file system of the hub's data directory", () -> figures.sizeBytes())
        .gauge("dalaba_backup_last_timestamp_seconds", "When the newest backup in backup.dir was written (Unix time; 0 = none)",
            () -> figures.newestBackup());
    if (certificate != null) {
      registry.gauge("dalaba_tls_certificate_expiry_timestamp_seconds",
          "When the certificate the hub serves over TLS expires (Unix time)", () -> figures.certificateExpiry());
    }
    townships = registry.rows("dalaba_township_endpoints",
        "Endpoints of each township by liveness (offline includes never connected)", List.of("township", "state"));
  }

  /** Counts liveness per township (on the caller's thread, the event loop) and reads the disk on a worker. */
  public Future<Void> refresh() {
    townships.set(byTownship());
    return vertx.executeBlocking(this::readFiles, false).map(read -> {
      figures = read;
      return null;
    });
  }

  private Map<List<String>, Double> byTownship() {
    Map<String, long[]> counts = new TreeMap<>();
    for (Endpoint endpoint : directory.get().endpoints().values()) {
      EndpointLive live = liveness.apply(endpoint.id());
      Liveness state = live == null ? Liveness.OFFLINE : live.liveness();
      counts.computeIfAbsent(endpoint.townshipId(), t -> new long[Liveness.values().length])[state.ordinal()]++;
    }
    Map<List<String>, Double> rows = new LinkedHashMap<>();
    counts.forEach((township, byState) -> {
      for (Liveness state : Liveness.values()) {
        rows.put(List.of(township, state.name().toLowerCase(Locale.ROOT)), (double) byState[state.ordinal()]);
      }
    });
    return rows;
  }

  private DiskFigures readFiles() throws IOException {
    FileStore store = Files.getFileStore(dataDir);
    double expiry = certificate != null && Files.isReadable(certificate) ? notAfter(certificate) : Double.NaN;
    return new DiskFigures(store.getUsableSpace(), store.getTotalSpace(), expiry, newestBackup());
  }

  private static long notAfter(Path pem) throws IOException {
    try (InputStream in = Files.newInputStream(pem)) {
      X509Certificate first = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
      return first.getNotAfter().toInstant().getEpochSecond();
    } catch (java.security.cert.CertificateException e) {
      throw new IOException("unreadable certificate " + pem + ": " + e.getMessage(), e);
    }
  }

  private long newestBackup() throws IOException {
    if (!Files.isDirectory(backupDir)) {
      return 0;
    }
    try (Stream<Path> list = Files.list(backupDir)) {
      return list.filter(p -> p.getFileName().toString().matches("dalaba-.*\\.zip")).mapToLong(p -> {
        try {
          return Files.getLastModifiedTime(p).toMillis() / 1000;
        } catch (IOException e) {
          return 0;
        }
      }).max().orElse(0);
    }
  }
}
