package org.dalaba.hub.tls;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The hub's own certificate authority under {@code dataDir/tls/}, for a county that has no PKI: made on the
 * first start ({@code ca.key.pem} owner-only, {@code ca.crt.pem} for speakers and browsers), and a server
 * certificate it signs ({@code server.key.pem}, {@code server.crt.pem}) for the names the hub is reached
 * by. The server certificate is re-issued when those names change or it is within 30 days of expiry; the
 * CA stays, so provisioned speakers keep trusting the hub. EC P-256 keys. Blocking: start-up only.
 */
final class HubCertificateAuthority {
  static final Duration CA_VALIDITY = Duration.ofDays(3650);
  static final Duration SERVER_VALIDITY = Duration.ofDays(825);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path dir;

  HubCertificateAuthority(Path dataDir) {
    this.dir = dataDir.resolve("tls");
  }

  Path caCertificate() {
    return dir.resolve("ca.crt.pem");
  }

  Path serverCertificate() {
    return dir.resolve("server.crt.pem");
  }

  Path serverKey() {
    return dir.resolve("server.key.pem");
  }

  /** Makes the CA if missing, and a server certificate for {@code hostNames} if missing, stale or for other names. */
  void ensure(Set<String> hostNames) throws IOException {
    Files.createDirectories(dir);
    Pem.ownerOnly(dir, "rwx------");
    Path caKeyFile = dir.resolve("ca.key.pem");
    if (!Files.exists(caKeyFile) || !Files.exists(caCertificate())) {
      KeyPair ca = newKeyPair();
      X509Certificate caCert = issue(new X500Name("CN=Dalaba hub CA"), ca, new X500Name("CN=Dalaba hub CA"), ca.getPrivate(),
          CA_VALIDITY, true, List.of());
      Pem.write(caKeyFile, Pem.encodePrivateKey(ca.getPrivate()), true);
      Pem.write(caCertificate(), Pem.encode(caCert), false);
      Files.deleteIfExists(serverCertificate());
    }
    if (serverCertificateFits(hostNames)) {
      return;
    }
    PrivateKey caKey = Pem.privateKey(caKeyFile);
    X509Certificate caCert = Pem.certificates(caCertificate()).get(0);
    KeyPair server = newKeyPair();
    X509Certificate cert = issue(new X500Name("CN=" + hostNames.iterator().next()), server,
        X500Name.getInstance(caCert.getSubjectX500Principal().getEncoded()), caKey, SERVER_VALIDITY, false,
        new ArrayList<>(hostNames));
    Pem.write(serverKey(), Pem.encodePrivateKey(server.getPrivate()), true);
    // the chain, so clients that were given only the CA can verify
    Pem.write(serverCertificate(), Pem.encode(cert, caCert), false);
  }

  private boolean serverCertificateFits(Set<String> hostNames) throws IOException {
    if (!Files.exists(serverCertificate()) || !Files.exists(serverKey())) {
      return false;
    }
    X509Certificate cert = Pem.certificates(serverCertificate()).get(0);
    if (cert.getNotAfter().toInstant().isBefore(Instant.now().plus(Duration.ofDays(30)))) {
      return false;
    }
    Set<String> names = new TreeSet<>();
    try {
      if (cert.getSubjectAlternativeNames() != null) {
        cert.getSubjectAlternativeNames().forEach(entry -> names.add(String.valueOf(entry.get(1))));
      }
    } catch (java.security.cert.CertificateParsingException e) {
      return false;
    }
    return names.equals(new TreeSet<>(hostNames));
  }

  private static KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("EC P-256 is part of every Java 17 platform", e);
    }
  }

  private static X509Certificate issue(X500Name subject, KeyPair subjectKeys, X500Name issuer, PrivateKey issuerKey,
                                       Duration validity, boolean ca, List<String> hostNames) throws IOException {
    try {
      Instant now = Instant.now();
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, new BigInteger(127, RANDOM),
          Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(validity)), subject, subjectKeys.getPublic());
      JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
      builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(subjectKeys.getPublic()));
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
      if (ca) {
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      } else {
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        GeneralName[] names = hostNames.stream().map(HubCertificateAuthority::generalName).toArray(GeneralName[]::new);
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
      }
      return new JcaX509CertificateConverter().getCertificate(
          builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IOException("cannot issue a certificate: " + e.getMessage(), e);
    }
  }

  private static GeneralName generalName(String host) {
    return host.matches("[0-9.]+|.*:.*") ? new GeneralName(GeneralName.iPAddress, host) : new GeneralName(GeneralName.dNSName, host);
  }
}
