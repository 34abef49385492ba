package org.dalaba.hub.directory;

import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One thing wrong with an imported directory: where it is ({@code "line 14"} in CSV,
 * {@code "townships[2].villages[5].id"} in JSON, 0-based indexes), a stable code, and the message in
 * Simplified Chinese and English. Every problem is the importer's fault; the import is rejected whole.
 *
 * <p>The static factories below are the one catalogue of codes and texts.
 */
public record DirectoryProblem(String where, Code code, String zh, String en) {

  /** Stable problem codes; {@link #wireName()} is what the API and console see. */
  public enum Code {
    INPUT_TOO_LARGE, TOO_MANY_VILLAGES, TOO_MANY_PROBLEMS, EMPTY_INPUT,
    JSON_SYNTAX, CSV_SYNTAX, CSV_HEADER, CSV_FIELD_COUNT,
    MISSING_FIELD, UNKNOWN_FIELD, WRONG_TYPE,
    COUNTY_ID, EMPTY_NAME, NO_TOWNSHIPS,
    TOWNSHIP_ID, TOWNSHIP_NOT_IN_COUNTY, DUPLICATE_TOWNSHIP, TOWNSHIP_WITHOUT_VILLAGES, TOWNSHIP_NAME_CONFLICT,
    VILLAGE_ID, VILLAGE_NOT_IN_TOWNSHIP, DUPLICATE_VILLAGE,
    ENDPOINT_ID, DUPLICATE_ENDPOINT,
    COORDINATE_FORMAT, COORDINATE_INCOMPLETE, LATITUDE_RANGE, LONGITUDE_RANGE,
    SAMPLE_FORMAT, CONTACT;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The message in one language: English if {@code english}, else Simplified Chinese. */
  public String message(boolean english) {
    return english ? en : zh;
  }

  public JsonObject toJson() {
    return new JsonObject().put("where", where).put("code", code.wireName()).put("messageZh", zh).put("messageEn", en);
  }

  @Override
  public String toString() {
    return where + ": " + en + " (" + code.wireName() + ")";
  }

  private static final Pattern LINE = Pattern.compile("line (\\d+)");

  /** "line 14" → "第 14 行" for the Chinese text; JSON paths stay as they are. */
  static String zhPlace(String where) {
    return LINE.matcher(where).replaceAll("第 $1 行");
  }

  // ---- the catalogue -------------------------------------------------------------------------

  static DirectoryProblem inputTooLarge(long bytes, long maxBytes) {
    return new DirectoryProblem("input", Code.INPUT_TOO_LARGE,
        "文件过大：" + bytes + " 字节，上限 " + maxBytes + " 字节",
        "input too large: " + bytes + " bytes, the limit is " + maxBytes + " bytes");
  }

  static DirectoryProblem tooManyVillages(String where, int maxVillages) {
    return new DirectoryProblem(where, Code.TOO_MANY_VILLAGES,
        "村的数量超过上限 " + maxVillages + "，已停止读取",
        "more than " + maxVillages + " villages; stopped reading");
  }

  static DirectoryProblem tooManyProblems(int shown, int dropped) {
    return new DirectoryProblem("input", Code.TOO_MANY_PROBLEMS,
        "问题过多：只列出前 " + shown + " 条，另有 " + dropped + " 条未列出",
        "too many problems: the first " + shown + " are listed, " + dropped + " more are not");
  }

  static DirectoryProblem emptyInput() {
    return new DirectoryProblem("input", Code.EMPTY_INPUT, "文件为空", "the input is empty");
  }

  static DirectoryProblem jsonSyntax(String where, String detail) {
    return new DirectoryProblem(where, Code.JSON_SYNTAX, "JSON 格式错误：" + detail, "malformed JSON: " + detail);
  }

  static DirectoryProblem jsonNotObject() {
    return new DirectoryProblem("$", Code.WRONG_TYPE, "顶层必须是 JSON 对象 {\"county\":…,\"townships\":[…]}",
        "the top level must be a JSON object {\"county\":…,\"townships\":[…]}");
  }

  static DirectoryProblem unterminatedQuote(String where) {
    return new DirectoryProblem(where, Code.CSV_SYNTAX, "引号未闭合：从此行开始的带引号字段直到文件末尾都没有结束",
        "unterminated quote: the quoted field starting on this line never ends");
  }

