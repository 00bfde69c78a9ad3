package dev.revsync.cli;

import dev.revsync.Catalog;
import dev.revsync.Connector;
import dev.revsync.FieldSchema;
import dev.revsync.ObjectSchema;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** Lists the objects of a connection, or one object's fields. */
@Command(name = "discover", description = "List objects, or the fields of one object.")
final class DiscoverCommand implements Runnable {
  @Spec CommandSpec spec;
  @ParentCommand RevsyncCli cli;
  @Mixin ConnectionOption connection;

  @Option(names = "--object", description = "Show this object's fields.")
  String object;

  @Override
  public void run() {
    ConnectionFile file = connection.load(cli);
    PrintWriter out = spec.commandLine().getOut();
    List<String[]> rows = new ArrayList<>();
    try (Connector c = file.provider.open(file.config)) {
      if (object == null) {
        Catalog catalog = c.discover();
        rows.add(new String[] {"object", "label", "fields", "cursor", "deletes"});
        for (ObjectSchema o : catalog.objects()) {
          rows.add(
              new String[] {
                o.name(), o.label(), String.valueOf(o.fields().size()), o.cursorField(), o.deletes()
              });
        }
      } else {
        ObjectSchema o = c.describe(object);
        out.println(o.name() + " (cursor: " + o.cursorField() + ", deletes: " + o.deletes() + ")");
        rows.add(new String[] {"field", "type", "vendor type", "updateable", "external id"});
        for (FieldSchema f : o.fields()) {
          rows.add(
              new String[] {
                f.name(),
                f.type().name(),
                f.vendorType(),
                f.updateable() ? "yes" : "",
                f.externalId() ? "yes" : ""
              });
        }
      }
    }
    out.print(Table.render(rows));
    out.flush();
  }
}
