package org.dalaba.sim.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;

/**
 * A PNG of time against N, both axes logarithmic: per broker, the baseline fan-out, the alert until all
 * {@code received} and until all {@code played}. Drawn with Java2D (headless), so no plotting tool is needed.
 */
final class LatencyPlot {
  private static final int WIDTH = 1020;
  private static final int HEIGHT = 560;
  private static final int LEFT = 80;
  private static final int RIGHT = 330;
  private static final int TOP = 50;
  private static final int BOTTOM = 60;
  private static final Map<String, Color> BROKER_COLOURS = Map.of("embedded", new Color(0x1f77b4), "mosquitto", new Color(0xd62728));
  private static final String[][] SERIES = {
      {"baselineAllMs", "baseline fan-out"}, {"alertAllReceivedMs", "alert: all received"}, {"alertAllPlayedMs", "alert: all played (0 s playback)"}};
  private static final Stroke[] STROKES = {
      new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 5f}, 0f),
      new BasicStroke(3f), new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {2f, 4f}, 0f)};

  private LatencyPlot() {
  }

  static void write(JsonArray runs, Path file) throws IOException {
    Map<String, List<JsonObject>> byBroker = new TreeMap<>();
    double minN = Double.MAX_VALUE;
    double maxN = 1;
    double maxMs = 10;
    for (Object item : runs) {
      JsonObject run = (JsonObject) item;
      byBroker.computeIfAbsent(run.getString("broker"), b -> new ArrayList<>()).add(run);
      minN = Math.min(minN, run.getInteger("n"));
      maxN = Math.max(maxN, run.getInteger("n"));
      for (String[] series : SERIES) {
        maxMs = Math.max(maxMs, run.getLong(series[0], 0L));
      }
    }
    double xLo = Math.pow(10, Math.floor(Math.log10(Math.max(1, minN))));
    double xHi = Math.pow(10, Math.ceil(Math.log10(Math.max(maxN, xLo * 10))));
    double yLo = 1;
    double yHi = Math.pow(10, Math.ceil(Math.log10(maxMs)));

    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, WIDTH, HEIGHT);
    Axes axes = new Axes(xLo, xHi, yLo, yHi);
    axes.draw(g);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    g.setColor(Color.BLACK);
    g.drawString("Dalaba: time until every endpoint has it, against N (log-log)", LEFT, 28);

    int legendY = TOP + 10;
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    for (Map.Entry<String, List<JsonObject>> broker : byBroker.entrySet()) {
      List<JsonObject> points = new ArrayList<>(broker.getValue());
      points.sort((a, b) -> Integer.compare(a.getInteger("n"), b.getInteger("n")));
      Color colour = BROKER_COLOURS.getOrDefault(broker.getKey(), Color.DARK_GRAY);
      for (int s = 0; s < SERIES.length; s++) {
        g.setColor(colour);
        g.setStroke(STROKES[s]);
        int[] prev = null;
        for (JsonObject p : points) {
          long ms = p.getLong(SERIES[s][0], -1L);
          if (ms <= 0) {
            continue;
          }
          int[] xy = {axes.x(p.getInteger("n")), axes.y(ms)};
          if (prev != null) {
            g.drawLine(prev[0], prev[1], xy[0], xy[1]);
          }
          g.fillOval(xy[0] - 4, xy[1] - 4, 8, 8);
          prev = xy;
        }
        int lx = WIDTH - RIGHT + 20;
        g.drawLine(lx, legendY, lx + 40, legendY);
        g.setColor(Color.BLACK);
        g.drawString(broker.getKey() + ": " + SERIES[s][1], lx + 48, legendY + 4);
        legendY += 20;
      }
      legendY += 10;
    }
    g.dispose();
    Report.createParent(file);
    ImageIO.write(image, "png", file.toFile());
  }

  /** Log-scaled plot area with decade grid lines and labels. */
  private record Axes(double xLo, double xHi, double yLo, double yHi) {
    int x(double n) {
      return LEFT + (int) Math.round((Math.log10(n) - Math.log10(xLo)) / (Math.log10(xHi) - Math.log10(xLo)) * (WIDTH - LEFT - RIGHT));
    }

    int y(double ms) {
      return HEIGHT - BOTTOM - (int) Math.round((Math.log10(ms) - Math.log10(yLo)) / (Math.log10(yHi) - Math.log10(yLo))
          * (HEIGHT - TOP - BOTTOM));
    }

    void draw(Graphics2D g) {
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      for (double v = xLo; v <= xHi * 1.001; v *= 10) {
        g.setColor(new Color(0xdddddd));
        g.drawLine(x(v), TOP, x(v), HEIGHT - BOTTOM);
        g.setColor(Color.BLACK);
        String label = String.format("%,d", (long) v);
        g.drawString(label, x(v) - g.getFontMetrics().stringWidth(label) / 2, HEIGHT - BOTTOM + 18);
      }
      for (double v = yLo; v <= yHi * 1.001; v *= 10) {
        g.setColor(new Color(0xdddddd));
        g.drawLine(LEFT, y(v), WIDTH - RIGHT, y(v));
        g.setColor(Color.BLACK);
        String label = String.format("%,d ms", (long) v);
        g.drawString(label, LEFT - 8 - g.getFontMetrics().stringWidth(label), y(v) + 4);
      }
      g.setColor(Color.BLACK);
      g.drawRect(LEFT, TOP, WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM);
      g.drawString("N (endpoints)", (LEFT + WIDTH - RIGHT) / 2 - 40, HEIGHT - 15);
    }
  }
}
