package org.dalaba.hub.api;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The printable daily report as HTML: one page per township and day (A4, docs/api.md), listing that day's alerts and
 * routine plays with their coverage, exercises apart. Plain HTML with the console's {@code /css/report.css} (print
 * rules for A4; the hub's Content-Security-Policy allows no inline style), every value escaped. Rows carry
 * {@code data-*} attributes with the raw figures so a program can read the page as well as a person.
 */
final class DailyReportPage {
  private final StringBuilder html = new StringBuilder();
  private final boolean en;

  DailyReportPage(boolean en) {
    this.en = en;
  }

  private String t(String zh, String english) {
    return en ? english : zh;
  }

  static String escape(Object value) {
    String s = value == null ? "" : value.toString();
    StringBuilder out = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** A report row: when, what, a level or schedule, its state, and its figures ({@code CoverageFigures} total). */
  record Row(String id, String time, String title, String kind, String state, JsonObject total) {
  }

  String render(String place, String date, String generatedAt, String generatedBy, List<Row> alerts, JsonObject alertsTotal,
                List<Row> plays, JsonObject playsTotal, List<Row> exercises) {
    String title = place + " " + t("广播日报", "daily broadcast report") + " " + date;
    html.append("<!doctype html>\n<html lang=\"").append(en ? "en" : "zh-CN").append("\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
        .append(escape(title)).append("</title>\n<link rel=\"stylesheet\" href=\"/css/report.css\">\n</head>\n<body>\n<main class=\"report\">\n")
        .append("<header><h1>").append(escape(title)).append("</h1>\n<p class=\"meta\">")
        .append(escape(t("生成时间 ", "generated ") + generatedAt + t(" · 生成人 ", " · by ") + generatedBy)).append("</p>\n<p class=\"definition\">")
        .append(escape(t("到达率 = 已播放的终端 ÷ 目标终端（不是在线终端 ÷ 全部终端）；用时为从发出到终端报告播完。",
            "Coverage = endpoints that played ÷ endpoints targeted (not online ÷ all); times run from sending to the endpoint's finished report.")))
        .append("</p></header>\n");
    section("alerts", t("预警", "Alerts"), t("级别", "Level"), alerts, alertsTotal, t("当日无预警", "No alerts this day"));
    section("routine", t("日常节目播放", "Routine plays"), t("排期 / 节目", "Schedule / programme"), plays, playsTotal,
        t("当日无日常播放", "No routine plays this day"));
    if (!exercises.isEmpty()) {
      section("exercises", t("演练（不计入统计）", "Exercises (not counted in the figures)"), t("级别", "Level"), exercises, null, "");
    }
    html.append("<footer><p>").append(escape(t("值班人签字：", "Duty officer: "))).append("<span class=\"sign\"></span>")
        .append(escape(t("审核人签字：", "Reviewed by: "))).append("<span class=\"sign\"></span></p></footer>\n")
        .append("</main>\n</body>\n</html>\n");
    return html.toString();
  }

  private void section(String id, String heading, String kindHeading, List<Row> rows, JsonObject total, String empty) {
    html.append("<section id=\"").append(id).append("\">\n<h2>").append(escape(heading)).append("</h2>\n");
    if (rows.isEmpty()) {
      html.append("<p class=\"empty\">").append(escape(empty)).append("</p>\n</section>\n");
      return;
    }
    html.append("<table>\n<thead><tr>");
    for (String h : List.of(t("时间", "Time"), t("标题", "Title"), kindHeading, t("状态", "State"), t("目标终端", "Targets"),
        t("已播放", "Played"), t("到达率", "Coverage"), t("失败/过期", "Failed/expired"), t("未确认", "Unconfirmed"),
        t("用时 p50", "p50"), t("p90", "p90"), t("最长", "max"))) {
      html.append("<th scope=\"col\">").append(escape(h)).append("</th>");
    }
    html.append("</tr></thead>\n<tbody>\n");
    for (Row row : rows) {
      html.append("<tr data-id=\"").append(escape(row.id())).append("\"").append(data(row.total())).append(">")
          .append(cell(row.time())).append(cell(row.title())).append(cell(row.kind())).append(cell(row.state()));
      figures(row.total());
      html.append("</tr>\n");
    }
    html.append("</tbody>\n");
    if (total != null) {
      html.append("<tfoot><tr class=\"total\"").append(data(total)).append("><th scope=\"row\" colspan=\"4\">")
          .append(escape(t("合计（" + rows.size() + " 项）", "Total (" + rows.size() + ")"))).append("</th>");
      figures(total);
      html.append("</tr></tfoot>\n");
    }
    html.append("</table>\n</section>\n");
  }

  private static String data(JsonObject total) {
    return " data-targets=\"" + total.getLong("targets") + "\" data-played=\"" + total.getLong("played") + "\" data-coverage=\""
        + CoverageRoutes.percent(total.getDouble("coverage")) + "\"";
  }

  private void figures(JsonObject total) {
    JsonObject times = total.getJsonObject("timeToPlayed");
    String coverage = CoverageRoutes.percent(total.getDouble("coverage"));
    html.append(cell(total.getLong("targets"))).append(cell(total.getLong("played")))
        .append(cell(coverage.isEmpty() ? "—" : coverage + " %"))
        .append(cell(total.getLong("failed") + total.getLong("expired"))).append(cell(total.getLong("unconfirmed")))
        .append(cell(duration(times.getLong("p50Ms")))).append(cell(duration(times.getLong("p90Ms"))))
        .append(cell(duration(times.getLong("maxMs"))));
  }

  private String duration(Long ms) {
    return ms == null ? "—" : CoverageRoutes.seconds(ms) + t(" 秒", " s");
  }

  private static String cell(Object value) {
    return "<td>" + escape(value) + "</td>";
  }
}