  static DirectoryProblem strayQuote(String where, int field) {
    return new DirectoryProblem(where, Code.CSV_SYNTAX,
        "第 " + field + " 个字段中有多余的引号（含引号的字段须整体用引号括起，字段内的引号写成 \"\"）",
        "stray quote in field " + field + " (quote the whole field and write a quote inside it as \"\")");
  }

  static DirectoryProblem textAfterClosingQuote(String where, int field) {
    return new DirectoryProblem(where, Code.CSV_SYNTAX, "第 " + field + " 个字段的结束引号后还有字符",
        "characters after the closing quote of field " + field);
  }

  static DirectoryProblem missingColumn(String where, String column) {
    return new DirectoryProblem(where, Code.CSV_HEADER, "表头缺少列 " + column, "the header lacks column " + column);
  }

  static DirectoryProblem unknownColumn(String where, String column) {
    return new DirectoryProblem(where, Code.CSV_HEADER, "表头有未知列“" + column + "”",
        "the header has an unknown column \"" + column + "\"");
  }

  static DirectoryProblem duplicateColumn(String where, String column) {
    return new DirectoryProblem(where, Code.CSV_HEADER, "表头中列 " + column + " 重复", "column " + column + " appears twice in the header");
  }

  static DirectoryProblem noDataRows(String where) {
    return new DirectoryProblem(where, Code.NO_TOWNSHIPS, "表头之后没有数据行", "no data rows after the header");
  }

  static DirectoryProblem fieldCount(String where, int expected, int actual) {
    return new DirectoryProblem(where, Code.CSV_FIELD_COUNT, "应有 " + expected + " 个字段，实有 " + actual + " 个",
        "expected " + expected + " fields, found " + actual);
  }

  static DirectoryProblem contact(String where, String zh, String en) {
    return new DirectoryProblem(where, Code.CONTACT, zh, en);
  }

  static DirectoryProblem missingField(String where) {
    return new DirectoryProblem(where, Code.MISSING_FIELD, "缺少必填字段", "required field is missing");
  }

  static DirectoryProblem unknownField(String where) {
    return new DirectoryProblem(where, Code.UNKNOWN_FIELD, "未知字段（检查拼写）", "unknown field (check the spelling)");
  }

  static DirectoryProblem wrongType(String where, String zhType, String enType) {
    return new DirectoryProblem(where, Code.WRONG_TYPE, "应为" + zhType, "must be " + enType);
  }

  static DirectoryProblem countyId(String where, String id) {
    return new DirectoryProblem(where, Code.COUNTY_ID, "县级编码须为 6 位数字，实为“" + id + "”",
        "county id must be 6 digits, got \"" + id + "\"");
  }

  static DirectoryProblem emptyName(String where, String zhWhat, String enWhat) {
    return new DirectoryProblem(where, Code.EMPTY_NAME, zhWhat + "名称不能为空", enWhat + " name must not be empty");
  }

  static DirectoryProblem noTownships(String where) {
    return new DirectoryProblem(where, Code.NO_TOWNSHIPS, "目录中没有乡镇", "the directory has no townships");
  }

  static DirectoryProblem townshipId(String where, String id) {
    return new DirectoryProblem(where, Code.TOWNSHIP_ID, "乡镇编码须为 9 位数字，实为“" + id + "”",
        "township id must be 9 digits, got \"" + id + "\"");
  }

  static DirectoryProblem townshipNotInCounty(String where, String id, String countyId) {
    return new DirectoryProblem(where, Code.TOWNSHIP_NOT_IN_COUNTY,
        "乡镇编码“" + id + "”不在县级编码 " + countyId + " 之下（应以 " + countyId + " 开头）",
        "township id \"" + id + "\" is not under county id " + countyId + " (must start with " + countyId + ")");
  }

  static DirectoryProblem duplicateTownship(String where, String id, String firstWhere) {
    return new DirectoryProblem(where, Code.DUPLICATE_TOWNSHIP, "乡镇编码“" + id + "”重复（首次出现在 " + zhPlace(firstWhere) + "）",
        "duplicate township id \"" + id + "\" (first at " + firstWhere + ")");
  }

