package org.attune.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code attune} command: one executable, one subcommand per role. */
@Command(
    name = "attune",
    mixinStandardHelpOptions = true,
    version = "attune 0.1.0",
    description = "Group music improvisation for music therapy.",
    subcommands = {
      ServeCommand.class,
      PlayCommand.class,
      FacilitateCommand.class,
      ListenCommand.class,
      RenderCommand.class,
      SessionsCommand.class
    })
public final class AttuneCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new AttuneCommand()).execute(args));
  }
}
