package dev.revsync.cli;

import dev.revsync.Activity;
import dev.revsync.ApiStyle;
import dev.revsync.ConnectorDescriptor;
import dev.revsync.ConnectorProvider;
import dev.revsync.Connectors;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Prints the connectors on the class path and the API style each uses per activity, from their
 * descriptors.
 */
@Command(
    name = "systems",
    description = "List connectors and the API style each uses per activity.")
final class SystemsCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    PrintWriter out = spec.commandLine().getOut();
    List<String[]> rows = new ArrayList<>();
    List<String> header = new ArrayList<>(List.of("connector", "name"));
    for (Activity a : Activity.values()) header.add(a.name());
    rows.add(header.toArray(String[]::new));
    for (ConnectorProvider p : Connectors.available()) {
      ConnectorDescriptor d = p.descriptor();
      List<String> row = new ArrayList<>(List.of(d.id(), d.displayName()));
      for (Activity a : Activity.values()) {
        List<ApiStyle> styles = d.apiStyles(a);
        row.add(
            styles.isEmpty()
                ? "(does not write)"
                : styles.stream().map(ApiStyle::name).collect(Collectors.joining(", ")));
      }
      rows.add(row.toArray(String[]::new));
    }
    out.print(Table.render(rows));
    for (String problem : Connectors.problems()) out.println("warning: " + problem);
    out.flush();
  }
}
