package org.dalaba.hub.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the security configuration of an external ActiveMQ Artemis broker (one node or a cluster) so that it
 * accepts the accounts of {@link BrokerAccounts} with the rights of {@link TopicPermissions}, as
 * {@link MosquittoFiles} does for Mosquitto. Into one directory:
 * <ul>
 *   <li>{@value #USERS}: {@code username = ENC($7$...)}, the hub's hashes, checked by {@link ArtemisSecretCodec};</li>
 *   <li>{@value #ROLES}: one role per endpoint ({@code endpoint.<id>}), village, township, and
 *       {@code dalaba-endpoint}, {@code dalaba-hub}, {@code dalaba-monitor};</li>
 *   <li>{@value #SECURITY}: the {@code <security-settings>} element, for an {@code xi:include} in broker.xml;</li>
 *   <li>{@value #LOGIN}: the JAAS domains: {@code activemq} (MQTT clients) and {@code dalaba-cluster} (no users:
 *       the core acceptor that the cluster bridges use lets nobody else in);</li>
 *   <li>{@value #CODEC_JAR}: {@link ArtemisSecretCodec}, for the broker instance's {@code lib/}.</li>
 * </ul>
 *
 * <p>Artemis matches a security setting by the most specific pattern, not by the union of all that match: every
 * setting therefore repeats the hub's and the monitor's rights. MQTT topics become addresses with {@code /} as
 * {@code .} and {@code +} as {@code *} (a {@code .} inside an id is escaped as {@code \.}). What Artemis 2.40 does
 * with these files, observed in {@code ArtemisFilesIT}, is in docs/operations.md, "MQTT broker cluster".
 */
public final class ArtemisFiles {
  public static final String USERS = "artemis-users.properties";
  public static final String ROLES = "artemis-roles.properties";
  public static final String SECURITY = "security-settings.xml";
  public static final String LOGIN = "login.config";
  public static final String CODEC_JAR = "dalaba-artemis-codec.jar";
  public static final String CLUSTER_USERS = "cluster-users.properties";
  public static final String CLUSTER_ROLES = "cluster-roles.properties";
  static final String HUB_ROLE = "dalaba-hub";
  static final String MONITOR_ROLE = "dalaba-monitor";
  static final String ENDPOINT_ROLE = "dalaba-endpoint";
  /**
   * By name, never as a class literal: the codec implements an Artemis interface that is not on the hub's class
   * path in production, so loading the class in the hub would fail.
   */
  static final String CODEC_CLASS = "org.dalaba.hub.broker.ArtemisSecretCodec";

  /** What subscribing needs (MQTT subscriptions are queues on the topic's address), and publishing. */
  private static final List<String> READ = List.of("createNonDurableQueue", "deleteNonDurableQueue",
      "createDurableQueue", "deleteDurableQueue", "consume", "createAddress");
  private static final List<String> WRITE = List.of("send", "createAddress");
  private static final List<String> ALL = List.of("createNonDurableQueue", "deleteNonDurableQueue",
      "createDurableQueue", "deleteDurableQueue", "consume", "browse", "send", "createAddress");
  private static final Logger LOG = LoggerFactory.getLogger(ArtemisFiles.class);

  private final TopicPermissions permissions;

  public ArtemisFiles(TopicPermissions permissions) {
    this.permissions = Objects.requireNonNull(permissions, "permissions");
  }

  /** Writes every file into {@code dir}, each atomically with mode 0640. Blocking: run it on a worker. */
  public void write(Collection<MosquittoFiles.Credential> credentials, Path dir) throws IOException {
    List<MosquittoFiles.Credential> sorted = MosquittoFiles.sortedUnique(credentials);
    List<Account> accounts = sorted.stream().map(MosquittoFiles.Credential::account).toList();
    Files.createDirectories(dir);
    MosquittoFiles.writeAtomically(dir.resolve(USERS), usersText(sorted));
    MosquittoFiles.writeAtomically(dir.resolve(ROLES), rolesText(accounts));
    MosquittoFiles.writeAtomically(dir.resolve(SECURITY), securitySettingsXml(accounts));
    MosquittoFiles.writeAtomically(dir.resolve(LOGIN), loginConfig());
    MosquittoFiles.writeAtomically(dir.resolve(CLUSTER_USERS), "");
    MosquittoFiles.writeAtomically(dir.resolve(CLUSTER_ROLES), "");
    MosquittoFiles.writeAtomically(dir.resolve(CODEC_JAR), codecJar());
    LOG.info("Wrote the Artemis security files under {} for {} accounts", dir, sorted.size());
  }

  /** {@code username = ENC($7$...)} per account; a plaintext secret is hashed here. */
  String usersText(Collection<MosquittoFiles.Credential> credentials) {
    StringBuilder text = new StringBuilder("# Written by Dalaba (broker.ArtemisFiles); edits are overwritten.\n");
    for (MosquittoFiles.Credential credential : MosquittoFiles.sortedUnique(credentials)) {
      String secret = credential.password();
      String hash = SecretHash.isEncoded(secret) ? secret : MosquittoFiles.passwordHash(secret);
      text.append(credential.account().username()).append(" = ENC(").append(hash).append(")\n");
    }
    return text.toString();
  }

  /** {@code role = user,user,...}, roles and users sorted. */
  String rolesText(Collection<Account> accounts) {
    Map<String, TreeSet<String>> members = new TreeMap<>();
    for (Account account : accounts) {
      for (String role : rolesOf(account)) {
        members.computeIfAbsent(role, r -> new TreeSet<>()).add(account.username());
      }
    }
    StringBuilder text = new StringBuilder("# Written by Dalaba (broker.ArtemisFiles); edits are overwritten.\n");
    members.forEach((role, users) -> text.append(role).append(" = ").append(String.join(",", users)).append('\n'));
    return text.toString();
  }

  private List<String> rolesOf(Account account) {
    return switch (account.kind()) {
      case HUB -> List.of(HUB_ROLE);
      case MONITOR -> List.of(MONITOR_ROLE);
      case ENDPOINT -> {
        List<String> roles = new ArrayList<>(List.of(ENDPOINT_ROLE, endpointRole(account.endpointId())));
        if (TopicPermissions.isValidId(account.townshipId())) {
          roles.add(townshipRole(account.townshipId()));
        }
        if (TopicPermissions.isValidId(account.villageId())) {
          roles.add(villageRole(account.villageId()));
        }
        yield roles;
      }
    };
  }

  /**
   * The {@code <security-settings>} element: nothing outside {@code dalaba.#}, the hub everything inside, the
   * monitor reads {@code dalaba.v1.#}, and each endpoint exactly the topics {@link TopicPermissions} gives it.
   */
  String securitySettingsXml(Collection<Account> accounts) {
    // address -> (permission -> roles); every entry starts with the hub's and the monitor's rights
    Map<String, Map<String, TreeSet<String>>> settings = new TreeMap<>();
    grant(settings, "dalaba.#", HUB_ROLE, ALL);
    for (Account account : accounts) {
      if (account.kind() != Account.Kind.ENDPOINT) {
        continue;
      }
      String own = endpointRole(account.endpointId());
      for (String topic : permissions.subscriptionsOf(account)) {
        grant(settings, address(topic), readerRole(account, topic, own), READ);
      }
      for (String topic : permissions.publicationsOf(account)) {
        grant(settings, address(topic), own, WRITE);
      }
    }
    grant(settings, address(BrokerTopics.ALL_FILTER), MONITOR_ROLE, READ);
    StringBuilder xml = new StringBuilder("""
        <?xml version="1.0" encoding="UTF-8"?>
        <!-- Written by Dalaba (broker.ArtemisFiles) from TopicPermissions; edits are overwritten. -->
        <security-settings xmlns="urn:activemq:core">
        """);
    settings.forEach((match, perms) -> {
      xml.append("   <security-setting match=\"").append(match).append("\">\n");
      perms.forEach((type, roles) -> xml.append("      <permission type=\"").append(type).append("\" roles=\"")
          .append(String.join(",", roles)).append("\"/>\n"));
      xml.append("   </security-setting>\n");
    });
    return xml.append("</security-settings>\n").toString();
  }

  /** The role that may read {@code topic}: all endpoints share cmd/all and the hub status; the rest is per group. */
  private static String readerRole(Account endpoint, String topic, String own) {
    if (topic.equals(BrokerTopics.CMD_ALL) || topic.equals(BrokerTopics.HUB_STATUS)) {
      return ENDPOINT_ROLE;
    }
    if (topic.equals(BrokerTopics.township(endpoint.townshipId()))) {
      return townshipRole(endpoint.townshipId());
    }
    if (topic.equals(BrokerTopics.village(endpoint.villageId()))) {
      return villageRole(endpoint.villageId());
    }
    return own;
  }

  private static void grant(Map<String, Map<String, TreeSet<String>>> settings, String match, String role,
      List<String> types) {
    Map<String, TreeSet<String>> perms = settings.computeIfAbsent(match, m -> {
      Map<String, TreeSet<String>> base = new TreeMap<>();
      ALL.forEach(type -> base.computeIfAbsent(type, t -> new TreeSet<>()).add(HUB_ROLE));
      if (!m.equals("dalaba.#")) {
        READ.forEach(type -> base.computeIfAbsent(type, t -> new TreeSet<>()).add(MONITOR_ROLE));
      }
      return base;
    });
    types.forEach(type -> perms.computeIfAbsent(type, t -> new TreeSet<>()).add(role));
  }

  /** The Artemis address of an MQTT topic or filter: {@code /} to {@code .}, {@code +} to {@code *}, {@code .} escaped. */
  static String address(String topic) {
    StringBuilder address = new StringBuilder(topic.length() + 8);
    for (char c : topic.toCharArray()) {
      switch (c) {
        case '/' -> address.append('.');
        case '+' -> address.append('*');
        case '.' -> address.append("\\.");
        default -> address.append(c);
      }
    }
    return address.toString();
  }

  static String endpointRole(String endpointId) { return "endpoint." + endpointId; }

  static String villageRole(String villageId) { return "village." + villageId; }

  static String townshipRole(String townshipId) { return "township." + townshipId; }

  /** JAAS domains for broker.xml's {@code <jaas-security domain="activemq"/>} and the core acceptor's securityDomain. */
  public static String loginConfig() {
    return """
        /* Written by Dalaba (broker.ArtemisFiles); edits are overwritten. Paths are relative to this file. */
        activemq {
           org.apache.activemq.artemis.spi.core.security.jaas.PropertiesLoginModule required
               reload=true
               org.apache.activemq.jaas.properties.user="%s"
               org.apache.activemq.jaas.properties.role="%s"
               org.apache.activemq.jaas.properties.password.codec="%s";
        };
        dalaba-cluster {
           org.apache.activemq.artemis.spi.core.security.jaas.PropertiesLoginModule required
               org.apache.activemq.jaas.properties.user="%s"
               org.apache.activemq.jaas.properties.role="%s";
        };
        """.formatted(USERS, ROLES, CODEC_CLASS, CLUSTER_USERS, CLUSTER_ROLES);
  }

  /**
   * A broker.xml for one node of a cluster joined by static connectors: an MQTT acceptor for hubs and endpoints,
   * a core acceptor for the cluster bridges only, the security settings included from {@code securitySettings},
   * no persistence (a node's loss loses what it held; the hub re-sends what is not confirmed). For docs and tests;
   * production adds TLS, persistence and a backup per node (docs/operations.md).
   *
   * @param peers {@code host:port} of the other nodes' core acceptors
   */
  public static String brokerXml(String nodeName, String host, int mqttPort, int corePort, List<String> peers,
      String clusterPassword, Path securitySettings) {
    StringBuilder connectors = new StringBuilder("         <connector name=\"self\">tcp://%s:%d</connector>\n"
        .formatted(host, corePort));
    StringBuilder refs = new StringBuilder();
    for (int i = 0; i < peers.size(); i++) {
      connectors.append("         <connector name=\"peer").append(i).append("\">tcp://").append(peers.get(i))
          .append("</connector>\n");
      refs.append("               <connector-ref>peer").append(i).append("</connector-ref>\n");
    }
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <configuration xmlns="urn:activemq" xmlns:xi="http://www.w3.org/2001/XInclude">
           <core xmlns="urn:activemq:core">
              <name>%s</name>
              <persistence-enabled>false</persistence-enabled>
              <security-enabled>true</security-enabled>
              <!-- no cache of logins: a cached login would be reused on the CORE acceptor, past its own JAAS domain -->
              <authentication-cache-size>0</authentication-cache-size>
              <cluster-user>dalaba-cluster</cluster-user>
              <cluster-password>%s</cluster-password>
              <connectors>
        %s      </connectors>
              <acceptors>
                 <acceptor name="mqtt">tcp://%s:%d?protocols=MQTT;useEpoll=false</acceptor>
                 <acceptor name="cluster">tcp://%s:%d?protocols=CORE;securityDomain=dalaba-cluster;useEpoll=false</acceptor>
              </acceptors>
              <cluster-connections>
                 <cluster-connection name="dalaba">
                    <connector-ref>self</connector-ref>
                    <retry-interval>500</retry-interval>
                    <message-load-balancing>ON_DEMAND</message-load-balancing>
                    <max-hops>1</max-hops>
                    <static-connectors>
        %s            </static-connectors>
                 </cluster-connection>
              </cluster-connections>
              <xi:include href="%s"/>
              <address-settings>
                 <address-setting match="#">
                    <auto-create-queues>true</auto-create-queues>
                    <auto-create-addresses>true</auto-create-addresses>
                    <redistribution-delay>0</redistribution-delay>
                 </address-setting>
              </address-settings>
           </core>
        </configuration>
        """.formatted(nodeName, clusterPassword, connectors, host, mqttPort, host, corePort, refs,
        securitySettings.toAbsolutePath().toUri());
  }

  /** A jar with {@code ArtemisSecretCodec} alone, its class file read (not loaded) from the hub's own class path. */
  static byte[] codecJar() throws IOException {
    String entry = CODEC_CLASS.replace('.', '/') + ".class";
    byte[] classBytes;
    try (InputStream in = ArtemisFiles.class.getClassLoader().getResourceAsStream(entry)) {
      if (in == null) {
        throw new IOException("class file " + entry + " not found on the class path");
      }
      classBytes = in.readAllBytes();
    }
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
      JarEntry classEntry = new JarEntry(entry);
      classEntry.setTime(0); // the same bytes on every write
      jar.putNextEntry(classEntry);
      jar.write(classBytes);
      jar.closeEntry();
    }
    return bytes.toByteArray();
  }
}
