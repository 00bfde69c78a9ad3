package dev.revsync.salesforce;

import static dev.revsync.salesforce.SalesforceConfig.SYSTEM;

import dev.revsync.Activity;
import dev.revsync.ApiStyle;
import dev.revsync.FieldType;
import dev.revsync.ProtocolException;
import dev.revsync.spi.CsvRows;
import dev.revsync.spi.JobPoller;
import dev.revsync.spi.Json;
import dev.revsync.spi.Transport;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * Bulk API 2.0 query jobs (the BATCH style): create, poll, and download CSV result chunks through
 * {@code Sforce-Locator} and {@code maxRecords}, parsed as a stream. Thread-safe.
 */
final class SalesforceBulkClient {
  private static final MediaType JSON = MediaType.get("application/json; charset=UTF-8");
  private static final Activity SYNC = Activity.SYNC;

  private final Transport transport;
  private final SalesforceRestClient rest;

  SalesforceBulkClient(Transport transport, SalesforceRestClient rest) {
    this.transport = transport;
    this.rest = rest;
  }

  /** A job as created: its id and when Salesforce created it (null if not said). */
  record Job(String id, Instant createdDate) {}

  private HttpUrl jobsUrl(String apiVersion, String path) {
    return HttpUrl.get(
        rest.instanceUrl(SYNC) + "/services/data/v" + apiVersion + "/jobs/query" + path);
  }

  /**
   * {@code POST …/jobs/query}: a query job for {@code soql}; {@code queryAll} includes deleted
   * rows. Comma-delimited, LF line endings.
   */
  Job create(String apiVersion, String soql, boolean queryAll) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("operation", queryAll ? "queryAll" : "query");
    body.put("query", soql);
    body.put("contentType", "CSV");
    body.put("columnDelimiter", "COMMA");
    body.put("lineEnding", "LF");
    String call = "POST /services/data/v" + apiVersion + "/jobs/query";
    Request request =
        new Request.Builder()
            .url(jobsUrl(apiVersion, ""))
            .header("Accept", "application/json")
            .post(RequestBody.create(Json.toJson(body), JSON))
            .build();
    return transport.execute(
        SYNC,
        ApiStyle.BATCH,
        request,
        response -> {
          Map<String, Object> info = Json.readObject(response.body().source(), SYSTEM, call);
          String id = SalesforceRestClient.string(info.get("id"));
          if (id == null || id.isBlank()) {
            throw new ProtocolException(
                SYSTEM,
                call,
                "the job info has no id",
                "Report this response to Salesforce support",
                null);
          }
          return new Job(id, instant(info.get("createdDate")));
        });
  }

  /**
   * {@code GET …/jobs/query/{id}}: running while {@code UploadComplete} or {@code InProgress}; done
   * with {@code numberRecordsProcessed} at {@code JobComplete}; failed at {@code Failed} or {@code
   * Aborted}.
   */
  JobPoller.Status<Long> poll(String apiVersion, String jobId) {
    String call = "GET /services/data/v" + apiVersion + "/jobs/query/" + jobId;
    Request request = SalesforceRestClient.get(jobsUrl(apiVersion, "/" + jobId));
    return transport.execute(
        SYNC,
        ApiStyle.BATCH,
        request,
        response -> {
          Map<String, Object> info = Json.readObject(response.body().source(), SYSTEM, call);
          String state = SalesforceRestClient.string(info.get("state"));
          if (state == null) {
            throw new ProtocolException(
                SYSTEM,
                call,
                "the job info has no state",
                "Report this response to Salesforce support",
                null);
          }
          return switch (state) {
            case "JobComplete" ->
                JobPoller.Status.done(
                    info.get("numberRecordsProcessed") instanceof Number n ? n.longValue() : -1L);
            case "Failed", "Aborted" ->
                JobPoller.Status.failed(
                    "the job ended "
                        + state
                        + (info.get("errorMessage") != null
                            ? ": " + info.get("errorMessage")
                            : " (Salesforce gave no reason)"));
            default -> JobPoller.Status.running();
          };
        });
  }

  /**
   * Takes the rows of a result chunk, each read straight into an array laid out as the taker says
   * for the chunk's header (no array per row besides it).
   */
  interface ChunkRows {
    /** Each column's position in a row's values (-1: left out), asked once per chunk. */
    int[] slots(List<String> header);

    /** How many values a row has. */
    int size();

    /**
     * The type each value is read as straight from its cell, by position ({@link
     * CsvRows#nextRow(Object[], int[], FieldType[])}); null: all as text.
     */
    FieldType[] types();

    /** One row's values; the array is the taker's to keep. */
    void row(Object[] values);
  }

  /**
   * {@code GET …/jobs/query/{id}/results}: one chunk of at most {@code maxRecords} rows from {@code
   * locator} (null for the first), each row handed to {@code rows}. If the transport retries the
   * call (a dropped connection), rows already handed over are skipped, not repeated.
   *
   * @return the next chunk's locator, or null after the last chunk ({@code Sforce-Locator: null})
   */
  String results(String apiVersion, String jobId, String locator, int maxRecords, ChunkRows rows) {
    String call = "GET /services/data/v" + apiVersion + "/jobs/query/" + jobId + "/results";
    HttpUrl.Builder url =
        jobsUrl(apiVersion, "/" + jobId + "/results")
            .newBuilder()
            .addQueryParameter("maxRecords", Integer.toString(maxRecords));
    if (locator != null) url.addQueryParameter("locator", locator);
    Request request =
        new Request.Builder().url(url.build()).header("Accept", "text/csv").get().build();
    long[] handedOver = {0};
    return transport.execute(
        SYNC,
        ApiStyle.BATCH,
        request,
        response -> {
          String next = response.header("Sforce-Locator");
          String announced = response.header("Sforce-NumberOfRecords");
          long seen = 0;
          try (CsvRows csv =
              CsvRows.builder()
                  .delimiter(',')
                  .quotedEmptyAsNull(true)
                  .open(response.body().source(), SYSTEM, call)) {
            int[] slots = rows.slots(csv.header());
            Object[] values = new Object[rows.size()];
            FieldType[] types = rows.types();
            while (csv.nextRow(values, slots, types)) {
              if (++seen <= handedOver[0]) continue; // the array was not handed over: reused
              rows.row(values);
              handedOver[0]++;
              values = new Object[rows.size()];
            }
          }
          if (announced != null && !announced.isBlank()) {
            long expected;
            try {
              expected = Long.parseLong(announced.trim());
            } catch (NumberFormatException e) {
              expected = seen;
            }
            if (seen != expected) {
              // CSV cut between two rows leaves no mark but the count; an IOException makes the
              // transport retry.
              throw new IOException(
                  "truncated result chunk: Sforce-NumberOfRecords says "
                      + expected
                      + " rows, the body held "
                      + seen);
            }
          }
          if (next == null || next.isBlank() || next.trim().equalsIgnoreCase("null")) return null;
          if (next.equals(locator)) {
            throw new ProtocolException(
                SYSTEM,
                call,
                "Sforce-Locator repeats the locator just read ('" + next + "')",
                "Report this response to Salesforce support",
                null);
          }
          return next.trim();
        });
  }

  private static Instant instant(Object value) {
    if (value == null) return null;
    try {
      return RecordMapping.parseDatetime(value.toString());
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
