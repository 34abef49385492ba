package org.dalaba.hub.monitoring;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.dalaba.hub.directory.Directory;
import org.dalaba.hub.directory.Endpoint;
import org.dalaba.hub.status.EndpointLive;
import org.dalaba.hub.status.Liveness;

/**
 * The series the alerting rules of {@code packaging/monitoring/} need beyond the hub's own: Redis
 * persistence, liveness per township, free space under the data directory, the served certificate's
 * expiry and the newest backup. The file-system figures are read on a worker; appended to /metrics.
 */
public final class OperationsMetrics {
  private final Vertx vertx;
  private final Supplier<Directory> directory;
  private final Function<String, EndpointLive> liveness;
  private final BooleanSupplier redisPersistent;
  private final Path dataDir;
  private final Path backupDir;
  private final Path certificate;

  /** @param certificate the PEM certificate served over TLS, or null when TLS is off */
  public OperationsMetrics(Vertx vertx, Supplier<Directory> directory, Function<String, EndpointLive> liveness,
      BooleanSupplier redisPersistent, Path dataDir, Path backupDir, Path certificate) {
    this.vertx = vertx;
    this.directory = directory;
    this.liveness = liveness;
    this.redisPersistent = redisPersistent;
    this.dataDir = dataDir;
    this.backupDir = backupDir;
    this.certificate = certificate;
  }

  /** The hub's metrics text with these series after it. */
  public Future<String> appendTo(String text) {
    String live = townships();
    return vertx.executeBlocking(this::files, false).map(files -> text + live + files);
  }

  private String townships() {
    Map<String, long[]> byTownship = new TreeMap<>();
    for (Endpoint endpoint : directory.get().endpoints().values()) {
      EndpointLive live = liveness.apply(endpoint.id());
      Liveness state = live == null ? Liveness.OFFLINE : live.liveness();
      byTownship.computeIfAbsent(endpoint.townshipId(), t -> new long[3])[state.ordinal()]++;
    }
    StringBuilder out = new StringBuilder();
    out.append("# HELP dalaba_redis_persistent 1 if Redis keeps acknowledged writes across a crash (AOF on, fsync as required)\n")
        .append("# TYPE dalaba_redis_persistent gauge\n")
        .append("dalaba_redis_persistent ").append(redisPersistent.getAsBoolean() ? 1 : 0).append('\n');
    out.append("# HELP dalaba_township_endpoints Endpoints of each township by liveness (offline includes never connected)\n")
        .append("# TYPE dalaba_township_endpoints gauge\n");
    byTownship.forEach((township, counts) -> {
      for (Liveness state : Liveness.values()) {
        out.append("dalaba_township_endpoints{township=\"").append(township).append("\",state=\"")
            .append(state.name().toLowerCase(java.util.Locale.ROOT)).append("\"} ").append(counts[state.ordinal()]).append('\n');
      }
    });
    return out.toString();
  }

  private String files() throws IOException {
    StringBuilder out = new StringBuilder();
    java.nio.file.FileStore store = Files.getFileStore(dataDir);
    gauge(out, "dalaba_data_free_bytes", "Bytes free for the hub on the file system of its data directory", store.getUsableSpace());
    gauge(out, "dalaba_data_size_bytes", "Size of the file system of the hub's data directory", store.getTotalSpace());
    if (certificate != null && Files.isReadable(certificate)) {
      gauge(out, "dalaba_tls_certificate_expiry_timestamp_seconds", "When the certificate the hub serves over TLS expires (Unix time)",
          notAfter(certificate));
    }
    gauge(out, "dalaba_backup_last_timestamp_seconds", "When the newest backup in backup.dir was written (Unix time; 0 = none)",
        newestBackup());
    return out.toString();
  }

  private static void gauge(StringBuilder out, String name, String help, double value) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n').append("# TYPE ").append(name).append(" gauge\n")
        .append(name).append(' ').append(value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value)).append('\n');
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
