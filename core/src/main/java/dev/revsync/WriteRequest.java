package dev.revsync;

import java.util.List;
import java.util.Objects;

/**
 * Enrichment fields or scores to push back to one object of the system.
 *
 * <pre>{@code
 * WriteRequest request = WriteRequest.builder("Lead", Activity.SCORE_EXPORT)
 *     .upsertOn("External_Id__c")
 *     .items(List.of(WriteItem.of("ext-1", Map.of("Score__c", 87))))
 *     .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class WriteRequest {

  /** How items find their record. */
  public enum Operation {
    /** Update existing records by their id; unknown ids fail per record. */
    UPDATE,
    /** Update the record whose external-id field matches, or create it. */
    UPSERT
  }

  private final String object;
  private final Activity activity;
  private final Operation operation;
  private final String matchField;
  private final List<WriteItem> items;

  private WriteRequest(Builder b) {
    this.object = b.object;
    this.activity = b.activity;
    this.operation = b.operation;
    this.matchField = b.matchField;
    this.items = List.copyOf(b.items);
  }

  /**
   * A builder for a write to {@code object}.
   *
   * @param activity {@link Activity#ENRICHMENT} or {@link Activity#SCORE_EXPORT}
   */
  public static Builder builder(String object, Activity activity) {
    return new Builder(object, activity);
  }

  public String object() {
    return object;
  }

  public Activity activity() {
    return activity;
  }

  public Operation operation() {
    return operation;
  }

  /**
   * The field that {@link WriteItem#key()} is matched on: the id field for UPDATE, else the
   * external id.
   */
  public String matchField() {
    return matchField;
  }

  public List<WriteItem> items() {
    return items;
  }

  /**
   * A request for the same object and activity holding only {@code items} (used to resend a
   * backlog).
   */
  public WriteRequest withItems(List<WriteItem> items) {
    Builder b = new Builder(object, activity);
    b.operation = operation;
    b.matchField = matchField;
    b.items = items;
    return b.build();
  }

  @Override
  public String toString() {
    return "WriteRequest{"
        + object
        + " "
        + activity
        + " "
        + operation
        + (matchField != null ? " on " + matchField : "")
        + " items="
        + items.size()
        + "}";
  }

  /** Builds a {@link WriteRequest}. Not thread-safe. */
  public static final class Builder {
    private final String object;
    private final Activity activity;
    private Operation operation = Operation.UPDATE;
    private String matchField;
    private List<WriteItem> items = List.of();

    private Builder(String object, Activity activity) {
      if (object == null || object.isBlank()) {
        throw new IllegalArgumentException("object must not be blank: '" + object + "'");
      }
      Objects.requireNonNull(activity, "activity");
      if (!activity.isWrite()) {
        throw new IllegalArgumentException(
            "a write's activity must be ENRICHMENT or SCORE_EXPORT, not " + activity);
      }
      this.object = object;
      this.activity = activity;
    }

    /** Update by the object's id (the default). */
    public Builder update() {
      this.operation = Operation.UPDATE;
      this.matchField = null;
      return this;
    }

    /** Upsert, matching {@link WriteItem#key()} against {@code externalIdField}. */
    public Builder upsertOn(String externalIdField) {
      if (externalIdField == null || externalIdField.isBlank()) {
        throw new IllegalArgumentException("externalIdField must not be blank");
      }
      this.operation = Operation.UPSERT;
      this.matchField = externalIdField;
      return this;
    }

    public Builder items(List<WriteItem> items) {
      this.items = List.copyOf(items);
      return this;
    }

    public WriteRequest build() {
      return new WriteRequest(this);
    }
  }
}
