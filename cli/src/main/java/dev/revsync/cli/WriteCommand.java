package dev.revsync.cli;

import dev.revsync.Activity;
import dev.revsync.ConfigurationException;
import dev.revsync.Connector;
import dev.revsync.WriteItem;
import dev.revsync.WriteOutcome;
import dev.revsync.WriteRequest;
import dev.revsync.WriteResult;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * Writes enrichment fields or scores from a JSON Lines file, one {@code {"key": ..., "fields":
 * {...}}} per line, and prints a per-record outcome summary. Items a budget stopped are saved to
 * {@code <input>.backlog.jsonl} for the next run. Exit status: {@link RevsyncCli#EXIT_OK} when
 * every item was written, {@link RevsyncCli#EXIT_PARTIAL} when some were not, {@link
 * RevsyncCli#EXIT_FAILED} when none was or the write FAILED.
 */
@Command(
    name = "write",
    description = "Push enrichment fields or scores from JSON Lines; prints per-record outcomes.")
final class WriteCommand implements java.util.concurrent.Callable<Integer> {
  @Spec CommandSpec spec;
  @ParentCommand RevsyncCli cli;
  @Mixin ConnectionOption connection;

  @Option(names = "--object", required = true, description = "The object to write to.")
  String object;

  @Option(
      names = "--activity",
      defaultValue = "SCORE_EXPORT",
      description = "ENRICHMENT or SCORE_EXPORT.")
  Activity activity;

  @Option(
      names = "--upsert-on",
      description = "Upsert matching this external-id field (default: update by id).")
  String upsertOn;

  @Option(
      names = "--input",
      required = true,
      description = "JSON Lines: {\"key\": \"...\", \"fields\": {...}} per line.")
  Path input;

  @Override
  public Integer call() {
    ConnectionFile file = connection.load(cli);
    List<WriteItem> items = read(input);
    WriteRequest.Builder b = WriteRequest.builder(object, activity).items(items);
    if (upsertOn != null) b.upsertOn(upsertOn);
    WriteRequest request = b.build();
    PrintWriter o = spec.commandLine().getOut();
    try (Connector c = file.provider.open(file.config)) {
      WriteResult r = c.write(request);
      o.println(
          object
              + " "
              + activity
              + ": "
              + r.status()
              + ", "
              + r.succeeded()
              + " succeeded, "
              + r.failures().size()
              + " failed, "
              + (r.unknown().isEmpty() ? "" : r.unknown().size() + " sent with result unknown, ")
              + r.backlog().size()
              + " not sent, "
              + r.callsSpent()
              + " calls"
              + (r.failure() != null ? " — " + r.failure().getMessage() : ""));
      for (WriteOutcome f : r.failures()) {
        o.println(
            "  failed line "
                + (f.index() + 1)
                + " ("
                + f.key()
                + "): "
                + f.code()
                + " "
                + f.message()
                + (f.fields().isEmpty() ? "" : " " + f.fields()));
      }
      for (WriteOutcome u : r.unknown()) {
        o.println(
            "  line "
                + (u.index() + 1)
                + " ("
                + u.key()
                + ") was sent, result unknown: check the record "
                + "before sending it again");
      }
      if (!r.backlog().isEmpty()) {
        Path backlog = input.resolveSibling(input.getFileName() + ".backlog.jsonl");
        writeBacklog(backlog, r.backlog());
        o.println(
            "  backlog saved to "
                + backlog
                + "; run again with --input "
                + backlog
                + (r.status() == WriteResult.Status.QUOTA_EXHAUSTED
                    ? " tomorrow"
                    : " once the failure above is fixed"));
      }
      if (r.failure() == null && !r.failures().isEmpty() && r.succeeded() == 0) {
        // Every item refused one by one: no fault stopped the write, but nothing was written
        // either.
        o.println(
            "  every item failed; the first reason: "
                + r.failures().get(0).code()
                + " "
                + r.failures().get(0).message());
      }
      o.flush();
      return exitStatus(r);
    }
  }

  /**
   * FAILED, or every item refused, is a failure; anything left undone (refused items, items a
   * budget stopped, results unknown) is partial; only every item written is success.
   */
  static int exitStatus(WriteResult r) {
    if (r.status() == WriteResult.Status.FAILED) return RevsyncCli.EXIT_FAILED;
    if (!r.outcomes().isEmpty()
        && r.succeeded() == 0
        && r.backlog().isEmpty()
        && r.unknown().isEmpty()) {
      return RevsyncCli.EXIT_FAILED;
    }
    boolean allDone =
        r.status() == WriteResult.Status.COMPLETED
            && r.failures().isEmpty()
            && r.unknown().isEmpty()
            && r.backlog().isEmpty();
    return allDone ? RevsyncCli.EXIT_OK : RevsyncCli.EXIT_PARTIAL;
  }

  private static List<WriteItem> read(Path input) {
    List<WriteItem> items = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
      String line;
      int n = 0;
      while ((line = r.readLine()) != null) {
        n++;
        if (line.isBlank()) continue;
        Map<String, Object> obj;
        try {
          obj = Json.readObject(line);
        } catch (IOException e) {
          throw bad(input, "line " + n + " is not a JSON object (" + e.getMessage() + ")");
        }
        Object key = obj.get("key");
        Object fields = obj.get("fields");
        if (key == null || !(fields instanceof Map)) {
          throw bad(input, "line " + n + " needs \"key\" and an object \"fields\"");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> f = (Map<String, Object>) fields;
        items.add(WriteItem.of(key.toString(), f));
      }
    } catch (java.nio.file.NoSuchFileException e) {
      throw new ConfigurationException(
          "revsync", "write --input " + input, "no such file", "Check the path", null);
    } catch (IOException e) {
      throw bad(
          input, "cannot read it (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
    }
    return items;
  }

  private static void writeBacklog(Path path, List<WriteItem> backlog) {
    try (BufferedWriter w = Files.newBufferedWriter(path, StandardCharsets.UTF_8)) {
      for (WriteItem item : backlog) {
        okio.Buffer buffer = new okio.Buffer();
        try (com.squareup.moshi.JsonWriter jw = com.squareup.moshi.JsonWriter.of(buffer)) {
          jw.setSerializeNulls(true);
          jw.beginObject().name("key").value(item.key()).name("fields");
          Json.value(jw, item.fields());
          jw.endObject();
        }
        w.write(buffer.readUtf8());
        w.newLine();
      }
    } catch (IOException e) {
      throw bad(path, "cannot write the backlog: " + e.getMessage());
    }
  }

  private static ConfigurationException bad(Path path, String problem) {
    return new ConfigurationException(
        "revsync", "write --input " + path, problem, "Fix the file", null);
  }
}
