package org.dalaba.sim;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The command line of a real endpoint ({@link EndpointMain}), parsed and checked. */
final class EndpointOptions {

  static final String USAGE = """
      Usage: java -jar device-sim.jar --endpoint ID --credentials FILE [--broker mqtts://HOST:PORT] [options]
             java -jar device-sim.jar --status [--status-file FILE]

      Runs ONE real village endpoint (docs/endpoint.md): it speaks device protocol v1 like the simulator,
      and plays what it is sent through a sound card.

        --endpoint ID            the endpoint id, e.g. 211282105001-01
        --credentials FILE       the console's provisioning file (JSON: endpointId, password, broker,
                                 villageId, townshipId, hubKeys) or the hub's endpoints.csv
        --broker URL             tcp://HOST:PORT, ssl:// or mqtts://HOST:PORT (default: the provisioning
                                 file's "broker")
        --audio-out OUT          a sound card (Java Sound mixer name or part of it, e.g. plughw:1,0;
                                 "default", the default) or file:PATH: raw PCM s16le mono 48 kHz appended
                                 to PATH, paced in real time (default: default)
        --cache-dir DIR          prefetched media (default /var/lib/dalaba-endpoint/cache)
        --cache-max-mb N         bound of the cache (default 512)
        --status-file FILE       where the running endpoint writes its status every 2 s
                                 (default /run/dalaba-endpoint/status.json)
        --cafile FILE            PEM CA for TLS to the broker and https media
        --hub-key FILE           the hub's command-signing keys (default: the provisioning file's hubKeys)
        --hub-url URL            the hub's base URL, probed at start and every 10 minutes for its clock
                                 (Date header); without it the clock is checked on every media download
        --voice NAME             espeak-ng voice for text (default cmn-latn-pinyin)
        --caps LIST              text,audio (default), audio, text
        --heartbeat-seconds N    heartbeat interval (default 60)
        --status                 print the running endpoint's status and exit (1 if it is not running)
      """;

  private static final Set<String> KNOWN = Set.of("--endpoint", "--credentials", "--broker", "--audio-out", "--cache-dir",
      "--cache-max-mb", "--status-file", "--cafile", "--hub-key", "--hub-url", "--voice", "--caps", "--heartbeat-seconds");
  static final Path DEFAULT_STATUS = Path.of("/run/dalaba-endpoint/status.json");

  boolean status;
  String endpointId;
  String password;
  String villageId;
  String townshipId;
  URI broker;
  String audioOut = "default";
  Path cacheDir = Path.of("/var/lib/dalaba-endpoint/cache");
  long cacheMaxBytes = 512L << 20;
  Path statusFile = DEFAULT_STATUS;
  Path cafile;
  HubKeys hubKeys;
  URI hubUrl;
  String voice = org.dalaba.sim.audio.Speech.DEFAULT_VOICE;
  Set<String> caps = Set.of("text", "audio");
  int heartbeatSeconds = FleetOptions.DEFAULT_HEARTBEAT_SECONDS;

  static EndpointOptions parse(List<String> args) throws UsageException {
    EndpointOptions o = new EndpointOptions();
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--status")) {
        o.status = true;
        continue;
      }
      if (!KNOWN.contains(arg)) {
        throw new UsageException("unknown option " + arg);
      }
      if (i + 1 >= args.size()) {
        throw new UsageException(arg + " needs a value");
      }
      if (values.put(arg, args.get(++i)) != null) {
        throw new UsageException(arg + " is given twice");
      }
    }
    if (values.containsKey("--status-file")) {
      o.statusFile = Path.of(values.get("--status-file"));
    }
    if (o.status) {
      return o;
    }
    o.endpointId = required(values, "--endpoint");
    Path credentials = Path.of(required(values, "--credentials"));
    String brokerFromFile = o.readCredentials(credentials);
    String broker = values.getOrDefault("--broker", brokerFromFile);
    if (broker == null) {
      throw new UsageException("--broker is required (the credentials file names none)");
    }
    o.broker = URI.create(broker);
    if (!Set.of("tcp", "ssl", "mqtts").contains(o.broker.getScheme()) || o.broker.getHost() == null || o.broker.getPort() < 1) {
      throw new UsageException("--broker must look like tcp://HOST:PORT or mqtts://HOST:PORT, was " + broker);
    }
    o.audioOut = values.getOrDefault("--audio-out", o.audioOut);
    o.cacheDir = Path.of(values.getOrDefault("--cache-dir", o.cacheDir.toString()));
    if (values.containsKey("--cache-max-mb")) {
      o.cacheMaxBytes = positive(values, "--cache-max-mb") << 20;
    }
    if (values.containsKey("--heartbeat-seconds")) {
      o.heartbeatSeconds = (int) positive(values, "--heartbeat-seconds");
    }
    if (values.containsKey("--cafile")) {
      o.cafile = Path.of(values.get("--cafile"));
      if (!Files.isReadable(o.cafile)) {
        throw new UsageException("--cafile " + o.cafile + " cannot be read");
      }
    }
    if (values.containsKey("--hub-key")) {
      o.hubKeys = HubKeys.load(Path.of(values.get("--hub-key")));
    }
    if (values.containsKey("--hub-url")) {
      o.hubUrl = URI.create(values.get("--hub-url"));
    }
    o.voice = values.getOrDefault("--voice", o.voice);
    if (values.containsKey("--caps")) {
      o.caps = Set.of(values.get("--caps").strip().split("\\s*,\\s*"));
    }
    return o;
  }

  /** @return the broker URL the file names, or null */
  private String readCredentials(Path file) throws UsageException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UsageException("cannot read credentials file " + file + ": " + e.getMessage(), e);
    }
    if (text.stripLeading().startsWith("{")) {
      JsonObject json;
      try {
        json = new JsonObject(text);
      } catch (RuntimeException e) {
        throw new UsageException(file + " is not a provisioning file (JSON)");
      }
      if (!endpointId.equals(json.getString("endpointId"))) {
        throw new UsageException(file + " is the provisioning file of " + json.getString("endpointId") + ", not " + endpointId);
      }
      password = json.getString("password", "");
      villageId = json.getString("villageId");
      townshipId = json.getString("townshipId");
      if (json.getValue("hubKeys") instanceof JsonArray keys && !keys.isEmpty()) {
        Map<String, byte[]> raw = new HashMap<>();
        keys.forEach(k -> raw.put(((JsonObject) k).getString("kid"),
            Base64.getUrlDecoder().decode(((JsonObject) k).getString("publicKey"))));
        hubKeys = HubKeys.of(raw);
      }
      if (villageId == null || townshipId == null) {
        throw new UsageException(file + " lacks villageId or townshipId");
      }
      return json.getString("broker");
    }
    List<String> lines = text.lines().toList();
    CredentialsFile.parse(lines, file.toString()); // checks the header and the shape
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.strip().split(",", -1);
      if (f.length == 4 && f[0].equals(endpointId)) {
        password = f[1];
        villageId = f[2];
        townshipId = f[3];
        return null;
      }
    }
    throw new UsageException("no endpoint " + endpointId + " in " + file);
  }

  private static String required(Map<String, String> values, String name) throws UsageException {
    String v = values.get(name);
    if (v == null || v.isBlank()) {
      throw new UsageException(name + " is required");
    }
    return v;
  }

  private static long positive(Map<String, String> values, String name) throws UsageException {
    try {
      long n = Long.parseLong(values.get(name).strip());
      if (n < 1) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new UsageException(name + " must be a positive whole number, was " + values.get(name));
    }
  }
}
