package dev.revsync.simulators.salesforce;

import com.squareup.moshi.JsonWriter;
import dev.revsync.simulators.SimRecord;
import dev.revsync.simulators.salesforce.BoundQuery.FieldRef;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes query records as the REST API does: {@code attributes {type,url}} first, then the selected
 * fields in select order with canonical names, parent relationships as nested objects (or {@code
 * null}), compound addresses as objects. Immutable; build once per query.
 */
final class RecordJson {
  /** Selected fields grouped under their relationships, in first-mention order. */
  private static final class Node {
    final List<String> relationships;
    final Map<String, Object> entries = new LinkedHashMap<>();

    Node(List<String> relationships) {
      this.relationships = relationships;
    }
  }

  private final Node root = new Node(List.of());
  private final SfRecords records;
  private final SObjectType type;

  RecordJson(BoundQuery q, SfRecords records) {
    this.records = records;
    this.type = q.type;
    for (FieldRef ref : q.columns) {
      Node node = root;
      List<String> path = new ArrayList<>();
      for (String rel : ref.relationships()) {
        path.add(rel);
        Node parent = node;
        List<String> soFar = List.copyOf(path);
        node = (Node) parent.entries.computeIfAbsent(rel, k -> new Node(soFar));
      }
      node.entries.put(ref.field().name(), ref);
    }
  }

  void write(JsonWriter w, SimRecord r, String apiVersion) throws IOException {
    BoundQuery.Row row = new BoundQuery.Row(r, type, records);
    writeNode(w, root, row, r, type, apiVersion);
  }

  private void writeNode(
      JsonWriter w, Node node, BoundQuery.Row row, SimRecord r, SObjectType t, String apiVersion)
      throws IOException {
    w.beginObject();
    w.name("attributes")
        .beginObject()
        .name("type")
        .value(t.name())
        .name("url")
        .value("/services/data/v" + apiVersion + "/sobjects/" + t.name() + "/" + r.id())
        .endObject();
    for (Map.Entry<String, Object> e : node.entries.entrySet()) {
      w.name(e.getKey());
      if (e.getValue() instanceof FieldRef ref) {
        writeValue(w, ref.field(), row.value(ref));
      } else {
        Node child = (Node) e.getValue();
        SimRecord parent = row.parentAt(child.relationships);
        SObjectType parentType = parent == null ? null : records.schema().typeOfId(parent.id());
        if (parent == null || parentType == null) w.nullValue();
        else writeNode(w, child, row, parent, parentType, apiVersion);
      }
    }
    w.endObject();
  }

  static void writeValue(JsonWriter w, SfField f, Object value) throws IOException {
    if (value instanceof Map<?, ?> address) {
      w.beginObject();
      for (Map.Entry<?, ?> c : address.entrySet()) {
        w.name(c.getKey().toString());
        Object v = c.getValue();
        if (v == null) w.nullValue();
        else if (v instanceof BigDecimal || v instanceof Number)
          w.value(SfValues.asDecimal(v).doubleValue());
        else w.value(v.toString());
      }
      w.endObject();
      return;
    }
    SfValues.writeJson(w, f, value);
  }
}
