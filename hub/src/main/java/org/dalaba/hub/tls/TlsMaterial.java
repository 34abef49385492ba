package org.dalaba.hub.tls;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The certificate and key the hub serves HTTPS and MQTT over TLS with: the operator's PEM files
 * ({@code tls.certFile}, {@code tls.keyFile}) or, without them, a server certificate from the hub's own CA
 * ({@link HubCertificateAuthority}). Also the JKS copy HiveMQ CE reads (rewritten at every start under a
 * fresh password) and the CA certificate clients are given. Blocking: start-up only.
 *
 * @param caCertificate what speakers and browsers should trust: the hub CA, or the operator's chain
 */
public record TlsMaterial(Path certificate, Path privateKey, Path caCertificate, Path brokerKeystore, String keystorePassword) {

  /**
   * @param hostNames names and addresses the hub is reached by, beyond localhost and 127.0.0.1 (SANs of
   *                  a generated certificate; ignored for the operator's)
   */
  public static TlsMaterial prepare(Path dataDir, String certFile, String keyFile, List<String> hostNames) throws IOException {
    Path cert;
    Path key;
    Path trust;
    if (!certFile.isBlank() || !keyFile.isBlank()) {
      if (certFile.isBlank() || keyFile.isBlank()) {
        throw new IOException("give both tls.certFile and tls.keyFile, or neither (the hub then makes its own CA)");
      }
      cert = Path.of(certFile).toAbsolutePath();
      key = Path.of(keyFile).toAbsolutePath();
      trust = cert;
    } else {
      Set<String> names = new LinkedHashSet<>(List.of("localhost", "127.0.0.1"));
      hostNames.stream().map(String::strip).filter(h -> !h.isEmpty()).forEach(names::add);
      HubCertificateAuthority ca = new HubCertificateAuthority(dataDir);
      ca.ensure(names);
      cert = ca.serverCertificate();
      key = ca.serverKey();
      trust = ca.caCertificate();
    }
    List<X509Certificate> chain = Pem.certificates(cert);
    PrivateKey privateKey = Pem.privateKey(key);
    byte[] secret = new byte[18];
    new SecureRandom().nextBytes(secret);
    String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    Path keystore = dataDir.resolve("tls").resolve("broker.jks");
    Files.createDirectories(keystore.getParent());
    Pem.ownerOnly(keystore.getParent(), "rwx------");
    try {
      KeyStore jks = KeyStore.getInstance("JKS");
      jks.load(null, null);
      jks.setKeyEntry("dalaba", privateKey, password.toCharArray(), chain.toArray(new Certificate[0]));
      Path temp = keystore.resolveSibling("broker.jks.tmp");
      Files.deleteIfExists(temp);
      Files.createFile(temp);
      Pem.ownerOnly(temp, "rw-------");
      try (OutputStream out = Files.newOutputStream(temp)) {
        jks.store(out, password.toCharArray());
      }
      Files.move(temp, keystore, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot write the broker's keystore: " + e.getMessage(), e);
    }
    return new TlsMaterial(cert, key, trust, keystore, password);
  }

  /** The names the certificate is made for: tls.hostNames, and the host of http.publicUrl when it has one. */
  public static List<String> hostNames(List<String> configured, String publicUrl) {
    List<String> names = new java.util.ArrayList<>(configured);
    if (!publicUrl.isBlank() && java.net.URI.create(publicUrl).getHost() != null) {
      names.add(java.net.URI.create(publicUrl).getHost());
    }
    return names;
  }

  /**
   * What the hub's own MQTT client trusts for an {@code ssl://} broker.
   *
   * @param caFile null: the JVM's default trust (an external broker with a public certificate); otherwise exactly its certificates
   */
  public static TrustManagerFactory trustOrDefault(Path caFile) throws IOException {
    try {
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(caFile == null ? null : trustStore(caFile));
      return factory;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot trust " + caFile + ": " + e.getMessage(), e);
    }
  }

  /** A TLS context that trusts exactly {@code caFile}'s certificates. */
  public static SSLContext sslContext(Path caFile) throws IOException {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      // exactly caFile: null here is a mistake, never the JVM's default trust
      context.init(null, trustOrDefault(java.util.Objects.requireNonNull(caFile, "caFile")).getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot trust " + caFile + ": " + e.getMessage(), e);
    }
  }

  private static KeyStore trustStore(Path caFile) throws IOException, GeneralSecurityException {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    int i = 0;
    for (X509Certificate c : Pem.certificates(caFile)) {
      trust.setCertificateEntry("ca-" + i++, c);
    }
    return trust;
  }
}