  static DirectoryProblem townshipWithoutVillages(String where, String id) {
    return new DirectoryProblem(where, Code.TOWNSHIP_WITHOUT_VILLAGES, "乡镇“" + id + "”下没有村",
        "township \"" + id + "\" has no villages");
  }

  static DirectoryProblem townshipNameConflict(String where, String id, String name, String firstName, String firstWhere) {
    return new DirectoryProblem(where, Code.TOWNSHIP_NAME_CONFLICT,
        "乡镇 " + id + " 的名称前后不一致：此处为“" + name + "”，" + zhPlace(firstWhere) + "为“" + firstName + "”",
        "township " + id + " has inconsistent names: \"" + name + "\" here, \"" + firstName + "\" at " + firstWhere);
  }

  static DirectoryProblem villageId(String where, String id) {
    return new DirectoryProblem(where, Code.VILLAGE_ID, "村编码须为 12 位数字，实为“" + id + "”",
        "village id must be 12 digits, got \"" + id + "\"");
  }

  static DirectoryProblem villageNotInTownship(String where, String id, String townshipId) {
    return new DirectoryProblem(where, Code.VILLAGE_NOT_IN_TOWNSHIP,
        "村编码“" + id + "”不在所属乡镇编码 " + townshipId + " 之下（应以 " + townshipId + " 开头）",
        "village id \"" + id + "\" is not under its township id " + townshipId + " (must start with " + townshipId + ")");
  }

  static DirectoryProblem duplicateVillage(String where, String id, String firstWhere) {
    return new DirectoryProblem(where, Code.DUPLICATE_VILLAGE, "村编码“" + id + "”重复（首次出现在 " + zhPlace(firstWhere) + "）",
        "duplicate village id \"" + id + "\" (first at " + firstWhere + ")");
  }

  static DirectoryProblem endpointId(String where, String id, String villageId) {
    return new DirectoryProblem(where, Code.ENDPOINT_ID,
        "终端编号须为“" + villageId + "-NN”（NN 为 01–99），实为“" + id + "”",
        "endpoint id must be \"" + villageId + "-NN\" (NN from 01 to 99), got \"" + id + "\"");
  }

  static DirectoryProblem duplicateEndpoint(String where, String id, String firstWhere) {
    return new DirectoryProblem(where, Code.DUPLICATE_ENDPOINT, "终端编号“" + id + "”重复（首次出现在 " + zhPlace(firstWhere) + "）",
        "duplicate endpoint id \"" + id + "\" (first at " + firstWhere + ")");
  }

  static DirectoryProblem coordinateFormat(String where, String zhWhat, String enWhat, String value) {
    return new DirectoryProblem(where, Code.COORDINATE_FORMAT, zhWhat + "须为十进制小数（度），实为“" + value + "”",
        enWhat + " must be a decimal number of degrees, got \"" + value + "\"");
  }

  static DirectoryProblem coordinateIncomplete(String where) {
    return new DirectoryProblem(where, Code.COORDINATE_INCOMPLETE, "纬度和经度须同时填写或同时留空",
        "give both lat and lon, or neither");
  }

  static DirectoryProblem latitudeRange(String where, double value, double min, double max) {
    return new DirectoryProblem(where, Code.LATITUDE_RANGE,
        "纬度 " + value + " 超出范围（应在北纬 " + min + " 至 " + max + " 之间；是否把经纬度填反了？）",
        "latitude " + value + " is out of range (must be " + min + " to " + max + " N; lat and lon swapped?)");
  }

  static DirectoryProblem longitudeRange(String where, double value, double min, double max) {
    return new DirectoryProblem(where, Code.LONGITUDE_RANGE,
        "经度 " + value + " 超出范围（应在东经 " + min + " 至 " + max + " 之间；是否把经纬度填反了？）",
        "longitude " + value + " is out of range (must be " + min + " to " + max + " E; lat and lon swapped?)");
  }

  static DirectoryProblem sampleFormat(String where, String value) {
    return new DirectoryProblem(where, Code.SAMPLE_FORMAT, "sample 须为 true、false 或留空，实为“" + value + "”",
        "sample must be true, false or empty, got \"" + value + "\"");
  }
}
